"""Extraction on a Dask cluster: a 2-worker LocalCluster on loopback builds exactly the local dataset."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from kgraph import ingest, pipeline, store, worker
from kgraph.cluster import extract_on_cluster
from kgraph.errors import EmptyFile, KgraphError

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
DEV_ARTICLES = ("d01.txt", "d02.txt", "d03.txt")


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The seeds and three dev articles, one of them in a subfolder (its id is a relative path)."""
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    (src / "dev").mkdir()
    for name in DEV_ARTICLES:
        article = DEV / name
        if not article.is_file():
            pytest.skip(f"{article}: dev article missing")
        shutil.copy(article, src / "dev" / name)
    return src


def quads(ds) -> set[str]:
    import pyoxigraph

    return set(store.oxigraph_of(ds).dump(format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def on_cluster(monkeypatch, address: str) -> None:
    """pipeline.build's workers replaced by the cluster (what --scheduler will do)."""
    monkeypatch.setattr(pipeline, "_results",
                        lambda items, jobs, known, *args, **kwargs: extract_on_cluster(items, address, known))


def test_a_cluster_build_is_exactly_the_local_build(scheduler, corpus, monkeypatch):
    local, local_result = pipeline.build([corpus], None)
    on_cluster(monkeypatch, scheduler)
    remote, result = pipeline.build([corpus], None)
    assert (result.documents, result.added, len(result.failures)) == (5, 5, 0)
    assert quads(remote) == quads(local)
    assert (result.persons, result.posts, result.meetings, result.triples, result.chars) == (
        local_result.persons, local_result.posts, local_result.meetings, local_result.triples, local_result.chars)
    assert set(store.document_hashes(remote)) == {"seed000.txt", "seed004.txt", "dev/d01.txt", "dev/d02.txt",
                                                   "dev/d03.txt"}


def test_results_come_in_input_order_with_skips_and_input_errors(scheduler, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    items = list(ingest.iter_sources([corpus]))
    seed = ingest.read_document(corpus / "seed000.txt", corpus)
    results = list(extract_on_cluster(items, scheduler, {"seed000.txt": seed.content_hash}))
    assert [getattr(r, "doc_id", None) for r in results] == [
        "dev/d01.txt", "dev/d02.txt", "dev/d03.txt", None, "seed000.txt", "seed004.txt"]
    error = results[3]
    assert isinstance(error, EmptyFile) and error.path == str(corpus / "empty.txt")
    assert str(error) == f"[E101] {corpus / 'empty.txt'}: empty file (0 bytes)"
    assert results[4].packed is None and results[4].chars == len(seed.text)  # unchanged: skipped on the worker
    worker.init_worker({})
    reader = worker.SpoolReader()
    assert results[5].triples(reader) == worker.work((corpus / "seed004.txt", corpus)).triples(reader)


def test_an_unreachable_scheduler_is_a_clear_error(corpus):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    items = list(ingest.iter_sources([corpus]))
    with pytest.raises(KgraphError) as caught:
        next(extract_on_cluster(items, address, {}, timeout=1))
    message = str(caught.value)
    assert message == f"[E500] {address}: cannot reach the Dask scheduler (Connection refused)"


def test_a_cluster_build_that_keeps_no_store_writes_and_counts_as_a_local_one(scheduler, corpus, tmp_path):
    """`kgraph build --scheduler … --no-analysis --no-validate --no-html` fills no store either."""
    _, local = pipeline.build([corpus], tmp_path / "local", keep=False)
    ds, result = pipeline.build([corpus], tmp_path / "cluster", scheduler=scheduler, keep=False)
    assert ds is None and (result.documents, len(result.failures)) == (5, 0)
    assert (result.persons, result.posts, result.meetings, result.triples) == (
        local.persons, local.posts, local.meetings, local.triples)
    for name in (store.GRAPH_TRIG, store.GRAPH_TTL):
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
