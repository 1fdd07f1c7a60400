"""The endpoint as an attacker and a careless user meet it: a real `kgraph serve` on 127.0.0.1.

A second local HTTP server stands in for an internal service: it records every
request it gets, so a test can say the endpoint never called it.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import free_port, stop

from kgraph import guard, query, serve, store
from kgraph.errors import QueryRefused

pytestmark = pytest.mark.slow

KGRAPH = Path(sys.executable).with_name("kgraph")
SECRET = "TOPSECRET_MARKER_42"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Internal:
    """An HTTP server on loopback that answers any request with one SPARQL JSON row and records it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                seen.append(f"{self.command} {self.path}")
                body = json.dumps({"head": {"vars": ["s"]},
                                   "results": {"bindings": [{"s": {"type": "uri", "value": "urn:internal"}}]}})
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def internal():
    service = Internal()
    yield service
    service.server.shutdown()


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(KGRAPH), "serve", *args, "--port", str(port)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            return proc, base
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"kgraph serve did not start: {proc.stdout.read().decode()}") from None
            time.sleep(0.2)


@pytest.fixture(scope="module")
def endpoint(seeds_build, tmp_path_factory):
    """`kgraph serve` over the seeds' build, started in a folder holding files nobody may read through it."""
    _, _, out = seeds_build
    cwd = tmp_path_factory.mktemp("server-cwd")
    (cwd / "secret.rq").write_text(f"{SECRET} {{ }}\n", encoding="utf-8")
    (cwd / "secret").write_text(f"SELECT * WHERE {{ ?s ?p '{SECRET}' }}\n", encoding="utf-8")
    proc, base = start([str(out), "--timeout", "4", "--workers", "2", "--max-rows", "50"], cwd)
    yield base
    stop(proc)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, headers, body text) of one request."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def ask(endpoint: str, text: str, accept: str = "application/sparql-results+json", **headers: str):
    form = urllib.parse.urlencode({"query": text}).encode()
    return fetch(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": accept, **headers})


# --- SERVICE and FROM: the server calls nothing ----------------------------------------------

@pytest.mark.parametrize("service", ["<{url}>", "SILENT <{url}>", "<file:///etc/passwd>"])
def test_service_is_refused_and_the_internal_server_hears_nothing(endpoint, internal, service):
    before = len(internal.requests)
    text = f"SELECT * WHERE {{ SERVICE {service.format(url=internal.url)} {{ ?s ?p ?o }} }}"
    status, _, body = ask(endpoint, text)
    assert status == 400 and "SERVICE" in body and "refused" in body
    assert "root:" not in body and len(body.strip().splitlines()) == 1
    assert len(internal.requests) == before


def test_service_spelled_with_unicode_escapes_is_refused(endpoint, internal):
    before = len(internal.requests)
    status, _, body = ask(endpoint, f"SELECT * WHERE {{ \\u0053ERVICE <{internal.url}> {{ ?s ?p ?o }} }}")
    assert status == 400 and "SERVICE" in body
    assert len(internal.requests) == before


def test_the_word_service_in_a_literal_is_no_call(endpoint):
    status, _, body = ask(endpoint, "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/>' }")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_from_graphs_are_not_fetched_by_either_engine(endpoint, internal):
    before = len(internal.requests)
    status, _, _ = ask(endpoint, f"SELECT * FROM <{internal.url}> FROM NAMED <{internal.url}> WHERE {{ ?s ?p ?o }}")
    assert status == 200
    memory = store.new_dataset("memory")  # rdflib's own engine fetched FROM graphs it did not hold
    query.run(memory, f"SELECT * FROM <{internal.url}> WHERE {{ ?s ?p ?o }}")
    query.run(memory, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert len(internal.requests) == before


def test_an_allowed_service_host_is_called(internal):
    memory = store.new_dataset("memory")
    text = f"SELECT ?s WHERE {{ SERVICE <{internal.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefused, match="127.0.0.1 is not allowed"):
        query.run(memory, text, policy=guard.Policy.allowing(["intranet.example"]))
    before = len(internal.requests)
    rows = query.rows_as_strings(query.run(memory, text, policy=guard.Policy.allowing(["127.0.0.1"])))
    assert rows == [("urn:internal",)] and len(internal.requests) == before + 1


# --- query= names no file ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["secret.rq", "../secret.rq", "/etc/passwd", "./secret", "~/.bashrc",
                                  "/nonexistent/x.rq"])
