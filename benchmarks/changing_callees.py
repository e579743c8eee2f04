"""Time of gradients through loops over a list that changes as they go, against
autograd, for growing numbers of steps: ``rnn`` calls a function appending to the list
it is passed (a changing callee, normalize/changes.py), ``window`` keeps the last four
states (``append`` and ``pop(0)``), ``drain`` pops a stack of all states until it is
empty (normalize/removals.py). Each step's adjoint should cost about the same whatever
the list's length.

    .venv/bin/python benchmarks/changing_callees.py 100 400 1600
"""

import sys
import time
import types

import numpy as np

import s2sgrad


def record(h, history):
    history.append(h)


def rnn(w, xs):
    history = []
    h = np.zeros(w.shape[0])
    for x in xs:
        h = np.tanh(w @ h + x)
        record(h, history)
    return np.sum(np.stack(history) ** 2)


def window(w, xs):
    recent = []
    h = np.zeros(w.shape[0])
    for x in xs:
        h = np.tanh(w @ h + x)
        recent.append(h)
        if len(recent) > 4:
            recent.pop(0)
        h = sum(recent) * 0.25
    return np.sum(h**2)


def drain(w, xs):
    stack = [np.tanh(w @ x) for x in xs]
    total = 0.0
    while stack:
        total = total + np.sum(stack.pop() ** 2)
    return total


def best(f, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def autograd_version(f):
    """``f`` and the functions of this module it calls, with autograd.numpy as np (None
    without autograd)."""
    try:
        import autograd.numpy as anp
    except ImportError:
        return None
    env = dict(f.__globals__, np=anp)
    env["record"] = types.FunctionType(record.__code__, env)
    return types.FunctionType(f.__code__, env)


def report(f, w, xs) -> str:
    """One line: the best time of s2sgrad's gradient of ``f`` and of autograd's."""
    grad = s2sgrad.grad(f)
    grad(w, xs)  # transformed and compiled once
    line = f"{f.__name__:7s} {len(xs):6d} steps  s2sgrad {best(lambda: grad(w, xs)):8.4f} s"
    theirs = autograd_version(f)
    if theirs is not None:
        import autograd

        theirs = autograd.grad(theirs)
        np.testing.assert_allclose(grad(w, xs), theirs(w, xs), rtol=1e-8, atol=1e-10)
        line += f"  autograd {best(lambda: theirs(w, xs)):8.4f} s"
    return line


def main(steps) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 8)) * 0.3
    for f in (rnn, window, drain):
        for t in steps:
            print(report(f, w, rng.normal(size=(t, 8))), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 400, 1600])
