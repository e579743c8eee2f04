"""GPU benchmark: s2sgrad's CuPy backend against hand-written CuPy, PyTorch and JAX.

    python benchmarks/gpu.py                 # needs CuPy and a GPU; torch/jax optional
    python benchmarks/gpu.py --budget 0.3    # seconds of samples per cell (default 1.0)

G1 (``--g1`` runs G1 and G2 alone; float32): the MLP 784 -> 4096 tanh -> 4096 tanh -> 10
with softmax cross-entropy at batch 4096, gradients of the three weights, with s2sgrad's
CuPy backend (fused and ``fuse=False``), a hand-fused CuPy gradient (cuBLAS products and
one elementwise kernel per tanh adjoint), PyTorch eager, ``torch.compile`` and ``jax.jit``;
once in full float32 and once with TF32 matrix products allowed in each
(``s2sgrad.backends.cupy.allow_tf32``, ``torch.backends.cuda.matmul.allow_tf32``,
``jax.default_matmul_precision("tensorfloat32")``).

G2 (``--g2`` runs it alone; float32): the 1e8-element chain
``sum(sin(x) * exp(-x * x) + log1p(x * x))``, value and gradient, with s2sgrad's fused
CuPy kernels and ``fuse=False``, a hand-written fused CuPy kernel, PyTorch eager,
``torch.compile`` and ``jax.jit``.

Workloads (float64, from ``workloads.py``): the 2-layer tanh MLP 784-256-10 with softmax
cross-entropy at batch 256 and 8192, and the elementwise chain (sin, exp, log1p, products)
on 1e6 and 1e7 elements. Each cell is the median wall time of single calls after a
warm-up, with ``cupy.cuda.Device().synchronize()`` (all streams of the device: CuPy,
PyTorch and JAX) before and after each call; JAX results also pass through
``block_until_ready``. Columns: the forward pass on CuPy, s2sgrad's gradient on CuPy
(``backend="cupy"``), the hand-written gradient of ``workloads.py`` run on CuPy, PyTorch
CUDA autograd, ``jax.jit(jax.grad)`` on the GPU, and s2sgrad on NumPy (CPU).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
import types

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # share the GPU with CuPy
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import workloads as wl  # noqa: E402

import s2sgrad  # noqa: E402


def rebind(fun, module):
    """``fun`` with its global ``np`` replaced by ``module`` (same code object)."""
    env = dict(fun.__globals__, np=module)
    return types.FunctionType(fun.__code__, env, fun.__name__, fun.__defaults__, fun.__closure__)


CASES = [
    ("mlp", "784-256-10, B=256", wl.mlp, wl.mlp_grad, (0, 1, 2, 3), lambda: wl.mlp_inputs(256)),
    ("mlp", "784-256-10, B=8192", wl.mlp, wl.mlp_grad, (0, 1, 2, 3), lambda: wl.mlp_inputs(8192)),
    ("chain", "1e6 elements", wl.chain, wl.chain_grad, (0, 1), lambda: wl.chain_inputs(10**6)),
    ("chain", "1e7 elements", wl.chain, wl.chain_grad, (0, 1), lambda: wl.chain_inputs(10**7)),
]

COLUMNS = [
    "forward CuPy",
    "s2sgrad CuPy",
    "hand CuPy",
    "torch CUDA",
    "JAX jit GPU",
    "s2sgrad NumPy (CPU)",
]


def torch_namespace(torch):
    def _sum(x, axis=None, keepdims=False):
        return x.sum() if axis is None else x.sum(dim=axis, keepdim=keepdims)

    def _max(x, axis=None, keepdims=False):
        return x.max() if axis is None else x.amax(dim=axis, keepdim=keepdims)

    return types.SimpleNamespace(
        sin=torch.sin,
        cos=torch.cos,
        exp=torch.exp,
        log=torch.log,
        log1p=torch.log1p,
        tanh=torch.tanh,
        sum=_sum,
        max=_max,
    )


def timed(fn, sync, budget, warmup=3, min_samples=5, max_samples=500):
    """Median seconds of single synchronised calls, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
        sync()
    samples = []
    end = time.perf_counter() + budget
    while len(samples) < min_samples or (time.perf_counter() < end and len(samples) < max_samples):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def fmt(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1.0:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}x"


