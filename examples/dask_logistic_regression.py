"""Logistic regression on more data than a worker can hold, with gradients from s2sgrad
computed by a Dask cluster.

    pip install -e ".[dask]"
    python examples/dask_logistic_regression.py            # about 3 GiB of data
    python examples/dask_logistic_regression.py --rows 1e6 # a quick run

The features are a lazily generated, chunked Dask array of about 3 GiB (float32); the
cluster has two worker processes with a 1 GiB memory limit each, so the data never sits
in memory anywhere: each chunk is generated, used by the forward and the adjoint sweep,
and dropped. s2sgrad writes the same derivative it writes for NumPy; on Dask arrays it
builds a task graph, and nothing is computed until ``client.compute``. The weights stay
small NumPy arrays on the client.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import s2sgrad

FEATURES = 16


def loss(w, b, X, y):
    """Mean binary cross-entropy of a logistic model (``log(1 + e^z) - y z``)."""
    z = X @ w + b
    return np.sum(np.logaddexp(0.0, z) - y * z) / X.shape[0]


def make_data(rows: int, chunk_rows: int, seed: int = 0):
    """Features and labels as lazy Dask arrays: nothing is generated until computed."""
    import dask.array as da

    rng = da.random.default_rng(seed)
    X = rng.standard_normal((rows, FEATURES), chunks=(chunk_rows, FEATURES), dtype=np.float32)
    true_w = np.linspace(-2.0, 2.0, FEATURES).astype(np.float32)
    noise = rng.standard_normal(rows, chunks=chunk_rows, dtype=np.float32)
    y = (X @ true_w + 0.5 + noise > 0).astype(np.float32)
    return X, y, true_w


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows",
        type=float,
        default=50_331_648,
        help="number of rows (default: 3 GiB of float32 features)",
    )
    parser.add_argument(
        "--chunk-rows",
        type=float,
        default=1_048_576,
        help="rows per chunk (default: 64 MiB chunks)",
    )
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--lr", type=float, default=2.0)
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster, progress

    rows, chunk_rows = int(args.rows), int(args.chunk_rows)
    X, y, true_w = make_data(rows, chunk_rows)
    print(
        f"features: {X.shape[0]:,} x {X.shape[1]} float32 = {X.nbytes / 2**30:.2f} GiB "
        f"in {X.npartitions} chunks of {chunk_rows * FEATURES * 4 / 2**20:.0f} MiB"
    )

    value_and_grad = s2sgrad.value_and_grad(loss, argnums=(0, 1))
    w, b = np.zeros(FEATURES, dtype=np.float32), 0.0
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        print(
            f"cluster: {len(client.scheduler_info()['workers'])} worker processes, "
            "memory limit 1 GiB each"
        )
        start = time.perf_counter()
        for step in range(args.steps):
            value, (dw, db) = value_and_grad(w, b, X, y)  # lazy: a task graph, no work yet
            futures = client.compute([value, dw, db])
            progress(futures)
            value, dw, db = client.gather(futures)
            print(f"\nstep {step}  loss {float(value):.4f}")
            w, b = w - args.lr * dw, b - args.lr * float(db)
        elapsed = time.perf_counter() - start
    print(f"{args.steps} steps in {elapsed:.1f} s ({rows * args.steps / elapsed:,.0f} rows/s)")
    print(f"weights {np.round(w, 2)}  bias {b:.2f}")
    cosine = w @ true_w / np.linalg.norm(w) / np.linalg.norm(true_w)
    print(f"cosine between the fitted and the true weights: {cosine:.3f}")


if __name__ == "__main__":
    main()
