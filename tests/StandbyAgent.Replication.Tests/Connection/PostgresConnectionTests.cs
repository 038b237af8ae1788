using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Replication.Tests.Connection;

/// <summary>Opening, using and closing a session: startup, authentication, simple queries, goodbye.</summary>
public sealed class PostgresConnectionTests
{
    private static readonly TimeSpan s_timerSlack = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Introduces_itself_as_a_physical_replication_client_speaking_protocol_3()
    {
        await using var harness = new ConnectionHarness();
        Task<PostgresConnection> opening = harness.StartOpening();

        FakeServerConnection server = await harness.AcceptAsync();
        StartupRequest startup = await server.CompleteStartupAsync();
        await using PostgresConnection connection = await opening.WaitAsync(harness.Deadline);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["user"] = FakeServerSettings.User,
                ["database"] = "replication",
                ["replication"] = "true",
                ["application_name"] = FakeServerSettings.ApplicationName,
            },
            startup.Parameters);
        Assert.Equal(15, connection.ServerMajorVersion);
        Assert.Equal(FakeServerConnection.ServerVersion, connection.ServerParameters["server_version"]);
    }

    [Fact]
    public async Task Sends_the_cleartext_password_the_server_asks_for()
    {
        await using var harness = new ConnectionHarness();
        Task<PostgresConnection> opening = harness.StartOpening(FakeServerSettings.For(harness.Server, password: "correct horse"));

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync(requiredPassword: "correct horse");

        await using PostgresConnection connection = await opening.WaitAsync(harness.Deadline);
        Assert.Equal(15, connection.ServerMajorVersion);
    }

    [Fact]
    public async Task A_refused_password_surfaces_as_the_servers_error()
    {
        await using var harness = new ConnectionHarness();
        Task<PostgresConnection> opening = harness.StartOpening(FakeServerSettings.For(harness.Server, password: "wrong"));

        FakeServerConnection server = await harness.AcceptAsync();
        await server.ExpectStartupAsync();
        await server.WriteAuthenticationCleartextPassword().FlushAsync();
        await server.ExpectPasswordAsync();
        await server.WriteError("FATAL", "28P01", "password authentication failed for user \"walreceiver\"").FlushAsync();
        server.CloseOutput();

        PostgresException error = await Assert.ThrowsAsync<PostgresException>(() => opening.WaitAsync(harness.Deadline));
        await server.ExpectDisconnectAsync();
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task Without_a_password_it_gives_up_instead_of_answering_a_password_request()
    {
        await using var harness = new ConnectionHarness();
        Task<PostgresConnection> opening = harness.StartOpening();

        FakeServerConnection server = await harness.AcceptAsync();
        await server.ExpectStartupAsync();
        await server.WriteAuthenticationCleartextPassword().FlushAsync();

        PostgresAuthenticationException error = await Assert.ThrowsAsync<PostgresAuthenticationException>(() => opening.WaitAsync(harness.Deadline));
        await server.ExpectDisconnectAsync();
        Assert.Contains("none was given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_silent_after_the_startup_message_is_given_up_at_connect_timeout()
    {
        var connectTimeout = TimeSpan.FromSeconds(2);
        await using var harness = new ConnectionHarness();
        long started = Stopwatch.GetTimestamp();
        Task<PostgresConnection> opening = harness.StartOpening(FakeServerSettings.For(harness.Server, connectTimeout: connectTimeout));

        FakeServerConnection server = await harness.AcceptAsync();
        await server.ExpectStartupAsync();

        TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(() => opening.WaitAsync(harness.Deadline));
        await server.ExpectDisconnectAsync();

        // .NET's timers count in whole ticks of a coarser clock than Stopwatch's, so they may fire
        // a few milliseconds before the full interval has passed by Stopwatch (1.998 s was seen).
        Assert.InRange(Stopwatch.GetElapsedTime(started), connectTimeout - s_timerSlack, connectTimeout * 3);
        Assert.Contains("connect_timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tries_the_next_host_when_the_first_refuses_the_connection()
    {
        await using var harness = new ConnectionHarness();
        HostEndpoint refusing = new(FakeWalSender.Address, FakeWalSender.Address, ClosedPort());
        HostEndpoint listening = FakeServerSettings.EndpointOf(harness.Server);
        Task<PostgresConnection> opening = harness.StartOpening(FakeServerSettings.For([refusing, listening]));

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();

        await using PostgresConnection connection = await opening.WaitAsync(harness.Deadline);
        Assert.Equal(listening, connection.Endpoint);
    }

    [Fact]
    public async Task Says_goodbye_with_Terminate_every_time_it_is_disposed()
    {
        // Losing the goodbye is a race, so one connection proves little: ten must all say it.
        const int Connections = 10;
        await using var harness = new ConnectionHarness();
        int goodbyes = 0;
        for (int i = 0; i < Connections; i++)
        {
            Task<PostgresConnection> opening = harness.StartOpening();
            FakeServerConnection server = await harness.AcceptAsync();
            await server.CompleteStartupAsync();
            PostgresConnection connection = await opening.WaitAsync(harness.Deadline);

            await connection.DisposeAsync();

            await server.ExpectDisconnectAsync();
            goodbyes += server.TerminateReceived ? 1 : 0;
        }

        Assert.Equal(Connections, goodbyes);
    }

    [Fact]
    public async Task An_error_answer_is_thrown_after_ReadyForQuery_and_the_connection_stays_usable()
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<QueryResult> failing = connection.Connection.QueryAsync("SHOW no_such_setting", harness.Deadline);
        await server.ExpectQueryAsync("SHOW no_such_setting");
        await server.WriteError("ERROR", "42704", "unrecognized configuration parameter \"no_such_setting\"").WriteReadyForQuery().FlushAsync();
        PostgresException error = await Assert.ThrowsAsync<PostgresException>(() => failing);

        Task<int> segmentSize = connection.ShowWalSegmentSizeAsync(harness.Deadline);
        await server.AnswerShowAsync("wal_segment_size", "16MB");

        Assert.Equal("42704", error.SqlState);
        Assert.Equal(16 * 1024 * 1024, await segmentSize);
    }

    [Fact]
    public async Task Notices_and_parameter_changes_inside_an_answer_are_not_part_of_the_result()
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<int> segmentSize = connection.ShowWalSegmentSizeAsync(harness.Deadline);
        await server.ExpectQueryAsync("SHOW wal_segment_size");
        await server.WriteNotice("the walsender has something to say")
            .WriteRowDescription(("wal_segment_size", BackendMessages.TextOid))
            .WriteParameterStatus("application_name", "renamed")
            .WriteDataRow("1MB")
            .WriteNotice("and more")
            .WriteCommandComplete("SHOW")
            .WriteReadyForQuery()
            .FlushAsync();

        Assert.Equal(1024 * 1024, await segmentSize);
    }

    /// <summary>A loopback port nobody listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