def rel_err(got, ref, to_numpy):
    worst = 0.0
    for g, r in zip(got, ref):
        g, r = to_numpy(g), to_numpy(r)
        worst = max(worst, float(np.max(np.abs(g - r)) / max(np.max(np.abs(r)), 1e-300)))
    return worst


def run_case(fun, hand, argnums, args, cupy, torch, jax, jnp, sync, opts):
    """Times (seconds) per column, errors against the hand-written gradient, first call."""
    dargs = tuple(cupy.asarray(a) for a in args)
    to_np = cupy.asnumpy
    times = {}

    fwd = rebind(fun, cupy)
    times["forward CuPy"] = timed(lambda: fwd(*dargs), sync, opts.budget)

    t0 = time.perf_counter()
    g = s2sgrad.grad(fun, argnums=argnums, backend="cupy")
    got = g(*dargs)
    sync()
    first = time.perf_counter() - t0
    times["s2sgrad CuPy"] = timed(lambda: g(*dargs), sync, opts.budget)

    hand_cp = rebind(hand, cupy)
    ref = hand_cp(*dargs)
    times["hand CuPy"] = timed(lambda: hand_cp(*dargs), sync, opts.budget)
    errs = {"s2sgrad CuPy": rel_err(got, ref, to_np)}

    if torch is not None:
        tfun = rebind(fun, torch_namespace(torch))
        targs = [torch.from_numpy(a).cuda() for a in args]
        wrt = [targs[i].requires_grad_(True) for i in argnums]

        def torch_grad():
            return torch.autograd.grad(tfun(*targs), wrt)

        errs["torch CUDA"] = rel_err(
            torch_grad(),
            ref,
            lambda t: t.detach().cpu().numpy() if hasattr(t, "detach") else to_np(t),
        )
        times["torch CUDA"] = timed(torch_grad, sync, opts.budget)

    if jax is not None:
        jfun = jax.jit(jax.grad(rebind(fun, jnp), argnums=argnums))
        jargs = [jnp.asarray(a) for a in args]

        def jax_grad():
            return jax.block_until_ready(jfun(*jargs))

        errs["JAX jit GPU"] = rel_err(
            jax_grad(), ref, lambda t: to_np(t) if isinstance(t, cupy.ndarray) else np.asarray(t)
        )
        times["JAX jit GPU"] = timed(jax_grad, sync, opts.budget)

    if not opts.no_cpu:
        gn = s2sgrad.grad(fun, argnums=argnums)
        errs["s2sgrad NumPy (CPU)"] = rel_err(
            gn(*args), ref, lambda t: to_np(t) if isinstance(t, cupy.ndarray) else np.asarray(t)
        )
        times["s2sgrad NumPy (CPU)"] = timed(
            lambda: gn(*args), lambda: None, opts.budget, warmup=1, min_samples=3
        )
    return times, errs, first


def g1_mlp(W1, W2, W3, X, Y):
    """G1: 784 -> 4096 tanh -> 4096 tanh -> 10, softmax cross-entropy (float32)."""
    h1 = np.tanh(X @ W1)
    h2 = np.tanh(h1 @ W2)
    z = h2 @ W3
    s = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


G1_COLUMNS = [
    "s2sgrad CuPy fused",
    "s2sgrad CuPy fuse=False",
    "hand-fused CuPy",
    "torch eager",
    "torch.compile",
    "JAX jit",
]


def g1_inputs(cupy, batch=4096, d=784, hidden=4096, k=10):
    rng = np.random.default_rng(7)
    W1 = rng.standard_normal((d, hidden)) / np.sqrt(d)
    W2 = rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)
    W3 = rng.standard_normal((hidden, k)) / np.sqrt(hidden)
    X = rng.standard_normal((batch, d))
    Y = np.eye(k)[rng.integers(0, k, batch)]
    return [cupy.asarray(a, dtype=cupy.float32) for a in (W1, W2, W3, X, Y)]


