"""What a personal name looks like, and where one written in running text ends.

A name is read from where it stands, between a title and the word after it, rather than
from a tagger's guess: jieba glues names to verbs (刘明达到 -> 刘明/达到) and splits names
that are words (赵建设: 赵/建设), while the title before a name and the verb after it are
reliable anchors in this genre. jieba's dictionary still says which stretches are common
words, and so no name.
"""
from __future__ import annotations

import re
from functools import cache

from .. import lexicon, rules
from ..segment import pos_tokenizer, tokenizer, word_tags

_PUNCT = set("，、,；;：:。！？!?（）()《》〈〉“”\"'‘’「」『』【】[] \t\n\r\u3000…—-|/")
NAME_JOINERS = "·•．・‧"
_WORD_FREQ = 50  # jieba's frequency from which a dictionary word is taken for a word (as in is_common)
_JOINABLE_FREQ = 1000  # a word this frequent after 和/向 is what they join (大会, 工作), not a given name
JOINED_MAX = 16  # a transliterated name of two or three parts joined by a dot
# jieba's tags of words that never open a name: prepositions, conjunctions, particles, adverbs,
# numerals, measure words, pronouns, localizers
_FUNCTION_TAGS = frozenset("pcudmqrf")


@cache
def titles() -> re.Pattern[str]:
    """A title of the lexicon, where it is one."""
    # 常委会 and 委员会 are organizations, not the titles 常委 / 委员
    return re.compile(f"(?:{lexicon.alternation('titles.txt')})(?!{rules.alt('people', 'title_not_before')})")


@cache
def title_qualifier() -> re.Pattern[str]:
    """A short note in brackets right after a title, before the name: （主持工作）, （正处级）, (兼)."""
    return re.compile(r"[（(][^（()）\n，,。、；;]{1,8}[)）]")


def qualifiers_after_titles(text: str) -> list[tuple[int, int]]:
    """Where such notes stand in a text: what they say is how a post is held, never an act (主持工作)."""
    if "（" not in text and "(" not in text:
        return []
    return [(q.start(), q.end()) for t in titles().finditer(text)
            if (q := title_qualifier().match(text, t.end()))]


@cache
def followers() -> re.Pattern[str]:
    """A word that can follow a name: a cue word, a role verb or a title."""
    words = (set(lexicon.words("name_followers.txt")) | set(lexicon.words("titles.txt"))
             | set(lexicon.mapping("role_cues.tsv")))
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alt)


@cache
def _meeting_heads() -> tuple[str, ...]:
    """The kinds of meeting of two or more characters (恳谈会, 推进会), which no name ends with."""
    return tuple(w for w in lexicon.words("meeting_suffixes.txt") if len(w) >= 2)


def is_joined(name: str) -> bool:
    """A transliterated name (parts joined by a dot) has no Chinese surname to recognize it by."""
    return any(c in NAME_JOINERS for c in name)


@cache
def surnames() -> frozenset[str]:
    """The surnames a name found by its shape must open with (compound ones included)."""
    return frozenset(lexicon.words("surnames.txt"))


