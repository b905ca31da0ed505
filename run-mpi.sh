#!/usr/bin/env bash
# MpiIo's one entry point: installs what is missing, builds in Release when sources changed, and runs
# the main job, the tests, a benchmark or any program under mpiexec. See --help.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ART="$ROOT/artifacts"
STAMP="$ART/.build-stamp"
# The C ABI library (NativeAOT, src/MpiIo.Native) and the stamp of the sources it is built from.
NATIVE_LIB="$ART/native/libmpiio.so"
NATIVE_STAMP="$ART/native/.build-stamp"
# A test run's mpiexec jobs each have their own hard timeout; this bounds a user's run of a program.
: "${MPIIO_RUN_TIMEOUT:=0}"
# Every benchmark run under mpiexec is killed after this many seconds; the micro-benchmarks after the other.
: "${MPIIO_BENCH_TIMEOUT:=600}"
: "${MPIIO_MICRO_TIMEOUT:=1800}"

usage() {
  cat <<'EOF'
usage: ./run-mpi.sh [COMMAND] [ARGS]

  ./run-mpi.sh                      the main job: the PVFS paper's §4.1 benchmark, short sweep (about 2-3 minutes):
                                    starts a striped file system (1 metadata + 4 I/O servers on loopback, storage
                                    in a temporary folder), runs MpiIo (native, independent, collective) on it and
                                    on the local file system next to MPICH's MPI-IO, prints the summary; the last
                                    line is "report: PATH" (artifacts/paper/TIMESTAMP: CSV, JSON, Markdown, PNGs)
  ./run-mpi.sh paper [OPTIONS]      the same benchmark with any sweep (default: the full one; --short, --ranks,
                                    --io-servers, --requests, --reps, --quiet, ...; ./run-mpi.sh paper --help)
  ./run-mpi.sh test [FILTER]        build and run the whole test suite (NUnit; FILTER is a dotnet test --filter
                                    expression); the last line is "N passed, N failed[, N skipped]", and the
                                    exit status is non-zero on any failure
  ./run-mpi.sh -n N PROGRAM [ARGS]  run PROGRAM under mpiexec with N ranks. PROGRAM is one of the project's
                                    programs (demo, bench, ranktests) or the path of your own .NET MPI program (.dll)
  ./run-mpi.sh bench binding [-n N] the binding's overhead: MPI_Allreduce of 8 bytes and MPI_Bcast of 1 MiB from
                                    C# and from C (benchmarks/c/binding_bench.c, built with mpicc), one run, N ranks
                                    (default 2)
  ./run-mpi.sh mpiio COMMAND [ARGS]  the striped file system's tools (genconfig, serve, ping, ls, mkdir, rm, cp,
                                    stat, viewdist, statfs); ./run-mpi.sh mpiio --help lists them
  ./run-mpi.sh bench independent [-n N] [--dir DIR] [--size BYTES] [--xfer LIST] [--reps R] [--rounds K] [--hint K=V]
                                    independent contiguous write then read of --size bytes per rank (default 64m) at
                                    rank*size, --xfer bytes per call (comma list; default "block,4m"): MpiIo against
                                    pwrite/pread from C (benchmarks/c/posix_bench.c) and MPICH's MPI-IO
                                    (benchmarks/c/mpiio_bench.c), N ranks (default 2), on DIR (default /dev/shm)
  ./run-mpi.sh bench strided [-n N] [--dir DIR] [--shape LIST] [--reps R] [--rounds K] [--hint K=V]
                                    IOR's strided-datatype access: rank r's segment i of t bytes at (i*N + r)*t through a
                                    file view, one call; --shape is a comma list of t:s (default "64k:1024,4k:4096");
                                    MpiIo against MPICH's MPI-IO, with pwrite/pread of the same pieces as reference.
                                    Benchmarks print MB/s, mean of R repetitions (default 5) without the best and worst;
                                    every read is checked against the data written, and the files are removed;
                                    --hint passes an MPI-IO hint (repeatable) to both MPI-IO implementations;
                                    --rounds K runs the harnesses K times in turn and reports each figure's median;
                                    --collective makes both MPI-IO harnesses use write_at_all/read_at_all;
                                    strided --preload also runs the MPICH harness with the C ABI library preloaded
                                    (libmpiio.so, MPIIO_NATIVE_LIB) and adds its figures and the preloaded/MPICH ratio
  ./run-mpi.sh bench pvfs [--servers 1,2,4] [--ranks 1,2] [--request 4m] [--size BYTES] [--rounds K]
                                    the striped file system on loopback: TCP loopback MB/s (1 and 2 streams), then
                                    aggregate write/read MB/s of files on each --servers count for each --ranks count
                                    (native API and MPI-IO independent on pvfs:, % of loopback), then 4 KiB read and
                                    write latency of one client at queue depth 1 and 32; starts and stops its own
                                    servers, storage in a scratch folder (under TMPDIR, default /tmp) removed
                                    afterwards, also on INT/TERM;
                                    ./run-mpi.sh bench pvfs --help lists every option
  ./run-mpi.sh bench window [-n N] [--size BYTES] [--rounds K] [--dir DIR]
                                    file windows (docs/file-windows.md): mapping --size bytes (default 1g) read-only
                                    against MPI_File_read_at_all of the same range (fresh and reused buffers), with
                                    the mapping's phases timed apart; then a release after changing 1% of the bytes
                                    over 10% of the pages against writing the range back whole. Medians of K
                                    interleaved rounds (default 3), N ranks (default 2), files in DIR (default /tmp)
  ./run-mpi.sh micro [FILTER]       BenchmarkDotNet micro-benchmarks (benchmarks/MpiIo.Micro, Release): subarray view
                                    commit and block walks, strided pack/unpack; FILTER is a --filter glob (default *)
  ./run-mpi.sh --preload -n N PROGRAM [ARGS]
                                    run any MPICH program (C or Fortran, unmodified) under mpiexec with N ranks and
                                    MpiIo's C ABI library preloaded in every rank (mpiexec -genv LD_PRELOAD): its
                                    MPI_File_* calls go to MpiIo, the rest of MPI stays MPICH's. PROGRAM is a path,
                                    a harness name in artifacts/c (e.g. preload_smoke) or a command on PATH; the
                                    library is artifacts/native/libmpiio.so (MPIIO_NATIVE_LIB names another)
  ./run-mpi.sh build                only install what is missing and build
  ./run-mpi.sh --help               this text

