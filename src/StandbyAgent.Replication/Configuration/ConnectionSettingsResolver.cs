using System.Globalization;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Applies libpq's precedence to produce <see cref="ConnectionSettings"/>: explicit overrides (the
/// command line's -h, -p, -U...) over the connection string over the service file section over
/// environment variables over defaults; then the password from the password file when none was given.
/// </summary>
public sealed class ConnectionSettingsResolver
{
    private const string OverrideSource = "command line";
    private const string ConnectionStringSource = "connection string";

    private readonly IConnectionEnvironment _environment;
    private readonly ILogger _logger;

    /// <param name="logger">Receives the password file warnings; never a secret.</param>
    public ConnectionSettingsResolver(IConnectionEnvironment environment, ILogger logger)
    {
        _environment = environment;
        _logger = logger;
    }

    /// <param name="connectionString">primary_conninfo or pg_receivewal's -d value: keyword=value pairs or a URI; null or empty for none.</param>
    /// <param name="overrides">
    /// Keywords that win over everything, as PQconnectdbParams takes them; a null or empty value
    /// counts as not given.
    /// </param>
    /// <exception cref="ConnectionSettingsException">Something libpq would reject, or this client cannot do.</exception>
    public ConnectionSettings Resolve(string? connectionString, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Dictionary<string, SourcedValue> parameters = CollectParameters(connectionString, overrides);
        string? ValueOf(string keyword) => parameters.TryGetValue(keyword, out SourcedValue parameter) ? parameter.Value : null;

        ConnInfoValueRules.Validate(ValueOf);
        ClientCapabilityRules.Validate(ValueOf);
        IReadOnlyList<HostEndpoint> endpoints = EndpointListBuilder.Build(ValueOf("host"), ValueOf("hostaddr"), ValueOf("port"));
        string user = NonEmpty(ValueOf("user")) ?? _environment.UserName;

        Password? password = null;
        string? passwordSource = null;
        Dictionary<HostEndpoint, Password> passfilePasswords = [];

        // An empty password counts as none, so the password file is still consulted, as in libpq.
        if (parameters.TryGetValue("password", out SourcedValue given) && given.Value.Length > 0)
        {
            password = new Password(given.Value);
            passwordSource = given.Source;
        }
        else if (PassfilePath(ValueOf("passfile")) is { } passfile)
        {
            passfilePasswords = LookUpPassfile(passfile, endpoints, user);
            password = passfilePasswords.GetValueOrDefault(endpoints[0]);
            passwordSource = passfilePasswords.Count > 0 ? passfile : null;
        }

        return new ConnectionSettings
        {
            Endpoints = endpoints,
            User = user,
            Password = password,
            PasswordSource = passwordSource,
            PassfilePasswords = passfilePasswords,
            ApplicationName = NonEmpty(ValueOf("application_name")),
            FallbackApplicationName = NonEmpty(ValueOf("fallback_application_name")),
            ConnectTimeout = ConnInfoValueRules.ToConnectTimeout(ValueOf("connect_timeout")),
            SslMode = ConnInfoValueRules.ToSslMode(ValueOf),
            Tls = TlsSettingsBuilder.Build(ValueOf, _environment.HomeDirectory),
            ChannelBinding = ConnInfoValueRules.ToChannelBinding(ValueOf("channel_binding")),
            RequireAuth = ConnInfoValueRules.ToRequireAuth(ValueOf("require_auth")),
            SslPassword = NonEmpty(ValueOf("sslpassword")) is { } sslPassword ? new Password(sslPassword) : null,
            WithRsocket = ConnInfoValueRules.WithRsocket(ValueOf("with_rsocket")),
            Options = BuildOptions(ValueOf, user),
        };
    }

