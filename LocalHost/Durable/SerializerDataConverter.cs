using Azure.Core.Serialization;
using Microsoft.DurableTask;

namespace LocalHost.Durable;

/// <summary>
/// Durable payloads through the worker's serializer (<c>WorkerOptions.Serializer</c>), as the Durable extension's
/// isolated worker does, so inputs, outputs and custom status read the same in both hosts.
/// </summary>
internal sealed class SerializerDataConverter(ObjectSerializer serializer) : DataConverter
{
    public override string? Serialize(object? value) =>
        value is null ? null : serializer.Serialize(value, value.GetType(), CancellationToken.None).ToString();

    public override object? Deserialize(string? data, Type targetType) =>
        data is null ? null : serializer.Deserialize(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data), writable: false), targetType, CancellationToken.None);
}
