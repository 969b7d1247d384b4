using SuperGnosis.Cli;

return await GnosisCli.RunAsync(args, CliContext.FromConsole()).ConfigureAwait(false);
