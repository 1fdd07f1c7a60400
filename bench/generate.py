"""Synthetic Chinese meeting reports for benchmarks, with the facts they state.

    .venv/bin/python bench/generate.py --docs N --out DIR [--seed 7] [--gold]
    .venv/bin/python bench/generate.py --check OUT --out DIR     # persons/posts/roles P/R of a build

Real reports are few and their people real; a benchmark needs thousands of documents that
read like them. The phrasing (bench/phrasing.toml) is templates written anew in the genre's
shapes (no sentence of a report), with places, years and people as placeholders. Places come from ontology/lexicon/places.tsv; each chosen
province gets a fixed population of officials whose careers run over the years (a vacated
seat is filled from the rank below on the same ladder), so the same person recurs across
documents and years with changing posts. Names are drawn from surname + given-name
characters with a seeded RNG: no real person is named.

Everything is deterministic given --seed; document i depends only on the seed and i, so a
corpus of N documents is the prefix of any larger one. DIR gets N .txt files and
``corpus.json`` (the population with careers, and per document the meeting, the persons with
the posts as written and their roles, the mentioned-only persons and the themes);
``--gold`` also writes NAME.json beside each NAME.txt in the dev gold format, so
``../shared/eval/score.py DIR`` scores a build of it.
"""
from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compose import PHRASING, ROOT, YEARS, compose  # noqa: E402

LEXICON = ROOT / "ontology" / "lexicon"
VERSION = 4  # bump when the output for a seed changes, so run.py regenerates a reused corpus


def _lines(name: str) -> list[str]:
    return [x.strip() for x in (LEXICON / name).read_text(encoding="utf-8").splitlines()
            if x.strip() and not x.startswith("#")]


@dataclass
class Unit:
    code: str
    name: str
    kind: str  # a key of [units] in phrasing.toml
    short: str
    parent: "Unit | None"
    slogans: list[str] = field(default_factory=list)

    @property
    def group(self) -> str:  # p: province, c: city-like, k: county-like
        return "p" if self.parent is None else "c" if self.parent.parent is None else "k"

    @property
    def province(self) -> "Unit":
        return self if self.parent is None else self.parent.province

    def words(self) -> dict[str, str]:
        w = dict(PHRASING["units"][self.kind])
        org = self.short + w["police"] if self.kind == "district" else self.name + w["police"]
        return {**w, "unit": self.name, "short": self.short, "policeorg": org,
                "province": self.province.name, "pshort": self.province.short,
                "pparty": PHRASING["units"][self.province.kind]["party"]}


@dataclass
class Seat:
    id: int
    unit: Unit
    key: str
    ladder: str
    rank: int
    chains: list[list[str]]
    short: str


def _kind(code: str, name: str) -> str | None:
    if code.endswith("0000"):
        return "region" if name.endswith("自治区") else "province" if name.endswith("省") else None
    if code.endswith("00"):
        for suffix, kind in (("自治州", "prefecture"), ("地区", "area"), ("盟", "league"), ("市", "city")):
            if name.endswith(suffix) and name != "市辖区":
                return kind
        return None
    for suffix, kind in (("区", "district"), ("县", "county"), ("市", "countycity"), ("旗", "banner")):
        if name.endswith(suffix) and name not in ("市辖区", "林区"):
            return kind
    return None


def _short(name: str, kind: str) -> str:
    if kind == "region":
        return re.sub(r"(壮族|回族|维吾尔)$", "", name.removesuffix("自治区"))
    if "自治" in name:  # 黔西南布依族苗族自治州 -> 黔西南州 (not 黔西, a county's name)
        groups = "|".join(_lines("ethnic_groups.txt"))
        found = re.match(f"^(.+?)(?:(?:{groups})族?)+自治(州|县|旗)$", name)
        return found.group(1) + found.group(2) if found and len(found.group(1)) >= 2 else name
    for suffix in ("省", "地区", "特区", "市", "盟", "区", "县", "旗"):  # 六枝特区 is written 六枝, never 六枝特
        # a long stem is never written bare (察哈尔右翼后旗 is not 察哈尔右翼后): the full name
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix) if len(name) - len(suffix) <= 4 else name
    return name