Set-up: on a Debian machine without MPICH the script installs it (apt-get install mpich libmpich-dev) when
run as root, and prints the command to run otherwise. Builds go to artifacts/ in Release; a second run does
not rebuild when no source changed; the C ABI library is rebuilt only when src/MpiIo, src/MpiIo.Mpi or
src/MpiIo.Native changed. MPIIO_LIBMPI may name another library of the MPICH ABI. Each benchmark
run is killed after MPIIO_BENCH_TIMEOUT seconds (600), the micro-benchmarks after MPIIO_MICRO_TIMEOUT (1800).
EOF
}

log() { printf '%s\n' "run-mpi: $*" >&2; }
die() { printf '%s\n' "run-mpi: $*" >&2; exit 2; }

ensure_deps() {
  local missing=()
  command -v mpiexec >/dev/null 2>&1 || missing+=(mpich)
  command -v mpicc >/dev/null 2>&1 || missing+=(libmpich-dev)
  [[ -e /usr/lib/x86_64-linux-gnu/libmpich.so.12 || -n "${MPIIO_LIBMPI:-}" ]] || ldconfig -p 2>/dev/null | grep -q 'libmpich.so.12' || missing+=(libmpich12)
  command -v setsid >/dev/null 2>&1 || missing+=(util-linux)
  if ((${#missing[@]})); then
    local pkgs="${missing[*]}"
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      log "installing ${pkgs} from Debian"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends mpich libmpich-dev $pkgs >/dev/null
    else
      die "missing ${pkgs}; install with: sudo apt-get update && sudo apt-get install -y mpich libmpich-dev"
    fi
  fi
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (10.0) is not on PATH; install it, then run again"
  # gnuplot only draws the paper benchmark's plots: without it the report has no PNGs, so it is not fatal.
  if ! command -v gnuplot >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      log "installing gnuplot-nox from Debian"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1; } \
        || log "gnuplot-nox could not be installed; reports will have no plots"
    else
      log "gnuplot is missing (sudo apt-get install gnuplot-nox); reports will have no plots"
    fi
  fi
}

# The build is skipped when no tracked-or-new source file changed since the last successful build.
source_hash() {
  cd "$ROOT"
  local roots=() r
  for r in src tests benchmarks btio Directory.Build.props MpiIo.sln; do [[ -e "$r" ]] && roots+=("$r"); done
  find "${roots[@]}" \
       -path '*/bin' -prune -o -path '*/obj' -prune -o -type f \
       \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sln' -o -name '*.c' -o -name '*.h' -o -name '*.f90' -o -name '*.json' \) \
       -printf '%p %s %T@\n' 2>/dev/null | sort | sha1sum | cut -d' ' -f1
}

build() {
  ensure_deps
  local h; h="$(source_hash)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$h" && -f "$NATIVE_LIB" ]]; then return 0; fi
  log "building (Release)"
  mkdir -p "$ART"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  if ! dotnet build "$ROOT/MpiIo.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >"$ART/build.log" 2>&1; then
    grep -E 'error|Error' "$ART/build.log" | sort -u | head -40 >&2 || cat "$ART/build.log" >&2
    die "build failed (full log: artifacts/build.log)"
  fi
  build_c
  build_native
  echo "$h" >"$STAMP"
}

