"""The remote store: a real Oxigraph server on 127.0.0.1, built into, queried, rebuilt incrementally."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal

from kgraph import identity, ingest, merge, pipeline, query, rdf, scheme, store
from kgraph.errors import StoreError
from kgraph.store.client import RemoteStore, parse_spec
from kgraph.store.http import dataset_of, remote_of
from kgraph.store.sparql_text import with_values
from tests.conftest import free_port

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ADDED = "副市长、市公安局局长孟维护主持会议。"
ZH_LITERAL = '"全省公安局长会议"@zh'


def oxigraph_cli() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    return found


class Server:
    """`oxigraph serve` on a free loopback port with its data in a temporary folder."""

    def __init__(self, location: Path, *flags: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = location / "server.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([oxigraph_cli(), "serve", "--location", str(location / "db"),
                                          "--bind", f"127.0.0.1:{self.port}", *flags],
                                         stdout=log, stderr=subprocess.STDOUT)
        remote = RemoteStore(self.base)
        deadline = time.monotonic() + 30
        while True:
            try:
                remote.query("ASK {}")
                return
            except StoreError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"oxigraph serve did not start: {self.log.read_text(errors='replace')}")
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def union_server(tmp_path_factory):
    """A server whose default graph is the union, as a generic SPARQL server must be set up."""
    srv = Server(tmp_path_factory.mktemp("oxigraph-union"), "--union-default-graph")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def seed_quads() -> dict[str, bytes]:
    """Each seed document's N-Quads, as the pipeline's workers make them."""
    return {p.name: rdf.document_quads(pipeline.extract(ingest.read_document(p, SEEDS))).encode("utf-8")
            for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def local_seeds():
    ds, _ = pipeline.build([SEEDS], None)
    return ds


def lines(nquads: bytes) -> set[str]:
    return {line for line in nquads.decode("utf-8").splitlines() if line.strip()}


def local_lines(ds) -> set[str]:
    import pyoxigraph

    return lines(store.oxigraph_of(ds).dump(format=pyoxigraph.RdfFormat.N_QUADS))


def fresh(base: str, **options) -> RemoteStore:
    remote = RemoteStore(base, **options)
    remote.clear()
    return remote


def build_through_adapter(remote: RemoteStore, quads_by_doc: dict[str, bytes], hashes: dict[str, str]) -> tuple[int, int, int]:
    """What pipeline.build does with a remote store: skip unchanged, drop changed, load the rest in one batch."""
    known = remote.document_hashes()
    if not remote.query(f"ASK {{ GRAPH <{scheme.GRAPH}> {{ ?s ?p ?o }} }}").askAnswer:
        remote.load_nquads(scheme.scheme_quads())
    added = replaced = unchanged = 0
    batch = []
    for doc_id, quads in quads_by_doc.items():
        if known.get(doc_id) == hashes[doc_id]:
            unchanged += 1
            continue
        if doc_id in known:
            remote.drop_document(doc_id)
            replaced += 1
        else:
            added += 1
        batch.append(quads)
    remote.load_nquads(b"".join(batch))
    # then the identity graph over every document, replaced as a whole
    triples = [b"".join(line.rsplit(b" ", 2)[0] + b" .\n" for line in quads.splitlines() if line.strip())
               for _, quads in sorted(quads_by_doc.items())]
    decisions = identity.resolve([identity.read_record(t.decode("utf-8")) for t in triples])
    remote.update(f"DROP SILENT GRAPH <{merge.GRAPH}>")
    remote.load_nquads(merge.identity_triples(decisions).replace(" .\n", f" <{merge.GRAPH}> .\n"))
    return added, replaced, unchanged


def seed_hashes() -> dict[str, str]:
    return {p.name: ingest.read_document(p, SEEDS).content_hash for p in sorted(SEEDS.glob("*.txt"))}


# --- without a server ------------------------------------------------------------------

def test_store_specs_name_the_endpoints():
    ox = parse_spec("http://kg.example:7878")
    assert (ox.query, ox.update, ox.store, ox.loader) == (
        "http://kg.example:7878/query", "http://kg.example:7878/update", "http://kg.example:7878/store", "dataset")
    fuseki = parse_spec("sparql+http://h:3030/kg/query|http://h:3030/kg/update|http://h:3030/kg/data")
    assert (fuseki.query, fuseki.update, fuseki.store, fuseki.loader) == (
        "http://h:3030/kg/query", "http://h:3030/kg/update", "http://h:3030/kg/data", "gsp")
    assert parse_spec("sparql+http://h/q|http://h/u").loader == "update"
    with pytest.raises(StoreError, match="sparql\\+QUERY_URL\\|UPDATE_URL"):
        parse_spec("sparql+http://h/q")


def test_bindings_open_every_group_but_not_data_templates_or_literals():
    text = ('SELECT ?p ?meeting WHERE { { ?m rdfs:label ?l . FILTER(str(?l) = str(?meeting)) } '
            'OPTIONAL { ?p kg:note "a { brace" } VALUES ?x { 1 2 } { SELECT ?p WHERE { ?p a kg:Person } } }')
    got = with_values(text, {"meeting": Literal("全省公安局长会议", lang="zh")})
    row = f" VALUES (?meeting) {{ ({ZH_LITERAL}) }} "
    assert got == ("SELECT ?p ?meeting WHERE {" + row + " {" + row + " ?m rdfs:label ?l . FILTER(str(?l) = str(?meeting)) } "
                   "OPTIONAL {" + row + ' ?p kg:note "a { brace" } VALUES ?x { 1 2 } '
                   "{ SELECT ?p WHERE {" + row + " ?p a kg:Person } } }")
    assert with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": Literal(1)}).startswith(
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")


def test_a_server_that_is_not_there_is_a_one_line_store_error():
    endpoint = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(StoreError) as caught:
        RemoteStore(endpoint).document_hashes()
    message = str(caught.value)
    assert message.startswith(f"[E300] POST {endpoint}query: cannot connect: ")
    assert "refused" in message and "\n" not in message


# --- against a real Oxigraph server ----------------------------------------------------


@pytest.mark.slow
def test_built_through_the_adapter_the_server_holds_the_local_dataset(server, seed_quads, local_seeds):
    remote = fresh(server.base)
    assert build_through_adapter(remote, seed_quads, seed_hashes()) == (2, 0, 0)
    assert lines(remote.dump_nquads()) == local_lines(local_seeds)
    assert remote.counts() == store.counts(local_seeds) == {
        "persons": 13, "posts": 17, "meetings": 2, "triples": len(local_lines(local_seeds))}
    assert remote.document_hashes() == seed_hashes()
    # a snapshot is a local Oxigraph copy; a dump is TriG that parses back to the same quads
    assert local_lines(remote.snapshot()) == local_lines(local_seeds)
    dumped = remote.dump(server.log.parent / "dump.trig")
    import pyoxigraph

    back = pyoxigraph.Store()
    back.load(path=str(dumped), format=pyoxigraph.RdfFormat.TRIG)
    assert lines(back.dump(format=pyoxigraph.RdfFormat.N_QUADS)) == local_lines(local_seeds)


@pytest.mark.slow
@pytest.mark.parametrize("canned, params", [
    ("record", {"name": "李伟"}),  # the parameter filters inside a nested group
    ("provenance", {"name": "张志华", "fact": "presided"}),  # and an optional one
    ("officials", {}),
])
def test_canned_queries_answer_as_on_the_local_dataset(server, seed_quads, local_seeds, canned, params):
    remote = fresh(server.base)
    remote.load_nquads(b"".join(seed_quads.values()))
    ds = dataset_of(remote)
    assert remote_of(ds) is remote and store.oxigraph_of(ds) is None
    got = query.rows_as_strings(query.run(ds, canned, params))
    assert got == query.rows_as_strings(query.run(local_seeds, canned, params))
    if canned == "record":
        assert got == [("2023-02-10", "post", "公安厅党委书记", "seed000.txt"), ("2023-02-10", "post", "副省长", "seed000.txt"),
                       ("2023-02-10", "post", "厅长", "seed000.txt"), ("2023-02-10", "spoke", "全省公安局长会议", "seed000.txt")]
    if canned == "provenance":
        assert {(kind, value, file) for kind, value, file, *_ in got} == {
            ("presided", "2024年全区公安工作会议", "seed004.txt")}


@pytest.mark.slow
def test_rebuilding_skips_unchanged_documents_and_replaces_a_changed_ones_graph(server, seed_quads, tmp_path):
    remote = fresh(server.base)
    hashes = seed_hashes()
    build_through_adapter(remote, seed_quads, hashes)
    before = lines(remote.dump_nquads())
    assert build_through_adapter(remote, seed_quads, hashes) == (0, 0, 2)
    assert lines(remote.dump_nquads()) == before

    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    changed = src / "seed000.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + ADDED, encoding="utf-8")
    docs = [ingest.read_document(p, src) for p in sorted(src.glob("*.txt"))]
    new_quads = {d.doc_id: rdf.document_quads(pipeline.extract(d)).encode("utf-8") for d in docs}
    assert build_through_adapter(remote, new_quads, {d.doc_id: d.content_hash for d in docs}) == (0, 1, 1)
    local, _ = pipeline.build([src], None)
    assert lines(remote.dump_nquads()) == local_lines(local)
    assert remote.document_hashes()["seed000.txt"] == docs[0].content_hash != hashes["seed000.txt"]


@pytest.mark.slow
def test_pipeline_builds_into_the_server_incrementally(server, local_seeds):
    ds = dataset_of(fresh(server.base))
    _, first = pipeline.build([SEEDS], None, dataset=ds)
    _, again = pipeline.build([SEEDS], None, dataset=ds)
    assert (first.added, again.added, again.unchanged) == (2, 0, 2)
    assert lines(remote_of(ds).dump_nquads()) == local_lines(local_seeds)


@pytest.mark.slow
def test_the_analysis_graph_is_written_to_the_server(server):
    """rdflib's Graph.add on the server's dataset: queued, then sent as one update before the next read."""
    ds = dataset_of(fresh(server.base))
    local, _ = pipeline.build([SEEDS], None, analysis=True)
    pipeline.build([SEEDS], None, dataset=ds, analysis=True)

    def stable(lines_: set[str]) -> set[str]:
        return {line for line in lines_ if "startedAtTime" not in line}

    assert stable(lines(remote_of(ds).dump_nquads())) == stable(local_lines(local))
    analysis = "<https://w3id.org/kgraph/id/graph/analysis>"
    assert len([line for line in lines(remote_of(ds).dump_nquads()) if line.endswith(f"{analysis} .")]) > 50


@pytest.mark.slow
@pytest.mark.parametrize("loader", ["gsp", "update"])
def test_generic_sparql_servers_load_by_graph_store_or_update(union_server, seed_quads, local_seeds, loader):
    b = union_server.base
    spec = f"sparql+{b}query|{b}update|{b}store" if loader == "gsp" else f"sparql+{b}query|{b}update"
    remote = fresh(spec)
    assert remote.loader == loader
    assert build_through_adapter(remote, seed_quads, seed_hashes()) == (2, 0, 0)
    assert lines(remote.dump_nquads()) == local_lines(local_seeds)
    assert remote.counts() == store.counts(local_seeds)
    ds = dataset_of(remote)
    assert query.rows_as_strings(query.run(ds, "record", {"name": "李伟"})) == \
        query.rows_as_strings(query.run(local_seeds, "record", {"name": "李伟"}))


@pytest.mark.slow
def test_server_errors_name_the_endpoint_and_the_cause(server):
    remote = RemoteStore(server.base)
    with pytest.raises(StoreError) as caught:
        remote.query("SELEC ?x")
    assert str(caught.value).startswith(f"[E300] POST {server.base}query: HTTP 400 Bad Request: ")
    with pytest.raises(StoreError, match=r"HTTP 404"):
        RemoteStore(server.base + "nothing/").document_hashes()
