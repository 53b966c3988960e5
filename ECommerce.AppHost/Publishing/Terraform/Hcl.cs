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
    private int _depth;

    public static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string List(IEnumerable<string> expressions) => "[" + string.Join(", ", expressions) + "]";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>An object expression, one attribute per line (keys quoted when they are not identifiers).</summary>
    public static string Map(IEnumerable<(string Key, string Value)> entries, int depth) =>
        "{\n" + string.Concat(entries.Select(e => new string(' ', (depth + 1) * 2) + Key(e.Key) + " = " + e.Value + "\n")) + new string(' ', depth * 2) + "}";

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

    public Hcl Attribute(string name, string expression) => Line($"{name} = {expression}");

    public Hcl Block(string type, IEnumerable<string> labels, Action<Hcl> body)
    {
        Line(string.Join(" ", labels.Select(Str).Prepend(type)) + " {");
        _depth++;
        body(this);
        _depth--;
        return Line("}");
    }

    public Hcl Block(string type, Action<Hcl> body) => Block(type, [], body);

    public Hcl Resource(string type, string name, Action<Hcl> body) => Block("resource", [type, name], body).Blank();

    public Hcl Blank()
    {
        _text.Append('\n');
        return this;
    }

    private Hcl Line(string text)
    {
        _text.Append(new string(' ', _depth * 2)).Append(text).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>A Terraform name for a model name: ecommerce-order-outbox → ecommerce_order_outbox.</summary>
    public static string Name(string modelName) => modelName.Replace('-', '_').Replace('.', '_');
}
