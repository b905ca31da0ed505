namespace MpiIo.Tests.Infrastructure;

/// <summary>A fresh directory for one test, removed on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    /// <summary>Creates a directory under the temp folder (or under <paramref name="parent"/>).</summary>
    public TestDirectory(string? parent = null)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), "mpiio-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
