"""One generic worker: runs a core function off the GUI thread, reporting through signals.

A job is any callable taking `progress` and `cancel` keyword arguments (the core's convention).
Signals are queued to the GUI thread, so slots may touch widgets; the runner keeps each job's
signals object alive until it has reported, which PySide would otherwise garbage-collect.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from evidencekit.core.errors import EvidenceKitError
from evidencekit.i18n import _

JobFunction = Callable[..., Any]
QT_INT_MAX = 2**31 - 1


class JobSignals(QObject):
    """What a running job reports back to the GUI thread."""

    #: (done, total, label) as the core's progress callback gives them.
    progress = Signal(int, int, str)
    #: the job's return value.
    finished = Signal(object)
    #: one sentence for the user; the job raised.
    failed = Signal(str)


class Job(QRunnable):
    """A QRunnable around one call; `cancel` is the Event the core function polls."""

    def __init__(self, fn: JobFunction, *args: Any, pass_progress: bool = True,
                 **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner owns the job until it reports
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.pass_progress = pass_progress
        self.cancel = threading.Event()
        self.signals = JobSignals()

    def _progress(self, done: int, total: int, label: str) -> None:
        # Qt's int is 32 bits: a 5 GB batch counted in bytes is scaled down, not overflowed.
        total = max(int(total), 0)
        done = min(max(int(done), 0), total)
        while total > QT_INT_MAX:
            done, total = done >> 10, total >> 10
        self.signals.progress.emit(done, total, str(label))

    def run(self) -> None:
        try:
            if self.pass_progress:
                result = self.fn(*self.args, progress=self._progress, cancel=self.cancel,
                                 **self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except EvidenceKitError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a traceback must never reach the user
            self.signals.failed.emit(
                _("Something unexpected went wrong ({kind}); nothing was changed by the step "
                  "that failed.").format(kind=type(exc).__name__))
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Starts jobs on a thread pool and cancels them all when the vault locks."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._active: set[Job] = set()

    def start(
        self,
        job: Job,
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Job:
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        if on_finished is not None:
            job.signals.finished.connect(on_finished)
        if on_failed is not None:
            job.signals.failed.connect(on_failed)
        job.signals.finished.connect(lambda _result: self._active.discard(job))
        job.signals.failed.connect(lambda _message: self._active.discard(job))
        self._active.add(job)
        self.pool.start(job)
        return job

    def run(self, fn: JobFunction, *args: Any, on_finished: Callable[[Any], None] | None = None,
            on_failed: Callable[[str], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None,
            pass_progress: bool = True, **kwargs: Any) -> Job:
        job = Job(fn, *args, pass_progress=pass_progress, **kwargs)
        return self.start(job, on_finished, on_failed, on_progress)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for job in list(self._active):
            job.cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))
