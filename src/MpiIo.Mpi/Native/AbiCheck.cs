namespace MpiIo.Mpi.Native;

/// <summary>
/// Verifies at start-up that the loaded library speaks the ABI <see cref="MpiAbi"/> describes: the sizes
/// of a few predefined types, and the place of each <c>MPI_Status</c> field (a message to self with a
/// known tag and length must come back with them where MPICH puts them).
/// </summary>
internal static unsafe class AbiCheck
{
    public static void Verify()
    {
        Expect(MpiAbi.MPI_INT, 4, "MPI_INT");
        Expect(MpiAbi.MPI_DOUBLE, 8, "MPI_DOUBLE");
        Expect(MpiAbi.MPI_INT64_T, 8, "MPI_INT64_T");
        Expect(MpiAbi.MPI_AINT, sizeof(nint), "MPI_AINT");
        Expect(MpiAbi.MPI_OFFSET, 8, "MPI_OFFSET");
        Expect(MpiAbi.MPI_BYTE, 1, "MPI_BYTE");

        const int tag = 4711;
        long payload = 0x0102030405060708;
        long received = 0;
        // One int more than the status on each side: a library with a larger status would overwrite them.
        var guarded = stackalloc int[MpiAbi.StatusSize / 4 + 2];
        guarded[0] = guarded[MpiAbi.StatusSize / 4 + 1] = unchecked((int)0xdeadbeef);
        var status = (MpiStatusRaw*)(guarded + 1);
        int req;
        MpiError.Check(MpiNative.MPI_Irecv(&received, 8, MpiAbi.MPI_BYTE, 0, tag, MpiAbi.MPI_COMM_SELF, &req));
        MpiError.Check(MpiNative.MPI_Send(&payload, 8, MpiAbi.MPI_BYTE, 0, tag, MpiAbi.MPI_COMM_SELF));
        MpiError.Check(MpiNative.MPI_Wait(&req, status));
        int count;
        MpiError.Check(MpiNative.MPI_Get_count(status, MpiAbi.MPI_BYTE, &count));
        if (received != payload || status->Tag != tag || status->Source != 0 || status->ByteCount != 8 || count != 8
            || guarded[0] != unchecked((int)0xdeadbeef) || guarded[MpiAbi.StatusSize / 4 + 1] != unchecked((int)0xdeadbeef))
            throw new MpiException(ErrorClass.Intern,
                $"The MPI library's MPI_Status does not have MPICH's layout (tag {status->Tag}, source {status->Source}, " +
                $"bytes {status->ByteCount}, count {count}); set {MpiNative.LibraryVariable} to a library of the MPICH ABI.");
    }

    private static void Expect(int type, int size, string name)
    {
        int actual;
        MpiError.Check(MpiNative.MPI_Type_size(type, &actual));
        if (actual != size)
            throw new MpiException(ErrorClass.Intern,
                $"MPI_Type_size({name}) is {actual}, not {size}: the loaded library is not of the MPICH ABI.");
    }
}
