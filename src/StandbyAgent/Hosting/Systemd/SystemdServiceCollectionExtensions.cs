using Microsoft.Extensions.DependencyInjection;

namespace StandbyAgent.Hosting.Systemd;

internal static class SystemdServiceCollectionExtensions
{
    /// <summary>Notifications to systemd, when it started the agent with NOTIFY_SOCKET set; nothing otherwise.</summary>
    public static IServiceCollection AddSystemdNotifications(this IServiceCollection services)
    {
        if (SystemdNotifier.FromEnvironment() is { } notifier)
        {
            services.AddSingleton(notifier);
            services.AddHostedService<SystemdNotificationService>();
        }

        return services;
    }
}
