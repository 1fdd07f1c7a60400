"""Across-document identity: which person, meeting and organization nodes are one.

Each document's graph names what it mentions at the narrowest scope the report
supports (a person within their post's place, a meeting within its organizer and
jurisdiction, an undated meeting within its report), so nothing is merged by
accident. This stage reads those nodes back from every document (small
:class:`DocRecord` summaries) and decides which are one:

* a person's node merges upward into the node of the same name in an enclosing
  place (county ⊂ city ⊂ province) when that place holds no other line of the
  name: a county chief promoted in his city is one person, while two 王某 of two
  cities of one province stay two, and a provincial 王某 beside them stays apart;
* a person of a report without jurisdiction joins the one person of the corpus
  with the same name and a post as written alike, else stays apart (a review row);
* an undated meeting joins the same organizer's same-named dated meeting that
  falls on its month and day, when there is exactly one;
* a curation file (:mod:`kgraph.curation`) states same / not-same first; not-same
  is never overridden.

The summaries come from :mod:`kgraph.records`.

``merge.py`` writes the decisions as the identity graph.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import places, vocab
from .records import DocRecord, read_record
from .resolve import namesakes

__all__ = ["Curation", "Decisions", "DocRecord", "read_record", "resolve", "scope_of", "place_depth"]


@dataclass(frozen=True)
class Curation:
    """A user's statements: pairs of IRIs that are, or are not, one node (with file:line)."""

    same: tuple[tuple[str, str, str], ...] = ()
    not_same: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Decisions:
    """The identity graph's content, before it is written."""

    same_as: list[tuple[str, str, str]] = field(default_factory=list)  # (node, canonical, reason)
    display: dict[str, str] = field(default_factory=dict)  # canonical person IRI -> label as shown
    memberships: list[tuple[str, str, str | None, str | None, str | None]] = field(default_factory=list)
    review: list[dict[str, str]] = field(default_factory=list)
    merged_persons: int = 0  # nodes that became another's alias
    merged_meetings: int = 0


class _Clusters:
    """Union-find that refuses a union joining two nodes stated not to be the same."""

    def __init__(self, apart: list[tuple[str, str]]) -> None:
        self.parent: dict[str, str] = {}
        self.apart = apart
        self.reason: dict[str, str] = {}  # node -> why it joined

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        for x, y in self.apart:
            rx, ry = self.find(x), self.find(y)
            if {rx, ry} == {ra, rb}:
                return False
        self.parent[rb] = ra
        self.reason.setdefault(b, reason)
        self.reason.setdefault(a, reason)
        return True

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for node in list(self.parent):
            out[self.find(node)].append(node)
        return out


def resolve(records: list[DocRecord], curation: Curation = Curation()) -> Decisions:
    """Every identity decision over the corpus' documents."""
    apart = [(a, b) for a, b, _ in curation.not_same]
    clusters = _Clusters(apart)
    decisions = Decisions()
    person_name: dict[str, str] = {}
    for rec in records:
        for node, name in rec.persons.items():
            person_name[node] = name
            clusters.find(node)
        for node in rec.meetings:
            clusters.find(node)
    for a, b, where in curation.same:
        if not clusters.union(a, b, f"curated ({where})"):
            decisions.review.append({"kind": "curation", "node": a, "other": b, "name": "",
                                     "why": f"same at {where} contradicts a not-same statement"})
    _persons_upward(person_name, clusters)
    _persons_in_turn(records, person_name, clusters, decisions)
    _persons_without_place(records, person_name, clusters, decisions)
    _undated_meetings(records, clusters, decisions)
    groups = clusters.groups()
    meeting_nodes = {m for rec in records for m in rec.meetings}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=_canonical_order)
        for node in sorted(members):
            if node != canonical:
                decisions.same_as.append((node, canonical, clusters.reason.get(node, "merged")))
                if node in person_name:
                    decisions.merged_persons += 1
                elif node in meeting_nodes:
                    decisions.merged_meetings += 1
    decisions.display = _display_labels(records, person_name, clusters)
    decisions.memberships = _memberships(records, clusters)
    return decisions


def _canonical_order(node: str) -> tuple[int, str]:
    """The node that stands for its cluster: the broadest scope, a dated meeting, then the IRI."""
    parts = vocab.iri_parts(node, "person")
    if parts:
        place = places.places().get(parts[0])
        return (place_depth(place) if place else 9, node)
    parts = vocab.iri_parts(node, "meeting")
    if parts and len(parts) >= 3:
        return (1 if parts[-2].startswith("undated") else 0, node)
    return (5, node)


def place_depth(place: places.Place) -> int:
    return {"province": 0, "city": 1, "county": 2}[place.level]


