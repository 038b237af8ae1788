using System.CommandLine;
using System.CommandLine.Parsing;

namespace StandbyAgent.Cli;

/// <summary>pg_receivewal's -v: each repetition asks for one more level of logging.</summary>
internal static class VerboseOption
{
    public static Option<bool> Create() => new("--verbose", "-v") { Description = "output verbose messages (repeat for more)", Arity = ArgumentArity.Zero };

    /// <summary>How many times -v or --verbose was given; the option's own value only says whether it was.</summary>
    public static int Count(ParseResult parsed) => parsed.Tokens.Count(t => t.Type == TokenType.Option && t.Value is "-v" or "--verbose");
}
