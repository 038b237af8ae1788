using System.Buffers;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using Xunit;
using Xunit.Sdk;

namespace StandbyAgent.Testing.FakeServer;

public sealed partial class FakeServerConnection
{
    /// <summary>The next message from the client, whatever it is.</summary>
    /// <param name="expectation">What the script waits for, for the failure message.</param>
    public async Task<FrontendMessage> ReadMessageAsync(string expectation)
    {
        try
        {
            if (await _received.Reader.WaitToReadAsync(_deadline) && _received.Reader.TryRead(out FrontendMessage? message))
            {
                return message;
            }
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"the deadline passed while the fake walsender waited for {expectation}");
        }

        throw new XunitException($"the fake walsender waited for {expectation}, but {_endOfInput}");
    }

    /// <summary>
    /// The StartupMessage, which must ask for protocol 3.0. An SSLRequest before it is refused
    /// ('N'): the fake speaks plain text only.
    /// </summary>
    public async Task<StartupRequest> ExpectStartupAsync()
    {
        FrontendMessage message = await ReadMessageAsync("a StartupMessage");
        if (message.IsEncryptionRequest)
        {
            EncryptionRequested = true;
            await WriteRaw([(byte)'N']).FlushAsync();
            message = await ReadMessageAsync("a StartupMessage after encryption was refused");
        }

        Assert.Equal(FrontendMessage.StartupPacket, message.Code);
        Assert.False(message.IsEncryptionRequest, "the client asked for encryption again after it was refused");
        StartupRequest startup = StartupRequest.Parse(message.Payload);
        Assert.Equal(StartupRequest.ProtocolVersion3, startup.ProtocolVersion);
        return startup;
    }

    /// <summary>The next message, which must be of type <paramref name="code"/>.</summary>
    public async Task<FrontendMessage> ExpectMessageAsync(FrontendMessageCode code)
    {
        FrontendMessage message = await ReadMessageAsync($"a '{(char)code}' message");
        return message.Is(code) ? message : throw new XunitException($"the fake walsender expected a '{(char)code}' message, the client sent {message}");
    }

    /// <summary>A Query with exactly this text.</summary>
    public async Task ExpectQueryAsync(string expected) => Assert.Equal(expected, await ExpectAnyQueryAsync());

    /// <summary>A Query, whatever its text; returns the text.</summary>
    public async Task<string> ExpectAnyQueryAsync() => ReadCString(await ExpectMessageAsync(FrontendMessageCode.Query), "Query");

    /// <summary>A PasswordMessage; returns the cleartext password.</summary>
    public async Task<string> ExpectPasswordAsync() => ReadCString(await ExpectMessageAsync(FrontendMessageCode.PasswordMessage), "PasswordMessage");

    /// <summary>
    /// Reads standby status updates (and hot standby feedback) until one satisfies
    /// <paramref name="until"/> (the next one when null); any other message breaks the script.
    /// </summary>
    public async Task<ReceivedStatusUpdate> ExpectStatusUpdateAsync(Func<ReceivedStatusUpdate, bool>? until = null)
    {
        while (true)
        {
            FrontendMessage message = await ReadMessageAsync("a standby status update");
            if (message.IsCopyData(ReplicationMessageCode.HotStandbyFeedback))
            {
                continue;
            }

            if (!message.IsCopyData(ReplicationMessageCode.StandbyStatusUpdate))
            {
                throw new XunitException($"the fake walsender expected a standby status update, the client sent {message}");
            }

            ReceivedStatusUpdate update = ReceivedStatusUpdate.Parse(message);
            if (until is null || until(update))
            {
                return update;
            }
        }
    }

    /// <summary>Skips other CopyData messages until one of type <paramref name="code"/> arrives.</summary>
    public async Task<FrontendMessage> ExpectCopyDataAsync(ReplicationMessageCode code)
    {
        while (true)
        {
            FrontendMessage message = await ReadMessageAsync($"CopyData '{(char)code}'");
            if (message.IsCopyData(code))
            {
                return message;
            }

            if (!message.Is(FrontendMessageCode.CopyData))
            {
                throw new XunitException($"the fake walsender expected CopyData '{(char)code}', the client sent {message}");
            }
        }
    }

    /// <summary>The client's CopyDone; status updates and feedback may come first.</summary>
    public async Task ExpectCopyDoneAsync()
    {
        while (true)
        {
            FrontendMessage message = await ReadMessageAsync("CopyDone");
            if (message.Is(FrontendMessageCode.CopyDone))
            {
                return;
            }

            if (!message.Is(FrontendMessageCode.CopyData))
            {
                throw new XunitException($"the fake walsender expected CopyDone, the client sent {message}");
            }
        }
    }

    /// <summary>
    /// Waits until the client has closed its end. CopyData, CopyDone and Terminate may come first;
    /// anything else (a query above all) means the client carried on when it should have stopped.
    /// </summary>
    public async Task ExpectDisconnectAsync()
    {
        try
        {
            while (await _received.Reader.WaitToReadAsync(_deadline))
            {
                while (_received.Reader.TryRead(out FrontendMessage? message))
                {
                    if (!message.Is(FrontendMessageCode.CopyData) && !message.Is(FrontendMessageCode.CopyDone) && !message.Is(FrontendMessageCode.Terminate))
                    {
                        throw new XunitException($"the fake walsender expected the client to disconnect, but it sent {message}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new XunitException("the deadline passed while the fake walsender waited for the client to disconnect");
        }
    }

    private static string ReadCString(FrontendMessage message, string name)
    {
        var reader = new PayloadReader(new ReadOnlySequence<byte>(message.Payload), name);
        string text = reader.ReadCString();
        reader.EnsureEnd();
        return text;
    }
}
