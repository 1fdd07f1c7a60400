"""Sentences, and jieba set up once with the domain lexicon.

Sentence offsets are offsets into ``Document.text``: every fact's span is
built from them, so nothing here may change the text.
"""
from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Iterator

from .facts import Sentence
from . import lexicon

# A sentence ends at 。！？； or a line break; a closing quote or bracket right after
# the mark stays with the sentence it closes.
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


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
        out.append(Sentence(len(out), start + lead, start + trail, chunk[lead:trail]))
    return out


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


@cache
def tokenizer():
    """jieba's tokenizer with titles and organization words added, loaded once.

    Loading the dictionary is jieba's only global state; kgraph touches it here
    and nowhere else.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    _load_dictionary(tok)
    for name in ("titles.txt", "org_suffixes.txt"):
        for word in lexicon.words(name):
            tok.add_word(word, freq=10000, tag="nt")
    return tok


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kgraph"


def _load_dictionary(tok) -> None:
    """jieba's dictionary (each word and word prefix with its frequency), read from kgraph's cache when fresh.

    jieba's own cache is a marshal file that took 0.55-0.85 s to read on every start
    of every process (each ``--jobs`` worker too); the same table pickled reads in
    0.22-0.28 s. The cache lives in the user's own cache folder (a pickle is never
    read from a folder others can write to) and is named by jieba's version and its
    dictionary file's size and time, so an upgrade makes a new one.
    """
    path = _dictionary_cache()
    if path is not None:
        try:
            with open(path, "rb") as f:
                tok.FREQ, tok.total = pickle.load(f)
            tok.initialized = True
            return
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            pass  # not written yet, or unreadable: jieba reads its own, and kgraph's is written for next time
    tok.initialize()
    if path is not None:
        _write_cache(path, (tok.FREQ, tok.total))


def _dictionary_cache() -> Path | None:
    import jieba

    try:
        st = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME).stat()
        folder = _cache_dir()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found (a bare container user)
        return None
    return folder / f"jieba-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}.pickle"


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


def cut(text: str) -> Iterator[str]:
    return tokenizer().cut(text, HMM=True)


@cache
def pos_tokenizer():
    """jieba's part-of-speech tagger over the same dictionary.

    Importing jieba.posseg has already read every word's tag (half a second); a new
    ``POSTokenizer`` would read them all again, so this one starts from a copy.
    """
    import jieba.posseg

    pos = object.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tokenizer()
    pos.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return pos
