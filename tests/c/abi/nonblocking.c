/* Nonblocking data access (MPI 4.0 sections 14.4.2-14.4.3) at 2 ranks, after ROMIO's async and i_noncontig
 * tests: iwrite/iread (individual pointer), iwrite_at/iread_at, iwrite_all/iread_all and
 * iwrite_at_all/iread_at_all, completed with MPI_Wait, MPI_Test, MPI_Waitall and MPI_Testall; statuses
 * answer MPI_Get_count. Two individual-pointer calls in flight at once land one after the other, because
 * the pointer moves when a call starts (14.4.3). The noncontiguous part interleaves the ranks' ints in the
 * file (vector filetype) with strided memory (i_noncontig).
 * Files left: nonblocking.contig.dat (4*M*P ints, int i = i) and nonblocking.noncontig.dat
 * (2*K*P ints, int i = 500000 + i).
 * usage: mpiexec -n 2 nonblocking OUTPUT_DIR */
#include "abi_check.h"

#define M 2048 /* ints per rank per contiguous call */
#define K 1500 /* ints per rank per noncontiguous call */

static void wait_all_by_test(int n, MPI_Request *reqs, MPI_Status *sts)
{
    int done = 0;
    while (!done) OK(MPI_Testall(n, reqs, &done, sts));
    for (int i = 0; i < n; i++) CHECK(reqs[i] == MPI_REQUEST_NULL, "MPI_Testall left request %d active", i);
}

static void contiguous(void)
{
    const char *path = abi_path("nonblocking.contig.dat");
    abi_fresh(path);
    int P = abi_size;
    /* This rank's four chunks of M ints: chunk c at file int (c*P + rank)*M. */
    int *out = malloc(4 * M * sizeof(int)), *in = malloc(4 * M * sizeof(int));
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < M; i++) out[c * M + i] = (c * P + abi_rank) * M + i;
    MPI_File fh;
    MPI_Request reqs[2];
    MPI_Status sts[2], st;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));

    /* Chunks 0 and 1 by iwrite_at and iwrite_at_all, both in flight, completed by MPI_Waitall. */
    OK(MPI_File_iwrite_at(fh, (MPI_Offset)(0 * P + abi_rank) * M * 4, out, M, MPI_INT, &reqs[0]));
    OK(MPI_File_iwrite_at_all(fh, (MPI_Offset)(1 * P + abi_rank) * M * 4, out + M, M, MPI_INT, &reqs[1]));
    OK(MPI_Waitall(2, reqs, sts));
    CHECK(abi_count(&sts[0], MPI_INT) == M && abi_count(&sts[1], MPI_INT) == M, "iwrite_at/iwrite_at_all moved %d/%d ints",
          abi_count(&sts[0], MPI_INT), abi_count(&sts[1], MPI_INT));

    /* Chunks 2 and 3 through a view of this rank's chunks (M ints every P*M), by iwrite then iwrite_all. */
    MPI_Datatype chunk, chunks;
    MPI_Type_contiguous(M, MPI_INT, &chunk);
    MPI_Type_create_resized(chunk, 0, (MPI_Aint)P * M * 4, &chunks);
    MPI_Type_commit(&chunks);
    OK(MPI_File_set_view(fh, (MPI_Offset)(2 * P + abi_rank) * M * 4, MPI_INT, chunks, "native", MPI_INFO_NULL));
    OK(MPI_File_iwrite(fh, out + 2 * M, M, MPI_INT, &reqs[0]));
    MPI_Offset pos = -1;
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == M, "the pointer is at %lld right after iwrite started, expected %d", (long long)pos, M);
    OK(MPI_Wait(&reqs[0], &st));
    CHECK(abi_count(&st, MPI_INT) == M, "iwrite moved %d ints", abi_count(&st, MPI_INT));
    OK(MPI_File_iwrite_all(fh, out + 3 * M, M, MPI_INT, &reqs[1]));
    int done = 0;
    while (!done) OK(MPI_Test(&reqs[1], &done, &st));
    CHECK(abi_count(&st, MPI_INT) == M, "iwrite_all moved %d ints", abi_count(&st, MPI_INT));
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == 2 * M, "after iwrite and iwrite_all the pointer is at %lld, expected %d", (long long)pos, 2 * M);
    abi_sync_barrier_sync(fh);

    /* Read chunks 2 and 3 back by two iread calls in flight at once, then by iread_all. */
    OK(MPI_File_seek(fh, 0, MPI_SEEK_SET));
    for (int i = 0; i < 4 * M; i++) in[i] = -1;
    OK(MPI_File_iread(fh, in, M, MPI_INT, &reqs[0]));
    OK(MPI_File_iread(fh, in + M, M, MPI_INT, &reqs[1]));
    wait_all_by_test(2, reqs, sts);
    for (int i = 0; i < 2 * M; i++) CHECK(in[i] == out[2 * M + i], "iread pair: int %d is %d, expected %d", i, in[i], out[2 * M + i]);
    OK(MPI_File_seek(fh, 0, MPI_SEEK_SET));
    for (int i = 0; i < 4 * M; i++) in[i] = -1;
    OK(MPI_File_iread_all(fh, in, 2 * M, MPI_INT, &reqs[0]));
    OK(MPI_Wait(&reqs[0], &st));
    CHECK(abi_count(&st, MPI_INT) == 2 * M, "iread_all moved %d ints", abi_count(&st, MPI_INT));
    for (int i = 0; i < 2 * M; i++) CHECK(in[i] == out[2 * M + i], "iread_all: int %d is %d, expected %d", i, in[i], out[2 * M + i]);
    MPI_Type_free(&chunks);
    MPI_Type_free(&chunk);

    /* Chunks 0 and 1 through the byte view: iread_at and iread_at_all. */
    OK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    for (int i = 0; i < 4 * M; i++) in[i] = -1;
    OK(MPI_File_iread_at(fh, (MPI_Offset)(0 * P + abi_rank) * M * 4, in, M, MPI_INT, &reqs[0]));
    OK(MPI_File_iread_at_all(fh, (MPI_Offset)(1 * P + abi_rank) * M * 4, in + M, M, MPI_INT, &reqs[1]));
    OK(MPI_Waitall(2, reqs, sts));
    CHECK(abi_count(&sts[1], MPI_INT) == M, "iread_at_all moved %d ints", abi_count(&sts[1], MPI_INT));
    for (int i = 0; i < 2 * M; i++) CHECK(in[i] == out[i], "iread_at/iread_at_all: int %d is %d, expected %d", i, in[i], out[i]);
    OK(MPI_File_close(&fh));

    /* The whole file by one rank: file int i = i. */
    if (abi_rank == 0) {
        int total = 4 * M * P;
        int *all = malloc(total * sizeof(int));
        OK(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
        OK(MPI_File_iread_at(fh, 0, all, total, MPI_INT, &reqs[0]));
        OK(MPI_Wait(&reqs[0], &st));
        CHECK(abi_count(&st, MPI_INT) == total, "iread_at of the whole file moved %d ints", abi_count(&st, MPI_INT));
        for (int i = 0; i < total; i++) CHECK(all[i] == i, "nonblocking.contig.dat: int %d is %d", i, all[i]);
        OK(MPI_File_close(&fh));
        free(all);
    }
    free(out);
    free(in);
    MPI_Barrier(MPI_COMM_WORLD);
}

