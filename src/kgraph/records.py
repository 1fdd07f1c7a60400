"""What cross-document identity needs of one document, read back from its N-Triples.

A build hands each document's graph around as N-Triples text (``rdf.py``); identity needs
only its persons with their posts, its reported meeting with its date or month and day,
and its dateline. Reading them from the text (in the worker that made it, or from the
store for documents of an earlier build) keeps ``identity.py`` free of extraction.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .vocab import DCTERMS, KG, ORG, RDF, RDFS, SKOS

_TYPE, _LABEL, _ALT = f"<{RDF.type}>", f"<{RDFS.label}>", f"<{SKOS.altLabel}>"
_PERSON, _HOLDS, _POST_IN = f"<{KG.Person}>", f"<{ORG.holds}>", f"<{ORG.postIn}>"
_REPORTS, _DATE, _MONTH_DAY = f"<{KG.reports}>", f"<{KG.date}>", f"<{KG.monthDay}>"
_ISSUED, _FILE = f"<{DCTERMS.issued}>", f"<{KG.sourceFile}>"
_WANTED = {_TYPE, _LABEL, _ALT, _HOLDS, _POST_IN, _REPORTS, _DATE, _MONTH_DAY, _ISSUED, _FILE}


@dataclass
class DocRecord:
    """What identity needs of one document, read from its graph's N-Triples."""

    doc: str
    file: str = ""
    issued: str | None = None  # the dateline, ISO
    reported: str | None = None  # the reported meeting's IRI
    persons: dict[str, str] = field(default_factory=dict)  # IRI -> name
    holds: dict[str, list[str]] = field(default_factory=dict)  # person IRI -> post IRIs
    posts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # post IRI -> labels (written, resolved)
    post_org: dict[str, str] = field(default_factory=dict)  # post IRI -> organization IRI
    meetings: dict[str, str] = field(default_factory=dict)  # reported meeting IRI -> name
    dates: dict[str, str] = field(default_factory=dict)  # meeting IRI -> ISO date
    month_days: dict[str, str] = field(default_factory=dict)  # meeting IRI -> --MM-DD

    @property
    def attested(self) -> str | None:
        """The date this report attests its posts on: its meeting's, else its dateline."""
        return self.dates.get(self.reported or "") or self.issued


def read_record(triples: str) -> DocRecord:
    """A document's :class:`DocRecord` from its N-Triples (one line each, as ``rdf.py`` writes them)."""
    labels: dict[str, str] = {}
    alts: dict[str, list[str]] = defaultdict(list)
    typed_persons: list[str] = []
    rec = DocRecord(doc="")
    for line in triples.splitlines():
        parts = line.split(" ", 2)
        if len(parts) < 3 or parts[1] not in _WANTED:
            continue
        s, p, o = parts[0], parts[1], parts[2][:-2]
        if p == _TYPE:
            if o == _PERSON:
                typed_persons.append(s)
        elif p == _LABEL:
            labels.setdefault(s, _literal(o))
        elif p == _ALT:
            alts[s].append(_literal(o))
        elif p == _HOLDS:
            rec.holds.setdefault(s[1:-1], []).append(o[1:-1])
        elif p == _POST_IN:
            rec.post_org[s[1:-1]] = o[1:-1]
        elif p == _REPORTS:
            rec.doc, rec.reported = s[1:-1], rec.reported or o[1:-1]
            rec.meetings[o[1:-1]] = ""
        elif p == _DATE:
            rec.dates[s[1:-1]] = _literal(o)
        elif p == _MONTH_DAY:
            rec.month_days[s[1:-1]] = _literal(o)
        elif p == _ISSUED:
            rec.issued = _literal(o)
        elif p == _FILE:
            rec.doc, rec.file = s[1:-1], _literal(o)
    for s in typed_persons:
        rec.persons[s[1:-1]] = labels.get(s, "")
    for m in rec.meetings:
        rec.meetings[m] = labels.get(f"<{m}>", "")
    for post in {p for held in rec.holds.values() for p in held}:
        rec.posts[post] = tuple(dict.fromkeys([labels.get(f"<{post}>", ""), *alts.get(f"<{post}>", [])]))
    return rec


def _literal(term: str) -> str:
    """The lexical form of an N-Triples literal (rdf.py escapes only \\ " and line ends)."""
    end = term.rfind('"')
    body = term[1:end]
    if "\\" in body:
        body = body.replace('\\"', '"').replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")
    return body
