#!/usr/bin/env python3
"""An OpenAI-compatible pass-through for benchmark (d) (scripts/bench-prefix-order-replayed.sh).

Requests for the model "bench-optimizer" are the optimizer's: in `record` mode
they go to the upstream server and their replies are kept in --replies; in
`replay` mode a kept reply is returned at once. A reply is keyed by the
request's system message (which meta-prompt) and its seed (metaspo derives it
from the run seed and a sample index unique to iteration, phase, task, slot and
attempt), not by the user message: that quotes the base model's answers, which
llama.cpp does not reproduce exactly from run to run even at temperature 0.
Every other request goes upstream. Each request is logged as one JSON line.

Prints its base URL (http://127.0.0.1:PORT/v1) on the first line of stdout.
"""
import argparse
import hashlib
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--upstream", required=True, help="the server's root, like http://127.0.0.1:PORT")
parser.add_argument("--mode", choices=["record", "replay"], required=True)
parser.add_argument("--replies", required=True, help="JSON file of optimizer replies")
parser.add_argument("--log", required=True, help="where each request is logged (JSON lines)")
args = parser.parse_args()

lock = threading.Lock()
replies = {}
if args.mode == "replay":
    with open(args.replies) as f:
        replies = json.load(f)
log = open(args.log, "a", buffering=1)


def optimizer_key(body):
    system = next((m.get("content", "") for m in body.get("messages", []) if m.get("role") == "system"), "")
    return hashlib.sha256(f"{system}\n{body.get('seed')}".encode()).hexdigest()


def messages_key(body):
    return hashlib.sha256(json.dumps(body.get("messages", []), sort_keys=True).encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def send(self, status, content_type, data):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def upstream(self, method, data):
        request = urllib.request.Request(args.upstream + self.path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=1800) as r:
                return r.status, r.headers.get("Content-Type", "application/json"), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", "application/json"), e.read()

    def do_GET(self):
        self.send(*self.upstream("GET", None))

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(data)
        except ValueError:
            body = {}
        optimizer = body.get("model") == "bench-optimizer"
        key = optimizer_key(body) if optimizer else messages_key(body)
        started = time.monotonic()
        if optimizer and args.mode == "replay":
            with lock:
                kept = replies.get(key)
            if kept is not None:
                log.write(json.dumps({"role": "optimizer", "key": key, "replayed": True, "seconds": 0}) + "\n")
                self.send(200, kept["type"], kept["body"].encode())
                return
        status, content_type, reply = self.upstream("POST", data)
        seconds = time.monotonic() - started
        if optimizer and args.mode == "record" and status == 200:
            with lock:
                replies[key] = {"type": content_type, "body": reply.decode()}
                with open(args.replies, "w") as f:
                    json.dump(replies, f)
        role = "optimizer" if optimizer else "base"
        log.write(json.dumps({"role": role, "key": key, "replayed": False, "status": status, "seconds": round(seconds, 3)}) + "\n")
        self.send(status, content_type, reply)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
sys.exit(0)