static void noncontiguous(void)
{
    const char *path = abi_path("nonblocking.noncontig.dat");
    abi_fresh(path);
    int P = abi_size;
    /* File: rank r owns ints r, r+P, ... (K of them per filetype copy). Memory: every third int. */
    MPI_Datatype vec, ftype, mtype;
    MPI_Type_vector(K, 1, P, MPI_INT, &vec);
    MPI_Type_create_resized(vec, 0, (MPI_Aint)K * P * 4, &ftype);
    MPI_Type_commit(&ftype);
    MPI_Type_vector(K, 1, 3, MPI_INT, &mtype);
    MPI_Type_commit(&mtype);
    MPI_Type_free(&vec);
    int *mem = malloc(2 * 3 * K * sizeof(int));
    for (int i = 0; i < 2 * 3 * K; i++) mem[i] = -3;
    /* Memory int 3n of copy c (c*3K ints in) holds data int c*K + n, which lands on file int (c*K + n)*P + rank. */
    for (int c = 0; c < 2; c++)
        for (int n = 0; n < K; n++) mem[c * 3 * K + 3 * n] = 500000 + (c * K + n) * P + abi_rank;
    MPI_File fh;
    MPI_Request reqs[2];
    MPI_Status sts[2];
    MPI_Info hints;
    OK(MPI_Info_create(&hints));
    OK(MPI_Info_set(hints, "ind_rd_buffer_size", "1209"));
    OK(MPI_Info_set(hints, "ind_wr_buffer_size", "1107"));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, hints, &fh));
    OK(MPI_Info_free(&hints));
    OK(MPI_File_set_view(fh, abi_rank * 4, MPI_INT, ftype, "native", MPI_INFO_NULL));
    /* Memory copy 0 independently, copy 1 collectively (the extent of mtype is 3K-2 ints, so address it). */
    OK(MPI_File_iwrite_at(fh, 0, mem, 1, mtype, &reqs[0]));
    OK(MPI_File_iwrite_at_all(fh, K, mem + 3 * K, 1, mtype, &reqs[1]));
    OK(MPI_Waitall(2, reqs, sts));
    abi_sync_barrier_sync(fh);
    int *back = malloc(2 * 3 * K * sizeof(int));
    for (int i = 0; i < 2 * 3 * K; i++) back[i] = -3;
    OK(MPI_File_iread_at_all(fh, 0, back, 1, mtype, &reqs[0]));
    OK(MPI_Wait(&reqs[0], &sts[0]));
    OK(MPI_File_iread_at(fh, K, back + 3 * K, 1, mtype, &reqs[1]));
    OK(MPI_Wait(&reqs[1], &sts[1]));
    CHECK(abi_count(&sts[0], MPI_INT) == K && abi_count(&sts[1], MPI_INT) == K, "noncontiguous ireads moved %d/%d ints",
          abi_count(&sts[0], MPI_INT), abi_count(&sts[1], MPI_INT));
    for (int i = 0; i < 2 * 3 * K; i++) CHECK(back[i] == mem[i], "noncontiguous iread: memory int %d is %d, expected %d", i, back[i], mem[i]);
    OK(MPI_File_close(&fh));
    MPI_Type_free(&ftype);
    MPI_Type_free(&mtype);
    free(mem);
    free(back);
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "nonblocking");
    contiguous();
    noncontiguous();
    return abi_done();
}
