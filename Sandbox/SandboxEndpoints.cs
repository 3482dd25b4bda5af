using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Acme;
using Sandbox.Control;
using Sandbox.CreditBureau;
using Sandbox.Crm;
using Sandbox.Erp;
using Sandbox.Http;
using Sandbox.Inventory;
using Sandbox.QuickBooks;
using Sandbox.Ses;
using Sandbox.Storage;

namespace Sandbox;

/// <summary>Maps the sandbox's simulated systems and its control surface.</summary>
public static class SandboxEndpoints
{
    /// <summary>
    /// Maps the simulated systems (<c>inventory</c>, <c>quickbooks</c>, <c>ses</c>, <c>acme</c>, <c>crm-a</c>,
    /// <c>crm-b</c>, <c>crm-c</c>, <c>credit-bureau</c>, <c>erp</c>) and, for each of them,
    /// the control endpoints <c>{system}/faults</c> and <c>{system}/requests</c> under <paramref name="prefix"/>.
    /// </summary>
    /// <param name="app">The app's endpoint route builder.</param>
    /// <param name="prefix">The route prefix of every sandbox endpoint.</param>
    /// <returns>The route group of the sandbox; it has no endpoints when <see cref="SandboxOptions.Enabled"/> is false.</returns>
    /// <remarks>
    /// The endpoints allow anonymous access and are left out of API descriptions: they are a test fixture, never
    /// something to expose outside Development. Requires <see cref="SandboxServiceCollectionExtensions.AddSandbox"/>.
    /// </remarks>
    public static RouteGroupBuilder MapSandbox(this IEndpointRouteBuilder app, string prefix = "/sandbox")
    {
        if (app.ServiceProvider.GetService<SandboxTables>() is null)
        {
            throw new InvalidOperationException("The sandbox's services are missing: call services.AddSandbox() before app.MapSandbox().");
        }

        var group = app.MapGroup(prefix);
        if (!app.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            return group;
        }

        group.AllowAnonymous().ExcludeFromDescription();
        group.AddEndpointFilter<SandboxErrorFilter>();

        group.MapInventory();
        group.MapQuickBooks();
        group.MapSes();
        group.MapAcme();
        group.MapCrms();
        group.MapCreditBureau();
        group.MapErp();
        group.MapFaultControl();
        group.MapRequestLog();
        return group;
    }
}
