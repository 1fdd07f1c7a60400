"""The extraction stages keep their contract: each reads what an earlier one assigned, and assigns only what it declares."""
from __future__ import annotations

import dataclasses

import pytest

from kgraph.extract import STAGES, Sentences, Stage, Work, check, directives, stages
from kgraph.extraction import extract
from kgraph.segment import sentence_at, sentences
from tests.conftest import make_doc

# invented names and places
TEXT = ("2024年全市公安工作会议召开\n"
        "3月5日，某市召开2024年全市公安工作会议。副市长、市公安局局长林晓川主持会议，市委书记方振远出席会议并讲话。\n"
        "方振远强调，一要坚持党的绝对领导；二要提升打击犯罪能力；三要锻造过硬队伍。\n"
        "会议要求，全市公安机关要深入推进“枫桥经验”。\n")


def test_the_stages_in_order_each_read_what_an_earlier_one_assigned():
    assert check(STAGES) == STAGES
    assert [s.name for s in STAGES][:2] == ["people", "meetings"]


def test_a_stage_moved_before_what_it_needs_fails_loudly():
    by_name = {s.name: s for s in STAGES}
    moved = [by_name["roles"]] + [s for s in STAGES if s.name != "roles"]
    with pytest.raises(ValueError, match="'roles' requires .*names"):
        check(moved)


def test_a_stage_naming_what_work_does_not_hold_fails():
    with pytest.raises(ValueError, match="does not hold"):
        check(STAGES + (Stage("typo", lambda work: None, requires=("persns",)),))


def _state(work: Work) -> dict[str, object]:
    return {f.name: repr(getattr(work, f.name)) for f in dataclasses.fields(work)}


def test_each_stage_assigns_only_what_it_declares():
    work = Work.of(make_doc(TEXT))
    for stage in STAGES:
        before = _state(work)
        stage.function(work)
        changed = {k for k, v in _state(work).items() if before[k] != v}
        assert changed <= set(stage.assigns), stage.name
    assert work.reported is not None and work.roles and work.directives


def test_running_the_stages_is_the_extraction():
    doc = make_doc(TEXT)
    work = Work.of(doc)
    for stage in STAGES:
        stage.function(work)
    assert repr(work.extraction()) == repr(extract(doc))


def test_the_sentence_of_an_offset_is_looked_up_once_for_all_stages():
    text = "第一句。\n\n  第二句，还在第二句。\n第三句"
    sents = Sentences(sentences(text))
    assert Sentences.of(sents) is sents
    for offset in range(len(text) + 1):
        assert sents.containing(offset) == sentence_at(sents.items, offset)
        expected = max((s.index for s in sents if s.start <= offset), default=-1)
        assert sents.sentence_of(offset) == expected
    assert sents.sentence_of(text.index("第二句")) == 1
    assert sents.containing(text.index("\n\n") + 1) is None  # the blank between two sentences
    assert sents.span("t.txt", 0, 2).sentence == 0


def test_themes_are_read_once_per_document_and_directives_take_theirs_from_that(monkeypatch):
    calls = []
    read = stages.mentions_in
    monkeypatch.setattr(stages, "mentions_in", lambda text: calls.append(text) or read(text))
    monkeypatch.setattr(directives, "mentions_in", lambda *a, **kw: pytest.fail("themes read again for directives"))
    ex = extract(make_doc(TEXT))
    assert len(calls) == 1
    assert [d.themes for d in ex.directives if d.themes] == [("枫桥经验",)]
