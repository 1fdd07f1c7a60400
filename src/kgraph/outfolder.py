"""The output folder replaced as a whole: a build writes beside it and swaps it in at the end.

Written file by file, a folder killed mid-build held the new analysis with the old graph,
and two builds into one folder interleaved. Here a build takes a lock beside the folder
(``.OUT.kgraph-lock``), writes everything into a sibling temporary folder and, once all is
written, exchanges the two in one step (``renameat2(RENAME_EXCHANGE)``; where the file
system lacks it, two renames). A build stopped at any moment leaves the previous output
as it was; its temporary folder is removed then, or by the next build after a SIGKILL.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import store
from .atomic import umask
from .errors import NotAnOutput, OutputBusy, OutputError, StoreInsideOutput

log = logging.getLogger(__name__)

# a folder holding one of these is a kgraph output, which a build may replace
_MARKERS = ("graph.trig", "graph.ttl", "store.json", "review.csv")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.kgraph-lock"


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder to write a build into; it becomes ``out`` when the block ends without error."""
    out = Path(os.path.realpath(out))  # --out a link to a folder: the folder is replaced, the link stays
    _check(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(lock_path(out), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"{out}: cannot write the output folder ({error.strerror or error})") from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"{out}: another build is writing this output folder (lock {lock_path(out)})") from None
        _recover(out)
        try:
            stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.kgraph-new-", dir=out.parent))
        except OSError as error:
            raise OutputError(f"{out}: cannot write beside the output folder ({error.strerror or error})") from None
        try:
            yield stage
            os.chmod(stage, 0o777 & ~umask())  # mkdtemp makes 0700; an output is for others to read too
            _swap(stage, out)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # after the swap: the previous output
    finally:
        os.close(lock)  # the lock file stays: removing it would race a build waiting to take it


def _check(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: --out names a file, not a folder")
    if out.is_dir():
        names = {entry.name for entry in os.scandir(out)}
        if names and not names & set(_MARKERS):
            raise NotAnOutput(f"{out}: the folder holds files but no kgraph build; a build replaces the whole "
                              f"folder, so name a new or empty one")


def check_store(out: Path, store_spec: str) -> None:
    """An on-disk store inside the output would be swapped away with the old output: refused."""
    where = store.location(store_spec)
    if where is None:
        return
    where = Path(os.path.abspath(where))
    folder = Path(os.path.abspath(out))
    if where == folder or folder in where.parents:
        raise StoreInsideOutput(f"--store {store_spec} is inside --out {out}, which each build replaces as a whole; "
                                f"keep the store beside it")


def _recover(out: Path) -> None:
    """Under the lock: put back an output a crash left renamed aside, remove dead builds' folders."""
    parent = out.parent
    aside = sorted(parent.glob(f".{out.name}.kgraph-old-*"))
    if aside and not out.exists():
        os.rename(aside.pop(), out)
        log.warning("%s: restored the previous output, which an interrupted build had set aside", out)
    for left in [*aside, *parent.glob(f".{out.name}.kgraph-new-*")]:
        shutil.rmtree(left, ignore_errors=True)


def _swap(stage: Path, out: Path) -> None:
    """``stage`` becomes ``out``; the previous ``out`` (if any) is left at ``stage``."""
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.kgraph-old-", dir=out.parent))
    os.rmdir(aside)
    os.rename(out, aside)  # a crash between these two renames is undone by the next build's _recover
    os.rename(stage, out)
    os.rename(aside, stage)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux 3.15+); False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
