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

from . import lexicon, places, rules
from .facts import Document, Meeting, Organization, Post


def _words(key: str) -> tuple[str, ...]:
    return rules.words("resolve", key)


def _one(key: str) -> str:
    """A rule naming one word (the police bureau's suffix, 公安局)."""
    return _words(key)[0]


@cache
def _level_of_scope() -> dict[str, str]:
    return rules.table("resolve", "level_of_scope")


@cache
def _scope_marks() -> tuple[str, ...]:
    """What opens a whole-jurisdiction word (全州公安机关): never a county's short name."""
    return tuple({level[0] for level in _level_of_scope()})


@cache
def _government_titles() -> dict[str, str]:
    return rules.table("resolve", "government_titles")


@cache
def _org_suffix() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('org_suffixes.txt')})$")


def jurisdiction(doc: Document, meetings: list[Meeting]) -> places.Place | None:
    """The place the document is about, at the level of its reported meeting's scope."""
    text = (doc.source or "") + "\n" + doc.text
    found = _place_mentions(text) + _short_county_names(text) + _autonomous_mentions(text)
    if not found:
        found = _repeated_county_shorts(text)
    if not found:
        return None
    counts = Counter(_disambiguated(found))
    scope = next((m.level for m in meetings if m.reported and m.level), None)
    want = _level_of_scope().get(scope or "")
    # a more specific place votes for its parents: 下陆区 is also 黄石市 and 湖北省
    votes: Counter[places.Place] = Counter()
    for place, n in counts.items():
        votes[place] += n
        up = places.parent(place)
        while up is not None:
            votes[up] += n if up in counts else 0
            up = places.parent(up)
    ranked = sorted(votes, key=lambda p: (-votes[p], p.adcode))
    named_most = max(counts, key=lambda p: (counts[p], -_depth(p)))
    if want == "city" and named_most.level == "county" and named_most.name.endswith("市"):
        return named_most  # 全市 in a county-level city's report (二连浩特市): that city, not its 盟
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


def _place_mentions(text: str) -> list[places.Place]:
    """The gazetteer places a text names, less those inside a word that only holds a name (示范县)."""
    friends = [(m.start(), m.end()) for word in lexicon.words("place_false_friends.txt")
               for m in re.finditer(re.escape(word), text)]
    return [p for start, end, p in places.find(text)
            if not any(a <= start and end <= b for a, b in friends)]


def _short_county_names(text: str) -> list[places.Place]:
    """Counties named short before their police or a meeting's verb (卡若公安分局, 来源:卡若公安,
    南明召开…会议): the one county whose full name is the stem and a county suffix."""
    found = []
    for m in re.finditer(rules.alt("resolve", "county_short_cues"), text):
        for size in (2, 3, 4, 5, 6):
            stem = text[m.start() - size:m.start()]
            if stem.startswith(_scope_marks()) or stem in _level_of_scope():  # 全州公安机关: the whole prefecture's
                break
            if len(stem) < size or not all("\u4e00" <= c <= "\u9fff" for c in stem):
                continue
            hits = {p for suffix in _words("county_suffixes")
                    if (p := places.lookup(stem + suffix)) and p.level == "county"}
            if len(hits) == 1:
                found.append(hits.pop())
                break
    return found


@cache
def _county_shorts() -> dict[str, places.Place]:
    """Counties' short names (芦溪 for 芦溪县) that no other place bears in full or short."""
    seen: dict[str, list[places.Place]] = {}
    for place in places.places().values():
        for name in {place.name, place.short}:
            seen.setdefault(name, []).append(place)
    stops = set(lexicon.words("county_short_stops.txt"))
    return {place.short: place for place in places.places().values()
            if place.level == "county" and len(place.short) >= 2 and place.short != place.name
            and len(seen[place.short]) == 1 and place.short not in stops and not place.short.startswith(_scope_marks())}


@cache
def _autonomous_shorts() -> dict[str, places.Place]:
    """Autonomous places' short forms: 黔西南州 for 黔西南布依族苗族自治州, 三都县 for 三都水族自治县."""
    groups = "|".join(lexicon.words("ethnic_groups.txt"))
    shape = re.compile(f"^(.+?)(?:(?:{groups})族?)+自治(州|县|旗)$")
    out = {}
    for place in places.places().values():
        found = shape.match(place.name)
        if found and len(found.group(1)) >= 2:
            out[found.group(1) + found.group(2)] = place
    return out


def _autonomous_mentions(text: str) -> list[places.Place]:
    return [place for short, place in _autonomous_shorts().items() for _ in range(text.count(short))]


def _repeated_county_shorts(text: str) -> list[places.Place]:
    """A report that names no place in full may name its county short, again and again (为芦溪…,
    芦溪高质量发展): the county short names written at least twice."""
    shorts = _county_shorts()
    counts: Counter[places.Place] = Counter()
    for size in (2, 3, 4):
        for i in range(len(text) - size + 1):
            place = shorts.get(text[i:i + size])
            if place is not None:
                counts[place] += 1
    return [place for place, n in counts.items() for _ in range(n) if n >= 2]


@cache
def _same_named() -> dict[str, list[places.Place]]:
    """Full names that several places bear (西湖区 of two cities), each with its places."""
    by_name: dict[str, list[places.Place]] = {}
    for place in places.places().values():
        by_name.setdefault(place.name, []).append(place)
    return {name: found for name, found in by_name.items() if len(found) > 1}


