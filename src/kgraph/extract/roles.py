"""Who presided, spoke and attended the reported meeting.

A role needs a person as the subject of a cue word (主持, 讲话, 出席…). Reports
list officials clause by clause and put the verb after the last one
(A，B，C出席会议), continue a subject into the next clause (孙涛主持会议，传达了…)
and across a paragraph with 他/她 (赵刚同志指出…他强调…), so the reader keeps
the pending list and the last subject as it walks the clauses of a sentence.
A person named after the cue is its object (会议传达了马林…的批示), not its subject.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Sequence

from .. import lexicon, rules
from ..facts import Document, Role, Sentence, Span
from .name_shape import qualifiers_after_titles
from .names import Found, Names

_CLAUSE = re.compile(r"[^，,；;：:]+[，,；;：:]?")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The stage's patterns, their words from ``ontology/rules/roles.toml``."""
    w = lambda key: rules.alt("roles", key)  # noqa: E731
    return {
        # a clause whose own subject is not a person: 会议强调, 大会要求, 与会人员观看
        "other_subject": re.compile(rf"^(?:{w('other_subjects')})"),
        "pronoun": re.compile(rf"^(?:{w('pronouns')})(?:{w('pronoun_tails')})?"),
        "adverb": re.compile(rf"^(?:{w('clause_adverbs')})"),
        "meeting_name": re.compile(rf"(?:{w('meeting_words')})会"),
        "gives": re.compile(rf"(?:{w('giving_verbs')})(?:{w('giving_particles')})?(?:{w('given_speeches')})$"),
        "act_noun": re.compile(w("act_nouns")),
        "remote_act": re.compile(rf"[^，,。]{{0,20}}的(?:{w('remote_acts')})"),
        "elsewhere": re.compile(rf"(?:{rules.alt('people', 'honorifics')})?在[^，,。]{{2,24}}(?:{w('elsewhere_marks')})"),
        "remote_title": re.compile(w("remote_title")),
        "list_intro": re.compile(rf"的[^，,；;。]{{0,8}}(?:{w('list_intros')})[，,：:]?$"),
        "list_intro_inline": re.compile(rf"的[^，,；;。]{{0,8}}?(?:{w('list_intros')})[：:]?"),
    }


@cache
def _cues() -> tuple[re.Pattern[str], dict[str, str]]:
    table = lexicon.mapping("role_cues.tsv")
    return re.compile("|".join(re.escape(c) for c in sorted(table, key=len, reverse=True))), table


@cache
def _reference_cues() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("reference_cues.txt"))


