#!/usr/bin/env bash
# Benchmark (d) of issue 8 with (nearly) equal work on both sides: wall time of
# a small real run on the embedded local model with prefix-friendly request
# order and without, the optimizer's replies replayed so that both runs write
# the same candidates. (scripts/bench-prefix-order.sh runs both sides live; its
# runs diverge, since the optimizer samples at temperature 1.) Prints figures;
# not a pass/fail test.
#
#   scripts/bench-prefix-order-replayed.sh [rounds] [preset] [extra metaspo run flags…]
#   e.g. scripts/bench-prefix-order-replayed.sh 1 quick --train-size 5 --test-size 4
#
# One `metaspo local-serve` server answers every run, behind
# scripts/optimizer-replay-proxy.py: a first run records the optimizer's
# replies; each measured run gets them back at once (keyed by meta-prompt and
# seed, not by the answers they quote) and sends every base request to the
# model. The response cache is off. llama.cpp does not reproduce its answers
# exactly from run to run even at temperature 0, so a few base requests can
# still differ between the two sides (a different prompt kept); the script
# prints how many both sides asked.
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
work="$(mktemp -d "${TMPDIR:-/tmp}/metaspo-prefix-replayed-XXXXXX")"
server_pid="" proxy_pid="" run_pid=""
stop() { # $1: pid, $2: signal (default INT: metaspo stops cleanly on it); then wait for it
  # (A background job of a script ignores SIGINT unless it handles it, as metaspo does; the proxy gets TERM.)
  [ -n "$1" ] && kill -"${2:-INT}" "$1" 2>/dev/null && wait "$1" 2>/dev/null || true
}
cleanup() {
  # The run first (it finishes its calls in flight), then what it talks to.
  stop "$run_pid"; stop "$proxy_pid" TERM; stop "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

first_line() { # $1: file, $2: pid; waits until the process has printed a line
  for _ in $(seq 1200); do
    [ -s "$1" ] && { head -1 "$1"; return; }
    kill -0 "$2" 2>/dev/null || { echo "a helper process ended; see ${1%.*}.err" >&2; trap - EXIT; exit 1; }
    sleep 0.5
  done
  echo "a helper process did not start; see ${1%.*}.err" >&2; exit 1
}

"$bin" local-serve --model "$model" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
upstream="$(first_line "$work/server.out" "$server_pid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["base_url"].removesuffix("/v1"))')"
echo "local model $model at $upstream; preset $preset ${flags[*]}"

run() { # $1: true|false, $2: label, $3: record|replay
  local dir="$work/${2// /-}"
  mkdir -p "$dir"
  python3 scripts/optimizer-replay-proxy.py --upstream "$upstream" --mode "$3" --replies "$work/replies.json" \
    --log "$dir/requests.jsonl" >"$dir/proxy.out" 2>"$dir/proxy.err" &
  proxy_pid=$!
  local url role
  url="$(first_line "$dir/proxy.out" "$proxy_pid")"
  {
    cat "configs/$preset.yaml"
    # One slot and one request queued at the server, as `run` sets for the embedded model.
    for role in base optimizer; do
      printf '%s_model:\n  base_url: %s\n  model: bench-%s\n  max_in_flight: 2\n  timeout_seconds: 900\n' "$role" "$url" "$role"
    done
  } >"$dir/config.yaml"
  local start end
  start=$(date +%s.%N)
  # In the background, so that a signal to this script is handled at once.
  OPENAI_API_KEY=unused "$bin" run --config "$dir/config.yaml" "${flags[@]}" --headless --yes --no-cache --sessions-dir "$dir" \
    --prefix-order "$1" >"$dir/out.txt" 2>"$dir/err.txt" &
  run_pid=$!
  wait "$run_pid" || { echo "run $2 failed; see $dir (kept)" >&2; trap - EXIT; stop "$proxy_pid" TERM; stop "$server_pid"; exit 1; }
  run_pid=""
  end=$(date +%s.%N)
  stop "$proxy_pid" TERM
  proxy_pid=""
  python3 - "$1" "$2" "$start" "$end" "$dir/requests.jsonl" "$(ls "$dir"/*.summary.json)" <<'PY'
import json, sys
mode, label, start, end, log, summary = sys.argv[1:]
rows = [json.loads(l) for l in open(log)]
base = [r for r in rows if r["role"] == "base"]
live = [r for r in rows if r["role"] == "optimizer" and not r["replayed"]]
replayed = [r for r in rows if r["role"] == "optimizer" and r["replayed"]]
seconds = sum(r["seconds"] for r in base)
best = json.load(open(summary)).get("bestSystem")
print(f"{label:<8} prefix_order={mode:<5}  wall {float(end) - float(start):7.1f} s  base {len(base):4d} calls, "
      f"{seconds / max(1, len(base)):5.2f} s each  optimizer {len(replayed)} replayed, {len(live)} live  best system prompt {best}")
PY
}

overlap() { # $1, $2: run folders
  python3 - "$work/$1/requests.jsonl" "$work/$2/requests.jsonl" <<'PY'
import json, sys
from collections import Counter
a, b = (Counter(json.loads(l)["key"] for l in open(p) if json.loads(l)["role"] == "base") for p in sys.argv[1:])
print(f"         base requests both sides asked: {sum((a & b).values())} of {sum(a.values())} (on) and {sum(b.values())} (off)")
PY
}

run true warm record
echo "optimizer replies recorded: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/replies.json")"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then run true "on $r" replay; run false "off $r" replay; else run false "off $r" replay; run true "on $r" replay; fi
  overlap "on-$r" "off-$r"
done