def g1_hand(cupy):
    """The gradient of :func:`g1_mlp` written by hand on CuPy (fused tanh adjoints)."""
    tanh_adjoint = cupy.ElementwiseKernel(
        "T h", "T g", "g = g * (T(1) - h * h)", "s2s_bench_tanh_adjoint"
    )

    def grad(W1, W2, W3, X, Y):
        h1 = cupy.tanh(X @ W1)
        h2 = cupy.tanh(h1 @ W2)
        z = h2 @ W3
        p = cupy.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        gz = (p * Y.sum(axis=1, keepdims=True) - Y) / X.shape[0]
        g2 = gz @ W3.T
        tanh_adjoint(h2, g2)
        g1 = g2 @ W2.T
        tanh_adjoint(h1, g1)
        return X.T @ g1, h1.T @ g2, h2.T @ gz

    return grad


def run_g1(cupy, torch, jax, jnp, sync, opts):
    """G1 times (seconds) per (precision, column), errors against a float64 gradient."""
    from s2sgrad.backends.cupy import allow_tf32

    args = g1_inputs(cupy)
    wrt = (0, 1, 2)
    ref = s2sgrad.grad(g1_mlp, argnums=wrt, backend="cupy", fuse=False)(
        *[a.astype(cupy.float64) for a in args]
    )
    times, errs, notes = {}, {}, []
    fused = s2sgrad.grad(g1_mlp, argnums=wrt, backend="cupy")
    unfused = s2sgrad.grad(g1_mlp, argnums=wrt, backend="cupy", fuse=False)
    hand = g1_hand(cupy)
    got = fused(*args)
    notes.append("G1 s2sgrad fused gradient dtypes " + ", ".join(str(g.dtype) for g in got))
    tf = tjit = targs = None
    if torch is not None:
        tf = rebind(g1_mlp, torch_namespace(torch))
        targs = [torch.as_tensor(a, device="cuda") for a in args]
        tgrad = torch.func.grad(tf, argnums=wrt)

        def eager():
            ws = [a.detach().requires_grad_(True) for a in targs[:3]]
            return torch.autograd.grad(tf(*ws, *targs[3:]), ws)

        try:
            tjit = torch.compile(tgrad)
        except Exception as exc:  # noqa: BLE001 - optional competitor
            notes.append(f"torch.compile failed: {type(exc).__name__}: {exc}")
    for mode in ("float32", "TF32"):
        tf32 = mode == "TF32"
        allow_tf32(tf32)
        if torch is not None:
            torch.backends.cuda.matmul.allow_tf32 = tf32
        cols = {
            "s2sgrad CuPy fused": lambda: fused(*args),
            "s2sgrad CuPy fuse=False": lambda: unfused(*args),
            "hand-fused CuPy": lambda: hand(*args),
        }
        if torch is not None:
            cols["torch eager"] = eager
            if tjit is not None:
                cols["torch.compile"] = lambda: tjit(*targs)
        if jax is not None:  # the precision is read when jit traces: set for the timings too
            jax.config.update(
                "jax_default_matmul_precision", "tensorfloat32" if tf32 else "highest"
            )
            jf = jax.jit(jax.grad(rebind(g1_mlp, jnp), argnums=wrt))
            jargs = [jnp.asarray(cupy.asnumpy(a)) for a in args]
            cols["JAX jit"] = lambda jf=jf, jargs=jargs: jax.block_until_ready(jf(*jargs))
        for col, fn in cols.items():
            try:
                out = fn()
                sync()
                errs[(mode, col)] = rel_err(
                    out,
                    ref,
                    lambda t: (
                        t.detach().cpu().numpy()
                        if hasattr(t, "detach")
                        else cupy.asnumpy(t)
                        if isinstance(t, cupy.ndarray)
                        else np.asarray(t)
                    ),
                )
                times[(mode, col)] = timed(fn, sync, opts.budget)
            except Exception as exc:  # noqa: BLE001 - a competitor failing is reported
                notes.append(f"G1 {mode} {col} failed: {type(exc).__name__}: {exc}")
        print(
            f"# G1 {mode}: " + ", ".join(f"{c} {fmt(times.get((mode, c)))}" for c in cols),
            flush=True,
        )
    allow_tf32(False)
    if jax is not None:
        jax.config.update("jax_default_matmul_precision", None)
    if torch is not None:
        torch.backends.cuda.matmul.allow_tf32 = False
    notes.append(
        "G1 max gradient error vs a float64 gradient, relative to the largest entry: "
        + ", ".join(f"{m} {c} {v:.1e}" for (m, c), v in errs.items())
    )
    return times, notes


