"""Checkpointing: memory and time of a long loop's gradient, with and without segments.

    python benchmarks/checkpoint.py [--steps 100000] [--size 2000] [--segment 400]

The loop ``h = tanh(h * w + c * i * 1e-5)`` runs ``steps`` times on a ``size``-vector.
Unsegmented, the reverse sweep keeps one saved ``h`` per step; as checkpointed segments
of ``segment`` steps it keeps one per segment plus one segment's worth while the
segment's forward sweep is recomputed. Peak memory is traced allocation (tracemalloc,
which sees NumPy's buffers); times are medians of repeats, both variants in one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

import s2sgrad

SEGMENT = 400


@s2sgrad.checkpoint
def segment(h, w, c, start):
    for i in range(start, start + SEGMENT):
        h = np.tanh(h * w + c * i * 1e-5)
    return h


def segmented(w, c, h0, steps):
    h = h0
    for s in range(steps // SEGMENT):
        h = segment(h, w, c, s * SEGMENT)
    return np.sum(h)


def unsegmented(w, c, h0, steps):
    h = h0
    for i in range(steps):
        h = np.tanh(h * w + c * i * 1e-5)
    return np.sum(h)


def measure(fun, args, repeats):
    g = s2sgrad.grad(fun, argnums=(0, 1))
    g(*args)  # transform and compile outside the measurement
    tracemalloc.start()
    grads = g(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        g(*args)
        times.append(time.perf_counter() - start)
    return grads, peak, statistics.median(times)


def main(argv=None) -> None:
    global SEGMENT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--segment", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    a = parser.parse_args(argv)
    if a.steps % a.segment:
        parser.error("--steps must be a multiple of --segment")
    SEGMENT = a.segment
    rng = np.random.default_rng(0)
    w, c, h0 = (rng.uniform(0.5, 1.0, a.size), rng.normal(size=a.size), rng.normal(size=a.size))
    base, base_peak, base_time = measure(unsegmented, (w, c, h0, a.steps), a.repeats)
    ck, ck_peak, ck_time = measure(segmented, (w, c, h0, a.steps), a.repeats)
    err = max(float(np.max(np.abs(x - y))) for x, y in zip(base, ck))
    print(
        f"{a.steps} steps on a {a.size}-vector, {a.steps // a.segment} segments of "
        f"{a.segment}, median of {a.repeats}"
    )
    print(f"unsegmented : peak {base_peak / 2**20:9.1f} MiB  time {base_time:7.3f} s")
    print(f"checkpointed: peak {ck_peak / 2**20:9.1f} MiB  time {ck_time:7.3f} s")
    print(
        f"memory ratio {ck_peak / base_peak:.3f}  time ratio {ck_time / base_time:.2f}  "
        f"max gradient difference {err:.1e}"
    )


if __name__ == "__main__":
    main()
