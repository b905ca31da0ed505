using System.Runtime.CompilerServices;

namespace MpiIo.RankTests;

/// <summary>
/// Counts one rank's failed expectations in a scenario. Ranks never stop at a failure (a rank that left
/// early would hang the others in the next collective); a reduction over the counts decides.
/// </summary>
public sealed class RankCheck
{
    private readonly int _rank;

    public RankCheck(int rank) => _rank = rank;

    public int Failures { get; private set; }

    public void Fail(string message, [CallerMemberName] string scenario = "")
    {
        Failures++;
        if (Failures <= 10) Console.Error.WriteLine($"[rank {_rank}] {scenario}: {message}");
    }

    public void True(bool condition, string message, [CallerMemberName] string scenario = "")
    {
        if (!condition) Fail(message, scenario);
    }

    public void Equal<T>(T expected, T actual, string what, [CallerMemberName] string scenario = "")
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) Fail($"{what}: expected {expected}, got {actual}", scenario);
    }

    public void SequenceEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what, [CallerMemberName] string scenario = "")
        where T : IEquatable<T>
    {
        if (expected.Length != actual.Length) { Fail($"{what}: length {actual.Length}, expected {expected.Length}", scenario); return; }
        for (int i = 0; i < expected.Length; i++)
            if (!expected[i].Equals(actual[i])) { Fail($"{what}: [{i}] is {actual[i]}, expected {expected[i]}", scenario); return; }
    }

    public void Throws<TException>(Action action, Func<TException, bool> accept, string what, [CallerMemberName] string scenario = "")
        where TException : Exception
    {
        try
        {
            action();
            Fail($"{what}: no exception", scenario);
        }
        catch (TException e) when (accept(e)) { }
        catch (Exception e) { Fail($"{what}: unexpected {e.GetType().Name}: {e.Message}", scenario); }
    }
}