def g1_table(times):
    lines = [
        "| G1 MLP, batch 4096 | " + " | ".join(G1_COLUMNS) + " | fused / torch eager |",
        "|" + "---|" * (len(G1_COLUMNS) + 2),
    ]
    for mode in ("float32", "TF32"):
        cells = [fmt(times.get((mode, c))) for c in G1_COLUMNS]
        lines.append(
            f"| {mode} matmuls | "
            + " | ".join(cells)
            + " | "
            + ratio(times.get((mode, "s2sgrad CuPy fused")), times.get((mode, "torch eager")))
            + " |"
        )
    return "\n".join(lines)


def g2_chain(x):
    """G2: the elementwise chain of issue 13 (value and gradient, float32, 1e8 elements)."""
    return np.sum(np.sin(x) * np.exp(-x * x) + np.log1p(x * x))


G2_HAND = r"""
extern "C" __global__ void g2(long long n, const float* __restrict__ x,
                              float* __restrict__ dx, double* total) {
    double acc = 0.0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)blockDim.x * gridDim.x) {
        float v = x[i], e = exp(-v * v), s = sin(v), q = v * v;
        acc += (double)(s * e + log1p(q));
        dx[i] = cos(v) * e - 2.0f * v * s * e + 2.0f * v / (1.0f + q);
    }
    for (int o = 16; o > 0; o >>= 1) acc += __shfl_down_sync(0xffffffffu, acc, o);
    if ((threadIdx.x & 31) == 0) atomicAdd(total, acc);
}
"""

G2_COLUMNS = [
    "s2sgrad CuPy fused",
    "s2sgrad CuPy fuse=False",
    "hand-fused CuPy kernel",
    "torch eager",
    "torch.compile",
    "JAX jit",
]


