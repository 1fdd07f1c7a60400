"""Persons and the posts they hold.

Reports introduce officials by title chains (副省长，公安厅党委书记、厅长张强),
group labels (厅领导李华、孙涛…) or, later, by name and title (赵刚政委).
A name is read from where it stands, between a title and the word after it,
rather than from a tagger's guess: jieba glues names to verbs (刘明达到 ->
刘明/达到) and splits names that are words (赵建设: 赵/建设), while the title before a
name and the verb after it are reliable anchors in this genre.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from typing import Sequence

from .. import lexicon, places, rules
from ..facts import Document, Person, Post, Sentence
from ..segment import pos_tokenizer, tokenizer, word_tags
from .work import Sentences

_SEPARATORS = "、，,"
_PUNCT = set("，、,；;：:。！？!?（）()《》〈〉“”\"'‘’「」『』【】[] \t\n\r\u3000…—-|/")
_NAME_JOINERS = "·•．・‧"
_WORD_FREQ = 50  # jieba's frequency from which a dictionary word is taken for a word (as in _is_common)
_JOINABLE_FREQ = 1000  # a word this frequent after 和/向 is what they join (大会, 工作), not a given name
_JOINED_MAX = 16  # a transliterated name of two or three parts joined by a dot
# jieba's tags of words that never open a name: prepositions, conjunctions, particles, adverbs,
# numerals, measure words, pronouns, localizers
_FUNCTION_TAGS = frozenset("pcudmqrf")


@cache
def _modifier() -> re.Pattern[str]:
    """分管某某工作的: a modifier inside a post, whose words never cut it."""
    return re.compile(rf"(?:{lexicon.alternation('post_modifiers.txt')})[^，、,。；]{{1,12}}?的$")


@dataclass(frozen=True)
class _Mention:
    name: str
    start: int
    end: int
    posts: tuple[tuple[str, str, int, int], ...]  # (label, title, start, end)
    how: str  # title | group | list | name-title | comrade


@cache
def _titles() -> re.Pattern[str]:
    # 常委会 and 委员会 are organizations, not the titles 常委 / 委员
    return re.compile(f"(?:{lexicon.alternation('titles.txt')})(?!{rules.alt('people', 'title_not_before')})")


@cache
def _title_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('titles.txt')})$")


@cache
def _followers() -> re.Pattern[str]:
    """A word that can follow a name: a cue word, a role verb or a title."""
    words = (set(lexicon.words("name_followers.txt")) | set(lexicon.words("titles.txt"))
             | set(lexicon.mapping("role_cues.tsv")))
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alt)


@cache
def _list_before_group() -> re.Pattern[str]:
    """某某、某某、某某等县领导: a list of bare names closed by 等 and who they are."""
    item = rf"(?:[\u4e00-\u9fff]{{2,8}}|[\u4e00-\u9fff{_NAME_JOINERS}]{{3,{_JOINED_MAX}}})"
    return re.compile(rf"(?:^|(?<=[，,。；;：:\s]))(?P<list>(?:{item}、){{1,20}}{item})"
                      rf"(?:{rules.alt('people', 'list_closers')})(?:{lexicon.alternation('group_labels.txt')}"
                      rf"|{rules.alt('people', 'group_nouns')})")


def _listed_before_group(text: str) -> list[_Mention]:
    """The items of such a list when every one is a name (a known surname opens it, no word is it)."""
    out = []
    for m in _list_before_group().finditer(text):
        items, pos = m.group("list").split("、"), m.start("list")
        if all(looks_like_name(item) and (item[0] in _surnames() or item[:2] in _surnames() or _joined(item))
               for item in items):
            for item in items:
                out.append(_Mention(item, pos, pos + len(item), (), "group"))
                pos += len(item) + 1
    return out


@cache
def _meeting_heads() -> tuple[str, ...]:
    """The kinds of meeting of two or more characters (恳谈会, 推进会), which no name ends with."""
    return tuple(w for w in lexicon.words("meeting_suffixes.txt") if len(w) >= 2)


def _joined(name: str) -> bool:
    """A transliterated name (parts joined by a dot) has no Chinese surname to recognize it by."""
    return any(c in _NAME_JOINERS for c in name)


@cache
def _group_labels() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation('group_labels.txt')})(?:{rules.alt('people', 'honorifics')})?")


@cache
def _surnames() -> frozenset[str]:
    return frozenset(lexicon.words("surnames.txt"))


@cache
def _common_words() -> tuple[dict[str, int], dict[str, str]]:
    return tokenizer().FREQ, word_tags()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def looks_like_name(cand: str, strict: bool = False) -> bool:
    """A plausible personal name: Chinese characters, not a common word, not a title.

    ``strict`` (for names found by shape alone) also wants a known surname.
    """
    if not all(_is_cjk(c) or c in _NAME_JOINERS for c in cand):
        return False
    if any(c in _NAME_JOINERS for c in cand):  # a transliterated name: 吾买尔·买买提 (parts of 1-7)
        parts = re.split(f"[{_NAME_JOINERS}]", cand)
        if not 2 <= len(parts) <= 3 or not all(1 <= len(part) <= 7 for part in parts) or len(cand) > _JOINED_MAX:
            return False
    elif not 2 <= len(cand) <= 8:
        return False
    if _titles().search(cand) or cand in lexicon.words("group_labels.txt"):
        return False
    if cand.endswith(_meeting_heads()):
        return False  # 厅局长|恳谈会: a meeting's kind after a title, not a name
    if _joined(cand):
        return True  # no Chinese surname, and its syllables are not words: the shape is the evidence
    freq, tags = _common_words()
    if _is_common(cand, freq, tags):
        return False
    follower = _followers().match(cand)
    if follower and not (len(follower.group()) == 1 and cand[0] in _surnames()):  # 向|平: the surname 向
        return False
    if cand.endswith(rules.words("people", "unfinished_titles")):
        return False
    if len(cand) >= 4 and cand[:2] not in _surnames() and _is_word_compound(cand, freq, tags):
        return False  # 班子成员, 会议现场: two common words, not a name
    surname = cand[0] in _surnames() or cand[:2] in _surnames()  # 第五, 欧阳: a compound surname
    if not surname and tags.get(cand[0], "")[:1] in _FUNCTION_TAGS | {"k"}:
        return False  # 所长|们纷纷: a suffix or particle never opens a name
    if len(cand) <= 3 and cand[:2] not in _surnames() and tags.get(cand[:2], "")[:1] in _FUNCTION_TAGS \
            and _is_common(cand[:2], freq, tags):
        return False  # 部长|十年间, 总书记|系列重(要讲话), 总书记|关于党(的建设): a function word opens it
    if not surname and len(cand) == 3 and _is_common(cand[1:], freq, tags):
        return False  # 总书记|学历史: no surname opens it and a common word ends it
    if strict:
        if cand[0] not in _surnames() and cand[:2] not in _surnames():
            return False
        if cand[:2] not in _surnames() and _is_common(cand[:2], freq, tags):  # 区委副|书记, 常务副|局长
            return False
    return True


def _is_common(word: str, freq: dict[str, int], tags: dict[str, str]) -> bool:
    return freq.get(word, 0) >= 50 and not tags.get(word, "").startswith("nr")


def _is_word_compound(cand: str, freq: dict[str, int], tags: dict[str, str]) -> bool:
    half = len(cand) // 2
    return _is_common(cand[:half], freq, tags) and _is_common(cand[half:], freq, tags)


def name_end(text: str, start: int, max_len: int = 4) -> int | None:
    """Where a name starting at ``start`` ends: the first place a follower word, a title or punctuation begins."""
    if start >= len(text) or not _is_cjk(text[start]):
        return None
    opening = _followers().match(text, start)
    if opening:
        return _surname_like_a_conjunction(text, start, opening.group(), max_len)
    joined = any(c in _NAME_JOINERS for c in text[start:start + _JOINED_MAX])
    limit = _JOINED_MAX if joined else max_len
    for length in range(2, limit + 1):
        i = start + length
        if i > len(text):
            return None
        ch = text[i - 1]
        if not (_is_cjk(ch) or ch in _NAME_JOINERS):
            return None
        # a name ends at punctuation, a follower word, or a digit (部长某某54日主持: a date glued on)
        if i == len(text) or text[i] in _PUNCT or text[i].isdigit():
            return i
        follower = _followers().match(text, i)
        if follower:
            if _ends_given_name(text, i) and length < limit:
                continue  # 局长某永和作报告: the conjunction is the name's last character
            later = _followers().match(text, i + 1) if follower.end() - i > 1 else None
            if later and later.end() > follower.end() and length < limit:
                continue  # 某某曼提|出席: 提出 overlaps and stops short of 出席, so 提 ends the name
            return i
    return _tagged_name_end(text, start)


def _surname_like_a_conjunction(text: str, start: int, word: str, max_len: int) -> int | None:
    """局长和志强出席: the surname 和, not the conjunction, when a name-shaped given name and then a
    follower come after it (局长和市长出席 joins two titles: 和市长 is no name)."""
    if len(word) != 1 or word not in _surnames():
        return None
    freq, tags = _common_words()
    one = start + 2  # 向平出席: a given name of one character

    def ends(k: int) -> bool:  # a name may end here: the text's end, punctuation, a digit or a follower
        return k == len(text) or text[k] in _PUNCT or text[k].isdigit() or _followers().match(text, k) is not None

    def one_char_given() -> bool:  # not 和工|作 (工作) nor 向老|同志 (老同志): words, not a name and a follower
        if not (one < len(text) and _is_cjk(text[start + 1]) and ends(one)):
            return False
        follower = _followers().match(text, one)
        return not _is_common(text[start + 1:start + 3], freq, tags) \
            and not (follower and freq.get(text[start + 1:follower.end()], 0) >= _WORD_FREQ)

    given_end = one if one_char_given() else name_end(text, start + 1, max_len - 1)
    if given_end is None or not 1 <= given_end - start - 1 <= 2 or not ends(given_end):
        return None
    return given_end if _joinable(text[start + 1:given_end]) is False else None


def _joinable(given: str) -> bool:
    """Whether what follows 和/向 is what they would join or address: a title (和市长), a body, or a
    frequent noun (向大会, 和工作人员); a frequent verb (和建成要求) is no conjunct of a title."""
    freq, tags = _common_words()
    nominal = tags.get(given, "")[:1] in ("n", "r", "m", "q") or tags.get(given, "") == "vn"
    return bool(_titles().search(given) or given in lexicon.words("group_labels.txt")
                or (len(given) > 1 and _is_common(given, freq, tags) and freq.get(given, 0) >= _JOINABLE_FREQ
                    and nominal))


def _ends_given_name(text: str, i: int) -> bool:
    """A conjunction at ``i`` that joins nothing: a verb or punctuation follows it, so it ends a name."""
    if text[i] not in lexicon.words("name_conjunctions.txt"):
        return False
    after = i + 1
    if after == len(text) or text[after] in _PUNCT:
        return True
    follower = _followers().match(text, after)
    return bool(follower) and not _titles().match(text, after)  # 某某和市长…: two people


@cache
def _weak_titles() -> frozenset[str]:
    return frozenset(lexicon.words("titles_weak.txt"))


def _plain_name(name: str) -> bool:
    """A name after a weak title: a known surname and no dictionary word other than a name
    (民警|荣获 is not a person; 民警|张志刚 is, though jieba's dictionary holds it, tagged nr)."""
    if _joined(name):
        return looks_like_name(name)
    freq, tags = _common_words()
    if freq.get(name) and not tags.get(name, "").startswith("nr"):
        return False
    # 民警|荣获表彰: jieba's dictionary tags 荣获 nr, but 表彰 in it is an ordinary word
    # (王|建设 is a surname and a given name that is also a word)
    words = tokenizer().lcut(name)
    if len(words) > 1 and words[0] in _surnames():
        words = []
    return looks_like_name(name, strict=True) and not any(len(w) >= 2 and _is_common(w, freq, tags) for w in words)


def _tagged_name_end(text: str, start: int) -> int | None:
    """No known word after the name: let jieba's tagger say where a personal name ends."""
    words = pos_tokenizer().lcut(text[start:start + 8])
    freq, _ = _common_words()
    if words and words[0].flag.startswith("nr") and 2 <= len(words[0].word) <= 4 and not freq.get(words[0].word):
        return start + len(words[0].word)  # a dictionary word tagged nr (荣获) is not a name here
    return None


def _trim_left(seg: str) -> tuple[str, bool]:
    """Cut a post's text at the last word that cannot belong to an organization name."""
    title = _title_at_end().search(seg)
    body_end = title.start() if title else len(seg)
    modifier = _modifier().search(seg[:body_end])
    protect = modifier.start() if modifier else body_end
    cut = -1
    for stop in lexicon.words("post_left_stops.txt"):
        k = seg.rfind(stop, 0, protect)
        while k >= 0 and places.starts_at(seg, k):  # …大队、和田地区公安局民警: a place, not 和
            k = seg.rfind(stop, 0, k)
        if k >= 0:
            cut = max(cut, k + len(stop))
    if cut > 0:
        return seg[cut:], True
    return seg, False


def post_chain(text: str, name_start: int, floor: int) -> list[tuple[str, str, int, int]]:
    """The titles written before a name, leftwards to the start of the chain.

    Each title between separators is its own post: 副省长，公安厅党委书记、厅长张强
    gives 副省长, 公安厅党委书记, 厅长.
    """
    posts: list[tuple[str, str, int, int]] = []
    end = name_start
    while end > floor:
        k = max(text.rfind(sep, floor, end) for sep in _SEPARATORS + "。；;：:\n（(")
        seg_start = max(k + 1, floor)
        seg = text[seg_start:end].strip()
        seg_start = end - len(seg)
        title = _title_at_end().search(seg)
        if not seg or not title:
            break
        label, trimmed = _trim_left(seg)
        for own in lexicon.words("own_place_words.txt"):
            label = label.removeprefix(own)
        if not label or len(label) > 30:
            break
        posts.insert(0, (label, title.group(), end - len(label), end))
        if trimmed or k < floor or text[k] not in _SEPARATORS:
            break
        end = k
    return posts


def _title_mentions(text: str, floor_of) -> list[_Mention]:
    out = []
    for m in _titles().finditer(text):
        start = m.end()
        end = name_end(text, start)
        if end is None:
            continue
        name = text[start:end]
        if not looks_like_name(name) and not _place_named_person(text, name, end) \
                and not _followers().match(text, start):  # 局长和文，: name_end has read the surname 和
            continue
        if m.group() in _weak_titles() and not _plain_name(name):
            continue
        if _straddles_word(text, start, end):
            continue  # 辖区|长治久安: the title's last character opens a word, no name follows
        chain = tuple(post_chain(text, start, floor_of(m.start())))
        out.append(_Mention(name, start, end, chain, "title"))
        # 领导小组副组长林峰、王明、胡勇: a title before a list is each one's post
        out.extend(_Mention(c.name, c.start, c.end, chain, c.how) for c in _list_continuation(text, end))
    return out


def _place_named_person(text: str, name: str, end: int) -> bool:
    """政法委书记延安出席会议, 副主任长春一行: a person whose name is a place's, between a title
    and a role verb, 同志 or 一行, and surnamed like a person."""
    freq, tags = _common_words()
    if len(name) != 2 or name[0] not in _surnames() or tags.get(name, "")[:2] not in ("ns", "nz"):
        return False
    return bool(_cues_after().match(text, end))


@cache
def _cues_after() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in sorted(lexicon.mapping("role_cues.tsv"), key=len, reverse=True))
    return re.compile(rf"(?:{rules.alt('people', 'honorifics')}|{rules.alt('people', 'party_words')})?(?:{cues})"
                      rf"|{rules.alt('people', 'party_words')}")


