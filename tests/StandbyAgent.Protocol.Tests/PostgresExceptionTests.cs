using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Protocol.Tests;

public sealed class PostgresExceptionTests
{
    [Theory]
    [InlineData("FATAL", true)]
    [InlineData("PANIC", true)]
    [InlineData("ERROR", false)]
    [InlineData("WARNING", false)]
    public void Fatal_and_panic_end_the_session(string severity, bool fatal)
    {
        Assert.Equal(fatal, new PostgresException(new PostgresNotice(severity, "57P01", "m", null, null)).IsFatal);
    }

    [Fact]
    public void Sqlstate_and_message_come_from_the_notice()
    {
        var notice = new PostgresNotice("FATAL", "57P01", "terminating connection due to administrator command", null, null);

        var error = new PostgresException(notice);

        Assert.Equal(PostgresNotice.AdminShutdown, error.SqlState);
        Assert.Equal("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)", error.Message);
        Assert.Same(notice, error.Notice);
    }
}
