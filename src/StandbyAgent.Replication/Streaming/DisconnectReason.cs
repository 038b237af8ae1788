using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Storage;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Streaming;

/// <summary>Why a streaming connection ended: the label of the reconnect counter and the log line.</summary>
public enum DisconnectReason
{
    /// <summary>The server ended the stream (it is shutting down) or closed the connection.</summary>
    ServerShutdown,
    /// <summary>The connection could not be made, or broke at the network level.</summary>
    ConnectionLost,
    /// <summary>The server stayed silent past the receiver timeout.</summary>
    ReceiverTimeout,
    /// <summary>The server answered with an error (WAL removed, walsender terminated, slot in use).</summary>
    ServerError,
    /// <summary>Authentication failed or was refused.</summary>
    AuthenticationFailed,
    /// <summary>The server broke the protocol.</summary>
    ProtocolViolation,
    /// <summary>WAL could not be written or made durable.</summary>
    StorageError,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Sorts the exceptions a streaming attempt ends with into <see cref="DisconnectReason"/>s.</summary>
public static class DisconnectReasons
{
    /// <summary>Invalid authorization specification: SQLSTATE class 28.</summary>
    private const string AuthorizationClass = "28";

    public static DisconnectReason Classify(Exception? error) => error switch
    {
        null => DisconnectReason.ServerShutdown,
        _ when IsRefusedLogin(error) => DisconnectReason.AuthenticationFailed,
        PostgresException => DisconnectReason.ServerError,
        TimeoutException => DisconnectReason.ReceiverTimeout,
        ProtocolViolationException => DisconnectReason.ProtocolViolation,
        WalStorageException => DisconnectReason.StorageError,
        TransportException => DisconnectReason.ConnectionLost,
        IOException => DisconnectReason.ConnectionLost,
        _ => DisconnectReason.Other,
    };

    /// <summary>
    /// Errors no retry can fix until an operator changes the configuration, the directory or the
    /// server. The receive command stops on them; run mode keeps retrying (the primary may be
    /// fixed meanwhile) but logs them as errors that say what to do.
    /// </summary>
    public static bool NeedsOperator(Exception error) =>
        error is ReplicationSetupException or ConnectionSettingsException or NotSupportedException
            or WalStorageException { IsOutOfSpace: false } or ArgumentException
        || IsRefusedLogin(error);

    /// <summary>The server refused the login (a wrong password, no pg_hba.conf entry), or the client refused the server's authentication.</summary>
    private static bool IsRefusedLogin(Exception error) =>
        error is PostgresAuthenticationException
        || (error is PostgresException { SqlState: var state } && state.StartsWith(AuthorizationClass, StringComparison.Ordinal));

    /// <summary>snake_case, for metric labels.</summary>
    public static string Label(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.ServerShutdown => "server_shutdown",
        DisconnectReason.ConnectionLost => "connection_lost",
        DisconnectReason.ReceiverTimeout => "receiver_timeout",
        DisconnectReason.ServerError => "server_error",
        DisconnectReason.AuthenticationFailed => "authentication_failed",
        DisconnectReason.ProtocolViolation => "protocol_violation",
        DisconnectReason.StorageError => "storage_error",
        _ => "other",
    };
}