def _straddles_word(text: str, start: int, end: int) -> bool:
    """A common word (not a name) made of the title's last character and the name's start."""
    freq, tags = _common_words()
    return any(_is_common(text[start - 1:k], freq, tags) for k in range(start + 2, end + 1))


def _list_continuation(text: str, pos: int) -> list[_Mention]:
    """Names listed after a first one: 市领导马林、高山 / 副市长张三、李四."""
    out = []
    while pos < len(text) and text[pos] == "、":
        start = pos + 1
        end = name_end(text, start)
        nxt = text.find("、", start, start + 7)
        if end is None and nxt - start >= 5 and not set(text[start:nxt]) & set(lexicon.words("org_final_chars.txt")):
            end = nxt  # 扎西多吉次仁、…: a long (Tibetan) name between list marks; 政法办成员 is a body
        if end is None or end - start > (_JOINED_MAX if _joined(text[start:end]) else 6):
            break
        name = text[start:end]
        # between two list marks and opened by a surname, a name needs no more (南通达: 南通 is a word)
        bounded = (text.startswith("、", end) or text.startswith(rules.words("people", "list_closers"), end)) \
            and name[0] in _surnames()
        if not looks_like_name(name, strict=end - start <= 4 and not _joined(name) and not bounded):
            break
        out.append(_Mention(name, start, end, (), "list"))
        honorific = next((h for h in rules.words("people", "honorifics") if text.startswith(h, end)), "")
        pos = end + len(honorific)
    return out


