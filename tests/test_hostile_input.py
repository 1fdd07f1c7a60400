"""An input folder as scraped archives leave them: links out, FIFOs, odd names, cut files, saved pages.

Each test builds the hostile case from real files in tmp_path (links, FIFOs, non-UTF-8 names) and
checks what a user sees: which files are read, which are named and why, and what the document holds.
Names, places and organizations are invented.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kgraph import ingest, vocab, walk
from kgraph.errors import InputError, NotRegularFile, TooLarge, UnreadableFolder
from kgraph.walk import Selection

ARTICLE = ("青原市召开全市公安工作会议\n"
           "5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。\n")


def write(folder: Path, name: str | bytes, data: bytes | str = ARTICLE) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def found(paths, **selection) -> list[str]:
    """What a walk yields: each file as its path below tmp, each error as its class name."""
    out = []
    for item in walk.sources(paths, Selection(**selection)):
        out.append(type(item).__name__ if isinstance(item, InputError) else item[0].name)
    return out


# ---- links, special files, unreadable folders ------------------------------------------------

@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    return write(tmp_path / "private", "secret.txt", "某某的私人笔记，不属于输入文件夹。")


def test_a_link_met_while_walking_is_not_followed_and_is_named(tmp_path, elsewhere, caplog):
    folder = tmp_path / "in"
    write(folder, "a.txt")
    os.symlink(elsewhere, folder / "b.txt")
    os.symlink(elsewhere.parent, folder / "more")
    with caplog.at_level(logging.WARNING):
        assert found([folder]) == ["a.txt"]
    assert f"{folder / 'b.txt'}: skipped: a symbolic link (read with --follow-links)" in caplog.messages
    assert f"{folder / 'more'}: skipped: a symbolic link (read with --follow-links)" in caplog.messages


def test_links_are_followed_when_asked_and_a_link_named_is_read(tmp_path, elsewhere):
    folder = tmp_path / "in"
    write(folder, "a.txt")
    os.symlink(elsewhere, folder / "b.txt")
    os.symlink(elsewhere.parent, folder / "more")
    os.symlink(folder, folder / "loop")  # a link back up ends, not loops
    assert found([folder], follow_links=True) == ["a.txt", "b.txt", "secret.txt"]
    assert found([folder / "b.txt"]) == ["b.txt"]


def test_a_fifo_in_the_folder_is_skipped_with_a_line_and_does_not_hang(tmp_path, caplog):
    folder = tmp_path / "in"
    write(folder, "a.txt")
    os.mkfifo(folder / "pipe.txt")
    with caplog.at_level(logging.WARNING):
        assert found([folder]) == ["a.txt"]
    assert f"{folder / 'pipe.txt'}: skipped: a FIFO, not a regular file" in caplog.messages
    assert found([folder / "pipe.txt"]) == ["NotRegularFile"]
    with pytest.raises(NotRegularFile):  # swapped in after the walk: still not opened for a blocking read
        ingest.read_document(folder / "pipe.txt", folder)


def test_a_followed_link_to_a_device_is_skipped_and_a_named_one_refused(tmp_path, caplog):
    folder = tmp_path / "in"
    write(folder, "a.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    with caplog.at_level(logging.WARNING):
        assert found([folder], follow_links=True) == ["a.txt"]
    assert f"{folder / 'zero.txt'}: skipped: a character device, not a regular file" in caplog.messages
    assert found([folder / "zero.txt"]) == ["NotRegularFile"]


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    write(folder, "a.txt")
    write(folder / "locked", "b.txt")
    write(folder, "c.txt")
    real = os.scandir

    def scandir(path):  # root reads every folder, so refuse one as a mode-000 folder refuses a user
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    results = list(walk.sources([folder]))
    assert [type(r).__name__ if isinstance(r, InputError) else r[0].name for r in results] == [
        "a.txt", "c.txt", "UnreadableFolder"]
    assert str(results[2]) == f"[E107] {folder / 'locked'}: cannot read folder: Permission denied"
    assert isinstance(results[2], UnreadableFolder)


def test_missing_paths_are_named_and_the_rest_is_walked(tmp_path):
    write(tmp_path, "a.txt")
    assert found([tmp_path / "nope", tmp_path / "a.txt"]) == ["InputError", "a.txt"]


# ---- which files: globs --------------------------------------------------------------------

def test_include_and_exclude_globs_choose_the_files(tmp_path):
    for name in ("SOURCES.md", "a.txt", "2023/b.html", "drafts/c.txt", "2024/d.txt"):
        write(tmp_path, name)
    assert found([tmp_path]) == ["b.html", "d.txt", "SOURCES.md", "a.txt", "c.txt"]
    assert found([tmp_path], exclude=("*.md", "drafts")) == ["b.html", "d.txt", "a.txt"]
    assert found([tmp_path], include=("*.txt",)) == ["d.txt", "a.txt", "c.txt"]
    assert found([tmp_path], include=("2023/*",)) == ["b.html"]


# ---- sizes --------------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path):
    big = write(tmp_path, "big.txt", ARTICLE * 100)
    with pytest.raises(TooLarge, match=r"big\.txt: .* over the 1000 bytes limit \(--max-size\)"):
        ingest.read_document(big, tmp_path, max_size=1000)
    assert ingest.read_document(big, tmp_path, max_size=1 << 20).title == "青原市召开全市公安工作会议"


# ---- names --------------------------------------------------------------------------------

def test_a_gbk_file_name_becomes_a_document_and_an_iri(tmp_path):
    path = write(tmp_path, "会议纪要.txt".encode("gbk"))
    [(file, root)] = walk.sources([tmp_path])
    document = ingest.read_document(file, root)
    assert (document.doc_id, document.source_file) == ("会议纪要.txt", "会议纪要.txt")
    assert str(vocab.doc_iri(document.doc_id)).endswith("/doc/%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.txt")
    assert path.name != "会议纪要.txt"  # on disk the name is GBK bytes, not UTF-8


def test_names_are_printed_on_one_line():
    assert walk.printable("a\nb\x1b[31m.txt") == "a\\nb\\x1b[31m.txt"
    assert walk.printable(os.fsdecode(b"\xff.txt")) == "\\xff.txt"


# ---- contents -----------------------------------------------------------------------------

def test_a_utf8_file_cut_mid_character_keeps_what_decodes_and_says_so(tmp_path, caplog):
    raw = ARTICLE.encode("utf-8")
    path = write(tmp_path, "cut.txt", raw[:-2])  # the full stop's three bytes, cut to one
    with caplog.at_level(logging.WARNING):
        document = ingest.read_document(path, tmp_path)
    assert document.text == ARTICLE[:-2]  # the newline and the cut 。 go
    assert document.encoding == "utf-8"
    assert any("the end was cut mid-character" in message for message in caplog.messages)


PAGE = ("<html><head><meta charset=\"utf-8\"><title>青原市召开全市公安工作会议</title></head>"
        "<body><p>5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。</p></body></html>")


@pytest.mark.parametrize("before", [
    "<!-- saved from url=(0040)http://www.example.cn/news/a.html -->\n",
    "<!DOCTYPE html [ <!ENTITY site \"某站\"> ]>\n",
    "<!-- saved from url=(0040)http://www.example.cn/news/a.html -->\n<!DOCTYPE html [ <!ENTITY x \"y\"> ]>\n",
])
def test_saved_pages_parse(tmp_path, before):
    document = ingest.read_document(write(tmp_path, "page.html", before + PAGE), tmp_path)
    assert document.title == "青原市召开全市公安工作会议"
    assert document.text.split("\n")[-1] == "5月3日，青原市召开全市公安工作会议。市公安局局长严守信出席会议并讲话。"
    assert "]>" not in document.text


def test_control_characters_in_a_title_are_removed(tmp_path):
    page = PAGE.replace("<title>青原市", "<title>\x1b[2J\x1b]0;owned\x07青原市")
    document = ingest.read_document(write(tmp_path, "page.html", page), tmp_path)
    assert document.title is not None
    assert not any(ord(char) < 0x20 or 0x7f <= ord(char) < 0xa0 for char in document.title)
    assert document.title.endswith("青原市召开全市公安工作会议")
