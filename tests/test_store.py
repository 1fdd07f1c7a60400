"""Stores: Oxigraph in memory and on disk, rdflib's memory store, reopening, incremental builds."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph import pipeline, query, store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ADDED = "副县长、县公安局局长孟维护主持会议。"


def quads(ds) -> set[str]:
    """The dataset as a set of N-Quads lines, whatever the engine (a plain literal is an xsd:string in RDF 1.1)."""
    text = ds.serialize(format="nquads").replace("^^<http://www.w3.org/2001/XMLSchema#string>", "")
    return {line for line in text.splitlines() if line.strip()}


def names(ds) -> set[str]:
    return {r[0] for r in query.rows_as_strings(query.run(ds, "SELECT ?n WHERE { ?p a <https://w3id.org/kgraph/ontology#Person> ; "
                                                              "<http://www.w3.org/2000/01/rdf-schema#label> ?n }", {}))}


def test_rdflib_memory_and_oxigraph_hold_the_same_dataset():
    ox, _ = pipeline.build([SEEDS], None, dataset=store.new_dataset("oxigraph"))
    mem, _ = pipeline.build([SEEDS], None, dataset=store.new_dataset("memory"))
    assert quads(ox) == quads(mem)
    assert store.oxigraph_of(ox) is not None and store.oxigraph_of(mem) is None


def test_incremental_build_adds_replaces_and_skips(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    spec = f"oxigraph:{tmp_path / 'store'}"
    ds = store.new_dataset(spec)
    _, first = pipeline.build([src], None, dataset=ds)
    before = quads(ds)
    assert (first.added, first.replaced, first.unchanged) == (2, 0, 0)

    _, again = pipeline.build([src], None, dataset=ds)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert quads(ds) == before  # the same input twice leaves the same triples

    changed = src / "seed000.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + ADDED, encoding="utf-8")
    (src / "new.txt").write_text("11月8日,全县治安工作会议召开。县委常委、政法委书记林晓光出席会议并讲话。", encoding="utf-8")
    _, third = pipeline.build([src], None, dataset=ds)
    assert (third.added, third.replaced, third.unchanged) == (1, 1, 1)
    assert {"孟维护", "林晓光", "李伟"} <= names(ds)
    hashes = store.document_hashes(ds)
    assert set(hashes) == {"seed000.txt", "seed004.txt", "new.txt"}
    # the replaced document's graph holds its new version only: one content hash, not two
    assert len([h for d, h in hashes.items() if d == "seed000.txt"]) == 1


def test_a_store_built_by_an_earlier_graph_format_is_rebuilt_whole(tmp_path, monkeypatch):
    """The same text under a new graph format is replaced, not skipped: no store mixes two meanings."""
    from kgraph import facts

    spec = f"oxigraph:{tmp_path / 'store'}"
    ds = store.new_dataset(spec)
    monkeypatch.setattr(facts, "GRAPH_FORMAT", facts.GRAPH_FORMAT - 1)
    pipeline.build([SEEDS], None, dataset=ds)
    before = quads(ds)
    monkeypatch.undo()
    _, again = pipeline.build([SEEDS], None, dataset=ds)
    assert (again.added, again.replaced, again.unchanged) == (0, 2, 0)
    def facts_only(lines: set[str]) -> set[str]:
        return {line for line in lines if "#contentHash>" not in line}

    assert facts_only(quads(ds)) == facts_only(before)  # the same facts, no document's graph twice
    assert len(quads(ds)) == len(before)
    _, third = pipeline.build([SEEDS], None, dataset=ds)
    assert third.unchanged == 2


def test_a_store_on_disk_is_reopened_by_the_other_commands(tmp_path):
    out, path = tmp_path / "out", tmp_path / "store"
    kgraph = [sys.executable, "-m", "kgraph.cli"]
    run = subprocess.run(kgraph + ["build", str(SEEDS), "--out", str(out), "--store", f"oxigraph:{path}",
                                   "--no-html", "--no-validate"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (out / "store.json").is_file() and path.is_dir()
    by_dir = subprocess.run(kgraph + ["query", str(out), "meetings", "--format", "csv"], capture_output=True, text=True)
    by_spec = subprocess.run(kgraph + ["query", f"oxigraph:{path}", "meetings", "--format", "csv"],
                             capture_output=True, text=True)
    assert by_dir.returncode == 0 and by_spec.returncode == 0, by_dir.stderr + by_spec.stderr
    assert by_dir.stdout == by_spec.stdout and "全省公安局长会议" in by_dir.stdout
    # a second build into the same store only skips: nothing changed
    again = subprocess.run(kgraph + ["build", str(SEEDS), "--out", str(out), "--store", f"oxigraph:{path}",
                                     "--no-html", "--no-validate"], capture_output=True, text=True)
    assert "0 added, 0 replaced, 2 unchanged" in again.stdout


def test_a_missing_store_is_a_clear_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "query", f"oxigraph:{tmp_path / 'nope'}", "meetings"],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "no Oxigraph store here" in run.stderr and "Traceback" not in run.stderr


def test_the_loader_updates_oxigraph_in_order_on_its_own_thread_and_hands_back_errors():
    import threading

    ds = store.new_dataset()
    loader = store.Loader(ds)
    seen: list[tuple[int, str]] = []
    for i in range(5):
        loader.submit(lambda i=i: seen.append((i, threading.current_thread().name)))
    loader.finish()
    assert seen == [(i, "kgraph-loader") for i in range(5)]

    def broken():
        raise ValueError("bad batch")

    loader = store.Loader(ds)
    loader.submit(broken)
    with pytest.raises(ValueError, match="bad batch"):  # at the next submit, or at the latest at finish
        loader.submit(seen.append, "never")  # after an error nothing more is applied
        loader.finish()
    loader.abandon()
    assert seen[-1] == (4, "kgraph-loader")


def test_the_loader_updates_rdflib_memory_in_the_callers_thread():
    import threading

    loader = store.Loader(store.new_dataset("memory"))
    seen: list[str] = []
    loader.submit(lambda: seen.append(threading.current_thread().name))
    assert seen == [threading.current_thread().name]
    loader.finish()


def test_labels_ending_in_a_dot_still_give_files_rdflib_reads(tmp_path):
    """A report punctuated in ASCII can leave a label ending in "." (出席并讲话.); the IRI minted from
    it must not end in a dot, which rdflib's own Turtle and TriG parsers take for a statement's end."""
    from rdflib import Dataset, Literal

    from kgraph import vocab
    from kgraph.vocab import RDFS

    ds = store.new_dataset()
    g = ds.graph(vocab.doc_iri("a.txt"))
    labels = ["出席并讲话.", "某局..", "“8.31”工程", "某处~"]
    for label in labels:
        g.add((vocab.org_iri(label), RDFS.label, Literal(label, lang="zh")))
    store.save(ds, tmp_path)
    for name, fmt in (("graph.trig", "trig"), ("graph.ttl", "turtle")):
        back = Dataset(default_union=True)
        back.parse(tmp_path / name, format=fmt)
        assert sorted(str(o) for o in back.objects(None, RDFS.label)) == sorted(labels)
    assert vocab.iri_parts(str(vocab.org_iri("出席并讲话.")), "org") == ["出席并讲话."]
