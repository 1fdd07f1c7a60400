"""Time the centrality analysis on a synthetic corpus of 50,000 entities.

    .venv/bin/python bench/analyze_bench.py [--entities 50000] [--seed 1] [--exact-limit N] [--pivots K]

Builds, with a seeded RNG, an rdflib dataset in the shape ``rdf.py`` writes (one named graph
per document; kg:Person, org:Post via org:holds, kg:Meeting reported by its document,
kg:presided / kg:spokeAt / kg:attended, kg:Directive with kg:issuedBy / kg:issuedAt /
dcterms:subject, kg:Theme typed in the document's graph and named by dcterms:subject), less
the provenance (rdf:Statement, kg:Mention), which the analysis never reads. Officials recur:
each meeting draws its people from its province's pool with Zipf weights, so a few leaders
attend hundreds of meetings and most people one or two; themes are Zipf-distributed too.

Prints the seconds of building the dataset and of each analysis step (reading the dataset,
each projection, each measure on each network, the communities), the node and edge counts,
and the peak resident memory (getrusage) after building and after analysing.
"""
from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rdflib import Dataset, Literal  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from kgraph import analysis, store, vocab  # noqa: E402
from kgraph.vocab import DCTERMS, KG, ORG, RDF, RDFS  # noqa: E402

# Shares of the 50,000 entities (documents and meetings one each per article).
SHARES = {"document": 0.06, "meeting": 0.06, "person": 0.24, "post": 0.24, "organization": 0.03,
          "theme": 0.02, "directive": 0.35}
PROVINCES = 31


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))


