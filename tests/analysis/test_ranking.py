"""The ranking: who is ranked, and the seeds' officials and themes in the order their roles give."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kgraph import lexicon
from kgraph.analysis.ranking import analyze
from kgraph.vocab import KG, ORG, RDF

Q = "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def test_only_real_officials_are_ranked(tiny):
    ds, _, _ = tiny
    result = analyze(ds)
    # officials network strengths: 甲 6 (M1) + 2 + 2 (T1 T2) = 10, 丙 3 + 1 + 2 = 6, 乙 and 戊 1 + 1
    # (a tie, broken by label); 厅领导 and the organization typed as a person are not ranked.
    assert [row["label"] for row in result.officials] == ["甲", "丙", "乙", "戊"]
    # themes network strengths: T1 2 + 1 (T2, T3) + 2 + 1 (甲, 丙) = 6, T2 2 + 2 = 4, T3 1 + 2 = 3
    assert [row["label"] for row in result.themes] == ["T1", "T2", "T3"]
    assert result.officials[0]["meetings"] == 1 and result.officials[2]["co_attendees"] == 3


def ranks(rows: list[dict]) -> dict[str, int]:
    return {row["label"]: row["rank"] for row in rows}


def test_a_theme_named_in_both_seeds_outranks_one_named_in_one(seeds_analysis):
    ds, result = seeds_analysis
    docs: dict[str, set[str]] = {}
    for label, g in ds.query(Q + "SELECT ?l ?g WHERE { GRAPH ?g { ?t a kg:Theme ; rdfs:label ?l } }"):
        docs.setdefault(str(label), set()).add(str(g))
    both = {t for t, gs in docs.items() if len(gs) == 2}
    assert {"两个维护", "枫桥经验", "四个铁一般"} <= both
    rank = ranks(result.themes)
    assert max(rank[t] for t in both) < min(rank[t] for t in docs if t not in both)
    assert rank["两个维护"] < rank["四个意识"]


def test_an_official_who_presided_and_spoke_outranks_one_who_only_attended(seeds_analysis):
    _, result = seeds_analysis
    rank = ranks(result.officials)
    assert rank["张月波"] < rank["纪勇"]
    seed000 = {"张月波", "李伟", "王海防"}  # presided or spoke at 全省公安局长会议
    attended_only = {"纪勇", "槐国栋", "李祝群", "修春清", "申延军"}
    assert max(rank[p] for p in seed000) < min(rank[p] for p in attended_only)
    zhang = next(row for row in result.officials if row["label"] == "张月波")
    assert zhang["posts"] and zhang["meetings"] == 1 and zhang["co_attendees"] == 7


def test_ranked_officials_are_persons_never_organizations_or_group_labels(seeds_analysis):
    ds, result = seeds_analysis
    persons = {str(p) for p in ds.subjects(RDF.type, KG.Person)}
    organizations = {str(o) for o in ds.subjects(RDF.type, ORG.Organization)}
    iris = {row["iri"] for row in result.officials}
    assert iris == persons - organizations
    assert {"李伟", "张月波", "纪勇", "槐国栋", "傅峰", "张志华", "宛小林"} <= {row["label"] for row in result.officials}
    groups = lexicon.words("group_labels.txt")
    assert not any(g in row["label"] for row in result.officials for g in groups)


def test_analysis_is_deterministic(seeds_analysis):
    ds, result = seeds_analysis
    again = analyze(ds)
    assert (again.officials, again.themes, again.communities) == (result.officials, result.themes, result.communities)
    one, two = analyze(ds, exact_limit=5, pivots=4), analyze(ds, exact_limit=5, pivots=4)
    assert one.metadata["betweenness_sampled"] and not result.metadata["betweenness_sampled"]
    assert one.metadata["methods"]["officials"]["betweenness"] == "sampled k=4"
    assert (one.officials, one.themes) == (two.officials, two.themes)


DIGEST = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
from analyze_bench import build
from kgraph import analysis
result = analysis.analyze(build(2000, 3)[0], exact_limit=300, pivots=32)
print(hashlib.sha1(json.dumps([result.officials, result.themes, result.communities]).encode()).hexdigest())
"""


@pytest.mark.slow
def test_analysis_agrees_between_processes_whatever_the_hash_seed():
    from tests.conftest import ROOT

    def digest(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", DIGEST, str(ROOT / "bench")], env=env,
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert digest("1") == digest("2")
