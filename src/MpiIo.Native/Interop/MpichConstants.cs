namespace MpiIo.Native.Interop;

/// <summary>MPICH 4.0.2 ABI values the C ABI needs beyond <see cref="MpiIo.Mpi.Native.MpiAbi"/> (from mpi.h).</summary>
internal static class MpichConstants
{
    // MPI_Type_get_envelope combiners.
    public const int CombinerNamed = 1;
    public const int CombinerDup = 2;
    public const int CombinerContiguous = 3;
    public const int CombinerVector = 4;
    public const int CombinerHvectorInteger = 5;
    public const int CombinerHvector = 6;
    public const int CombinerIndexed = 7;
    public const int CombinerHindexedInteger = 8;
    public const int CombinerHindexed = 9;
    public const int CombinerIndexedBlock = 10;
    public const int CombinerStructInteger = 11;
    public const int CombinerStruct = 12;
    public const int CombinerSubarray = 13;
    public const int CombinerDarray = 14;
    public const int CombinerF90Real = 15;
    public const int CombinerF90Complex = 16;
    public const int CombinerF90Integer = 17;
    public const int CombinerResized = 18;
    public const int CombinerHindexedBlock = 19;

    // Error handlers (MPI_ERRORS_ABORT is MPI-4; 0x54000002 is MPICH's C++ exception handler).
    public const int ErrorsAreFatal = 0x54000000;
    public const int ErrorsReturn = 0x54000001;
    public const int ErrorsThrowExceptions = 0x54000002;
    public const int ErrorsAbort = 0x54000003;

    // Pair types: named, but stored as structs (MPICH's direct handles).
    public const int FloatInt = unchecked((int)0x8c000000);
    public const int DoubleInt = unchecked((int)0x8c000001);
    public const int LongInt = unchecked((int)0x8c000002);
    public const int ShortInt = unchecked((int)0x8c000003);
    public const int LongDoubleInt = unchecked((int)0x8c000004);

    // Fortran and complex predefined types (builtin handles: bits 8..15 hold the size).
    public const int Character = 0x4c00011a;
    public const int Integer = 0x4c00041b;
    public const int Real = 0x4c00041c;
    public const int Logical = 0x4c00041d;
    public const int Complex = 0x4c00081e;
    public const int DoublePrecision = 0x4c00081f;
    public const int TwoInteger = 0x4c000820;
    public const int DoubleComplex = 0x4c001022;
    public const int TwoInt = 0x4c000816;

    /// <summary>The handle kind bits of a builtin (predefined) MPICH handle.</summary>
    public const int BuiltinKindMask = unchecked((int)0xfc000000);

    /// <summary>Builtin datatype handles: <c>0x4c00SSxx</c> with the size in bytes in SS.</summary>
    public const int BuiltinDatatype = 0x4c000000;

    /// <summary>The largest string <c>MPI_File_get_view</c> writes into datarep (<c>MPI_MAX_DATAREP_STRING</c>).</summary>
    public const int MaxDatarepString = 128;
}
