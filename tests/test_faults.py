"""Faults during a build: killed, stopped, a second build at once, a full disk, a crash mid-swap.

In every case the output folder must hold one whole build, the previous one or the new one, and
what a dead build left beside it must go by the next build. Signals are sent to a real
``kgraph build`` once it is writing; the full disk is an injected ENOSPC.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph import cli, outfolder, store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ARTICLE = ("青原市召开全市公安工作会议\n"
           "5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。\n")
QUICK = ["--no-html", "--no-analysis", "--no-validate"]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kgraph.cli", "build", *args]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A finished build of one article in tmp/out, and its files' bytes."""
    src = tmp_path / "one"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(command(str(src), "--out", str(out), *QUICK), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out, snapshot(out)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """400 distinct reports: long enough a build to stop it while it writes."""
    src = tmp_path / "many"
    src.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(400):
        (src / f"{i:03d}.txt").write_text(seeds[i % len(seeds)].read_text(encoding="utf-8") + f"\n{i}\n",
                                          encoding="utf-8")
    return src


def start_and_wait_for_writing(src: Path, out: Path, *extra: str) -> subprocess.Popen:
    """A build started, returned once its graph file is being written in the folder beside ``out``."""
    run = subprocess.Popen(command(str(src), "--out", str(out), "--jobs", "2", *QUICK, "-q", *extra),
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and run.poll() is None:
        writing = [p for p in out.parent.glob(f".{out.name}.kgraph-new-*/.graph.trig.*.tmp") if p.stat().st_size]
        if writing and list(out.parent.glob(f".{out.name}.kgraph-new-*/.kgraph-spool-*/*")):
            return run
        time.sleep(0.02)
    run.kill()
    pytest.fail("the build ended before it could be stopped while writing")


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_build_stopped_while_writing_leaves_the_previous_output_whole(previous, many, how):
    out, before = previous
    run = start_and_wait_for_writing(many, out)
    run.send_signal(getattr(signal, how))
    run.communicate(timeout=60)
    assert run.returncode in (-signal.SIGKILL, 128 + getattr(signal, how))
    assert snapshot(out) == before
    left = sorted(p.name for p in out.parent.glob(".out.kgraph-new-*"))
    assert (len(left) == 1) if how == "SIGKILL" else (left == [])  # only a killed build cannot clean up
    again = subprocess.run(command(str(out.parent / "one"), "--out", str(out), *QUICK), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert not list(out.parent.glob(".out.kgraph-new-*"))  # the next build removed what the dead one left


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(previous):
    out, before = previous
    with open(outfolder.lock_path(out), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        run = subprocess.run(command(str(out.parent / "one"), "--out", str(out), *QUICK), capture_output=True,
                             text=True)
    assert run.returncode == 2
    assert run.stderr == (f"kgraph: [E410] {out}: another build is writing this output folder "
                          f"(lock {outfolder.lock_path(out)})\n")
    assert snapshot(out) == before


def test_a_full_disk_is_one_line_and_keeps_the_previous_output(previous, monkeypatch):
    out, before = previous

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store, "write_text", full)  # the review list is written after the graph files
    result = CliRunner().invoke(cli.app, ["build", str(out.parent / "one"), "--out", str(out), *QUICK])
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("kgraph: [E401] ") and line.endswith(
        "review.csv: cannot write the output (No space left on device); the previous output is kept")
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.kgraph-lock", "one", "out"]


def test_without_an_atomic_exchange_two_renames_swap_the_folder(previous, monkeypatch):
    out, _ = previous
    (out.parent / "one" / "b.txt").write_text(ARTICLE.replace("5月3日", "5月4日"), encoding="utf-8")
    monkeypatch.setattr(outfolder, "_exchange", lambda a, b: False)  # a file system without renameat2
    result = CliRunner().invoke(cli.app, ["build", str(out.parent / "one"), "--out", str(out), *QUICK])
    assert result.exit_code == 0, result.output
    assert "built 2 documents" in result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.kgraph-lock", "one", "out"]


def test_a_crash_between_the_two_renames_is_undone_by_the_next_build(previous):
    out, before = previous
    aside = out.parent / ".out.kgraph-old-x1"
    os.rename(out, aside)  # where the fallback swap stops if killed between its renames
    with outfolder.staged(out) as stage:
        assert snapshot(out) == before  # restored before anything is written
        (stage / "graph.trig").write_text("", encoding="utf-8")
    assert not aside.exists()
    assert snapshot(out) == {"graph.trig": b""}
