using MpiIo.Mpi;

namespace MpiIo.Native.Files;

/// <summary>
/// Opaque C handles for managed objects: a handle is a tag, a slot's generation and the slot's index, never
/// zero (MPI_FILE_NULL), so a freed or foreign handle is recognised instead of dereferenced. The Fortran
/// handle of an object is its slot index plus one (<c>MPI_File_c2f</c>), zero being the null handle.
/// </summary>
/// <typeparam name="T">The objects the handles stand for.</typeparam>
internal sealed class HandleTable<T> where T : class
{
    private const long Tag = 0x4D49L << 48; // "MI" in the top bytes: a stray integer is not a handle
    private const long TagMask = 0xFFFFL << 48;
    private const int IndexBits = 24;
    private const int MaxSlots = (1 << IndexBits) - 1;

    private readonly object _gate = new();
    private readonly int _capacity;
    private T?[] _items = new T?[16];
    private int[] _generations = new int[16];
    private readonly Stack<int> _free = new();
    private int _used; // slots handed out so far (free ones are reused first)

    /// <param name="capacity">How many objects may be live at once: at most (and by default) 2^24 - 1, what a handle can index.</param>
    public HandleTable(int capacity = MaxSlots)
    {
        if (capacity < 1 || capacity > MaxSlots) throw new ArgumentOutOfRangeException(nameof(capacity));
        _capacity = capacity;
    }

    /// <summary>Gives <paramref name="item"/> a new handle.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.NoMem"/> when the table is full.</exception>
    public nint Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            int index;
            if (_free.Count > 0) index = _free.Pop();
            else
            {
                if (_used == _capacity) throw new MpiException(ErrorClass.NoMem, $"All {_capacity} handles are in use.");
                index = _used++;
                if (index == _items.Length)
                {
                    Array.Resize(ref _items, _items.Length * 2);
                    Array.Resize(ref _generations, _generations.Length * 2);
                }
            }
            int generation = (_generations[index] + 1) & 0xFFFFFF;
            _generations[index] = generation;
            _items[index] = item;
            return Compose(index, generation);
        }
    }

    /// <summary>The object behind <paramref name="handle"/>, if it is live.</summary>
    public bool TryGet(nint handle, out T item)
    {
        lock (_gate)
        {
            if (Slot(handle) is int index)
            {
                item = _items[index]!;
                return true;
            }
        }
        item = null!;
        return false;
    }

    /// <summary>Frees <paramref name="handle"/>; later lookups of it fail.</summary>
    /// <returns>The object it stood for, or null when it was not live.</returns>
    public T? Remove(nint handle)
    {
        lock (_gate)
        {
            if (Slot(handle) is not int index) return null;
            var item = _items[index];
            _items[index] = null;
            _free.Push(index);
            return item;
        }
    }

    /// <summary><c>MPI_File_c2f</c>: the slot index plus one; 0 for the null or an invalid handle.</summary>
    public int ToFortran(nint handle)
    {
        lock (_gate)
            return Slot(handle) is int index ? index + 1 : 0;
    }

    /// <summary><c>MPI_File_f2c</c>: the live handle in Fortran slot <paramref name="fortran"/>, or 0.</summary>
    public nint FromFortran(int fortran)
    {
        int index = fortran - 1;
        lock (_gate)
            return index >= 0 && index < _used && _items[index] != null ? Compose(index, _generations[index]) : 0;
    }

    /// <summary>Every live object with its handle, in slot order.</summary>
    public List<(nint Handle, T Item)> Live()
    {
        lock (_gate)
        {
            var live = new List<(nint, T)>();
            for (int i = 0; i < _used; i++)
                if (_items[i] is T item) live.Add((Compose(i, _generations[i]), item));
            return live;
        }
    }

    private static nint Compose(int index, int generation) => (nint)(Tag | ((long)generation << IndexBits) | (uint)(index + 1));

    private int? Slot(nint handle)
    {
        long h = handle;
        if ((h & TagMask) != Tag) return null;
        int index = (int)(h & MaxSlots) - 1;
        int generation = (int)((h >> IndexBits) & 0xFFFFFF);
        if (index < 0 || index >= _used || _items[index] == null || _generations[index] != generation) return null;
        return index;
    }
}
