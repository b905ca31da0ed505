/* The MPICH side of MpiIo's differential tests: one MPI-IO access through MPICH's own ROMIO, described
 * entirely on the command line, so the same access can be replayed through MpiIo and the files (and the
 * memory images read back) compared byte for byte.
 *
 * usage: mpiio_peer MODE FILE DISP ETYPE FILETYPE MEMTYPE COUNT [--offset N] [--datarep R]
 *                   [--hints k=v,k=v] [--rounds K]
 *   MODE      write | write_all | write_at | write_at_all | read | read_all | read_at | read_at_all
 *   DISP      an expression in P (ranks) and R (this rank), e.g. R*64
 *   *TYPE     a type spec (see below); MEMTYPE is the memory datatype, COUNT how many of it
 *   --offset  the explicit offset (in etypes) of the *_at modes, an expression
 *   --rounds  repeat the access K times (individual pointer advances; explicit offsets advance by the
 *             data size in etypes)
 *   --oracle  do not call MPI-IO: apply the view with MPICH's datatype engine instead (MPI_Pack of the
 *             file image through the filetype, MPI_Unpack back), which gives the MPI standard's
 *             semantics independently of ROMIO (whose flattening mis-places some nested resized and
 *             subarray filetypes). Each rank writes exactly the bytes its view maps its data to.
 * Memory byte j (counting from the lowest byte the memory type touches) holds pattern(R, j) before a write.
 * A read fills memory with 0xEE first and writes the whole memory image to FILE.rank<R>.mem afterwards.
 * ROMIO's data-sieving writes fill holes of a new file with whatever its buffer held, so tests that compare
 * files pre-fill them first. A failing call prints "rank R: ERROR <call> class <MPI error class>" and aborts
 * with status 3.
 *
 * Type specs: byte char short int long longlong float double | contig(n,T) | vector(c,b,s,T)
 *   | hvector(c,b,sbytes,T) | indexed([b..],[d..],T) | hindexed([b..],[d..],T) | indexed_block(b,[d..],T)
 *   | hindexed_block(b,[d..],T) | struct([b..],[d..],[T..]) | subarray([sizes],[subsizes],[starts],C|F,T)
 *   | darray(size,rank,[gsizes],[b|c|n..],[dargs],[psizes],C|F,T) | resized(lb,extent,T) | dup(T)
 * Numbers are expressions with + - * / % ( ) over integers, P and R; darg -1 means MPI_DISTRIBUTE_DFLT_DARG. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <fcntl.h>
#include <unistd.h>

static const char *src;
static int P, R;

static void fail(const char *what)
{
    fprintf(stderr, "mpiio_peer: %s at '%.30s'\n", what, src);
    MPI_Abort(MPI_COMM_WORLD, 2);
}

static void ws(void) { while (*src && isspace((unsigned char)*src)) src++; }
static int accept(char c) { ws(); if (*src == c) { src++; return 1; } return 0; }
static void expect(char c) { if (!accept(c)) { char m[32]; snprintf(m, sizeof m, "expected '%c'", c); fail(m); } }

static long long expr(void);
static long long atom(void)
{
    ws();
    if (accept('(')) { long long v = expr(); expect(')'); return v; }
    if (accept('-')) return -atom();
    if (*src == 'P' && !isalnum((unsigned char)src[1])) { src++; return P; }
    if (*src == 'R' && !isalnum((unsigned char)src[1])) { src++; return R; }
    if (!isdigit((unsigned char)*src)) fail("expected a number");
    long long v = 0;
    while (isdigit((unsigned char)*src)) v = v * 10 + (*src++ - '0');
    return v;
}
static long long term(void)
{
    long long v = atom();
    for (;;) {
        if (accept('*')) v *= atom();
        else if (accept('/')) { long long d = atom(); if (!d) fail("division by zero"); v /= d; }
        else if (accept('%')) { long long d = atom(); if (!d) fail("division by zero"); v %= d; }
        else return v;
    }
}
static long long expr(void)
{
    long long v = term();
    for (;;) { if (accept('+')) v += term(); else if (accept('-')) v -= term(); else return v; }
}

static int list(long long *out, int max)
{
    int n = 0;
    expect('[');
    if (accept(']')) return 0;
    do { if (n == max) fail("list too long"); out[n++] = expr(); } while (accept(','));
    expect(']');
    return n;
}

static int word(char *buf, int max)
{
    ws();
    int n = 0;
    while (*src && (isalnum((unsigned char)*src) || *src == '_')) { if (n < max - 1) buf[n++] = *src; src++; }
    buf[n] = 0;
    return n;
}

#define MAXL 4096
static MPI_Datatype type(void);
static MPI_Datatype build(long long *a, long long *b, long long *c);

static int order(void)
{
    char w[8]; word(w, sizeof w);
    if (!strcmp(w, "C")) return MPI_ORDER_C;
    if (!strcmp(w, "F")) return MPI_ORDER_FORTRAN;
    fail("expected C or F"); return 0;
}

static MPI_Datatype type(void)
{
    /* Lists live in this call's frame: a child type parsed later must not overwrite them. */
    long long *a = malloc(3 * MAXL * sizeof(long long)), *b = a + MAXL, *c = b + MAXL;
    MPI_Datatype result = build(a, b, c);
    free(a);
    return result;
}

