namespace StandbyAgent.Tests.Support;

/// <summary>Polls a condition that a concurrent process makes true, with a deadline.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> whatWasExpected) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, whatWasExpected);

    /// <summary>For a condition that has to ask over the network (an HTTP endpoint, a query API).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> whatWasExpected)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"after {timeout.TotalSeconds} s: {whatWasExpected()}");
            }

            await Task.Delay(100);
        }
    }
}
