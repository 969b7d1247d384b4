using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// Collects validation failures of one options section, each naming its full configuration key
/// (<c>SuperGnosis:Engines:Hedge:RiskFreeRate = 5 must be in [-0.05, 0.25]</c>). The key is taken from the checked
/// expression: <c>o.News.HalfLife</c> in section S is <c>S:News:HalfLife</c>. NaN and infinities fail every range.
/// </summary>
internal sealed class OptionsCheck(string section)
{
    private readonly List<string> _failures = [];

    public OptionsCheck Range(double value, double min, double max, string? unit = null, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (!(value >= min && value <= max))
        {
            Fail(expression, Show(value), $"must be in [{Show(min)}, {Show(max)}]{(unit is null ? string.Empty : " (" + unit + ")")}");
        }
        return this;
    }

    public OptionsCheck Positive(double value, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            Fail(expression, Show(value), "must be a finite number > 0");
        }
        return this;
    }

    public OptionsCheck NonNegative(double value, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            Fail(expression, Show(value), "must be a finite number >= 0");
        }
        return this;
    }

    public OptionsCheck Fraction(double value, [CallerArgumentExpression(nameof(value))] string expression = "") =>
        Range(value, 0, 1, null, expression);

    public OptionsCheck AtLeast(int value, int min, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (value < min)
        {
            Fail(expression, value.ToString(CultureInfo.InvariantCulture), $"must be at least {min.ToString(CultureInfo.InvariantCulture)}");
        }
        return this;
    }

    public OptionsCheck Positive(TimeSpan value, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (value <= TimeSpan.Zero)
        {
            Fail(expression, value.ToString("c", CultureInfo.InvariantCulture), "must be a positive duration");
        }
        return this;
    }

    /// <summary>A rule across keys: fails with <paramref name="rule"/> when <paramref name="holds"/> is false.</summary>
    public OptionsCheck That(bool holds, string key, string rule)
    {
        if (!holds)
        {
            _failures.Add($"{section}:{key} {rule}");
        }
        return this;
    }

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>The configuration key of an expression such as <c>o.News.HalfLife</c>: <c>{section}:News:HalfLife</c>.</summary>
    internal string KeyOf(string expression)
    {
        var dot = expression.IndexOf('.', StringComparison.Ordinal);
        var path = dot < 0 ? expression : expression[(dot + 1)..];
        return section + ":" + path.Replace('.', ':');
    }

    private void Fail(string expression, string value, string rule) => _failures.Add($"{KeyOf(expression)} = {value} {rule}");

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
