namespace FunctionApp.Durable;

/// <summary>What an instance id may be, as the Azure Storage provider needs it: table keys forbid some characters.</summary>
internal static class InstanceIds
{
    public const string Rule = "An instance id is 1 to 256 characters, none of them a control character, '/', '\\', '#' or '?'.";

    public static bool IsValid(string? instanceId) =>
        instanceId is { Length: > 0 and <= 256 } && !instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');
}
