using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StandbyAgent.Tests.Metrics;

/// <summary>A logger provider that keeps every entry, to check what was logged and what never was.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Event, string Message, Exception? Error)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, EventId Event, string Message, Exception? Error)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, EventId, string, Exception?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
    }
}
