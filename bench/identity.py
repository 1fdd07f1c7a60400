"""How well a build tells persons and meetings apart, against the generator's truth.

    PYTHONPATH=src .venv/bin/python bench/identity.py --docs 2000 --out /tmp/id/bench [--seed 7] [--jobs 2]

Generates --docs reports with bench/generate.py into OUT/corpus (reused when present with the
same count and seed), builds them into OUT/build, and compares with corpus.json, which knows who
is who: each (document, person name) the build found is one item, its cluster the canonical
node (owl:sameAs of the identity graph followed), its true cluster the person's id; B-cubed
precision and recall over the items. Meetings likewise: one item per document's reported
meeting, the truth its unit, name and date (a meeting the text leaves undated is its report's
own). Also: organizations whose name holds a clause's words (会议由…, 宣读了…) or whose
jurisdiction lies in two provinces, and career rows (org:Membership) without a date while a
report attesting them is dated. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

PREFIX = """PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX time: <http://www.w3.org/2006/time#> PREFIX dcterms: <http://purl.org/dc/terms/> """
_CLAUSE_WORDS = re.compile(r"由|了|宣读|会议|出席|主持")


def b_cubed(items: dict[object, tuple[object, object]]) -> tuple[float, float]:
    """B-cubed precision and recall of ``items``: item -> (predicted cluster, true cluster).

    >>> b_cubed({1: ("a", "x"), 2: ("a", "x"), 3: ("b", "y")})
    (1.0, 1.0)
    >>> b_cubed({1: ("a", "x"), 2: ("a", "y")})
    (0.5, 1.0)
    """
    by_pred: dict[object, list] = defaultdict(list)
    by_true: dict[object, list] = defaultdict(list)
    for item, (pred, true) in items.items():
        by_pred[pred].append(item)
        by_true[true].append(item)
    precision = recall = 0.0
    for item, (pred, true) in items.items():
        both = sum(1 for other in by_pred[pred] if items[other][1] == true)
        precision += both / len(by_pred[pred])
        recall += both / len(by_true[true])
    n = len(items) or 1
    return round(precision / n, 4), round(recall / n, 4)


def corpus(out: Path, docs: int, seed: int) -> Path:
    from generate import VERSION, generate

    folder = out / "corpus"
    meta = folder / "corpus.json"
    if meta.exists():
        head = json.loads(meta.read_text(encoding="utf-8"))
        if head.get("docs") == docs and head.get("seed") == seed and head.get("generator") == VERSION:
            return folder
    generate(folder, docs, seed=seed)
    return folder


def measure(folder: Path, build_out: Path, jobs: int) -> dict:
    from kgraph import pipeline, store

    truth = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    ds, result = pipeline.build([folder], build_out, jobs=jobs, analysis=False)
    seconds = time.perf_counter() - t0
    ox = store.oxigraph_of(ds)

    def rows(q: str):
        return [[x.value if x is not None else None for x in row] for row in ox.query(PREFIX + q)]

    canonical = dict(rows("SELECT ?a ?b WHERE { GRAPH ?g { ?a owl:sameAs ?b } }"))
    persons: dict[tuple[str, str], str] = {}
    for file, name, node in rows("SELECT ?f ?n ?p WHERE { GRAPH ?g { ?g kg:sourceFile ?f . ?p a kg:Person ; rdfs:label ?n } }"):
        persons[(Path(file).name, name)] = canonical.get(node, node)
    meetings = {Path(f).name: canonical.get(m, m) for f, m in rows(
        "SELECT ?f ?m WHERE { GRAPH ?g { ?g kg:sourceFile ?f ; kg:reports ?m } }")}
    person_items, meeting_items = {}, {}
    for doc in truth["documents"]:
        for p in doc["persons"]:
            node = persons.get((doc["file"], p["name"]))
            if node is not None:
                person_items[(doc["file"], p["name"])] = (node, p["id"])
        m = doc["meeting"]
        if doc["file"] in meetings:
            true = (doc["unit"], m["name"], m["date"]) if m["date"] else doc["file"]
            meeting_items[doc["file"]] = (meetings[doc["file"]], true)
    pp, pr = b_cubed(person_items)
    mp, mr = b_cubed(meeting_items)
    orgs = rows("SELECT DISTINCT ?o ?l WHERE { GRAPH ?g { ?o a org:Organization ; rdfs:label ?l } }")
    provinces: dict[str, set[str]] = defaultdict(set)
    for o, code in rows("SELECT DISTINCT ?o ?c WHERE { GRAPH ?g { ?o kg:jurisdiction ?p } GRAPH ?h { ?p kg:adcode ?c } }"):
        provinces[o].add(code[:2])
    junk = sorted({label for o, label in orgs if _CLAUSE_WORDS.search(label) or len(provinces.get(o, ())) > 1})
    undated = rows("""SELECT (COUNT(DISTINCT ?ms) AS ?n) WHERE {
        GRAPH ?i { ?ms a org:Membership ; org:member ?c ; kg:post ?x FILTER NOT EXISTS { ?ms org:memberDuring ?d } }
        GRAPH ?g { ?p org:holds ?x . ?g kg:reports ?m . ?m kg:date ?day } }""")[0][0]
    true_persons = {p["id"] for d in truth["documents"] for p in d["persons"]}
    return {
        "docs": len(truth["documents"]), "build_seconds": round(seconds, 1),
        "persons": {"b3_precision": pp, "b3_recall": pr, "items": len(person_items),
                    "true_persons": len(true_persons), "clusters": len({v[0] for v in person_items.values()}),
                    "merged_nodes": result.merged_persons},
        "meetings": {"b3_precision": mp, "b3_recall": mr, "items": len(meeting_items),
                     "clusters": len({v[0] for v in meeting_items.values()}), "merged_nodes": result.merged_meetings},
        "junk_organizations": len(junk), "junk_examples": junk[:10],
        "organizations": len({o for o, _ in orgs}),
        "undated_career_rows_with_dated_report": int(undated),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, required=True, help="work folder: OUT/corpus and OUT/build")
    args = ap.parse_args(argv)
    folder = corpus(args.out, args.docs, args.seed)
    print(json.dumps(measure(folder, args.out / "build", args.jobs), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
