"""When and where a meeting was held: the day its sentence writes, completed from the
report's own anchors (news line, dateline; ``dates.py``), and the place after 在 or a venue
named before the verb.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .. import dates, lexicon, places, rules
from ..facts import Document, Meeting, Sentence, Span
from ..segment import pos_tokenizer
from .meeting_frames import level_of, patterns

OPENING = 200  # how far into the text (or past its headline) a report's opening stands


def written_place(between: str) -> str | None:
    """The place written after 在, up to the verb: 在济南召开 -> 济南, 在京主持召开 -> 北京."""
    at = max(between.rfind(mark) for mark in rules.words("meetings", "place_marks"))
    if at < 0:
        return None
    rest = between[at + 1:]
    end = patterns()["place_end"].search(rest)
    written = rest[:end.start()].strip(" \u3000")
    for conjunction in rules.words("meetings", "place_conjunctions"):
        if conjunction in written:  # 在某看守所建成并举行: the place, without what was done there
            written = _without_trailing_verbs(written[:written.index(conjunction)])
    for lead in lexicon.words("own_place_words.txt"):
        if written.startswith(lead) and len(written) > len(lead) + 1:
            written = written[len(lead):]
    if not written or len(written) > 16 or written in rules.words("meetings", "place_stops") \
            or written in lexicon.words("own_place_words.txt"):
        return None
    if written.endswith(rules.words("meetings", "place_time_endings") + rules.words("meetings", "place_stops")) \
            and not _named_venue(written) or re.search(r"\d", written):
        return None
    if len(written) == 1:
        return lexicon.mapping("place_abbreviations.tsv").get(written)
    return written


def _without_trailing_verbs(text: str) -> str:
    words = pos_tokenizer().lcut(text)
    while words and words[-1].flag.startswith("v"):
        words.pop()
    return "".join(w.word for w in words)


def _named_venue(written: str) -> bool:
    """某人民会堂一楼主会场: a hall named before the word for it, not the bare 主会场 or 分会场
    (nor 主会场和各分会场, where the words before are another session, not a hall)."""
    return any(written.endswith(tail) and len(written) >= len(tail) + 4 and tail not in written[:-len(tail)]
               for tail in rules.words("meetings", "named_venue_tails"))


def venue_before(before: str) -> str | None:
    """A venue named in the clauses before a held verb (某大楼门前广场气氛庄重, 移步至局二楼大礼堂)."""
    m = None
    for m in patterns()["venue"].finditer(before):
        pass
    return m.group("venue") if m else None


def date_anchors(doc: Document) -> list[dt.date]:
    """The report's own dates that complete a partial one: its news line (5月22日电), then its dateline.

    A report without a dateline is dated by the whole date its opening writes (2023年10月17日，某局
    举办…): the day of its event, before the day the news line was sent.
    """
    out = []
    opening = None if doc.date is not None else dates.find_full_date(doc.text[:OPENING])
    if opening is not None:
        out.append(opening[0])
    base = [doc.date] if doc.date else out[:]
    m = patterns()["news_date"].search(doc.text, 0, 800)
    if m:
        # without a dateline the news line's year is the one the report states (2021年是…)
        news = dates.complete(dates.Partial(None, int(m.group(1)), int(m.group(2)), 0, 0, m.group()), base,
                              None if base else _text_year(doc.text))
        if news is not None:
            out.append(news)
    if doc.date is not None:
        out.append(doc.date)
    return out


def _year_hint(doc: Document, name: str) -> int | None:
    """A year the report itself states, for a report without any dateline.

    The meeting's own name first (2021年第一次全体会议, 忠诚—2021), then the year a report plans
    (部署2024年工作), then the latest year it names (a review of 2015 and goals for 2016).
    """
    m = patterns()["year_in_name"].search(name)
    if m:
        return int(m.group(1))
    return _text_year(doc.text)


@lru_cache(maxsize=4)
def _text_year(text: str) -> int | None:
    """The year a report plans, else the latest it names: read once per report, however many
    meetings it holds (a page of a hundred meetings would otherwise read it a hundred times)."""
    m = patterns()["year_plan"].search(text)
    if m:
        return int(next(g for g in m.groups() if g))
    years = [int(y) for y in patterns()["year_mention"].findall(text)]
    return max(years) if years else None


def held_meeting(doc: Document, sent: Sentence | None, name: str, pos: int, place: str | None,
             organizer: str | None, anchors: list[dt.date], dated: bool = True) -> Meeting:
    """A held meeting with the date its sentence gives, completed from the report's anchors."""
    date = None
    date_text = None
    if sent is not None and dated:
        news = patterns()["news_cue"]
        # the day in the body beats the news line's (据某网12月18日消息，某某17日在京主持召开)
        written = [p for p in dates.in_sentence(sent.text) if not news.match(sent.text, p.end)]
        if written:
            part = written[0]
            date_text = part.text
            date = dates.complete(part, anchors, _year_hint(doc, name))
    if date is None and date_text is None and (dated or sent is None or sent.index > 0):
        # no day in the sentence: the report is dated by its news line (东北网5月22日讯), else its dateline;
        # 昨天/昨日 count back from that date
        date = anchors[0] if anchors else None
        relative = dates.relative_day(sent.text[:max(pos - sent.start, 0) + len(name) + 12], date) \
            if date is not None and sent is not None else None
        if relative:
            date, date_text = relative
    if organizer and places.lookup(organizer) is None and not re.search(f"(?:{lexicon.alternation('org_suffixes.txt')})$", organizer):
        organizer = None
    span = Span(doc.doc_id, sent.index if sent else -1, pos, pos + len(name))
    return Meeting(name=name, reported=True, date=date, date_text=date_text, place=place,
                   organizer=organizer, level=level_of(name), span=span)
