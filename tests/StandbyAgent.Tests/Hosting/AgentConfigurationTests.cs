using Microsoft.Extensions.Configuration;
using StandbyAgent.Hosting;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Hosting;

public sealed class AgentConfigurationTests
{
    [Fact]
    public void The_command_line_wins_over_the_settings_file()
    {
        using var directory = new TempDirectory();
        string settings = Path.Combine(directory.Path, "agent.json");
        File.WriteAllText(settings, """{ "Receiver": { "Timeout": "00:00:20", "StatusInterval": "00:00:05" } }""");

        using ConfigurationManager configuration = AgentConfiguration.Build(settings, ["--Receiver:Timeout=00:00:30"]);

        Assert.Equal("00:00:30", configuration["Receiver:Timeout"]);
        Assert.Equal("00:00:05", configuration["Receiver:StatusInterval"]);
    }

    [Fact]
    public void A_section_of_a_settings_file_the_agent_does_not_read_is_an_error_naming_it()
    {
        using var directory = new TempDirectory();
        string settings = Path.Combine(directory.Path, "agent.json");
        File.WriteAllText(settings, """{ "Receiver": { "Timeout": "00:00:20" }, "Reconect": { "FirstDelay": "00:00:05" } }""");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => AgentConfiguration.Build(settings, []));

        Assert.Equal("unknown settings section \"Reconect\" (in Reconect:FirstDelay): the sections are Receiver, Reconnect, Log, Metrics", error.Message);
    }

    [Fact]
    public void Section_names_are_matched_as_the_binder_matches_them_and_a_top_level_value_is_no_section()
    {
        using ConfigurationManager configuration = AgentConfiguration.Build(null, ["--receiver:Timeout=00:00:30", "--LIBRDMACM=/opt/librdmacm.so.1"]);

        Assert.Equal("00:00:30", configuration["Receiver:Timeout"]);
    }

    [Fact]
    public void A_missing_settings_file_is_an_error_naming_it()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => AgentConfiguration.Build("/nonexistent/agent.json", []));

        Assert.Contains("/nonexistent/agent.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_settings_file_that_is_not_json_is_an_error_naming_it()
    {
        using var directory = new TempDirectory();
        string settings = Path.Combine(directory.Path, "agent.json");
        File.WriteAllText(settings, "Receiver: { Timeout: 30 ");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => AgentConfiguration.Build(settings, []));

        Assert.Contains(settings, error.Message, StringComparison.Ordinal);
    }
}
