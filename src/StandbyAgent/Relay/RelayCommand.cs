using System.CommandLine;
using System.Globalization;
using System.Net;
using StandbyAgent.Cli;

namespace StandbyAgent.Relay;

/// <summary>
/// <c>standby-agent relay</c>: runs on a vanilla PostgreSQL primary's host and answers Postgres
/// Pro's rsocket request for it, so with_rsocket clients reach that primary over RDMA.
/// </summary>
internal static class RelayCommand
{
    private static readonly Option<string> s_listen = new("--listen") { Description = "ADDR:PORT to accept PostgreSQL clients on (TCP); ADDR must be on an RDMA interface", Required = true };
    private static readonly Option<string> s_target = new("--target") { Description = "HOST:PORT of the PostgreSQL server to forward to", Required = true };
    private static readonly Option<bool> s_verbose = VerboseOption.Create();

    public static Command Create()
    {
        var command = new Command("relay", "Forward PostgreSQL connections to a server and serve Postgres Pro's with_rsocket request for it, over RDMA.")
        {
            s_listen, s_target, s_verbose,
        };
        command.SetAction((parsed, _) =>
        {
            string? problem = TryRead(parsed, out RelayOptions? options);
            return problem is null ? RelayRunner.RunAsync(options!) : Task.FromResult(StandbyAgentCommandLine.Usage(problem));
        });
        return command;
    }

    private static string? TryRead(ParseResult parsed, out RelayOptions? options)
    {
        options = null;
        string listen = parsed.GetValue(s_listen)!;
        if (!IPEndPoint.TryParse(listen, out IPEndPoint? listenEndPoint) || listenEndPoint.Port == 0)
        {
            return $"invalid listen address \"{listen}\": give a numeric ADDR:PORT, such as 10.0.0.5:5433 ([ADDR]:PORT for IPv6)";
        }

        string target = parsed.GetValue(s_target)!;
        int colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int targetPort) || targetPort is < 1 or > 65535)
        {
            return $"invalid target \"{target}\": give HOST:PORT, such as 127.0.0.1:5432";
        }

        options = new RelayOptions
        {
            Listen = listenEndPoint,
            TargetHost = target[..colon].Trim('[', ']'),
            TargetPort = targetPort,
            Verbosity = VerboseOption.Count(parsed),
        };
        return null;
    }
}
