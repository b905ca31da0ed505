namespace MpiIo.Mpi;

/// <summary>
/// An MPI call failed. Carries the error code the library returned, its error class
/// (<c>MPI_Error_class</c>) and the library's text (<c>MPI_Error_string</c>).
/// </summary>
public class MpiException : Exception
{
    /// <summary>Creates the exception for an MPI error code with its class and library text.</summary>
    public MpiException(int errorCode, ErrorClass errorClass, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        ErrorClass = errorClass;
    }

    /// <summary>Creates the exception for an error class detected by managed code, with its own message.</summary>
    public MpiException(ErrorClass errorClass, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = (int)errorClass;
        ErrorClass = errorClass;
    }

    /// <summary>The error code (for errors raised by MPICH, an implementation-specific code of <see cref="ErrorClass"/>).</summary>
    public int ErrorCode { get; }

    /// <summary>The MPI error class of <see cref="ErrorCode"/>.</summary>
    public ErrorClass ErrorClass { get; }
}
