"""The CLI's command groups, one module each with a ``register(app)`` function (see ``cli.py``).

What every command shares lives here, below them all: the default output folder.
"""
from __future__ import annotations

from pathlib import Path

DEFAULT_OUT = Path("output")  # a build's output folder when none is named
