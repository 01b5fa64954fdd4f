#!/usr/bin/env python3
"""Writes few-shot variants of built-in tasks as task specs, for benchmark (d)
in the regime where request order should matter most: each user prompt
carries six solved examples (about 300-450 tokens shared by every request of a
prompt pair).

    scripts/make-fewshot-tasks.py OUT_DIR [TASK ...]   (default: object_counting
    boolean_expressions navigate; needs `metaspo` on PATH or METASPO_BIN)

Each task's train and test pools are exported with `metaspo tasks show --json`;
the last six train examples become the shots and leave the pools. Writes
OUT_DIR/<task>.jsonl and OUT_DIR/<task>_fewshot.yaml.
"""
import json, os, re, subprocess, sys

def pool(binary, task, split):
    out = subprocess.run(
        [binary, "tasks", "show", task, "--split", split, "--limit", "100000", "--train-size", "100000", "--test-size", "100000", "--json"],
        check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    rows = []
    for e in data["examples"]:
        m = re.search(r"<Question>(.*?)</Question>", e["prompt"], re.S)
        if not m:
            sys.exit(f"{task}: a {split} prompt has no <Question> block")
        rows.append({"question": m.group(1), "answer": e["gold"][0], "split": split})
    return data["task"], rows

def quote(text):
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir, tasks = sys.argv[1], sys.argv[2:] or ["object_counting", "boolean_expressions", "navigate"]
    binary = os.environ.get("METASPO_BIN", "metaspo")
    os.makedirs(out_dir, exist_ok=True)
    for task in tasks:
        info, train = pool(binary, task, "train")
        _, test = pool(binary, task, "test")
        shots, train = train[-6:], train[:-6]
        head, sep, tail = info["userPrompt"].partition("<Question>{question}</Question>")
        if not sep:
            sys.exit(f"{task}: its user prompt has no <Question>{{question}}</Question> slot")
        solved = "\n".join(
            f"Example {i}:\n<Question>{s['question']}</Question>\nAnswer: <answer>{s['answer']}</answer>" for i, s in enumerate(shots, 1))
        prompt = f"{head.strip()}\nHere are solved examples.\n{solved}\nNow the real question.\n<Question>{{question}}</Question>{tail}"
        with open(os.path.join(out_dir, f"{task}.jsonl"), "w") as f:
            for row in train + test:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        with open(os.path.join(out_dir, f"{task}_fewshot.yaml"), "w") as f:
            f.write(f"name: {task}_fewshot\ndomain: {info['domain']}\ndata: {task}.jsonl\n"
                    "columns: {question: question, answer: answer, split: split}\n"
                    f"user_prompt: {quote(prompt)}\nanswer: {info['answer']}\nmetric: {info['metric']}\n")
        print(f"{out_dir}/{task}_fewshot.yaml: {len(train)} train, {len(test)} test, user prompt {len(prompt)} characters")

if __name__ == "__main__":
    main()