def test_query_names_no_file_and_says_the_same_whether_it_exists(endpoint, name):
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote(name))
    assert status == 400 and "reads no files" in body
    assert SECRET not in body and "root:" not in body and name not in body


def test_a_one_word_query_is_a_canned_name_only(endpoint):
    status, _, found = fetch(endpoint + "/sparql?query=secret")  # a file of that name is in the server's folder
    assert status == 404 and SECRET not in found
    status, _, missing = fetch(endpoint + "/sparql?query=secret2")
    assert status == 404 and found.replace("secret", "X") == missing.replace("secret2", "X")
    status, headers, body = fetch(endpoint + "/sparql?query=meetings&format=json")
    assert status == 200 and json.loads(body)["results"]["bindings"]


# --- Host, Origin, headers, sizes ----------------------------------------------------------

def test_cross_site_post_is_refused(endpoint):
    status, _, body = ask(endpoint, "ASK {}", Origin="http://attacker.example")
    assert status == 403 and "cross-site" in body
    status, _, body = ask(endpoint, "ASK {}", Origin="null")
    assert status == 403
    status, _, _ = ask(endpoint, "ASK {}", Origin=endpoint)  # the page's own requests
    assert status == 200


def test_a_foreign_host_name_is_refused(endpoint):
    port = urllib.parse.urlsplit(endpoint).port
    status, _, body = fetch(endpoint + "/sparql?query=ASK%20%7B%7D", headers={"Host": f"rebind.attacker.example:{port}"})
    assert status == 421 and "--allow-host" in body
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert fetch(endpoint + "/sparql?query=ASK%20%7B%7D", headers={"Host": host})[0] == 200


def test_the_page_and_answers_carry_security_headers(endpoint):
    status, headers, page = fetch(endpoint + "/", headers={"Accept": "text/html"})
    csp = headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert status == 200 and f'<script nonce="{nonce}">' in page and f'<style nonce="{nonce}">' in page
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer" and "uvicorn" not in headers.get("Server", "")
    _, again, _ = fetch(endpoint + "/")
    assert again["Content-Security-Policy"] != csp  # a fresh nonce per page
    status, headers, _ = ask(endpoint, "ASK {}")
    assert headers["X-Content-Type-Options"] == "nosniff" and "default-src 'none'" in headers["Content-Security-Policy"]


def test_the_explorer_page_runs_only_its_own_nonce_marked_script(endpoint):
    status, headers, page = fetch(endpoint + "/explore", headers={"Accept": "text/html"})
    csp = headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert status == 200 and "unsafe-inline" not in csp and "connect-src 'self'" in csp
    assert page.count(f'<script nonce="{nonce}">') == 2 and page.count(f'<style nonce="{nonce}">') == 2
    assert headers["X-Frame-Options"] == "DENY"


def test_a_huge_body_is_refused_unread(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).hostname, urllib.parse.urlsplit(endpoint).port
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(f"POST /sparql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/sparql-query\r\n"
                     f"Content-Length: {11 << 20}\r\n\r\n".encode() + b"ASK {}" + b" " * 65536)
        head = conn.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 413")


