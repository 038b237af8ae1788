using System.Diagnostics.CodeAnalysis;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// libpq's require_auth (PostgreSQL 16): the authentication requests a server may make. A list of
/// methods allows only those, and the server must authenticate the client with one of them; a list
/// of negated methods ("!md5,!password") forbids those and allows the rest, including no
/// authentication. "none" stands for a server that asks for nothing (trust, cert).
/// </summary>
public sealed class AuthenticationPolicy
{
    private const string NoneMethod = "none";

    private static readonly (string Name, AuthenticationRequestType[] Requests)[] s_methods =
    [
        ("password", [AuthenticationRequestType.CleartextPassword]),
        ("md5", [AuthenticationRequestType.Md5Password]),
        ("gss", [AuthenticationRequestType.Gss, AuthenticationRequestType.GssContinue]),
        ("sspi", [AuthenticationRequestType.Sspi, AuthenticationRequestType.GssContinue]),
        ("scram-sha-256", [AuthenticationRequestType.Sasl, AuthenticationRequestType.SaslContinue, AuthenticationRequestType.SaslFinal]),
    ];

    /// <summary>What a negated list starts from: every request a method names.</summary>
    private static readonly HashSet<AuthenticationRequestType> s_namedRequests = [.. s_methods.SelectMany(method => method.Requests)];

    private readonly HashSet<AuthenticationRequestType> _allowed;

    private AuthenticationPolicy(string? requirement, HashSet<AuthenticationRequestType> allowed, bool authenticationRequired)
    {
        Requirement = requirement;
        _allowed = allowed;
        AuthenticationRequired = authenticationRequired;
    }

    /// <summary>No require_auth: every method this client knows, and none at all.</summary>
    public static AuthenticationPolicy Unrestricted { get; } = new(null, s_namedRequests, authenticationRequired: false);

    /// <summary>The require_auth value as given, for messages; null when unrestricted.</summary>
    public string? Requirement { get; }

    /// <summary>Whether the server must ask for something before AuthenticationOk.</summary>
    public bool AuthenticationRequired { get; }

    /// <summary>Parses require_auth with libpq's rules and messages.</summary>
    /// <param name="error">libpq's message when the value is refused.</param>
    public static bool TryParse(string requirement, [NotNullWhen(true)] out AuthenticationPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        string[] parts = requirement.Split(',');
        bool negated = parts[0].StartsWith('!');
        var allowed = negated ? new HashSet<AuthenticationRequestType>(s_namedRequests) : [];
        bool required = !negated;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string part in parts)
        {
            string method = part.StartsWith('!') ? part[1..] : part;
            if (part.StartsWith('!') != negated)
            {
                error = negated
                    ? $"require_auth method \"{part}\" cannot be mixed with negative methods"
                    : $"negative require_auth method \"{part}\" cannot be mixed with non-negative methods";
                return false;
            }

            AuthenticationRequestType[]? requests = RequestsOf(method);
            if (requests is null && method != NoneMethod)
            {
                error = $"invalid require_auth value: \"{method}\"";
                return false;
            }

            if (!seen.Add(method))
            {
                // A repeated method is likely a typo, and typos here are dangerous.
                error = $"require_auth method \"{part}\" is specified more than once";
                return false;
            }

            if (requests is null)
            {
                required = negated;
            }
            else if (negated)
            {
                allowed.ExceptWith(requests);
            }
            else
            {
                allowed.UnionWith(requests);
            }
        }

        policy = new AuthenticationPolicy(requirement, allowed, required);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether a require_auth list lets the server ask for this; AuthenticationOk is judged by
    /// <see cref="AuthenticationRequired"/> instead. Requests no method names are never allowed by a list.
    /// </summary>
    public bool Allows(AuthenticationRequestType request) => _allowed.Contains(request);

    public override string ToString() => Requirement ?? "(any)";

    private static AuthenticationRequestType[]? RequestsOf(string method)
    {
        foreach ((string name, AuthenticationRequestType[] requests) in s_methods)
        {
            if (name == method)
            {
                return requests;
            }
        }

        return null;
    }
}
