using System.Diagnostics;
using OpenTelemetry;

namespace FunctionApp.Telemetry;

/// <summary>
/// Puts the Durable instance id (and so the order reference) on every span of an instance's work: the SDK's own spans
/// carry it under its name, and the spans started inside them (outgoing calls) inherit it from their parent.
/// </summary>
internal sealed class InstanceTagProcessor : BaseProcessor<Activity>
{
    private const string DurableInstanceTag = "durabletask.task.instance_id";

    public override void OnStart(Activity data) => Tag(data);

    // The SDK sets its tags after the span started.
    public override void OnEnd(Activity data) => Tag(data);

    private static void Tag(Activity activity)
    {
        if (activity.GetTagItem(IntegrationTelemetry.InstanceIdTag) is not null)
        {
            return;
        }

        var instanceId = activity.GetTagItem(DurableInstanceTag) as string;
        for (var parent = activity.Parent; instanceId is null && parent is not null; parent = parent.Parent)
        {
            instanceId = parent.GetTagItem(IntegrationTelemetry.InstanceIdTag) as string ?? parent.GetTagItem(DurableInstanceTag) as string;
        }

        if (instanceId is not null)
        {
            activity.SetTag(IntegrationTelemetry.InstanceIdTag, instanceId);
            activity.SetTag(IntegrationTelemetry.OrderReferenceTag, instanceId);
        }
    }
}
