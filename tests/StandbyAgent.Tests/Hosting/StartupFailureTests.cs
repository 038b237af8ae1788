using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StandbyAgent.Hosting;
using StandbyAgent.Replication.ServerConfiguration;

namespace StandbyAgent.Tests.Hosting;

public sealed class StartupFailureTests
{
    [Fact]
    public void A_value_the_binder_cannot_convert_is_a_configuration_error()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Delay", "soon")]).Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => configuration.Get<Settings>());

        Assert.True(StartupFailure.IsConfigurationError(error));
    }

    [Fact]
    public void Validation_failures_and_the_standbys_configuration_are_configuration_errors()
    {
        Assert.True(StartupFailure.IsConfigurationError(new OptionsValidationException("Receiver", typeof(object), ["bad"])));
        Assert.True(StartupFailure.IsConfigurationError(new ServerConfigurationException(null, "primary_conninfo is not set")));
        Assert.True(StartupFailure.IsConfigurationError(new AggregateException(new OptionsValidationException("a", typeof(object), ["x"]), new OptionsValidationException("b", typeof(object), ["y"]))));
    }

    [Fact]
    public void Other_failures_are_not()
    {
        Assert.False(StartupFailure.IsConfigurationError(new InvalidOperationException("a bug")));
        Assert.False(StartupFailure.IsConfigurationError(new IOException("address in use")));
        Assert.False(StartupFailure.IsConfigurationError(new AggregateException(new OptionsValidationException("a", typeof(object), ["x"]), new IOException("y"))));
    }

    private sealed class Settings
    {
        public TimeSpan Delay { get; set; }
    }
}
