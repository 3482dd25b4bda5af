namespace DevStorage;

/// <summary>Thread-safe buffer of the last lines a child process wrote, for error messages (Azurite's, or a test's app process).</summary>
public sealed class OutputLog(int capacity)
{
    private readonly Queue<string> _lines = new();

    /// <summary>Keeps <paramref name="line"/>, dropping the oldest line past the capacity.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The kept lines, oldest first, or "(no output)".</summary>
    public override string ToString()
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
        }
    }
}
