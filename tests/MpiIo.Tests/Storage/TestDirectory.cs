namespace MpiIo.Tests.Storage;

/// <summary>A fresh temporary directory for one test, deleted on dispose.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory() => FullName = Directory.CreateTempSubdirectory("mpiio-test-").FullName;

    public string FullName { get; }

    public string File(string name) => System.IO.Path.Combine(FullName, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullName, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
