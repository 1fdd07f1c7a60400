"""End to end: the seeds built into a dataset and checked with SPARQL, bad input, atomic output."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from kgraph import pipeline, store, worker
from kgraph.vocab import KG
from tests.conftest import shared_reports

PREFIXES = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def rows(ds: Dataset, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in ds.query(PREFIXES + query)}


def test_one_named_graph_per_document_named_by_its_file(seeds_build):
    ds, result, _ = seeds_build
    assert result.documents == 2 and not result.failures
    assert rows(ds, "SELECT ?f WHERE { GRAPH ?g { ?g kg:sourceFile ?f } }") == {("seed000.txt",), ("seed004.txt",)}


def test_reported_meetings_with_date_and_place(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?f ?name ?date WHERE { GRAPH ?g { ?g kg:sourceFile ?f ; kg:reports ?m .
                       ?m rdfs:label ?name ; kg:date ?date } }""")
    assert got == {("seed000.txt", "全省公安局长会议", "2023-02-10"), ("seed004.txt", "2024年全区公安工作会议", "2024-03-12")}
    assert rows(ds, "SELECT ?pl ?full WHERE { ?m rdfs:label '全省公安局长会议'@zh ; kg:place ?p . "
                    "?p rdfs:label ?pl ; skos:prefLabel ?full }") == {("济南", "济南市")}


def test_referenced_meetings_are_not_reported(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?name WHERE { ?m kg:references ?r . ?r rdfs:label ?name .
                      FILTER NOT EXISTS { ?d kg:reports ?r } }""")
    assert {("中央政法工作会议",), ("全国公安厅局长会议",)} <= got


def test_roles_of_seed000_are_exact(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?name ?role WHERE { GRAPH ?g { ?g kg:sourceFile 'seed000.txt' ; kg:reports ?m .
                       ?p ?prop ?m ; rdfs:label ?name . VALUES (?prop ?role) {
                       (kg:presided 'presided') (kg:spokeAt 'spoke') (kg:attended 'attended') } } }""")
    attended = {(n, "attended") for n in ("李伟", "张月波", "纪勇", "槐国栋", "李祝群", "修春清", "申延军", "王海防")}
    assert got == attended | {("李伟", "spoke"), ("张月波", "presided"), ("张月波", "spoke"), ("王海防", "spoke")}


def test_posts_of_seed004_with_resolved_organization(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?label WHERE { GRAPH ?g { ?g kg:sourceFile 'seed004.txt' .
                      ?p rdfs:label '张志华'@zh ; org:holds ?post . ?post rdfs:label ?label } }""")
    assert got == {("副区长",), ("下陆公安分局党委书记",), ("局长",)}
    alt = rows(ds, "SELECT ?alt WHERE { ?p rdfs:label '傅峰'@zh ; org:holds/skos:altLabel ?alt }")
    assert ("下陆公安分局政委",) in alt
    parent = rows(ds, "SELECT ?up WHERE { ?o rdfs:label '下陆公安分局'@zh ; org:subOrganizationOf/rdfs:label ?up }")
    assert parent == {("黄石市公安局",)}


def test_every_role_is_traceable_to_its_sentence(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?file ?start ?end ?quote ?from WHERE {
        ?st rdf:subject ?p ; rdf:predicate kg:presided ; kg:evidence ?m .
        ?p rdfs:label '张月波'@zh .
        ?m kg:charStart ?start ; kg:charEnd ?end ; kg:quote ?quote ; kg:quoteStart ?from ;
           kg:inDocument/kg:sourceFile ?file }""")
    assert len(got) == 1
    (file, start, end, quote, begins), = got
    text = (Path(__file__).resolve().parents[1] / "seeds" / file).read_text(encoding="utf-8")
    assert text[int(begins):int(begins) + len(quote)] == quote and "张月波主持会议" in quote
    assert int(begins) <= int(start) < int(end) <= int(begins) + len(quote)


