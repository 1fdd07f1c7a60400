"""What the endpoint costs under load: server memory under large answers, and quick queries beside slow ones.

    python bench/endpoint.py [OUT]      # OUT: a build folder; default: the seeds, built into a temporary one

Two measurements against a real ``kgraph serve`` on 127.0.0.1:

- ``memory``: four concurrent ``SELECT *`` whose answers would be ~90 MB of JSON each (a
  cross product, so a small build is enough), once with the default caps and once with
  ``--max-rows 0 --max-bytes 0``. Reported: the server process's peak resident memory
  and that of the server with its live query workers (sampled every 20 ms; a worker is
  forked per query and dies after it, its copy-on-write pages counted again), the bytes
  each answer held, and the wall time.
- ``lanes``: two slow queries that run to the time limit (``--workers 2 --timeout 8``),
  then five quick ``ASK`` one after another; reported: each quick answer's latency.

Prints one JSON object.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KGRAPH = Path(sys.executable).with_name("kgraph")
BIG = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 150000"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_mb(pid: int) -> float:
    """The server's and its live query workers' resident memory (shared copy-on-write pages counted in each)."""
    total = rss_mb(pid)
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                total += rss_mb(int(child))
            except (FileNotFoundError, ProcessLookupError):
                pass  # a worker that just finished
    return total


def ask(base: str, text: str, timeout: float = 600) -> tuple[int, int, str]:
    """(status, body bytes, truncation header) of one POSTed query."""
    req = urllib.request.Request(base + "/sparql", urllib.parse.urlencode({"query": text}).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, len(resp.read()), resp.headers.get("X-Kgraph-Truncated", "")
    except urllib.error.HTTPError as err:
        return err.code, len(err.read()), ""


class Server:
    def __init__(self, out: Path, *flags: str) -> None:
        self.base = f"http://127.0.0.1:{(port := free_port())}"
        self.proc = subprocess.Popen([str(KGRAPH), "serve", str(out), "--port", str(port), *flags],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                urllib.request.urlopen(self.base + "/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None:
                    raise RuntimeError("kgraph serve did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def memory(out: Path, *flags: str) -> dict:
    server = Server(out, "--timeout", "300", "--workers", "4", *flags)
    idle = rss_mb(server.proc.pid)
    peak, tree, answers, done = idle, idle, [], threading.Event()

    def sample() -> None:
        nonlocal peak, tree
        while not done.is_set():
            peak = max(peak, rss_mb(server.proc.pid))
            try:
                tree = max(tree, tree_mb(server.proc.pid))
            except FileNotFoundError:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    threads = [threading.Thread(target=lambda: answers.append(ask(server.base, BIG))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    server.stop()
    return {"flags": " ".join(flags) or "(default caps)", "idle_mb": round(idle, 1), "peak_mb": round(peak, 1),
            "peak_with_workers_mb": round(tree, 1),
            "answer_mb": [round(b / 2**20, 1) for _, b, _ in answers], "status": [s for s, _, _ in answers],
            "truncated": sorted({t for _, _, t in answers}), "seconds": round(seconds, 2)}


def lanes(out: Path) -> dict:
    server = Server(out, "--timeout", "8", "--workers", "2")
    slow: list[int] = []
    threads = [threading.Thread(target=lambda: slow.append(ask(server.base, SLOW)[0])) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.5)  # both slow queries now hold the slow lane
    quick = []
    for _ in range(5):
        started = time.monotonic()
        status = ask(server.base, "ASK { ?s ?p ?o }")[0]
        quick.append((status, round(time.monotonic() - started, 3)))
    for t in threads:
        t.join()
    server.stop()
    return {"slow_status": slow, "quick": quick}


def main() -> None:
    scratch = None
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
    else:
        scratch = Path(tempfile.mkdtemp(prefix="kgraph-bench-endpoint-"))
        out = scratch / "out"
        subprocess.run([str(KGRAPH), "build", str(ROOT / "seeds"), "--out", str(out), "--quiet", "--no-html"],
                       check=True)
    try:
        print(json.dumps({"memory": [memory(out), memory(out, "--max-rows", "0", "--max-bytes", "0")],
                          "lanes": lanes(out)}, ensure_ascii=False, indent=1))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
