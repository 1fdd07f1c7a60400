"""Re-run every `$ kgraph …` example in the docs and paste its real output.

A ```text block whose lines start with `$ kgraph …` is a transcript: each
command is run again in a scratch folder holding a copy of seeds/ (so
`kgraph build` with no arguments builds the seeds into output/), and the
block is rewritten with what it printed. Run it after a change that alters
the output: `make docs`.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", ROOT / "docs" / "queries.md", ROOT / "docs" / "analysis.md"]
BLOCK = re.compile(r"```text\n(\$ kgraph.*?)```", re.S)
KGRAPH = Path(sys.executable).parent / "kgraph"


LONG_RUNNING = ("serve", "view")  # servers and browsers: their transcripts are written by hand


def run(command: str, cwd: Path) -> str:
    args = shlex.split(command.removeprefix("$ "))
    done = subprocess.run([str(KGRAPH), *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=120)
    return done.stdout + done.stderr


def refresh_block(match: re.Match[str], cwd: Path) -> str:
    commands = [line for line in match.group(1).splitlines() if line.startswith("$ kgraph")]
    if any(c.split()[2:3] and c.split()[2] in LONG_RUNNING for c in commands):
        return match.group(0)
    parts = []
    for command in commands:
        parts.append(command + "\n" + run(command, cwd).rstrip("\n") + "\n")
    return "```text\n" + "\n".join(parts) + "```"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kgraph-docs-") as tmp:
        cwd = Path(tmp)
        shutil.copytree(ROOT / "seeds", cwd / "seeds")
        run("$ kgraph build", cwd)  # blocks that only query need a build to read
        for path in FILES:
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            new = BLOCK.sub(lambda m: refresh_block(m, cwd), text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"refreshed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
