#!/usr/bin/env bash
# The PVFS paper's Table 2 for btio: BT-IO read and write MB/s against the number of processes, on the local
# file system (MpiIo, and the same view through MPICH's ROMIO with tests/c/btio_peer.c) and, when
# MPIIO_PVFS_CONFIG names a running striped file system, on it too. Each run writes a JSON result; the table
# is `btio report` over all of them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
class=A procs="1 4 9" subtype=full dir=/dev/shm pvfs_dir=/ out="" runs=1 peer=1
hints=() peer_hints=""

usage() {
  cat <<'USAGE'
usage: btio/sweep.sh [--class A] [--procs "1 4 9"] [--subtype full] [--dir DIR] [--pvfs-dir /] [--runs N]
                     [--hint KEY=VALUE]... [--no-peer] [--out DIR]

  --class     problem class S W A B C (default A)
  --procs     process counts, squares (default "1 4 9")
  --subtype   full, simple or epio (default full)
  --dir       local directory of the files (default /dev/shm); files are deleted after each run
  --pvfs-dir  directory on the striped file system, used when MPIIO_PVFS_CONFIG is set (default /)
  --runs      runs per point, averaged by the report (default 1)
  --hint      an MPI-IO hint for every run, e.g. striping_unit=16384 (the PVFS paper's stripe size)
  --no-peer   skip MPICH's ROMIO (tests/c/btio_peer.c; full subtype only)
  --out       where the JSON results and table2.md go (default: a new directory under /tmp)
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --class) class="$2"; shift 2 ;;
    --procs) procs="$2"; shift 2 ;;
    --subtype) subtype="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --pvfs-dir) pvfs_dir="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --hint) hints+=(--hint "$2"); peer_hints="${peer_hints:+$peer_hints,}$2"; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "sweep: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$out" ]] || out="$(mktemp -d /tmp/btio-sweep.XXXXXX)"
mkdir -p "$out"
"$ROOT/run-mpi.sh" build

for p in $procs; do
  for ((r = 1; r <= runs; r++)); do
    "$ROOT/run-mpi.sh" -n "$p" btio --class "$class" --subtype "$subtype" --dir "$dir" --delete "${hints[@]}" \
        --json "$out/ufs-$p-$r.json" | grep -E 'MB/s|Verification' | sed "s/^/[local P=$p] /"
    if [[ -n "${MPIIO_PVFS_CONFIG:-}" ]]; then
      "$ROOT/run-mpi.sh" -n "$p" btio --class "$class" --subtype "$subtype" --fs pvfs: --dir "$pvfs_dir" --delete "${hints[@]}" \
          --json "$out/pvfs-$p-$r.json" | grep -E 'MB/s|Verification' | sed "s/^/[pvfs P=$p] /"
    fi
    if [[ $peer == 1 && $subtype == full ]]; then
      mpiexec -n "$p" "$ROOT/artifacts/c/btio_peer" "$class" "$dir/btio.mpich.out" ${peer_hints:+--hints "$peer_hints"} --json "$out/mpich-$p-$r.json" | sed "s/^/[MPICH P=$p] /"
      rm -f "$dir/btio.mpich.out"
    fi
  done
done
"$ROOT/run-mpi.sh" btio report --out "$out/table2.md" "$out"/*.json
cat "$out/table2.md"
echo "results: $out"