def extract_roles(doc: Document, sents: Sequence[Sentence], names: list[str] | Names, meeting: str) -> list[Role]:
    """Roles at the reported meeting, one per (person, role), first evidence kept."""
    cue_re, cue_role = _cues()
    known = Names.coerce(names)
    roles: dict[tuple[str, str], Role] = {}
    last_subject: list[str] = []

    def add(person: str, role: str, cue: str, sent: Sentence) -> None:
        span = Span(doc.doc_id, sent.index, sent.start, sent.end)
        for r in (role, "attended"):
            roles.setdefault((person, r), Role(person, r, meeting, cue, span))

    ahead: list[tuple[str, str]] = []
    sent_follows_list = False
    for sent in sents:
        mentions = known.find_all(sent.text)
        pending: list[str] = []
        subject: list[str] = []
        if not sent_follows_list:
            ahead = []  # 出席仪式的领导有：… — the cues of a list still to come, across its ；
        for clause in _CLAUSE.finditer(sent.text):
            c_start, c_end = clause.span()
            body = clause.group()
            here = [m for m in mentions if c_start <= m.start < c_end]
            cues = [c for c in cue_re.finditer(_masked(body, here, c_start)) if not _negated(body, c.start())]
            if cues and not here and _patterns()["list_intro"].search(body):
                ahead = [(cue_role[c.group()], c.group()) for c in cues]
                continue
            intro = _patterns()["list_intro_inline"].search(body) if cues and here else None
            if intro and all(c.start() < intro.start() for c in cues):
                # 参加会议的有某局长某某、某某: the names after the intro, in the same clause
                ahead = [(cue_role[c.group()], c.group()) for c in cues]
                for m in here:
                    if m.start - c_start >= intro.end():
                        for role, cue_text in ahead:
                            add(m.name, role, cue_text, sent)
                continue
            if here and not cues and ahead:
                for m in here:
                    for role, cue_text in ahead:
                        add(m.name, role, cue_text, sent)
                continue
            if here and not cues:
                after_last = body[here[-1].end - c_start:].strip("，,；;：: \u3000")
                for honorific in rules.words("people", "honorifics"):
                    after_last = after_last.removeprefix(honorific)
                if not after_last or _trailing_title(after_last) \
                        or after_last.startswith(lexicon.words("name_conjunctions.txt")):
                    pending += [m.name for m in here]  # 区委书记赵刚， / 赵刚和各单位负责人 — an introduction
                else:
                    subject = [m.name for m in here]
                continue
            if not cues:
                continue
            first_cue = cues[0].start() + c_start
            before = [m.name for m in here if m.start < first_cue and not _is_reference(sent.text, m)]
            lead = body.lstrip()
            if before:
                agents = pending + before
            elif _patterns()["pronoun"].match(lead):
                agents = last_subject
            elif pending and (_patterns()["adverb"].match(lead) is not None or cues[0].start() < 4
                              or all(cue_role[c.group()] == "attended" for c in cues)):
                # 局领导刘洋、陈平，各派出所所长…共40余人参加了仪式: the listed people attended,
                # not the one who presided before them (某某主持会议，某院长某某，各部门负责同志参加)
                agents = pending
            elif subject and not _patterns()["other_subject"].match(lead) and not here:
                agents = subject
            else:
                agents = []
            if not agents:
                pending = []
                continue
            prev_end = first_cue
            for cue in cues:
                cue_text = cue.group()
                # a person named between two cues is the later cue's subject: 周军出席并讲话吴斌主持
                between = [m.name for m in here if prev_end <= m.start < cue.start() + c_start
                           and not _is_reference(sent.text, m)]
                if between:
                    agents = between
                prev_end = cue.end() + c_start
                if _cue_is_object(body, cue.start()):
                    continue
                for person in agents:
                    add(person, cue_role[cue_text], cue_text, sent)
            subject = agents
            pending = []
        if subject:
            last_subject = subject
        sent_follows_list = bool(ahead) and sent.text.rstrip().endswith(("；", ";"))
    return list(roles.values())


def _masked(body: str, mentions: list, offset: int) -> str:
    """The clause with its names blanked, so a cue is never read inside a name (某某曼提|出席: not 提出),
    nor in the note after a title (副局长（主持工作）某某: how the post is held, not presiding)."""
    chars = list(body)
    spans = [(m.start - offset, m.end - offset) for m in mentions] + qualifiers_after_titles(body)
    for start, end in spans:
        for k in range(max(start, 0), min(end, len(chars))):
            chars[k] = "\u25a1"
    return "".join(chars)


def _negated(body: str, pos: int) -> bool:
    """A cue word used as a noun of someone else's act: 会议要求, 讲话精神, 按照…部署."""
    window = body[max(0, pos - 2):pos + 4]
    if _patterns()["meeting_name"].match(body, pos):
        return True  # 报告会邀请了…: the meeting's name, not someone reporting
    if _patterns()["gives"].search(body[max(0, pos - 5):pos + 2]):
        return False  # 周军作重要讲话: gives it, here
    return bool(_patterns()["act_noun"].search(window))


def _cue_is_object(body: str, pos: int) -> bool:
    return body[max(0, pos - 2):pos] in rules.words("roles", "following")


def _trailing_title(rest: str) -> bool:
    return bool(re.fullmatch(f"(?:{lexicon.alternation('titles.txt')})", rest))


def _written_elsewhere(tail: str) -> bool:
    """马林…的批示 follows the name, unless the person's own act comes first (某某传达马林批示并讲话)."""
    ref = _reference_cues().search(tail[:12])
    if ref is None:
        return False
    own = _cues()[0].search(tail, 0, ref.start())
    return own is None or _negated(tail, own.start())


def _is_reference(text: str, m: Found) -> bool:
    """Named for what they wrote or said elsewhere, not for being at this meeting.

    马林…的批示, 郑海部长关于…指示, 陈平在全省公安工作会议上的讲话, 习近平总书记指出,
    受县委书记某某委托.
    """
    tail = text[m.end:m.end + 30]
    return (_written_elsewhere(tail)
            or bool(_patterns()["remote_act"].match(tail))
            or bool(_patterns()["elsewhere"].match(tail))
            or bool(_patterns()["remote_title"].match(tail))
            or tail.startswith(rules.words("roles", "behalf_marks")))
