"""Dates as Chinese reports write them: one grammar for datelines and meeting sentences.

A dateline gives a whole date (2024年11月25日, 2023-03-23 09:15, 28.09.2014, 二〇二三年二月十日).
A meeting's sentence usually gives less: a month and day (3月17日), a day alone (22日在上海召开,
dated by the news line's month), a range (11月23日至25日: the first day), or a month and day
whose 月 was lost in publishing (54日 for 5月4日, 1223日 for 12月23日). ``in_sentence`` finds
those; ``complete`` fills in what a sentence leaves out from the report's own anchors, nearest
first, and never from outside knowledge.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from . import rules

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "元": 1, "两": 2}
_CN = "〇○零一二三四五六七八九十"
CN_DATE = re.compile(rf"([{_CN}\d]{{4}})\s*年\s*([元{_CN}\d]{{1,3}})\s*月\s*([{_CN}\d]{{1,3}})\s*[日号]")
NUM_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?")
# day first with dots, as some sites print it: 28.09.2014  17:53 (a dotted date is never month first)
DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")
TIME = re.compile(r"\s*(?:[上下]午)?\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*(?:\d{1,2}\s*秒?)?)?")


def cn_number(s: str) -> int:
    """一 -> 1, 十 -> 10, 十一 -> 11, 二十 -> 20, 三十一 -> 31, 两 -> 2; digits pass through."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (cn_number(tens) if tens else 1) * 10 + (cn_number(ones) if ones else 0)
    return int("".join(str(_CN_DIGITS.get(c, c)) for c in s))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 二月三十日, 2023-13-01
        return None


def parse_chinese_date(s: str) -> dt.date | None:
    """The first 年月日 date in ``s``, in Chinese numerals (二〇二三年二月十日) or digits."""
    match = CN_DATE.search(s)
    if match is None:
        return None
    return safe_date(*(cn_number(part) for part in match.groups()))


def find_full_date(line: str) -> tuple[dt.date, int, int] | None:
    """A whole date (year, month, day) in a line, with its start and its end past any time of day."""
    match = NUM_DATE.search(line)
    date = safe_date(*map(int, match.groups())) if match else None
    if date is None:
        match = CN_DATE.search(line)
        date = parse_chinese_date(match.group()) if match else None
    if date is None:
        match = DOTTED_DATE.search(line)
        date = safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1))) if match else None
    if date is None or match is None:
        return None
    time = TIME.match(line, match.end())
    return date, match.start(), (time or match).end()


@dataclass(frozen=True)
class Partial:
    """A date as a sentence writes it: any of year and month may be missing, never the day."""

    year: int | None
    month: int | None
    day: int
    start: int
    end: int
    text: str
    glued: str | None = None  # the digits of a month and day whose 月 was lost (54日, 1223日)


@cache
def _sentence_date() -> re.Pattern[str]:
    num = rf"[\d{_CN}]"
    day_end = "[日号]"
    # a range's second day (至25日, -25日) is read past, never as a date of its own
    range_tail = rf"(?:\s*(?:{rules.alt('dates', 'range_words')})\s*(?:{num}{{1,3}}月)?{num}{{1,3}}{day_end})?"
    return re.compile(
        # 元月 is January (and 3000元|月 never a month: no digit before it)
        rf"(?:(?P<y>(?:19|20)\d\d|[{_CN}]{{4}})\s*年(?!度))?\s*(?P<m>{num}{{1,3}}|(?<![\d{_CN}])元)\s*月\s*"
        rf"(?P<d>{num}{{1,3}})\s*{day_end}{range_tail}"
        # a day alone, or a month and day glued (54日): never 近5日, 30日内, 第2日
        rf"|(?<![\d{_CN}月年./\-:：]){rules.not_after('dates', 'day_count_before')}(?P<g>\d{{1,4}})日"
        rf"(?!{rules.alt('dates', 'day_count_after')})(?:{range_tail})?"
    )


@cache
def _relative() -> tuple[re.Pattern[str], dict[str, int]]:
    days = {word: int(n) for word, n in rules.table("dates", "relative_days").items()}
    return re.compile("|".join(re.escape(w) for w in sorted(days, key=len, reverse=True))), days


def relative_day(text: str, issued: dt.date) -> tuple[dt.date, str] | None:
    """The day a relative word of ``text`` names, counted from the report's date (昨天 -> the day
    before), with the word."""
    pattern, days = _relative()
    m = pattern.search(text)
    return (issued + dt.timedelta(days=days[m.group()]), m.group()) if m else None


def in_sentence(text: str) -> list[Partial]:
    """Every date a sentence writes, whole or partial, in order."""
    out = []
    for m in _sentence_date().finditer(text):
        try:
            if m.group("g") is not None:
                digits = m.group("g")
                if digits.startswith("0") or len(digits) > 4:
                    continue
                if int(digits) <= 31 and len(digits) <= 2:
                    out.append(Partial(None, None, int(digits), m.start(), m.end(), m.group()))
                else:
                    out.append(Partial(None, None, 0, m.start(), m.end(), m.group(), glued=digits))
                continue
            year = cn_number(m.group("y")) if m.group("y") else None
            month, day = cn_number(m.group("m")), cn_number(m.group("d"))
        except ValueError:
            continue
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(Partial(year, month, day, m.start(), m.end(), m.group()))
    return out


def _month_day_splits(digits: str) -> list[tuple[int, int]]:
    """54 -> [(5, 4)], 1223 -> [(12, 23)], 112 -> [(1, 12), (11, 2)]."""
    out = []
    for cut in (1, 2):
        month_digits, day_digits = digits[:cut], digits[cut:]
        if not day_digits or len(day_digits) > 2 or month_digits.startswith("0"):
            continue
        month, day = int(month_digits), int(day_digits)
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append((month, day))
    return out


def complete(part: Partial, anchors: list[dt.date], year_hint: int | None = None) -> dt.date | None:
    """A sentence's date made whole from the report's anchors (news line first, then dateline).

    A day alone takes the nearest anchor's month, the month before when the day lies after the
    anchor's day (a report dated the 2nd tells of the 30th); a month and day take the anchor's year,
    the year before when the month lies well after the anchor's (a January report of December).
    ``year_hint`` (a year the report states elsewhere) serves when there is no anchor.
    """
    anchor = anchors[0] if anchors else None
    if part.glued is not None:
        splits = _month_day_splits(part.glued)
        if not splits:
            return None
        if anchor is None:
            month, day = splits[0]
        else:  # the split that lies closest before the anchor
            month, day = min(splits, key=lambda md: _distance(md, anchor))
        return complete(Partial(None, month, day, part.start, part.end, part.text), anchors, year_hint)
    if part.year is not None and part.month is not None:
        return safe_date(part.year, part.month, part.day)
    if part.month is None:
        if anchor is None:
            return None
        month, year = anchor.month, anchor.year
        if part.day > anchor.day + 1:
            month, year = (month - 1, year) if month > 1 else (12, year - 1)
        return safe_date(year, month, part.day)
    if anchor is not None:
        year = anchor.year - (1 if part.month > anchor.month + 1 else 0)
    elif year_hint is not None:
        year = year_hint
    else:
        return None
    return safe_date(year, part.month, part.day)


def _distance(month_day: tuple[int, int], anchor: dt.date) -> int:
    """Days from a month and day back to the anchor (within a year), for choosing a glued split."""
    month, day = month_day
    for year in (anchor.year, anchor.year - 1):
        date = safe_date(year, month, day)
        if date is not None and date <= anchor + dt.timedelta(days=1):
            return (anchor - date).days
    return 10**6
