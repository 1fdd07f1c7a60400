"""SHACL validation of a build against ``ontology/shapes.ttl``, reported so a person can act on it.

pySHACL runs without inference (the shapes name the classes the build writes,
so RDFS closure would only cost time) over the union of the named graphs, copied
into rdflib's memory store first: pySHACL reads triple by triple, and through
oxrdflib each read costs forty times as much. Each document's graph states what
it needs (types and labels of what it mentions), so a sample of documents can be
validated on its own: ``kgraph build`` checks at most ``BUILD_SAMPLE`` documents'
graphs, ``kgraph validate`` all of them.
Each violation names the node by its label and IRI, the files it appears in,
the property and what is wrong, in the shape's own ``sh:message``.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH

from . import query, store, vocab
from .errors import KgraphError
from .lexicon import ONTOLOGY_DIR
from .vocab import DCTERMS, KG, RDF, RDFS

log = logging.getLogger(__name__)

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
BUILD_SAMPLE = 200  # documents' graphs kgraph build validates: a fixed cost however large the corpus


@dataclass(frozen=True)
class Violation:
    focus: str  # the node's IRI (or blank node id)
    label: str  # what a person calls it: its name, or a description built from its parts
    path: str  # the property, prefixed (rdfs:label)
    message: str
    value: str = ""  # the offending value, where SHACL gives one
    files: tuple[str, ...] = ()  # source files whose graphs mention the node
    severity: str = "Violation"

    def __str__(self) -> str:
        who = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        where = f" in {', '.join(self.files)}" if self.files else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{who}{where}: {self.path or 'node'}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    shapes: int = 0
    sampled: tuple[int, int] | None = None  # (documents validated, documents in the dataset) when sampled

    def summary(self) -> str:
        """One line: conforms, or how many violations of which kinds."""
        head = f"{self.triples} triples, {self.shapes} shapes, {self.seconds:.2f} s"
        if self.sampled:
            head = f"{self.sampled[0]:,} of {self.sampled[1]:,} documents sampled, " + head
        if self.conforms:
            return f"validation: conforms ({head})"
        kinds: dict[str, int] = {}
        for v in self.violations:
            kinds[v.message] = kinds.get(v.message, 0) + 1
        top = "; ".join(f"{n}× {msg}" for msg, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:2])
        n = len(self.violations)
        return f"validation: {n} violation{'' if n == 1 else 's'} ({head}): {top}"


def _compact(term) -> str:
    """Prefixed IRIs, literals as their text (a language tag kept: "李伟"@zh)."""
    if isinstance(term, URIRef):
        return query.display(term)
    if isinstance(term, Literal) and term.language:
        return f'"{term}"@{term.language}'
    return str(term)


def _describe(g: Graph, node) -> str:
    """A name a person recognises: the label, a title, a directive's text, or a fact spelled out."""
    for prop in (RDFS.label, DCTERMS.title):
        value = g.value(node, prop)
        if value is not None:
            return str(value)
    text = g.value(node, KG.text)
    if text is not None:
        return query.clip(str(text), 30)
    if (node, RDF.type, RDF.Statement) in g:
        s, p, o = (g.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        parts = [_describe(g, x) or _compact(x) if x is not None else "?" for x in (s, o)]
        return f"fact: {parts[0]} {_compact(p) if p is not None else '?'} {parts[1]}"
    if (node, RDF.type, KG.Mention) in g:
        start, end = g.value(node, KG.charStart), g.value(node, KG.charEnd)
        return f"mention at characters {start}..{end}"
    types = sorted(_compact(t) for t in g.objects(node, RDF.type))
    return f"({', '.join(types)} without a label)" if types else ""


def _files(ds: Dataset | Graph, node) -> tuple[str, ...]:
    if not isinstance(ds, Dataset):
        return ()
    graphs = {getattr(g, "identifier", g) for _, _, _, g in ds.quads((node, None, None, None)) if g is not None}
    files = {str(f) for gid in graphs for f in ds.objects(gid, KG.sourceFile)}
    return tuple(sorted(files))


def _violations(ds: Dataset | Graph, report: Graph) -> list[Violation]:
    out = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        out.append(Violation(
            focus=str(focus),
            label=_describe(ds, focus) if focus is not None else "",
            path=_compact(path) if isinstance(path, URIRef) else ("" if path is None else "(a property path)"),
            message=str(message) if message is not None else "does not conform",
            value="" if value is None or isinstance(value, BNode) else _compact(value),
            files=_files(ds, focus) if focus is not None else (),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    return sorted(out, key=lambda v: (v.message, v.path, v.label, v.focus))


def load_shapes(shapes: Path | None = None) -> Graph:
    path = Path(shapes or SHAPES_FILE)
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise KgraphError(f"{path}: no shapes file") from None
    except Exception as exc:
        raise KgraphError(f"{path}: cannot read shapes: {' '.join(str(exc).split())}") from None


def validate(source: Dataset | Graph | str | Path, shapes: Path | None = None,
             inference: str = "none", sample: int | None = None) -> ValidationReport:
    """Validate a dataset (or a build output folder) against the SHACL shapes.

    With ``sample`` only that many documents' graphs (spread evenly over the
    documents in IRI order, so the same build always gets the same sample) and the
    graphs that are not documents' are validated.
    """
    from pyshacl import validate as shacl_validate

    ds = query.as_dataset(source)
    shapes_graph = load_shapes(shapes)
    data, sampled = _data_graph(ds, sample)
    t0 = time.perf_counter()
    # inplace: no copy of the data graph; safe because no inference writes into it
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes_graph, inference=inference,
                                         inplace=inference == "none", allow_warnings=True)
    seconds = time.perf_counter() - t0
    n_shapes = len(set(shapes_graph.subjects(RDF.type, SH.NodeShape)))
    violations = _violations(ds, report) if not conforms else []
    log.debug("validated %d triples in %.3f s", len(data), seconds)
    return ValidationReport(bool(conforms), violations, seconds, len(data), n_shapes, sampled)


def _data_graph(ds: Dataset | Graph, sample: int | None) -> tuple[Graph, tuple[int, int] | None]:
    """The triples to validate in rdflib's memory store, and (sampled, of) documents when sampled."""
    if not isinstance(ds, Dataset):
        return ds, None
    graphs = sorted(str(g.identifier) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID)
    docs = [g for g in graphs if g.startswith(str(vocab.ID["doc/"]))]
    chosen, sampled = graphs, None
    if sample is not None and len(docs) > sample:
        step = len(docs) / sample
        picked = {docs[int(i * step)] for i in range(sample)}
        others = set(graphs) - set(docs)
        chosen = [g for g in graphs if g in picked or g in others]
        sampled = (len(picked), len(docs))
    data = Graph()
    engine = store.engine(ds)
    for g in chosen:
        data.addN((s, p, o, data) for s, p, o in engine.graph_triples(g))
    return data, sampled


def build_summary(ds: Dataset | Graph, out_dir: Path | None = None) -> str:
    """The one line ``kgraph build`` prints: validation reports, never fails the build."""
    try:
        report = validate(ds, sample=BUILD_SAMPLE)
    except Exception as exc:  # a broken shapes file must not lose a build
        log.warning("validation did not run: %s", exc)
        return f"validation: not run ({' '.join(str(exc).split())})"
    line = report.summary()
    if not report.conforms:
        line += f"; details: kgraph validate {out_dir}" if out_dir else "; details: kgraph validate"
    return line