def namesakes(place: places.Place) -> list[places.Place]:
    """The other places bearing this place's full name (西湖区 of 杭州市 and of 南昌市)."""
    return [p for p in _same_named().get(place.name, []) if p != place]


def place_near(name: str, near: places.Place | None) -> places.Place | None:
    """The place of a gazetteer name; of several bearing it, the one in ``near``'s province."""
    place = places.lookup(name)
    candidates = _same_named().get(place.name) if place else None
    if candidates and near is not None:
        province = places.province_of(near)
        return next((c for c in candidates if c == near or province in _parents(c)), place)
    return place


def _disambiguated(found: list[places.Place]) -> list[places.Place]:
    """A name several places bear is the one whose city or province the text also names."""
    named = set(found)
    out = []
    for place in found:
        candidates = _same_named().get(place.name)
        if candidates:
            place = next((c for c in candidates if any(up in named for up in _parents(c))), place)
        out.append(place)
    return out


def _parents(place: places.Place) -> list[places.Place]:
    out = []
    while (place := places.parent(place)) is not None:
        out.append(place)
    return out


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
        # in a county-level city's report (二连浩特市) 市局 and 市委 are that city's, not the 盟's
        self.municipal = self.county if self.county and self.county.name.endswith("市") else self.city
        text = (doc.source or "") + "\n" + doc.text
        branch = _one("branch_police")
        branches = (_after_clause(b) for b in re.findall(rf"[\u4e00-\u9fff]{{2,6}}{re.escape(branch)}", text))
        self.named_branch = _first([b for b in branches if len(b) > len(branch)])  # not 会议由|公安分局

    def full(self, written: str, title: str = "") -> str | None:
        """The full name of a written organization, or None if it cannot be told."""
        w = _after_clause(written)
        for own in _words("own_place_prefixes"):
            w = w.removeprefix(own)
        if not w:
            gov = _government_titles().get(title)
            return self.full(gov) if gov else None
        for inner in _words("inner_bodies"):
            if w.endswith(inner) and len(w) > len(inner):
                base = self.full(w[: -len(inner)])
                return (base + inner) if base else None
        region_word = next((r for r in _words("region_prefixes") if w.startswith(r)), None)
        if region_word:  # 自治区公安厅: the report's own region, if it is one
            region = self.province if self.province and self.province.name.endswith(region_word) else None
            return region.name + w[len(region_word):] if region and len(w) > len(region_word) else None
        bureau = _one("police_bureau")
        if w in _words("province_police_short"):
            return self.province.name + _one("province_police") if self.province else None
        if w in _words("city_police_short") and self.municipal:
            return self.municipal.name + bureau
        if w == bureau and self.city and not self.county:
            return self.city.name + bureau
        if w == bureau and self.county:
            return self.county.name + bureau
        if w in _words("branch_police_short"):
            return self.named_branch or (self.county.short + _one("branch_police") if self.county else None)
        level = rules.table("resolve", "level_prefixes").get(w[0])
        if level and len(w) > 1:
            scope = {"province": self.province, "municipal": self.municipal, "city": self.city}.get(level, self.county)
            return scope.name + w[1:] if scope is not None else None
        if w in _words("scoped_bodies") and self.place is not None:
            return self.place.name + w  # 政法委书记 in a district's report: that district's 政法委
        if places.find(w) or (_org_suffix().search(w) and not _org_suffix().fullmatch(w)):
            return w  # already a named organization: 下陆公安分局, 宁夏回族自治区
        return None

    def jurisdiction_of(self, full: str) -> str | None:
        """The place an organization serves: the most specific place its name holds, else the document's."""
        named = [self._near(p) for _, _, p in places.find(full)]
        if named:
            return max(named, key=_depth).name
        return self.place.name if self.place else None

    def _near(self, place: places.Place) -> places.Place:
        """Of the places bearing this name, the one in the document's province (西湖区 of 南昌市)."""
        candidates = _same_named().get(place.name)
        if candidates and self.province is not None:
            return next((c for c in candidates if self.province in _parents(c)), place)
        return place

    def parent(self, full: str) -> str | None:
        """The organization above: an inner body's host, a branch's city bureau, a bureau's province."""
        for inner in _words("inner_bodies"):
            if full.endswith(inner) and len(full) > len(inner):
                return full[: -len(inner)]
        if full.endswith(_one("branch_police")) and self.city:
            return self.city.name + _one("police_bureau")
        if full.endswith(_one("police_bureau")) and self.province and not full.startswith(self.province.name):
            return self.province.name + _one("province_police")
        return None


def _after_clause(written: str) -> str:
    """A written organization without the clause words read into it: 会议由公安分局 -> 公安分局."""
    for opener in lexicon.words("org_clause_openers.txt"):
        at = written.rfind(opener)
        if at >= 0:
            written = written[at + len(opener):]
    return written


def _host(written: str) -> str:
    """The organization an inner body belongs to: 公安厅党委 -> 公安厅, 市局党委 -> 市局."""
    for inner in _words("inner_bodies"):
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
        if not written and post.title not in _government_titles():
            written = host  # 公安厅党委书记、厅长: 厅长 of 公安厅
        elif written in _words("inner_bodies") and host:
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
