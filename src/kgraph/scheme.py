"""The SKOS concept scheme of themes, built from the lexicon files.

``ontology/lexicon/themes.tsv`` (label, category, variants, English gloss) and
``theme_categories.tsv`` are the source; the scheme goes into every dataset
as the named graph ``kgid:graph/themes`` and is written out as
``ontology/themes.ttl`` (``make themes``). A theme found in an
article but absent from the lexicon is a concept of the category
"uncategorized", placed by ``rdf.py`` in the document's graph.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import lexicon, vocab
from .facts import UNCATEGORIZED
from .ntriples import K, L, R, S, iri, lit
from .vocab import SKOS

SCHEME = vocab.THEME["scheme"]
GRAPH = vocab.graph_iri("themes")
_CONCEPT = iri(SKOS.Concept)
_SCHEME_T = iri(SKOS.ConceptScheme)
_IN_SCHEME, _TOP, _BROADER = iri(SKOS.inScheme), iri(SKOS.topConceptOf), iri(SKOS.broader)


def category_iri(key: str) -> str:
    return iri(vocab.category_iri(key))


def scheme_quads() -> bytes:
    """The scheme, its categories and the lexicon's themes as N-Quads in ``kgid:graph/themes``."""
    g = iri(GRAPH)
    scheme = iri(SCHEME)
    lines = [f"{scheme} {R.type} {_SCHEME_T} {g} .",
             f"{scheme} {L.label} {lit('公安会议主题词表')} {g} .",
             f"{scheme} {L.label} {lit('Themes of public-security meetings', 'en')} {g} ."]
    for key, zh, en in lexicon.table("theme_categories.tsv"):
        c = category_iri(key)
        lines += [f"{c} {R.type} {_CONCEPT} {g} .", f"{c} {S.prefLabel} {lit(zh)} {g} .",
                  f"{c} {S.prefLabel} {lit(en, 'en')} {g} .", f"{c} {_TOP} {scheme} {g} .",
                  f"{c} {_IN_SCHEME} {scheme} {g} ."]
    for theme in lexicon.themes():
        label, key = theme.label, theme.category or UNCATEGORIZED
        t = iri(vocab.theme_iri(label))
        lines += [f"{t} {R.type} {_CONCEPT} {g} .",
                  f"{t} {L.label} {lit(label)} {g} .", f"{t} {S.prefLabel} {lit(label)} {g} .",
                  f"{t} {_IN_SCHEME} {scheme} {g} .", f"{t} {K.category} {category_iri(key)} {g} .",
                  f"{t} {_BROADER} {category_iri(key)} {g} ."]
        lines += [f"{t} {S.altLabel} {lit(v)} {g} ." for v in theme.variants if v != label]
        if theme.english:
            lines.append(f"{t} {S.prefLabel} {lit(theme.english, 'en')} {g} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def scheme_triples() -> bytes:
    """The scheme's graph as N-Triples, each triple once (for a build that keeps no store)."""
    lines = scheme_quads().decode("utf-8").replace(f" {iri(GRAPH)} .\n", " .\n").splitlines(keepends=True)
    return "".join(dict.fromkeys(lines)).encode("utf-8")


def concept_triples(label: str, category: str) -> list[tuple[str, str, str]]:
    """A theme's place in the scheme, written in the graph of the document that names it."""
    t = iri(vocab.theme_iri(label))
    c = category_iri(category)
    return [(t, _IN_SCHEME, iri(SCHEME)), (t, K.category, c), (t, _BROADER, c)]


def write_turtle(path: Path) -> None:
    """ontology/themes.ttl: the scheme as Turtle, for people and other tools."""
    from rdflib import Graph

    g = vocab.bind_prefixes(Graph())
    g.parse(data=scheme_triples().decode("utf-8"), format="nt")
    header = "# Generated from ontology/lexicon/themes.tsv and theme_categories.tsv by `make themes`.\n"
    path.write_text(header + g.serialize(format="turtle"), encoding="utf-8")


def main() -> None:
    write_turtle(Path(sys.argv[1]) if len(sys.argv) > 1 else lexicon.ONTOLOGY_DIR / "themes.ttl")
