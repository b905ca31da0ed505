/* Noncontiguous access at 2 ranks, after ROMIO's noncontig test: the ranks interleave ints in the file
 * (rank r owns ints r, r+P, r+2P, ...) through a vector filetype resized to the whole array, and the memory
 * side is either the same interleaved struct type or contiguous, in all three memory/file contiguity
 * combinations, with tiny data-sieving buffers (ind_rd_buffer_size 1209, ind_wr_buffer_size 1107) so reads
 * and writes cross many sieving windows. Each combination runs with the individual pointer (write/read),
 * explicit offsets (write_at/read_at) and collectively (write_all/read_all, write_at_all/read_at_all).
 * Also checks get_view, seek, get_position and get_byte_offset under the view.
 * Files left: noncontig.MODE.CASE.dat, 20000 bytes each, int i holding CASE*1000000 + MODE*100000 + i.
 * usage: mpiexec -n 2 noncontig OUTPUT_DIR */
#include "abi_check.h"

#define N 5000 /* ints in the whole array */

enum mode { MODE_POINTER, MODE_AT, MODE_ALL, MODE_AT_ALL, MODE_COUNT };
static const char *mode_name[] = { "pointer", "at", "all", "at_all" };
enum layout { MEM_AND_FILE, FILE_ONLY, MEM_ONLY, LAYOUT_COUNT };
static const char *layout_name[] = { "mem-file", "file", "mem" };

static int value(int layout, int mode, int i) { return layout * 1000000 + mode * 100000 + i; }

/* The ints of this rank, r, r+P, ...: as a type over an array of N ints. */
static MPI_Datatype interleaved(void)
{
    MPI_Datatype vec, placed, whole;
    MPI_Type_vector(N / abi_size, 1, abi_size, MPI_INT, &vec);
    int len = 1;
    MPI_Aint disp = abi_rank * (MPI_Aint)sizeof(int);
    MPI_Type_create_struct(1, &len, &disp, &vec, &placed);
    MPI_Type_create_resized(placed, 0, N * (MPI_Aint)sizeof(int), &whole);
    MPI_Type_commit(&whole);
    MPI_Type_free(&vec);
    MPI_Type_free(&placed);
    return whole;
}

static int transfer(MPI_File fh, int mode, int writing, int *buf, int count, MPI_Datatype t, MPI_Status *st)
{
    switch (mode) {
    case MODE_POINTER: return writing ? MPI_File_write(fh, buf, count, t, st) : MPI_File_read(fh, buf, count, t, st);
    case MODE_AT: return writing ? MPI_File_write_at(fh, 0, buf, count, t, st) : MPI_File_read_at(fh, 0, buf, count, t, st);
    case MODE_ALL: return writing ? MPI_File_write_all(fh, buf, count, t, st) : MPI_File_read_all(fh, buf, count, t, st);
    default: return writing ? MPI_File_write_at_all(fh, 0, buf, count, t, st) : MPI_File_read_at_all(fh, 0, buf, count, t, st);
    }
}

static void run(int layout, int mode, MPI_Datatype inter, MPI_Info hints)
{
    char name[128];
    snprintf(name, sizeof name, "noncontig.%s.%s.dat", mode_name[mode], layout_name[layout]);
    const char *path = abi_path(name);
    abi_fresh(path);
    int mine = N / abi_size;
    int mem_contig = layout == FILE_ONLY, file_contig = layout == MEM_ONLY;
    /* Memory: the whole array (interleaved type) or this rank's ints packed (contiguous). */
    int *buf = malloc(N * sizeof(int));
    MPI_Datatype memtype = mem_contig ? MPI_INT : inter;
    int count = mem_contig ? mine : 1;
    /* File: int i of the file is rank (i % P)'s int i / P when the file is interleaved, else rank i / mine's. */
    for (int k = 0; k < mine; k++) {
        int file_index = file_contig ? abi_rank * mine + k : k * abi_size + abi_rank;
        int v = value(layout, mode, file_index);
        if (mem_contig) buf[k] = v;
        else buf[k * abi_size + abi_rank] = v;
    }
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, hints, &fh));
    if (file_contig) OK(MPI_File_set_view(fh, abi_rank * mine * (MPI_Offset)sizeof(int), MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    else OK(MPI_File_set_view(fh, 0, MPI_INT, inter, "native", MPI_INFO_NULL));

    MPI_Status st;
    OK(transfer(fh, mode, 1, buf, count, memtype, &st));
    CHECK(abi_count(&st, MPI_INT) == mine, "%s write moved %d ints, expected %d", name, abi_count(&st, MPI_INT), mine);
    if (mode == MODE_POINTER || mode == MODE_ALL) {
        MPI_Offset pos = -1;
        OK(MPI_File_get_position(fh, &pos));
        CHECK(pos == mine, "%s: the pointer is at etype %lld after the write, expected %d", name, (long long)pos, mine);
        OK(MPI_File_seek(fh, -mine, MPI_SEEK_CUR));
        OK(MPI_File_get_position(fh, &pos));
        CHECK(pos == 0, "%s: seek(-%d, CUR) left the pointer at %lld", name, mine, (long long)pos);
    }
    abi_sync_barrier_sync(fh);

    int *back = malloc(N * sizeof(int));
    for (int i = 0; i < N; i++) back[i] = -1;
    OK(transfer(fh, mode, 0, back, count, memtype, &st));
    CHECK(abi_count(&st, MPI_INT) == mine, "%s read moved %d ints, expected %d", name, abi_count(&st, MPI_INT), mine);
    for (int i = 0; i < N; i++) {
        int in_data = mem_contig ? i < mine : i % abi_size == abi_rank;
        int expected = in_data ? buf[i] : -1;
        CHECK(back[i] == expected, "%s: memory int %d read back as %d, expected %d", name, i, back[i], expected);
    }
    OK(MPI_File_close(&fh));

    /* The whole file, through the default view: every rank's ints in their places. */
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == N * (MPI_Offset)sizeof(int), "%s has %lld bytes, expected %d", name, (long long)size, N * (int)sizeof(int));
    OK(MPI_File_read_at(fh, 0, back, N, MPI_INT, &st));
    for (int i = 0; i < N; i++) CHECK(back[i] == value(layout, mode, i), "%s: file int %d is %d, expected %d", name, i, back[i], value(layout, mode, i));
    OK(MPI_File_close(&fh));
    free(buf);
    free(back);
}

