"""Reports given under a title at the meeting, and the year's overall approach (总体思路).

An enumeration inside a report (李华同志以《…》为主题作报告) is the reporter's, so the
directives read these first.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Iterator, Sequence

from ..facts import Document, Sentence, Span
from .directive_reading import Reading, patterns, rule_alt
from .names import Names


@cache
def _report() -> re.Pattern[str]:
    """A report given under a title: 以《…》为主题作报告, 作了题为“…”的讲话, 作《…报告》."""
    give, report = rule_alt("report_give_verbs"), rule_alt("report_nouns")
    return re.compile(
        rf"以《(?P<t1>[^《》\n]{{1,100}})》(?:{rule_alt('report_theme_frames')})[^。；\n]{{0,12}}?(?:{give})[^。；\n]{{0,12}}?(?:{report})"
        rf"|(?:{give})了?(?:{rule_alt('report_title_leads')})[《“](?P<t2>[^《》“”\n]{{1,100}})[》”]的[^。；\n]{{0,12}}?"
        rf"(?:{rule_alt('speech_nouns')})"
        rf"|(?:{give})了?《(?P<t3>[^《》\n]{{0,100}}(?:{report}))》")


def report_matches(ctx: Reading) -> Iterator[tuple[str, str | None, Span]]:
    """Each report of the text: (title, the last person named before it in its sentence, span of the title)."""
    for m in _report().finditer(ctx.doc.text):
        name = next(g for g in ("t1", "t2", "t3") if m.group(g) is not None)
        sentence = ctx.sents[ctx.sentence_of(m.start())] if ctx.sents else None
        speaker = ctx.last_person_before(sentence.start if sentence else 0, m.start())
        yield m.group(name), speaker, ctx.span(m.start(name), m.end(name))


def report_titles(doc: Document, sents: Sequence[Sentence], persons: Sequence[str] | Names
                  ) -> list[tuple[str, str | None, Span]]:
    """Reports delivered under a title: (title, speaker or None, span of the title).

    李华同志以《…》为主题作报告 / 作题为《…》的大会报告 / 作《党风廉政建设工作报告》.
    """
    return list(report_matches(Reading(doc, sents, persons)))


def overall_approach(doc: Document, sents: Sequence[Sentence]) -> str | None:
    """The year's 总体思路 as written (the text after 总体思路：/总体思路是：), or None."""
    m = patterns()["approach"].search(doc.text)
    return m.group("body").strip() if m else None
