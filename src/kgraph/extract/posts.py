"""The posts written before a name: a chain of titles between separators.

副省长，公安厅党委书记、厅长张强 gives three posts; each is cut at the last word that cannot
belong to an organization's name, and a modifier inside a post (分管某某工作的) never cuts it.
"""
from __future__ import annotations

import re
from functools import cache

from .. import lexicon, places
from .name_shape import titles

SEPARATORS = "、，,"  # the marks between the posts of a chain (and between listed names)


@cache
def _modifier() -> re.Pattern[str]:
    """分管某某工作的: a modifier inside a post, whose words never cut it."""
    return re.compile(rf"(?:{lexicon.alternation('post_modifiers.txt')})[^，、,。；]{{1,12}}?的$")


@cache
def _title_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('titles.txt')})$")


def _opens_place(seg: str, k: int, stop: str) -> bool:
    """和田地区公安局民警: the stop word opens a place, unless a title follows it (某某和县长某某: 和县 is no place)."""
    return places.starts_at(seg, k) and not titles().match(seg, k + len(stop))


def _trim_left(seg: str, after_name: bool = False) -> tuple[str, bool]:
    """Cut a post's text at the last word that cannot belong to an organization name.

    ``after_name``: the text starts right after another person's name, where a stop word joins
    the two people (某某和县公安局局长某某) and never opens a place (和县).
    """
    title = _title_at_end().search(seg)
    body_end = title.start() if title else len(seg)
    modifier = _modifier().search(seg[:body_end])
    protect = modifier.start() if modifier else body_end
    cut = -1
    for stop in lexicon.words("post_left_stops.txt"):
        k = seg.rfind(stop, 0, protect)
        while k >= 0 and not (after_name and k == 0) and _opens_place(seg, k, stop):
            k = seg.rfind(stop, 0, k)
        if k >= 0:
            cut = max(cut, k + len(stop))
    if cut > 0:
        return seg[cut:], True
    return seg, False


def post_chain(text: str, name_start: int, floor: int, after_name: bool = False) -> list[tuple[str, str, int, int]]:
    """The titles written before a name, leftwards to the start of the chain.

    Each title between separators is its own post: 副省长，公安厅党委书记、厅长张强
    gives 副省长, 公安厅党委书记, 厅长. ``after_name``: ``floor`` is where another person's
    name ends, so a word joining two people there (某某和县公安局局长某某) is no part of a post.
    """
    posts: list[tuple[str, str, int, int]] = []
    end = name_start
    while end > floor:
        k = max(text.rfind(sep, floor, end) for sep in SEPARATORS + "。；;：:\n（(")
        seg_start = max(k + 1, floor)
        seg = text[seg_start:end].strip()
        seg_start = end - len(seg)
        title = _title_at_end().search(seg)
        if not seg or not title:
            break
        label, trimmed = _trim_left(seg, after_name and seg_start == floor)
        for own in lexicon.words("own_place_words.txt"):
            label = label.removeprefix(own)
        if not label or len(label) > 30:
            break
        posts.insert(0, (label, title.group(), end - len(label), end))
        if trimmed or k < floor or text[k] not in SEPARATORS:
            break
        end = k
    return posts
