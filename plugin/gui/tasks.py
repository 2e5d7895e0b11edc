"""Where the plugin's background work runs: two lanes, so that short work never waits behind long work.

QGIS runs every QgsTask on one thread pool (``QThreadPool.globalInstance()`` in 3.22, which map
rendering shares; the task manager's own pool in later versions), as many threads as cores: two on
a Terrascope VM. A details read queued there behind a 100 000-product search and a layer load would
wait for one of them to end. So:

**Long lane** (search, layer loading, a profile's full read, anything that can take seconds):
``run_long(task, priority)`` adds a ``QgsTask`` to QGIS's task manager (its progress and cancel
button in the status bar, ``countActiveTasks()`` counts it), but at most :func:`long_slots` of ours
run at once (the pool's threads minus one, at least one): the others are added *on hold* and
released in priority order (then first come, first served) as ours end. A thread is always left
for QGIS (rendering, Processing in the background, other plugins) and for our short lane's answer
to be drawn. Cancelling a held task (``task.cancel()`` or the status bar) ends it at once;
``finished(False)`` is called as for any QgsTask.

**Short lane** (the details pane's metadata and quicklook, the archive roots check, the collections
of a root, a profile's first point: work a user is looking at an empty widget for, well under a
second): ``run_short(job, key)`` runs a :class:`ShortJob` on a small pool of our own threads
(:data:`SHORT_THREADS`), never shared with long work. A job submitted with the ``key`` of an earlier
one cancels it: a stale job not yet started never runs, one running is told to stop
(``isCanceled()``). ``call_short(description, function, *args, key=...)`` wraps a plain function
(:class:`ShortCall`, ``done(result, error)`` on the GUI thread, nothing when cancelled).

A :class:`ShortJob` keeps the QgsTask rules and method names: inputs snapshot in ``__init__`` (GUI
thread), the work in ``run() -> bool`` (worker thread: no widget, no layer added, check
``isCanceled()``), widgets only in ``finished(result)`` (GUI thread, called exactly once, ``False``
when cancelled or failed). An exception raised by ``run()`` is caught, logged and counts as ``False``.

    from .tasks import HIGH, call_short, run_long
    run_long(LoadLayersTask(...), HIGH)
    call = call_short(tr("Terrascope metadata"), read_product_xml, path, key="details.metadata")
    call.done.connect(on_metadata)

:func:`shutdown` (plugin unload) cancels the short jobs (ending their threads) and our long tasks
still on hold.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QObject, Qt, QThreadPool, pyqtSignal

from ..core.archive.catalogue import ArchiveError
from ..qgis_utils import log_warning

__all__ = [
    "HIGH",
    "LOW",
    "NORMAL",
    "SHORT_THREADS",
    "ShortCall",
    "ShortJob",
    "call_short",
    "long_slots",
    "run_long",
    "run_short",
    "running_long",
    "shutdown",
]

# Long-lane priorities: which held task is released first when one of ours ends.
HIGH, NORMAL, LOW = 2, 1, 0
# The details pane's two reads, plus one for a stale read (told to stop) still finishing.
SHORT_THREADS = 3


# Long lane ---------------------------------------------------------------------------------------
def _task_pool() -> QThreadPool:
    manager = QgsApplication.taskManager()
    pool = getattr(manager, "threadPool", None)  # QGIS >= 3.30: the manager has its own pool
    return pool() if pool is not None else QThreadPool.globalInstance()


def long_slots() -> int:
    """How many of our long tasks may run at once: all the task threads but one, at least one."""
    return max(1, _task_pool().maxThreadCount() - 1)


class _LongLane(QObject):
    """Our long tasks in QGIS's task manager, at most `long_slots()` of them not on hold."""

    def __init__(self) -> None:
        super().__init__(QgsApplication.instance())
        self.manager = QgsApplication.taskManager()
        self.tasks: dict[int, QgsTask] = {}  # ours, by task id: also keeps the Python wrappers alive
        self.active: set[int] = set()  # ours queued in the pool or running
        self.held: list[tuple[int, int, int]] = []  # heap of (-priority, order, task id)
        self.order = itertools.count()
        self.manager.statusChanged.connect(self._on_status)

    def submit(self, task: QgsTask, priority: int) -> QgsTask:
        hold = len(self.active) >= long_slots()
        if hold:
            task.hold()  # added on hold: listed (and cancellable) in QGIS, not started
        task_id = self.manager.addTask(task, priority)
        if not task_id:
            return task
        self.tasks[task_id] = task
        if hold and task.status() == QgsTask.OnHold:
            heapq.heappush(self.held, (-priority, next(self.order), task_id))
        elif task.status() in (QgsTask.Queued, QgsTask.Running):
            self.active.add(task_id)
        return task

    def _on_status(self, task_id: int, status: int) -> None:
        if task_id not in self.tasks or status not in (QgsTask.Complete, QgsTask.Terminated):
            return
        del self.tasks[task_id]
        self.active.discard(task_id)
        self._release()

    def _release(self) -> None:
        while self.held and len(self.active) < long_slots():
            _priority, _order, task_id = heapq.heappop(self.held)
            task = self.tasks.get(task_id)
            if task is None:  # cancelled while held
                continue
            self.active.add(task_id)
            task.unhold()

    def running(self) -> list[QgsTask]:
        return [self.tasks[i] for i in self.active if i in self.tasks]

    def close(self) -> None:
        """Cancel the tasks still on hold (nobody would release them) and stop listening."""
        self.manager.statusChanged.disconnect(self._on_status)
        for _priority, _order, task_id in self.held:
            task = self.tasks.get(task_id)
            if task is not None and task.status() == QgsTask.OnHold:
                task.cancel()
        self.held.clear()
        self.tasks.clear()
        self.active.clear()