def build(entities: int, seed: int, spec: str = store.DEFAULT_STORE) -> tuple[Dataset, dict[str, int]]:
    rng = random.Random(seed)
    count = {k: max(1, round(v * entities)) for k, v in SHARES.items()}
    count["directive"] = entities - sum(v for k, v in count.items() if k != "directive")
    ds = store.new_dataset(spec)
    ID = vocab.ID

    persons = [ID[f"person/{i}"] for i in range(count["person"])]
    pools = [persons[p::PROVINCES] for p in range(PROVINCES)]  # a province's officials
    pool_cum = [zipf_weights(len(pool), 0.9) for pool in pools]
    orgs = [ID[f"org/{i}"] for i in range(count["organization"])]
    themes = [vocab.theme_iri(f"主题{i}") for i in range(count["theme"])]
    theme_cum = zipf_weights(len(themes), 1.1)
    posts = [ID[f"post/{i}"] for i in range(count["post"])]
    number = {person: i for i, person in enumerate(persons)}
    holder = {post: persons[i % len(persons)] for i, post in enumerate(posts)}
    post_org = {post: orgs[i * 7 % len(orgs)] for i, post in enumerate(posts)}
    held: dict = {}
    for post, person in holder.items():
        held.setdefault(person, []).append(post)

    written: set = set()

    def mention(g, person) -> None:
        """A person in a document's graph, with the posts they hold (as rdf.py writes them)."""
        written.add(person)
        g.add((person, RDF.type, KG.Person))
        g.add((person, RDFS.label, Literal(f"官员{number[person]}", lang="zh")))
        for post in held.get(person, ()):
            org = post_org[post]
            g.add((post, RDF.type, ORG.Post))
            g.add((post, RDFS.label, Literal("局长", lang="zh")))
            g.add((post, KG.titleTerm, Literal("局长", lang="zh")))
            g.add((post, ORG.postIn, org))
            g.add((org, RDF.type, ORG.Organization))
            g.add((org, RDFS.label, Literal(f"单位{str(org)[-4:]}", lang="zh")))
            g.add((person, ORG.holds, post))
            g.add((post, ORG.heldBy, person))

    def name_theme(g, t) -> None:
        written.add(t)
        g.add((t, RDF.type, KG.Theme))
        g.add((t, RDFS.label, Literal(str(t).rsplit("/", 1)[-1], lang="zh")))
        g.add((g.identifier, DCTERMS.subject, t))

    directive_ids = iter(range(count["directive"]))
    per_meeting = count["directive"] / count["meeting"]
    for i in range(count["document"]):
        doc = ID[f"doc/{i}"]
        g = ds.graph(doc)
        add = g.add
        province = i % PROVINCES
        meeting = ID[f"meeting/{i}"]
        add((doc, RDF.type, KG.Document))
        add((doc, KG.sourceFile, Literal(f"d{i}.txt")))
        add((doc, DCTERMS.issued, Literal(f"2024-01-{i % 28 + 1:02d}", datatype=XSD.date)))
        add((doc, KG.reports, meeting))
        add((meeting, RDF.type, KG.Meeting))
        add((meeting, RDFS.label, Literal(f"会议{i}", lang="zh")))
        add((meeting, KG.date, Literal(f"2024-01-{i % 28 + 1:02d}", datatype=XSD.date)))
        people = list(dict.fromkeys(rng.choices(pools[province], cum_weights=pool_cum[province], k=rng.randint(3, 14))))
        presider, speakers = people[0], people[1:1 + rng.randint(1, 3)]
        for person in people:
            mention(g, person)
            add((person, KG.attended, meeting))
        add((presider, KG.presided, meeting))
        if rng.random() < 0.5:
            add((presider, KG.spokeAt, meeting))
        for person in speakers:
            add((person, KG.spokeAt, meeting))
        named = set()
        for ordinal in range(1, int(per_meeting) + (rng.random() < per_meeting % 1) + 1):
            n = next(directive_ids, None)
            if n is None:
                break
            d = ID[f"directive/{n}"]
            add((d, RDF.type, KG.Directive))
            add((d, KG.text, Literal(f"要求{n}", lang="zh")))
            add((d, KG.ordinal, Literal(ordinal)))
            add((d, KG.issuedAt, meeting))
            add((d, KG.issuedBy, rng.choice(speakers) if rng.random() < 0.7 else meeting))
            for t in set(rng.choices(themes, cum_weights=theme_cum, k=rng.choice((0, 1, 1, 2, 2, 3)))):
                add((d, DCTERMS.subject, t))
                named.add(t)
        named.update(rng.choices(themes, cum_weights=theme_cum, k=rng.randint(2, 8)))
        for t in named:
            name_theme(g, t)
    for n in directive_ids:  # any directives left over go to the last meeting
        d = ID[f"directive/{n}"]
        g.add((d, RDF.type, KG.Directive))
        g.add((d, KG.issuedAt, meeting))
    # people only mentioned (no role) and themes named once, so every entity is in the graph
    for i, person in enumerate(p for p in persons if p not in written):
        mention(ds.graph(ID[f"doc/{i % count['document']}"]), person)
    for i, t in enumerate(t for t in themes if t not in written):
        name_theme(ds.graph(ID[f"doc/{i % count['document']}"]), t)
    return ds, count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exact-limit", type=int, default=analysis.EXACT_LIMIT)
    parser.add_argument("--pivots", type=int, default=analysis.PIVOTS)
    parser.add_argument("--store", default=store.DEFAULT_STORE, help="oxigraph (default) or memory")
    args = parser.parse_args()

    t0 = time.perf_counter()
    ds, count = build(args.entities, args.seed, args.store)
    build_s = time.perf_counter() - t0
    build_mb = peak_mb()
    print(f"synthetic dataset: {sum(count.values()):,} entities "
          f"({', '.join(f'{v:,} {k}s' for k, v in count.items())}), {len(ds):,} triples")
    print(f"  built through rdflib into the {args.store} store in {build_s:.1f} s, peak RSS {build_mb:,.0f} MB")

    t0 = time.perf_counter()
    result = analysis.analyze(ds, exact_limit=args.exact_limit, pivots=args.pivots)
    total = time.perf_counter() - t0
    meta = result.metadata
    print(f"\nanalysis (exact limit {args.exact_limit} nodes, {args.pivots} pivots above it): {total:.1f} s, "
          f"peak RSS {peak_mb():,.0f} MB")
    print(f"\n{'step':<32}{'seconds':>10}")
    for step, seconds in meta["seconds"].items():
        indent = "  " if "." in step and not step.endswith((".centrality", ".communities")) else ""
        print(f"{indent + step:<32}{seconds:>10.2f}")
    print(f"{'total':<32}{meta['total_seconds']:>10.2f}")
    print(f"\n{'graph':<22}{'nodes':>10}{'edges':>12}")
    for name, size in meta["graphs"].items():
        print(f"{name:<22}{size['nodes']:>10,}{size['edges']:>12,}")
    print(f"\nmethods: {meta['methods']}")
    plural = {k: sum(len(c) > 1 for c in v) for k, v in result.communities.items()}
    print(f"ranked: {len(result.officials):,} officials, {len(result.themes):,} themes; communities: "
          f"{len(result.communities['officials']):,} of officials ({plural['officials']:,} with more than one), "
          f"{len(result.communities['themes']):,} of themes ({plural['themes']:,} with more than one)")


if __name__ == "__main__":
    main()
