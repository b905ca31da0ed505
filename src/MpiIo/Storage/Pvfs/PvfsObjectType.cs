namespace MpiIo.Storage.Pvfs;

/// <summary>What a namespace entry is.</summary>
public enum PvfsObjectType : byte
{
    /// <summary>A striped file.</summary>
    File = 1,
    /// <summary>A directory.</summary>
    Directory = 2,
}
