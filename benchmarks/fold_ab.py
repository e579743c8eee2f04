"""Logistic regression 1000x100: the generated gradient with and without one clean-up pass.

    python benchmarks/fold_ab.py                      # reduction_folding, 61 samples
    python benchmarks/fold_ab.py --samples 31 --backends numpy
    python benchmarks/fold_ab.py --pass value_free --workload chain   # W5, 1e6 elements

The hand-written NumPy gradient and s2sgrad's gradient built with the pass on and off
(``s2sgrad.pipeline.disabled``), on each backend, timed in turn sample after sample in one
process (``fused_cpu.interleaved``), so the two versions of the generated code see the same
machine load. Cells: median and fastest sample per call, the ratio of the medians to the
hand-written gradient, the median of the per-sample ratios and the ratio of the fastest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import workloads as wl  # noqa: E402
from fused_cpu import interleaved  # noqa: E402

import s2sgrad  # noqa: E402
from s2sgrad.pipeline import disabled  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=61)
    ap.add_argument("--min-time", type=float, default=0.005)
    ap.add_argument("--backends", default="numpy,numba")
    ap.add_argument("--pass", dest="pass_name", default="reduction_folding")
    ap.add_argument("--workload", default="logistic", choices=["logistic", "chain"])
    opts = ap.parse_args(argv)
    os.environ["S2SGRAD_CACHE"] = tempfile.mkdtemp(prefix="s2sgrad-ab-")
    fun, hand, argnums, args = {
        "logistic": (wl.logistic, wl.logistic_grad, (0,), wl.logistic_args(False)),
        "chain": (wl.chain, wl.chain_grad, (0, 1), wl.chain_args(False)),
    }[opts.workload]
    fns = {"hand-written NumPy": hand}
    for backend in opts.backends.split(","):
        on = s2sgrad.grad(fun, argnums=argnums, backend=backend)
        on(*args)  # its generated code stays with it (the call's fast path)
        with disabled(opts.pass_name):
            off = s2sgrad.grad(fun, argnums=argnums, backend=backend)
            off(*args)
        fns[f"s2sgrad {backend}, {opts.pass_name} on"] = on
        fns[f"s2sgrad {backend}, {opts.pass_name} off"] = off
    print(f"# load average {os.getloadavg()[0]:.1f} at the start")
    print("| gradient | median | fastest | median / hand | per-sample / hand | fastest / hand |")
    print("|---|---|---|---|---|---|")
    times = interleaved(list(fns.values()), args, opts.samples, opts.min_time)
    hand = times[0]
    for label, t in zip(fns, times):
        ratios = [a / b for a, b in zip(t, hand)]
        print(
            f"| {label} | {statistics.median(t) * 1e6:.1f} µs | {min(t) * 1e6:.1f} µs | "
            f"{statistics.median(t) / statistics.median(hand):.2f}x | "
            f"{statistics.median(ratios):.2f}x | {min(t) / min(hand):.2f}x |"
        )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
