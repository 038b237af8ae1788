using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>Query ('Q'): the simple query protocol, the only one a walsender accepts.</summary>
public static class QueryMessage
{
    public static void Write(IBufferWriter<byte> output, string sql)
    {
        int length = FrontendWriter.CStringLength(sql, "a query");
        FrontendWriter.WriteHeader(output, FrontendMessageCode.Query, length);
        FrontendWriter.WriteCString(output, sql);
    }
}