def test_a_monster_query_is_refused_in_one_line(endpoint, seeds_build, tmp_path):
    monster = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o" for i in range(20_000)) + " }"
    status, _, body = ask(endpoint, monster)
    assert status == 400 and "refused" in body and len(body.strip().splitlines()) == 1
    deep = "SELECT * WHERE " + "{ " * 500 + "?s ?p ?o" + " }" * 500
    status, _, body = ask(endpoint, deep)
    assert status == 400 and "nested deeper" in body
    assert ask(endpoint, "ASK {}")[0] == 200
    rq = tmp_path / "monster.rq"  # a command line cannot hold it; a file can
    rq.write_text(monster, encoding="utf-8")
    done = subprocess.run([str(KGRAPH), "query", str(seeds_build[2]), str(rq)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "refused" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_answers_are_capped_and_say_so(endpoint):
    status, headers, body = ask(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["X-Kgraph-Truncated"] == "max-rows=50; rows=50"
    status, headers, body = ask(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 7")
    assert len(json.loads(body)["results"]["bindings"]) == 7 and "X-Kgraph-Truncated" not in headers


def test_the_byte_cap_cuts_rows_to_fit(seeds_build):
    ds = seeds_build[0]
    settings = serve.Settings(max_rows=0, max_bytes=20_000)
    answer = serve.evaluate(ds, "SELECT * WHERE { ?s ?p ?o }", "text/csv", None, settings)
    cap = dict(answer.headers)["X-Kgraph-Truncated"]
    assert answer.status == 200 and len(answer.body) <= 20_000 and cap.startswith("max-bytes=20000; rows=")
    assert len(answer.body.decode().splitlines()) - 1 == int(cap.rpartition("=")[2])


def test_construct_as_sparqlwrapper_asks_for_it_is_rdf_xml(endpoint):
    text = "CONSTRUCT { ?p a kg:Person } WHERE { ?p rdfs:label '李伟'@zh }"
    status, headers, body = fetch(endpoint + "/sparql?format=xml&query=" + urllib.parse.quote(text),
                                  headers={"Accept": "application/rdf+xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml") and "<rdf:RDF" in body


# --- lanes: slow queries do not hold every worker ------------------------------------------

def test_slow_queries_do_not_block_a_quick_one(endpoint):
    answers: dict[int, int] = {}

    def slow(i: int) -> None:
        answers[i] = ask(endpoint, SLOW)[0]

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.8)  # both have moved to the slow lane by now (after 1 s)
    status, _, body = ask(endpoint, SLOW)  # a third slow one finds the slow lane full
    assert status == 503 and "slow queries are running" in body
    assert ask(endpoint, "ASK { ?s ?p ?o }")[0] == 200
    assert all(t.is_alive() for t in threads)  # answered while both slow ones still ran
    for t in threads:
        t.join()
    assert answers == {0: 503, 1: 503}  # stopped at the 4 s limit


# --- the command line --------------------------------------------------------------------------

def test_a_busy_port_is_one_line_and_exit_2(endpoint, seeds_build):
    port = str(urllib.parse.urlsplit(endpoint).port)
    done = subprocess.run([str(KGRAPH), "serve", str(seeds_build[2]), "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "cannot listen" in done.stderr and "serving" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_folder_naming_a_server_sends_nothing_there(internal, tmp_path):
    folder = tmp_path / "handed-over"
    folder.mkdir()
    (folder / "store.json").write_text(json.dumps({"store": f"http://127.0.0.1:{internal.port}/"}), encoding="utf-8")
    before = len(internal.requests)
    for args in (["query", str(folder), "ASK {}"], ["serve", str(folder), "--port", str(free_port())]):
        done = subprocess.run([str(KGRAPH), *args], capture_output=True, text=True, timeout=60,
                              env={k: v for k, v in __import__("os").environ.items() if k != store.ALLOW_REMOTE_ENV})
        assert done.returncode == 2 and "store.json" in done.stderr and "--allow-remote-store" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert len(internal.requests) == before


def test_control_characters_in_results_are_escaped_on_the_terminal(tmp_path):
    data = tmp_path / "hostile.trig"
    data.write_text('<urn:g> { <urn:doc> <http://www.w3.org/2000/01/rdf-schema#label> "Title\\u001b]0;pwned\\u0007'
                    '\\u001b[2J" . }\n', encoding="utf-8")
    done = subprocess.run([str(KGRAPH), "query", str(data), "SELECT ?t WHERE { ?d rdfs:label ?t }"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Title\\x1b]0;pwned\\x07\\x1b[2J" in done.stdout


# --- names: an IRI pins one thing, an ambiguous name lists the candidates -----------------------

NAME = "%E6%9F%90%E7%94%B2%E4%B9%99"  # 某甲乙, as vocab mints it into an IRI
ID = "https://w3id.org/kgraph/id/"
TWO_NAMESAKES = f"""@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ID}doc/a.txt> {{ <{ID}doc/a.txt> kg:sourceFile "a.txt" .
  <{ID}person/110000/{NAME}> a kg:Person ; rdfs:label "某甲乙"@zh ; org:holds <{ID}post/a> .
  <{ID}post/a> rdfs:label "东城区公安分局局长"@zh . }}
<{ID}doc/b.txt> {{ <{ID}doc/b.txt> kg:sourceFile "b.txt" .
  <{ID}person/320000/{NAME}> a kg:Person ; rdfs:label "某甲乙"@zh ; org:holds <{ID}post/b> .
  <{ID}post/b> rdfs:label "南河县公安局政委"@zh . }}
"""


@pytest.fixture
def namesakes(tmp_path):
    data = tmp_path / "namesakes.trig"
    data.write_text(TWO_NAMESAKES, encoding="utf-8")
    return data


def test_an_ambiguous_name_lists_the_candidates(namesakes):
    from kgraph.errors import AmbiguousName

    ds = query.as_dataset(namesakes)
    with pytest.raises(AmbiguousName) as caught:
        query.run(ds, "record", {"name": "某甲乙"})
    assert caught.value.code == "E202"
    assert caught.value.candidates == ("kgid:person/110000/某甲乙", "kgid:person/320000/某甲乙")
    done = subprocess.run([str(KGRAPH), "query", str(namesakes), "record", "--param", "name=某甲乙"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "kgid:person/320000/某甲乙" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("given", ["kgid:person/320000/某甲乙",
                                   "<https://w3id.org/kgraph/id/person/320000/%E6%9F%90%E7%94%B2%E4%B9%99>"])
def test_an_iri_picks_one_of_the_namesakes(namesakes, given):
    ds = query.as_dataset(namesakes)
    rows = query.rows_as_strings(query.run(ds, "record", {"name": given}))
    assert [(kind, what, file) for _, kind, what, file in rows] == [("post", "南河县公安局政委", "b.txt")]


# --- the guard's reading of SERVICE -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT * WHERE { ?s ?p \"\"\"SERVICE <http://127.0.0.1/> { }\"\"\" }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1/>",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
])
def test_service_outside_the_keyword_is_no_call(text):
    guard.check(text)


@pytest.mark.parametrize("text, allowed, refused", [
    ("SELECT * { service <http://10.0.0.8:3030/q> { ?s ?p ?o } }", ["10.0.0.8"], False),
    ("SELECT * { SERVICE <http://10.0.0.8:3030/q> { ?s ?p ?o } }", ["10.0.0.8:3030"], False),
    ("SELECT * { SERVICE <http://10.0.0.8:9999/q> { ?s ?p ?o } }", ["10.0.0.8:3030"], True),
    ("SELECT * { SERVICE ?where { ?s ?p ?o } }", ["10.0.0.8"], True),
    ("SELECT * { SERVICE <ftp://10.0.0.8/q> { ?s ?p ?o } }", ["10.0.0.8"], True),
    ("SELECT * { SERVICE <http://10.0.0.8.evil.example/q> { ?s ?p ?o } }", ["10.0.0.8"], True),
])
def test_the_allow_list_is_by_host_and_port(text, allowed, refused):
    policy = guard.Policy.allowing(allowed)
    if refused:
        with pytest.raises(QueryRefused):
            guard.check(text, policy)
    else:
        guard.check(text, policy)