def test_every_mention_lies_within_the_sentences_it_quotes(seeds_build, seed_texts):
    """A directive may run over several sentences: its quote runs from the first to the last."""
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?file ?start ?end ?quote ?from WHERE { ?m a kg:Mention ; kg:charStart ?start ;
                      kg:charEnd ?end ; kg:quote ?quote ; kg:quoteStart ?from ; kg:inDocument/kg:sourceFile ?file }""")
    assert len(got) > 50
    for file, start, end, quote, begins in got:
        start, end, begins = int(start), int(end), int(begins)
        assert seed_texts[file][begins:begins + len(quote)] == quote
        assert begins <= start < end <= begins + len(quote), (file, start, end, begins, quote)


def test_a_fact_s_mention_is_its_own_characters_within_the_sentence(seeds_build):
    """A post is read from its title, a person from the name: the mention says exactly where."""
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?start ?end ?quote ?from WHERE {
        ?st rdf:subject ?p ; rdf:predicate org:holds ; rdf:object ?post ; kg:evidence ?m .
        ?p rdfs:label '张志华'@zh . ?post rdfs:label '副区长'@zh .
        ?m kg:charStart ?start ; kg:charEnd ?end ; kg:quote ?quote ; kg:quoteStart ?from }""")
    assert got
    for start, end, quote, begins in got:
        assert quote[int(start) - int(begins):int(end) - int(begins)] == "副区长"


def test_same_build_twice_gives_the_same_triples(tmp_path):
    src = Path(__file__).resolve().parents[1] / "seeds"
    a, _ = pipeline.build([src], None)
    b, _ = pipeline.build([src], None)
    assert set(a.quads()) == set(b.quads())


