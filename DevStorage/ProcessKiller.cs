using System.ComponentModel;
using System.Diagnostics;

namespace DevStorage;

internal static class ProcessKiller
{
    /// <summary>Kills the process and its descendants, ignoring a process that has already exited.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }
}
