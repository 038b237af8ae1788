using StandbyAgent.Cli;

return await StandbyAgentCommandLine.RunAsync(args);
