"""Long reads off the GUI thread: a function runs in a worker thread on its own connection.

The window keeps painting and answering clicks while, say, a year of 200,000 invitations is
counted; the result comes back to the GUI thread through a queued signal. Each job gets a
read-only second connection to the same file (WAL lets it read a consistent snapshot while
the window writes), so the GUI thread's connection is never used from two threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from openday_desktop.storage import Store


def open_reader(path: Path, writable: bool = False) -> Store:
    """A Store on ``path`` for one worker thread (see storage.database.open_worker_store).

    Read-only unless ``writable``: a long write of one user action (the status of a
    4,000-person list) may run in a worker too, through the services like any other write.
    """
    from openday_desktop.storage.database import open_worker_store

    return open_worker_store(path, writable=writable)


class BackgroundRead(QObject):
    """Runs ``work(reader_store)`` in a thread; ``done(result)`` on the GUI thread afterwards.

    Starting a new job makes the result of a still-running older one be dropped, so the last
    request always wins. Errors are handed to ``failed`` with the exception.
    """

    _finished = Signal(int, object, object)  # job number, result, exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = 0
        self._finished.connect(self._on_finished)
        self._callbacks: dict[
            int, tuple[Callable[[Any], object], Callable[[BaseException], None]]
        ] = {}

    @property
    def busy(self) -> bool:
        """True while the latest job has not reported back."""
        return self._job in self._callbacks

    def cancel(self) -> None:
        """Drop the result of the job still running (newer data was loaded meanwhile)."""
        self._callbacks = {}

    def start(
        self,
        path: Path,
        work: Callable[[Store], Any],
        done: Callable[[Any], object],
        failed: Callable[[BaseException], None],
        writable: bool = False,
    ) -> None:
        """Run ``work`` on a fresh read-only (or ``writable``) connection in a worker thread."""
        self._job += 1
        job = self._job
        self._callbacks = {job: (done, failed)}
        emit = self._finished.emit

        def run() -> None:
            result: Any = None
            error: BaseException | None = None
            try:
                store = open_reader(path, writable)
                try:
                    result = work(store)
                finally:
                    store.close()
            except BaseException as exc:  # handed to the GUI thread, which reports it
                error = exc
            try:
                emit(job, result, error)
            except RuntimeError:
                pass  # the window was closed meanwhile: nobody is waiting

        threading.Thread(target=run, name=f"background-read-{job}", daemon=True).start()

    def _on_finished(self, job: int, result: object, error: object) -> None:
        callbacks = self._callbacks.pop(job, None)
        if callbacks is None:
            return  # superseded by a later request
        done, failed = callbacks
        if isinstance(error, BaseException):
            failed(error)
        else:
            done(result)
