using System.Globalization;
using System.Text;

namespace SuperGnosis.Infra.Tests.Arm;

/// <summary>
/// A parsed ARM template language expression (the text between the brackets of <c>"[...]"</c>): function calls,
/// string and integer literals, property access (<c>.name</c>) and indexing (<c>[expr]</c>). Only the grammar; what a
/// function does is <see cref="ArmFunctions"/>'s job.
/// </summary>
public abstract record ArmExpression
{
    /// <summary>Parses an expression (without the surrounding brackets). Throws <see cref="FormatException"/> naming the position.</summary>
    public static ArmExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var expression = parser.ParseExpression();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw new FormatException($"unexpected '{text[parser.Position]}' at {parser.Position} in [{text}]");
        }
        return expression;
    }

    /// <summary>
    /// True when a template string is an expression: it starts with <c>[</c> and ends with <c>]</c> but does not start
    /// with <c>[[</c> (the escape for a literal string that starts with a bracket).
    /// </summary>
    public static bool IsExpression(string value) =>
        value.Length >= 2 && value[0] == '[' && value[^1] == ']' && value[1] != '[';

    /// <summary>A literal template string with the <c>[[</c> escape removed.</summary>
    public static string Unescape(string value) => value.StartsWith("[[", StringComparison.Ordinal) ? value[1..] : value;

    public sealed record Literal(object? Value) : ArmExpression;

    public sealed record Call(string Name, IReadOnlyList<ArmExpression> Arguments) : ArmExpression;

    public sealed record Property(ArmExpression Target, string Name) : ArmExpression;

    public sealed record Index(ArmExpression Target, ArmExpression Key) : ArmExpression;

    private sealed class Parser(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public ArmExpression ParseExpression()
        {
            var expression = ParsePrimary();
            while (true)
            {
                SkipWhitespace();
                if (Accept('.'))
                {
                    expression = new Property(expression, ParseIdentifier());
                }
                else if (Accept('['))
                {
                    var key = ParseExpression();
                    Expect(']');
                    expression = new Index(expression, key);
                }
                else
                {
                    return expression;
                }
            }
        }

        private ArmExpression ParsePrimary()
        {
            SkipWhitespace();
            if (AtEnd)
            {
                throw new FormatException($"expression ends early: [{text}]");
            }
            var c = text[Position];
            if (c == '\'')
            {
                return new Literal(ParseString());
            }
            if (char.IsAsciiDigit(c) || (c == '-' && Position + 1 < text.Length && char.IsAsciiDigit(text[Position + 1])))
            {
                var start = Position++;
                while (!AtEnd && char.IsAsciiDigit(text[Position]))
                {
                    Position++;
                }
                return new Literal(long.Parse(text[start..Position], CultureInfo.InvariantCulture));
            }
            var name = ParseIdentifier();
            SkipWhitespace();
            Expect('(');
            var arguments = new List<ArmExpression>();
            SkipWhitespace();
            if (!Accept(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipWhitespace();
                }
                while (Accept(','));
                Expect(')');
            }
            return new Call(name, arguments);
        }

        private string ParseString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException($"unterminated string in [{text}]");
                }
                var c = text[Position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (!AtEnd && text[Position] == '\'')
                {
                    value.Append('\'');
                    Position++;
                }
                else
                {
                    return value.ToString();
                }
            }
        }

        private string ParseIdentifier()
        {
            SkipWhitespace();
            var start = Position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[Position]) || text[Position] == '_'))
            {
                Position++;
            }
            if (start == Position)
            {
                throw new FormatException($"identifier expected at {start} in [{text}]");
            }
            return text[start..Position];
        }

        private bool Accept(char c)
        {
            SkipWhitespace();
            if (!AtEnd && text[Position] == c)
            {
                Position++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!Accept(c))
            {
                throw new FormatException($"'{c}' expected at {Position} in [{text}]");
            }
        }
    }
}