static MPI_Datatype build(long long *a, long long *b, long long *c)
{
    char w[32];
    if (!word(w, sizeof w)) fail("expected a type");
    static const struct { const char *n; MPI_Datatype t; } named[] = {
        {"byte", MPI_BYTE}, {"char", MPI_CHAR}, {"short", MPI_SHORT}, {"int", MPI_INT}, {"long", MPI_LONG},
        {"longlong", MPI_LONG_LONG}, {"float", MPI_FLOAT}, {"double", MPI_DOUBLE}};
    for (unsigned i = 0; i < sizeof named / sizeof *named; i++) if (!strcmp(w, named[i].n)) return named[i].t;
    MPI_Datatype t, old;
    expect('(');
    if (!strcmp(w, "contig")) {
        int n = (int)expr(); expect(','); old = type();
        MPI_Type_contiguous(n, old, &t);
    } else if (!strcmp(w, "vector") || !strcmp(w, "hvector")) {
        int cnt = (int)expr(); expect(','); int bl = (int)expr(); expect(','); long long s = expr(); expect(','); old = type();
        if (w[0] == 'v') MPI_Type_vector(cnt, bl, (int)s, old, &t); else MPI_Type_create_hvector(cnt, bl, (MPI_Aint)s, old, &t);
    } else if (!strcmp(w, "indexed") || !strcmp(w, "hindexed")) {
        int n = list(a, MAXL); expect(','); int m = list(b, MAXL); expect(','); old = type();
        if (n != m) fail("lists differ in length");
        int *bl = malloc(sizeof(int) * (n + 1)), *di = malloc(sizeof(int) * (n + 1)); MPI_Aint *dh = malloc(sizeof(MPI_Aint) * (n + 1));
        for (int i = 0; i < n; i++) { bl[i] = (int)a[i]; di[i] = (int)b[i]; dh[i] = (MPI_Aint)b[i]; }
        if (w[0] == 'i') MPI_Type_indexed(n, bl, di, old, &t); else MPI_Type_create_hindexed(n, bl, dh, old, &t);
        free(bl); free(di); free(dh);
    } else if (!strcmp(w, "indexed_block") || !strcmp(w, "hindexed_block")) {
        int bl = (int)expr(); expect(','); int n = list(b, MAXL); expect(','); old = type();
        int *di = malloc(sizeof(int) * (n + 1)); MPI_Aint *dh = malloc(sizeof(MPI_Aint) * (n + 1));
        for (int i = 0; i < n; i++) { di[i] = (int)b[i]; dh[i] = (MPI_Aint)b[i]; }
        if (w[0] == 'i') MPI_Type_create_indexed_block(n, bl, di, old, &t); else MPI_Type_create_hindexed_block(n, bl, dh, old, &t);
        free(di); free(dh);
    } else if (!strcmp(w, "struct")) {
        int n = list(a, MAXL); expect(','); int m = list(b, MAXL); expect(',');
        if (n != m) fail("lists differ in length");
        MPI_Datatype *ts = malloc(sizeof(MPI_Datatype) * (n + 1));
        expect('[');
        for (int i = 0; i < n; i++) { if (i) expect(','); ts[i] = type(); }
        expect(']');
        int *bl = malloc(sizeof(int) * (n + 1)); MPI_Aint *dh = malloc(sizeof(MPI_Aint) * (n + 1));
        for (int i = 0; i < n; i++) { bl[i] = (int)a[i]; dh[i] = (MPI_Aint)b[i]; }
        MPI_Type_create_struct(n, bl, dh, ts, &t);
        free(ts); free(bl); free(dh);
    } else if (!strcmp(w, "subarray")) {
        int n = list(a, 32); expect(','); list(b, 32); expect(','); list(c, 32); expect(',');
        int ord = order(); expect(','); old = type();
        int sz[32], sub[32], st[32];
        for (int i = 0; i < n; i++) { sz[i] = (int)a[i]; sub[i] = (int)b[i]; st[i] = (int)c[i]; }
        MPI_Type_create_subarray(n, sz, sub, st, ord, old, &t);
    } else if (!strcmp(w, "darray")) {
        long long g[32], d[32], p[32];
        int size = (int)expr(); expect(','); int rank = (int)expr(); expect(',');
        int n = list(g, 32); expect(',');
        int dist[32], nd = 0;
        expect('[');
        do { char dw[4]; word(dw, sizeof dw); dist[nd++] = dw[0] == 'b' ? MPI_DISTRIBUTE_BLOCK : dw[0] == 'c' ? MPI_DISTRIBUTE_CYCLIC : MPI_DISTRIBUTE_NONE; } while (accept(','));
        expect(']'); expect(',');
        list(d, 32); expect(','); list(p, 32); expect(',');
        int ord = order(); expect(','); old = type();
        int gs[32], da[32], ps[32];
        for (int i = 0; i < n; i++) { gs[i] = (int)g[i]; da[i] = d[i] == -1 ? MPI_DISTRIBUTE_DFLT_DARG : (int)d[i]; ps[i] = (int)p[i]; }
        if (nd != n) fail("darray lists differ in length");
        MPI_Type_create_darray(size, rank, n, gs, dist, da, ps, ord, old, &t);
    } else if (!strcmp(w, "resized")) {
        long long lb = expr(); expect(','); long long ext = expr(); expect(','); old = type();
        MPI_Type_create_resized(old, (MPI_Aint)lb, (MPI_Aint)ext, &t);
    } else if (!strcmp(w, "dup")) {
        old = type();
        MPI_Type_dup(old, &t);
    } else {
        fail("unknown type constructor");
        return MPI_DATATYPE_NULL;
    }
    expect(')');
    MPI_Type_commit(&t);
    return t;
}

