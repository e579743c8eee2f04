"""Time of gradients through loops over a list that changes as they go, against
autograd, for growing numbers of steps: ``rnn`` calls a function appending to the list
it is passed (a changing callee, normalize/changes.py), ``window`` keeps the last four
states (``append`` and ``pop(0)``), ``drain`` pops a stack of all states until it is
empty (in-place pops the adjoint sweep undoes, reverse/statements.py). Each step's
adjoint should cost about the same whatever the list's length.

    .venv/bin/python benchmarks/changing_callees.py 100 400 1600
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from steps_timing import report  # noqa: E402


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


def main(steps) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 8)) * 0.3
    for f in (rnn, window, drain):
        for t in steps:
            print(report(f, w, rng.normal(size=(t, 8)), ("record",), 3, min, 7), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 400, 1600])
