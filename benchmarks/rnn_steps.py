"""Gradient time of loops over time steps that build lists of states, against autograd,
for growing numbers of steps (median of repeats). Each step's adjoint should cost about
the same whatever the number of steps: the whole gradient is O(T).

``rnn`` appends ``step(h, x[t], w)`` to a list and sums the stacked states; ``recorded``
appends through a callee given the list (a changing callee: its adjoint copied the whole
list's adjoint, with zeros for every item, at each step before session 9); ``listsum``
accumulates a list of arrays with ``sum``; ``callees`` alternates two step functions and
reads every other state; ``stack`` pushes the states and drains the list with ``pop()``
(an in-place change the adjoint sweep undoes, O(1) a pop; see benchmarks/README.md).

    .venv/bin/python benchmarks/rnn_steps.py 100 400 1600
"""

import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from steps_timing import report  # noqa: E402


def step(h, x, w):
    return np.tanh(w @ h + x)


def step_other(h, x, w):
    return np.sin(w @ h) + x


def rnn(w, x):
    h = np.zeros(w.shape[0])
    hs = []
    for t in range(len(x)):
        h = step(h, x[t], w)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def record(h, history):
    history.append(h)


def recorded(w, x):
    h = np.zeros(w.shape[0])
    hs = []
    for t in range(len(x)):
        h = step(h, x[t], w)
        record(h, hs)
    return np.sum(np.stack(hs) ** 2)


def listsum(w, x):
    h = np.zeros(w.shape[0])
    outs = []
    for t in range(len(x)):
        h = step(h, x[t], w)
        outs.append(h * h)
    return np.sum(sum(outs))


def callees(w, x):
    h = np.zeros(w.shape[0])
    hs = []
    for t in range(len(x)):
        if t % 2:
            h = step_other(h, x[t], w)
        else:
            h = step(h, x[t], w)
        hs.append(h)
    return np.sum(hs[-1] ** 2) + np.sum(np.stack(hs[::2]))


def stack(w, x):
    h = np.zeros(w.shape[0])
    hs = []
    for t in range(len(x)):
        h = step(h, x[t], w)
        hs.append(h)
    total = 0.0
    while hs:
        total = total + np.sum(hs.pop() ** 2)
    return total


HELPERS = ("step", "step_other", "record")  # the functions the programs call


def main(steps, repeat=5) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 8)) * 0.3
    programs = {f.__name__: f for f in (rnn, recorded, listsum, callees, stack)}
    chosen = [programs[n] for n in os.environ.get("PROGRAMS", "").split(",") if n]
    for f in chosen or programs.values():
        for t in steps:
            line = report(f, w, rng.normal(size=(t, 8)), HELPERS, repeat, statistics.median)
            print(line, flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 400, 1600])
