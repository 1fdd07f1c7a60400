"""kgraph's benchmark: build throughput against a bare jieba pass, and canned-query latency per store.

    .venv/bin/python bench/run.py [--docs 2000] [--json FILE]       # builds and queries, ~15 min on 2 cores
    .venv/bin/python bench/run.py --triples 1000000 [--json FILE]   # queries on ~10^6 triples

In one run, on a synthetic corpus (bench/generate.py; generated once into --work and reused):

1. the build without HTML: through the library (``kgraph.pipeline.build(paths, out, jobs=J)``,
   after one warm-up document; it keeps its Oxigraph store) and through the CLI as a subprocess
   (``kgraph build DIR --out OUT --no-html --no-analysis --no-validate --jobs J``, start-up included),
   for each --jobs: characters/s, documents/s, the --jobs speed-up, peak memory (ru_maxrss of each
   process: the build's main process and its largest worker), triples;
2. before and after each build, a bare ``jieba.lcut`` pass over the same texts (jieba's dictionary
   load timed apart): each build's ratio is to the mean of the two passes around it (the pass
   after one build is the pass before the next), and the medians over rounds are shown; after
   each --jobs J > 1 build, the jieba pass split over J forked processes: what a perfectly
   parallel job gains on this machine at that moment, beside the build's own --jobs speed-up
   (as measured, and against the jieba passes around each build); every other round builds
   the --jobs values in reverse order;
3. every canned query (ontology/queries/*.rq, through ``kgraph.query.run``) on the Oxigraph-backed
   dataset (the default store) and on rdflib's memory store loaded with the same quads: median
   of --query-runs runs each, a single run capped at --timeout seconds.

``--triples N`` sizes the corpus to about N triples (triples per document measured on a pilot
build) and runs one build and the query comparison there. Each measurement runs in a fresh
process (bench/measure.py); the machine and the load average at each step are recorded,
because other work on a shared machine moves every figure. Build rounds are repeated
(--repeat) and all of them are reported.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MEASURE = BENCH / "measure.py"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

import generate  # noqa: E402


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict:
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "ram_gb": round(mem / 1024 ** 2, 1),
            "python": platform.python_version(), "os": platform.platform(),
            **{p: version(p) for p in ("rdflib", "pyoxigraph", "oxrdflib", "jieba")},
            "kgraph_commit": commit, "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}


def child(args: list[str], timeout: float | None = None) -> dict:
    """Run a command, return its last JSON line (if any), wall time, peak RSS of its process tree, load."""
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{stderr[-3000:]}")
    lines = [x for x in stdout.splitlines() if x.startswith("{")]
    return {"data": json.loads(lines[-1]) if lines else {}, "stdout": stdout, "wall_s": round(wall, 3),
            "code": _code_state(),
            "tree_maxrss_mb": round(usage.ru_maxrss / 1024, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "load": [round(load0, 2), round(os.getloadavg()[0], 2)]}


def _code_state() -> str:
    """The commit and whether src/ or ontology/ has uncommitted changes: the tree may change between runs."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "ontology"],
                           capture_output=True, text=True).stdout.strip()
    return commit + ("+dirty" if dirty else "")


def corpus(work: Path, docs: int, seed: int) -> Path:
    """The generated corpus of ``docs`` documents, reused when --work already holds the same one."""
    folder = work / f"corpus-{seed}-{docs}"
    meta = folder / "corpus.json"
    if meta.exists():
        head = json.loads(meta.read_text(encoding="utf-8"))
        if head.get("generator") == generate.VERSION and head.get("docs") == docs:
            log(f"reusing {folder}")
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    log(f"generating {docs} documents into {folder}")
    generate.generate(folder, docs, seed)
    return folder


