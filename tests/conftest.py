"""Shared fixtures: real article text from seeds/ and the dev set, and one build of the seeds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgraph.facts import Document
from kgraph.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


def make_doc(text: str, doc_id: str = "t.txt", **meta) -> Document:
    return Document(doc_id, doc_id, doc_id, text, **meta)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The seeds built once per session into a temporary output folder: (dataset, result, out_dir)."""
    from kgraph import pipeline

    out = tmp_path_factory.mktemp("seeds-build")
    src = out / "seeds"
    shutil.copytree(SEEDS, src)
    ds, result = pipeline.build([src], out)
    return ds, result, out


@pytest.fixture(scope="session")
def seed_extractions() -> dict[str, object]:
    from kgraph import ingest, pipeline

    return {p.name: pipeline.extract(ingest.read_document(p, SEEDS)) for p in sorted(SEEDS.glob("*.txt"))}


def sents_of(doc: Document):
    return sentences(doc.text)
