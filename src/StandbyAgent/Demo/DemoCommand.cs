using System.CommandLine;

namespace StandbyAgent.Demo;

/// <summary><c>standby-agent demo</c>: a throwaway primary, write load, live streaming.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Start a throwaway local primary, put write load on it, and stream its WAL into a local directory until Ctrl-C.");
        command.SetAction((_, _) => DemoRunner.RunAsync());
        return command;
    }
}