@cache
def _body_leaders() -> re.Pattern[str]:
    """兵团领导, 自治区、军区领导: a body's leaders, the body read only by its last character."""
    ends = "".join(re.escape(c) for c in rules.words("people", "leader_body_ends"))
    return re.compile(rf"(?<=[{ends}])(?:{rules.alt('people', 'leader_nouns')})")


def _group_mentions(text: str) -> list[_Mention]:
    out = []
    seen: set[int] = set()
    labelled = [(m, False) for m in _group_labels().finditer(text)]
    for m, generic in labelled + [(m, True) for m in _body_leaders().finditer(text)]:
        start = m.end()
        if start in seen:
            continue
        end = name_end(text, start)
        if end is None:
            continue
        name = text[start:end]
        # after a label read by its shape alone, the name must look like one by itself
        if looks_like_name(name, strict=generic) or (generic and _joined(name) and looks_like_name(name)):
            seen.add(start)
            out.append(_Mention(name, start, end, (), "group"))
            out.extend(_list_continuation(text, end))
    return out


@cache
def _shape_pattern() -> re.Pattern[str]:
    # 会议由某某政委主持: a name before its title, after a separator or the word that introduces an agent
    return re.compile(rf"(?:^|(?<=[{re.escape(_SEPARATORS)}。；：:\n\s])|{_agent_words()})([\u4e00-\u9fff]{{2,4}}?)"
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
    return re.compile(rf"(?:^|(?<=[\s{re.escape(_SEPARATORS)}]))([\u4e00-\u9fff]{{2,4}}?)(?=(?:{joiners})?(?:{cues}))")


def _headlines(text: str, within: int = 600, longest: int = 40) -> list[tuple[int, int]]:
    """The short lines at the top of a report that are headlines, not sentences."""
    out, pos = [], 0
    for line in text[:within].split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= longest and "。" not in stripped:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _shape_mentions(text: str, known: set[str], headlines: list[tuple[int, int]]) -> list[_Mention]:
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
                         and (len(name) - k < 4 or name[k:k + 2] in _surnames())), name[-2:])
        if name in known or not looks_like_name(name, strict=True) or places.lookup(name) is not None:
            continue
        if len(name) == 4 and m.re is not _headline_pattern() and name[:2] not in _surnames():
            continue  # four characters by shape alone: only a compound surname's name (欧阳某某)
        headline = m.re is _headline_pattern()  # 向某等出席: the line names who took part
        if _followers().match(name) and ((len(name) < 3 and not headline) or _joinable(name[1:])):
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
        out.append(_Mention(name, start, start + len(name), posts, "name-title"))
        known = known | {name}
    return out


