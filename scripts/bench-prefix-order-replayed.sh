#!/usr/bin/env bash
# Benchmark (d) of issue 8 with equal work on both sides: wall time of a small
# real run on the embedded local model with prefix-friendly request order and
# without, the optimizer's replies replayed from a response cache so that both
# runs write the same candidates and ask the base model the same requests.
# (scripts/bench-prefix-order.sh runs both sides live; its runs diverge, since
# the optimizer samples at temperature 1.) Prints figures; not a pass/fail test.
#
#   scripts/bench-prefix-order-replayed.sh [rounds] [preset] [extra metaspo run flags…]
#   e.g. scripts/bench-prefix-order-replayed.sh 1 quick --train-size 5 --test-size 4
#
# One `metaspo local-serve` server answers every run, under two model names
# ("bench-base", "bench-optimizer"; llama.cpp serves its one model whatever the
# name), so the cache tells the roles apart. A first run fills a cache; its
# base replies are deleted; each measured run starts from a copy of what is
# left: every optimizer reply is a hit, every base request goes to the server.
# Each round runs "on" then "off", alternating which goes first.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-1}"
preset="${2:-quick}"
shift 2 || shift $# || true
flags=("$@")
[ -f "configs/$preset.yaml" ] || { echo "no preset configs/$preset.yaml" >&2; exit 1; }
model="${METASPO_LOCAL_MODEL:-qwen-1.5b}"

bin="${METASPO_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product metaspo >/dev/null
  bin="$(swift build -c release --show-bin-path)/metaspo"
fi
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/metaspo-prefix-replayed-XXXXXX")"
cleanup() {
  pkill -INT -P $$ 2>/dev/null || true  # a run in progress, and the server
  wait 2>/dev/null || true  # they stop cleanly (a run writes its session) before the folder goes
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$bin" local-serve --model "$model" >"$work/serve.json" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 600); do
  [ -s "$work/serve.json" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.5
done
url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["base_url"])' "$work/serve.json")"
echo "local model $model at $url; preset $preset ${flags[*]}"

# The preset, both roles at the server (one slot and one request queued, as
# `run` sets for the embedded model), and the run's own cache.
config() { # $1: cache dir
  local role
  cat "configs/$preset.yaml"
  for role in base optimizer; do
    printf '%s_model:\n  base_url: %s\n  model: bench-%s\n  max_in_flight: 2\n  timeout_seconds: 900\n' "$role" "$url" "$role"
  done
  echo "cache_dir: $1"
}

run() { # $1: true|false, $2: label, $3: cache dir
  local dir="$work/${2// /-}"
  mkdir -p "$dir"
  config "$3" >"$dir/config.yaml"
  local start end
  start=$(date +%s.%N)
  # In the background, so that a signal to this script is handled at once.
  OPENAI_API_KEY=unused "$bin" run --config "$dir/config.yaml" "${flags[@]}" --headless --yes --sessions-dir "$dir" \
    --prefix-order "$1" >"$dir/out.txt" 2>"$dir/err.txt" &
  wait $! || {
    echo "run $2 failed; see $dir (kept)" >&2; trap - EXIT; exit 1; }
  end=$(date +%s.%N)
  python3 - "$1" "$2" "$start" "$end" "$(ls "$dir"/*.summary.json)" <<'PY'
import json, sys
mode, label, start, end, path = sys.argv[1:]
s = json.load(open(path))
u = s.get("usage") or {}
b, o = u.get("base", {}), u.get("optimizer", {})
def mean(r): return r.get("latencySeconds", 0) / r["calls"] if r.get("calls") else 0
print(f"{label:<8} prefix_order={mode:<5}  wall {float(end) - float(start):7.1f} s  "
      f"base {b.get('calls', 0):4d} calls, {mean(b):5.2f} s each  optimizer {o.get('calls', 0):3d} calls  "
      f"best system prompt {s.get('bestSystem')}")
PY
}

run true warm "$work/cache-warm"
sqlite3 "$work/cache-warm/responses.sqlite" >/dev/null "PRAGMA wal_checkpoint(TRUNCATE); DELETE FROM responses WHERE model LIKE '%|bench-base'; VACUUM;"
echo "optimizer replies kept for replay: $(sqlite3 "$work/cache-warm/responses.sqlite" 'SELECT COUNT(*) FROM responses')"
measure() { # $1: true|false, $2: round
  rm -rf "$work/cache-$1-$2"
  mkdir -p "$work/cache-$1-$2"
  cp "$work/cache-warm/responses.sqlite" "$work/cache-$1-$2/"
  run "$1" "round $2" "$work/cache-$1-$2"
}
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then measure true "$r"; measure false "$r"; else measure false "$r"; measure true "$r"; fi
done
echo "optimizer calls above 0 in a measured run mean it asked something the warm run did not (a base reply came out differently)."
