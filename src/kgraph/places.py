"""The gazetteer: Chinese administrative divisions, their codes and parents.

Used to resolve where a document is about (its jurisdiction), which makes IRIs
of people and organizations stable across documents of one province, and to
resolve abbreviations such as 市局 -> 黄石市公安局.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import lexicon

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "自治县",
             "地区", "省", "市", "区", "县", "盟", "旗")
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Place:
    adcode: str
    name: str  # full name: 黄石市

    @property
    def level(self) -> str:
        if self.adcode.endswith("0000"):
            return "province"
        if self.adcode.endswith("00"):
            return "city"
        return "county"

    @property
    def short(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    """济南市 -> 济南, 宁夏回族自治区 -> 宁夏; a two-character name keeps its suffix (朝阳区 stays)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def places() -> dict[str, Place]:
    return {code: Place(code, name) for code, name in lexicon.table("places.tsv")
            if name not in _NOT_PLACES}


@cache
def _index() -> dict[str, list[Place]]:
    """Name or short name -> places; short names only for cities and provinces, where they are unambiguous enough."""
    idx: dict[str, list[Place]] = {}
    for p in places().values():
        idx.setdefault(p.name, []).append(p)
        if p.level != "county" and p.short != p.name:
            idx.setdefault(p.short, []).append(p)
    return idx


@cache
def _by_prefix() -> dict[str, tuple[str, ...]]:
    """Names grouped by their first two characters, longest first.

    A dict probe per position is several times faster than one regex
    alternation of three thousand names.
    """
    groups: dict[str, list[str]] = {}
    for name in _index():
        groups.setdefault(name[:2], []).append(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()}


def find(text: str) -> list[tuple[int, int, Place]]:
    """Every gazetteer place named in text: (start, end, place), longest match first, left to right."""
    out = []
    idx = _index()
    groups = _by_prefix()
    i, n = 0, len(text) - 1
    while i < n:
        names = groups.get(text[i:i + 2])
        if names:
            hit = next((name for name in names if text.startswith(name, i)), None)
            if hit:
                out.append((i, i + len(hit), idx[hit][0]))
                i += len(hit)
                continue
        i += 1
    return out


def starts_at(text: str, i: int) -> bool:
    """Whether a gazetteer place name begins at ``i`` (和田地区, 和平区: not the conjunction 和)."""
    return any(text.startswith(name, i) for name in _by_prefix().get(text[i:i + 2], ()))


def lookup(name: str) -> Place | None:
    name = name.removeprefix("我省").removeprefix("我市").removeprefix("我区")
    cands = _index().get(name)
    return cands[0] if cands else None


def parent(place: Place) -> Place | None:
    code = place.adcode
    if place.level == "county":
        return places().get(code[:4] + "00") or places().get(code[:2] + "0000")
    if place.level == "city":
        return places().get(code[:2] + "0000")
    return None


def province_of(place: Place) -> Place | None:
    return places().get(place.adcode[:2] + "0000")
