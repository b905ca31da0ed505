namespace MpiIo.Datatypes;

/// <summary>Array storage order for subarray and darray types (<c>MPI_ORDER_C</c>, <c>MPI_ORDER_FORTRAN</c>).</summary>
public enum Order
{
    /// <summary>Row-major: the last dimension varies fastest (<c>MPI_ORDER_C</c>).</summary>
    C,

    /// <summary>Column-major: the first dimension varies fastest (<c>MPI_ORDER_FORTRAN</c>).</summary>
    Fortran,
}
