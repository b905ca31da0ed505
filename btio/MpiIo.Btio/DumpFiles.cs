using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Btio;

/// <summary>Opening and deleting the files of a subtype.</summary>
internal static class DumpFiles
{
    /// <summary>The file name of <paramref name="subtype"/> in <paramref name="dir"/>, the file-system prefix in front (NPB's names).</summary>
    public static string NameIn(string prefix, string dir, Subtype subtype) =>
        prefix + Path.Combine(dir, $"btio.{Subtypes.Name(subtype)}.out");

    /// <summary>
    /// Opens the file(s) for writing (created) or for reading back; collective over <paramref name="comm"/>. Only
    /// <c>full</c> takes a layout other than packed (the others write packed runs).
    /// </summary>
    public static IDumpFile Open(Subtype subtype, Communicator comm, string name, Multipartition part, MemoryLayout layout, bool write, IReadOnlyDictionary<string, string>? hints) =>
        subtype switch
        {
            Subtype.Full => FullDumpFile.Open(comm, name, part, layout, write, hints),
            Subtype.Simple => SimpleDumpFile.Open(comm, name, part, write, hints),
            Subtype.Epio => EpioDumpFile.Open(comm, name, part, write, hints),
            _ => throw new ArgumentOutOfRangeException(nameof(subtype)),
        };

    /// <summary>
    /// Deletes the subtype's file(s) if they exist (<c>MPI_File_delete</c>: rank 0 for the shared file, each rank
    /// its own for epio), then synchronises, so no rank opens a file another is about to delete.
    /// </summary>
    public static void Delete(Subtype subtype, Communicator comm, string name)
    {
        Exception? failed = null;
        try
        {
            if (subtype == Subtype.Epio) DeleteIfExists(EpioDumpFile.NameOf(name, comm.Rank));
            else if (comm.Rank == 0) DeleteIfExists(name);
        }
        catch (Exception e) when (e is StorageException or MpiException) { failed = e; }
        int bad = comm.Allreduce(failed == null ? 0 : 1, Op.Max);
        if (failed != null) throw failed;
        if (bad != 0) throw new MpiException(ErrorClass.File, $"deleting the old file '{name}' failed on another rank.");
    }

    private static void DeleteIfExists(string name)
    {
        try
        {
            MpiFile.Delete(name);
        }
        catch (StorageException e) when (e.ErrorClass == ErrorClass.NoSuchFile) { }
    }
}
