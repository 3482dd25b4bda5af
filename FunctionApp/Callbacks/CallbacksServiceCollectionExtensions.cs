namespace FunctionApp.Callbacks;

/// <summary>Registers signed completion callbacks: their settings, the URL policy and the HTTP client they are sent with.</summary>
internal static class CallbacksServiceCollectionExtensions
{
    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallbackUrlPolicy>();
        services.AddHttpClient(nameof(DeliverCallback)).ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // The policy checks the address the connection goes to; through a proxy, that would be the proxy's.
            UseProxy = false,
            ConnectCallback = provider.GetRequiredService<CallbackUrlPolicy>().ConnectAsync,
        });
        return services;
    }
}