static MPI_Datatype parse_type(const char *s)
{
    src = s;
    MPI_Datatype t = type();
    ws();
    if (*src) fail("trailing text");
    return t;
}

static long long parse_expr(const char *s)
{
    src = s;
    long long v = expr();
    ws();
    if (*src) fail("trailing text");
    return v;
}

static unsigned char pattern(int r, long long j) { return (unsigned char)((r + 1) * 37 + j * 11 + (j >> 8) * 3); }

static void check(int rc, const char *what)
{
    if (rc != MPI_SUCCESS) {
        char msg[MPI_MAX_ERROR_STRING]; int len, cls;
        MPI_Error_string(rc, msg, &len);
        MPI_Error_class(rc, &cls);
        /* The class is printed so a test can compare it with MpiIo's. The accesses tested for errors fail on
         * every rank alike, so the ranks finalize together instead of aborting (an abort can cut output short). */
        printf("rank %d: ERROR %s class %d\n", R, what, cls);
        fprintf(stderr, "mpiio_peer: rank %d: %s failed: %s\n", R, what, msg);
        fflush(stdout);
        fflush(stderr);
        MPI_Finalize();
        exit(3);
    }
}

static void write_image(const char *file, const unsigned char *mem, long long span)
{
    char name[4096];
    snprintf(name, sizeof name, "%s.rank%d.mem", file, R);
    FILE *f = fopen(name, "wb");
    if (!f || fwrite(mem, 1, span, f) != (size_t)span) { fprintf(stderr, "mpiio_peer: cannot write %s\n", name); MPI_Abort(MPI_COMM_WORLD, 1); }
    fclose(f);
}

/* The oracle: the view's semantics computed with MPICH's datatype engine over an image of the file. The
 * data stream starts at view byte pos0 = (offset or the individual pointer) * etype size; the filetype copies
 * that hold it are packed from the image, the data spliced in (or out), and unpacked back. A mask image
 * built the same way marks exactly the bytes the view maps the data to; only those are written. */
