"""jieba's dictionary cache: every process (each --jobs worker) reads it at start."""
from __future__ import annotations

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
    segment._load_dictionary(second)
    assert second.initialized and second.total == first.total and second.FREQ == first.FREQ
    assert second.lcut("副市长、公安局局长关兆宇作主题报告") == first.lcut("副市长、公安局局长关兆宇作主题报告")


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
