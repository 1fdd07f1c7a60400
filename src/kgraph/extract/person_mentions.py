"""The ways a report introduces a person: each a mention with the posts written with it.

Reports introduce officials by title chains (副省长，公安厅党委书记、厅长张强), group labels
(厅领导李华、孙涛…), lists closed by who they are (某某、某某等县领导) or, later, by name and
title (赵刚政委, 某某同志). A name found by its shape alone needs a known surname.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

from .. import lexicon, places, rules
from .name_shape import (JOINED_MAX, NAME_JOINERS, common_words, followers, is_common, is_joined, joinable,
                         looks_like_name, name_end, plain_name, surnames, title_qualifier, titles,
                         weak_titles)
from .posts import SEPARATORS, post_chain


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int
    posts: tuple[tuple[str, str, int, int], ...]  # (label, title, start, end)
    how: str  # title | group | list | name-title | comrade


@cache
def _list_before_group() -> re.Pattern[str]:
    """某某、某某、某某等县领导: a list of bare names closed by 等 and who they are."""
    item = rf"(?:[\u4e00-\u9fff]{{2,8}}|[\u4e00-\u9fff{NAME_JOINERS}]{{3,{JOINED_MAX}}})"
    return re.compile(rf"(?:^|(?<=[，,。；;：:\s]))(?P<list>(?:{item}、){{1,20}}{item})"
                      rf"(?:{rules.alt('people', 'list_closers')})(?:{lexicon.alternation('group_labels.txt')}"
                      rf"|{rules.alt('people', 'group_nouns')})")


def _listed_before_group(text: str) -> list[Mention]:
    """The items of such a list when every one is a name (a known surname opens it, no word is it)."""
    out = []
    for m in _list_before_group().finditer(text):
        items, pos = m.group("list").split("、"), m.start("list")
        if all(looks_like_name(item) and (item[0] in surnames() or item[:2] in surnames() or is_joined(item))
               for item in items):
            for item in items:
                out.append(Mention(item, pos, pos + len(item), (), "group"))
                pos += len(item) + 1
    return out


@cache
def _group_labels() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('group_labels.txt')})(?:{rules.alt('people', 'honorifics')})?")


def _title_mentions(text: str, floor_of: Callable[[int], int]) -> list[Mention]:
    out: list[Mention] = []
    for m in titles().finditer(text):
        floor = floor_of(m.start())
        # a chain of posts stops at the name before it in the same sentence
        after_name = bool(out) and floor <= out[-1].end <= m.start()
        floor = out[-1].end if after_name else floor
        qualifier = title_qualifier().match(text, m.end())
        start = qualifier.end() if qualifier else m.end()  # 副局长（主持工作）某某: how the post is held
        end = name_end(text, start)
        if end is None:
            continue
        name = text[start:end]
        if not looks_like_name(name) and not _place_named_person(text, name, end) \
                and not followers().match(text, start):  # 局长和文，: name_end has read the surname 和
            continue
        if m.group() in weak_titles() and not plain_name(name):
            continue
        if _straddles_word(text, start, end):
            continue  # 辖区|长治久安: the title's last character opens a word, no name follows
        chain = tuple(post_chain(text, m.end(), floor, after_name))
        out.append(Mention(name, start, end, chain, "title"))
        # 领导小组副组长林峰、王明、胡勇: a title before a list is each one's post
        out.extend(Mention(c.name, c.start, c.end, chain, c.how) for c in _list_continuation(text, end))
    return out


def _place_named_person(text: str, name: str, end: int) -> bool:
    """政法委书记延安出席会议, 副主任长春一行: a person whose name is a place's, between a title
    and a role verb, 同志 or 一行, and surnamed like a person."""
    freq, tags = common_words()
    if len(name) != 2 or name[0] not in surnames() or tags.get(name, "")[:2] not in ("ns", "nz"):
        return False
    return bool(_cues_after().match(text, end))


@cache
def _cues_after() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in sorted(lexicon.mapping("role_cues.tsv"), key=len, reverse=True))
    return re.compile(rf"(?:{rules.alt('people', 'honorifics')}|{rules.alt('people', 'party_words')})?(?:{cues})"
                      rf"|{rules.alt('people', 'party_words')}")


def _straddles_word(text: str, start: int, end: int) -> bool:
    """A common word (not a name) made of the title's last character and the name's start."""
    freq, tags = common_words()
    return any(is_common(text[start - 1:k], freq, tags) for k in range(start + 2, end + 1))


def _list_continuation(text: str, pos: int) -> list[Mention]:
    """Names listed after a first one: 市领导马林、高山 / 副市长张三、李四."""
    out = []
    while pos < len(text) and text[pos] == "、":
        start = pos + 1
        end = name_end(text, start)
        nxt = text.find("、", start, start + 7)
        if end is None and nxt - start >= 5 and not set(text[start:nxt]) & set(lexicon.words("org_final_chars.txt")):
            end = nxt  # 扎西多吉次仁、…: a long (Tibetan) name between list marks; 政法办成员 is a body
        if end is None or end - start > (JOINED_MAX if is_joined(text[start:end]) else 6):
            break
        name = text[start:end]
        title = titles().match(text, end)
        if title and name_end(text, title.end()) is not None:
            break  # 院长某某、区检察院检察长某某: an organization opening the next person's post, no listed name
        # between two list marks and opened by a surname, a name needs no more (南通达: 南通 is a word)
        bounded = (text.startswith("、", end) or text.startswith(rules.words("people", "list_closers"), end)) \
            and name[0] in surnames()
        if not looks_like_name(name, strict=end - start <= 4 and not is_joined(name) and not bounded):
            break
        out.append(Mention(name, start, end, (), "list"))
        honorific = next((h for h in rules.words("people", "honorifics") if text.startswith(h, end)), "")
        pos = end + len(honorific)
    return out


@cache
def _body_leaders() -> re.Pattern[str]:
    """兵团领导, 自治区、军区领导: a body's leaders, the body read only by its last character."""
    ends = "".join(re.escape(c) for c in rules.words("people", "leader_body_ends"))
    return re.compile(rf"(?<=[{ends}])(?:{rules.alt('people', 'leader_nouns')})")


