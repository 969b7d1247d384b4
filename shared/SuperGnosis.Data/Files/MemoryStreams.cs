using System.Runtime.InteropServices;

namespace SuperGnosis.Data.Files;

/// <summary>A read-only seekable stream over a file's bytes, without copying them when they live in an array.</summary>
internal static class MemoryStreams
{
    public static MemoryStream Of(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
