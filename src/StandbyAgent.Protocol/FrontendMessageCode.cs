namespace StandbyAgent.Protocol;

/// <summary>The first byte of the messages this client sends.</summary>
public enum FrontendMessageCode : byte
{
    Query           = (byte)'Q',
    /// <summary>PasswordMessage, SASLInitialResponse and SASLResponse all use 'p'.</summary>
    PasswordMessage = (byte)'p',
    CopyData        = (byte)'d',
    CopyDone        = (byte)'c',
    CopyFail        = (byte)'f',
    Terminate       = (byte)'X',
}
