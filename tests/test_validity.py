"""Issue 10: decorators, stale derivatives, source that is not the running code, fork,
and functions without Python source. Each either differentiates correctly or raises
s2sgrad's own error."""

from __future__ import annotations

import os
import threading
import time
import warnings

import numpy as np
import pytest

import s2sgrad

# -- fork while other threads transform -------------------------------------------------------


def _fork_target(x):
    return np.sum(np.sin(x) * x)


def _busy_target(x):
    y = np.tanh(x) * 2.0
    return np.sum(y * y + np.exp(-x))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_while_threads_transform_leaves_children_working():
    stop = threading.Event()

    def transform_forever():
        x = np.linspace(0.1, 1.0, 4)
        while not stop.is_set():
            s2sgrad.clear_cache()
            s2sgrad.grad(_busy_target)(x)

    threads = [threading.Thread(target=transform_forever, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    x = np.linspace(0.2, 0.8, 3)
    expected = np.sin(x) + x * np.cos(x)
    hung = failed = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            for _ in range(200):
                pid = os.fork()
                if pid == 0:  # child: transform afresh, exit at once
                    code = 1
                    try:
                        s2sgrad.clear_cache()
                        g = s2sgrad.grad(_fork_target)(x)
                        code = 0 if np.allclose(g, expected) else 2
                    finally:
                        os._exit(code)
                deadline = time.monotonic() + 5.0
                while True:
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        failed += os.waitstatus_to_exitcode(status) != 0
                        break
                    if time.monotonic() > deadline:
                        os.kill(pid, 9)
                        os.waitpid(pid, 0)
                        hung += 1
                        break
                    time.sleep(0.0005)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert (hung, failed) == (0, 0)


def test_fork_handlers_replace_the_locks():
    from s2sgrad import backends, pipeline

    old = (pipeline._lock, backends._lock)
    pipeline._in_progress.add("stale")
    try:
        pipeline._after_fork_in_child()
        backends._after_fork_in_child()
        assert pipeline._lock is not old[0] and backends._lock is not old[1]
        assert not pipeline._in_progress
    finally:
        pipeline._lock, backends._lock = old
