"""Terminal columns: CJK characters take two, every fitted cell is exactly as wide as asked."""
from __future__ import annotations

import doctest

import pytest

from kgraph import terminal
from kgraph.terminal import clip, fit, width


def test_the_examples_in_the_docstrings_hold():
    found = doctest.testmod(terminal)
    assert found.attempted > 0 and found.failed == 0


def test_widths_count_cjk_as_two_and_controls_as_nothing():
    assert (width(""), width("abc"), width("公安局"), width("厅长 A"), width("a\x1bb")) == (0, 3, 6, 6, 2)


@pytest.mark.parametrize("text", ["", "rank", "张月波", "下陆公安分局党委书记；副区长", "T1 两个维护 x", "a\x1b[31mred"])
@pytest.mark.parametrize("columns", [1, 2, 3, 7, 8, 28])
def test_a_fitted_cell_is_exactly_as_wide_as_asked(text, columns):
    cell = fit(text, columns)
    assert width(cell) == columns
    assert cell.rstrip(" ") == text.rstrip(" ") or cell.rstrip(" ").endswith("…")


def test_a_cut_never_splits_a_wide_character_past_the_limit():
    assert clip("全省公安局长会议", 8) == "全省公…"  # 公安 would take the ellipsis's column
    assert fit("下陆公安分局党委书记；副区长", 28) == "下陆公安分局党委书记；副区长"  # 28 columns: fits
    assert fit("下陆公安分局党委书记；副区长兼", 28) == "下陆公安分局党委书记；副区… "  # 26 + 1, padded
