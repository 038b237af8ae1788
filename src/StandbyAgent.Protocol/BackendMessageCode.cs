namespace StandbyAgent.Protocol;

/// <summary>
/// The first byte of every message the server sends (PostgreSQL's <c>PqMsg_*</c> in
/// src/include/libpq/protocol.h), for protocol version 3.0.
/// </summary>
public enum BackendMessageCode : byte
{
    ParseComplete            = (byte)'1',
    BindComplete             = (byte)'2',
    CloseComplete            = (byte)'3',
    NotificationResponse     = (byte)'A',
    CommandComplete          = (byte)'C',
    DataRow                  = (byte)'D',
    ErrorResponse            = (byte)'E',
    CopyInResponse           = (byte)'G',
    CopyOutResponse          = (byte)'H',
    EmptyQueryResponse       = (byte)'I',
    BackendKeyData           = (byte)'K',
    NoticeResponse           = (byte)'N',
    AuthenticationRequest    = (byte)'R',
    ParameterStatus          = (byte)'S',
    RowDescription           = (byte)'T',
    FunctionCallResponse     = (byte)'V',
    CopyBothResponse         = (byte)'W',
    ReadyForQuery            = (byte)'Z',
    CopyDone                 = (byte)'c',
    CopyData                 = (byte)'d',
    NoData                   = (byte)'n',
    PortalSuspended          = (byte)'s',
    ParameterDescription     = (byte)'t',
    NegotiateProtocolVersion = (byte)'v',
}
