"""Shared fixtures: the seeds, real reports read from ../shared at test time, and one build of the seeds.

The reports under ../shared/eval are third-party text: tests read them by file name when they are
there (CI keeps ../shared beside the checkout) and skip when they are not; none is copied here.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kgraph.facts import Document
from kgraph.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def shared_reports(folder: str, pattern: str = "*.txt") -> list[Path]:
    """Real reports of ../shared/eval/FOLDER by file name, or a skip when they are absent."""
    found = sorted((SHARED_EVAL / folder).glob(pattern))
    if not found:
        pytest.skip(f"{SHARED_EVAL / folder}/{pattern} is absent: real reports live in ../shared, beside the checkout")
    return found


def make_doc(text: str, doc_id: str = "t.txt", **meta) -> Document:
    return Document(doc_id, doc_id, doc_id, text, **meta)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The seeds built once per session into a temporary output folder: (dataset, result, out_dir)."""
    from kgraph import pipeline

    out = tmp_path_factory.mktemp("seeds-build")
    src = out / "seeds"
    shutil.copytree(SEEDS, src)
    ds, result = pipeline.build([src], out)
    return ds, result, out


@pytest.fixture(scope="session")
def seed_extractions() -> dict[str, object]:
    from kgraph import ingest, pipeline

    return {p.name: pipeline.extract(ingest.read_document(p, SEEDS)) for p in sorted(SEEDS.glob("*.txt"))}


def sents_of(doc: Document):
    return sentences(doc.text)


def stop(proc: subprocess.Popen) -> None:
    """Stop a server a test started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(out: Path, *args: str) -> Iterator[str]:
    """A real `kgraph serve OUT` on a free loopback port, its base URL once it answers; stopped after."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", str(out), "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"kgraph serve did not start: {proc.stdout.read().decode()}") from None
                time.sleep(0.2)
        yield base
    finally:
        stop(proc)
