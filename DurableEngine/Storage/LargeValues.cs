using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace DurableEngine.Storage;

/// <summary>
/// Keeps string properties within the table limit (32K characters): a larger value goes to a blob under the
/// instance's folder and the row keeps its name in <c>{Property}Blob</c>.
/// </summary>
internal sealed class LargeValues(BlobContainerClient container)
{
    public const int MaxInlineChars = 30_000;

    public async Task SetAsync(TableEntity entity, string property, string? value, string instanceId, CancellationToken cancellationToken)
    {
        entity.Remove(property);
        entity.Remove(property + "Blob");
        if (value is null)
        {
            return;
        }

        if (value.Length <= MaxInlineChars)
        {
            entity[property] = value;
            return;
        }

        var blobName = $"{instanceId}/{Guid.NewGuid():N}.json";
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(value), overwrite: true, cancellationToken);
        entity[property + "Blob"] = blobName;
    }

    public async Task<string?> GetAsync(TableEntity entity, string property, CancellationToken cancellationToken)
    {
        var blobName = entity.GetString(property + "Blob");
        if (blobName is null)
        {
            return entity.GetString(property);
        }

        var content = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString();
    }

    public async Task DeleteInstanceBlobsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}