def run_builds(folder: Path, work: Path, jobs: list[int], repeat: int, cli: bool,
               cli_args: str = "--no-html --no-validate") -> dict:
    """Rounds of library builds per --jobs, then CLI builds per --jobs, each between two jieba passes.

    On a shared machine the speed of a core drifts by a third within minutes; a build's
    ratio is taken against the mean of the jieba pass just before it and the one just
    after it (which is also the next build's pass before), so drift is cancelled to first order.
    """
    kgraph = ROOT / ".venv" / "bin" / "kgraph"
    rounds = []
    for r in range(repeat):
        rnd: dict = {"pairs": {}}
        # every other round the other way round (--jobs 2 first), so that a drift during the round
        # favours each --jobs value in turn and cancels out of the medians
        order = rnd["order"] = jobs if r % 2 == 0 else jobs[::-1]
        builds = [("lib", j) for j in order] + ([("cli", j) for j in order] if cli else [])
        log(f"round {r + 1}: jieba pass")
        before = rnd["jieba"] = child([sys.executable, MEASURE, "jieba", folder])
        for kind, j in builds:
            key = f"{kind}_j{j}"
            log(f"round {r + 1}: {'library' if kind == 'lib' else 'CLI'} build --jobs {j}, then a jieba pass")
            if kind == "lib":
                rnd[key] = child([sys.executable, MEASURE, "build", folder, work / f"out-lib-j{j}", "--jobs", str(j)])
            else:
                res = child([kgraph, "build", folder, "--out", work / f"out-cli-j{j}", *cli_args.split(), "--jobs", str(j)])
                m = re.search(r"built (\d+) documents.*?(\d+) quads", res["stdout"])
                res["data"] = {"docs": int(m.group(1)), "triples": int(m.group(2))} if m else {}
                rnd[key] = res
            after = child([sys.executable, MEASURE, "jieba", folder])
            rnd["pairs"][key] = [before, after]
            before = after
            if j > 1:  # what J processes of a perfectly parallel job gain on this machine right now
                log(f"round {r + 1}: jieba pass in {j} processes")
                rnd.setdefault("parallel", {})[key] = child([sys.executable, MEASURE, "jieba", folder,
                                                             "--procs", str(j)])
        rounds.append(rnd)
    return {"rounds": rounds, "summary": summarize_builds(rounds, jobs)}


def _jieba_row(i: int, res: dict, what: str = "jieba.lcut") -> dict:
    jb = res["data"]
    return {"round": i, "what": what, "seconds": jb["seconds"], "cpu_s": round(jb["cpu_s"], 2),
            "chars_per_s": round(jb["chars"] / jb["seconds"]), "docs_per_s": round(jb["docs"] / jb["seconds"], 1),
            "init_s": jb["init_s"], "maxrss_mb": jb["maxrss_mb"], "load": res["load"], "code": res.get("code", "")}


