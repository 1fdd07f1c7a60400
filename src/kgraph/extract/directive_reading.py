"""What every directive rule reads: the document's sentences and names, who opens a
sentence, the ordinals that number a list, and the stage's patterns, their words from
``ontology/rules/directives.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Sequence

from .. import dates, lexicon, rules
from ..facts import Document, Sentence, Span
from .names import Names
from .work import Sentences

_NUM = "二十|十[一二三四五六七八九]?|[一二三四五六七八九]"
# An ordinal opening an item: 一要 / 一是 / 一是要 / 第一，. It must follow a boundary, so
# 统一是 or 唯一要 never open a list.
MARKER = re.compile(
    rf"(?:^|(?<=[。；;：:，,！？!?\s”」』）)]))"
    rf"(?:(?P<num>{_NUM})(?P<suffix>是要|是|要)|第(?P<nth>{_NUM})(?:是|[，、,：:]))"
    # （一）（二） opening lines of their own, or following a colon or semicolon (要求：（一）…；（二）…)
    rf"|(?:^[ \t\u3000]*|(?<=[：:；;。]))[（(](?P<pnum>{_NUM})[）)][ \t\u3000]*",
    re.M,
)
_CN_COUNT = r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})"  # 3, 三, 十二: how many a header announces
_CN_ORDINAL = "[一二三四五六七八九十]+"
# a title written before a name ends like one (区委书记赵刚, 副市长、公安局局长王明)
# within 20 characters that are not a clause break
_TITLE_BREAKS = frozenset("，,。；;：:")
_TITLE_SPAN = 20


def rule_alt(key: str) -> str:
    """The words of a key of ``directives.toml`` as one alternation."""
    return rules.alt("directives", key)


def rule_words(key: str) -> tuple[str, ...]:
    """The words of a key of ``directives.toml``."""
    return rules.words("directives", key)


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """The stage's patterns, their words from ``ontology/rules/directives.toml``."""
    modal = rf"{rules.not_after('directives', 'modal_yao_not_after')}要(?!{rule_alt('modal_yao_not_before')})|{rule_alt('modals')}"
    return {
        "count": re.compile(rf"{_CN_COUNT}(?:{rule_alt('count_nouns')})"),
        "heading": re.compile(rf"^(?:{_CN_ORDINAL}、|[（(]{_CN_ORDINAL}[）)]|第{_CN_ORDINAL}(?:{rule_alt('part_words')}))"),
        "stage": re.compile(rf"^第{_CN_ORDINAL}(?:{rule_alt('stage_words')})"),
        # who opens a sentence: the meeting, a pronoun (a known name is looked up apart)
        "subject": re.compile(rf"(?P<meeting>{rule_alt('meeting_subjects')})|(?P<pronoun>{rule_alt('pronouns')})"),
        "hope": re.compile(rf"[^，,。；;\n]{{0,20}}?(?P<verb>{rule_alt('hope_verbs')})(?=\S)"),
        "propose": re.compile(rf"[^。；;\n]{{0,20}}?(?P<verb>{rule_alt('propose_verbs')})(?=要(?!求))"),
        "modal": re.compile(modal),
        # background rather than demand: a past (了, 以来), a copula (2024年是…之年, 是一支…队伍)
        "background": re.compile(rf"^(?:{rule_alt('background_openers')})|{rule_alt('background_words')}"
                                 rf"|{rules.not_after('directives', 'le_not_after')}了(?!解)"
                                 rf"|{rules.not_after('directives', 'shi_not_after')}是(?!否)"),
        "approach": re.compile(rf"(?:{rule_alt('approach_words')})(?:是|为)?[：:]\s*(?P<body>[^。\n]+)"),
    }


def _title_ends() -> frozenset[str]:
    return frozenset("".join(rules.words("directives", "title_end_chars")))


@cache
def lead_in() -> re.Pattern[str]:
    """What may open a sentence before its speaker: 会上， / 随后 / 在通报了…情况后，"""
    w = lambda key: rules.alt("directives", key)  # noqa: E731
    return re.compile(rf"(?:(?:{w('lead_words')})[，,]?|(?:{w('lead_clause_opens')})[^，,。；;：:\n]{{1,30}}?"
                      rf"(?:{w('lead_clause_ends')})[，,])?")


