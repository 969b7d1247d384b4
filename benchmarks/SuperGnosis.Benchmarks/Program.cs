using BenchmarkDotNet.Running;

// Run a suite: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*Greeks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
