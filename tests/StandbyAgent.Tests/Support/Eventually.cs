namespace StandbyAgent.Tests.Support;

/// <summary>Polls a condition that a concurrent process makes true, with a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> whatWasExpected)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"after {timeout.TotalSeconds} s: {whatWasExpected()}");
            }

            await Task.Delay(100);
        }
    }
}
