"""Text for a terminal: widths in display columns, where a CJK character takes two.

wcwidth is imported where a width is measured, not at the top: it takes about 50 ms to
import, and ``kgraph --help`` should not pay that for a table it never draws.
"""
from __future__ import annotations


def width(text: str) -> int:
    """Display width in terminal columns; a character wcwidth cannot measure (a control) counts 0.

    >>> width("公安局 3")
    8
    """
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 0) for ch in text)


def clip(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` columns, else cut to ``limit - 1`` and an ellipsis.

    >>> clip("全省公安局长会议", 9)
    '全省公安…'
    """
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def fit(text: str, columns: int) -> str:
    """``text`` clipped and padded to exactly ``columns`` columns, so table cells line up.

    >>> fit("张月波", 8) + "|", fit("全省公安局长会议", 10) + "|"
    ('张月波  |', '全省公安… |')
    """
    clipped = clip(text, columns)
    return clipped + " " * (columns - width(clipped))