def _stands_alone(text: str, start: int, end: int, known: set[str]) -> bool:
    """A name read by shape is no part of a word or a name beside it: not 中|央领导, 叶文|玉向老|同志."""
    freq, tags = _common_words()
    if start > 0 and _is_common(text[start - 1:start + 1], freq, tags):
        return False
    if _is_common(text[end - 1:end + 2], freq, tags):  # 老同志, 女同志
        return False
    return not any(text.find(n, max(0, start - len(n) + 1), end + len(n) - 1) >= 0 for n in known)


def extract_people(doc: Document, sents: Sequence[Sentence]) -> tuple[list[Person], list[Post]]:
    """Every person named in the document, with the posts the text gives them."""
    text = doc.text
    sents = Sentences.of(sents)

    def floor_of(pos: int) -> int:
        s = sents.containing(pos)
        return s.start if s else 0

    mentions = _title_mentions(text, floor_of) + _group_mentions(text) + _listed_before_group(text)
    known = {m.name for m in mentions}
    # a name read inside a longer known name is the longer one (刘明 in 刘明达)
    names = {n for n in known if not any(n != o and o.startswith(n) for o in known)}
    shaped = [m for m in _shape_mentions(text, known, _headlines(text))
              if not any(m.name.startswith(n) or n.startswith(m.name) for n in names)]
    mentions += shaped
    names |= {m.name for m in shaped}

    # 吾买尔 and later 吾买尔·买买提: a name written short is the full one it opens
    full = {n: f for n in names if (f := _full_form(text, n)) is not None}
    if full:
        mentions = [dataclasses.replace(m, name=full.get(m.name, m.name)) for m in mentions]
        names -= set(full)
    persons: list[Person] = []
    posts: list[Post] = []
    for name in sorted(names, key=lambda n: (text.find(n), n)):  # in the order the text first writes them
        first = text.find(name)
        persons.append(Person(name, sents.span(doc.doc_id, first, first + len(name))))
        seen_titles: set[str] = set()
        for m in sorted((m for m in mentions if m.name == name), key=lambda m: m.start):
            fresh = [p for p in m.posts if p[1] not in seen_titles]
            for label, title, s, e in fresh:  # 旗人民政府副旗长 later = 旗政府副旗长 first: one post
                posts.append(Post(name, label, title, span=sents.span(doc.doc_id, s, e)))
            seen_titles.update(p[1] for p in m.posts)
    return persons, posts


def _full_form(text: str, name: str) -> str | None:
    """The longer form of a name the text also writes (吾买尔 -> 吾买尔·买买提), if any."""
    for start in _occurrences(text, name):
        after = start + len(name)
        if after < len(text) and text[after] in _NAME_JOINERS:
            end = name_end(text, start)
            if end is not None and end > after + 1:
                return text[start:end]
    return None


def _occurrences(text: str, name: str) -> list[int]:
    found, i = [], text.find(name)
    while i >= 0:
        found.append(i)
        i = text.find(name, i + len(name))
    return found


def short_forms(persons: Sequence[Person], posts: Sequence[Post]) -> dict[str, str]:
    """Surname + title (伏副县长, 钟所长) for each person's posts: how a report names someone
    again after the full name. A short form two persons could share is left out, as is one
    that is someone's full name."""
    full = {p.name for p in persons}
    seen: dict[str, set[str]] = {}
    for post in posts:
        if post.person not in full or not post.title:
            continue
        surname = post.person[:2] if post.person[:2] in _surnames() and len(post.person) > 3 else post.person[0]
        seen.setdefault(surname + post.title, set()).add(post.person)
    return {form: next(iter(owners)) for form, owners in seen.items() if len(owners) == 1 and form not in full}
