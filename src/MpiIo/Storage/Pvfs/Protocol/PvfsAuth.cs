using System.Security.Cryptography;
using System.Text;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// The shared-secret handshake, mutual: the client sends a nonce (AuthBegin); the server answers with its own
/// nonce and HMAC-SHA256(secret, "server" ‖ clientNonce ‖ serverNonce); the client checks that and sends
/// HMAC-SHA256(secret, "client" ‖ serverNonce ‖ clientNonce) (AuthProof). Until then a server refuses every
/// other request and closes the connection.
/// </summary>
public static class PvfsAuth
{
    /// <summary>Bytes in a nonce.</summary>
    public const int NonceLength = 32;

    /// <summary>Bytes in a proof.</summary>
    public const int ProofLength = 32;

    /// <summary>Computes the proof one side sends.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="fromServer">Whether the server is the one proving.</param>
    /// <param name="first">The nonce placed first in the MAC input (the client nonce for the server proof, the server nonce for the client proof).</param>
    /// <param name="second">The other nonce.</param>
    /// <param name="proof">Receives <see cref="ProofLength"/> bytes.</param>
    public static void ComputeProof(string secret, bool fromServer, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> proof)
    {
        Span<byte> input = stackalloc byte[6 + 2 * NonceLength];
        Encoding.ASCII.GetBytes(fromServer ? "server" : "client", input);
        first.CopyTo(input[6..]);
        second.CopyTo(input[(6 + NonceLength)..]);
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input, proof);
    }

    /// <summary>Compares proofs in constant time.</summary>
    public static bool Check(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
        => actual.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
}
