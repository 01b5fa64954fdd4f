#!/usr/bin/env bash
# Benchmark (d) of issue 8: wall time of a small real run on the embedded local
# model with prefix-friendly request order and without (docs/engine.md,
# "Request order and throughput"). The response cache is off, so both runs ask
# the model everything; each run starts its own llama.cpp server, so neither
# inherits the other's prompt cache. Prints figures; it is not a pass/fail test.
#
#   scripts/bench-prefix-order.sh [rounds] [extra metaspo run flags…]
#   e.g. scripts/bench-prefix-order.sh 1 --preset quick        (the default run: ~124 base calls each)
#
# Each round runs "on" then "off", alternating which goes first, so a machine
# that gets busier or quieter over time does not favour one side.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-1}"
shift || true
flags=("$@")
[ ${#flags[@]} -gt 0 ] || flags=(--preset quick)

bin="${METASPO_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product metaspo >/dev/null
  bin="$(swift build -c release --show-bin-path)/metaspo"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/metaspo-prefix-XXXXXX")"
trap 'rm -rf "$work"' EXIT

run() { # $1: true|false, $2: round
  local dir="$work/$1-$2"
  mkdir -p "$dir"
  local start end
  start=$(date +%s.%N)
  "$bin" run "${flags[@]}" --headless --no-cache --yes --sessions-dir "$dir" --prefix-order "$1" >"$dir/out.txt" 2>"$dir/err.txt" || {
    echo "run with --prefix-order $1 failed; see $dir (kept)" >&2; trap - EXIT; exit 1; }
  end=$(date +%s.%N)
  local summary
  summary="$(ls "$dir"/*.summary.json)"
  python3 - "$1" "$2" "$start" "$end" "$summary" <<'PY'
import json, sys
mode, rnd, start, end, path = sys.argv[1:]
s = json.load(open(path))
u = s.get("usage") or {}
b, o = u.get("base", {}), u.get("optimizer", {})
def mean(r): return r.get("latencySeconds", 0) / r["calls"] if r.get("calls") else 0
print(f"round {rnd}  prefix_order={mode:<5}  wall {float(end) - float(start):7.1f} s  "
      f"base {b.get('calls', 0):4d} calls, {mean(b):5.2f} s each  optimizer {o.get('calls', 0):3d} calls, {mean(o):5.1f} s each  "
      f"best system prompt {s.get('bestSystem')}")
PY
}

echo "metaspo run ${flags[*]} --no-cache, $rounds round(s), embedded local model"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then run true "$r"; run false "$r"; else run false "$r"; run true "$r"; fi
done
