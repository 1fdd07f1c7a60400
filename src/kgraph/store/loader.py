"""Store updates on a background thread, so a build's loading overlaps its extraction."""
from __future__ import annotations

import queue
import threading
from typing import Callable

from rdflib import Dataset

from . import backend


class Loader:
    """Store updates run in order on one background thread while the build goes on.

    Oxigraph parses and indexes without holding Python's lock (and a server's upload
    waits on the network), so a build's loading overlaps its extraction instead of
    following it: 3-5 s of a 2,000-report build. rdflib's own store is updated in the
    caller's thread, its parser holding the lock anyway. At most ``depth`` updates wait.
    """

    def __init__(self, ds: Dataset, depth: int = 2) -> None:
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if backend.of(ds).background:
            self.queue: queue.Queue = queue.Queue(maxsize=depth)
            self.thread = threading.Thread(target=self._run, name="kgraph-loader", daemon=True)
            self.thread.start()

    def submit(self, update: Callable[..., None], *args) -> None:
        """Run ``update(*args)`` after everything submitted before it."""
        if self.thread is None:
            update(*args)
            return
        self._raise()
        self.queue.put((update, args))

    def finish(self) -> None:
        """Wait until every update is done; an update's error is raised here."""
        self._stop()
        self._raise()

    def abandon(self) -> None:
        """The build failed: drop what still waits, let the update in progress end."""
        if self.thread is not None:
            self.error = self.error or _Abandoned()
        self._stop()

    def _stop(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Abandoned):
            raise self.error

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    item[0](*item[1])
                except BaseException as exc:  # handed to the build's thread by the next submit/finish
                    self.error = exc


class _Abandoned(Exception):
    pass
