namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// PostgreSQL's MD5 password response: "md5" + hex(md5(hex(md5(password + user)) + salt)).
/// PLACEHOLDER: being implemented; see the SCRAM work item.
/// </summary>
public static class Md5Password
{
    public static byte[] Compute(string user, Password password, ReadOnlySpan<byte> salt) => throw new NotImplementedException();
}
