"""``kgraph serve`` as a user starts it: SPARQL 1.1 Protocol on a loopback port, read-only, time-limited."""
from __future__ import annotations

import csv
import io
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import serving

pytestmark = pytest.mark.slow

KGRAPH = Path(sys.executable).with_name("kgraph")


@pytest.fixture(scope="module")
def endpoint(seeds_build):
    """A running `kgraph serve` over the seeds' build, with a 2 s query limit; stopped after the tests."""
    _, _, out = seeds_build
    with serving(out, "--timeout", "2") as base:
        yield base


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("content-type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("content-type", ""), err.read().decode("utf-8")


ATTENDEES = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?m rdfs:label "全省公安局长会议"@zh . ?p kg:attended ?m ; rdfs:label ?name } ORDER BY ?name"""
SEED000 = {"李伟", "张月波", "纪勇", "槐国栋", "李祝群", "修春清", "申延军", "王海防"}


def test_sparqlwrapper_json(endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(ATTENDEES)
    client.setReturnFormat(JSON)
    got = client.query().convert()
    assert got["head"]["vars"] == ["name"]
    assert {b["name"]["value"] for b in got["results"]["bindings"]} == SEED000


def test_sparqlwrapper_csv_and_post(endpoint):
    from SPARQLWrapper import CSV, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(ATTENDEES)
    client.setReturnFormat(CSV)
    client.setMethod(POST)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["name"] and {r[0] for r in rows[1:]} == SEED000


def test_percent_encoded_iri_survives_a_form_post(endpoint):
    iri = "https://w3id.org/kgraph/id/person/370000/%E6%9D%8E%E4%BC%9F"  # 李伟
    query = f"SELECT ?n WHERE {{ <{iri}> rdfs:label ?n }}"
    status, ctype, body = fetch(endpoint + "/sparql", urllib.parse.urlencode({"query": query}).encode(),
                                {"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    assert (status, ctype.split(";")[0], body.split()) == (200, "text/csv", ["n", "李伟"])


def test_content_negotiation(endpoint):
    q = urllib.parse.quote("SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } LIMIT 1")
    status, ctype, body = fetch(f"{endpoint}/sparql?query={q}", headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and ctype.startswith("application/sparql-results+xml") and "<sparql" in body
    q = urllib.parse.quote("CONSTRUCT { ?p a kg:Person } WHERE { ?p rdfs:label '李伟'@zh }")
    status, ctype, body = fetch(f"{endpoint}/sparql?query={q}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and ctype.startswith("text/turtle") and "kg:Person" in body
    status, ctype, body = fetch(endpoint + "/sparql", b"ASK { ?p a kg:Person }",
                                {"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert status == 200 and '"boolean": true' in body


def test_updates_are_refused(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # SPARQLWrapper sends it as update=
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    status, _, body = fetch(endpoint + "/sparql", b"update=DROP+ALL",
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body
    status, _, body = fetch(endpoint + "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    status, _, body = fetch(endpoint + "/sparql", b"query=DELETE+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D",
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "SPARQL Update" in body
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote(ATTENDEES), headers={"Accept": "text/csv"})
    assert status == 200 and len(body.split()) == 1 + 8  # still all there


def test_bad_query_and_time_limit(endpoint):
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote("SELECT nonsense"))
    assert status == 400 and "does not parse" in body
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote(slow))
    assert status == 503 and "2 s limit" in body
    assert time.monotonic() - started < 15
    status, _, _ = fetch(endpoint + "/sparql?query=" + urllib.parse.quote("ASK {}"))
    assert status == 200  # the server is not stuck behind the stopped query


def test_canned_query_over_http(endpoint):
    status, ctype, body = fetch(endpoint + "/queries/record?format=csv&name=" + urllib.parse.quote("李伟"))
    assert status == 200 and body.splitlines()[-1] == "2023-02-10,spoke,全省公安局长会议,seed000.txt"
    status, _, body = fetch(endpoint + "/queries/record")
    assert status == 400 and "--param name" in body


def test_page_has_a_form_and_loads_nothing_from_the_internet(endpoint):
    status, ctype, page = fetch(endpoint + "/", headers={"Accept": "text/html"})
    assert status == 200 and ctype == "text/html; charset=utf-8"
    assert "<form" in page and "<textarea" in page and 'name="query"' in page
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"""(fetch|import)\s*\(\s*["'](https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
