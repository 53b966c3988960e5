using System.Globalization;
using System.Text.RegularExpressions;

namespace ECommerce.Tests.Harness;

/// <summary>One sample of a Prometheus text exposition: the metric's name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name, "");
}

/// <summary>Reads a <c>/metrics</c> page, so tests can ask for a series whatever order its labels come in.</summary>
public static partial class PrometheusScrape
{
    public static async Task<List<PrometheusSample>> ReadAsync(string metricsUrl)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(metricsUrl);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } match)
            {
                continue;
            }
            var labels = Label().Matches(match.Groups["labels"].Value)
                .ToDictionary(l => l.Groups["name"].Value, l => Regex.Unescape(l.Groups["value"].Value));
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels,
                double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    // name{labels} value [timestamp]
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[^ ]+)( \d+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(""""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)"""")]
    private static partial Regex Label();
}
