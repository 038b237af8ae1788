using System.Buffers.Binary;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Frontend;

namespace StandbyAgent.Relay;

/// <summary>
/// Follows both directions of a relayed TCP session just far enough to find the client's rsocket
/// request ('R', length 4) once the server has said ReadyForQuery. Everything else passes
/// unchanged; an encrypted or cancel session is passed on without looking. No I/O here: the
/// relay feeds it what it read and forwards what it is told to.
/// </summary>
internal sealed class HandshakeInspector
{
    private const int SslRequestCode = SslRequest.RequestCode;
    private const int GssEncRequestCode = (1234 << 16) | 5680;
    private const int CancelRequestCode = (1234 << 16) | 5678;

    /// <summary>Untyped packets: Int32 length and Int32 code. Typed messages: code byte and Int32 length.</summary>
    private const int PacketHeaderLength = 8;
    private const int MessageHeaderLength = 5;

    private readonly Lock _lock = new();
    private readonly FrameCursor _fromClient = new(PacketHeaderLength);
    private readonly FrameCursor _fromServer = new(MessageHeaderLength);
    private bool _awaitingEncryptionAnswer;
    private bool _opaque;
    private bool _readyForQuery;
    private int _requestBytes;

    /// <summary>Inspects bytes the client sent.</summary>
    /// <returns>How many of them, from the start, go to the server; the rest belong to the rsocket request.</returns>
    /// <exception cref="InvalidDataException">The client sent an 'R' that is not the rsocket request, or sent more after it.</exception>
    public int FromClient(ReadOnlySpan<byte> data, out bool rsocketRequested)
    {
        lock (_lock)
        {
            rsocketRequested = false;
            for (int offset = 0; offset < data.Length;)
            {
                if (_opaque)
                {
                    return data.Length;
                }

                if (_requestBytes > 0 || IsRequestStart(data[offset]))
                {
                    rsocketRequested = ReadRequest(data[offset..]);
                    return offset;
                }

                offset += _fromClient.Consume(data[offset..], out ReadOnlySpan<byte> header);
                if (!header.IsEmpty)
                {
                    OnClientHeader(header);
                }
            }

            return data.Length;
        }
    }

    /// <summary>Inspects bytes the server sent; all of them go to the client.</summary>
    public void FromServer(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            for (int offset = 0; offset < data.Length && !_opaque;)
            {
                if (_awaitingEncryptionAnswer)
                {
                    OnEncryptionAnswer(data[offset]);
                    offset++;
                    continue;
                }

                offset += _fromServer.Consume(data[offset..], out ReadOnlySpan<byte> header);
                if (!header.IsEmpty)
                {
                    _readyForQuery |= header[0] == (byte)BackendMessageCode.ReadyForQuery;
                    _fromServer.Skip(BinaryPrimitives.ReadInt32BigEndian(header[1..]) - sizeof(int));
                }
            }
        }
    }

    private bool IsRequestStart(byte next) =>
        _readyForQuery && _fromClient.AtFrameStart && _fromClient.HeaderLength == MessageHeaderLength && next == (byte)RsocketRequestMessage.Code;

    /// <returns>True once the whole request has been seen.</returns>
    private bool ReadRequest(ReadOnlySpan<byte> data)
    {
        // The code byte, then a length word that must be 4 (no body), then nothing more.
        foreach (byte value in data)
        {
            if (_requestBytes == RsocketRequestMessage.Length)
            {
                throw new InvalidDataException("the client sent data after its rsocket request");
            }

            if (_requestBytes > 0 && value != (_requestBytes == RsocketRequestMessage.Length - 1 ? sizeof(int) : 0))
            {
                throw new InvalidDataException("the client sent an 'R' message that is not an rsocket request");
            }

            _requestBytes++;
        }

        return _requestBytes == RsocketRequestMessage.Length;
    }

    private void OnClientHeader(ReadOnlySpan<byte> header)
    {
        if (_fromClient.HeaderLength == MessageHeaderLength)
        {
            _fromClient.Skip(BinaryPrimitives.ReadInt32BigEndian(header[1..]) - sizeof(int));
            return;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(header);
        switch (BinaryPrimitives.ReadInt32BigEndian(header[4..]))
        {
            case SslRequestCode or GssEncRequestCode:
                _awaitingEncryptionAnswer = true;
                break;
            case CancelRequestCode:
                _opaque = true;
                break;
            default:
                // The startup packet: typed messages follow.
                _fromClient.Skip(length - PacketHeaderLength);
                _fromClient.HeaderLength = MessageHeaderLength;
                break;
        }
    }

    /// <summary>One byte: 'N' lets the client try again in the clear; anything else (TLS, GSS, an error) is not ours to read.</summary>
    private void OnEncryptionAnswer(byte answer)
    {
        _awaitingEncryptionAnswer = false;
        _opaque = answer != SslRequest.Refused;
    }
}
