"""CPU benchmark of fused kernels: s2sgrad with ``backend="numba"`` against NumPy.

    python benchmarks/fused_cpu.py                # needs numba (pip install "s2sgrad[numba]")
    python benchmarks/fused_cpu.py --samples 15

Workloads from ``workloads.py`` (float64): the elementwise chain on 1e6 elements (W5)
and logistic regression 1000x100. Columns: the hand-written NumPy gradient, s2sgrad on
NumPy, s2sgrad on numba (fused regions), and the ratio numba / hand-written. Each cell
is the median of single calls after a warm-up. The first numba call is timed twice:
cold (empty kernel cache: numba compiles) and warm (a fresh transform whose kernels
numba loads from its on-disk cache).
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

CASES = [("chain", "1e6 elements", wl.chain, wl.chain_grad, (0, 1), lambda: wl.chain_args(False)),
         ("logistic", "1000x100", wl.logistic, wl.logistic_grad, (0,),
          lambda: wl.logistic_args(False))]


def median_time(fn, args, samples):
    fn(*args)
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


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
    ap.add_argument("--samples", type=int, default=9)
    opts = ap.parse_args(argv)
    os.environ["S2SGRAD_CACHE"] = tempfile.mkdtemp(prefix="s2sgrad-bench-")
    import numba
    import numpy as np

    print(f"# numba {numba.__version__}, NumPy {np.__version__}, {os.cpu_count()} CPU cores, "
          f"{numba.config.NUMBA_NUM_THREADS} numba threads")
    print("| workload | size | hand NumPy | s2sgrad NumPy | s2sgrad numba | numba / hand "
          "| numba first call, cold | from cache |")
    print("|---|---|---|---|---|---|---|---|")
    for name, size, fun, hand, argnums, make in CASES:
        args = make()
        cold = first_call(fun, argnums, args)
        warm = first_call(fun, argnums, args)
        g_np = s2sgrad.grad(fun, argnums=argnums)
        g_nb = s2sgrad.grad(fun, argnums=argnums, backend="numba")
        ref = hand(*args)
        got = g_nb(*args)
        got = got if isinstance(got, tuple) else (got,)
        err = max(float(np.max(np.abs(a - b)) / np.max(np.abs(b))) for a, b in zip(got, ref))
        t_hand = median_time(hand, args, opts.samples)
        t_np = median_time(g_np, args, opts.samples)
        t_nb = median_time(g_nb, args, opts.samples)
        print(f"| {name} | {size} | {t_hand * 1e3:.2f} ms | {t_np * 1e3:.2f} ms | "
              f"{t_nb * 1e3:.2f} ms | {t_nb / t_hand:.2f}x | {cold:.2f} s | {warm:.2f} s |")
        print(f"# {name}: max error of s2sgrad numba vs hand-written, relative: {err:.1e}")


if __name__ == "__main__":
    main()