# The C ABI library: a NativeAOT publish (net9.0) of src/MpiIo.Native, copied to artifacts/native/libmpiio.so.
# It has a stamp of its own over the three projects it is compiled from, so other changes do not pay for it.
native_hash() {
  cd "$ROOT"
  find src/MpiIo src/MpiIo.Mpi src/MpiIo.Native Directory.Build.props \
       -path '*/bin' -prune -o -path '*/obj' -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) \
       -printf '%p %s %T@\n' 2>/dev/null | sort | sha1sum | cut -d' ' -f1
}

build_native() {
  local h; h="$(native_hash)"
  if [[ -f "$NATIVE_LIB" && -f "$NATIVE_STAMP" && "$(cat "$NATIVE_STAMP")" == "$h" ]]; then return 0; fi
  log "building the C ABI library (NativeAOT)"
  if ! dotnet publish "$ROOT/src/MpiIo.Native/MpiIo.Native.csproj" -c Release -f net9.0 -r linux-x64 -nologo -v quiet \
      -clp:ErrorsOnly >"$ART/build-native.log" 2>&1 || [[ ! -f "$NATIVE_LIB" ]]; then
    grep -E 'error|Error' "$ART/build-native.log" | sort -u | head -40 >&2 || cat "$ART/build-native.log" >&2
    die "the C ABI library did not build (full log: artifacts/build-native.log)"
  fi
  echo "$h" >"$NATIVE_STAMP"
}

