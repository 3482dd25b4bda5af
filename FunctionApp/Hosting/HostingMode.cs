using System.Globalization;

namespace FunctionApp.Hosting;

/// <summary>
/// How this process runs: standalone (its own queue dispatchers, Kestrel where configured), as an Azure Functions custom
/// handler (the host started it with <see cref="PortVariable"/> set and delivers the queue messages), or only writing the
/// function.json files of the package (<see cref="EmitOption"/>) and exiting.
/// </summary>
/// <param name="CustomHandlerPort">The port the Functions host calls the app on; null when not run by the host.</param>
/// <param name="EmitFolder">Where to write the function folders; null unless emitting.</param>
internal sealed record HostingMode(int? CustomHandlerPort, string? EmitFolder)
{
    /// <summary>Set by the Functions host for the process it starts: the port it forwards requests and invocations to.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The command-line option that writes <c>&lt;folder&gt;/&lt;Function&gt;/function.json</c> and exits.</summary>
    public const string EmitOption = "--emit-functions";

    /// <summary>
    /// The path the management API is served under when the Functions host is in front: the host reserves routes starting
    /// with <c>runtime</c> (and <c>admin</c>) for itself, so <c>/runtime/webhooks/durabletask</c> cannot be a function route.
    /// </summary>
    public const string ManagementPathBase = "/api";

    public bool IsCustomHandler => CustomHandlerPort is not null && EmitFolder is null;

    public bool IsEmitting => EmitFolder is not null;

    /// <summary>
    /// Whether routes and dispatchers are laid out for the Functions host: when it runs the app, and when writing the
    /// function.json files it will read, so both see the same routes.
    /// </summary>
    public bool HasFunctionsLayout => CustomHandlerPort is not null || EmitFolder is not null;

    /// <summary>The folder named after <see cref="EmitOption"/>, or null; throws if the option has no folder.</summary>
    public static string? EmitFolderFrom(string[] args)
    {
        var index = Array.IndexOf(args, EmitOption);
        if (index < 0)
        {
            return null;
        }

        return index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal)
            ? Path.GetFullPath(args[index + 1])
            : throw new ArgumentException($"{EmitOption} needs the folder to write the function folders to, e.g. '{EmitOption} artifacts/package'.");
    }

    public static HostingMode Resolve(IConfiguration configuration, string? emitFolder)
    {
        var port = configuration[PortVariable];
        if (string.IsNullOrWhiteSpace(port))
        {
            return new HostingMode(null, emitFolder);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535
            ? new HostingMode(value, emitFolder)
            : throw new InvalidOperationException($"{PortVariable} must be a TCP port (1-65535), not '{port}'.");
    }
}
