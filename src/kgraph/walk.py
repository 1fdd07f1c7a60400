"""Which files a build reads: the paths given, and the article files met while walking folders.

The convention is ripgrep's. A path named on the command line is read, even when it
is a symbolic link. A link met while walking a folder is not followed unless asked
(``follow_links``), so a link inside a scraped folder cannot pull in a file from
elsewhere on the machine. FIFOs, sockets and devices are skipped with a line saying
so (reading one can block forever or never end), and a subfolder that cannot be
listed is an error naming it, not a silent gap. Hidden files and folders are skipped.
"""
from __future__ import annotations

import fnmatch
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, NotRegularFile, UnreadableFolder, UnsupportedFile

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".html", ".htm")

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class Selection:
    """What a walk takes: links followed or not, and the name globs a file must (not) match.

    A glob without "/" matches a file's or folder's name (``*.md``, ``drafts``); one with
    "/" matches its path below the folder given (``2023/*.html``).
    """

    follow_links: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def excluded(self, relative: str, name: str) -> bool:
        return any(_matches(pattern, relative, name) for pattern in self.exclude)

    def included(self, relative: str, name: str) -> bool:
        return not self.include or any(_matches(pattern, relative, name) for pattern in self.include)


def _matches(pattern: str, relative: str, name: str) -> bool:
    return fnmatch.fnmatchcase(relative if "/" in pattern else name, pattern.strip("/"))


def sources(paths: Sequence[Path], selection: Selection = Selection()) -> Iterator[tuple[Path, Path] | InputError]:
    """(file, root) for each file to read, in order, and the error for each path that cannot be.

    Files given are read as given (their parent is their root); each folder is walked in
    sorted order and is the root of what is found below it.
    """
    for given in map(Path, paths):
        try:
            mode = given.stat().st_mode  # follows a link: a path the user named is read
        except OSError as error:
            missing = isinstance(error, FileNotFoundError)
            yield InputError(given, "no such file or folder" if missing else f"cannot read: {error.strerror}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(given, given, (), selection, set())
        elif not stat.S_ISREG(mode):
            yield NotRegularFile(given, f"not a regular file ({_kind(mode)}), not read")
        elif given.suffix.lower() not in SUPPORTED:
            yield UnsupportedFile(given, f"unsupported file type '{given.suffix}' (expected {', '.join(SUPPORTED)})")
        else:
            yield given, given.parent


def _walk(root: Path, folder: Path, below: tuple[str, ...], selection: Selection,
          visited: set[tuple[int, int]]) -> Iterator[tuple[Path, Path] | InputError]:
    """Depth first, entries in name order: the order sorting every path below the root gives."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        identity = os.stat(folder)
    except OSError as error:
        yield UnreadableFolder(folder, f"cannot read folder: {error.strerror or error}")
        return
    visited = visited | {(identity.st_dev, identity.st_ino)}  # a link back up must not loop forever
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        relative = "/".join((*below, name))
        if selection.excluded(relative, name):
            log.debug("excluded: %s", entry.path)
            continue
        try:
            link = entry.is_symlink()
            if link and not selection.follow_links:
                if entry.is_dir() or _wanted(name, relative, selection):
                    log.warning("%s: skipped: a symbolic link (read with --follow-links)", printable(entry.path))
                continue
            if entry.is_dir():
                info = entry.stat()
                if (info.st_dev, info.st_ino) in visited:
                    log.warning("%s: skipped: a link to a folder above it", printable(entry.path))
                    continue
                yield from _walk(root, Path(entry.path), (*below, name), selection, visited)
                continue
            if not _wanted(name, relative, selection):
                continue
            mode = entry.stat().st_mode
        except FileNotFoundError:  # a link to nothing, or a file removed while walking
            if _wanted(name, relative, selection):
                log.warning("%s: skipped: a link to a missing file", printable(entry.path))
            continue
        except OSError as error:
            yield InputError(entry.path, f"cannot read: {error.strerror or error}")
            continue
        if stat.S_ISREG(mode):
            yield Path(entry.path), root
        else:
            log.warning("%s: skipped: %s, not a regular file", printable(entry.path), _kind(mode))


def _wanted(name: str, relative: str, selection: Selection) -> bool:
    return os.path.splitext(name)[1].lower() in SUPPORTED and selection.included(relative, name)


def _kind(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "a special file")


# ---- names as a user sees them -------------------------------------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def fs_text(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (a GBK name from an old archive) read as GB18030.

    Python hands such names over with lone surrogates, which no encoder (IRI quoting,
    the graph files) accepts.
    """
    if not re.search(r"[\ud800-\udfff]", name):
        return name
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def printable(text: object) -> str:
    """One line of text whatever a file name holds: control characters shown escaped (``\\n``),
    so a name cannot forge an extra line or drive the terminal."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                            if not "\ud800" <= m.group() <= "\udfff"
                            else f"\\x{os.fsencode(m.group())[0]:02x}", str(text))
