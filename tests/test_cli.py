"""``kgraph build`` as a user meets it: a hostile folder, exit codes, one-line errors, --dry-run, globs.

Every test runs the real command in a subprocess over real files (FIFOs, links, non-UTF-8 names)
in tmp_path. Names, places and organizations are invented.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph import store

ARTICLE = ("青原市召开全市公安工作会议\n"
           "5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。\n")
OTHER = ("白水县召开禁毒工作推进会\n"
         "6月8日，白水县召开禁毒工作推进会。县公安局政委甘若水主持会议。\n")
THIRD = ("东湖区召开交通安全工作会议\n"
         "7月9日，东湖区召开交通安全工作会议。副区长卫立平出席会议并讲话。\n")
PAGE = ("<!-- saved from url=(0040)http://www.example.cn/news/a.html -->\n"
        "<html><head><meta charset=\"utf-8\"><title>\x1b]0;owned\x07南岭镇召开平安建设会议</title></head>"
        "<body><p>8月1日，南岭镇召开平安建设会议。镇长林远山出席会议并讲话。</p></body></html>")


def kgraph(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "build", *args], capture_output=True, text=True,
                          timeout=timeout)


def write(folder: Path, name: str | bytes, data: bytes | str) -> Path:
    raw_name = name if isinstance(name, bytes) else name.encode()
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw_name)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def documents(out: Path) -> set[str]:
    ds = store.open_output(out)
    found = ds.query("PREFIX kg: <https://w3id.org/kgraph/ontology#> "
                     "SELECT DISTINCT ?f WHERE { GRAPH ?g { ?d kg:sourceFile ?f } }")
    return {str(row[0]) for row in found}


def good_build(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", OTHER)
    out = tmp_path / "out"
    run = kgraph(str(src), "--out", str(out), "--no-html", "--no-analysis", "--no-validate")
    assert run.returncode == 0, run.stderr
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


# ---- a hostile folder ------------------------------------------------------------------------

def test_a_hostile_folder_builds_every_good_file_and_names_every_bad_one(tmp_path):
    src = tmp_path / "in"
    write(src, "good.txt", ARTICLE)
    write(src, "gb.txt", OTHER.encode("gb18030"))
    write(src, "utf16.txt", THIRD.encode("utf-16"))
    write(src, "saved.html", PAGE)
    write(src, "会议纪要.txt".encode("gbk"), ARTICLE.replace("5月3日", "5月4日"))
    write(src, "cut.txt", ARTICLE.replace("5月3日", "5月5日").encode("utf-8")[:-2])
    write(src, "long.txt", " ".join(["青原市", "公安局", "严守信", "平安", "建设"] * 28_000))  # 400 k chars, no 。
    write(src, "z-copy.txt", ARTICLE)
    write(src, "empty.txt", b"")
    write(src, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(src, "nul.txt", bytes(100))
    os.mkfifo(src / "pipe.txt")
    elsewhere = write(tmp_path / "private", "secret.txt", THIRD.replace("东湖区", "西山区"))
    os.symlink(elsewhere, src / "link.txt")
    out = tmp_path / "out"
    run = kgraph(str(src), "--out", str(out), "--no-html", "--no-validate", timeout=180)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert all(line.startswith("kgraph: ") for line in lines)
    assert f"kgraph: {src / 'pipe.txt'}: skipped: a FIFO, not a regular file" in lines
    assert f"kgraph: {src / 'link.txt'}: skipped: a symbolic link (read with --follow-links)" in lines
    assert "kgraph: z-copy.txt: same content as good.txt: built once" in lines
    assert any("cut.txt: the end was cut mid-character" in line for line in lines)
    failed = [line for line in lines if "[E1" in line]
    assert len(failed) == 3
    assert any("empty.txt: empty file" in line for line in failed)
    assert any("image.txt: binary file (PNG image)" in line for line in failed)
    assert any("nul.txt: binary file" in line for line in failed)
    assert documents(out) == {"good.txt", "gb.txt", "utf16.txt", "saved.html", "会议纪要.txt", "cut.txt", "long.txt"}
    assert "built 7 documents (3 failed, 1 duplicates)" in run.stdout
    assert "\x1b" not in (out / "graph.trig").read_text(encoding="utf-8")
    assert "西山区" not in (out / "graph.trig").read_text(encoding="utf-8")


def test_a_file_name_with_a_newline_cannot_forge_a_line(tmp_path):
    src = tmp_path / "in"
    write(src, "good.txt", ARTICLE)
    write(src, "x\nkgraph: all files built.txt", b"")
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--no-html", "--no-analysis", "--no-validate")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("x\\nkgraph: all files built.txt: empty file (0 bytes)")


# ---- exit codes and one-line errors -----------------------------------------------------------

def test_an_empty_folder_is_an_error_and_keeps_the_previous_output(tmp_path):
    out, before = good_build(tmp_path)
    (tmp_path / "empty").mkdir()
    run = kgraph(str(tmp_path / "empty"), "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.startswith("kgraph: [E420] no article files")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_out_naming_a_file_or_a_foreign_folder_is_one_line_and_touches_nothing(tmp_path):
    write(tmp_path / "in", "a.txt", ARTICLE)
    a_file = write(tmp_path, "notes.txt", "mine")
    run = kgraph(str(tmp_path / "in"), "--out", str(a_file))
    assert (run.returncode, run.stderr) == (2, f"kgraph: [E401] {a_file}: --out names a file, not a folder\n")
    home = tmp_path / "home"
    write(home, "thesis.tex", "mine")
    run = kgraph(str(tmp_path / "in"), "--out", str(home))
    assert run.returncode == 2
    assert run.stderr.startswith(f"kgraph: [E411] {home}: the folder holds files but no kgraph build")
    assert [p.name for p in home.iterdir()] == ["thesis.tex"]


def test_a_store_inside_the_output_is_refused(tmp_path):
    write(tmp_path / "in", "a.txt", ARTICLE)
    out = tmp_path / "out"
    run = kgraph(str(tmp_path / "in"), "--out", str(out), "--store", f"oxigraph:{out / 'store'}")
    assert run.returncode == 2
    assert run.stderr.startswith("kgraph: [E412] --store oxigraph:")
    assert not out.exists()


def test_a_store_beside_the_output_still_builds_incrementally(tmp_path):
    write(tmp_path / "in", "a.txt", ARTICLE)
    args = [str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--store", f"oxigraph:{tmp_path / 'store'}",
            "--no-html", "--no-analysis", "--no-validate"]
    assert kgraph(*args).returncode == 0
    write(tmp_path / "in", "b.txt", OTHER)
    run = kgraph(*args)
    assert run.returncode == 0, run.stderr
    assert "1 added, 0 replaced, 1 unchanged" in run.stdout
    assert documents(tmp_path / "out") == {"a.txt", "b.txt"}


# ---- which files ---------------------------------------------------------------------------

def test_dry_run_lists_what_would_be_read_and_builds_nothing(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "SOURCES.md", "# where these came from\n")
    write(src, "2023/b.html", PAGE)
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--dry-run", "--exclude", "SOURCES.md")
    assert run.returncode == 0
    assert run.stdout.splitlines() == [str(src / "2023" / "b.html"), str(src / "a.txt")]
    assert not (tmp_path / "out").exists()
    run = kgraph(str(src), "--dry-run", "--include", "*.txt")
    assert run.stdout.splitlines() == [str(src / "a.txt")]


def test_follow_links_reads_a_link_met_while_walking(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    os.symlink(write(tmp_path / "elsewhere", "b.txt", OTHER), src / "b.txt")
    run = kgraph(str(src), "--dry-run", "--follow-links")
    assert run.stdout.splitlines() == [str(src / "a.txt"), str(src / "b.txt")]
    assert run.stderr == ""


def test_max_size_refuses_a_larger_file(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "big.txt", ARTICLE * 20_000)  # 2.8 MB
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--max-size", "1", "--no-html", "--no-analysis",
                 "--no-validate")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"kgraph: [E105] {src / 'big.txt'}: 2.8 MB, over the 1.0 MB limit (--max-size)"]


# ---- manners --------------------------------------------------------------------------------

def test_progress_is_a_few_lines_when_stderr_is_a_log(tmp_path):
    src = tmp_path / "in"
    for i in range(30):
        write(src, f"{i:02d}.txt", ARTICLE.replace("5月3日", f"5月{i + 1}日"))
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--no-html", "--no-analysis", "--no-validate")
    assert run.returncode == 0
    assert run.stderr.splitlines() == [f"kgraph: {n}/30 files" for n in range(3, 31, 3)]
    assert "\r" not in run.stderr


def test_the_summary_names_the_review_list(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "patrol.txt", "青原市公安局开展夜间巡查\n6月2日，民警在城区开展夜间巡查。\n")
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--no-html", "--no-analysis", "--no-validate")
    assert run.returncode == 0
    [line] = [line for line in run.stdout.splitlines() if line.startswith("review")]
    assert line.startswith("review (2 documents): no reported meeting: 1")
    assert line.endswith("-> review.csv")
    assert (tmp_path / "out" / "review.csv").read_text(encoding="utf-8").count("patrol.txt,no-meeting") == 1


def test_profile_prints_the_seconds_of_every_stage_the_build_ran(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    run = kgraph(str(src), "--out", str(tmp_path / "out"), "--profile", "--quiet")
    assert run.returncode == 0, run.stderr
    rows = [re.fullmatch(r"(.+?)\s+([\d.]+) s(?:\s+[\d.]+%)?", line) for line in run.stderr.splitlines()]
    seconds = {row.group(1): float(row.group(2)) for row in rows if row}
    assert list(seconds) == ["read and extract", "store (the last loads)", "identities", "analysis", "graph files",
                             "explorer (graph.html)", "report (report.html, trends/)", "other", "total"]
    assert abs(sum(v for k, v in seconds.items() if k != "total") - seconds["total"]) < 0.05
    bare = kgraph(str(src), "--out", str(tmp_path / "bare"), "--profile", "--quiet", "--no-html", "--no-analysis")
    assert "analysis" not in bare.stderr and "explorer" not in bare.stderr and "read and extract" in bare.stderr


@pytest.mark.parametrize("args", [["--jobs", "2"], []])
def test_the_output_folder_holds_one_builds_files(tmp_path, args):
    out, before = good_build(tmp_path)
    assert sorted(before) == ["graph.trig", "graph.ttl", "identity-review.csv", "review.csv"]
    write(tmp_path / "in", "c.txt", THIRD)
    run = kgraph(str(tmp_path / "in"), "--out", str(out), "--no-html", "--no-validate", *args)
    assert run.returncode == 0, run.stderr
    assert "officials.csv" in {p.name for p in out.iterdir()}
    assert documents(out) == {"a.txt", "b.txt", "c.txt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.kgraph-lock", "in", "out"]


def test_out_given_as_a_link_replaces_the_folder_it_points_to(tmp_path):
    write(tmp_path / "in", "a.txt", ARTICLE)
    (tmp_path / "builds" / "today").mkdir(parents=True)
    os.symlink(tmp_path / "builds" / "today", tmp_path / "latest")
    run = kgraph(str(tmp_path / "in"), "--out", str(tmp_path / "latest"), *["--no-html", "--no-analysis", "--no-validate"])
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "latest").is_symlink()
    assert documents(tmp_path / "builds" / "today") == {"a.txt"}
