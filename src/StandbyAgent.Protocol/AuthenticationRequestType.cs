namespace StandbyAgent.Protocol;

/// <summary>The Int32 that follows the length in an Authentication ('R') message.</summary>
public enum AuthenticationRequestType
{
    Ok                = 0,
    KerberosV5        = 2,
    CleartextPassword = 3,
    Md5Password       = 5,
    Gss               = 7,
    GssContinue       = 8,
    Sspi              = 9,
    Sasl              = 10,
    SaslContinue      = 11,
    SaslFinal         = 12,
}