def run_g2(cupy, torch, jax, jnp, sync, opts, n=10**8):
    """Times (seconds) of value+gradient of :func:`g2_chain` per column, and errors."""
    x = cupy.asarray(np.random.default_rng(0).uniform(-2.0, 2.0, n).astype(np.float32))
    times, errs, notes = {}, {}, []
    fused = s2sgrad.value_and_grad(g2_chain, backend="cupy")
    t0 = time.perf_counter()
    value, grad = fused(x)
    sync()
    notes.append(
        f"s2sgrad fused first call (transform + kernel compile) "
        f"{fmt(time.perf_counter() - t0)}; value dtype {value.dtype}, gradient dtype "
        f"{grad.dtype}"
    )
    times["s2sgrad CuPy fused"] = timed(lambda: fused(x), sync, opts.budget)
    unfused = s2sgrad.value_and_grad(g2_chain, backend="cupy", fuse=False)
    ref_value, ref = unfused(x)
    times["s2sgrad CuPy fuse=False"] = timed(lambda: unfused(x), sync, opts.budget)
    errs["s2sgrad CuPy fused"] = rel_err([grad], [ref], cupy.asnumpy)
    from s2sgrad.backends import kernels

    notes.append(
        f"value fused {float(value):.6g}, unfused {float(ref_value):.6g}; "
        f"fuse=False gradient dtype {ref.dtype}; fused regions compiled "
        f"{len(kernels._kernels) - kernels.fallback_count()}, run as NumPy bodies "
        f"{kernels.fallback_count()}"
    )
    inst = next(iter(fused._instances.values()))[1]
    regions = [
        c.cell_contents for c in inst.__closure__ or () if hasattr(c.cell_contents, "fused_region")
    ]
    for r in regions:
        if r.fused_region.params != ["x", "dresult"]:
            notes.append(f"region {r.fused_region.name} reads {r.fused_region.params}")
            continue
        t = timed(lambda r=r: r(x, None), sync, opts.budget)
        notes.append(f"region {r.fused_region.name} alone: {fmt(t)}")
    notes.append(f"fused regions in G2's derivative: {len(regions)}")
    for key, entry in list(kernels._kernels.items()):
        if (
            key[0] == "cupy"
            and "def g2_chain_grad_fused(" in key[1]
            and entry is not kernels._FALLBACK
        ):
            runner = entry[0]
            t = timed(lambda runner=runner: runner((x, None), 1.0), sync, opts.budget)
            notes.append(f"its kernel launch alone (outputs allocated): {fmt(t)}")
            if opts.show_kernel:
                from s2sgrad.backends.cupy import kernel_source

                print(kernel_source("s2s_g2_chain_grad_fused", entry[1]))
    kernel = cupy.RawKernel(G2_HAND, "g2")
    sms = cupy.cuda.Device().attributes["MultiProcessorCount"]

    def hand():
        dx = cupy.empty_like(x)
        total = cupy.zeros(1, dtype=cupy.float64)
        kernel((min((n + 255) // 256, sms * 16),), (256,), (np.int64(n), x, dx, total))
        return total[0].astype(cupy.float32), dx

    errs["hand-fused CuPy kernel"] = rel_err([hand()[1]], [ref], cupy.asnumpy)
    times["hand-fused CuPy kernel"] = timed(hand, sync, opts.budget)
    if torch is not None:
        tx = torch.as_tensor(x, device="cuda")

        def tf(v):
            return (torch.sin(v) * torch.exp(-v * v) + torch.log1p(v * v)).sum()

        def eager():
            v = tx.detach().requires_grad_(True)
            out = tf(v)
            return out, torch.autograd.grad(out, v)[0]

        times["torch eager"] = timed(eager, sync, opts.budget)
        try:
            compiled = torch.compile(torch.func.grad_and_value(tf))
            compiled(tx)
            times["torch.compile"] = timed(lambda: compiled(tx), sync, opts.budget)
        except Exception as exc:  # noqa: BLE001 - optional competitor
            notes.append(f"torch.compile failed: {type(exc).__name__}: {exc}")
    if jax is not None:
        jx = jnp.asarray(cupy.asnumpy(x))
        jf = jax.jit(jax.value_and_grad(rebind(g2_chain, jnp)))

        def jrun():
            out = jf(jx)
            jax.block_until_ready(out)
            return out

        times["JAX jit"] = timed(jrun, sync, opts.budget)
    return times, errs, notes


def g2_table(times):
    lines = [
        "| workload | " + " | ".join(G2_COLUMNS) + " | fused / torch.compile |",
        "|" + "---|" * (len(G2_COLUMNS) + 2),
    ]
    cells = [fmt(times.get(c)) for c in G2_COLUMNS]
    lines.append(
        "| G2 chain 1e8 float32, value+grad | "
        + " | ".join(cells)
        + " | "
        + ratio(times.get("s2sgrad CuPy fused"), times.get("torch.compile"))
        + " |"
    )
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", type=float, default=1.0, help="seconds of samples per cell")
    ap.add_argument("--no-cpu", action="store_true", help="skip s2sgrad on NumPy (CPU)")
    ap.add_argument("--out", help="also write the Markdown table to this file")
    ap.add_argument("--g2", action="store_true", help="only the fused float32 chain (G2)")
    ap.add_argument("--g1", action="store_true", help="only the float32 MLP (G1) and G2")
    ap.add_argument("--show-kernel", action="store_true", help="print G2's generated CUDA")
    opts = ap.parse_args(argv)

    import cupy

    dev = cupy.cuda.Device()
    name = cupy.cuda.runtime.getDeviceProperties(dev.id)["name"]
    name = name.decode() if isinstance(name, bytes) else name

    def sync():
        dev.synchronize()

    torch = jax = jnp = None
    try:
        import torch

        if not torch.cuda.is_available():
            torch = None
    except Exception as exc:  # noqa: BLE001 - optional competitor
        print(f"# torch unavailable: {exc}")
    try:
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)
        if jax.devices()[0].platform != "gpu":
            print(f"# JAX has no GPU ({jax.devices()[0].platform}); skipped")
            jax = None
    except Exception as exc:  # noqa: BLE001
        print(f"# jax unavailable: {exc}")
        jax = None

    versions = [f"CuPy {cupy.__version__}", f"NumPy {np.__version__}"]
    if torch is not None:
        versions.append(f"PyTorch {torch.__version__}")
    if jax is not None:
        versions.append(f"JAX {jax.__version__}")
    header = [
        f"Device: {name}; {', '.join(versions)}; Python {platform.python_version()}; "
        f"{os.cpu_count()} CPU cores; {datetime.date.today().isoformat()}",
        ("float32 (G1, G2)" if opts.g1 or opts.g2 else "float64 (table 1); float32 (G1, G2)")
        + "; median of synchronised single calls after 3 warm-up calls",
    ]
    print("\n".join("# " + h for h in header), flush=True)

    rows, notes = [], []
    for wname, size, fun, hand, argnums, make in [] if opts.g2 or opts.g1 else CASES:
        times, errs, first = run_case(fun, hand, argnums, make(), cupy, torch, jax, jnp, sync, opts)
        rows.append((wname, size, times))
        notes.append(
            f"{wname} {size}: s2sgrad CuPy first call (transform + compile) "
            f"{fmt(first)}; max error vs hand-written, relative to the largest "
            "entry: " + ", ".join(f"{k} {v:.1e}" for k, v in errs.items())
        )
        print(f"# {notes[-1]}", flush=True)
        cupy.get_default_memory_pool().free_all_blocks()

    lines = [
        "| workload | size | "
        + " | ".join(COLUMNS)
        + " | s2sgrad / hand | s2sgrad / torch | s2sgrad / JAX | s2sgrad / forward "
        "| CPU / GPU (s2sgrad) |",
        "|" + "---|" * (len(COLUMNS) + 7),
    ]
    for wname, size, t in rows:
        s = t.get("s2sgrad CuPy")
        cells = [fmt(t.get(c)) for c in COLUMNS]
        lines.append(
            f"| {wname} | {size} | "
            + " | ".join(cells)
            + " | "
            + " | ".join(
                [
                    ratio(s, t.get("hand CuPy")),
                    ratio(s, t.get("torch CUDA")),
                    ratio(s, t.get("JAX jit GPU")),
                    ratio(s, t.get("forward CuPy")),
                    ratio(t.get("s2sgrad NumPy (CPU)"), s),
                ]
            )
            + " |"
        )
    table = "" if opts.g2 or opts.g1 else "\n".join(lines)
    if not opts.g2:
        g1_times, g1_notes = run_g1(cupy, torch, jax, jnp, sync, opts)
        notes += g1_notes
        for n in g1_notes:
            print(f"# {n}", flush=True)
        table = (table + "\n\n" + g1_table(g1_times)).strip()
        cupy.get_default_memory_pool().free_all_blocks()
    g2_times, g2_errs, g2_notes = run_g2(cupy, torch, jax, jnp, sync, opts)
    notes += g2_notes + [
        "G2 max gradient error vs s2sgrad fuse=False, relative to the largest "
        "entry: " + ", ".join(f"{k} {v:.1e}" for k, v in g2_errs.items())
    ]
    for n in notes[-len(g2_notes) - 1 :]:
        print(f"# {n}", flush=True)
    table = (table + "\n\n" + g2_table(g2_times)).strip()
    print()
    print(table)
    if opts.out:
        with open(opts.out, "w") as fh:
            fh.write(
                "\n".join(header)
                + "\n\n"
                + table
                + "\n\n"
                + "\n".join(f"- {n}" for n in notes)
                + "\n"
            )


if __name__ == "__main__":
    main()