def choose_units(rng: random.Random, provinces: int, cities: int, counties: int) -> list[Unit]:
    """Provinces (not the four municipalities), some of their cities, some counties of each city."""
    rows = [line.split("\t") for line in _lines("places.tsv")]
    kinds = {code: _kind(code, name) for code, name in rows}
    names = dict(rows)
    tops = [c for c, k in kinds.items() if k in ("province", "region")]
    units: list[Unit] = []
    for pcode in sorted(rng.sample(tops, min(provinces, len(tops)))):
        prov = Unit(pcode, names[pcode], kinds[pcode], _short(names[pcode], kinds[pcode]), None)
        units.append(prov)
        city_codes = sorted(c for c, k in kinds.items() if c[:2] == pcode[:2] and k in
                            ("city", "prefecture", "area", "league") and c.endswith("00"))
        chosen = sorted(set(city_codes[:1] + rng.sample(city_codes, min(cities, len(city_codes)))))[:cities]
        for ccode in chosen:  # the capital (xx01) first when it exists
            city = Unit(ccode, names[ccode], kinds[ccode], _short(names[ccode], kinds[ccode]), prov)
            units.append(city)
            below = sorted(c for c, k in kinds.items() if c[:4] == ccode[:4] and not c.endswith("00") and k)
            for kcode in sorted(rng.sample(below, min(counties, len(below)))):
                units.append(Unit(kcode, names[kcode], kinds[kcode], _short(names[kcode], kinds[kcode]), city))
    for unit in units:
        unit.slogans = [_slogan(rng) for _ in range(3)]
    return units