def test_bad_files_are_named_and_the_rest_still_builds(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("2月10日,全省公安局长会议在济南召开。副省长,公安厅党委书记、厅长李伟出席会议并讲话。",
                                  encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "build", str(src), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("kgraph:")]
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("image.txt" in e and "binary" in e for e in errors)
    assert "built 1 documents (2 failed)" in run.stdout
    ds = store.open_output(tmp_path / "out")
    assert rows(ds, "SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }") == {("李伟",)}


def test_an_interrupted_write_leaves_the_previous_graph(tmp_path, monkeypatch):
    src = Path(__file__).resolve().parents[1] / "seeds"
    out = tmp_path / "out"
    pipeline.build([src], out)
    before = (out / "graph.ttl").read_bytes()

    def interrupted(engine, path):
        path.write_text("@prefix kg: <https://w3id.org/kgraph/ontology#> .\nkg:half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(store.OxigraphBackend, "write_union", interrupted)  # the default store's writer
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([src], out)
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_themes_are_concepts_of_the_scheme_with_a_category(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, """SELECT ?label ?cat WHERE { ?t rdfs:label ?label ; kg:category ?c ;
                      skos:inScheme <https://w3id.org/kgraph/theme/scheme> . ?c skos:prefLabel ?cat
                      FILTER(lang(?cat) = 'en' && ?label IN ('枫桥经验'@zh, '五大行动'@zh)) }""")
    # a lexicon theme keeps its category; a slogan found only in quotes is uncategorized, never dropped
    assert got == {("枫桥经验", "National security and social stability"), ("五大行动", "Uncategorized")}
    alt = rows(ds, "SELECT ?alt WHERE { ?t rdfs:label '枫桥经验'@zh ; skos:altLabel ?alt }")
    assert ("新时代“枫桥经验”",) in alt


def test_a_slogan_put_forward_is_a_theme_a_term_only_used_is_a_policy_term(seeds_build):
    ds, _, _ = seeds_build
    # seed000 quotes “两个维护” and uses 总体国家安全观 and 营商环境 without quotes
    kinds = rows(ds, """SELECT ?label ?kind WHERE { GRAPH ?g { ?g kg:sourceFile "seed000.txt" .
                          ?t a ?kind ; rdfs:label ?label } FILTER(?kind IN (kg:Theme, kg:PolicyTerm)) }""")
    assert ("两个维护", str(KG.Theme)) in kinds
    assert {("总体国家安全观", str(KG.PolicyTerm)), ("营商环境", str(KG.PolicyTerm))} <= kinds
    assert not {label for label, kind in kinds if kind == str(KG.Theme)} & {"总体国家安全观", "营商环境"}
    # both stay subjects of the document, so counts over time include both
    subjects = rows(ds, """SELECT ?label WHERE { GRAPH ?g { ?g kg:sourceFile "seed000.txt" ;
                             dcterms:subject ?t . ?t rdfs:label ?label } }""")
    assert {("两个维护",), ("总体国家安全观",)} <= subjects


def built_from_big5(tmp_path: Path, text: str):
    """The dataset of one report saved in Big5, as a traditional-character site serves it."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "big5.txt").write_bytes(text.encode("big5"))
    ds, result = pipeline.build([src], None)
    assert not result.failures
    return ds


def test_a_big5_report_in_traditional_characters_keeps_its_own_writing(tmp_path):
    ds = built_from_big5(tmp_path, "8月3日，青原州雲嶺州社會治理聯動協作會議在雲陽召開。青原州委常委、政法委書記周建成，"
                         "雲嶺州委副書記、政法委書記許明遠出席會議並講話。會議由青原州人民政府副州長、州公安局局長何立新主持。")
    assert rows(ds, "SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }") == {("周建成",), ("許明遠",), ("何立新",)}
    posts = rows(ds, "SELECT ?post WHERE { ?p rdfs:label '許明遠'@zh ; org:holds/rdfs:label ?post }")
    assert posts == {("雲嶺州委副書記",), ("政法委書記",)}
    roles = rows(ds, "SELECT ?n WHERE { ?p kg:presided ?m ; rdfs:label ?n }")
    assert roles == {("何立新",)}
    # the source sentence is quoted as written, and the post stands at its own offsets in it
    quotes = rows(ds, """SELECT ?quote ?start ?end ?from WHERE { ?st rdf:subject ?p ; rdf:predicate org:holds ;
                         kg:evidence ?m . ?p rdfs:label '許明遠'@zh .
                         ?m kg:quote ?quote ; kg:charStart ?start ; kg:charEnd ?end ; kg:quoteStart ?from }""")
    assert quotes and all("出席會議並講話" in q and q[int(a) - int(f):int(b) - int(f)] in {"雲嶺州委副書記", "政法委書記"}
                          for q, a, b, f in quotes)


def test_a_traditional_report_s_directives_name_its_own_theme_nodes(tmp_path):
    """A slogan written in traditional characters is one node, for the report and its directives alike."""
    ds = built_from_big5(tmp_path, "5月6日，青原州平安建設工作會議在雲陽召開。州委副書記周建成出席會議並講話。"
                         "會議強調，要深入開展“雲嶺守護行動”，切實維護社會穩定。")
    named = rows(ds, "SELECT ?l WHERE { ?d a kg:Directive ; dcterms:subject/rdfs:label ?l }")
    assert ("雲嶺守護行動",) in named
    assert rows(ds, "SELECT ?t WHERE { ?t rdfs:label ?l FILTER(CONTAINS(STR(?l), '守')) }") == \
        rows(ds, "SELECT ?t WHERE { ?t rdfs:label '雲嶺守護行動'@zh }")  # not a simplified twin


def test_the_streamed_files_of_a_large_build_are_the_dataset_and_its_union(tmp_path, monkeypatch):
    """Above PRETTY_LIMIT graph.trig and graph.ttl are written as documents arrive, not from the store."""
    from rdflib import Dataset, Graph

    monkeypatch.setattr(store, "PRETTY_LIMIT", 0)  # what a build above 200,000 triples does
    ds, _ = pipeline.build([Path(__file__).resolve().parents[1] / "seeds"], tmp_path, analysis=True)
    assert (tmp_path / "graph.trig").read_text(encoding="utf-8").startswith("# One named graph per document")
    written = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    as_text = lambda g: {tuple(str(term) for term in t) for t in g}  # noqa: E731
    assert as_text(written) == as_text(store.union_graph(ds))
    trig = Dataset().parse(tmp_path / "graph.trig", format="trig")
    quads = lambda d: {(str(s), str(p), str(o), str(g)) for s, p, o, g in d.quads() if g is not None}  # noqa: E731
    assert quads(trig) == quads(ds) and len({q[3] for q in quads(trig)}) == 5  # 2 documents, themes, identity, analysis
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_build_leaves_no_partial_files(tmp_path, monkeypatch, jobs):
    """Neither half-written graph files nor the workers' spool files (with --jobs 2) stay behind."""
    def fail(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "load_trig", fail)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([Path(__file__).resolve().parents[1] / "seeds"], tmp_path, jobs=jobs)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_two_workers_give_the_same_dataset_and_report_bad_files(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", src)
    (src / "empty.txt").write_bytes(b"")
    one, r1 = pipeline.build([src], None, jobs=1)
    two, r2 = pipeline.build([src], None, jobs=2)
    assert [str(f) for f in r2.failures] == [str(f) for f in r1.failures] and len(r2.failures) == 1
    assert set(one.quads()) == set(two.quads())


def test_a_build_that_keeps_no_store_writes_and_counts_what_a_kept_one_does(tmp_path, monkeypatch):
    """`kgraph build --no-analysis --no-validate --no-html` fills no store (nothing would read it):
    its files and reported counts are those of a build that keeps one, pretty-printed or streamed."""
    import pyoxigraph

    root = Path(__file__).resolve().parents[1]
    src = tmp_path / "in"
    shutil.copytree(root / "seeds", src)
    for report in shared_reports("extra_gold", "x0*.txt"):  # real reports of other provinces
        shutil.copy(report, src)

    def quads(out: Path) -> set[str]:
        return {str(q) for q in pyoxigraph.parse(path=out / "graph.trig", format=pyoxigraph.RdfFormat.TRIG)}

    for limit, pretty in ((store.PRETTY_LIMIT, True), (0, False)):
        monkeypatch.setattr(store, "PRETTY_LIMIT", limit)
        kept_out, direct_out = tmp_path / f"kept-{limit}", tmp_path / f"direct-{limit}"
        _, kept = pipeline.build([src], kept_out)
        progress: list[tuple[int, int]] = []
        ds, direct = pipeline.build([src], direct_out, keep=False, on_progress=lambda *a: progress.append(a))
        assert ds is None and direct.documents == 11 and not direct.failures
        assert progress == [(n, 11) for n in range(1, 12)]  # the progress bar moves as before
        assert (direct.persons, direct.posts, direct.meetings, direct.triples) == (
            kept.persons, kept.posts, kept.meetings, kept.triples)
        assert len(quads(direct_out)) == direct.triples and quads(direct_out) == quads(kept_out)
        ttl = (direct_out / "graph.ttl").read_text(encoding="utf-8")
        assert ttl.startswith("@prefix") == pretty
        if pretty:
            assert (direct_out / "graph.trig").read_bytes() == (kept_out / "graph.trig").read_bytes()
            assert ttl == (kept_out / "graph.ttl").read_text(encoding="utf-8")


def test_a_worker_that_dies_fails_the_build_with_the_files_it_held(tmp_path, monkeypatch):
    """A --jobs worker killed mid-document (say, for memory) ends the build with an error that names
    the files; it does not wait forever, and leaves no partial output or spool files."""
    import os
    import threading

    from kgraph.errors import WorkerError

    src = tmp_path / "in"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", src)
    parent, extract = os.getpid(), pipeline.extract

    def dies_on_one(doc):
        if os.getpid() != parent and doc.doc_id == "seed004.txt":
            os._exit(9)
        return extract(doc)

    monkeypatch.setattr(worker, "extract", dies_on_one)  # what a worker runs
    out, raised = tmp_path / "out", []

    def run():
        try:
            pipeline.build([src], out, jobs=2, keep=False)
        except WorkerError as exc:
            raised.append(exc)

    builder = threading.Thread(target=run, daemon=True)
    builder.start()
    builder.join(60)
    assert not builder.is_alive(), "the build waits forever for a dead worker"
    [error] = raised
    assert str(error).startswith("[E510] a worker process died while building one of ") and "seed004.txt" in str(error)
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_a_build_stopped_by_a_signal_leaves_no_files_behind(tmp_path, how):
    """`timeout kgraph build …` (SIGTERM) or Ctrl-C (SIGINT): the exit code says so, and neither
    temporary graph files nor the workers' spool files stay in the output folder."""
    import signal
    import time

    src = tmp_path / "in"
    src.mkdir()
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    for i in range(400):  # each its own content: copies would be built once
        (src / f"{i:03d}.txt").write_text(seeds[i % len(seeds)].read_text(encoding="utf-8") + f"\n{i}\n",
                                          encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "kgraph.cli", "build", str(src), "--out", str(out), "--jobs", "2",
                            "--no-html", "--no-analysis", "--no-validate", "-q"], stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.kgraph-new-*/.kgraph-spool-*/*")) and run.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.02)  # until the workers are writing
    assert run.poll() is None, "the build ended before it could be stopped"
    run.send_signal(getattr(signal, how))
    run.communicate(timeout=60)
    assert run.returncode == 128 + getattr(signal, how)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.kgraph-lock", "in"]


def test_spool_files_are_deleted_once_read_and_the_graph_is_the_same(tmp_path, monkeypatch):
    """Workers start a new spool file as each fills up, and the main process deletes those it has
    read: a large build needs no second copy of its output on disk. Here every document gets its own file."""
    import os

    root = Path(__file__).resolve().parents[1]
    src = tmp_path / "in"
    shutil.copytree(root / "seeds", src)
    for report in shared_reports("extra_gold"):
        shutil.copy(report, src)
    one_out, two_out = tmp_path / "one", tmp_path / "two"
    pipeline.build([src], one_out, jobs=1, keep=False)

    monkeypatch.setattr(worker, "_SPOOL_PART", 1)  # each document its own file
    monkeypatch.setattr(worker, "_CHUNK", 1)
    monkeypatch.setattr(worker, "_AHEAD", 1)
    present, read = [], worker.SpoolReader.read

    def counting(self, path, offset, length):
        present.append(len(os.listdir(os.path.dirname(path))))
        return read(self, path, offset, length)

    monkeypatch.setattr(worker.SpoolReader, "read", counting)
    _, result = pipeline.build([src], two_out, jobs=2, keep=False)
    assert result.documents == len(present) + 1 > 20  # the first document is built in the main process
    assert max(present) <= 6  # two workers' few documents in flight, not all of them
    for name in ("graph.trig", "graph.ttl"):
        assert (two_out / name).read_bytes() == (one_out / name).read_bytes()
    assert sorted(p.name for p in two_out.iterdir()) == ["graph.trig", "graph.ttl", "identity-review.csv", "review.csv"]


# ---- the review list, duplicates, nothing to read ---------------------------------------------

NO_MEETING = "青原市公安局开展夏季治安巡查\n6月2日，青原市公安局民警在城区开展夜间巡查，检查重点场所十二处。\n"
TWO_OF_THREE = ("青原市召开全市公安工作会议\n"
                "5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。\n"
                "严守信对全市公安工作提出三点要求：一是要加强队伍建设。二是要提升破案能力。\n")


def test_the_review_list_names_what_each_report_lacks(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "patrol.txt").write_text(NO_MEETING, encoding="utf-8")
    (src / "meeting.txt").write_text(TWO_OF_THREE, encoding="utf-8")
    _, result = pipeline.build([src], tmp_path / "out")
    lines = (tmp_path / "out" / "review.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,kind,meaning,subject,detail"
    assert "patrol.txt,no-meeting,no reported meeting,," in lines
    [mismatch] = [line for line in lines if ",count-mismatch," in line]
    assert mismatch.startswith("meeting.txt,") and mismatch.endswith(',"announced 3, found 2"')
    assert not any(line.startswith("meeting.txt,no-meeting") for line in lines)
    assert tmp_path / "out" / "review.csv" in result.outputs


def test_the_same_content_under_two_names_is_built_once_and_said(tmp_path, caplog):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TWO_OF_THREE, encoding="utf-8")
    (src / "copy of a.txt").write_text(TWO_OF_THREE, encoding="utf-8")
    (src / "b.txt").write_text(NO_MEETING, encoding="utf-8")
    ds, result = pipeline.build([src], None)
    assert (result.documents, result.duplicates) == (2, 1)
    assert "copy of a.txt: same content as a.txt: built once" in caplog.messages
    graphs = rows(ds, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not any("copy" in graph for (graph,) in graphs)


def test_a_build_with_no_documents_raises_before_writing(tmp_path):
    from kgraph.errors import NoDocuments

    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "zero.txt").write_bytes(b"")
    with pytest.raises(NoDocuments, match=r"no article files .* found in .*empty"):
        pipeline.build([tmp_path / "empty"], tmp_path / "out")
    with pytest.raises(NoDocuments, match=r"no document could be read .*\(1 failed\)") as raised:
        pipeline.build([tmp_path / "bad"], tmp_path / "out")
    assert [type(failure).__name__ for failure in raised.value.failures] == ["EmptyFile"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_build_stopped_mid_batch_keeps_the_old_versions_of_changed_documents(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate([NO_MEETING, TWO_OF_THREE, NO_MEETING.replace("6月2日", "6月3日")]):
        (src / f"{i}.txt").write_text(text, encoding="utf-8")
    ds = store.new_dataset("oxigraph")
    pipeline.build([src], None, dataset=ds)
    for path in src.iterdir():
        path.write_text(path.read_text(encoding="utf-8") + "补记一行。\n", encoding="utf-8")
    real = pipeline.extract

    def stopped(doc):
        if doc.doc_id == "2.txt":
            import time

            time.sleep(0.5)  # the store's loader thread has run whatever it was handed so far
            raise KeyboardInterrupt  # Ctrl-C while the last document is extracted
        return real(doc)

    monkeypatch.setattr(worker, "extract", stopped)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([src], None, dataset=ds)
    assert set(store.document_hashes(ds)) == {"0.txt", "1.txt", "2.txt"}  # none dropped before its batch loads
