"""CPU benchmark of fused kernels: s2sgrad with ``backend="numba"`` against NumPy.

    python benchmarks/fused_cpu.py                # needs numba (pip install "s2sgrad[numba]")
    python benchmarks/fused_cpu.py --samples 15
    python benchmarks/fused_cpu.py --clock thread   # CPU time of this thread: less load-bound

Workloads from ``workloads.py`` (float64): the elementwise chain on 1e6 elements (W5)
and logistic regression 1000x100. Columns: the hand-written NumPy gradient, s2sgrad on
NumPy, s2sgrad on numba (fused regions), and the ratio numba / hand-written. The three
are timed in turn, sample after sample, in one process (each sample repeats calls for at
least ``--min-time`` seconds), so a change in the machine's load reaches all three; each
cell is the median over samples; the ratio columns give the ratio of the medians, the
median, quartiles and range of the per-sample ratios, and the ratio of the fastest
samples (the least disturbed by other processes on a shared machine). The first numba call is
timed twice: cold (empty kernel cache: numba compiles) and warm (a fresh transform
whose kernels numba loads from its on-disk cache).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import workloads as wl  # noqa: E402

import s2sgrad  # noqa: E402

CASES = [
    ("chain", "1e6 elements", wl.chain, wl.chain_grad, (0, 1), lambda: wl.chain_args(False)),
    ("logistic", "1000x100", wl.logistic, wl.logistic_grad, (0,), lambda: wl.logistic_args(False)),
]


def interleaved(fns, args, samples, min_time, clock=time.perf_counter):
    """Seconds per call of each of ``fns``, ``samples`` times, the functions in turn, by
    ``clock`` (``time.thread_time``: CPU time, which other processes' load disturbs less
    than wall time, though they still share caches and cores)."""
    reps = []
    for fn in fns:
        fn(*args)
        n, t = 1, 0.0
        while True:
            t0 = clock()
            for _ in range(n):
                fn(*args)
            t = clock() - t0
            if t >= min_time:
                break
            n *= 2
        reps.append(n)
    out = [[] for _ in fns]
    for _ in range(samples):
        for fn, n, times in zip(fns, reps, out):
            t0 = clock()
            for _ in range(n):
                fn(*args)
            times.append((clock() - t0) / n)
    return out


def _quartiles(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) > 1 else [v[0]] * 3
    return v[0], q[0], q[1], q[2], v[-1]


def _time(seconds) -> str:
    """``12.34 ms``, or ``28.1 µs`` under a millisecond."""
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.1f} µs"


def first_call(fun, argnums, args):
    """Seconds of a first call: transform, then compile or load the kernels."""
    from s2sgrad.backends import kernels

    s2sgrad.clear_cache()
    kernels._kernels.clear()
    t0 = time.perf_counter()
    s2sgrad.grad(fun, argnums=argnums, backend="numba")(*args)
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=15)
    ap.add_argument(
        "--min-time", type=float, default=0.005, help="seconds of calls per sample (default 0.005)"
    )
    ap.add_argument(
        "--clock",
        choices=("wall", "thread"),
        default="wall",
        help="wall time (default) or this thread's CPU time (time.thread_time)",
    )
    ap.add_argument("--only", choices=[c[0] for c in CASES], help="one workload only")
    opts = ap.parse_args(argv)
    clock = time.thread_time if opts.clock == "thread" else time.perf_counter
    os.environ["S2SGRAD_CACHE"] = tempfile.mkdtemp(prefix="s2sgrad-bench-")
    import numba
    import numpy as np

    print(
        f"# numba {numba.__version__}, NumPy {np.__version__}, {os.cpu_count()} CPU cores, "
        f"{numba.config.NUMBA_NUM_THREADS} numba threads, load average "
        f"{os.getloadavg()[0]:.1f} at the start, {opts.clock} clock"
    )
    print(
        "| workload | size | hand NumPy | s2sgrad NumPy | s2sgrad numba | numba / hand "
        "| per-sample numba / hand: median (quartiles) [range] | fastest numba / fastest hand "
        "| numba first call, cold | from cache |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, size, fun, hand, argnums, make in CASES:
        if opts.only not in (None, name):
            continue
        args = make()
        cold = first_call(fun, argnums, args)
        warm = first_call(fun, argnums, args)
        g_np = s2sgrad.grad(fun, argnums=argnums)
        g_nb = s2sgrad.grad(fun, argnums=argnums, backend="numba")
        ref = hand(*args)
        got = g_nb(*args)
        got = got if isinstance(got, tuple) else (got,)
        err = max(float(np.max(np.abs(a - b)) / np.max(np.abs(b))) for a, b in zip(got, ref))
        t_hand, t_np, t_nb = interleaved(
            (hand, g_np, g_nb), args, opts.samples, opts.min_time, clock
        )
        m_hand, m_np, m_nb = (statistics.median(t) for t in (t_hand, t_np, t_nb))
        lo, q1, q2, q3, hi = _quartiles([b / h for b, h in zip(t_nb, t_hand)])
        print(
            f"| {name} | {size} | {_time(m_hand)} | {_time(m_np)} | "
            f"{_time(m_nb)} | {m_nb / m_hand:.2f}x | {q2:.2f}x ({q1:.2f}-{q3:.2f}) "
            f"[{lo:.2f}-{hi:.2f}] | {min(t_nb) / min(t_hand):.2f}x | {cold:.2f} s | "
            f"{warm:.2f} s |"
        )
        print(
            f"# {name}: max error of s2sgrad numba vs hand-written, relative: {err:.1e}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