@cache
def common_words() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and tags: what is a word of the language, and no name."""
    return tokenizer().FREQ, word_tags()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def looks_like_name(cand: str, strict: bool = False) -> bool:
    """A plausible personal name: Chinese characters, not a common word, not a title.

    ``strict`` (for names found by shape alone) also wants a known surname.
    """
    if not all(_is_cjk(c) or c in NAME_JOINERS for c in cand):
        return False
    if any(c in NAME_JOINERS for c in cand):  # a transliterated name: 吾买尔·买买提 (parts of 1-7)
        parts = re.split(f"[{NAME_JOINERS}]", cand)
        if not 2 <= len(parts) <= 3 or not all(1 <= len(part) <= 7 for part in parts) or len(cand) > JOINED_MAX:
            return False
    elif not 2 <= len(cand) <= 8:
        return False
    if titles().search(cand) or cand in lexicon.words("group_labels.txt"):
        return False
    if cand.endswith(_meeting_heads()):
        return False  # 厅局长|恳谈会: a meeting's kind after a title, not a name
    if is_joined(cand):
        return True  # no Chinese surname, and its syllables are not words: the shape is the evidence
    freq, tags = common_words()
    if is_common(cand, freq, tags):
        return False
    follower = followers().match(cand)
    if follower and not (len(follower.group()) == 1 and cand[0] in surnames()):  # 向|平: the surname 向
        return False
    if cand.endswith(rules.words("people", "unfinished_titles")):
        return False
    if len(cand) >= 4 and cand[:2] not in surnames() and _is_word_compound(cand, freq, tags):
        return False  # 班子成员, 会议现场: two common words, not a name
    surname = cand[0] in surnames() or cand[:2] in surnames()  # 第五, 欧阳: a compound surname
    if not surname and tags.get(cand[0], "")[:1] in _FUNCTION_TAGS | {"k"}:
        return False  # 所长|们纷纷: a suffix or particle never opens a name
    if len(cand) <= 3 and cand[:2] not in surnames() and tags.get(cand[:2], "")[:1] in _FUNCTION_TAGS \
            and is_common(cand[:2], freq, tags):
        return False  # 部长|十年间, 总书记|系列重(要讲话), 总书记|关于党(的建设): a function word opens it
    if not surname and len(cand) == 3 and is_common(cand[1:], freq, tags):
        return False  # 总书记|学历史: no surname opens it and a common word ends it
    if strict:
        if cand[0] not in surnames() and cand[:2] not in surnames():
            return False
        if cand[:2] not in surnames() and is_common(cand[:2], freq, tags):  # 区委副|书记, 常务副|局长
            return False
    return True


def is_common(word: str, freq: dict[str, int], tags: dict[str, str]) -> bool:
    """A frequent dictionary word that jieba does not tag as a personal name."""
    return freq.get(word, 0) >= 50 and not tags.get(word, "").startswith("nr")


def _is_word_compound(cand: str, freq: dict[str, int], tags: dict[str, str]) -> bool:
    half = len(cand) // 2
    return is_common(cand[:half], freq, tags) and is_common(cand[half:], freq, tags)


def name_end(text: str, start: int, max_len: int = 4) -> int | None:
    """Where a name starting at ``start`` ends: the first place a follower word, a title or punctuation begins."""
    if start >= len(text) or not _is_cjk(text[start]):
        return None
    opening = followers().match(text, start)
    if opening:
        return _surname_like_a_conjunction(text, start, opening.group(), max_len)
    joined = any(c in NAME_JOINERS for c in text[start:start + JOINED_MAX])
    limit = JOINED_MAX if joined else max_len
    for length in range(2, limit + 1):
        i = start + length
        if i > len(text):
            return None
        ch = text[i - 1]
        if not (_is_cjk(ch) or ch in NAME_JOINERS):
            return None
        # a name ends at punctuation, a follower word, or a digit (部长某某54日主持: a date glued on)
        if i == len(text) or text[i] in _PUNCT or text[i].isdigit():
            return i
        follower = followers().match(text, i)
        if follower:
            if _ends_given_name(text, i) and length < limit:
                continue  # 局长某永和作报告: the conjunction is the name's last character
            later = followers().match(text, i + 1) if follower.end() - i > 1 else None
            if later and later.end() > follower.end() and length < limit:
                continue  # 某某曼提|出席: 提出 overlaps and stops short of 出席, so 提 ends the name
            return i
    return _tagged_name_end(text, start)


def _surname_like_a_conjunction(text: str, start: int, word: str, max_len: int) -> int | None:
    """局长和志强出席: the surname 和, not the conjunction, when a name-shaped given name and then a
    follower come after it (局长和市长出席 joins two titles: 和市长 is no name)."""
    if len(word) != 1 or word not in surnames():
        return None
    freq, tags = common_words()
    one = start + 2  # 向平出席: a given name of one character

    def ends(k: int) -> bool:  # a name may end here: the text's end, punctuation, a digit or a follower
        return k == len(text) or text[k] in _PUNCT or text[k].isdigit() or followers().match(text, k) is not None

    def one_char_given() -> bool:  # not 和工|作 (工作) nor 向老|同志 (老同志): words, not a name and a follower
        if not (one < len(text) and _is_cjk(text[start + 1]) and ends(one)):
            return False
        follower = followers().match(text, one)
        return not is_common(text[start + 1:start + 3], freq, tags) \
            and not (follower and freq.get(text[start + 1:follower.end()], 0) >= _WORD_FREQ)

    given_end = one if one_char_given() else name_end(text, start + 1, max_len - 1)
    if given_end is None or not 1 <= given_end - start - 1 <= 2 or not ends(given_end):
        return None
    return given_end if joinable(text[start + 1:given_end]) is False else None


def joinable(given: str) -> bool:
    """Whether what follows 和/向 is what they would join or address: a title (和市长), a body, or a
    frequent noun (向大会, 和工作人员); a frequent verb (和建成要求) is no conjunct of a title."""
    freq, tags = common_words()
    nominal = tags.get(given, "")[:1] in ("n", "r", "m", "q") or tags.get(given, "") == "vn"
    return bool(titles().search(given) or given in lexicon.words("group_labels.txt")
                or (len(given) > 1 and is_common(given, freq, tags) and freq.get(given, 0) >= _JOINABLE_FREQ
                    and nominal))


def _ends_given_name(text: str, i: int) -> bool:
    """A conjunction at ``i`` that joins nothing: a verb or punctuation follows it, so it ends a name."""
    if text[i] not in lexicon.words("name_conjunctions.txt"):
        return False
    after = i + 1
    if after == len(text) or text[after] in _PUNCT:
        return True
    follower = followers().match(text, after)
    return bool(follower) and not titles().match(text, after)  # 某某和市长…: two people


@cache
def weak_titles() -> frozenset[str]:
    """Titles (民警) after which a word is as likely as a name: what follows must be a plain name."""
    return frozenset(lexicon.words("titles_weak.txt"))


def plain_name(name: str) -> bool:
    """A name after a weak title: a known surname and no dictionary word other than a name
    (民警|荣获 is not a person; 民警|张志刚 is, though jieba's dictionary holds it, tagged nr)."""
    if is_joined(name):
        return looks_like_name(name)
    freq, tags = common_words()
    if freq.get(name) and not tags.get(name, "").startswith("nr"):
        return False
    # 民警|荣获表彰: jieba's dictionary tags 荣获 nr, but 表彰 in it is an ordinary word
    # (王|建设 is a surname and a given name that is also a word)
    words = tokenizer().lcut(name)
    if len(words) > 1 and words[0] in surnames():
        words = []
    return looks_like_name(name, strict=True) and not any(len(w) >= 2 and is_common(w, freq, tags) for w in words)


def _tagged_name_end(text: str, start: int) -> int | None:
    """No known word after the name: let jieba's tagger say where a personal name ends."""
    words = pos_tokenizer().lcut(text[start:start + 8])
    freq, _ = common_words()
    if words and words[0].flag.startswith("nr") and 2 <= len(words[0].word) <= 4 and not freq.get(words[0].word):
        return start + len(words[0].word)  # a dictionary word tagged nr (荣获) is not a name here
    return None
