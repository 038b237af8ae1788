namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Values libpq accepts but that ask for something this client cannot do. Ignoring them would
/// quietly weaken what the operator asked for, so each one fails with the reason.
/// </summary>
internal static class ClientCapabilityRules
{
    private const string TargetSessionAttrsReason = "only \"any\", \"read-write\" and \"primary\" are supported";

    private static readonly (string Keyword, string Value, string Reason)[] s_unsupported =
    [
        ("gssencmode", "require", "GSSAPI encryption is not supported"),
        ("sslcertmode", "require", "this client cannot tell whether the server asked for its certificate"),
        ("load_balance_hosts", "random", "hosts are always tried in the order given"),
        ("target_session_attrs", "read-only", TargetSessionAttrsReason),
        ("target_session_attrs", "standby", TargetSessionAttrsReason),
        ("target_session_attrs", "prefer-standby", TargetSessionAttrsReason),
    ];

    /// <param name="valueOf">The value in effect for a keyword, or null when none is; values already passed <see cref="ConnInfoValueRules"/>.</param>
    public static void Validate(Func<string, string?> valueOf)
    {
        foreach ((string keyword, string value, string reason) in s_unsupported)
        {
            if (valueOf(keyword) == value)
            {
                throw new ConnectionSettingsException($"{keyword} value \"{value}\" cannot be honoured: {reason}");
            }
        }

        ValidateReplication(valueOf("replication"));
    }

    /// <summary>The walsender's reading of "replication": a boolean, or "database" for a logical connection.</summary>
    private static void ValidateReplication(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value == "database")
        {
            throw new ConnectionSettingsException(
                "replication value \"database\" cannot be honoured: a logical replication connection cannot stream physical WAL");
        }

        if (!PostgresBoolean.TryParse(value, out bool physical))
        {
            throw new ConnectionSettingsException($"invalid value for parameter \"replication\": \"{value}\"");
        }

        if (!physical)
        {
            throw new ConnectionSettingsException(
                $"replication value \"{value}\" cannot be honoured: WAL is streamed only over a physical replication connection");
        }
    }
}
