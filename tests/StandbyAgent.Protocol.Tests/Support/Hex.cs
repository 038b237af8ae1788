namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>Expected wire bytes written as readable hex ("51 00 00 00 14 ...").</summary>
public static class Hex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
