using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

public sealed partial class PvfsServer
{
    private ReplyFrame Dispatch(FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (_log.IsEnabled(LogLevel.Debug))
            _log.Write(LogLevel.Debug, _name, $"{header.Opcode} #{header.RequestId} ({payload.Length} bytes)");
        try
        {
            var reader = new SpanReader(payload);
            return header.Opcode switch
            {
                PvfsOpcode.Ping => Ping(header, ref reader),
                PvfsOpcode.GetConfig => GetConfig(header, ref reader),
                PvfsOpcode.Statfs => Statfs(header, ref reader),
                PvfsOpcode.AuthBegin or PvfsOpcode.AuthProof => Error(header.Opcode, header.RequestId, ErrorClass.Access, "already authenticated"),
                PvfsOpcode.CreateData or PvfsOpcode.RemoveData or PvfsOpcode.GetSize or PvfsOpcode.Truncate or PvfsOpcode.Flush
                    or PvfsOpcode.Read or PvfsOpcode.Write => DataOp(header, ref reader, Data()),
                PvfsOpcode.Lookup or PvfsOpcode.Create or PvfsOpcode.Mkdir or PvfsOpcode.ReadDir or PvfsOpcode.Remove
                    or PvfsOpcode.SetAttr => MetaOp(header, ref reader, Meta()),
                _ => Error(header.Opcode, header.RequestId, ErrorClass.UnsupportedOperation, $"unknown opcode {(int)header.Opcode}"),
            };
        }
        catch (StorageException e)
        {
            if (_log.IsEnabled(LogLevel.Debug) || e is PvfsProtocolException)
                _log.Write(e is PvfsProtocolException ? LogLevel.Warn : LogLevel.Debug, _name, $"{header.Opcode} #{header.RequestId} rejected: {e.Message}");
            return Error(header.Opcode, header.RequestId, e.ErrorClass, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Write(LogLevel.Warn, _name, $"{header.Opcode} #{header.RequestId} failed: {e.Message}");
            ErrorClass errorClass = e is UnauthorizedAccessException ? ErrorClass.Access
                : (e.HResult & 0xFFFF) == 28 ? ErrorClass.NoSpace : ErrorClass.IO;
            return Error(header.Opcode, header.RequestId, errorClass, $"server {Index}: {e.Message}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log.Write(LogLevel.Error, _name, $"{header.Opcode} #{header.RequestId} database error: {e.Message}");
            return Error(header.Opcode, header.RequestId, ErrorClass.IO, $"server {Index}: metadata database: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must not leave the client waiting for a reply that never comes.
            _log.Write(LogLevel.Error, _name, $"{header.Opcode} #{header.RequestId} internal error: {e}");
            return Error(header.Opcode, header.RequestId, ErrorClass.Intern, $"server {Index}: internal error: {e.Message}");
        }
    }

    private DataStore Data() => _data ?? throw new StorageException(ErrorClass.UnsupportedOperation, $"server {Index} has no I/O role");

    private MetadataStore Meta() => _meta ?? throw new StorageException(ErrorClass.UnsupportedOperation, $"server {Index} has no metadata role");

    private static ReplyFrame Empty(FrameHeader header) => Finish(Rent(0, out _), header.Opcode, header.RequestId, 0);

    private static ReplyFrame Int64Reply(FrameHeader header, long value)
    {
        ReplyFrame frame = Rent(8, out Span<byte> body);
        var writer = new SpanWriter(body);
        writer.WriteInt64(value);
        return Finish(frame, header.Opcode, header.RequestId, 8);
    }

    private ReplyFrame Ping(FrameHeader header, ref SpanReader reader)
    {
        reader.EnsureEnd("ping");
        ReplyFrame frame = Rent(PvfsServerInfo.EncodedLength, out Span<byte> body);
        var writer = new SpanWriter(body);
        Info().Write(ref writer);
        return Finish(frame, header.Opcode, header.RequestId, writer.Position);
    }

    private ReplyFrame GetConfig(FrameHeader header, ref SpanReader reader)
    {
        reader.EnsureEnd("getconfig");
        string text = (_config with { Secret = null }).ToText();
        ReplyFrame frame = Rent(SpanWriter.StringBound(text), out Span<byte> body);
        var writer = new SpanWriter(body);
        writer.WriteString(text);
        return Finish(frame, header.Opcode, header.RequestId, writer.Position);
    }

    private ReplyFrame Statfs(FrameHeader header, ref SpanReader reader)
    {
        reader.EnsureEnd("statfs");
        long objects = 0, used = 0;
        if (_data != null)
            (objects, used) = _data.Usage();
        if (_meta != null)
        {
            (long o, long b) = _meta.Usage();
            objects += o;
            used += b;
        }
        var drive = new DriveInfo(Path.GetFullPath(_endpoint.StorageDirectory));
        var statfs = new PvfsStatfs(Info(), drive.TotalSize, drive.AvailableFreeSpace, used, objects);
        ReplyFrame frame = Rent(PvfsStatfs.EncodedLength, out Span<byte> body);
        var writer = new SpanWriter(body);
        statfs.Write(ref writer);
        return Finish(frame, header.Opcode, header.RequestId, writer.Position);
    }

    // A request whose whole payload is one data handle.
    private static ulong OnlyHandle(ref SpanReader reader)
    {
        ulong handle = reader.ReadUInt64("data handle");
        reader.EnsureEnd("request");
        return handle;
    }

    private static ReplyFrame DataOp(FrameHeader header, ref SpanReader reader, DataStore data)
    {
        switch (header.Opcode)
        {
            case PvfsOpcode.CreateData:
                reader.EnsureEnd("createdata");
                return Int64Reply(header, (long)data.Create());
            case PvfsOpcode.RemoveData:
                data.Remove(OnlyHandle(ref reader));
                return Empty(header);
            case PvfsOpcode.GetSize:
                return Int64Reply(header, data.GetSize(OnlyHandle(ref reader)));
            case PvfsOpcode.Truncate:
            {
                ulong handle = reader.ReadUInt64("data handle");
                long size = reader.ReadInt64("size");
                reader.EnsureEnd("truncate");
                if (size < 0 || size > RegionDescriptor.MaxOffset)
                    throw new PvfsProtocolException($"truncate size {size} out of range");
                data.Truncate(handle, size);
                return Empty(header);
            }
            case PvfsOpcode.Flush:
                data.Flush(OnlyHandle(ref reader));
                return Empty(header);
            case PvfsOpcode.Read:
            {
                DataRequest request = DataRequest.Read(ref reader);
                reader.EnsureEnd("read request");
                long bytes = DataRequest.BytesOn(request.Descriptor, request.Layout, request.Server);
                if (bytes > FrameHeader.MaxPayloadLength - 8)
                    throw new PvfsProtocolException($"read of {bytes} bytes on one server exceeds the frame limit");
                ReplyFrame frame = Rent(8 + (int)bytes, out Span<byte> body);
                long length = data.Read(request, body.Slice(8, (int)bytes));
                var writer = new SpanWriter(body);
                writer.WriteInt64(length);
                return Finish(frame, header.Opcode, header.RequestId, 8 + (int)bytes);
            }
            case PvfsOpcode.Write:
            {
                DataRequest request = DataRequest.Read(ref reader);
                long bytes = DataRequest.BytesOn(request.Descriptor, request.Layout, request.Server);
                if (bytes != reader.Remaining)
                    throw new PvfsProtocolException($"write carries {reader.Remaining} data bytes, the region has {bytes} on this server");
                return Int64Reply(header, data.Write(request, reader.Rest));
            }
            default:
                throw new StorageException(ErrorClass.Intern, $"opcode {header.Opcode} is not a data operation");
        }
    }

    private static ReplyFrame Attributes(FrameHeader header, PvfsAttributes attributes)
    {
        ReplyFrame frame = Rent(attributes.EncodedLength, out Span<byte> body);
        var writer = new SpanWriter(body);
        attributes.Write(ref writer);
        return Finish(frame, header.Opcode, header.RequestId, writer.Position);
    }

    private ReplyFrame MetaOp(FrameHeader header, ref SpanReader reader, MetadataStore meta)
    {
        string path = reader.ReadString("path", PvfsPath.MaxLength * 4);
        switch (header.Opcode)
        {
            case PvfsOpcode.Lookup:
                reader.EnsureEnd("lookup");
                return Attributes(header, meta.Lookup(path));
            case PvfsOpcode.Create:
            {
                int mode = reader.ReadInt32("mode");
                PvfsAttributes wanted = PvfsAttributes.Read(ref reader);
                reader.EnsureEnd("create");
                if (wanted.Type != PvfsObjectType.File)
                    throw new PvfsProtocolException("create needs file attributes");
                foreach (int server in wanted.Servers)
                    if (server < 0 || server >= _config.Servers.Count)
                        throw new PvfsProtocolException($"create names server {server}, the configuration has {_config.Servers.Count}");
                return Attributes(header, meta.Create(path, mode, wanted.Layout, wanted.Servers, wanted.DataHandles));
            }
            case PvfsOpcode.Mkdir:
            {
                int mode = reader.ReadInt32("mode");
                reader.EnsureEnd("mkdir");
                return Attributes(header, meta.Mkdir(path, mode));
            }
            case PvfsOpcode.ReadDir:
            {
                string after = reader.ReadString("after", PvfsPath.MaxComponent * 4);
                int max = reader.ReadCount("max entries", MaxDirEntries);
                reader.EnsureEnd("readdir");
                List<PvfsDirEntry> entries = meta.ReadDir(path, after, max);
                int bound = 4;
                foreach (PvfsDirEntry entry in entries)
                    bound += entry.EncodedBound;
                ReplyFrame frame = Rent(bound, out Span<byte> body);
                var writer = new SpanWriter(body);
                writer.WriteInt32(entries.Count);
                foreach (PvfsDirEntry entry in entries)
                    entry.Write(ref writer);
                return Finish(frame, header.Opcode, header.RequestId, writer.Position);
            }
            case PvfsOpcode.Remove:
                reader.EnsureEnd("remove");
                return Attributes(header, meta.Remove(path));
            case PvfsOpcode.SetAttr:
            {
                int mode = reader.ReadInt32("mode");
                long mtime = reader.ReadInt64("mtime");
                reader.EnsureEnd("setattr");
                return Attributes(header, meta.SetAttr(path, mode, mtime));
            }
            default:
                throw new StorageException(ErrorClass.Intern, $"opcode {header.Opcode} is not a metadata operation");
        }
    }
}
