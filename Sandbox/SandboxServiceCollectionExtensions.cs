using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox.Storage;

namespace Sandbox;

/// <summary>Registers the sandbox's services.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sandbox's state store and binds <see cref="SandboxOptions"/> from the <c>Sandbox</c> configuration section.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Applied after the configuration section, so it wins over it.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>
    /// All state lives in Azure Table storage, reached through the <see cref="Azure.Data.Tables.TableServiceClient"/>
    /// the app registers. The tables are created on first use.
    /// </remarks>
    public static IServiceCollection AddSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        var options = services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(
                o => SandboxOptions.IsValidTablePrefix(o.TablePrefix),
                $"Sandbox:TablePrefix must be letters and digits, start with a letter and be at most {SandboxOptions.MaxTablePrefixLength} characters long.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxTables>();
        services.TryAddSingleton<StockStore>();
        services.TryAddSingleton<CustomerStore>();
        services.TryAddSingleton<FaultStore>();
        services.TryAddSingleton<RequestLog>();
        services.TryAddSingleton<Erp.ErpLedger>();
        return services;
    }
}
