using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Sandbox.Storage;

namespace Sandbox.QuickBooks;

/// <summary>
/// The rotating refresh tokens of the simulated Intuit OAuth 2.0 server (<c>Sandbox:QuickBooks:RotateRefreshTokens</c>):
/// one valid token at a time, kept in the <c>{TablePrefix}oauth</c> table so that it survives a restart. Each refresh
/// with the valid token issues a new one and retires it.
/// </summary>
/// <remarks>
/// The configured <c>Sandbox:QuickBooks:RefreshToken</c> starts the chain; the row remembers a SHA-256 of the one it
/// descends from, so configuring another one (a re-consent) restarts the chain from it.
/// </remarks>
internal sealed class RefreshTokenChain(SandboxTables tables)
{
    private const string Partition = "quickbooks";
    private const string Row = "refresh-token";
    private const string TokenColumn = "Token";
    private const string OriginColumn = "Origin";

    /// <summary>
    /// Exchanges <paramref name="presented"/> for the next token of the chain that starts at <paramref name="configured"/>;
    /// null when <paramref name="presented"/> is not the valid one (retired, unknown, or beaten by a concurrent refresh).
    /// </summary>
    public async Task<string?> RotateAsync(string presented, string configured, CancellationToken cancellationToken)
    {
        var table = await tables.OAuth.GetAsync(cancellationToken);
        var origin = TableKeys.Hash(configured);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        var row = found.HasValue ? found.Value : null;
        var valid = row is not null && row.GetString(OriginColumn) == origin ? row.GetString(TokenColumn) ?? configured : configured;
        if (!FixedTimeEquals(presented, valid))
        {
            return null;
        }

        var next = "sandbox-rt-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var entity = new TableEntity(Partition, Row) { [TokenColumn] = next, [OriginColumn] = origin };
        try
        {
            if (row is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // Another refresh with the same token won: the token it presented is retired now.
            return null;
        }

        return next;
    }

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(actual), System.Text.Encoding.UTF8.GetBytes(expected));
}
