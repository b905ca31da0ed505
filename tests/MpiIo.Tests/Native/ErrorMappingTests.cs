using MpiIo.Mpi;
using MpiIo.Native.Errors;
using MpiIo.Storage;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Tests.Native;

public class ErrorMappingTests
{
    [Test]
    public void Of_MpiIoErrors_AreTheirErrorClass()
    {
        Assert.That(ErrorCodes.Of(new MpiException(ErrorClass.Amode, "x")), Is.EqualTo(21));
        Assert.That(ErrorCodes.Of(new StorageException(ErrorClass.NoSuchFile, "x")), Is.EqualTo(37));
        Assert.That(ErrorCodes.Of(new MpiException(ErrorClass.File, "x")), Is.EqualTo(27));
    }

    [Test]
    public void Of_MpichCode_IsKeptAsItIs()
    {
        // MPICH's codes carry more than the class; MPI_Error_class recovers it.
        Assert.That(ErrorCodes.Of(new MpiException(0x2a0c0f, ErrorClass.Other, "from MPICH")), Is.EqualTo(0x2a0c0f));
    }

    [Test]
    public void Of_DotNetExceptions_MapToTheNearestClass()
    {
        Assert.That(ErrorCodes.Of(new ArgumentException("x")), Is.EqualTo((int)ErrorClass.Arg));
        Assert.That(ErrorCodes.Of(new FileNotFoundException("x")), Is.EqualTo((int)ErrorClass.NoSuchFile));
        Assert.That(ErrorCodes.Of(new IOException("x")), Is.EqualTo((int)ErrorClass.IO));
        Assert.That(ErrorCodes.Of(new InvalidOperationException("x")), Is.EqualTo((int)ErrorClass.Other));
        Assert.That(ErrorCodes.Of(new DllNotFoundException("x")), Is.EqualTo((int)ErrorClass.Intern));
    }

    [Test]
    public void Of_SuccessClass_IsNeverReturned()
    {
        Assert.That(ErrorCodes.Of(new MpiException(ErrorClass.Success, "odd")), Is.Not.Zero);
    }

    [Test]
    public void Resolve_PredefinedHandlers_AreKnown()
    {
        Assert.That(FileErrors.Resolve(C.ErrorsReturn), Is.SameAs(FileErrorHandler.Return));
        Assert.That(FileErrors.Resolve(C.ErrorsAreFatal), Is.SameAs(FileErrorHandler.Fatal));
        Assert.That(FileErrors.Resolve(C.ErrorsAbort), Is.SameAs(FileErrorHandler.Abort));
    }

    [Test]
    public void Resolve_HandleNotMadeForFiles_RaisesArgError()
    {
        Assert.That(Assert.Throws<MpiException>(() => FileErrors.Resolve(0x54000099))!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void Invoke_ErrorsReturn_ReturnsTheCode()
    {
        Assert.That(FileErrors.Invoke(FileErrorHandler.Return, null, 0, "MPI_File_open", 37, "no such file"), Is.EqualTo(37));
    }

    [Test]
    public void Default_IsErrorsReturn()
    {
        Assert.That(FileErrors.Default.Handle, Is.EqualTo(C.ErrorsReturn));
    }
}

public class ErrorClassAbiTests
{
    // The codes the library returns are MpiIo's error classes: they must be MPICH's MPI_ERR_* numbers.
    [Test]
    public void ErrorClass_EveryValue_EqualsMpichsDefinition()
    {
        const string header = "/usr/include/x86_64-linux-gnu/mpich/mpi.h";
        Assert.That(File.Exists(header), Is.True, $"{header} (libmpich-dev) is needed");
        var defined = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(header))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^#define\s+MPI_ERR_(\w+)\s+(\d+)\b");
            if (m.Success) defined[m.Groups[1].Value.Replace("_", "")] = int.Parse(m.Groups[2].Value);
        }
        foreach (var value in Enum.GetValues<ErrorClass>().Where(v => v != ErrorClass.Success))
        {
            Assert.That(defined.TryGetValue(value.ToString(), out int mpich), Is.True, $"mpi.h has no MPI_ERR_ for {value}");
            Assert.That((int)value, Is.EqualTo(mpich), value.ToString());
        }
    }
}
