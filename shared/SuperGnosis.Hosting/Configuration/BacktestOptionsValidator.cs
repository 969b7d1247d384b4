using Microsoft.Extensions.Options;
using SuperGnosis.Core.Backtesting;

namespace SuperGnosis.Hosting.Configuration;

/// <summary><c>SuperGnosis:Backtest</c>: every rule of <see cref="BacktestOptions.Problems"/>, each naming its key.</summary>
internal sealed class BacktestOptionsValidator : IValidateOptions<BacktestOptions>
{
    public ValidateOptionsResult Validate(string? name, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsCheck(SuperGnosisSections.Backtest);
        foreach (var problem in options.Problems())
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            check.That(false, problem[..colon], problem[(colon + 1)..].TrimStart());
        }
        return check.Result();
    }
}