_LONG: _LongLane | None = None


def run_long(task: QgsTask, priority: int = NORMAL) -> QgsTask:
    """Run a long ``QgsTask`` through QGIS's task manager, at most `long_slots()` of ours at once."""
    global _LONG
    if _LONG is None:
        _LONG = _LongLane()
    return _LONG.submit(task, priority)


def running_long() -> list[QgsTask]:
    """Our long tasks queued in the thread pool or running (not those on hold)."""
    return [] if _LONG is None else _LONG.running()


# Short lane --------------------------------------------------------------------------------------
class ShortJob(QObject):
    """Short interactive work with the QgsTask shape: ``run()`` on a worker, ``finished()`` on the GUI.

    ``setProgress(percent)`` from ``run()`` emits ``progressChanged(percent)`` (queued to the GUI)."""

    progressChanged = pyqtSignal(float)  # noqa: N815 (QgsTask's name)

    def __init__(self, description: str) -> None:
        super().__init__()
        self._description = description
        self._progress = 0.0
        self._cancelled = threading.Event()
        self._key: str | None = None  # the short lane's: the key it was submitted with

    def description(self) -> str:
        return self._description

    def run(self) -> bool:  # worker thread
        raise NotImplementedError

    def finished(self, result: bool) -> None:  # GUI thread, once
        """Show the outcome; ``result`` is False when ``run()`` failed or the job was cancelled."""

    def setProgress(self, percent: float) -> None:  # noqa: N802 (QgsTask's name)
        self._progress = float(percent)
        self.progressChanged.emit(self._progress)

    def progress(self) -> float:
        return self._progress

    def cancel(self) -> None:
        self._cancelled.set()

    def isCanceled(self) -> bool:  # noqa: N802 (QgsTask's name)
        return self._cancelled.is_set()


