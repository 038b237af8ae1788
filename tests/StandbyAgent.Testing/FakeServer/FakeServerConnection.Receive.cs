using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing.FakeServer;

public sealed partial class FakeServerConnection
{
    /// <summary>The client only sends small messages; anything larger is a broken client, not something to buffer.</summary>
    private const int MaxFrontendMessageLength = 1024 * 1024;

    /// <summary>
    /// Reads the untyped startup packets (encryption requests, then the StartupMessage), then typed
    /// messages, until the client closes its end or the connection breaks; status updates are
    /// recorded as they arrive.
    /// </summary>
    private async Task ReceiveAsync()
    {
        try
        {
            FrontendMessage? message = await ReceiveMessageAsync(typed: false);
            while (message is not null)
            {
                Publish(message);
                message = await ReceiveMessageAsync(typed: !message.IsEncryptionRequest);
            }

            _endOfInput = "the client closed the connection";
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or ProtocolViolationException)
        {
            _endOfInput = $"the connection ended: {ex.Message}";
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <returns>The message, or null at a clean end of stream between messages.</returns>
    private async Task<FrontendMessage?> ReceiveMessageAsync(bool typed)
    {
        int headerLength = typed ? 5 : 4;
        byte[] header = new byte[headerLength];
        int read = await _stream.ReadAtLeastAsync(header, headerLength, throwOnEndOfStream: false, _closing.Token);
        if (read == 0)
        {
            return null;
        }

        if (read < headerLength)
        {
            throw new EndOfStreamException("the client closed the connection in the middle of a message header");
        }

        byte code = typed ? header[0] : FrontendMessage.StartupPacket;
        int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(headerLength - sizeof(int)));
        if (length < sizeof(int) || length > MaxFrontendMessageLength)
        {
            throw new ProtocolViolationException($"the client sent a message of type 0x{code:X2} with length {length}");
        }

        byte[] payload = new byte[length - sizeof(int)];
        await _stream.ReadExactlyAsync(payload, _closing.Token);
        return new FrontendMessage(code, payload, Stopwatch.GetTimestamp());
    }

    private void Publish(FrontendMessage message)
    {
        if (message.IsCopyData(ReplicationMessageCode.StandbyStatusUpdate))
        {
            ReceivedStatusUpdate update = ReceivedStatusUpdate.Parse(message);
            lock (_statusUpdates)
            {
                _statusUpdates.Add(update);
            }
        }
        else if (message.IsCopyData(ReplicationMessageCode.HotStandbyFeedback))
        {
            Interlocked.Increment(ref _hotStandbyFeedbacks);
        }
        else if (message.Is(FrontendMessageCode.Terminate))
        {
            _terminateReceived = true;
        }

        _received.Writer.TryWrite(message);
    }
}
