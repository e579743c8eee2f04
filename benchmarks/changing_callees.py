"""Time of a gradient through a loop that calls a function changing a list it is
passed (``record(h, history)`` appending to ``history``), against autograd, for growing
numbers of steps: each step's adjoint should cost the same, whatever the list's length.

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


def main(steps) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 8)) * 0.3
    grad = s2sgrad.grad(rnn)
    theirs = autograd_version(rnn)
    if theirs is not None:
        import autograd

        theirs = autograd.grad(theirs)
    for t in steps:
        xs = rng.normal(size=(t, 8))
        grad(w, xs)  # transformed and compiled once
        line = f"{t:6d} steps  s2sgrad {best(lambda xs=xs: grad(w, xs)):8.4f} s"
        if theirs is not None:
            np.testing.assert_allclose(grad(w, xs), theirs(w, xs), rtol=1e-8, atol=1e-10)
            line += f"  autograd {best(lambda xs=xs: theirs(w, xs)):8.4f} s"
        print(line, flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 400, 1600])