@cache
def _label_intro() -> re.Pattern[str]:
    # the words that open a list of people for the roles stage open the names after a group label too
    return re.compile(f"(?:{rules.alt('roles', 'list_intros')})?[：:]?")


def _group_mentions(text: str) -> list[Mention]:
    out = []
    seen: set[int] = set()
    labelled = [(m, False) for m in _group_labels().finditer(text)]
    for m, generic in labelled + [(m, True) for m in _body_leaders().finditer(text)]:
        start = m.end()
        intro = _label_intro().match(text, start)
        after = name_end(text, intro.end()) if intro.end() > start else None
        if after is not None and looks_like_name(text[intro.end():after]):
            start = intro.end()  # 县领导有：某某 — the names come after the word that introduces them
            end = after
        else:
            end = name_end(text, start)
        if start in seen:
            continue
        if end is None:
            continue
        name = text[start:end]
        # after a label read by its shape alone, the name must look like one by itself
        if looks_like_name(name, strict=generic) or (generic and is_joined(name) and looks_like_name(name)):
            seen.add(start)
            out.append(Mention(name, start, end, (), "group"))
            out.extend(_list_continuation(text, end))
    return out


@cache
def _shape_pattern() -> re.Pattern[str]:
    # 会议由某某政委主持: a name before its title, after a separator or the word that introduces an agent
    return re.compile(rf"(?:^|(?<=[{re.escape(SEPARATORS)}。；：:\n\s])|{_agent_words()})([\u4e00-\u9fff]{{2,4}}?)"
                      rf"(?P<title>{rules.alt('people', 'honorifics')}|{lexicon.alternation('titles.txt')})")


@cache
def _title_set() -> frozenset[str]:
    return frozenset(lexicon.words("titles.txt"))


def _agent_words() -> str:
    return "|".join(f"(?<={re.escape(w)})" for w in lexicon.words("name_introducers.txt"))


@cache
def _comrade_pattern() -> re.Pattern[str]:
    """某某同志 after any word (头道派出所新警某某同志): a surname starts the name."""
    return re.compile(rf"([\u4e00-\u9fff]{{2,4}})(?:{rules.alt('people', 'honorifics')})")