class ShortCall(ShortJob):
    """``function(*args)`` as a short job; ``done(result, error)`` on the GUI thread unless cancelled.

    ``error`` is a readable message (None on success). The function must not touch widgets.
    """

    done = pyqtSignal(object, object)

    def __init__(self, description: str, function: Callable[..., Any], *args: Any) -> None:
        super().__init__(description)
        self.function = function
        self.args = args
        self.result: Any = None
        self.error: str | None = None

    def run(self) -> bool:
        try:
            self.result = self.function(*self.args)
        except Exception as exc:  # turned into a message by the caller
            self.error = str(exc) or type(exc).__name__
            if not isinstance(exc, ArchiveError | OSError | ValueError):
                log_warning(traceback.format_exc())
            return False
        return True

    def finished(self, result: bool) -> None:  # noqa: ARG002 (ShortJob API)
        if not self.isCanceled():
            self.done.emit(self.result, self.error)


class _ShortLane(QObject):
    """A few daemon threads of our own taking short jobs first come, first served."""

    delivered = pyqtSignal(object, bool)

    def __init__(self, threads: int = SHORT_THREADS) -> None:
        super().__init__(QgsApplication.instance())
        self.queue: queue.SimpleQueue[ShortJob | None] = queue.SimpleQueue()
        self.pending: set[ShortJob] = set()  # submitted, not yet delivered: keeps them alive
        self.keys: dict[str, ShortJob] = {}
        self.delivered.connect(self._deliver, Qt.QueuedConnection)
        self.threads = [
            threading.Thread(target=self._work, name=f"terrascope-short-{n}", daemon=True)
            for n in range(threads)
        ]
        for thread in self.threads:
            thread.start()

    def submit(self, job: ShortJob, key: str | None) -> ShortJob:
        if key is not None:
            stale = self.keys.get(key)
            if stale is not None and stale is not job:
                stale.cancel()
            self.keys[key] = job
        job._key = key  # noqa: SLF001 (ours)
        self.pending.add(job)
        self.queue.put(job)
        return job

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            if job is None:  # closed
                return
            result = False
            if not job.isCanceled():  # a stale job not started yet never runs
                result = self._run(job)
            try:
                self.delivered.emit(job, result and not job.isCanceled())
            except RuntimeError:  # the lane was deleted with the application: nobody to tell
                return

    @staticmethod
    def _run(job: ShortJob) -> bool:
        try:
            return bool(job.run())
        except Exception:  # an exception must not kill the worker: it counts as a failure
            log_warning(f"{job.description()}: {traceback.format_exc()}")
            return False

    def _deliver(self, job: ShortJob, result: bool) -> None:
        self.pending.discard(job)
        key = job._key  # noqa: SLF001 (ours)
        if key is not None and self.keys.get(key) is job:
            del self.keys[key]
        try:
            job.finished(result)
        except Exception:  # a slot's exception would abort QGIS: log it instead
            log_warning(f"{job.description()}: {traceback.format_exc()}")

    def close(self) -> None:
        """Cancel every job (each still gets its ``finished(False)``) and end the threads."""
        for job in list(self.pending):
            job.cancel()
        for _thread in self.threads:
            self.queue.put(None)


_SHORT: _ShortLane | None = None


def run_short(job: ShortJob, key: str | None = None) -> ShortJob:
    """Run ``job`` on the short lane; an earlier job with the same ``key`` is cancelled."""
    global _SHORT
    if _SHORT is None:
        _SHORT = _ShortLane()
    return _SHORT.submit(job, key)


def call_short(
    description: str, function: Callable[..., Any], *args: Any, key: str | None = None
) -> ShortCall:
    """``function(*args)`` on the short lane; connect to the returned call's ``done`` right away
    (it is delivered through the GUI thread's event loop, so never before the caller returns)."""
    call = ShortCall(description, function, *args)
    run_short(call, key)
    return call


def shutdown() -> None:
    """The plugin is unloaded: cancel the short jobs and end their threads, cancel our long tasks
    still on hold. The lanes are made again on the next submission."""
    global _SHORT, _LONG
    if _SHORT is not None:
        _SHORT.close()
        _SHORT = None
    if _LONG is not None:
        _LONG.close()
        _LONG = None