def summarize_builds(rounds: list[dict], jobs: list[int]) -> list[dict]:
    """One row per jieba pass and per build; a build's ratio is to its own jieba pass (the one before it)."""
    rows = []
    for i, rnd in enumerate(rounds, start=1):
        pairs = rnd.get("pairs")
        if not pairs:  # results saved before builds were paired: one jieba pass per round
            rows.append(_jieba_row(i, rnd["jieba"]))
        for kind in ("lib", "cli"):
            for j in rnd.get("order", jobs):  # in the order they ran
                res = rnd.get(f"{kind}_j{j}")
                if res is None:
                    continue
                # the jieba passes around this build (one before it, in older results)
                passes = pairs[f"{kind}_j{j}"] if pairs else [rnd["jieba"]]
                passes = passes if isinstance(passes, list) else [passes]
                if pairs and (not rows or rows[-1].get("_pass") != passes[0]):
                    rows.append(_jieba_row(i, passes[0], "  jieba.lcut"))
                jb = passes[0]["data"]
                jieba_cps = jb["chars"] / statistics.mean(p["data"]["seconds"] for p in passes)
                d = res["data"]
                seconds = d["seconds"] if kind == "lib" else res["wall_s"]
                cpu = d["cpu_s"] + d["workers_cpu_s"] if kind == "lib" else res["cpu_s"]
                row = {"round": i, "what": f"{'library' if kind == 'lib' else 'CLI'} --jobs {j}", "seconds": seconds,
                       "cpu_s": round(cpu, 2), "chars_per_s": round(jb["chars"] / seconds),
                       "docs_per_s": round(jb["docs"] / seconds, 1),
                       "ratio": round(jb["chars"] / seconds / jieba_cps, 3),
                       "cpu_ratio": round(jb["cpu_s"] / cpu, 3), "triples": d.get("triples"), "load": res["load"],
                       "code": res.get("code", "")}
                if kind == "lib":
                    row.update(init_s=d["init_s"], maxrss_mb=d["maxrss_mb"], workers_maxrss_mb=d["workers_maxrss_mb"])
                else:
                    row.update(maxrss_mb=res["tree_maxrss_mb"])
                base = rnd.get(f"{kind}_j{jobs[0]}")
                if j != jobs[0] and base:
                    base_s = base["data"]["seconds"] if kind == "lib" else base["wall_s"]
                    row["speedup"] = round(base_s / seconds, 3)
                    if pairs:  # each build against the jieba passes around it: the drift of a core's speed taken out
                        base_passes = pairs[f"{kind}_j{jobs[0]}"]
                        base_ratio = statistics.mean(p["data"]["seconds"] for p in base_passes) / base_s
                        row["speedup_steady"] = round(row["ratio"] / base_ratio, 3)
                par = rnd.get("parallel", {}).get(f"{kind}_j{j}")
                if par:  # jieba's own speed-up with j processes, against the passes around this build
                    row["machine_speedup"] = round(statistics.mean(p["data"]["seconds"] for p in passes)
                                                   / par["data"]["seconds"], 3)
                rows.append(row)
                if par:
                    rows.append({**_jieba_row(i, par, f"  jieba.lcut ×{j}"), "speedup": row["machine_speedup"]})
                if pairs and len(passes) > 1:
                    rows.append({**_jieba_row(i, passes[-1], "  jieba.lcut"), "_pass": passes[-1]})
    return [{k: v for k, v in r.items() if k != "_pass"} for r in rows]


def medians(rows: list[dict]) -> list[str]:
    """Per kind of build, the median ratio and speed-up over the rounds."""
    out = []
    for what in dict.fromkeys(r["what"] for r in rows if "ratio" in r):
        mine = [r for r in rows if r["what"] == what]
        line = f"  {what:<16} median ratio {statistics.median(r['ratio'] for r in mine):.3f}"
        ups = [r["speedup"] for r in mine if "speedup" in r]
        if ups:
            line += f", median speed-up {statistics.median(ups):.3f} (rounds {', '.join(f'{u:.2f}' for u in ups)})"
        steady = [r["speedup_steady"] for r in mine if "speedup_steady" in r]
        if steady:
            line += (f", against the jieba passes around each build {statistics.median(steady):.3f} "
                     f"(rounds {', '.join(f'{u:.2f}' for u in steady)})")
        machine = [r["machine_speedup"] for r in mine if "machine_speedup" in r]
        if machine:
            line += (f" (jieba alone, split over as many processes at the same time: median "
                     f"{statistics.median(machine):.3f}; rounds {', '.join(f'{m:.2f}' for m in machine)})")
        out.append(line + f"  ({len(mine)} rounds)")
    return out


