"""Extraction: one document's facts, read by declared stages over one working document.

:data:`STAGES` lists the stages in order, each with what it requires and assigns
(see :mod:`kgraph.extract.stages`); :class:`Work` is the document they share, with its
sentence index (:class:`Sentences`) and the facts read so far. ``kgraph.extraction.extract``
runs them.
"""
from __future__ import annotations

from .stages import STAGES, Stage, check
from .work import Sentences, Work

__all__ = ["STAGES", "Stage", "Sentences", "Work", "check"]