/* get_view, seek and get_byte_offset under the interleaved view. */
static void view_queries(MPI_Datatype inter)
{
    const char *path = abi_path("noncontig.view.tmp");
    abi_fresh(path);
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 64, MPI_INT, inter, "native", MPI_INFO_NULL));
    MPI_Offset disp = -1;
    MPI_Datatype etype, filetype;
    char rep[MPI_MAX_DATAREP_STRING];
    OK(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(disp == 64, "get_view: disp %lld", (long long)disp);
    CHECK(etype == MPI_INT, "get_view: the etype is not MPI_INT");
    CHECK(!strcmp(rep, "native"), "get_view: datarep '%s'", rep);
    int size = 0;
    MPI_Aint lb = -1, extent = -1;
    MPI_Type_size(filetype, &size);
    MPI_Type_get_extent(filetype, &lb, &extent);
    CHECK(size == N / abi_size * 4 && lb == 0 && extent == N * 4, "get_view: filetype size %d lb %ld extent %ld", size, (long)lb, (long)extent);
    MPI_Type_free(&filetype);

    int mine = N / abi_size;
    MPI_Offset byte = -1;
    OK(MPI_File_get_byte_offset(fh, 3, &byte));
    CHECK(byte == 64 + (3 * abi_size + abi_rank) * 4, "get_byte_offset(3) %lld", (long long)byte);
    OK(MPI_File_get_byte_offset(fh, mine + 1, &byte));
    CHECK(byte == 64 + N * 4 + (abi_size + abi_rank) * 4, "get_byte_offset(%d) %lld", mine + 1, (long long)byte);
    OK(MPI_File_seek(fh, 10, MPI_SEEK_SET));
    OK(MPI_File_seek(fh, 5, MPI_SEEK_CUR));
    MPI_Offset pos = -1;
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == 15, "seek 10 SET then 5 CUR: position %lld", (long long)pos);
    OK(MPI_File_get_byte_offset(fh, pos, &byte));
    CHECK(byte == 64 + (15 * abi_size + abi_rank) * 4, "get_byte_offset(15) %lld", (long long)byte);
    /* Ints 0..2 of this rank, then seek to the end of the view's data (14.4.2: END counts etypes of the view). */
    int three[3] = { 1, 2, 3 };
    MPI_Status st;
    OK(MPI_File_write_at_all(fh, 0, three, 3, MPI_INT, &st));
    OK(MPI_File_seek(fh, 0, MPI_SEEK_END));
    OK(MPI_File_get_position(fh, &pos));
    /* The file ends at 64 + 3*P*4 bytes: every rank's etype 3 lies beyond it, so each view ends after 3 etypes. */
    CHECK(pos == 3, "seek(0, END): position %lld, expected 3", (long long)pos);
    OK(MPI_File_close(&fh));
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "noncontig");
    CHECK(N % abi_size == 0, "run at a rank count dividing %d", N);
    MPI_Datatype inter = interleaved();
    MPI_Info hints;
    OK(MPI_Info_create(&hints));
    OK(MPI_Info_set(hints, "ind_rd_buffer_size", "1209"));
    OK(MPI_Info_set(hints, "ind_wr_buffer_size", "1107"));
    for (int layout = 0; layout < LAYOUT_COUNT; layout++)
        for (int mode = 0; mode < MODE_COUNT; mode++) run(layout, mode, inter, hints);
    OK(MPI_Info_free(&hints));
    view_queries(inter);
    MPI_Type_free(&inter);
    return abi_done();
}
