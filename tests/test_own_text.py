"""The project holds only text it wrote: no run of third-party report text outside seeds/.

The reports in ../shared/eval and ../shared/corpus are read at run time, never copied. A file of
the project fails here when it holds a run of RUN characters (whitespace aside) that one of those
reports holds too, unless three or more distinct reports share the run: such stock phrases
(the long formulas of the genre) belong to it, not to one report. The seeds are the user's own
articles and may be quoted; a run without a letter (a table's rule line) is layout, not text.
"""
from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RUN = 20
STOCK = 3  # a run this many distinct reports share is the genre's, not one report's
_SPACE = re.compile(r"\s+")



def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _project_files() -> list[str]:
    """Tracked and new (not ignored) files, outside seeds/ (the user's own articles may be quoted)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return sorted({p for p in out.splitlines()
                   if p and not p.startswith("seeds/") and (ROOT / p).is_file()})


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _report_paths() -> list[Path]:
    seeds = {text.encode("utf-8") for text in _seed_texts()}
    paths = sorted((SHARED / "eval").glob("**/*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    # the seeds sit in the dev set too; they are the user's own and may be quoted
    return [p for p in paths if p.read_bytes() not in seeds]


@pytest.fixture(scope="module")
def report_runs() -> dict[str, str]:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: no third-party reports to compare with")
    return _report_runs()


def _report_runs() -> dict[str, str]:
    """Each RUN-character run of the reports that fewer than STOCK distinct reports hold -> one report."""
    # the seeds are the user's own articles: a run they hold may be quoted even when a report holds it too
    quotable = {text[i:i + RUN] for text in map(_squeeze, _seed_texts()) for i in range(len(text) - RUN + 1)}
    holders: dict[str, set[str]] = defaultdict(set)
    seen_texts: set[str] = set()
    for path in _report_paths():
        text = _squeeze(path.read_text(encoding="utf-8", errors="replace"))
        if text in seen_texts:  # one report stored twice is still one report
            continue
        seen_texts.add(text)
        name = str(path.relative_to(SHARED))
        for i in range(len(text) - RUN + 1):
            holders[text[i:i + RUN]].add(name)
    # a run with no letter in it (a table's rule line, a row of dashes) is layout, not anyone's text
    return {run: min(names) for run, names in holders.items()
            if len(names) < STOCK and run not in quotable and any(c.isalpha() for c in run)}


def _offending_runs(text: str, runs: dict[str, str]) -> list[tuple[str, str]]:
    """Maximal stretches of `text` made of report runs, with the report each starts in."""
    found: list[tuple[str, str]] = []
    i, end = 0, len(text) - RUN + 1
    while i < end:
        report = runs.get(text[i:i + RUN])
        if report is None:
            i += 1
            continue
        j = i
        while j + 1 < end and text[j + 1:j + 1 + RUN] in runs:
            j += 1
        found.append((text[i:j + RUN], report))
        i = j + RUN
    return found


def _read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_FILES = _project_files()


@pytest.mark.parametrize("name", _FILES)
def test_no_run_of_a_report_in_the_project(name: str, report_runs: dict[str, str]):
    text = _read_text(ROOT / name)
    if text is None:
        return  # binary (an image): nothing to quote
    offenders = _offending_runs(_squeeze(text), report_runs)
    assert not offenders, f"{name} holds report text: " + "; ".join(
        f"{run[:40]}… (in {report})" for run, report in offenders[:5])


def test_the_check_finds_a_copied_run(report_runs: dict[str, str]):
    """The check itself: a run of a report, padded with words of our own, is found, and text of our own is not."""
    run, report = next(iter(report_runs.items()))
    assert _offending_runs("我们自己写的开头" + run + "我们自己写的结尾", report_runs) == [(run, report)]
    assert _offending_runs("测试用的句子由项目自己编写不取自任何一篇报道的原文", report_runs) == []
