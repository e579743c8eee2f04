"""Gradient throughput on a 2-worker Dask cluster against plain NumPy, and peak worker memory.

    pip install -e ".[dask]"
    python benchmarks/dask_bench.py                  # the sizes in benchmarks/README.md
    python benchmarks/dask_bench.py --rows 2e5 --lazy-rows 1e6 --samples 1   # a quick run

The loss is the logistic regression of ``examples/dask_logistic_regression.py``
(16 float32 features, NumPy weights on the client); one sample is one call of
``s2sgrad.value_and_grad`` with respect to the weights and the bias, computed to the
end (loss and both gradients gathered on the client). Rows:

- NumPy: the data in this process as NumPy arrays.
- Dask in memory: the same data as a chunked Dask array persisted on a LocalCluster of
  2 worker processes (1 thread, 1 GiB memory limit each).
- Dask generated: a larger array that does not fit in the workers' memory, generated
  lazily in every sample (the cost of generating it is part of the sample, and given
  alone in the last row).

BLAS runs one thread per process (set before NumPy is imported; the workers inherit it),
as each worker runs one task at a time. Peak memory per worker is the largest resident set
size each worker process reached during that row (Linux ``VmHWM``, reset before the row);
for NumPy it is this process's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))

import numpy as np  # noqa: E402
from dask_logistic_regression import FEATURES, loss, make_data  # noqa: E402

import s2sgrad  # noqa: E402


def timed(fun, samples, warm_up=True):
    """Median wall time of ``samples`` calls of ``fun`` (after one warm-up call)."""
    if warm_up:
        fun()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fun()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _reset_peak():
    """Start a new peak: Linux lets a process reset its high-water mark (clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _current_peak():
    """The resident high-water mark since the last reset (VmHWM), else since the start."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def worker_peaks(client):
    return sorted(client.run(_current_peak).values())


def reset_worker_peaks(client):
    if not all(client.run(_reset_peak).values()):
        print("# cannot reset the workers' memory high-water marks: peaks are since start")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows",
        type=float,
        default=4_194_304,
        help="rows of the data that fits (default 256 MiB of features)",
    )
    parser.add_argument(
        "--lazy-rows",
        type=float,
        default=50_331_648,
        help="rows of the generated data (default 3 GiB of features)",
    )
    parser.add_argument(
        "--chunk-rows", type=float, default=1_048_576, help="rows per chunk (default 64 MiB chunks)"
    )
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument(
        "--lazy-samples",
        type=int,
        default=1,
        help="samples of the generated data, without a warm-up",
    )
    args = parser.parse_args(argv)
    rows, lazy_rows, chunk = int(args.rows), int(args.lazy_rows), int(args.chunk_rows)

    import dask
    import distributed

    print(
        f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, Dask {dask.__version__}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    value_and_grad = s2sgrad.value_and_grad(loss, argnums=(0, 1))
    w = np.linspace(-0.1, 0.1, FEATURES).astype(np.float32)
    b = 0.1

    X, y, _ = make_data(rows, min(chunk, rows))
    results = []  # (row, rows, seconds, peak per worker)

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        Xn, yn = client.compute([X, y], sync=True)
        _reset_peak()
        numpy_time = timed(lambda: value_and_grad(w, b, Xn, yn), args.samples)
        results.append(
            (
                "NumPy, data in memory",
                rows,
                numpy_time,
                f"{_current_peak() / 2**20:.0f} MiB (one process)",
            )
        )
        expected = value_and_grad(w, b, Xn, yn)
        Xn = yn = None  # free the client's copy

        def on_cluster(X, y):
            value, (dw, db) = value_and_grad(w, b, X, y)
            return client.compute([value, dw, db], sync=True)

        Xp, yp = client.persist([X, y])
        distributed.wait([Xp, yp])
        got = on_cluster(Xp, yp)
        error = max(
            float(np.max(np.abs(np.asarray(g) - e)) / max(np.max(np.abs(e)), 1e-30))
            for g, e in zip(got, (expected[0], *expected[1]))
        )
        reset_worker_peaks(client)
        cluster_time = timed(lambda: on_cluster(Xp, yp), args.samples)
        results.append(("Dask in memory, 2 workers", rows, cluster_time, worker_peaks(client)))
        Xp = yp = None  # free the workers' copy

        Xl, yl, _ = make_data(lazy_rows, chunk, seed=1)
        reset_worker_peaks(client)
        lazy_time = timed(lambda: on_cluster(Xl, yl), args.lazy_samples, warm_up=False)
        results.append(("Dask generated, 2 workers", lazy_rows, lazy_time, worker_peaks(client)))
        reset_worker_peaks(client)
        gen_time = timed(
            lambda: client.compute([Xl.sum(), yl.sum()], sync=True),
            args.lazy_samples,
            warm_up=False,
        )
        results.append(("(generating that data alone)", lazy_rows, gen_time, worker_peaks(client)))

    print(
        f"# data that fits: {rows:,} rows ({rows * FEATURES * 4 / 2**20:.0f} MiB); generated: "
        f"{lazy_rows:,} rows ({lazy_rows * FEATURES * 4 / 2**30:.2f} GiB); chunks of "
        f"{chunk:,} rows; median of {args.samples} samples ({args.lazy_samples} for the "
        f"generated data); cluster gradient vs NumPy: max "
        f"relative error {error:.1e}"
    )
    print("| run | rows | time per gradient | rows/s | peak memory per worker |")
    print("|---|---|---|---|---|")
    for name, n, seconds, peak in results:
        if isinstance(peak, list):
            peak = ", ".join(f"{p / 2**20:.0f} MiB" for p in peak)
        print(f"| {name} | {n:,} | {seconds:.2f} s | {n / seconds:,.0f} | {peak} |")


if __name__ == "__main__":
    main()
