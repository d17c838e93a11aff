"""Running the site's tasks on every core: the parent and forked helpers share the graph.

A task is ``(function, args)``; ``function(job, *args)`` runs where ``job`` (the graph,
the templates and the file writer) is at hand. With ``n`` cores the parent forks
``n - 1`` helpers after the job is made, and all ``n`` processes take the next task from
a shared counter, so the heaviest tasks (listed first) start first and no process idles
while tasks remain. The helpers read the parent's graph without copying or pickling it;
each page they touch is still copied once (CPython writes reference counts into every
object it reads), so the parent works too rather than waiting: with two cores that is
two copies of the graph instead of three. ``gc.freeze()`` keeps the collector from
touching, and so copying, the rest.

Each task writes its own files, so the output does not depend on which process ran it
or in what order. What a task returns reaches ``on_result(index, result)`` in the
parent, in completion order. Fork is POSIX only; without it, or with one core, the
tasks run in the parent one by one, with the same output.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import traceback

from kg.errors import KgError
from kg.publishing.model import PublishError

_JOB = None  # the job the forked helpers inherit
_TRIM = []  # glibc's malloc_trim, once looked up (empty: not looked up yet; [None]: not there)


class _Failed:
    """A domain error raised in a task, carried back to the parent as data (KgError does not unpickle)."""

    def __init__(self, path, reason: str):
        self.path, self.reason = path, reason


def available_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _give_back_memory():
    """Hand the heap a big page freed back to the system.

    glibc keeps freed blocks for reuse, so after the page of an entity with 10,000 facts
    (the Turtle, JSON-LD and HTML of Russia are 100 MB at 10,000 articles) each process
    would stay 100 MB larger; ``malloc_trim`` costs microseconds when there is nothing to give.
    """
    if not _TRIM:
        try:
            _TRIM.append(ctypes.CDLL("libc.so.6").malloc_trim)
        except (OSError, AttributeError):  # not glibc
            _TRIM.append(None)
    if _TRIM[0] is not None:
        _TRIM[0](0)


def _run(index: int, task) -> tuple:
    function, args = task
    before = _JOB.writer.count
    try:
        result = function(_JOB, *args)
    except KgError as err:
        return index, _Failed(err.path, err.reason), 0
    except OSError as err:
        return index, _Failed(err.filename, f"cannot write the site: {err.strerror or err}"), 0
    _give_back_memory()
    return index, result, _JOB.writer.count - before


def _claim(counter, total: int) -> int | None:
    with counter.get_lock():
        index = counter.value
        if index >= total:
            return None
        counter.value = index + 1
    return index


def _helper(tasks: list, counter, results):
    """A forked helper: tasks until none is left, each result sent to the parent."""
    try:
        while (index := _claim(counter, len(tasks))) is not None:
            results.put(_run(index, tasks[index]))
    except BaseException:  # a bug, not a domain error: the parent reports it
        results.put((-1, _Failed(None, "a page writer failed:\n" + traceback.format_exc()), 0))
    results.close()
    results.join_thread()


def run(job, tasks: list, on_result, workers: int) -> int:
    """Run ``tasks`` for ``job``, calling ``on_result(index, result)`` in the parent.

    Returns how many files the helpers wrote (the parent's own count is in ``job.writer``).
    """
    global _JOB
    _JOB = job
    try:
        if workers <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for index, task in enumerate(tasks):
                _, result, _ = _run(index, task)
                _check(result)
                on_result(index, result)
            return 0
        return _run_forked(tasks, on_result, min(workers, len(tasks)))
    finally:
        _JOB = None


def _check(result):
    if isinstance(result, _Failed):
        raise PublishError(result.path, result.reason)


def _run_forked(tasks: list, on_result, workers: int) -> int:
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    results = context.Queue()
    gc.collect()
    gc.freeze()
    helpers = [context.Process(target=_helper, args=(tasks, counter, results), daemon=True) for _ in range(workers - 1)]
    files, done = 0, 0
    try:
        for helper in helpers:
            helper.start()

        def receive(block: bool):
            nonlocal files, done
            index, result, written = results.get(timeout=1.0) if block else results.get_nowait()
            _check(result)
            files += written
            done += 1
            on_result(index, result)

        while (index := _claim(counter, len(tasks))) is not None:
            _, result, _ = _run(index, tasks[index])
            _check(result)
            done += 1
            on_result(index, result)
            try:
                while True:  # what the helpers finished meanwhile: dump pieces wait for the parent
                    receive(False)
            except queue.Empty:
                pass
        while done < len(tasks):
            try:
                receive(True)
            except queue.Empty:
                if any(h.exitcode not in (None, 0) for h in helpers):
                    raise PublishError(None, "a page writer stopped unexpectedly") from None
        for helper in helpers:
            helper.join()
        return files
    finally:
        for helper in helpers:
            if helper.is_alive():
                helper.kill()
                helper.join()
        gc.unfreeze()


__all__ = ["available_workers", "run"]
