"""Themes a document names: quoted slogans, 《titles》, numbered formulas, policy terms.

``extract_themes(doc, sents) -> list[Theme]`` requires the document's sentences (offsets
into ``doc.text``) and assigns one :class:`Theme` per canonical label, with the span of its
first occurrence. How a theme was found is kept in ``Theme.how``:

- ``quoted``: a string in “…”, ‘…’, 「…」, 『…』 or "…" of slogan length (no sentence
  inside it): “枫桥经验”, “放管服”, “走在前、开新局”; or a speech's title (题为“…”);
- ``book-title``: every 《…》: 《中国共产党政法工作条例》, a report's title;
- ``formula``: an unquoted numbered formula (numeral + 个/件/项/大/条 + 2-4 characters),
  either known to ``themes.tsv`` (两个确立, 四个意识) or standing where slogans stand,
  right after a cue verb of ``themes_formula_cues.txt`` (办好十件实事);
- ``lexicon``: an unquoted policy term. By default only the terms analysts track across
  places and years (``themes_tracked.txt``: 总体国家安全观, 营商环境, 扫黑除恶 …); every
  policy term of ``themes.tsv`` with ``lexicon_terms=True``, none with ``False``. The reports
  use such terms in nearly every paragraph, so the tracked list stays short. A term or
  formula inside a quote or a title is part of that theme, not one of its own.

Variants are one concept: :func:`canonical` maps 新时代“枫桥经验” and 坚持和发展新时代“枫桥经验”
to 枫桥经验 through the variants and wrappers of the lexicon; an unknown slogan keeps its own
wording and falls under the category ``uncategorized`` (:func:`category_of`).

A document is read for themes once: :func:`mentions_in` gives every place a theme is named,
the document's themes are the first of each label, and a directive's those named in its span
or cut by it (:func:`labels_within`).

>>> canonical("坚持和发展新时代“枫桥经验”")
'枫桥经验'
>>> category_of("枫桥经验"), category_of("五比五晒")
('security_stability', 'uncategorized')
>>> [m.label for m in mentions_in("增强“四个意识”、坚定四个自信，办好十件实事")]
['四个意识', '四个自信', '十件实事']
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Iterator, Sequence

from .. import lexicon, rules
from ..facts import UNCATEGORIZED, Document, Sentence, Span, Theme, ThemeMention
from .work import Sentences

#: Which unquoted policy terms count when a caller does not say: None = the tracked ones,
#: True = every policy term of the lexicon, False = none.
LEXICON_TERMS: bool | None = None


_NUMERAL = "[一二两三四五六七八九十百]{1,3}"
_CLASSIFIER = f"(?:{rules.alt('themes', 'classifiers')})"
_HAN = "[\u4e00-\u9fff]"
_FORMULA_SHAPE = re.compile(rf"{_NUMERAL}{_CLASSIFIER}{_HAN}{{2,4}}")
_CLASSIFIED = re.compile(rf"^{_NUMERAL}{_CLASSIFIER}")
# where an unquoted formula may end: punctuation, a closing mark, or a particle
_FORMULA_END = rf"(?=[、，,。；;：:！？!?\s”’」』》）)]|{rules.alt('themes', 'formula_end_particles')}|$)"

_QUOTE_MARKS = "“”‘’「」『』\"'"
_QUOTED = tuple(
    re.compile(pattern)
    for pattern in (
        r"“([^“”\n]{1,100})”",
        r"‘([^‘’\n]{1,60})’",
        r"「([^「」\n]{1,60})」",
        r"『([^『』\n]{1,60})』",
        r'"([^"\n]{1,60})"',
    )
)
_BOOK_TITLE = re.compile(r"《([^《》\n]{1,100})》")
_SENTENCE_INSIDE = re.compile(r"[。！？!?]")
_COMMA = re.compile(r"[，,]")
_WHITESPACE = re.compile(r"\s+")
_NOT_KEY = re.compile(rf"[\s{_QUOTE_MARKS}]")

_MAX_SLOGAN = 30  # a quoted string longer than this is a quotation, not a slogan
_MAX_CLAUSED_SLOGAN = 20  # ... and one with a comma inside, longer than this


def _key(text: str) -> str:
    """What two spellings of one theme share: no whitespace, no quotation marks."""
    return _NOT_KEY.sub("", text)


@dataclass(frozen=True)
class _Entry:
    label: str
    category: str


@dataclass(frozen=True)
class _Lexicon:
    by_key: dict[str, _Entry]  # key of a label or variant -> its entry
    prefixes: tuple[str, ...]  # wrappers, longest first
    suffixes: tuple[str, ...]
    terms: re.Pattern  # every label and variant as written, longest first
    formula_after_cue: re.Pattern
    formula_stop: frozenset[str]  # whole formulas that are never themes
    formula_tails: frozenset[str]  # generic words after the classifier: a count, not a slogan


@cache
def _lexicon() -> _Lexicon:
    by_key: dict[str, _Entry] = {}
    forms: set[str] = set()
    for theme in lexicon.themes():
        entry = _Entry(theme.label, theme.category or UNCATEGORIZED)
        for form in (theme.label, *theme.variants):
            if form:
                by_key.setdefault(_key(form), entry)
                forms.add(form)
    wrappers = lexicon.table("themes_wrappers.tsv")
    prefixes = sorted((w for where, w in wrappers if where == "prefix"), key=len, reverse=True)
    suffixes = sorted((w for where, w in wrappers if where == "suffix"), key=len, reverse=True)
    terms = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    cues = lexicon.alternation("themes_formula_cues.txt")
    formula_after_cue = re.compile(
        rf"(?:{cues})(?P<formula>{_NUMERAL}{_CLASSIFIER}{_HAN}{{2,4}}?){_FORMULA_END}"
    )
    stop = lexicon.table("themes_formula_stop.tsv")
    return _Lexicon(by_key, tuple(prefixes), tuple(suffixes), terms, formula_after_cue,
                    frozenset(text for kind, text in stop if kind == "phrase"),
                    frozenset(text for kind, text in stop if kind == "tail"))


def _known(key: str) -> _Entry | None:
    """The lexicon entry a key names, directly or once wrappers are taken off."""
    lex = _lexicon()
    frontier = [key]
    for _ in range(3):  # 坚持和发展 + 新时代 + X: a few layers at most
        next_frontier = []
        for k in frontier:
            if k in lex.by_key:
                return lex.by_key[k]
            next_frontier += [k[len(p):] for p in lex.prefixes if k.startswith(p) and len(k) > len(p) + 1]
            next_frontier += [k[: -len(s)] for s in lex.suffixes if k.endswith(s) and len(k) > len(s) + 1]
        frontier = next_frontier
    return None


def _strip_outer_quotes(text: str) -> str:
    while len(text) > 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip()
    return text


def canonical(label: str) -> str:
    """The canonical label of a theme: the lexicon's label where the lexicon knows it
    (through a variant or wrappers), else the text itself with whitespace tidied.

    >>> canonical("新时代“枫桥经验”"), canonical("坚持政治建警  全面从严治警")
    ('枫桥经验', '坚持政治建警 全面从严治警')
    """
    text = _strip_outer_quotes(_WHITESPACE.sub(" ", label.strip()))
    entry = _known(_key(text))
    return entry.label if entry else text


def category_of(label: str) -> str:
    """The category key of a theme (a key of ``theme_categories.tsv``); unknown -> uncategorized."""
    entry = _known(_key(canonical(label)))
    return entry.category if entry else UNCATEGORIZED


# -- finding candidates ---------------------------------------------------------------------

def _slogan_like(content: str) -> bool:
    size = len(_key(content))
    if size < 2 or len(content) > _MAX_SLOGAN or _SENTENCE_INSIDE.search(content):
        return False
    return not (_COMMA.search(content) and len(content) > _MAX_CLAUSED_SLOGAN)


def _with_wrappers(text: str, start: int, content: str, label: str) -> int:
    """Move ``start`` back over wrappers the lexicon lists as part of the theme's name
    (新时代“枫桥经验”: 新时代枫桥经验 is a variant), so ``written`` shows them."""
    lex = _lexicon()
    tail = content
    moved = True
    while moved:
        moved = False
        for prefix in lex.prefixes:
            if start >= len(prefix) and text.startswith(prefix, start - len(prefix)):
                entry = lex.by_key.get(_key(prefix + tail))
                if entry and entry.label == label:
                    start -= len(prefix)
                    tail = prefix + tail
                    moved = True
                    break
    return start


def _quoted(text: str) -> Iterator[ThemeMention]:
    for pattern in _QUOTED:
        for m in pattern.finditer(text):
            content = m.group(1).strip()
            # a speech's title in quotes (作了题为“…”的讲话) is a title, of any length
            titled = any(text.startswith(lead, m.start() - len(lead)) for lead in rules.words("themes", "title_leads")) \
                and bool(_key(content))
            if not (titled or _slogan_like(content)):
                continue
            label = canonical(content)
            yield ThemeMention(_with_wrappers(text, m.start(), content, label), m.end(), label, "quoted")


def _book_titles(text: str) -> Iterator[ThemeMention]:
    for m in _BOOK_TITLE.finditer(text):
        content = m.group(1).strip()
        if content:
            yield ThemeMention(m.start(), m.end(), canonical(content), "book-title")


@cache
def _tracked() -> frozenset[str]:
    """Policy terms that are themes even unquoted (themes_tracked.txt)."""
    return frozenset(lexicon.words("themes_tracked.txt"))


def _formulas_and_terms(text: str, lexicon_terms: bool | None) -> Iterator[ThemeMention]:
    lex = _lexicon()
    for m in lex.terms.finditer(text):
        written = m.group()
        how = "formula" if _FORMULA_SHAPE.fullmatch(written) else "lexicon"
        label = lex.by_key[_key(written)].label
        if how == "formula" or lexicon_terms or (lexicon_terms is None and label in _tracked()):
            yield ThemeMention(m.start(), m.end(), label, how)
    for m in lex.formula_after_cue.finditer(text):
        formula = m.group("formula")
        tail = _CLASSIFIED.sub("", formula, count=1)
        if formula not in lex.formula_stop and tail not in lex.formula_tails:
            yield ThemeMention(m.start("formula"), m.end("formula"), canonical(formula), "formula")


def _covered(marked: list[ThemeMention]) -> tuple[list[int], list[int]]:
    """The union of the quoted and titled stretches, as sorted disjoint intervals."""
    starts: list[int] = []
    ends: list[int] = []
    for f in sorted(marked, key=lambda f: f.start):
        if ends and f.start < ends[-1]:
            ends[-1] = max(ends[-1], f.end)
        else:
            starts.append(f.start)
            ends.append(f.end)
    return starts, ends


def mentions_in(text: str, *, lexicon_terms: bool | None = None) -> list[ThemeMention]:
    """Every place ``text`` names a theme, once each, in text order; a term inside a quoted
    slogan or a title is part of that theme, not one of its own."""
    if lexicon_terms is None:
        lexicon_terms = LEXICON_TERMS  # None: only the tracked policy terms
    marked = [*_quoted(text), *_book_titles(text)]
    starts, ends = _covered(marked)
    unmarked = []
    for f in _formulas_and_terms(text, lexicon_terms):
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0 or f.end > ends[i]:
            unmarked.append(f)
    # a known formula after a cue verb is found twice, as a term and after its cue: kept once
    return sorted(dict.fromkeys(marked + unmarked), key=lambda f: (f.start, -f.end))


def _first_of_each(found: Iterable[ThemeMention]) -> list[ThemeMention]:
    """One mention per canonical label (spellings compared without quotes or spaces), the first."""
    seen: set[str] = set()
    out = []
    for f in found:
        k = _key(f.label)
        if k and k not in seen:
            seen.add(k)
            out.append(f)
    return out


def extract_themes(doc: Document, sents: Sequence[Sentence], *, lexicon_terms: bool | None = None,
                   found: Sequence[ThemeMention] | None = None) -> list[Theme]:
    """The themes ``doc`` names, one per canonical label, in order of first occurrence;
    ``found`` is the document's :func:`mentions_in` when already read."""
    sents = Sentences.of(sents)
    if found is None:
        found = mentions_in(doc.text, lexicon_terms=lexicon_terms)
    return [
        Theme(label=f.label, written=doc.text[f.start:f.end], how=f.how, category=category_of(f.label),
              span=Span(doc.doc_id, sents.sentence_of(f.start), f.start, f.end))
        for f in _first_of_each(found)
    ]


def labels_within(found: Sequence[ThemeMention], start: int, end: int) -> list[str]:
    """The labels of the mentions (``found`` in text order) in ``[start, end)``, one per label.

    A slogan the span cuts (a directive split at the ； inside “…；…”) is named there too, as a
    whole: the words of it inside the span are not read as themes of their own.
    """
    before_end = found[:bisect.bisect_left(found, end, key=lambda f: f.start)]
    return [f.label for f in _first_of_each(f for f in before_end if f.end > start)]