def scope_of(node: str) -> places.Place | None:
    """The place a person node is scoped to, or None for a report-scoped one."""
    parts = vocab.iri_parts(node, "person")
    return places.places().get(parts[0]) if parts else None


def _chain(place: places.Place) -> list[places.Place]:
    """The place and the places above it, nearest first."""
    out = [place]
    while (up := places.parent(out[-1])) is not None:
        out.append(up)
    return out


def _persons_upward(person_name: dict[str, str], clusters: _Clusters) -> None:
    """Within one name: a node joins its nearest enclosing node when all the name's nodes under
    that place lie on one line (so the enclosing one can only be theirs)."""
    for name, nodes in _placed_by_name(person_name).items():
        if len(nodes) < 2:
            continue
        at = {code: places.places()[code] for code in nodes}
        for code, node in sorted(nodes.items(), key=lambda item: -place_depth(at[item[0]])):
            above = next((p for p in _chain(at[code])[1:] if p.adcode in nodes), None)
            if above is None:
                continue
            below = [c for c in nodes if c != above.adcode and above in _chain(at[c])]
            if _nested([at[c] for c in below]):
                clusters.union(nodes[above.adcode], node, f"same name within {above.name}, one line of places")


def _placed_by_name(person_name: dict[str, str]) -> dict[str, dict[str, str]]:
    """name -> place code -> the person node of that name scoped there.

    A report that names its district only as 西湖区 is read as the first place of that name; a
    node scoped there is taken to be at the namesake in the one province where the name's other
    nodes are (the same official elsewhere in 江西 makes it 南昌's 西湖区)."""
    by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for node, name in person_name.items():
        place = scope_of(node)
        if place is not None:
            by_name[name][place.adcode] = node
    for nodes in by_name.values():
        for code in [c for c in nodes if namesakes(places.places()[c])]:
            others = {c[:2] for c in nodes if c != code}
            fit = [p for p in namesakes(places.places()[code]) if p.adcode[:2] in others]
            if code[:2] not in others and len(fit) == 1 and fit[0].adcode not in nodes:
                nodes[fit[0].adcode] = nodes.pop(code)
    return by_name


def _persons_in_turn(records: list[DocRecord], person_name: dict[str, str], clusters: _Clusters,
                     decisions: Decisions) -> None:
    """Within one name and province, what is still apart after nesting (two cities, a city and
    the province) is one person moved on when the reports attest the two one after the other
    (or never in one year). A group continues the person last attested before it; two groups
    attested side by side are two persons; a group that could continue two persons equally
    stays apart and is listed for review."""
    dates: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        when = rec.attested
        if when:
            for node in rec.persons:
                dates[node].append(when)
    for name, nodes in _placed_by_name(person_name).items():
        by_province: dict[str, list[str]] = defaultdict(list)
        for code, node in nodes.items():
            by_province[code[:2]].append(node)
        for members in by_province.values():
            groups: dict[str, list[str]] = defaultdict(list)
            for node in members:
                groups[clusters.find(node)].extend(dates.get(node, []))
            if len(groups) < 2:
                continue
            chains: list[tuple[str, list[str]]] = []  # (root, attested dates), in order of first date
            for first, root in sorted((min(d), root) for root, d in groups.items() if d):
                own = groups[root]
                years = {d[:4] for d in own}
                after = [c for c in chains if max(c[1]) < first]
                free = after or [c for c in chains if not years & {d[:4] for d in c[1]}]
                if after:  # the person last seen before this group's first report
                    latest = max(max(c[1]) for c in after)
                    free = [c for c in after if max(c[1]) == latest]
                if len(free) == 1 and clusters.union(free[0][0], root, "same name within a province, "
                                                                       "attested one after the other"):
                    free[0][1].extend(own)
                    continue
                if len(free) > 1:
                    decisions.review.append({"kind": "person", "node": root, "other": " ".join(c[0] for c in free),
                                             "name": name, "why": f"{name} first attested {first} could continue "
                                                                  f"{len(free)} other persons of the name"})
                chains.append((root, list(own)))


def _nested(found: list[places.Place]) -> bool:
    """Whether every pair of places is nested (a county, its city, its province)."""
    return all(a in _chain(b) or b in _chain(a) for i, a in enumerate(found) for b in found[i + 1:])


