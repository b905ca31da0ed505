namespace MpiIo.Tests.Pvfs;

/// <summary>Data for the striped file system's tests.</summary>
internal static class PvfsTestData
{
    /// <summary><paramref name="length"/> pseudo-random bytes, the same for the same <paramref name="seed"/>.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