@cache
def count_cue() -> re.Pattern[str]:
    """某某强调了三点意见： / 提出四点要求 / 发出3点倡议: a speaker announcing a counted list."""
    return re.compile(
        rf"[^。；;\n]{{0,60}}?(?P<verb>{lexicon.alternation('directive_count_verbs.txt')})了?[^。；;，,\n]{{0,6}}?"
        rf"{_CN_COUNT}(?:{rule_alt('count_nouns')})[^。；;，,：:\n]{{0,4}}[。：:，,]?")


@cache
def late_cue() -> re.Pattern[str]:
    """A cue opening a later clause of the subject's sentence (某某肯定了…，要求… / …，提出了…要求：)."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon.mapping("directives_cues.tsv"), key=len, reverse=True))
    pronoun = rules.alt("directives", "pronouns")
    return re.compile(rf"[，,](?:{pronoun})?(?P<verb>{verbs})(?=[\u4e00-\u9fff])(?!的)"
                      rf"|[，,](?:{rule_alt('propose_verbs')})了?[^。；;\n]{{0,30}}?(?P<req>{rule_alt('request_nouns')})[：:]")


_TRIM_END = "。；;，,：:、 \t\r\n\u3000"
TRIM_START = "，,、：:；; \t\r\n\u3000—▶►●•■◆◇□○☆★"  # bullets open items, they are not their words


def chinese_number(text: str) -> int:
    """12 -> 12, 九 -> 9, 十 -> 10, 十二 -> 12, 二十 -> 20: the numerals dates read, one reading."""
    return dates.cn_number(text)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end


@dataclass(frozen=True)
class Subject:
    """Who a sentence opens with: ``kind`` is meeting, pronoun or person."""

    kind: str
    person: str | None
    end: int


class Reading:
    """What one document's reading needs: its text, sentences and names."""

    def __init__(self, doc: Document, sents: Sequence[Sentence], persons: Sequence[str] | Names) -> None:
        self.doc, self.sents, self.names = doc, Sentences.of(sents), Names.coerce(persons)

    def subject(self, text: str) -> Subject | None:
        """The meeting (会议, 与会), a pronoun or a known name (after a title, with 同志) opening ``text``.

        An opening phrase (会上，同时) may come first; as a regular expression would, it is
        also tried as part of the title when nothing follows it.
        """
        lead = lead_in().match(text).end()
        for pos in dict.fromkeys((lead, 0)):
            word = patterns()["subject"].match(text, pos)
            if word:
                return Subject(word.lastgroup, None, word.end())
            found = self._titled_name(text, pos)
            if found is not None:
                name, end = found
                honorific = next((h for h in rules.words("people", "honorifics") if text.startswith(h, end)), "")
                return Subject("person", name, end + len(honorific))
        return None

    def _titled_name(self, text: str, pos: int) -> tuple[str, int] | None:
        """A known name at ``pos``, or after the shortest title-like stretch that ends before one."""
        if not self.names:
            return None
        for i in range(pos, min(pos + _TITLE_SPAN + 1, len(text))):
            ch = text[i]
            if ch in _title_ends():
                written = self.names.written_at(text, i + 1)
                if written is not None:
                    return self.names.full(written), i + 1 + len(written)
            if ch in _TITLE_BREAKS or ch.isspace():
                break
        written = self.names.written_at(text, pos)
        return (self.names.full(written), pos + len(written)) if written is not None else None

    def sentence_of(self, offset: int) -> int:
        """The sentence an offset falls in, or the first when it stands before them all."""
        return max(self.sents.sentence_of(offset), 0)

    def span(self, start: int, end: int) -> Span:
        return Span(self.doc.doc_id, self.sentence_of(start), start, end)

    def last_person_before(self, start: int, end: int) -> str | None:
        found = self.names.find_all(self.doc.text, start, end)
        return found[-1].name if found else None
