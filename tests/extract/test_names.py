"""Known names found in a sentence as the old regular-expression alternation found them."""
from __future__ import annotations

from kgraph.extract.names import Names

# seeds/seed004.txt
ATTENDANCE = "区委书记宛小林,市局党委委员、政治部主任陶丛林,区委副书记、政法委书记陈罡出席会议。"


def test_names_are_found_left_to_right_without_overlap_the_longest_first():
    names = Names.of(["陶丛林", "陈罡", "宛小林", "陶丛", ""])
    assert [(f.name, f.start) for f in names.find_all(ATTENDANCE)] == [("宛小林", 4), ("陶丛林", 20), ("陈罡", 35)]
    assert [f.name for f in names.find_all(ATTENDANCE, 5, 37)] == ["陶丛林", "陈罡"]
    assert names.at(ATTENDANCE, 20) == "陶丛林" and names.at(ATTENDANCE, 21) is None


def test_no_names_find_nothing():
    assert not Names.of([]) and Names.of([]).find_all(ATTENDANCE) == []