def _persons_without_place(records: list[DocRecord], person_name: dict[str, str], clusters: _Clusters,
                           decisions: Decisions) -> None:
    """A report without jurisdiction: its person joins the corpus' one same-named person whose
    posts include one written alike; otherwise stays apart, and says so."""
    labels_of: dict[str, set[str]] = defaultdict(set)  # cluster root -> post labels of its members
    for rec in records:
        for node, held in rec.holds.items():
            if scope_of(node) is not None:
                for post in held:
                    labels_of[node].update(x for x in rec.posts.get(post, ()) if x)
    placed_by_name: dict[str, set[str]] = defaultdict(set)
    for node, name in person_name.items():
        if scope_of(node) is not None:
            placed_by_name[name].add(node)
    for rec in records:
        for node, name in rec.persons.items():
            if scope_of(node) is not None or not placed_by_name.get(name):
                continue
            written = {x for post in rec.holds.get(node, []) for x in rec.posts.get(post, ()) if x}
            roots = {clusters.find(other) for other in placed_by_name[name]}
            agree = {clusters.find(other) for other in placed_by_name[name] if written & labels_of.get(other, set())}
            if len(agree) == 1:
                target = next(iter(agree))
                clusters.union(target, node, "same name and post, report without jurisdiction")
            else:
                decisions.review.append({"kind": "person", "node": node, "other": "", "name": name,
                                         "why": f"{name} in {rec.file} (no jurisdiction) kept apart: "
                                                f"{len(agree)} of {len(roots)} same-named persons share a post"})


def _undated_meetings(records: list[DocRecord], clusters: _Clusters, decisions: Decisions) -> None:
    """An undated meeting joins the one dated meeting of its organizer and name on its month and day."""
    dated: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (scope, name, --MM-DD) -> nodes
    for rec in records:
        for node, day in rec.dates.items():
            parts = vocab.iri_parts(node, "meeting")
            if parts and node in rec.meetings:
                dated[(_meeting_scope(parts), parts[-1], f"--{day[5:10]}")].append(node)
    for rec in records:
        for node, month_day in rec.month_days.items():
            parts = vocab.iri_parts(node, "meeting")
            if not parts:
                continue
            found = sorted(set(dated.get((_meeting_scope(parts), parts[-1], month_day), [])))
            if len(found) == 1:
                clusters.union(found[0], node, "same organizer and name, the dated report's month and day")
            elif len(found) > 1:
                decisions.review.append({"kind": "meeting", "node": node, "other": " ".join(found), "name": parts[-1],
                                         "why": f"undated meeting in {rec.file} matches {len(found)} dated ones"})


def _meeting_scope(parts: list[str]) -> str:
    return "/".join(parts[:-2])


def _display_labels(records: list[DocRecord], person_name: dict[str, str], clusters: _Clusters) -> dict[str, str]:
    """A canonical person's name as shown: with its place where another person has the name
    (王某（青岛）), the place's city too where that is not enough (王某（南昌西湖）), the report's
    file for a person of a report without jurisdiction, and a number as the last resort."""
    canon_by_name: dict[str, set[str]] = defaultdict(set)
    for node, name in person_name.items():
        canon_by_name[name].add(clusters.find(node))
    file_of = {node: rec.file for rec in records for node in rec.persons}
    groups = clusters.groups()
    out: dict[str, str] = {}
    for name, roots in canon_by_name.items():
        canonicals = sorted(min(groups.get(root, [root]), key=_canonical_order) for root in roots)
        if len(canonicals) == 1:
            out[canonicals[0]] = name
            continue
        shown = {c: _where(c, file_of, wide=False) for c in canonicals}
        taken = list(shown.values())
        shown = {c: w if taken.count(w) == 1 else _where(c, file_of, wide=True) for c, w in shown.items()}
        seen: dict[str, int] = defaultdict(int)
        for canonical in canonicals:
            where = shown[canonical]
            seen[where] += 1
            suffix = "" if list(shown.values()).count(where) == 1 else f"·{seen[where]}"
            out[canonical] = f"{name}（{where}{suffix}）"
    return out


def _where(node: str, file_of: dict[str, str], wide: bool) -> str:
    place = scope_of(node)
    if place is None:
        return file_of.get(node, "未定地区")
    up = places.parent(place)
    return f"{up.short}{place.short}" if wide and up is not None else place.short


def _memberships(records: list[DocRecord], clusters: _Clusters) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(canonical person, post, organization, first, last attested) for each post a person holds."""
    groups = clusters.groups()
    canonical = {root: min(members, key=_canonical_order) for root, members in groups.items()}
    span: dict[tuple[str, str], list[str]] = {}
    org: dict[str, str] = {}
    for rec in records:
        when = rec.attested
        for node, held in rec.holds.items():
            person = canonical.get(clusters.find(node), node)
            for post in held:
                org.setdefault(post, rec.post_org.get(post, ""))
                dates = span.setdefault((person, post), [])
                if when:
                    dates.append(when)
    out = []
    for (person, post), dates in sorted(span.items()):
        first, last = (min(dates), max(dates)) if dates else (None, None)
        out.append((person, post, org.get(post) or None, first, last))
    return out