def _slogan(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(PHRASING["text"]["slogan_verb"])
    a, b = PHRASING["text"]["slogan_a"], PHRASING["text"]["slogan_b"]
    return f"{rng.choice(a)}{rng.choice(b)}、{rng.choice(a)}{rng.choice(b)}"


class Names:
    """Unique names from surname + given-name characters (Tibetan syllables in Tibet)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [s for s in _lines("surnames.txt") if len(s) == 1][:200]
        self.weights = list(itertools.accumulate(1 / (i + 8) for i in range(len(self.surnames))))
        self.given = sorted(set("".join(PHRASING["names"]["given"].split())))
        self.used: set[str] = set()

    def new(self, tibet: bool = False) -> str:
        while True:
            if tibet and self.rng.random() < 0.7:
                name = "".join(self.rng.sample(PHRASING["names"]["tibetan"], 2))
            else:
                surname = self.rng.choices(self.surnames, cum_weights=self.weights)[0]
                name = surname + "".join(self.rng.choices(self.given, k=1 if self.rng.random() < 0.3 else 2))
            if name not in self.used:
                self.used.add(name)
                return name


class World:
    """The units, their seats, the population, and who holds which seat in which year."""

    def __init__(self, seed: int, provinces: int, cities: int, counties: int) -> None:
        rng = random.Random(f"world:{seed}")
        self.units = choose_units(rng, provinces, cities, counties)
        self.names = Names(rng)
        self.seats: list[Seat] = []
        for unit in self.units:
            for spec in PHRASING["seats"]:
                if unit.kind in spec["levels"] or (unit.kind == "region" and "province" in spec["levels"]):
                    for _ in range(spec.get("count", 1)):
                        self.seats.append(Seat(len(self.seats), unit, spec["key"], spec["ladder"], spec["rank"],
                                               spec["chains"], spec["short"]))
        self.person_name: list[str] = []
        self.person_province: list[str] = []
        self.holders: dict[int, dict[int, int]] = {}  # year -> seat id -> person id
        self._simulate(rng)

    def _new_person(self, seat: Seat) -> int:
        self.person_name.append(self.names.new(tibet=seat.unit.code.startswith("54")))
        self.person_province.append(seat.unit.province.code)
        return len(self.person_name) - 1

    def _simulate(self, rng: random.Random) -> None:
        holder = {s.id: self._new_person(s) for s in self.seats}
        since = {s.id: YEARS[0] - rng.randrange(4) for s in self.seats}
        for year in YEARS:
            if year > YEARS[0]:
                moved: set[int] = set()
                queue = [(-s.rank, s.id) for s in self.seats if year - since[s.id] >= 2 and rng.random() < 0.3]
                heapq.heapify(queue)
                vacant = {sid for _, sid in queue}
                while queue:
                    _, sid = heapq.heappop(queue)
                    seat = self.seats[sid]
                    pool = [s for s in self.seats if s.ladder == seat.ladder and s.id not in vacant
                            and s.unit.province is seat.unit.province and holder[s.id] not in moved
                            and (seat.rank - 2 <= s.rank < seat.rank or (s.rank == seat.rank and s.unit is not seat.unit))
                            and year - since[s.id] >= 2]
                    if pool and seat.ladder in ("party", "police") and rng.random() < 0.75:
                        src = rng.choice(pool)
                        holder[sid] = holder[src.id]
                        moved.add(holder[sid])
                        vacant.add(src.id)
                        heapq.heappush(queue, (-src.rank, src.id))
                    else:
                        holder[sid] = self._new_person(seat)
                    since[sid] = year
                    vacant.discard(sid)
            self.holders[year] = dict(holder)

    def careers(self) -> list[dict]:
        """Each person's posts by year span: what recurs across documents."""
        spans: dict[int, list[list]] = {}
        for year in YEARS:
            for sid, pid in sorted(self.holders[year].items()):
                seat = self.seats[sid]
                what = f"{seat.unit.name}/{seat.key}"
                rows = spans.setdefault(pid, [])
                if rows and rows[-1][2] == what and rows[-1][1] == year - 1:
                    rows[-1][1] = year
                else:
                    rows.append([year, year, what])
        return [{"id": pid, "name": self.person_name[pid], "province": self.person_province[pid],
                 "career": [{"from": a, "to": b, "seat": w} for a, b, w in rows]} for pid, rows in sorted(spans.items())]

    def seat(self, unit: Unit, key: str, year: int, index: int = 0) -> tuple[Seat, int] | None:
        found = [s for s in self.seats if s.unit is unit and s.key == key]
        if not found:
            return None
        seat = found[min(index, len(found) - 1)]
        return seat, self.holders[year][seat.id]


def generate(out: Path, docs: int, seed: int = 7, provinces: int = 4, cities: int = 4, counties: int = 2,
             gold: bool = False) -> dict:
    """Write ``docs`` reports and corpus.json into ``out``; return what corpus.json holds."""
    world = World(seed, provinces, cities, counties)
    out.mkdir(parents=True, exist_ok=True)
    documents = []
    for i in range(docs):
        text, truth = compose(world, random.Random(f"doc:{seed}:{i}"))
        name = f"{i:05d}_{truth['unit']}.txt"
        (out / name).write_text(text, encoding="utf-8")
        truth["file"] = name
        documents.append(truth)
        if gold:
            (out / name).with_suffix(".json").write_text(json.dumps(_gold(truth), ensure_ascii=False, indent=1),
                                                          encoding="utf-8")
    corpus = {"generator": VERSION, "seed": seed, "docs": docs, "provinces": provinces, "cities": cities,
              "counties": counties, "chars": sum(d["chars"] for d in documents),
              "units": [{"code": u.code, "name": u.name, "kind": u.kind, "slogans": u.slogans} for u in world.units],
              "population": world.careers(), "documents": documents}
    (out / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False, indent=0), encoding="utf-8")
    return corpus


def _gold(truth: dict) -> dict:
    """One document's truth in the dev gold format that ../shared/eval/score.py reads."""
    return {"id": Path(truth["file"]).stem, "meetings": [truth["meeting"]],
            "persons": [{"name": p["name"], "posts": p["posts"], "roles": p["roles"]} for p in truth["persons"]],
            "optional_persons": truth["optional_persons"], "themes": truth["themes"]}