# C harnesses (benchmarks/c, tests/c) are compiled with MPICH's mpicc next to the .NET build.
build_c() {
  mkdir -p "$ART/c"
  local src out
  for src in "$ROOT"/benchmarks/c/*.c "$ROOT"/tests/c/*.c; do
    [[ -e "$src" ]] || continue
    out="$ART/c/$(basename "${src%.c}")"
    local stale=0 h
    [[ ! -x "$out" || "$src" -nt "$out" ]] && stale=1
    # A harness also goes stale when a header beside it (e.g. benchmarks/c/io_bench.h) changes.
    for h in "$(dirname "$src")"/*.h; do [[ -e "$h" && "$h" -nt "$out" ]] && stale=1; done
    if ((stale)); then
      mpicc -O2 -Wall -o "$out" "$src" -lm || die "mpicc failed on $src"
    fi
  done
}

program_path() {
  local name="$1" proj=""
  case "$name" in
    demo) proj=MpiIo.Demo ;;
    bench) proj=MpiIo.Bench ;;
    ranktests) proj=MpiIo.RankTests ;;
    btio) proj=MpiIo.Btio; local p="$ART/bin/$proj/release/btio.dll"; [[ -f "$p" ]] || die "$proj is not built ($p missing)"; echo "$p"; return ;;
    *.dll) [[ -f "$name" ]] || die "no such program: $name"; echo "$name"; return ;;
    MpiIo.*) proj="$name" ;;
    *) die "unknown program '$name' (known: demo, bench, ranktests, or a path to a .dll)" ;;
  esac
  local p="$ART/bin/$proj/release/$proj.dll"
  [[ -f "$p" ]] || die "$proj is not built ($p missing)"
  echo "$p"
}

mpirun_n() {
  local n="$1"; shift
  local cmd=(mpiexec -n "$n" "$@")
  if [[ "$MPIIO_RUN_TIMEOUT" != 0 ]]; then cmd=(timeout -s KILL "$MPIIO_RUN_TIMEOUT" "${cmd[@]}"); fi
  "${cmd[@]}"
}

# Any MPICH program with the C ABI library preloaded in its ranks (not in mpiexec itself: -genv reaches only
# the ranks). Like the paper run it runs in a session of its own, so an interrupt or MPIIO_RUN_TIMEOUT
# stops mpiexec, its proxies and every rank together.
PRELOAD_PID=""
preload_cleanup() {
  if [[ -n "$PRELOAD_PID" ]]; then
    kill -KILL -- "-$PRELOAD_PID" 2>/dev/null || true
    PRELOAD_PID=""
  fi
}

run_preload() {
  [[ "${1:-}" == -n && $# -ge 3 ]] || die "usage: ./run-mpi.sh --preload -n N PROGRAM [ARGS]"
  local n="$2" prog="$3"; shift 3
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || die "--preload: -n needs a positive rank count, got '$n'"
  build
  local lib="${MPIIO_NATIVE_LIB:-$NATIVE_LIB}"
  [[ -f "$lib" ]] || die "--preload: the C ABI library $lib does not exist"
  lib="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
  if [[ "$prog" != */* && ! -e "$prog" ]]; then
    if [[ -x "$ART/c/$prog" ]]; then prog="$ART/c/$prog"
    else prog="$(command -v "$prog")" || die "--preload: no such program: $3"; fi
  fi
  [[ -x "$prog" ]] || die "--preload: $prog is not an executable"
  local cmd=(mpiexec -genv LD_PRELOAD "$lib" -n "$n" "$prog" "$@")
  if [[ "$MPIIO_RUN_TIMEOUT" != 0 ]]; then cmd=(timeout -s KILL "$MPIIO_RUN_TIMEOUT" "${cmd[@]}"); fi
  trap preload_cleanup EXIT
  trap 'preload_cleanup; exit 130' INT
  trap 'preload_cleanup; exit 143' TERM
  setsid "${cmd[@]}" &
  PRELOAD_PID=$!
  local rc=0
  wait "$PRELOAD_PID" || rc=$?
  preload_cleanup
  return "$rc"
}

# The PVFS paper's benchmark (benchmarks/MpiIo.Paper). Its driver starts the striped file system's servers
# in its own process and launches mpiexec; it runs in a session of its own (setsid: its pid is its process
# group), so the trap can stop it and everything it started when the script ends or is interrupted, and
# removes the scratch folder that holds the servers' storage and the local-file-system files.
PAPER_PID=""
PAPER_WORK=""
paper_cleanup() {
  if [[ -n "$PAPER_PID" ]]; then
    if kill -0 "$PAPER_PID" 2>/dev/null; then
      kill -TERM -- "-$PAPER_PID" 2>/dev/null || true
      local i
      for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$PAPER_PID" 2>/dev/null || break; sleep 0.5; done
    fi
    kill -KILL -- "-$PAPER_PID" 2>/dev/null || true
    PAPER_PID=""
  fi
  if [[ -n "$PAPER_WORK" ]]; then rm -rf "$PAPER_WORK"; PAPER_WORK=""; fi
}

run_paper() {
  # The tests run this on an already built tree; a rebuild there would race the test run's own build.
  [[ "${MPIIO_PAPER_NO_BUILD:-}" == 1 ]] || build
  local dll="$ART/bin/MpiIo.Paper/release/MpiIo.Paper.dll"
  [[ -f "$dll" ]] || die "MpiIo.Paper is not built ($dll missing)"
  case "${1:-}" in -h|--help) dotnet "$dll" --help; return 0 ;; esac
  PAPER_WORK="$(mktemp -d "${TMPDIR:-/tmp}/mpiio-paper.XXXXXX")"
  trap paper_cleanup EXIT
  trap 'paper_cleanup; exit 130' INT
  trap 'paper_cleanup; exit 143' TERM
  setsid dotnet "$dll" run --work "$PAPER_WORK" --report "$ART/paper/$(date -u +%Y%m%d-%H%M%S)" --peer "$ART/c/paper_peer" "$@" &
  PAPER_PID=$!
  local rc=0
  wait "$PAPER_PID" || rc=$?
  paper_cleanup
  return "$rc"
}

