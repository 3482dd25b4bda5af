namespace DevStorage;

/// <summary>
/// Locates the repository root: the folder that holds both <c>package.json</c> (which pins Azurite) and <c>Functions.sln</c>.
/// </summary>
public static class RepositoryRoot
{
    private const string PackageJson = "package.json";
    private const string Solution = "Functions.sln";

    /// <summary>
    /// Walks up from <paramref name="startDirectory"/> to the first folder that contains both <c>package.json</c> and <c>Functions.sln</c>.
    /// </summary>
    /// <param name="startDirectory">
    /// The folder to start from. When <see langword="null"/>, <see cref="AppContext.BaseDirectory"/> is tried first,
    /// then <see cref="Directory.GetCurrentDirectory"/>.
    /// </param>
    /// <returns>The full path of the repository root.</returns>
    /// <exception cref="InvalidOperationException">No folder above the start folder(s) holds both files.</exception>
    public static string Find(string? startDirectory = null)
    {
        string[] starts = startDirectory is not null
            ? [startDirectory]
            : [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];

        foreach (string start in starts)
        {
            for (DirectoryInfo? dir = new(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, PackageJson)) && File.Exists(Path.Combine(dir.FullName, Solution)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root (a folder containing both '{PackageJson}' and '{Solution}') " +
            $"above: {string.Join(", ", starts.Select(s => $"'{s}'"))}. " +
            "Run from inside the repository, or pass the repository path explicitly.");
    }
}