    /// <summary>
    /// Every keyword given anywhere, each from the highest layer that sets it. A value set to "" in a
    /// layer still hides the lower layers, as in libpq.
    /// </summary>
    private Dictionary<string, SourcedValue> CollectParameters(string? connectionString, IReadOnlyDictionary<string, string?>? overrides)
    {
        var parameters = new Dictionary<string, SourcedValue>(StringComparer.Ordinal);
        foreach ((string keyword, string? value) in overrides ?? new Dictionary<string, string?>())
        {
            if (ConnInfoKeywords.Find(keyword) is null)
            {
                throw new ConnectionSettingsException($"invalid connection option \"{keyword}\"");
            }

            if (!string.IsNullOrEmpty(value))
            {
                parameters[keyword] = new SourcedValue(value, OverrideSource);
            }
        }

        // A keyword repeated in a connection string takes its last value: walk backwards, keep the first seen.
        IReadOnlyList<ConnInfoPair> pairs = string.IsNullOrEmpty(connectionString) ? [] : ConnInfoParser.Parse(connectionString);
        for (int i = pairs.Count - 1; i >= 0; i--)
        {
            parameters.TryAdd(pairs[i].Keyword, new SourcedValue(pairs[i].Value, ConnectionStringSource));
        }

        string? service = parameters.TryGetValue("service", out SourcedValue named) ? named.Value : _environment.GetVariable("PGSERVICE");
        if (service is not null)
        {
            ServiceDefinition definition = ServiceFileLookup.Find(service, _environment);
            foreach (ConnInfoPair pair in definition.Parameters)
            {
                parameters.TryAdd(pair.Keyword, new SourcedValue(pair.Value, $"service file \"{definition.Path}\""));
            }
        }

        foreach (ConnInfoKeyword keyword in ConnInfoKeywords.All)
        {
            if (keyword.EnvironmentVariable is { } variable && _environment.GetVariable(variable) is { } value)
            {
                parameters.TryAdd(keyword.Name, new SourcedValue(value, variable));
            }
        }

        // The deprecated PGREQUIRESSL still demands TLS below PGSSLMODE; ignoring it would weaken the connection.
        if (!parameters.ContainsKey("sslmode") && _environment.GetVariable("PGREQUIRESSL") is ['1', ..])
        {
            parameters.Add("sslmode", new SourcedValue("require", "PGREQUIRESSL"));
        }

        return parameters;
    }

    private string? PassfilePath(string? given) =>
        NonEmpty(given) ?? (_environment.HomeDirectory is { } home ? Path.Combine(home, ConnectionDefaults.PassfileName) : null);

    /// <summary>libpq looks each server up separately, so servers may have different passwords.</summary>
    private Dictionary<HostEndpoint, Password> LookUpPassfile(string path, IReadOnlyList<HostEndpoint> endpoints, string user)
    {
        var found = new Dictionary<HostEndpoint, Password>();
        char[]? content = PassfileReader.Read(path, _logger);
        if (content is null)
        {
            return found;
        }

        try
        {
            foreach (HostEndpoint endpoint in endpoints.Distinct())
            {
                if (PassfileParser.FindPassword(content, endpoint.Host, endpoint.Port, ConnectionDefaults.Database, user) is { } password)
                {
                    found.Add(endpoint, password);
                }
            }
        }
        finally
        {
            Array.Clear(content);
        }

        return found;
    }

    /// <summary>
    /// The keywords in effect in libpq's order, secrets left out, with the defaults this client applied
    /// for the server, port, user and sslmode.
    /// </summary>
    private static Dictionary<string, string> BuildOptions(Func<string, string?> valueOf, string user)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ConnInfoKeyword keyword in ConnInfoKeywords.All)
        {
            if (keyword.IsSecret)
            {
                continue;
            }

            string? value = keyword.Name switch
            {
                "user" => user,
                "host" => NonEmpty(valueOf("host")) ?? (NonEmpty(valueOf("hostaddr")) is null ? ConnectionDefaults.SocketDirectory : null),
                "port" => NonEmpty(valueOf("port")) ?? ConnectionDefaults.Port.ToString(CultureInfo.InvariantCulture),
                "sslmode" => ConnInfoValueRules.SslModeKeyword(valueOf),
                _ => valueOf(keyword.Name),
            };
            if (value is not null)
            {
                options.Add(keyword.Name, value);
            }
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private readonly record struct SourcedValue(string Value, string Source);
}