run_tests() {
  build
  local log="$ART/test.log" filter=()
  [[ $# -gt 0 ]] && filter=(--filter "$1")
  local rc=0
  # The whole suite is bounded; every mpiexec inside it also has its own hard timeout.
  set +e
  timeout -s KILL 1500 dotnet test "$ROOT/tests/MpiIo.Tests/MpiIo.Tests.csproj" -c Release --no-build \
      --logger "console;verbosity=normal" "${filter[@]}" 2>&1 | tee "$log" | grep -E --line-buffered '^\s+(Failed|Skipped) |Error Message|^Test Run'
  rc=${PIPESTATUS[0]}
  set -e
  local passed=0 failed=0 skipped=0
  if grep -qE '^Total tests:' "$log"; then
    passed=$(sed -nE 's/^[[:space:]]+Passed:[[:space:]]*([0-9]+)[[:space:]]*$/\1/p' "$log" | tail -1)
    failed=$(sed -nE 's/^[[:space:]]+Failed:[[:space:]]*([0-9]+)[[:space:]]*$/\1/p' "$log" | tail -1)
    skipped=$(sed -nE 's/^[[:space:]]+Skipped:[[:space:]]*([0-9]+)[[:space:]]*$/\1/p' "$log" | tail -1)
    passed=${passed:-0} failed=${failed:-0} skipped=${skipped:-0}
  elif [[ $rc -ne 0 ]]; then
    failed=1
    log "the test run ended without a summary (exit $rc); see artifacts/test.log"
  fi
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
  if ((skipped > 0)); then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  ((failed == 0))
}

# One benchmark harness under mpiexec, bounded: a hung or runaway run is killed and its file removed.
# Output goes to stdout; a failed run (bad data read back, I/O error, timeout) stops the benchmark.
bench_run() {
  local n="$1" dir="$2" stem="$3"; shift 3
  local rc=0 out
  out="$(timeout -s KILL "$MPIIO_BENCH_TIMEOUT" mpiexec -n "$n" "$@")" || rc=$?
  rm -f "$dir/$stem".*.dat
  if ((rc != 0)); then
    ((rc == 137)) && log "bench: killed after ${MPIIO_BENCH_TIMEOUT}s: $*"
    die "bench: run failed (exit $rc): $*"
  fi
  printf '%s\n' "$out"
}

# The figure NAME from harness IMPL in the raw lines "IMPL NAME MB/s slowest fastest": with several rounds,
# the median of the rounds' figures.
bench_value() {
  awk -v i="$1" -v k="$2" '$1==i && $2==k {print $3}' <<<"$3" | sort -g |
    awk '{v[NR]=$1} END { if (NR == 0) exit; if (NR % 2) printf "%.1f\n", v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2 }'
}

bench_legend() {
  local how="mean of $1 repetitions without best and worst"
  (($2 > 1)) && how="median over $2 interleaved rounds of: the $how"
  echo "MB/s (10^6 B/s, all ranks' bytes / slowest rank's time), $how"
}

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b == 0) print "-"; else printf "%.3f", a/b }'; }

# Issue 5's striped-file-system benchmark (MpiIo.Paper pvfs): TCP loopback, then bandwidth over 1, 2, 4 I/O servers
# x 1, 2 client ranks, then 4 KiB latency at queue depth 1 and 32. Its driver starts the servers in its own process
# and the client ranks under mpiexec; it is stopped and its scratch folder removed exactly as the paper benchmark's.
bench_pvfs() {
  [[ "${MPIIO_PAPER_NO_BUILD:-}" == 1 ]] || build
  local dll="$ART/bin/MpiIo.Paper/release/MpiIo.Paper.dll"
  [[ -f "$dll" ]] || die "MpiIo.Paper is not built ($dll missing)"
  case " $* " in *" -h "*|*" --help "*) dotnet "$dll" pvfs --help; return 0 ;; esac
  # Storage under TMPDIR (default /tmp): on this VM a new file fills faster in the disk's page cache (ext4 with
  # the servers' block reservation) than in tmpfs, whose fresh pages cost more; neither is synced.
  local base="${TMPDIR:-/tmp}"
  PAPER_WORK="$(mktemp -d "$base/mpiio-pvfs.XXXXXX")"
  trap paper_cleanup EXIT
  trap 'paper_cleanup; exit 130' INT
  trap 'paper_cleanup; exit 143' TERM
  setsid dotnet "$dll" pvfs --work "$PAPER_WORK" "$@" &
  PAPER_PID=$!
  local rc=0
  wait "$PAPER_PID" || rc=$?
  paper_cleanup
  return "$rc"
}

