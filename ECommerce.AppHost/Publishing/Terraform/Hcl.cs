using System.Globalization;
using System.Text;

namespace ECommerce.AppHost.Publishing.Terraform;

/// <summary>
/// A small writer of Terraform's HCL: blocks with labels, attributes whose values are expressions, nested blocks.
/// Values are expressions as written (<c>var.region</c>, <c>aws_sqs_queue.x.arn</c>); <see cref="Str"/> makes a string literal.
/// </summary>
public sealed class Hcl
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, string Expression)> _attributes = [];
    private int _depth;

    public static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string List(IEnumerable<string> expressions) => "[" + string.Join(", ", expressions) + "]";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>An object expression, one attribute per line (keys quoted when they are not identifiers).</summary>
    public static string Map(IEnumerable<(string Key, string Value)> entries, int depth)
    {
        var keyed = entries.Select(e => (Key: Key(e.Key), e.Value)).ToList();
        var width = keyed.Count == 0 ? 0 : keyed.Max(e => e.Key.Length);
        return "{\n" + string.Concat(keyed.Select(e => new string(' ', (depth + 1) * 2) + e.Key.PadRight(width) + " = " + e.Value + "\n"))
            + new string(' ', depth * 2) + "}";
    }

    private static string Key(string key) => key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && !char.IsAsciiDigit(key[0]) ? key : Str(key);

    public int Depth => _depth;

    public Hcl Comment(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line("# " + line);
        }
        return this;
    }

    /// <summary>An attribute; consecutive ones line up their <c>=</c> as <c>terraform fmt</c> does.</summary>
    public Hcl Attribute(string name, string expression)
    {
        if (expression.Contains('\n'))
        {
            // A value over several lines stands apart from the groups around it.
            return Line($"{name} = {expression}");
        }
        _attributes.Add((name, expression));
        return this;
    }

    private void FlushAttributes()
    {
        var width = _attributes.Count == 0 ? 0 : _attributes.Max(a => a.Name.Length);
        foreach (var (name, expression) in _attributes)
        {
            _text.Append(new string(' ', _depth * 2)).Append(name.PadRight(width)).Append(" = ").Append(expression).Append('\n');
        }
        _attributes.Clear();
    }

    public Hcl Block(string type, IEnumerable<string> labels, Action<Hcl> body)
    {
        Line(string.Join(" ", labels.Select(Str).Prepend(type)) + " {");
        _depth++;
        body(this);
        FlushAttributes();
        _depth--;
        return Line("}");
    }

    public Hcl Block(string type, Action<Hcl> body) => Block(type, [], body);

    public Hcl Resource(string type, string name, Action<Hcl> body) => Block("resource", [type, name], body).Blank();

    public Hcl Blank()
    {
        FlushAttributes();
        _text.Append('\n');
        return this;
    }

    private Hcl Line(string text)
    {
        FlushAttributes();
        _text.Append(new string(' ', _depth * 2)).Append(text).Append('\n');
        return this;
    }

    public override string ToString()
    {
        FlushAttributes();
        return _text.ToString();
    }

    /// <summary>A Terraform name for a model name: ecommerce-order-outbox → ecommerce_order_outbox.</summary>
    public static string Name(string modelName) => modelName.Replace('-', '_').Replace('.', '_');
}
