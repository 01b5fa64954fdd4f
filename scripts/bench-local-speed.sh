#!/usr/bin/env bash
# Real-model speed on this machine (docs/benchmarks.md, "Tokens a run spends").
#
#   scripts/bench-local-speed.sh [rounds] [variant…]
#
# Variants (default: quick quick-nostop):
#   quick          `run --preset quick` with the defaults
#   quick-nostop   the same with --stop-at-answer false
#   quick-paper    the same with the pre-issue-17 requests: no stop, no short
#                  cap, no analysis cap, the paper's example blocks
#   paper          the paper-code-sized config on the built-in review tasks
#                  (product_reviews + hotel_reviews, restaurant_reviews unseen;
#                  train 10, test 20, 1 iteration, 3 system and 2 user
#                  candidates, top-2, exhaustive)
#   draft-eval     decode speed with and without speculative decoding
#                  (`eval` of 10 chain-of-thought answers; --draft qwen-0.5b)
#   stop-eval      the same replies with and without --stop-at-answer on six
#                  built-in tasks (STOP_EVAL_LIMIT examples each, default 8):
#                  tokens saved, predictions changed
#   runtime-eval   the same requests on the prebuilt wheel and on the native
#                  llama-server (`metaspo setup --runtime native` first)
#
# Each run gets a fresh response cache and a fresh server; variants alternate
# within a round. Per run it prints wall time, calls, seconds per optimizer
# call, tokens per answer, and the server's own prompt and decode rates (from
# its log). Set METASPO_BIN to use an already built binary, RUN_ARGS to add
# flags to every `run` (e.g. RUN_ARGS="--runtime wheel" once the native
# runtime is built, to measure what a first install runs).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(quick quick-nostop)

bin="${METASPO_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product metaspo >&2
  bin=".build/release/metaspo"
fi
work="$(mktemp -d -t metaspo-speed.XXXXXX)"
server_log="${XDG_DATA_HOME:-$HOME/.local/share}/metaspo/logs/server-qwen-1.5b.log"
echo "binary: $bin; scratch: $work; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Prompt and decode rates of the last server's requests (its log from the last
# "start" line metaspo wrote): tokens / seconds.
server_rates() {
  python3 - "$server_log" <<'PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
starts = [i for i, l in enumerate(lines) if l.startswith("[metaspo ") and "] start " in l]
pp_ms = pp_tok = tg_ms = tg_tok = 0.0
for line in lines[starts[-1] if starts else 0:]:
    m = re.search(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens", line)
    if m: pp_ms += float(m.group(1)); pp_tok += int(m.group(2)); continue
    m = re.search(r"\beval time =\s*([\d.]+) ms /\s*(\d+) tokens", line)
    if m: tg_ms += float(m.group(1)); tg_tok += int(m.group(2))
pp = pp_tok / (pp_ms / 1000) if pp_ms else 0
tg = tg_tok / (tg_ms / 1000) if tg_ms else 0
print(f"prompt {pp:.1f} tok/s ({int(pp_tok)} tokens evaluated), decode {tg:.1f} tok/s ({int(tg_tok)} tokens)")
PY
}

run_variant() {
  local variant="$1" round="$2"
  local dir="$work/$variant-$round"
  mkdir -p "$dir"
  local args=()
  case "$variant" in
    quick) args=(run --preset quick) ;;
    quick-nostop) args=(run --preset quick --stop-at-answer false) ;;
    quick-paper)
      # The quick preset as requests were before issue 17: the meta-prompts of
      # commit efc80e9, no stop, no short cap, no analysis or rewrite cap, the
      # paper's example blocks.
      for t in system_analysis system_writer user_analysis user_writer; do git show "efc80e9:prompts/$t.yaml" > "$dir/$t.yaml"; done
      { sed -n '2,$p' configs/quick.yaml
        echo "stop_at_answer: false"; echo "direct_answer_tokens: 0"; echo "compact_examples: false"
        echo "optimizer_model: {analysis_max_tokens: 1024}"
        echo "prompts: {system_analysis: system_analysis.yaml, system_writer: system_writer.yaml, user_analysis: user_analysis.yaml, user_writer: user_writer.yaml}"
      } > "$dir/quick-paper.yaml"
      args=(run --config "$dir/quick-paper.yaml") ;;
    paper)
      cat > "$dir/paper.yaml" <<'YAML'