bench() {
  local what="${1:-}"; shift || true
  if [[ "$what" == pvfs ]]; then bench_pvfs "$@"; return; fi
  local n=2 dir=/dev/shm size=64m xfers="block,4m" shapes="64k:1024,4k:4096" reps=5 rounds=1 hints=() coll=() preload=
  # The window benchmark has its own defaults (1 GiB in /tmp, 3 rounds) unless they are given.
  local dir_set="" size_set="" rounds_set=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -n) n="${2:-}"; shift 2 ;;
      --dir) dir="${2:-}"; dir_set=1; shift 2 ;;
      --size) size="${2:-}"; size_set=1; shift 2 ;;
      --xfer) xfers="${2:-}"; shift 2 ;;
      --shape) shapes="${2:-}"; shift 2 ;;
      --reps) reps="${2:-}"; shift 2 ;;
      --rounds) rounds="${2:-}"; rounds_set=1; shift 2 ;;
      --hint) hints+=(--hint "${2:-}"); shift 2 ;;
      --collective) coll=(--collective yes); shift ;;
      --preload) preload=1; shift ;;
      -h|--help) usage; return 0 ;;
      *) die "bench: unknown argument $1 (see --help)" ;;
    esac
  done
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || die "bench: -n needs a positive rank count, got '$n'"
  [[ "$reps" =~ ^[0-9]+$ && "$reps" -ge 1 ]] || die "bench: --reps needs a positive count, got '$reps'"
  [[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 ]] || die "bench: --rounds needs a positive count, got '$rounds'"
  case "$what" in binding|independent|strided|window) ;; *) die "bench: unknown benchmark '${what}' (known: binding, independent, strided, window, pvfs; and ./run-mpi.sh micro)" ;; esac
  if [[ "$what" == window ]]; then
    [[ -n "$size_set" ]] || size=1g
    [[ -n "$dir_set" ]] || dir="${TMPDIR:-/tmp}"
    [[ -n "$rounds_set" ]] || rounds=3
    [[ "$size" =~ ^[0-9]+[kKmMgG]?$ && ! "$size" =~ ^0+[kKmMgG]?$ ]] || die "bench: --size takes a positive byte count with an optional k, m or g suffix, got '$size'"
  fi
  [[ "$what" == binding || -d "$dir" && -w "$dir" ]] || die "bench: --dir '$dir' is not a writable directory"
  [[ -z "$preload" || "$what" == strided ]] || die "bench: --preload is an option of bench strided only"
  local shape
  for shape in ${shapes//,/ }; do
    [[ "$shape" =~ ^[0-9]+[kKmM]?:[0-9]+$ ]] || die "bench: --shape takes t:s pairs like 64k:1024, got '$shape'"
  done
  build
  local dll; dll="$(program_path bench)"
  local mpich; mpich="$(mpichversion 2>/dev/null | head -1 | tr -s '\t ' ' ')"
  case "$what" in
    binding)
      echo "binding overhead, $n ranks, $mpich"
      local c cs
      c="$(timeout -s KILL "$MPIIO_BENCH_TIMEOUT" mpiexec -n "$n" "$ART/c/binding_bench")"
      cs="$(timeout -s KILL "$MPIIO_BENCH_TIMEOUT" mpiexec -n "$n" dotnet "$dll" binding)"
      printf '%-14s %12s %12s %8s\n' call "C (us)" "C# (us)" "C#/C"
      local name
      for name in allreduce8 bcast1m; do
        local a b
        a="$(awk -v k="$name" '$2==k {print $3}' <<<"$c")"
        b="$(awk -v k="$name" '$2==k {print $3}' <<<"$cs")"
        printf '%-14s %12s %12s %8s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.3f", b/a}')"
      done
      ;;
    independent)
      # Per transfer size: plain pwrite/pread from C, MPICH's MPI-IO, MpiIo; same file place, same timing.
      echo "${coll:+collective }contiguous I/O, $n ranks, $size per rank at rank*size, $dir, $mpich"
      bench_legend "$reps" "$rounds"
      local raw="" x round stem="mpiio-bench.$$"
      for round in $(seq "$rounds"); do
        for x in ${xfers//,/ }; do
          local xa=(); [[ "$x" == block ]] || xa=(--xfer "$x")
          local args=(independent --dir "$dir" --size "$size" "${xa[@]}" --reps "$reps" "${hints[@]}" "${coll[@]}" --name "$stem")
          raw+="$(bench_run "$n" "$dir" "$stem" "$ART/c/posix_bench" "${args[@]}")"$'\n'
          raw+="$(bench_run "$n" "$dir" "$stem" "$ART/c/mpiio_bench" "${args[@]}")"$'\n'
          raw+="$(bench_run "$n" "$dir" "$stem" dotnet "$dll" "${args[@]}")"$'\n'
        done
      done
      printf '%s' "$raw" >"$ART/bench-independent.txt"
      printf '%-14s %12s %10s %10s %12s %12s\n' "op-xfer" "pwrite/pread" "MPICH" "MpiIo" "MpiIo/POSIX" "MpiIo/MPICH"
      local name
      for name in $(awk '$1=="cs" && !seen[$2]++ {print $2}' <<<"$raw"); do
        local p m c
        p="$(bench_value posix "$name" "$raw")"; m="$(bench_value mpich "$name" "$raw")"; c="$(bench_value cs "$name" "$raw")"
        printf '%-14s %12s %10s %10s %12s %12s\n' "$name" "$p" "$m" "$c" "$(bench_ratio "$c" "$p")" "$(bench_ratio "$c" "$m")"
      done
      echo "(raw lines with slowest/fastest repetition: artifacts/bench-independent.txt)"
      ;;
    window)
      # Both file-window benchmarks in one run (tests/MpiIo.RankTests/Scenarios/WindowBenchmarks.cs), which
      # prints the medians itself; the files live in a scratch folder removed whatever the outcome.
      local ranktests; ranktests="$(program_path ranktests)"
      local scratch; scratch="$(mktemp -d "$dir/mpiio-window-bench.XXXXXX")"
      echo "file windows, $n ranks, $size, $rounds interleaved rounds, files in $dir, $mpich; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
      local out rc=0
      out="$(MPIIO_WINDOW_BENCH=1 MPIIO_WINDOW_BENCH_SIZE="$size" MPIIO_WINDOW_BENCH_ROUNDS="$rounds" MPIIO_TEST_ROOT="$scratch" \
        timeout -s KILL "$MPIIO_BENCH_TIMEOUT" mpiexec -n "$n" dotnet "$ranktests" window BenchMapVersusCollectiveRead BenchSparseRelease 2>&1)" || rc=$?
      rm -rf "$scratch"
      printf '%s\n' "$out" >"$ART/bench-window.txt"
      if ((rc != 0)) || ! grep -q '^RANKTESTS .* failed=0' <<<"$out"; then
        ((rc == 137)) && log "bench: killed after ${MPIIO_BENCH_TIMEOUT}s (MPIIO_BENCH_TIMEOUT)"
        grep -v '^BENCH ' <<<"$out" | tail -20 >&2
        die "bench: window run failed (exit $rc); output in artifacts/bench-window.txt"
      fi
      grep '^BENCH ' <<<"$out" | grep -v '^BENCH [a-z]* round ' | sed 's/^BENCH //'
      echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); each round's figures: artifacts/bench-window.txt"
      ;;
    strided)
      # IOR's --mpiio.useFileView --mpiio.useStridedDatatype shapes; POSIX pwrite/pread of the same pieces as reference.
      # --preload: the same MPICH harness binary again, its MPI_File_* calls answered by libmpiio.so.
      local lib=""
      if [[ -n "$preload" ]]; then
        lib="${MPIIO_NATIVE_LIB:-$NATIVE_LIB}"
        [[ -f "$lib" ]] || die "bench: --preload needs the C ABI library $lib; build it with ./run-mpi.sh build (or set MPIIO_NATIVE_LIB)"
        lib="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
      fi
      echo "${coll:+collective }strided view, $n ranks, segment i of rank r at (i*$n + r)*t, one call per access, $dir, $mpich"
      if [[ -n "$lib" ]]; then echo "preload: benchmarks/c/mpiio_bench with LD_PRELOAD=$lib"; fi
      bench_legend "$reps" "$rounds"
      local raw="" round stem="mpiio-bench.$$"
      for round in $(seq "$rounds"); do
        for shape in ${shapes//,/ }; do
          local args=(strided --dir "$dir" -t "${shape%%:*}" -s "${shape##*:}" --reps "$reps" "${hints[@]}" "${coll[@]}" --name "$stem")
          raw+="$(bench_run "$n" "$dir" "$stem" "$ART/c/mpiio_bench" "${args[@]}")"$'\n'
          raw+="$(bench_run "$n" "$dir" "$stem" dotnet "$dll" "${args[@]}")"$'\n'
          if [[ -n "$lib" ]]; then
            raw+="$(bench_run "$n" "$dir" "$stem" -genv LD_PRELOAD "$lib" "$ART/c/mpiio_bench" "${args[@]}" --impl preload)"$'\n'
          fi
          raw+="$(bench_run "$n" "$dir" "$stem" "$ART/c/posix_bench" "${args[@]}")"$'\n'
        done
      done
      printf '%s' "$raw" >"$ART/bench-strided.txt"
      if [[ -n "$lib" ]]; then
        printf '%-20s %10s %10s %12s %12s %14s %14s\n' "op-shape" "MPICH" "MpiIo" "MpiIo/MPICH" "preload (C)" "preload/MPICH" "POSIX pieces"
      else
        printf '%-20s %10s %10s %12s %14s\n' "op-shape" "MPICH" "MpiIo" "MpiIo/MPICH" "POSIX pieces"
      fi
      local name
      for name in $(awk '$1=="cs" && !seen[$2]++ {print $2}' <<<"$raw"); do
        local m c p
        m="$(bench_value mpich "$name" "$raw")"; c="$(bench_value cs "$name" "$raw")"; p="$(bench_value posix "$name" "$raw")"
        if [[ -n "$lib" ]]; then
          local l; l="$(bench_value preload "$name" "$raw")"
          printf '%-20s %10s %10s %12s %12s %14s %14s\n' "$name" "$m" "$c" "$(bench_ratio "$c" "$m")" "$l" "$(bench_ratio "$l" "$m")" "$p"
        else
          printf '%-20s %10s %10s %12s %14s\n' "$name" "$m" "$c" "$(bench_ratio "$c" "$m")" "$p"
        fi
      done
      echo "(raw lines with slowest/fastest repetition: artifacts/bench-strided.txt)"
      ;;
  esac
}

