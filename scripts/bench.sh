#!/usr/bin/env bash
# `make bench`: every benchmark that prints figures (parse throughput, live
# event latency, listing in process, `zwarm sessions --json` as a whole
# process), then a short summary of them all with the machine's core count.
# Figures, never assertions: a loaded machine gives slower ones.
set -euo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

cargo bench -p zwarm-core --benches 2>&1 | tee -a "$log"
cargo bench -p zwarm-cli --bench sessions 2>&1 | tee -a "$log"

echo
echo "== zwarm benchmarks on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
# Criterion prints a benchmark's name, then `time: [low median high]` (on
# the same line or the next) and, for throughput groups, `thrpt: [...]`;
# after a `change:` line the same keys give the change since the last run,
# which the summary leaves out (names start in the first column, details not).
awk '
  function median(line,   inner, v) {
    match(line, /\[[^]]*\]/)
    inner = substr(line, RSTART + 1, RLENGTH - 2)
    split(inner, v, " ")
    return v[3] " " v[4]
  }
  /^[^ ]/ { in_change = 0 }
  /^Benchmarking / { next }
  /^ *change:/ { in_change = 1; next }
  in_change && (/time:/ || /thrpt:/) { next }
  /time:/ {
    name = $0; sub(/time:.*/, "", name); gsub(/^ +| +$/, "", name)
    if (name == "") name = previous
    last = name
    printf "  %-52s %s\n", name, median($0)
    next
  }
  /thrpt:/ { printf "  %-52s %s\n", last " (throughput)", median($0); next }
  /^zwarm sessions --json|^live event latency/ { print "  " $0; next }
  NF { previous = $0; gsub(/^ +| +$/, "", previous) }
' "$log"