static long long oracle_pointer;
static int oracle_access(const char *file, int writing, MPI_Offset disp, MPI_Datatype etype, MPI_Datatype ftype,
                         MPI_Datatype mtype, void *buf, int count, int explicit_offset, MPI_Offset offset, int round)
{
    int esize, fsize, msize, pos;
    MPI_Type_size(etype, &esize); MPI_Type_size(ftype, &fsize); MPI_Type_size(mtype, &msize);
    MPI_Aint flb, fext, ftlb, ftext;
    MPI_Type_get_extent(ftype, &flb, &fext); MPI_Type_get_true_extent(ftype, &ftlb, &ftext);
    if (round == 0) oracle_pointer = 0;
    long long len = (long long)count * msize;
    long long pos0 = (explicit_offset ? offset : oracle_pointer) * esize;
    if (!explicit_offset) oracle_pointer += len / esize;
    if (len == 0 || fsize == 0) return 0;
    long long c0 = pos0 / fsize, skip = pos0 % fsize, n = (skip + len + fsize - 1) / fsize;
    long long base = disp + c0 * fext;
    long long need = base + (n - 1) * fext + ftlb + ftext;
    FILE *f = fopen(file, "rb");
    long long size = 0;
    if (f) { fseek(f, 0, SEEK_END); size = ftell(f); fseek(f, 0, SEEK_SET); }
    long long cap = need > size ? need : size;
    unsigned char *img = calloc(cap + 1, 1), *mask = calloc(cap + 1, 1);
    if (f) { if (size && fread(img, 1, size, f) != (size_t)size) MPI_Abort(MPI_COMM_WORLD, 1); fclose(f); }
    int plen = (int)(n * fsize);
    unsigned char *packed = malloc(plen + 1), *data = malloc(len + 1);
    pos = 0;
    MPI_Pack(img + base, (int)n, ftype, packed, plen, &pos, MPI_COMM_SELF);
    if (writing) {
        pos = 0;
        MPI_Pack(buf, count, mtype, data, (int)len, &pos, MPI_COMM_SELF);
        memcpy(packed + skip, data, len);
        pos = 0;
        MPI_Unpack(packed, plen, &pos, img + base, (int)n, ftype, MPI_COMM_SELF);
        memset(packed, 0, plen);
        memset(packed + skip, 0xff, len);
        pos = 0;
        MPI_Unpack(packed, plen, &pos, mask + base, (int)n, ftype, MPI_COMM_SELF);
        int fd = open(file, O_WRONLY | O_CREAT, 0644);
        for (long long i = 0; i < cap; ) {
            if (!mask[i]) { i++; continue; }
            long long j = i;
            while (j < cap && mask[j]) j++;
            if (pwrite(fd, img + i, j - i, i) != j - i) MPI_Abort(MPI_COMM_WORLD, 1);
            i = j;
        }
        close(fd);
    } else {
        memcpy(data, packed + skip, len);
        pos = 0;
        MPI_Unpack(data, (int)len, &pos, buf, count, mtype, MPI_COMM_SELF);
    }
    free(img); free(mask); free(packed); free(data);
    return (int)len;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &R);
    if (argc < 8) {
        if (R == 0) fprintf(stderr, "usage: mpiio_peer MODE FILE DISP ETYPE FILETYPE MEMTYPE COUNT [--offset N] [--datarep R] [--hints k=v,..] [--rounds K]\n");
        MPI_Finalize();
        return 2;
    }
    const char *mode = argv[1], *file = argv[2], *datarep = "native", *hints = NULL, *offset_s = "0";
    int rounds = 1, oracle = 0;
    for (int i = 8; i < argc; i += 2) {
        if (!strcmp(argv[i], "--oracle")) { oracle = 1; i--; continue; }
        if (i + 1 >= argc) { fprintf(stderr, "mpiio_peer: %s needs a value\n", argv[i]); MPI_Abort(MPI_COMM_WORLD, 2); }
        if (!strcmp(argv[i], "--offset")) offset_s = argv[i + 1];
        else if (!strcmp(argv[i], "--datarep")) datarep = argv[i + 1];
        else if (!strcmp(argv[i], "--hints")) hints = argv[i + 1];
        else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
        else { fprintf(stderr, "mpiio_peer: unknown option %s\n", argv[i]); MPI_Abort(MPI_COMM_WORLD, 2); }
    }
    MPI_Offset disp = parse_expr(argv[3]);
    MPI_Datatype etype = parse_type(argv[4]), ftype = parse_type(argv[5]), mtype = parse_type(argv[6]);
    int count = (int)parse_expr(argv[7]);
    MPI_Offset offset = parse_expr(offset_s);
    int writing = !strncmp(mode, "write", 5);
    int at = strstr(mode, "_at") != NULL, all = strstr(mode, "_all") != NULL;

    MPI_Info info = MPI_INFO_NULL;
    if (hints) {
        MPI_Info_create(&info);
        char *h = strdup(hints), *save = NULL;
        for (char *kv = strtok_r(h, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(kv, '=');
            if (!eq) { fprintf(stderr, "mpiio_peer: bad hint %s\n", kv); MPI_Abort(MPI_COMM_WORLD, 2); }
            *eq = 0;
            /* A value that itself holds commas (cb_config_list) is written with ';' on the command line. */
            for (char *c = eq + 1; *c; c++) if (*c == ';') *c = ',';
            MPI_Info_set(info, kv, eq + 1);
        }
        free(h);
    }

    MPI_Aint lb, extent, tlb, textent;
    MPI_Type_get_extent(mtype, &lb, &extent);
    MPI_Type_get_true_extent(mtype, &tlb, &textent);
    int msize; MPI_Type_size(mtype, &msize);
    /* Memory spans every byte the count copies touch; the buffer pointer passed to MPI sits at
     * displacement 0, which may be inside the span when the type has negative displacements. */
    long long lo = tlb < 0 ? tlb : 0, hi = count > 0 ? (long long)(count - 1) * extent + tlb + textent : 0;
    if (hi < 0) hi = 0;
    long long span = hi - lo;
    unsigned char *mem = malloc(span + 1);
    for (long long j = 0; j < span; j++) mem[j] = writing ? pattern(R, j) : 0xEE;
    void *buf = mem - lo;

    if (oracle) {
        int got = 0;
        for (int k = 0; k < rounds; k++) {
            int esz; MPI_Type_size(etype, &esz);
            MPI_Offset off = at ? offset + (MPI_Offset)k * ((long long)count * msize / esz) : 0;
            got = oracle_access(file, writing, disp, etype, ftype, mtype, buf, count, at, off, k);
        }
        if (!writing) write_image(file, mem, span);
        printf("rank %d: %s %d bytes in the last call\n", R, mode, got);
        free(mem);
        MPI_Finalize();
        return 0;
    }
    MPI_File fh;
    int amode = writing ? (MPI_MODE_CREATE | MPI_MODE_RDWR) : MPI_MODE_RDONLY;
    check(MPI_File_open(MPI_COMM_WORLD, file, amode, info, &fh), "MPI_File_open");
    check(MPI_File_set_view(fh, disp, etype, ftype, datarep, info), "MPI_File_set_view");
    int esize; MPI_Type_size(etype, &esize);
    MPI_Status st;
    for (int k = 0; k < rounds; k++) {
        MPI_Offset off = offset + (MPI_Offset)k * ((long long)count * msize / esize);
        int rc;
        if (writing) {
            if (at) rc = all ? MPI_File_write_at_all(fh, off, buf, count, mtype, &st) : MPI_File_write_at(fh, off, buf, count, mtype, &st);
            else rc = all ? MPI_File_write_all(fh, buf, count, mtype, &st) : MPI_File_write(fh, buf, count, mtype, &st);
        } else {
            if (at) rc = all ? MPI_File_read_at_all(fh, off, buf, count, mtype, &st) : MPI_File_read_at(fh, off, buf, count, mtype, &st);
            else rc = all ? MPI_File_read_all(fh, buf, count, mtype, &st) : MPI_File_read(fh, buf, count, mtype, &st);
        }
        check(rc, mode);
    }
    int got; MPI_Get_count(&st, MPI_BYTE, &got);
    check(MPI_File_close(&fh), "MPI_File_close");
    if (!writing) write_image(file, mem, span);
    printf("rank %d: %s %d bytes in the last call\n", R, mode, got);
    free(mem);
    if (info != MPI_INFO_NULL) MPI_Info_free(&info);
    MPI_Finalize();
    return 0;
}
