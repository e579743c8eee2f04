"""Two s2sgrad trees in one process: logistic regression's gradient call, interleaved.

    git worktree add --detach /tmp/perfbase main
    python benchmarks/call_ab.py /tmp/perfbase .                 # 401 samples, CPU time
    python benchmarks/call_ab.py /tmp/perfbase . --samples 801 --clock wall

Each tree's ``s2sgrad`` is imported in turn under its own name (the modules of the first
are dropped from ``sys.modules`` before the second is imported; the gradients made from
each keep their own modules, and a warmed-up call imports nothing), and each makes
``grad(logistic)`` on the numba and NumPy backends. The hand-written gradient and the
four s2sgrad gradients are then timed in turn, sample after sample, on logistic
regression 1000x100 (float64, ``benchmarks/workloads.py``) and on 3x2 arrays, where the
arithmetic is negligible and what is left is the call's overhead. Cells: median and
fastest sample per call, the per-sample ratio to the hand-written gradient (median and
quartiles), the ratio of the fastest samples, and the per-sample difference (median).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import workloads as wl  # noqa: E402


def load(tree: str):
    """The ``s2sgrad`` package of ``tree``, imported afresh."""
    for name in [k for k in sys.modules if k == "s2sgrad" or k.startswith("s2sgrad.")]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    try:
        module = importlib.import_module("s2sgrad")
    finally:
        sys.path.remove(tree)
    assert os.path.abspath(module.__file__).startswith(tree), module.__file__
    return module


def timed(fns: dict, args, samples: int, reps: int, clock) -> dict:
    """Microseconds per call of each of ``fns``, ``samples`` times, in turn."""
    out = {k: [] for k in fns}
    for _ in range(samples):
        for k, fn in fns.items():
            t0 = clock()
            for _ in range(reps):
                fn(*args)
            out[k].append((clock() - t0) / reps * 1e6)
    return out


def report(title: str, res: dict) -> None:
    hand = res["hand"]
    print(f"\n{title}\n")
    print(
        "| gradient | median | fastest | per-sample / hand: median (quartiles) "
        "| fastest / fastest hand | minus hand, per-sample median |"
    )
    print("|---|---|---|---|---|---|")
    for k, v in res.items():
        q = statistics.quantiles([a / b for a, b in zip(v, hand)], n=4)
        d = statistics.median(a - b for a, b in zip(v, hand))
        print(
            f"| {k} | {statistics.median(v):.2f} µs | {min(v):.2f} µs | {q[1]:.3f}x "
            f"({q[0]:.3f}-{q[2]:.3f}) | {min(v) / min(hand):.3f}x | {d:.2f} µs |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="the tree to compare with (a worktree of main)")
    ap.add_argument("branch", help="the tree with the change")
    ap.add_argument("--samples", type=int, default=401)
    ap.add_argument("--clock", choices=["thread", "wall"], default="thread")
    ap.add_argument("--backends", default="numba,numpy")
    opts = ap.parse_args()
    clock = time.thread_time if opts.clock == "thread" else time.perf_counter
    big = wl.logistic_args(False)
    rng = np.random.default_rng(0)
    small = (rng.standard_normal(2), rng.standard_normal((3, 2)), np.array([1.0, -1.0, 1.0]))
    made = {}
    for name, tree in (("base", opts.base), ("branch", opts.branch)):
        s2sgrad = load(os.path.abspath(tree))
        for backend in opts.backends.split(","):
            g = s2sgrad.grad(wl.logistic, 0, backend=backend)
            for args in (big, small, big):  # both instances made, the big one's entry last
                g(*args)
                g(*args)
            made[f"{name} {backend}"] = g
    ref = wl.logistic_grad(*big)[0]
    for k, g in made.items():
        err = np.max(np.abs(g(*big) - ref)) / np.max(np.abs(ref))
        assert err < 1e-14, (k, err)
    print(f"load average {os.getloadavg()[0]:.1f}, {opts.samples} samples, clock {opts.clock}")
    fns = {"hand": wl.logistic_grad, **made}
    report("logistic 1000x100", timed(fns, big, opts.samples, 100, clock))
    report("logistic 3x2 (per-call overhead)", timed(fns, small, opts.samples, 2000, clock))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
