using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace ECommerce.AppHost.Publishing;

/// <summary>
/// YAML for files that are not Kubernetes objects (kustomizations, the SAM template): plain, no anchors, and a
/// string that a YAML 1.1 reader would take for something else (a date such as CloudFormation's
/// <c>2010-09-09</c>, a number, a boolean) quoted.
/// </summary>
public static partial class YamlFiles
{
    public static ISerializer Serializer { get; } = new SerializerBuilder()
        .DisableAliases()
        .WithQuotingNecessaryStrings()
        .WithEventEmitter(next => new QuoteDates(next))
        .Build();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex DateLike();

    private sealed class QuoteDates(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && DateLike().IsMatch(text))
            {
                eventInfo.Style = ScalarStyle.SingleQuoted;
            }
            base.Emit(eventInfo, emitter);
        }
    }
}
