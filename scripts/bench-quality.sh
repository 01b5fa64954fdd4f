#!/usr/bin/env bash
# Optimization quality on real data (issue 18, docs/quality.md): the paper's
# selection rules against the new defaults on BIG-Bench Hard tasks read from
# ../shared/data/bbh-dev/ (never copied into the repo), then `metaspo unseen`
# on three other tasks with n and 95% intervals.
#
#   scripts/bench-quality.sh [seed…]            (default: seed 42)
#
# Arms: `paper` and `defaults` (issue 18's rule sets); `mean`, `pareto` and
# `merge` (issue 21: the outer loop's selection, each with the new defaults).
#
# Environment: METASPO_BIN (a built binary), ARMS (default "paper defaults"),
# TRAIN (train examples per source task, default 20), VAL (validation examples
# for the defaults arm, default 20), ITER (iterations, default 1), SYS (system
# candidates, default 3), USERS (user candidates, default 2), UNSEEN_N (test
# examples per unseen task, default 100), PROMPTS (user prompts per unseen
# task, default 3; UNSEEN_N=0 skips the unseen step; UNSEEN_TASKS="" runs without
# unseen tasks), TEST (test examples per
# task in the runs, default 20), OUT (folder, default a new temporary one). Long: start it
# in the background and read $OUT/log.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(cd ../shared/data/bbh-dev && pwd)"
bin="${METASPO_BIN:-.build/debug/metaspo}"
[ -x "$bin" ] || { swift build >&2; bin=.build/debug/metaspo; }
out="${OUT:-$(mktemp -d -t metaspo-quality.XXXXXX)}"
mkdir -p "$out/tasks"
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(42)
read -r -a arms <<< "${ARMS:-paper defaults}"
train="${TRAIN:-20}"; val="${VAL:-20}"; iter="${ITER:-1}"
sys="${SYS:-3}"; users="${USERS:-2}"
unseen_n="${UNSEEN_N:-100}"; prompts="${PROMPTS:-3}"; test="${TEST:-20}"

# Source tasks (trained on) and unseen tasks (only tested): short gold answers,
# different kinds of reasoning, none shared; unseen ones have ≥ 125 test
# examples. Spec files give them a `bbh_` name: several share a built-in's.
sources=(sports_understanding hyperbaton causal_judgement)
read -r -a unseen <<< "${UNSEEN_TASKS-web_of_lies disambiguation_qa date_understanding}"
for t in "${sources[@]}" "${unseen[@]+"${unseen[@]}"}"; do
  printf 'name: bbh_%s\ndata: %s/%s.json\n' "$t" "$data" "$t" > "$out/tasks/bbh_$t.yaml"
done

# The rule sets; sizes, seed, meta-prompts and answer budgets are the same.
declare -A rules=(
  [paper]="${PAPER_RULES:---val-size 0 --accept tie --guards false}"
  [defaults]="--val-size $val --accept significant --guards true"
  [mean]="--val-size $val --accept significant --guards true --selection mean"
  [pareto]="--val-size $val --accept significant --guards true --selection pareto"
  [merge]="--val-size $val --accept significant --guards true --selection pareto --merge true"
)

echo "binary $bin; data $data; out $out; seeds ${seeds[*]}; arms ${arms[*]}; train $train; val $val; iterations $iter; system $sys; users $users; unseen n $unseen_n; prompts $prompts" | tee -a "$out/log"
# All optimization runs first, then the unseen tests, so the runs' own
# figures come in early; the response cache makes a rerun of a finished step free.
for seed in "${seeds[@]}"; do
  for name in "${arms[@]}"; do
    dir="$out/$name-$seed"
    mkdir -p "$dir"
    args=(run --headless --yes --sessions-dir "$dir" --seed "$seed" --train-size "$train" --test-size "$test"
      --iterations "$iter" --system-candidates "$sys" --user-candidates "$users" --top-k 1)
    for t in "${sources[@]}"; do args+=(--task-file "$out/tasks/bbh_$t.yaml"); done
    for t in "${unseen[@]+"${unseen[@]}"}"; do args+=(--unseen-task-file "$out/tasks/bbh_$t.yaml"); done
    # shellcheck disable=SC2206
    args+=(${rules[$name]})
    t0=$(date +%s)
    "$bin" "${args[@]}" > "$dir/run.log" 2>&1 || { echo "$name seed $seed: run failed, see $dir/run.log" | tee -a "$out/log"; continue; }
    t1=$(date +%s)
    session=$(ls "$dir"/*.jsonl | head -1)
    echo "$name seed $seed: run $((t1 - t0)) s, $session" | tee -a "$out/log"
    python3 scripts/session-costs.py "$session" >> "$out/log"
    grep -h '"candidate_rejected"' "$session" | python3 -c 'import json,sys,collections; c=collections.Counter(json.loads(l).get("rule","format") for l in sys.stdin); print("  rejections by rule:", dict(c))' | tee -a "$out/log"
    "$bin" export "$session" --best >> "$out/log"
  done
done
[ "$unseen_n" -gt 0 ] && [ ${#unseen[@]} -gt 0 ] || seeds=()
for seed in "${seeds[@]}"; do
  for name in "${arms[@]}"; do
    dir="$out/$name-$seed"
    session=$(ls "$dir"/*.jsonl 2>/dev/null | head -1)
    [ -n "$session" ] || continue
    t1=$(date +%s)
    # One user-prompts file per seed: every arm is tested under the same unseen
    # user prompts, and the default system prompt's answers are cache hits the
    # second time.
    "$bin" unseen "$session" --test-size "$unseen_n" --prompts "$prompts" \
      --user-prompts "$out/unseen-prompts-$seed.json" --baseline default > "$dir/unseen.txt" 2>&1 \
      || echo "$name seed $seed: unseen failed, see $dir/unseen.txt" | tee -a "$out/log"
    t2=$(date +%s)
    echo "$name seed $seed: unseen $((t2 - t1)) s" | tee -a "$out/log"
    cat "$dir/unseen.txt" >> "$out/log"
  done
done
echo "done; sessions and tables in $out" | tee -a "$out/log"
