"""Files -> :class:`~kgraph.facts.Document`: encodings, HTML, page chrome, datelines.

Character offsets into ``Document.text`` are provenance, so the text is kept as
decoded: only the byte-order mark goes, line ends become ``\\n`` and Unicode is
NFC-composed. Encodings are detected, never assumed, because the same article
arrives as UTF-8, GB18030 or Big5 depending on the site it was saved from.
"""
from __future__ import annotations

import codecs
import datetime as dt
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import dates, lexicon, rules
from kgraph.dates import parse_chinese_date  # noqa: F401 (part of ingest's API: datelines in Chinese numerals)
from kgraph.errors import BinaryFile, EmptyFile, InputError, NotRegularFile, TooLarge, UndecodableFile
from kgraph.facts import Document, content_hash
from kgraph.walk import SUPPORTED  # noqa: F401 (part of ingest's API: the suffixes read)
from kgraph.walk import Selection, fs_text, printable, sources

if TYPE_CHECKING:  # the HTML and encoding libraries load on first use: plain-text builds start faster
    import lxml.html

log = logging.getLogger(__name__)

MAX_SIZE = 16 << 20  # bytes: past this a file is no article (the largest report seen is under 1 MB)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document"), (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"), (b"Rar!\x1a\x07", "RAR archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
)
# utf-32 first: its little-endian BOM begins with utf-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030"}
# Japanese and Korean codecs also decode to hanzi, and on a short Chinese text often plausibly.
_NOT_CHINESE = re.compile(r"jis|jp|kr|932|949|johab")
_PLAUSIBLE = 0.8  # share of non-ASCII characters that must read as Chinese text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TITLE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _hanzi(codec: str, leads: range, trails: list[int]) -> set[str]:
    """The hanzi a double-byte codec maps these byte rows to (Big5 row C6 also holds kana)."""
    chars = (bytes((lead, trail)).decode(codec, "ignore") for lead in leads for trail in trails)
    return {char for char in chars if len(char) == 1 and "\u4e00" <= char <= "\u9fff"}