# The official MetaSPO code's small config, on the built-in review tasks.
meta_train_tasks: [product_reviews, hotel_reviews]
meta_test_tasks: [restaurant_reviews]
train_size: 10
test_size: 20
iteration: 1
num_system_candidate: 3
num_user_candidate: 2
user_top_k: 2
strategy: exhaustive
seed: 42
YAML
      args=(run --config "$dir/paper.yaml") ;;
    draft-eval)
      for draft in none qwen-0.5b; do
        local t0 t1
        t0=$(date +%s.%N)
        XDG_CACHE_HOME="$dir/cache-$draft" "$bin" eval --system "You are a helpful assistant." --task object_counting \
          --limit 10 --draft "$draft" --no-cache > "$dir/eval-$draft.txt" 2>&1
        t1=$(date +%s.%N)
        printf '%s round %s draft=%s: %.1f s; %s; %s\n' "$variant" "$round" "$draft" "$(echo "$t1 - $t0" | bc)" \
          "$(grep -m1 'tokens per answer' "$dir/eval-$draft.txt" | sed 's/^ *//')" "$(server_rates)"
      done
      return ;;
    runtime-eval)
      for rt in wheel native; do
        local t0 t1
        t0=$(date +%s.%N)
        XDG_CACHE_HOME="$dir/cache-$rt" "$bin" eval --system "You are a helpful assistant." --task product_reviews --task object_counting \
          --limit 10 --runtime "$rt" --no-cache > "$dir/eval-$rt.txt" 2>&1
        t1=$(date +%s.%N)
        printf '%s round %s runtime=%s: %.1f s; %s\n' "$variant" "$round" "$rt" "$(echo "$t1 - $t0" | bc)" "$(server_rates)"
      done
      return ;;
    stop-eval)
      # The same replies with and without the stop at </answer>: tokens saved
      # and whether any answer read from them changes (greedy decoding writes
      # the same text up to the stop).
      local tasks=(--task object_counting --task navigate --task boolean_expressions --task date_arithmetic --task product_reviews --task fact_check_numbers)
      for stop in false true; do
        XDG_CACHE_HOME="$dir/cache-$stop" "$bin" eval --system "You are a helpful assistant." "${tasks[@]}" --limit "${STOP_EVAL_LIMIT:-8}" \
          --stop-at-answer "$stop" --no-cache --responses "$dir/replies-$stop.jsonl" > "$dir/eval-$stop.txt" 2>&1
        echo "stop-eval round $round stop_at_answer=$stop: $(server_rates)"
      done
      python3 - "$dir/replies-false.jsonl" "$dir/replies-true.jsonl" <<'PY'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = {(r["task"], r["index"]): r for r in (json.loads(l) for l in open(sys.argv[2]))}
tasks = {}
for r in a:
    s = b[(r["task"], r["index"])]
    t = tasks.setdefault(r["task"], {"n": 0, "tok_off": 0, "tok_on": 0, "changed": 0, "right_off": 0, "right_on": 0})
    t["n"] += 1; t["tok_off"] += r["tokens"]; t["tok_on"] += s["tokens"]
    t["changed"] += r["prediction"] != s["prediction"]; t["right_off"] += r["correct"]; t["right_on"] += s["correct"]
print("| task | n | tokens, no stop | tokens, stop at </answer> | saved | predictions changed | right (off → on) |")
print("|---|---|---|---|---|---|---|")
tot = {"n": 0, "tok_off": 0, "tok_on": 0, "changed": 0, "right_off": 0, "right_on": 0}
for name, t in tasks.items():
    for k in tot: tot[k] += t[k]
    print(f"| {name} | {t['n']} | {t['tok_off']} | {t['tok_on']} | {100*(1-t['tok_on']/max(1,t['tok_off'])):.0f}% | {t['changed']} | {t['right_off']} → {t['right_on']} |")
t = tot
print(f"| **all** | {t['n']} | {t['tok_off']} | {t['tok_on']} | {100*(1-t['tok_on']/max(1,t['tok_off'])):.0f}% | {t['changed']} | {t['right_off']} → {t['right_on']} |")
PY
      return ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  local t0 t1
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  XDG_CACHE_HOME="$dir/cache" "$bin" "${args[@]}" ${RUN_ARGS:-} --headless --yes --sessions-dir "$dir" > "$dir/run.log" 2>&1 || {
    echo "$variant round $round failed; see $dir/run.log" >&2; tail -5 "$dir/run.log" >&2; return 1; }
  t1=$(date +%s.%N)
  local session
  session=$(ls "$dir"/*.jsonl | head -1)
  printf '%s round %s: wall %.1f s; %s\n' "$variant" "$round" "$(echo "$t1 - $t0" | bc)" "$(server_rates)"
  python3 scripts/session-costs.py "$session" | sed 1d
}

for round in $(seq 1 "$rounds"); do
  # Alternate which variant goes first, so a drift in the machine's speed does not favour one.
  if (( round % 2 == 0 )); then
    order=(); for (( i=${#variants[@]}-1; i>=0; i-- )); do order+=("${variants[$i]}"); done
  else
    order=("${variants[@]}")
  fi
  for v in "${order[@]}"; do run_variant "$v" "$round"; done
done
echo "sessions kept in $work"
