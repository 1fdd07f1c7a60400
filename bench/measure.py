"""The measurements bench/run.py makes, each in a fresh process of its own.

    python bench/measure.py jieba DIR [--procs N]           # bare jieba.lcut over DIR/*.txt
    python bench/measure.py build DIR OUT --jobs J [--profile FILE]
    python bench/measure.py serve STORE FILE [--mem-limit GB]  # answer query requests on stdin

A fresh process per measurement keeps them independent (no warm caches carried from one to
the next, and ru_maxrss is this measurement's own peak). ``jieba`` and ``build`` print one
JSON line; ``serve`` loads a dataset (``oxigraph``: the TriG natively; ``memory``: rdflib's
store, N-Quads through rdflib's parser), prints a JSON line when ready, then answers one JSON
request per line: {"query": NAME, "params": {...}, "timeout": S} -> {"seconds": S, "rows": N,
"engine": ...} (or {"timeout": true} / {"error": ...}), or {"dump_nquads": PATH} (Oxigraph only).
run.py kills a serve process that overruns.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def jieba_pass(folder: Path, procs: int = 1) -> dict:
    """jieba's default dictionary loaded (timed apart), then jieba.lcut over every text.

    With ``procs`` > 1 the texts are shared out among that many forked processes (the
    dictionary already loaded): a perfectly parallel job, which says how much faster
    this machine's cores, at this moment, can make any work run in parallel.
    """
    texts = _texts(folder)
    t0 = time.perf_counter()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    init = time.perf_counter() - t0
    gc.collect()
    t0, c0, k0 = time.perf_counter(), time.process_time(), _cpu(resource.RUSAGE_CHILDREN)
    if procs == 1:
        tokens = sum(len(jieba.lcut(text)) for text in texts)
    else:
        tokens = None
        children = []
        for i in range(procs):
            pid = os.fork()
            if pid == 0:
                for text in texts[i::procs]:
                    jieba.lcut(text)
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
    cpu = time.process_time() - c0 + _cpu(resource.RUSAGE_CHILDREN) - k0
    return {"init_s": round(init, 3), "seconds": round(time.perf_counter() - t0, 3), "procs": procs,
            "cpu_s": round(cpu, 3), "docs": len(texts), "chars": sum(map(len, texts)),
            "tokens": tokens, "maxrss_mb": _rss_mb()}


def build(folder: Path, out: Path, jobs: int, profile: Path | None = None) -> dict:
    """kgraph.pipeline.build(paths, out, jobs) after a warm-up document (jieba and lexicons loaded)."""
    t0 = time.perf_counter()
    from kgraph import ingest, pipeline

    first = min(folder.glob("*.txt"))
    pipeline.extract(ingest.read_document(first, folder))  # loads jieba, the lexicons, compiled rules
    init = time.perf_counter() - t0
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        ds, result = prof.runcall(pipeline.build, [folder], out, jobs=jobs)
        prof.dump_stats(profile)
        with open(profile.with_suffix(".txt"), "w") as fh:
            stats = pstats.Stats(prof, stream=fh).strip_dirs()
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(40)
    else:
        ds, result = pipeline.build([folder], out, jobs=jobs)
    wall = time.perf_counter() - t0
    return {"init_s": round(init, 3), "seconds": round(wall, 3), "build_seconds": round(result.seconds, 3),
            "cpu_s": round(time.process_time() - c0, 3), "workers_cpu_s": round(_cpu(resource.RUSAGE_CHILDREN), 3),
            "docs": result.documents, "failed": len(result.failures), "chars": result.chars,
            "triples": result.triples, "persons": result.persons, "posts": result.posts, "meetings": result.meetings,
            "maxrss_mb": _rss_mb(), "workers_maxrss_mb": _rss_mb(resource.RUSAGE_CHILDREN)}


class _Timeout(BaseException):
    """Raised by SIGALRM inside a query; a BaseException so kgraph's `except Exception` lets it through."""


def _alarm(signum, frame) -> None:
    raise _Timeout()


def serve(spec: str, file: Path, mem_limit_gb: float) -> None:
    """Load the dataset once, then time the canned queries asked for on stdin.

    A request's ``timeout`` is enforced with SIGALRM, which interrupts rdflib's pure-Python
    evaluation (Oxigraph's engine is interrupted when it hands a row back to Python; run.py
    kills the process if that never happens). The address space is capped so a query whose
    result explodes fails with MemoryError instead of taking the shared machine's memory.
    """
    import logging
    import signal

    limit = int(mem_limit_gb * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)

    from kgraph import query, store

    fallbacks: list[str] = []  # kgraph.query logs when Oxigraph refuses a query and rdflib's engine answers

    class _Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "did not run query" in record.getMessage():
                fallbacks.append(record.getMessage())

    qlog = logging.getLogger("kgraph.query")
    qlog.setLevel(logging.INFO)
    qlog.addHandler(_Catch())
    t0 = time.perf_counter()
    if spec == "oxigraph":
        ds = store.open_output(file.parent) if file.name == store.GRAPH_TRIG else None
        if ds is None:
            raise SystemExit(f"{file}: the Oxigraph side loads a build's graph.trig")
    else:
        ds = store.new_dataset("memory")
        store.load_nquads(ds, file.read_bytes())
    ready = {"store": spec, "load_s": round(time.perf_counter() - t0, 3), "quads": store.counts_triples(ds),
             "maxrss_mb": _rss_mb(), "pid": os.getpid()}
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if "dump_nquads" in req:
            import pyoxigraph

            store.oxigraph_of(ds).dump(req["dump_nquads"], pyoxigraph.RdfFormat.N_QUADS)
            print(json.dumps({"ok": True}), flush=True)
        else:
            gc.collect()
            fallbacks.clear()
            answer: dict = {}
            try:
                signal.setitimer(signal.ITIMER_REAL, req.get("timeout") or 0)
                t0 = time.perf_counter()
                result = query.run(ds, req["query"], req.get("params") or {})
                rows = len(result.bindings) if result.type == "SELECT" else len(result)
                answer = {"seconds": time.perf_counter() - t0, "rows": rows}
            except _Timeout:
                answer = {"timeout": True}
            except MemoryError:
                answer = {"error": f"MemoryError (address space capped at {mem_limit_gb:g} GB)"}
            except Exception as exc:  # reported, not fatal: the other queries still run
                answer = {"error": " ".join(repr(exc).split())[:300]}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            result = None
            answer["engine"] = "rdflib" if spec == "memory" or fallbacks else "oxigraph"
            answer["maxrss_mb"] = _rss_mb()
            print(json.dumps(answer), flush=True)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    j = sub.add_parser("jieba")
    j.add_argument("folder", type=Path)
    j.add_argument("--procs", type=int, default=1)
    b = sub.add_parser("build")
    b.add_argument("folder", type=Path)
    b.add_argument("out", type=Path)
    b.add_argument("--jobs", type=int, default=1)
    b.add_argument("--profile", type=Path)
    s = sub.add_parser("serve")
    s.add_argument("store", choices=("oxigraph", "memory"))
    s.add_argument("file", type=Path)
    s.add_argument("--mem-limit", type=float, default=10, help="address-space cap, GB")
    a = ap.parse_args(argv)
    if a.what == "jieba":
        print(json.dumps(jieba_pass(a.folder, a.procs)))
    elif a.what == "build":
        print(json.dumps(build(a.folder, a.out, a.jobs, a.profile)))
    else:
        serve(a.store, a.file, a.mem_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
