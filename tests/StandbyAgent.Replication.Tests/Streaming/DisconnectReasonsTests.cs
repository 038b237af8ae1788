using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Replication.Streaming;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>How an attempt's error is labelled, and whether only an operator can fix it.</summary>
public sealed class DisconnectReasonsTests
{
    [Theory]
    [InlineData("28P01", "password authentication failed for user \"replicator\"", DisconnectReason.AuthenticationFailed, true)]
    [InlineData("28000", "no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user \"replicator\", no encryption", DisconnectReason.AuthenticationFailed, true)]
    [InlineData("57P01", "terminating connection due to administrator command", DisconnectReason.ServerError, false)]
    [InlineData("57P03", "the database system is starting up", DisconnectReason.ServerError, false)]
    [InlineData("53300", "sorry, too many clients already", DisconnectReason.ServerError, false)]
    public void A_login_the_server_refuses_needs_an_operator_and_other_server_errors_pass(string sqlState, string message, DisconnectReason reason, bool needsOperator)
    {
        var error = new PostgresException(new PostgresNotice("FATAL", sqlState, message, null, null));

        Assert.Equal(reason, DisconnectReasons.Classify(error));
        Assert.Equal(needsOperator, DisconnectReasons.NeedsOperator(error));
    }

    [Fact]
    public void A_server_authentication_the_client_refuses_is_an_authentication_failure_for_an_operator()
    {
        var error = new PostgresAuthenticationException("channel binding required, but SSL not in use");

        Assert.Equal(DisconnectReason.AuthenticationFailed, DisconnectReasons.Classify(error));
        Assert.True(DisconnectReasons.NeedsOperator(error));
    }
}
