"""The timing loop shared by ``rnn_steps.py`` and ``changing_callees.py``: the gradient of a
loop over time steps by s2sgrad and by autograd (same numbers checked), one line each.

    line = report(f, w, xs, helpers=("step",), repeat=5, summary=statistics.median)
"""

import time
import types

import numpy as np

import s2sgrad


def timed(f, repeat) -> list:
    """Seconds of ``repeat`` calls of ``f()``, one at a time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return times


def autograd_version(f, helpers=()):
    """``f`` with autograd.numpy as np in it and in the functions of its module named in
    ``helpers`` (the ones it calls), or None without autograd."""
    try:
        import autograd.numpy as anp
    except ImportError:
        return None
    env = dict(f.__globals__, np=anp)
    for name in helpers:
        env[name] = types.FunctionType(f.__globals__[name].__code__, env)
    return types.FunctionType(f.__code__, env)


def report(f, w, xs, helpers=(), repeat=5, summary=min, width=8) -> str:
    """One line: ``summary`` (``min``, ``statistics.median``) of ``repeat`` timed calls of
    s2sgrad's gradient of ``f(w, xs)`` after one compiling call, and of autograd's, whose
    gradient it is checked against."""
    grad = s2sgrad.grad(f)
    grad(w, xs)  # transformed and compiled once
    ours = summary(timed(lambda: grad(w, xs), repeat))
    line = f"{f.__name__:{width}s} {len(xs):6d} steps  s2sgrad {ours:8.4f} s"
    theirs = autograd_version(f, helpers)
    if theirs is not None:
        import autograd

        theirs = autograd.grad(theirs)
        np.testing.assert_allclose(grad(w, xs), theirs(w, xs), rtol=1e-8, atol=1e-10)
        line += f"  autograd {summary(timed(lambda: theirs(w, xs), repeat)):8.4f} s"
    return line
