"""jieba's dictionary cache: every process (each --jobs worker) reads it at start."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import jieba
import pytest

from kgraph import segment


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "kgraph"


def test_the_dictionary_is_cached_once_and_read_back_as_jieba_reads_it(cache_home, monkeypatch):
    first = jieba.Tokenizer()
    segment._load_dictionary(first)  # no cache yet: jieba's own loading, then kgraph's cache written
    [cached] = cache_home.glob("jieba-*.pickle")
    assert cached.stat().st_mode & 0o077 == 0 and cache_home.stat().st_mode & 0o077 == 0  # the user's own

    def never(*_):
        raise AssertionError("jieba's own loading ran although the cache is there")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", never)
    second = jieba.Tokenizer()
    tags = segment._load_dictionary(second)
    assert second.initialized and second.total == first.total and second.FREQ == first.FREQ
    assert tags["公安局"] == "nt" and tags["局长"] == "n" and len(tags) > 340_000
    assert second.lcut("副市长、公安局局长郁澄岚作主题报告") == first.lcut("副市长、公安局局长郁澄岚作主题报告")


def test_a_damaged_cache_is_replaced_and_an_unwritable_one_is_done_without(cache_home, tmp_path, monkeypatch):
    cache_home.mkdir(mode=0o700)
    path = segment._dictionary_cache()
    path.write_bytes(b"\x80\x05 not a pickle")
    tok = jieba.Tokenizer()
    segment._load_dictionary(tok)
    assert tok.initialized and tok.FREQ["公安"] > 0 and path.stat().st_size > 1_000_000

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the cache folder would be")
    tok = jieba.Tokenizer()
    segment._load_dictionary(tok)
    assert tok.initialized and tok.FREQ["公安"] > 0


def test_without_a_home_folder_jieba_loads_its_own_way(monkeypatch):
    from pathlib import Path

    def homeless():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(homeless))
    tok = jieba.Tokenizer()
    segment._load_dictionary(tok)
    assert segment._dictionary_cache() is None and tok.initialized and tok.FREQ["公安"] > 0


def _python(code: str, cache: os.PathLike) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_jieba_posseg_imported_by_kgraph_tags_as_jiebas_own_import_does(tmp_path):
    """kgraph hands jieba.posseg's global tagger the cached tags: other code in the process sees no difference."""
    code = """
        from kgraph import segment
        segment.pos_tokenizer()
        import jieba, jieba.posseg
        own = jieba.posseg.POSTokenizer(jieba.dt)  # reads the tags from the dictionary file, jieba's way
        assert jieba.posseg.dt.tokenizer is jieba.dt and type(jieba.dt) is jieba.Tokenizer
        assert jieba.posseg.dt.word_tag_tab == own.word_tag_tab
        assert jieba.posseg.dt.word_tag_tab is not segment.word_tags()
        text = "副省长、公安厅厅长郁澄岚作主题报告，强调坚持和发展新时代枫桥经验"
        print([tuple(p) for p in jieba.posseg.lcut(text)] == [tuple(p) for p in own.lcut(text)])
    """
    assert _python(code, tmp_path) == "True\n"  # no cache yet: written
    assert _python(code, tmp_path) == "True\n"  # read from the cache


def test_a_program_that_set_its_own_dictionary_keeps_it_in_jieba_posseg(tmp_path):
    words = tmp_path / "dict.txt"
    words.write_text("公安局 100 nt\n郁澄岚 10 nr\n", encoding="utf-8")
    code = f"""
        import jieba
        jieba.set_dictionary({str(words)!r})
        from kgraph import segment
        segment.pos_tokenizer()
        import jieba.posseg
        print(sorted(jieba.posseg.dt.word_tag_tab.items()))
    """
    assert _python(code, tmp_path) == "[('公安局', 'nt'), ('郁澄岚', 'nr')]\n"


def test_only_the_newest_dictionary_caches_are_kept(cache_home):
    cache_home.mkdir(mode=0o700)
    old = []
    for age in range(6):
        path = cache_home / f"jieba-0.1-{age}.pickle"
        path.write_bytes(b"stale")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
        old.append(path)
    segment._load_dictionary(jieba.Tokenizer())
    kept = sorted(p.name for p in cache_home.glob("jieba-*.pickle"))
    assert segment._dictionary_cache().name in kept and len(kept) == segment._KEEP_CACHES
    assert [p.name for p in old[:segment._KEEP_CACHES - 1]] == sorted(set(kept) - {segment._dictionary_cache().name})


def test_jieba_is_imported_without_pkg_resources_and_still_finds_its_dictionary(tmp_path):
    code = f"""
        import sys
        from kgraph import segment
        segment.tokenizer()
        print("pkg_resources" in sys.modules)
        import jieba
        jieba.dt.tmp_dir = {str(tmp_path)!r}  # no cache of jieba's own there: it reads its dictionary file
        print(jieba.lcut("公安局局长主持会议"))
        import pkg_resources  # still importable by anyone who wants it
        print(pkg_resources.__name__)
    """
    assert _python(code, tmp_path).split("\n") == ["False", "['公安局', '局长', '主持会议']", "pkg_resources", ""]


def test_text_without_sentence_marks_is_cut_into_bounded_pieces_at_exact_offsets():
    text = "青原市公安局" * 60 + "，" + "严守信同志" * 150 + "。甘若水主持会议。"
    pieces = segment.sentences(text)
    assert all(len(piece.text) <= segment.MAX_SENTENCE for piece in pieces)
    assert all(text[piece.start:piece.end] == piece.text for piece in pieces)
    assert pieces[0].text.endswith("，")  # cut after the comma, not mid-word
    assert "".join(piece.text for piece in pieces) == text
    assert pieces[-1].text == "甘若水主持会议。"


def test_a_long_text_of_words_and_spaces_is_cut_at_a_space():
    text = " ".join(["某某单位"] * 300)
    pieces = segment.sentences(text)
    assert len(pieces) == 3
    assert all(not piece.text.startswith(" ") and not piece.text.endswith(" ") for piece in pieces)
    assert all(piece.text.split(" ")[-1] == "某某单位" for piece in pieces)