# BenchmarkDotNet micro-benchmarks (benchmarks/MpiIo.Micro), Release build, in-process; FILTER is
# BenchmarkDotNet's --filter glob (default: all). Reports land in BenchmarkDotNet.Artifacts/.
micro() {
  local filter="${1:-*}"
  build
  local dll="$ART/bin/MpiIo.Micro/release/MpiIo.Micro.dll"
  [[ -f "$dll" ]] || die "MpiIo.Micro is not built ($dll missing)"
  cd "$ROOT"
  timeout -s KILL "$MPIIO_MICRO_TIMEOUT" dotnet "$dll" --filter "$filter"
}

case "${1:-}" in
  -h|--help|help) usage ;;
  "") run_paper --short ;;
  paper) shift; run_paper "$@" ;;
  test) shift; run_tests "$@" ;;
  build) build ;;
  --preload) shift; run_preload "$@" ;;
  mpiio)
    shift
    build
    exec dotnet "$ART/bin/MpiIo.Tools/release/MpiIo.Tools.dll" "$@"
    ;;
  bench) shift; bench "$@" ;;
  micro) shift; micro "$@" ;;
  btio) shift; build; prog_dll="$(program_path btio)"; mpirun_n 1 dotnet "$prog_dll" "$@" ;;
  -n)
    [[ $# -ge 3 ]] || die "usage: ./run-mpi.sh -n N PROGRAM [ARGS]"
    n="$2"; prog="$3"; shift 3
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || die "-n needs a positive rank count, got '$n'"
    build
    prog_dll="$(program_path "$prog")"
    mpirun_n "$n" dotnet "$prog_dll" "$@"
    ;;
  *) die "unknown command '$1' (see --help)" ;;
esac