# The frequent hanzi, read from the codecs themselves: GB2312 level 1 (3755 simplified) and
# Big5 常用字 (5401 traditional). A wrong GB/Big5 guess yields rare or private-use characters.
_COMMON_HANZI = frozenset(_hanzi("gb2312", range(0xB0, 0xD8), [*range(0xA1, 0xFF)])
                          | _hanzi("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]))


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that belong in a Chinese article (1.0 for pure ASCII)."""
    total = score = 0.0
    for char in text:
        if char.isascii() and (char.isprintable() or char in "\t\n\r\f"):
            continue
        total += 1
        code = ord(char)
        if char in _COMMON_HANZI or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            score += 1
        elif 0x4E00 <= code <= 0x9FFF:  # rare but real: names like 罡
            score += 0.5
        elif code < 0x3100 and unicodedata.category(char)[0] in "PSNZ":
            score += 1  # “” — … · × ① Ⅱ ■
    return score / total if total else 1.0


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(raw: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text and name the codec; raise when they are no text article."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise BinaryFile(path, f"binary file ({kind}), not a text article")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec).lstrip("\ufeff"), codec
            except UnicodeDecodeError:
                raise UndecodableFile(path, f"not valid {codec} after its byte-order mark") from None
    if b"\x00" in raw:  # ASCII in UTF-16/32 without a BOM, or a binary file
        candidates = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
    else:
        try:
            text = raw.decode("utf-8")
            if not _CONTROL.search(text):  # control characters: UTF-16 CJK can be valid ASCII
                return text, "utf-8"
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and error.start > 0:  # a download cut mid-character
                text = raw[:error.start].decode("utf-8")
                if not _CONTROL.search(text):
                    log.warning("%s: the end was cut mid-character; kept the %d bytes before it",
                                printable(path), error.start)
                    return text, "utf-8"
        import charset_normalizer

        guesses = [match.encoding for match in charset_normalizer.from_bytes(raw)]
        # GB before Big5: a short text can be plausible in both, and mainland sites prevail
        candidates = [declared or "", "utf-8", "gb18030", "big5", "cp950", *guesses, "utf-16-le", "utf-16-be"]
    tried = list(dict.fromkeys(_SUPERSETS.get(codec, codec) for codec in map(_codec, candidates)
                               if codec and not _NOT_CHINESE.search(codec)))
    scored = []
    for codec in tried:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text[:20000]), text, codec))  # a sample: files can be long
    best = max(scored, key=lambda entry: entry[0], default=None)  # the first of equals wins
    if best is not None and best[0] >= _PLAUSIBLE:
        return best[1], best[2]
    if b"\x00" in raw:
        raise BinaryFile(path, "binary file (NUL bytes, not UTF-16/32 text), not a text article")
    raise UndecodableFile(path, f"no encoding decodes it as Chinese or ASCII text (tried {', '.join(tried)})")


# ---- dates and datelines -------------------------------------------------------------

_URL = re.compile(r"https?://\S+")
# the labels' words are in ontology/rules/ingest.toml
_LABEL = re.compile(rf"(?:{rules.alt('ingest', 'date_labels')})[^\s:：\d]{{0,3}}\s*[:：]")
_SOURCE = re.compile(rf"(?:{rules.alt('ingest', 'source_labels')})\s*[:：]")
_NEXT_LABEL = re.compile(rf"(?:{rules.alt('ingest', 'next_labels')})\s*[:：]")
_WEEKDAY = re.compile(rf"^(?:{rules.alt('ingest', 'weekday_words')})(?:{rules.alt('ingest', 'weekday_days')})\s*")
_SENTENCE = re.compile(r"[。，,；;！？]")
_BULLETS = " \t•·●◆■▪*-#>"


def _source_value(text: str) -> str | None:
    """The publisher up to the next label or gap: "下陆公安 字号:" -> 下陆公安, "作者:" -> None."""
    value = re.match(r"[^\s|｜【\[]*", _WEEKDAY.sub("", text.strip())).group()
    label = _NEXT_LABEL.search(value)
    value = value[: label.start()] if label else value
    return value.strip(":：,，;；") or None


def _parse_dateline(line: str) -> tuple[dt.date | None, str | None] | None:
    """(date, source) when the line is a dateline, else None. Body sentences never are."""
    line = _URL.sub("", line).strip(_BULLETS)  # http://www.example.cn 2005年06月18日08:33 某报
    found = dates.find_full_date(line)
    source_label = _SOURCE.search(line)
    if _LABEL.search(line):
        if found is None and source_label is None:
            return None
        source = _source_value(line[source_label.end():]) if source_label else None
        return (found[0] if found else None), source
    # unlabeled: a line that is mostly a full date, maybe a time and the publisher after it
    if found is None or found[1] > 4 or _SENTENCE.search(line):
        return None
    rest = line[found[2]:].strip()
    if len(rest) > 30:
        return None
    return found[0], _source_value(rest) if rest else None


def _dateline(lines: Sequence[str], limit_lines: int = 12, limit_chars: int = 600
              ) -> tuple[dt.date | None, str | None, int | None]:
    """Date, source and line index of the dateline near the top of an article.

    A page that was reposted or crawled prints its own time beside the report's
    (时间:2024/04/29 above 日期:2011-05-23): the earliest dateline dates the report.
    """
    source: str | None = None
    best: tuple[dt.date, int] | None = None
    seen = chars = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if seen >= limit_lines or chars >= limit_chars:
            break
        seen, chars = seen + 1, chars + len(line) + 1
        parsed = _parse_dateline(line)
        if parsed is None:
            continue
        date, line_source = parsed
        source = source or line_source
        if date is not None and (best is None or date < best[0]):
            best = (date, index)
    return (best[0], source, best[1]) if best else (None, source, None)


# ---- titles and page chrome ----------------------------------------------------------

_BYLINE = re.compile(rf"{rules.alt('ingest', 'byline_words')}|(?:{rules.alt('ingest', 'byline_endings')})[）)]?$")


def _chrome_at(line: str) -> int:
    """Where the first page-chrome word in a line starts, or -1."""
    return min((line.find(word) for word in lexicon.words("page_chrome.txt") if word in line), default=-1)


def _is_chrome(line: str) -> bool:
    return len(line.strip()) < 40 and _chrome_at(line) >= 0


_PAGE_LABEL = re.compile(rf"(?:{rules.alt('ingest', 'page_label_opens')})?[A-Za-z]?\d{{1,3}}"
                         rf"(?:{rules.alt('ingest', 'page_label_ends')})(?:[:：\s].{{0,12}})?$")


def _text_title(lines: Sequence[str]) -> str | None:
    """The headline: the first line past chrome, dateline and page label, when short and not a sentence."""
    for line in lines[:12]:
        candidate = line.strip(_BULLETS + "\u3000")
        if not candidate or _chrome_at(candidate) >= 0 or _parse_dateline(candidate) \
                or _PAGE_LABEL.match(candidate):
            continue
        if len(candidate) <= 60 and not candidate.endswith("。") and not _BYLINE.search(candidate):
            return candidate
        return None
    return None


def _drop_chrome(lines: list[str]) -> list[str]:
    """Drop short chrome lines; cut a dateline at its first chrome word instead."""
    kept = []
    for line in lines:
        parsed = _parse_dateline(line)
        if parsed is not None:
            cut = _chrome_at(line)
            if cut > 0 and _parse_dateline(line[:cut]) == parsed:
                line = line[:cut].rstrip()
            kept.append(line)
        elif not _is_chrome(line):
            kept.append(line)
    return kept


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
           "header", "footer", "ul", "ol", "table", "dd", "dt", "blockquote", "title", "center"}


def _html_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """A plain-text rendering of a page, one line per block element, empty lines dropped."""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return [line.strip() for line in tree.text_content().split("\n") if line.strip()]


_DOCTYPE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.S | re.I)


def _html_article(html: str) -> tuple[str, str | None]:
    """Main text (headline and dateline first, as in a saved article) and page title."""
    import lxml.etree
    import lxml.html
    import trafilatura

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input that declares an encoding
    # a DOCTYPE with an internal subset ([<!ENTITY …>]) leaks its "]>" into the text: nothing in it is article
    html = _DOCTYPE.sub("", html, count=1)
    try:
        page = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    for element in page.xpath("//script|//style|//noscript|//template|//comment()"):
        if element.getparent() is not None:  # a comment before <html> ("saved from url=…") is no part of the text
            element.drop_tree()
    title = trafilatura.extract_metadata(html).title or (page.findtext(".//title") or "").strip() or None
    body_element = page.find("body")
    page_lines = _html_lines(body_element if body_element is not None else page)
    body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if body:
        lines = _drop_chrome(body.split("\n"))
    else:  # trafilatura found no article: fall back to the visible page from its headline on
        lines = _drop_chrome(page_lines[page_lines.index(title):] if title in page_lines else page_lines)
    head: list[str] = []
    if title and title not in [line.strip() for line in lines[:3]]:
        head.append(title)
    if _dateline(lines)[2] is None:  # trafilatura drops datelines: recover it from the page
        found = [line for line in page_lines if _parse_dateline(line)][:1]
        lines = [line for line in lines if line not in found]
        head.extend(_drop_chrome(found))
    return "\n".join([*head, *lines]).strip("\n"), title


# ---- the public API ------------------------------------------------------------------

def iter_sources(paths: Sequence[Path], selection: Selection = Selection()) -> Iterator[tuple[Path, Path]]:
    """(file, root) for each file given and each supported file below each folder, sorted;
    the first path that cannot be read raises (``walk.sources`` reports each and goes on)."""
    for found in sources(paths, selection):
        if isinstance(found, InputError):
            raise found
        yield found


def read_limited(path: Path, max_size: int = MAX_SIZE) -> bytes:
    """A file's bytes, never more than ``max_size``: a FIFO, a device or a growing file cannot hang
    or exhaust the build, even one that became so after the folder was walked."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO without a writer would block
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, "not a regular file (a FIFO, socket or device), not read")
        if info.st_size > max_size:
            raise TooLarge(path, f"{_size(info.st_size)}, over the {_size(max_size)} limit (--max-size)")
        chunks, total = [], 0
        while total <= max_size:
            chunk = os.read(fd, min(1 << 20, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_size:
            raise TooLarge(path, f"over the {_size(max_size)} limit (--max-size), read no further")
        return b"".join(chunks)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB" if count >= 1 << 20 else f"{count} bytes"


def read_document(path: Path, root: Path, max_size: int = MAX_SIZE) -> Document:
    """Read one article file into a Document with its title, date and source."""
    path, root = Path(path), Path(root)
    return read_bytes(read_limited(path, max_size), path, document_id(path, root))


def document_id(path: Path, root: Path) -> str:
    """A document's stable key: its path below the input root, "/"-separated, as text (see ``walk.fs_text``)."""
    try:
        return fs_text(Path(path).relative_to(root).as_posix())
    except ValueError:
        return fs_text(Path(path).name)


def read_bytes(raw: bytes, path: Path | str, doc_id: str) -> Document:
    """An article from its bytes (a Dask worker gets no file): ``path`` names it but is not read.

    Its suffix says whether the bytes are HTML; errors and ``Document.path`` cite it.
    """
    path = Path(path)
    if not raw:
        raise EmptyFile(path, "empty file (0 bytes)")
    is_html = path.suffix.lower() in (".html", ".htm")
    declared = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", raw[:4096]) if is_html else None
    text, encoding = _decode(raw, path, declared.group(1).decode("ascii") if declared else None)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyFile(path, "empty file (only whitespace)")
    if is_html:
        text, title = _html_article(text)
        if not text.strip():
            raise EmptyFile(path, "no article text in the page")
    lines = text.split("\n")
    if not is_html:
        title = _text_title(lines)
    if title is not None:  # terminal escapes in a page title must reach no output
        title = _TITLE_CONTROL.sub(" ", title).strip() or None
    date, source, _ = _dateline(lines)
    return Document(doc_id=fs_text(doc_id), source_file=fs_text(path.name), path=fs_text(str(path)), text=text,
                    title=title,
                    date=date, source=source, encoding=encoding,
                    content_hash=content_hash(text))


def read_all(paths: Sequence[Path], selection: Selection = Selection()) -> Iterator[Document | InputError]:
    """Every readable Document, and the error for each file that is not, so a batch goes on."""
    for found in sources(paths, selection):
        if isinstance(found, InputError):
            yield found
            continue
        try:
            yield read_document(*found)
        except InputError as error:
            yield error