def check(corpus_dir: Path, out_dir: Path) -> dict[str, dict]:
    """Persons, posts and roles of a build against the truth (score.py's matching, micro P/R)."""
    import pyoxigraph

    truth = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    store = pyoxigraph.Store()
    store.load(path=str(out_dir / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    prefix = "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#> " \
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    found: dict[str, dict[str, set]] = {}

    def rows(q: str):
        for row in store.query(prefix + q):
            yield [Path(row[0].value).name] + [x.value for x in list(row)[1:]]

    # every pattern inside one document's graph: a cross-graph join would meet each shared
    # entity once per document that mentions it (Oxigraph's union graph does not deduplicate)
    for file, name in rows("SELECT ?f ?n WHERE { GRAPH ?g { ?g kg:sourceFile ?f . ?p a kg:Person ; rdfs:label ?n } }"):
        found.setdefault(file, {}).setdefault("persons", set()).add(name)
    posts: dict[tuple[str, str, str], set[str]] = {}  # (file, person, post IRI) -> the post's labels
    for file, name, post, label in rows("SELECT ?f ?n ?x ?l WHERE { GRAPH ?g { ?g kg:sourceFile ?f . "
                                        "?p org:holds ?x ; rdfs:label ?n . ?x rdfs:label ?l } }"):
        posts.setdefault((file, name, post), set()).add(label)
    for (file, name, _), labels in posts.items():
        found.setdefault(file, {}).setdefault("posts", []).append((name, labels))
    for file, name, role in rows("SELECT ?f ?n ?r WHERE { GRAPH ?g { ?g kg:sourceFile ?f ; kg:reports ?m . "
                                 "?p ?r ?m ; rdfs:label ?n FILTER(?r IN (kg:presided, kg:spokeAt, kg:attended)) } }"):
        role = {"presided": "presided", "spokeAt": "spoke"}.get(role.rsplit("#", 1)[-1], "attended")
        found.setdefault(file, {}).setdefault("roles", set()).update({(name, role), (name, "attended")})
    counts = {k: [0, 0, 0] for k in ("persons", "posts", "roles")}  # tp, fp, fn
    for doc in truth["documents"]:
        got = found.get(doc["file"], {})
        optional = set(doc["optional_persons"])
        want = {p["name"] for p in doc["persons"]}
        names = got.get("persons", set()) - optional
        _add(counts["persons"], len(names & want), len(names - want), len(want - names))
        gold_posts = [(p["name"], t) for p in doc["persons"] for t in p["posts"]]
        pred_posts = sorted((n, sorted(ts)) for n, ts in got.get("posts", []) if n not in optional)
        left = list(gold_posts)
        tp = 0
        for n, labels in pred_posts:
            hit = next((g for g in left if g[0] == n and any(_post_match(t, g[1]) for t in labels)), None)
            if hit:
                left.remove(hit)
                tp += 1
        _add(counts["posts"], tp, len(pred_posts) - tp, len(left))
        gold_roles = {(p["name"], r) for p in doc["persons"] for r in p["roles"]}
        pred_roles = {x for x in got.get("roles", set()) if x[0] not in optional}
        _add(counts["roles"], len(pred_roles & gold_roles), len(pred_roles - gold_roles), len(gold_roles - pred_roles))
    return {k: {"precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
                "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0, "tp": tp, "fp": fp, "fn": fn}
            for k, (tp, fp, fn) in counts.items()}


def _post_match(pred: str, gold: str) -> bool:
    """score.py's rule: the gold post, or it with an organization written before (副X is not X)."""
    return pred == gold or (len(gold) >= 2 and pred.endswith(gold) and not pred[: -len(gold)].endswith("副"))


def _add(c: list[int], tp: int, fp: int, fn: int) -> None:
    c[0] += tp
    c[1] += fp
    c[2] += fn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True, help="folder for the .txt files and corpus.json")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--provinces", type=int, default=4, help="provinces with a population of officials")
    ap.add_argument("--cities", type=int, default=4, help="cities per province")
    ap.add_argument("--counties", type=int, default=2, help="counties per city")
    ap.add_argument("--gold", action="store_true", help="also NAME.json per document (score.py's format)")
    ap.add_argument("--check", type=Path, metavar="BUILD_OUT",
                    help="do not generate: compare BUILD_OUT/graph.trig with --out's corpus.json")
    a = ap.parse_args(argv)
    if a.check:
        for kind, r in check(a.out, a.check).items():
            print(f"{kind:8s} precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
                  f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        return 0
    corpus = generate(a.out, a.docs, a.seed, a.provinces, a.cities, a.counties, a.gold)
    print(f"{corpus['docs']} documents, {corpus['chars']} characters, {len(corpus['population'])} officials "
          f"in {len(corpus['units'])} units -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
