using BenchmarkDotNet.Running;
using StandbyAgent.Benchmarks;

// Release build, results outside the source tree:
//   dotnet run -c Release --project tests/StandbyAgent.Benchmarks --artifacts-path /tmp/art-bench -- --filter '*Scrape*' --artifacts /tmp/bdn
//   dotnet run -c Release --project tests/StandbyAgent.Benchmarks --artifacts-path /tmp/art-bench -- --filter '*Parser*' --artifacts /tmp/bdn
BenchmarkSwitcher.FromAssembly(typeof(ScrapeBenchmarks).Assembly).Run(args);
