using System.Diagnostics.Metrics;

namespace ECommerce.Documents.Documents;

/// <summary>Documents written, found already there (a redelivery), and events passed over, by kind or reason.</summary>
public sealed class DocumentMetrics
{
    public const string MeterName = "ECommerce.Documents";

    private readonly Counter<long> _written;
    private readonly Counter<long> _alreadyThere;
    private readonly Counter<long> _skipped;
    private readonly Histogram<long> _size;

    public DocumentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("ecommerce.documents.written", description: "Order documents written to S3.");
        _alreadyThere = meter.CreateCounter<long>("ecommerce.documents.already_there", description: "Documents not written again because they exist.");
        _skipped = meter.CreateCounter<long>("ecommerce.documents.skipped", description: "Order events passed over.");
        _size = meter.CreateHistogram<long>("ecommerce.documents.size", unit: "By", description: "Size of the documents written.");
    }

    public void Written(string kind, long bytes)
    {
        _written.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _size.Record(bytes, new KeyValuePair<string, object?>("kind", kind));
    }

    public void AlreadyThere(string kind) => _alreadyThere.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Skipped(string reason) => _skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
