using Microsoft.Extensions.Logging;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>One log call as the code under test made it.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message);

/// <summary>An <see cref="ILogger"/> that keeps every entry, from any thread, for assertions.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<LogEntry> WithEventId(int id) => [.. Entries.Where(entry => entry.EventId.Id == id)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new LogEntry(logLevel, eventId, formatter(state, exception));
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
