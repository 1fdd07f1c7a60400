"""The review list: what a build could not find, so a user knows which reports to read by hand.

Each row names a document and one gap: no reported meeting, a reported meeting without a
date or a place, a person with no post or no role, a directive list whose count differs
from the one it announced (提出四点要求 followed by three). Gaps are facts about the
extraction, not errors: the build still succeeds. Read without gold, the same list is the
signal for where the rules fall short on text nobody has annotated.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from .facts import Extraction

FILE = "review.csv"  # in the output folder

KINDS = {
    "no-meeting": "no reported meeting",
    "no-date": "reported meeting without a date",
    "no-place": "reported meeting without a place",
    "no-post": "person with no post",
    "no-role": "person with no role at the reported meeting",
    "count-mismatch": "directive list count differs from the announced one",
}


@dataclass(frozen=True)
class Gap:
    file: str
    kind: str  # a key of KINDS
    subject: str  # the meeting, person or list it concerns ("" for the document)
    detail: str = ""


def gaps(ex: Extraction) -> list[Gap]:
    """Every gap of one document's extraction, in a stable order."""
    file = ex.document.doc_id  # the path below the input folder: two folders may hold one file name
    out: list[Gap] = []
    reported = [m for m in ex.meetings if m.reported]
    if not reported:
        out.append(Gap(file, "no-meeting", ""))
    for m in reported:
        if m.date is None:
            out.append(Gap(file, "no-date", m.name))
        if not m.place:
            out.append(Gap(file, "no-place", m.name))
    with_post = {p.person for p in ex.posts}
    with_role = {r.person for r in ex.roles}
    for person in ex.persons:
        if person.name not in with_post:
            out.append(Gap(file, "no-post", person.name))
        if reported and person.name not in with_role:
            out.append(Gap(file, "no-role", person.name))
    for lst in ex.directive_lists:
        if lst.announced is not None and lst.announced != lst.found:
            out.append(Gap(file, "count-mismatch", lst.header[:40],
                           f"announced {lst.announced}, found {lst.found}"))
    return out


def to_csv(rows: list[Gap]) -> str:
    """The review list as CSV text: file, kind, what it means, subject, detail."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "kind", "meaning", "subject", "detail"])
    for g in rows:
        writer.writerow([g.file, g.kind, KINDS[g.kind], g.subject, g.detail])
    return buffer.getvalue()


def summary(rows: list[Gap], documents: int) -> str:
    """One line of counts, for the end of a build."""
    count = Counter(g.kind for g in rows)
    parts = [f"{KINDS[k]}: {count[k]}" for k in KINDS if count[k]]
    if not parts:
        return f"review: nothing to review in {documents} documents"
    return f"review ({documents} documents): " + "; ".join(parts) + " -> review.csv"
