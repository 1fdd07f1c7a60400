"""Sentences, and jieba set up once with the domain lexicon.

Sentence offsets are offsets into ``Document.text``: every fact's span is
built from them, so nothing here may change the text.
"""
from __future__ import annotations

import io
import logging
import os
import pickle
import re
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Iterator

from .facts import Sentence
from . import lexicon

# A sentence ends at 。！？； or a line break; a closing quote or bracket right after
# the mark stays with the sentence it closes.
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


# No report writes a sentence this long; a text without sentence marks (a table flattened,
# a page of keywords) is cut into pieces of at most this many characters, because the
# extractors' work grows with the square of a sentence's length: 800,000 unpunctuated
# characters took 17 s as one sentence.
MAX_SENTENCE = 500
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def sentences(text: str) -> list[Sentence]:
    """Split text into sentences with exact character offsets; blank lines are skipped."""
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        chunk = m.group()
        # trim surrounding whitespace but keep offsets exact
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail <= lead:
            continue
        for piece_start, piece_end in _pieces(chunk, lead, trail):
            out.append(Sentence(len(out), start + piece_start, start + piece_end, chunk[piece_start:piece_end]))
    return out


def _pieces(chunk: str, lead: int, trail: int) -> list[tuple[int, int]]:
    """(start, end) pieces of a sentence, each at most MAX_SENTENCE long, cut after the last comma,
    enumeration mark or space of a window where there is one, else at its end."""
    pieces = []
    while trail - lead > MAX_SENTENCE:
        window = chunk[lead:lead + MAX_SENTENCE]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window, MAX_SENTENCE // 2)]
        cut = lead + (breaks[-1] if breaks else MAX_SENTENCE)
        end = cut
        while end > lead and chunk[end - 1].isspace():
            end -= 1
        pieces.append((lead, end))
        lead = cut
        while lead < trail and chunk[lead].isspace():
            lead += 1
    if trail > lead:
        pieces.append((lead, trail))
    return pieces


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that contains a character offset (binary search)."""
    lo, hi = 0, len(sents) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sents[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s
    return None


def _jieba():
    """jieba, imported without pkg_resources (0.16 s of every process's start).

    jieba imports setuptools' pkg_resources only to open its own dictionary file,
    and opens it by path where setuptools is not installed; kgraph reads the
    dictionary from its cache anyway. So jieba is imported as it is where setuptools
    is absent, and pkg_resources stays importable for everyone else.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail, as where it is not installed
    try:
        import jieba
    finally:
        if "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


@cache
def _loaded():
    """jieba's tokenizer with titles and organization words added, and its dictionary's word tags."""
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tags = _load_dictionary(tok)
    for name in ("titles.txt", "org_suffixes.txt"):
        for word in lexicon.words(name):
            tok.add_word(word, freq=10000, tag="nt")
    return tok, tags


def tokenizer():
    """jieba's tokenizer with titles and organization words added, loaded once.

    Loading the dictionary is jieba's only global state; kgraph touches it here
    and nowhere else.
    """
    return _loaded()[0]


def word_tags() -> dict[str, str]:
    """Each word of jieba's dictionary with its part of speech (``nr``: a personal name)."""
    return _loaded()[1]


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kgraph"


def _load_dictionary(tok) -> dict[str, str]:
    """jieba's dictionary (each word and word prefix with its frequency) into ``tok``, and each word's tag,
    read from kgraph's cache when fresh.

    jieba's own cache is a marshal file that took 0.55-0.85 s to read on every start
    of every process (each ``--jobs`` worker too), and jieba.posseg then reads the
    5 MB dictionary again for the tags (0.45 s); all of it pickled reads in about
    0.22 s. The cache lives in the user's own cache folder (a pickle is never read
    from a folder others can write to) and is named by jieba's version and its
    dictionary file's size and time, so an upgrade makes a new one.
    """
    path = _dictionary_cache()
    if path is not None:
        try:
            with open(path, "rb") as f:
                tok.FREQ, tok.total, tags = pickle.load(f)
            tok.initialized = True
            return tags
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            pass  # not written yet, or unreadable: jieba reads its own, and kgraph's is written for next time
    tok.initialize()
    tags = _read_tags(tok.get_dict_file(), tok.FREQ)
    if path is not None:
        _write_cache(path, (tok.FREQ, tok.total, tags))
    return tags


def _read_tags(lines, freq: dict[str, int]) -> dict[str, str]:
    """Each word's tag from a jieba dictionary file ("word freq tag" lines), as jieba.posseg reads them.

    The words are the very string objects of ``freq``'s keys, so the cache pickles
    each word once (a third faster to read back).
    """
    same = {word: word for word in freq}
    tags: dict[str, str] = {}
    with lines:
        for line in lines:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags[same.get(word, word)] = sys.intern(tag)
    return tags


def _dictionary_cache() -> Path | None:
    jieba = _jieba()
    try:
        st = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME).stat()
        folder = _cache_dir()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found (a bare container user)
        return None
    return folder / f"jieba-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}-tags.pickle"


def _write_cache(path: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written (a read-only home) is simply not kept."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(path)


_KEEP_CACHES = 4  # one per jieba install in use (each virtual environment's has its own file time)


def _prune(written: Path) -> None:
    """Remove all but the newest few dictionary caches: each fresh install of jieba writes a 10 MB one."""
    try:
        caches = sorted(written.parent.glob("jieba-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in caches[_KEEP_CACHES:]:
            if old != written:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache removed meanwhile by another process, or a folder we may not change: nothing lost


def cut(text: str) -> Iterator[str]:
    return tokenizer().cut(text, HMM=True)


@cache
def pos_tokenizer():
    """jieba's part-of-speech tagger over the same dictionary and its tags (already loaded)."""
    posseg = _import_posseg()
    pos = object.__new__(posseg.POSTokenizer)
    pos.tokenizer = tokenizer()
    pos.word_tag_tab = dict(word_tags())
    return pos


class _NoDictionary:
    """Stands in for jieba's global tokenizer while jieba.posseg is imported: an empty dictionary."""

    @staticmethod
    def get_dict_file() -> io.BytesIO:
        return io.BytesIO()


def _import_posseg():
    """jieba.posseg, imported without its half-second re-read of the dictionary.

    Importing it builds jieba's global tagger, which reads every word's tag from the
    dictionary file again, in every process. kgraph has the tags already: during the
    import jieba's global tokenizer is a stand-in with an empty dictionary, and the
    global tagger then gets the real tokenizer and a copy of the tags, which is what
    it would have read itself. Only when jieba's global tokenizer uses jieba's own
    dictionary (a program that changed it gets jieba's own import).
    """
    jieba = _jieba()
    if "jieba.posseg" not in sys.modules and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        real = jieba.dt
        jieba.dt = _NoDictionary()
        try:
            import jieba.posseg
        finally:
            jieba.dt = real
        jieba.posseg.dt.tokenizer = real
        jieba.posseg.dt.word_tag_tab = dict(word_tags())
    import jieba.posseg

    return jieba.posseg