@cache
def _headline_pattern() -> re.Pattern[str]:
    """A headline's 某某等出席 / 某某讲话: a name before a role cue, at the start or after a space."""
    cues = "|".join(re.escape(c) for c in sorted(lexicon.mapping("role_cues.tsv"), key=len, reverse=True))
    joiners = rules.alt("people", "headline_joiners")
    return re.compile(rf"(?:^|(?<=[\s{re.escape(SEPARATORS)}]))([\u4e00-\u9fff]{{2,4}}?)(?=(?:{joiners})?(?:{cues}))")


def _headlines(text: str, within: int = 600, longest: int = 40) -> list[tuple[int, int]]:
    """The short lines at the top of a report that are headlines, not sentences."""
    out, pos = [], 0
    for line in text[:within].split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= longest and "。" not in stripped:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _shape_mentions(text: str, known: set[str], headlines: list[tuple[int, int]]) -> list[Mention]:
    """Names found by shape alone, only with a known surname.

    某某同志 / 某某部长 after a separator (the title after the name is a post: 会议由某某政委主持),
    某某同志 after any word, and in a headline line 某某等出席 / 某某讲话.
    """
    out = []
    found = [(m, m.group("title")) for m in _shape_pattern().finditer(text)]
    found += [(m, None) for m in _comrade_pattern().finditer(text)]
    found += [(m, None) for start, end in headlines for m in _headline_pattern().finditer(text, start, end)]
    for m, title in found:
        name = m.group(1)
        if m.re is _comrade_pattern():  # 新警某某同志: the surname starts a character or two later
            name = next((name[k:] for k in range(len(name) - 1) if looks_like_name(name[k:], strict=True)
                         and (len(name) - k < 4 or name[k:k + 2] in surnames())), name[-2:])
        if name in known or not looks_like_name(name, strict=True) or places.lookup(name) is not None:
            continue
        if len(name) == 4 and m.re is not _headline_pattern() and name[:2] not in surnames():
            continue  # four characters by shape alone: only a compound surname's name (欧阳某某)
        headline = m.re is _headline_pattern()  # 向某等出席: the line names who took part
        if followers().match(name) and ((len(name) < 3 and not headline) or joinable(name[1:])):
            continue  # 某某向老同志通报, 向大会致辞: found by shape alone, 向 or 和 before a word is no surname
        start = m.start(1) + m.group(1).find(name)
        if title is None and not _stands_alone(text, start, start + len(name), known):
            continue
        # a title right after a one-character "name" fragment is a post, not a person (市局局长)
        if any(name.endswith(suffix) for suffix in lexicon.words("org_suffixes.txt")) \
                or name[-1] in lexicon.words("org_final_chars.txt"):
            continue
        if title and any(name[-k:] + title in _title_set() for k in (1, 2) if k < len(name)):
            continue  # 满|大队长, 王|副局长: a surname and a longer title, the way a report names someone again
        posts = ((title, title, m.start("title"), m.end("title")),) if title and title not in rules.words("people", "honorifics") else ()
        out.append(Mention(name, start, start + len(name), posts, "name-title"))
        known = known | {name}
    return out


def _stands_alone(text: str, start: int, end: int, known: set[str]) -> bool:
    """A name read by shape is no part of a word or a name beside it: not 中|央领导, 叶文|玉向老|同志."""
    freq, tags = common_words()
    if start > 0 and is_common(text[start - 1:start + 1], freq, tags):
        return False
    if is_common(text[end - 1:end + 2], freq, tags):  # 老同志, 女同志
        return False
    return not any(text.find(n, max(0, start - len(n) + 1), end + len(n) - 1) >= 0 for n in known)


def find_mentions(text: str, floor_of: Callable[[int], int]) -> tuple[list[Mention], set[str]]:
    """Every mention of a person, and the names they give: a name read inside a longer one is the longer.

    ``floor_of`` gives where the sentence of an offset starts: a chain of titles stops there.
    """
    mentions = _title_mentions(text, floor_of) + _group_mentions(text) + _listed_before_group(text)
    known = {m.name for m in mentions}
    # a name read inside a longer known name is the longer one (刘明 in 刘明达)
    names = {n for n in known if not any(n != o and o.startswith(n) for o in known)}
    shaped = [m for m in _shape_mentions(text, known, _headlines(text))
              if not any(m.name.startswith(n) or n.startswith(m.name) for n in names)]
    mentions += shaped
    names |= {m.name for m in shaped}
    return mentions, names
