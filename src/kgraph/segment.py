"""Sentences, and jieba set up once with the domain lexicon.

Sentence offsets are offsets into ``Document.text``: every fact's span is
built from them, so nothing here may change the text.
"""
from __future__ import annotations

import logging
import re
from functools import cache
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
    tok.initialize()
    for name in ("titles.txt", "org_suffixes.txt"):
        for word in lexicon.words(name):
            tok.add_word(word, freq=10000, tag="nt")
    return tok


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
