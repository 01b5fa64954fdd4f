#!/usr/bin/env python3
"""Where a run's time and tokens went, read from its session file(s).

Usage: scripts/session-costs.py SESSION.jsonl [...] [--json]

Per session: wall time, base and optimizer calls, seconds per optimizer call,
analysis length, rewrites accepted and rejected, mean answer tokens per base
call. The optimizer's seconds are the wall time of the steps in which only the
optimizer works (from a loop's start to its first analysis, candidate or
rejection: the engine records drafts once all are written), so they hold on a
one-slot local server where calls queue, and compare with the paper code's
optimizer time, which runs its calls one at a time.
"""
import json
import statistics
import sys

DRAFT_EVENTS = {"analysis_created", "candidate_created", "candidate_rejected", "warning"}


def read(path):
    events = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                print(f"{path}:{n}: skipped a line that is not JSON", file=sys.stderr)
                continue
            if "type" in e:
                events.append(e)
    return events


def costs(path):
    events = read(path)
    usage = {}
    for e in events:
        if e["type"] == "usage":
            usage[e["role"]] = e
    wall = max((e.get("t", 0) for e in events), default=0)
    # Optimizer-only stretches: from each inner/outer phase start to its first draft event.
    opt_seconds = 0.0
    start = None
    for e in events:
        if e["type"] == "phase_started" and e.get("phase") in ("inner", "outer"):
            start = e["t"]
        elif start is not None and e["type"] in DRAFT_EVENTS and not (e["type"] == "candidate_created" and e.get("origin") in ("manual", "initial")):
            opt_seconds += e["t"] - start
            start = None
        elif start is not None and e["type"] in ("evaluation_progress", "evaluation_finished", "phase_finished"):
            start = None  # nothing drafted (every example right)
    analyses = [e for e in events if e["type"] == "analysis_created"]
    words = [len(a["text"].split()) for a in analyses]
    rewrites = [e for e in events if e["type"] == "candidate_created" and e.get("origin") not in ("initial", "manual")]
    rejected = [e for e in events if e["type"] == "candidate_rejected"]
    finished = [e for e in events if e["type"] == "evaluation_finished" and "answer_tokens" in e]
    answers = sum(e["n"] for e in finished)
    answer_tokens = sum(e["answer_tokens"] * e["n"] for e in finished)
    cut = sum(e.get("cut", 0) for e in finished)
    opt = usage.get("optimizer", {})
    base = usage.get("base", {})
    opt_calls = opt.get("calls", 0) - opt.get("cache_hits", 0)
    return {
        "session": path,
        "wall_s": round(wall, 1),
        "base_calls": base.get("calls", 0),
        "base_completion_tokens": base.get("completion_tokens", 0),
        "optimizer_calls": opt.get("calls", 0),
        "optimizer_prompt_tokens": opt.get("prompt_tokens", 0),
        "optimizer_completion_tokens": opt.get("completion_tokens", 0),
        "optimizer_s": round(opt_seconds, 1),
        "s_per_optimizer_call": round(opt_seconds / opt_calls, 1) if opt_calls else None,
        "analyses": len(analyses),
        "analysis_words_mean": round(statistics.mean(words), 1) if words else None,
        "analysis_words_max": max(words) if words else None,
        "analyses_cut": sum(1 for a in analyses if a.get("cut")),
        "rewrites_accepted": len(rewrites),
        "rewrites_rejected": len(rejected),
        "rewrite_validity": round(len(rewrites) / (len(rewrites) + len(rejected)), 2) if rewrites or rejected else None,
        "answer_tokens_mean": round(answer_tokens / answers, 1) if answers else None,
        "answers_cut": cut if finished else None,
        "s_per_base_call": round((wall - opt_seconds) / base.get("calls", 1), 2) if base.get("calls") else None,
    }


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rows = [costs(p) for p in paths]
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        print(r["session"])
        for k, v in r.items():
            if k != "session":
                print(f"  {k:28} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