class Server:
    """A measure.py serve process holding one loaded dataset; a request that overruns gets it killed."""

    def __init__(self, spec: str, file: Path, mem_limit: float, load_timeout: float = 1800) -> None:
        self.spec, self.file = spec, file
        self.proc = subprocess.Popen([sys.executable, MEASURE, "serve", spec, file, "--mem-limit", str(mem_limit)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, cwd=ROOT)
        self.ready = self._read(load_timeout)
        if self.ready is None or self.ready.get("dead"):
            self.close()
            raise RuntimeError(f"the {spec} store did not load {file} within {load_timeout} s")

    def _read(self, timeout: float) -> dict | None:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ok = sel.select(timeout)
        sel.close()
        if not ok:
            return None
        line = self.proc.stdout.readline()
        if not line:  # it died (Oxigraph aborts when an allocation fails under --mem-limit)
            return {"error": f"the {self.spec} process died (exit {self.proc.wait()})", "dead": True}
        return json.loads(line)

    def ask(self, request: dict, timeout: float) -> dict | None:
        """The answer, or None after ``timeout`` seconds (the process is then killed)."""
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        answer = self._read(timeout)
        if answer is None:
            self.close()
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def query_params(folder: Path) -> dict[str, str]:
    """Values that exist in the corpus: the most frequent meeting name and the official in most documents."""
    from collections import Counter

    truth = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    meetings = Counter(d["meeting"]["name"] for d in truth["documents"])
    people = Counter(p["name"] for d in truth["documents"] for p in d["persons"])
    return {"meeting": meetings.most_common(1)[0][0], "name": people.most_common(1)[0][0]}


def run_queries(out_dir: Path, folder: Path, work: Path, opts: argparse.Namespace) -> dict:
    """Each canned query on Oxigraph and on rdflib's memory store: medians, ratios, row counts."""
    from kgraph import query

    values = query_params(folder)
    plan = [(q.name, {p.name: values[p.name] for p in q.params if p.required}) for q in query.list_queries()]
    nquads = work / "graph.nq"
    log(f"dumping {out_dir / 'graph.trig'} as N-Quads for rdflib")
    dumper = Server("oxigraph", out_dir / "graph.trig", opts.mem_limit)
    dumper.ask({"dump_nquads": str(nquads)}, 1800)
    dumper.close()
    results: dict = {"params": values, "queries": {name: {"params": params} for name, params in plan}}
    for spec, file in (("oxigraph", out_dir / "graph.trig"), ("memory", nquads)):
        log(f"loading the dataset into {spec}")
        server = Server(spec, file, opts.mem_limit)
        results[spec] = {"load": server.ready, "reloads": 0}
        for name, params in plan:
            if server is None:
                log(f"reloading {spec} after a query was killed")
                server = Server(spec, file, opts.mem_limit)
                results[spec]["reloads"] += 1
            log(f"{spec}: {name}")
            timing = _time_query(server, name, params, opts)
            results["queries"][name][spec] = timing
            if timing.get("killed"):
                server = None
        if server is not None:
            server.close()
    for row in results["queries"].values():
        o, m = row["oxigraph"], row["memory"]
        if "median_s" in o and "median_s" in m:
            row["ratio"] = round(m["median_s"] / o["median_s"], 1)
            row["same_rows"] = o["rows"] == m["rows"]
        elif "median_s" in o and m.get("timeout"):
            row["ratio"] = f"> {opts.timeout / o['median_s']:.0f}"
    return results


def _time_query(server: Server, name: str, params: dict, opts: argparse.Namespace) -> dict:
    """Up to --query-runs runs (fewer once --query-budget seconds are spent); the median and every run."""
    times: list[float] = []
    out: dict = {}
    for _ in range(opts.query_runs):
        # SIGALRM stops rdflib in time; Oxigraph's engine only when it hands a row back, so allow a grace
        answer = server.ask({"query": name, "params": params, "timeout": opts.timeout}, opts.timeout + 20)
        if answer is None:
            out.update(timeout=True, killed=True, note=f"> {opts.timeout:g} s")
            break
        if answer.get("dead"):
            out.update(killed=True, note=answer["error"])
            break
        if answer.get("timeout") or answer.get("error"):
            out.update(timeout=bool(answer.get("timeout")), engine=answer["engine"],
                       note=f"> {opts.timeout:g} s" if answer.get("timeout") else answer["error"])
            break
        times.append(answer["seconds"])
        out.update(rows=answer["rows"], engine=answer["engine"], maxrss_mb=answer["maxrss_mb"])
        if sum(times) > opts.query_budget:  # a slow query: fewer runs, as the report shows
            break
    out["runs_s"] = [round(t, 4) for t in times]
    if times and not out.get("timeout") and not out.get("note"):
        out["median_s"] = round(statistics.median(times), 4)
    return out


def pilot_triples_per_doc(work: Path, seed: int, docs: int = 200) -> float:
    folder = corpus(work, docs, seed)
    res = child([sys.executable, MEASURE, "build", folder, work / "out-pilot", "--jobs", "1"])
    return res["data"]["triples"] / res["data"]["docs"]


# --- report ---------------------------------------------------------------------------

def report(result: dict) -> str:
    m = result["machine"]
    out = [f"kgraph benchmark  {result['started']}  (mode: {result['mode']})",
           f"machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, rdflib {m['rdflib']}, "
           f"pyoxigraph {m['pyoxigraph']}, oxrdflib {m['oxrdflib']}, jieba {m['jieba']}, kgraph {m['kgraph_commit']}",
           f"at start: {m['uptime']}"]
    c = result.get("corpus")
    if c:
        out.append(f"corpus: {c['docs']} synthetic documents, {c['chars']:,} characters (seed {c['seed']}), {c['folder']}")
    if result.get("extraction"):
        out.append("extraction vs generated truth: " + ", ".join(
            f"{k} P {v['precision']:.3f} R {v['recall']:.3f}" for k, v in result["extraction"].items()))
    if result.get("builds"):
        out += ["", "build (no HTML) vs bare jieba.lcut passes over the same texts, one before and one after it; "
                "ratio = build chars/s / jieba chars/s (mean time of those two passes)",
                "library: pipeline.build(paths, out, jobs=J) after a warm-up document" + (
                    f"; CLI: kgraph build DIR --out OUT {result['cli_args']} --jobs J, start-up included"
                    if result.get("cli_args") else ""),
                "(cpu ratio = jieba CPU s / build CPU s incl. workers: what contention does not move)",
                f"{'round':>5}  {'what':<18}{'wall s':>8}{'CPU s':>8}{'chars/s':>10}{'docs/s':>8}{'ratio':>7}{'cpu r.':>7}"
                f"{'speedup':>8}{'peak MB':>15}{'triples':>10}  load before/after  code"]
        for r in result["builds"]["summary"]:
            peak = f"{r['maxrss_mb']:.0f}" + (f"+{r['workers_maxrss_mb']:.0f}w" if r.get("workers_maxrss_mb") and
                                              "jobs 1" not in r["what"] else "")
            out.append(f"{r['round']:>5}  {r['what']:<18}{r['seconds']:>8.2f}{r['cpu_s']:>8.2f}{r['chars_per_s']:>10,}"
                       f"{r['docs_per_s']:>8.1f}{r.get('ratio', ''):>7}{r.get('cpu_ratio', ''):>7}"
                       f"{r.get('speedup', ''):>8}{peak:>15}{r.get('triples') or '':>10}  {r['load'][0]} / {r['load'][1]}"
                       f"  {r.get('code', '')}")
        out.append("medians over the rounds:")
        out += medians(result["builds"]["summary"])
        jb = [r for r in result["builds"]["summary"] if r["what"].strip() == "jieba.lcut"]
        warm = [str(r["init_s"]) for r in result["builds"]["summary"] if r["what"].startswith("library")]
        out.append(f"jieba dictionary load: {', '.join(str(r['init_s']) for r in jb)} s; "
                   f"library warm-up (imports + first document, per library row): {', '.join(warm)} s")
        out.append("peak MB: ru_maxrss of the build's process (library: main process, +w the largest worker; "
                   "CLI: the largest process of its tree)")
    q = result.get("queries")
    if q:
        ox, mem = q["oxigraph"]["load"], q["memory"]["load"]
        out += ["", f"canned queries on {ox['quads']:,} quads; params: {json.dumps(q['params'], ensure_ascii=False)}",
                f"load: Oxigraph (graph.trig, native) {ox['load_s']} s, peak {ox['maxrss_mb']:.0f} MB; "
                f"rdflib memory (the same quads as N-Quads, rdflib's parser) {mem['load_s']} s, peak {mem['maxrss_mb']:.0f} MB",
                f"{'query':<16}{'Oxigraph s':>11}{'rdflib s':>11}{'ratio':>8}{'rows':>9}{'rdflib rows':>12}  "
                f"runs (Oxigraph | rdflib)"]

        def cell(t: dict) -> str:
            return f"{t['median_s']:.4f}" if "median_s" in t else t.get("note", "?")

        for name, row in q["queries"].items():
            o, m_ = row["oxigraph"], row["memory"]
            engine = "" if o.get("engine", "oxigraph") == "oxigraph" else " [rdflib engine]"
            out.append(f"{name:<16}{cell(o):>11}{cell(m_):>11}{str(row.get('ratio', '')):>8}{o.get('rows', ''):>9}"
                       f"{m_.get('rows', ''):>12}  {o['runs_s']} | {m_['runs_s']}{engine}")
        over = [n for n, r in q["queries"].items() if r["oxigraph"].get("median_s", 1e9) > 0.5]
        slow = [n for n, r in q["queries"].items() if not isinstance(r.get("ratio"), str) and (r.get("ratio") or 0) < 20]
        differ = [n for n, r in q["queries"].items() if r.get("same_rows") is False]
        out.append(f"issue targets (each ≥ 20× faster on Oxigraph, median ≤ 0.5 s): over 0.5 s: {over or 'none'}; "
                   f"under 20× (or unmeasured): {slow or 'none'}; row counts differ between stores: {differ or 'none'}")
        reloads = {s: q[s]["reloads"] for s in ("oxigraph", "memory") if q[s]["reloads"]}
        if reloads:
            out.append(f"stores reloaded after a killed query: {reloads}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--triples", type=int, default=0, help="size the corpus to about this many triples; queries")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to build with")
    ap.add_argument("--repeat", type=int, default=2, help="build rounds (all reported)")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI builds")
    ap.add_argument("--cli-args", default="--no-html --no-analysis --no-validate", help="options of the CLI builds besides --out/--jobs")
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--query-runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120, help="cap on one query run, seconds")
    ap.add_argument("--query-budget", type=float, default=150, help="stop repeating a query after this many seconds")
    ap.add_argument("--mem-limit", type=float, default=10, help="address-space cap of a query process, GB")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kgraph-bench")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--report", type=Path, metavar="JSON", help="only print the report of a saved --json file")
    a = ap.parse_args(argv)
    if a.report:
        saved = json.loads(a.report.read_text(encoding="utf-8"))
        print(report(saved) + f"\nat end: {saved.get('uptime_end', '?')}")
        return 0
    jobs = [int(x) for x in a.jobs.split(",")]
    a.work.mkdir(parents=True, exist_ok=True)
    result: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine()}
    log(result["machine"]["uptime"])
    if a.triples:
        result["mode"] = f"~{a.triples:,} triples"
        per_doc = pilot_triples_per_doc(a.work, a.seed)
        docs = math.ceil(a.triples / per_doc)
        log(f"{per_doc:.0f} triples per document -> {docs} documents")
        folder = corpus(a.work, docs, a.seed)
        result["triples_per_doc"] = round(per_doc, 1)
        result["builds"] = run_builds(folder, a.work, [max(jobs)], 1, cli=False)
        out_dir = a.work / f"out-lib-j{max(jobs)}"
    else:
        result["mode"] = f"{a.docs} documents"
        folder = corpus(a.work, a.docs, a.seed)
        result["builds"] = run_builds(folder, a.work, jobs, a.repeat, cli=not a.no_cli, cli_args=a.cli_args)
        result["cli_args"] = a.cli_args
        out_dir = a.work / f"out-lib-j{jobs[0]}"
    meta = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    result["corpus"] = {"folder": str(folder), "docs": meta["docs"], "chars": meta["chars"], "seed": meta["seed"]}
    print(report(result), file=sys.stderr, flush=True)  # the builds' figures, before the long query part
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    log("checking extraction against the generated truth")
    result["extraction"] = generate.check(folder, out_dir)
    if not a.no_queries:
        result["queries"] = run_queries(out_dir, folder, a.work, a)
    result["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    result["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    text = report(result) + f"\nat end: {result['uptime_end']}"
    print(text)
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
