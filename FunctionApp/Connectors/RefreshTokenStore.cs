using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace FunctionApp.Connectors;

/// <summary>
/// The newest QuickBooks refresh token, kept in the blob <c>{container}/quickbooks/{realmId}</c> (container
/// <c>Integrations:QuickBooks:TokenContainer</c>, by default <c>connector-tokens</c>) so that a restarted app, or another
/// instance, refreshes with it rather than with a configured token Intuit may have retired.
/// </summary>
/// <remarks>
/// The token is encrypted with AES-GCM under a key derived (HKDF-SHA256) from the client secret, so reading the storage
/// account is not enough to use it. The record also holds the SHA-256 of the configured refresh token its chain starts
/// from: a record from another configured token (an operator re-consented) reads as no token at all.
/// </remarks>
internal sealed class RefreshTokenStore(BlobServiceClient blobs, IConfiguration configuration)
{
    /// <summary>The container used when <c>Integrations:QuickBooks:TokenContainer</c> is not set.</summary>
    public const string DefaultContainer = "connector-tokens";

    private const int Version = 1;
    private static readonly byte[] KeySalt = Encoding.UTF8.GetBytes("FunctionApp/QuickBooks/refresh-token");

    /// <summary>The SHA-256 (lower-case hex) of a configured refresh token: names its chain without revealing it.</summary>
    public static string Fingerprint(string configuredRefreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configuredRefreshToken)));

    /// <summary>
    /// The stored token of the chain <paramref name="origin"/> (null when there is none, it belongs to another chain, or
    /// it cannot be decrypted with this client secret) and the blob's ETag (null when there is no blob).
    /// </summary>
    public async Task<StoredRefreshToken> ReadAsync(IntegrationOptions settings, string origin, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(settings).DownloadContentAsync(cancellationToken);
            return new StoredRefreshToken(Decrypt(settings, origin, content.Value.Content.ToArray()), content.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return new StoredRefreshToken(null, null);
        }
    }

    /// <summary>
    /// Stores <paramref name="refreshToken"/> as the newest of chain <paramref name="origin"/> if the blob is still at
    /// <paramref name="expected"/> (null: absent); returns the new ETag, or null when another writer got there first.
    /// </summary>
    public async Task<ETag?> TryWriteAsync(IntegrationOptions settings, string origin, string refreshToken, ETag? expected, CancellationToken cancellationToken)
    {
        var blob = Blob(settings);
        var options = new BlobUploadOptions
        {
            Conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        var record = BinaryData.FromBytes(Encrypt(settings, origin, refreshToken));
        try
        {
            try
            {
                return (await blob.UploadAsync(record, options, cancellationToken)).Value.ETag;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                await blobs.GetBlobContainerClient(blob.BlobContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                return (await blob.UploadAsync(record, options, cancellationToken)).Value.ETag;
            }
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    private BlobClient Blob(IntegrationOptions settings)
    {
        var container = configuration[$"{IntegrationOptions.SectionName}:{QuickBooksClient.System}:TokenContainer"];
        return blobs.GetBlobContainerClient(string.IsNullOrWhiteSpace(container) ? DefaultContainer : container)
            .GetBlobClient($"quickbooks/{Uri.EscapeDataString(settings.RealmId ?? "default")}");
    }

    private static byte[] Encrypt(IntegrationOptions settings, string origin, string refreshToken)
    {
        var plaintext = Encoding.UTF8.GetBytes(refreshToken);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(Key(settings), tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(settings, origin));
        }

        return JsonSerializer.SerializeToUtf8Bytes(new Record(Version, origin, nonce, ciphertext, tag), JsonSerializerOptions.Web);
    }

    private static string? Decrypt(IntegrationOptions settings, string origin, byte[] stored)
    {
        try
        {
            if (JsonSerializer.Deserialize<Record>(stored, JsonSerializerOptions.Web) is not { Version: Version } record
                || record.Origin != origin
                || record.Nonce is null || record.Ciphertext is null || record.Tag is null)
            {
                return null;
            }

            var plaintext = new byte[record.Ciphertext.Length];
            using var aes = new AesGcm(Key(settings), record.Tag.Length);
            aes.Decrypt(record.Nonce, record.Ciphertext, record.Tag, plaintext, AssociatedData(settings, origin));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (Exception e) when (e is JsonException or CryptographicException or ArgumentException)
        {
            // Unreadable, or written under another client secret: as good as absent; the configured token is used.
            return null;
        }
    }

    private static byte[] Key(IntegrationOptions settings) =>
        HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            Encoding.UTF8.GetBytes(settings.ClientSecret ?? string.Empty),
            outputLength: 32,
            salt: KeySalt,
            info: Encoding.UTF8.GetBytes($"{settings.ClientId}|{settings.RealmId}"));

    // Binds the ciphertext to its company and chain, so a record cannot be moved to another blob or relabelled.
    private static byte[] AssociatedData(IntegrationOptions settings, string origin) =>
        Encoding.UTF8.GetBytes($"quickbooks|{settings.RealmId}|{origin}|v{Version}");

    /// <summary>What <see cref="ReadAsync"/> found: the usable token, if any, and the blob's ETag.</summary>
    internal sealed record StoredRefreshToken(string? RefreshToken, ETag? ETag)
    {
        // Records print their members; this one holds a secret.
        public override string ToString() => nameof(StoredRefreshToken);
    }

    private sealed record Record(int Version, string? Origin, byte[]? Nonce, byte[]? Ciphertext, byte[]? Tag);
}
