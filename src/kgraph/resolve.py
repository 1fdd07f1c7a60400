"""Within-document identity: where a document is about, and what its short forms mean.

Articles abbreviate: 厅 is the province's 公安厅, 市局 the city's 公安局, 分局 the
公安分局 the article named earlier. Resolving them against the document's
jurisdiction gives posts a full organization (山东省公安厅厅长 as an altLabel of 厅长)
and organizations a hierarchy (下陆公安分局 under 黄石市公安局).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from . import lexicon, places
from .facts import Document, Meeting, Organization, Post

_LEVEL_OF_SCOPE = {"全省": "province", "全市": "city", "全地区": "city", "全州": "city", "全盟": "city",
                   "全区": "county", "全县": "county", "全旗": "county"}
# bodies inside an organization: 公安厅|党委, 分局|政治部
_INNER = ("党委", "党组", "政治部", "纪检组", "纪检监察组", "指挥中心", "巡察办", "办公室")
# party and government bodies an article names without their place: they are the jurisdiction's
_SCOPED_BODIES = {"政法委", "纪委", "监委", "组织部", "宣传部", "统战部", "人大常委会", "政协", "政府", "人民政府"}
_GOVERNMENT_TITLES = {"省长": "省人民政府", "副省长": "省人民政府", "市长": "市人民政府", "副市长": "市人民政府",
                      "区长": "区人民政府", "副区长": "区人民政府", "县长": "县人民政府", "副县长": "县人民政府",
                      "旗长": "旗人民政府", "副旗长": "旗人民政府"}


@cache
def _org_suffix() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('org_suffixes.txt')})$")


def jurisdiction(doc: Document, meetings: list[Meeting]) -> places.Place | None:
    """The place the document is about, at the level of its reported meeting's scope."""
    found = places.find((doc.source or "") + "\n" + doc.text)
    if not found:
        return None
    counts = Counter(p for _, _, p in found)
    scope = next((m.level for m in meetings if m.reported and m.level), None)
    want = _LEVEL_OF_SCOPE.get(scope or "")
    # a more specific place votes for its parents: 下陆区 is also 黄石市 and 湖北省
    votes: Counter[places.Place] = Counter()
    for place, n in counts.items():
        votes[place] += n
        up = places.parent(place)
        while up is not None:
            votes[up] += n if up in counts else 0
            up = places.parent(up)
    ranked = sorted(votes, key=lambda p: (-votes[p], p.adcode))
    if want:
        at_level = [p for p in ranked if p.level == want]
        if at_level:
            return at_level[0]
        finer = [p for p in ranked if _depth(p) > _depth_of(want)]
        for p in finer:
            up = p
            while up is not None and up.level != want:
                up = places.parent(up)
            if up is not None:
                return up
    return ranked[0]


def _depth(p: places.Place) -> int:
    return _depth_of(p.level)


def _depth_of(level: str) -> int:
    return {"province": 0, "city": 1, "county": 2}[level]


class OrgResolver:
    """Resolves written organizations of one document to full names."""

    def __init__(self, doc: Document, place: places.Place | None) -> None:
        self.place = place
        self.city = _up_to(place, "city")
        self.province = _up_to(place, "province")
        self.county = place if place and place.level == "county" else None
        text = (doc.source or "") + "\n" + doc.text
        self.named_branch = _first(re.findall(r"[\u4e00-\u9fff]{2,6}公安分局", text))

    def full(self, written: str, title: str = "") -> str | None:
        """The full name of a written organization, or None if it cannot be told."""
        w = written.removeprefix("我省").removeprefix("我市")
        if not w:
            gov = _GOVERNMENT_TITLES.get(title)
            return self.full(gov) if gov else None
        for inner in _INNER:
            if w.endswith(inner) and len(w) > len(inner):
                base = self.full(w[: -len(inner)])
                return (base + inner) if base else None
        if w in ("厅", "省厅", "公安厅", "省公安厅"):
            return f"{self.province.name}公安厅" if self.province else None
        if w in ("市局", "市公安局", "公安局") and self.city and (w != "公安局" or not self.county):
            return f"{self.city.name}公安局"
        if w == "公安局" and self.county:
            return f"{self.county.name}公安局"
        if w in ("分局", "公安分局"):
            return self.named_branch or (f"{self.county.short}公安分局" if self.county else None)
        if w[0] in "省市区县旗州盟" and len(w) > 1:
            scope = {"省": self.province, "市": self.city, "州": self.city, "盟": self.city}.get(w[0], self.county)
            if scope is not None:
                return scope.name + w[1:] if w[1:] not in ("委",) else scope.name + "委"
            return None
        if w in _SCOPED_BODIES and self.place is not None:
            return self.place.name + w  # 政法委书记 in a district's report: that district's 政法委
        if places.find(w) or (_org_suffix().search(w) and not _org_suffix().fullmatch(w)):
            return w  # already a named organization: 下陆公安分局, 宁夏回族自治区
        return None

    def jurisdiction_of(self, full: str) -> str | None:
        """The place an organization serves: the most specific place its name holds, else the document's."""
        named = [p for _, _, p in places.find(full)]
        if named:
            return max(named, key=_depth).name
        return self.place.name if self.place else None

    def parent(self, full: str) -> str | None:
        """The organization above: an inner body's host, a branch's city bureau, a bureau's province."""
        for inner in _INNER:
            if full.endswith(inner) and len(full) > len(inner):
                return full[: -len(inner)]
        if full.endswith("公安分局") and self.city:
            return f"{self.city.name}公安局"
        if full.endswith("公安局") and self.province and not full.startswith(self.province.name):
            return f"{self.province.name}公安厅"
        return None


def _host(written: str) -> str:
    """The organization an inner body belongs to: 公安厅党委 -> 公安厅, 市局党委 -> 市局."""
    for inner in _INNER:
        if written.endswith(inner) and len(written) > len(inner):
            return written[: -len(inner)]
    return written


def _up_to(place: places.Place | None, level: str) -> places.Place | None:
    while place is not None and place.level != level:
        place = places.parent(place)
    return place


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def resolve_posts(posts: list[Post], resolver: OrgResolver) -> tuple[list[Post], list[Organization]]:
    """Give each post its organization: as written, inherited along the chain, then resolved."""
    out: list[Post] = []
    orgs: dict[str, Organization] = {}
    previous_org: dict[str, str] = {}  # person -> the written organization of their previous post
    for post in posts:
        written = post.label[: -len(post.title)] if post.label.endswith(post.title) else ""
        previous = previous_org.get(post.person, "")
        host = _host(previous)
        if not written and post.title not in _GOVERNMENT_TITLES:
            written = host  # 公安厅党委书记、厅长: 厅长 of 公安厅
        elif written in _INNER and host:
            written = host + written  # 厅党委委员、政治部主任: the 厅's 政治部
            previous_org[post.person] = written
        elif written:
            previous_org[post.person] = written
        full = resolver.full(written, post.title)
        resolved = full + post.title if full else None
        if resolved == post.label:
            resolved = None
        out.append(Post(post.person, post.label, post.title, full, resolved, post.span))
        name = full
        while name and name not in orgs:
            parent = resolver.parent(name)
            orgs[name] = Organization(name, written or name, parent, resolver.jurisdiction_of(name), post.span)
            name = parent
    return out, list(orgs.values())
