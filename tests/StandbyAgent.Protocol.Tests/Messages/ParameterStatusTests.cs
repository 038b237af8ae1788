using System.Text;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class ParameterStatusTests
{
    [Theory]
    [InlineData("server_version", "17.2 (Debian 17.2-1.pgdg120+1)")]
    [InlineData("integer_datetimes", "on")]
    [InlineData("application_name", "")]
    public void Name_and_value_are_read(string name, string value)
    {
        Assert.Equal(new ParameterStatus(name, value), Parse(BackendMessages.ParameterStatus(name, value)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("server_version")]
    [InlineData("server_version\0")]
    [InlineData("server_version\017.2")]
    [InlineData("server_version\017.2\0x")]
    public void Truncated_or_padded_status_is_a_protocol_violation(string payload)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(Encoding.UTF8.GetBytes(payload)));
    }

    private static ParameterStatus Parse(byte[] payload) => ParameterStatus.Parse(Segments.Single(payload));
}
