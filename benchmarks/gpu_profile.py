"""Where G1's time goes with TF32 products: host time, the device timeline, Python profile.

    python benchmarks/gpu_profile.py [--out DIR]   # needs CuPy, a GPU and PyTorch (profiler)

For each G1 gradient of ``gpu.py`` (s2sgrad fused, ``fuse=False``, the hand-fused CuPy
gradient, PyTorch eager), with TF32 products: the host time of one call (the CPU clock
from the call to its return, after a device synchronisation) and the whole call (to the
next synchronisation), medians of 50. Then the device timeline of one call of each (CUPTI
through ``torch.profiler``, which sees CuPy's kernels too): the kernel count, the time the
device is busy, the idle time between kernels, and each kernel of s2sgrad's fused call with
the idle gap before it. Then the lines of s2sgrad's generated function that take the most
host time (``sys.settrace``, no synchronisation: host time only) and a ``cProfile`` of
100 calls.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gpu  # noqa: E402

import s2sgrad  # noqa: E402
import s2sgrad.backends  # noqa: E402


def host_times(fn, sync, n=50):
    for _ in range(5):
        fn()
        sync()
    host, total = [], []
    for _ in range(n):
        sync()
        t0 = time.perf_counter()
        fn()
        t1 = time.perf_counter()
        sync()
        t2 = time.perf_counter()
        host.append(t1 - t0)
        total.append(t2 - t0)
    return statistics.median(host), statistics.median(total)


def timeline(fn, sync, torch, path):
    """Kernels (name, start us, duration us) of the last of three calls of ``fn``."""
    from torch.profiler import ProfilerActivity, profile

    for _ in range(3):
        fn()
        sync()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for _ in range(3):
            sync()
            time.sleep(0.005)
            fn()
            sync()
    prof.export_chrome_trace(path)
    with open(path) as fh:
        events = json.load(fh)["traceEvents"]
    kernels = sorted(
        (e["ts"], e.get("dur", 0), e.get("name", ""))
        for e in events
        if e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")
    )
    calls, last = [], None
    for ts, dur, name in kernels:  # calls are 5 ms apart: split at gaps over 2 ms
        if last is None or ts - last > 2000:
            calls.append([])
        calls[-1].append((ts, dur, name))
        last = ts + dur
    return calls[-1] if calls else []


def summary(ks):
    if not ks:
        return "no kernels seen"
    busy = sum(d for _, d, _ in ks)
    span = ks[-1][0] + ks[-1][1] - ks[0][0]
    return f"{len(ks)} kernels, busy {busy:.0f} us, span {span:.0f} us, idle {span - busy:.0f} us"


def line_times(fused, args, n=20):
    """Median host microseconds per line of the generated function (callees included)."""
    fused(*args)
    inst = next(iter(fused._instances.values()))[1]
    code = inst.__code__
    per, state = {}, {}

    def local(frame, event, arg):
        now = time.perf_counter()
        if state.get("line") is not None:
            per.setdefault(state["line"], []).append(now - state["t"])
        state["line"] = frame.f_lineno if event == "line" else None
        state["t"] = time.perf_counter()
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code is code else None

    samples = []
    for _ in range(n):
        per.clear()
        state.clear()
        sys.settrace(tracer)
        try:
            fused(*args)
        finally:
            sys.settrace(None)
        samples.append({k: sum(v) for k, v in per.items()})
    import inspect

    src, first = inspect.getsourcelines(inst)
    rows = []
    for ln in sorted({k for s in samples for k in s}):
        med = statistics.median(s.get(ln, 0.0) for s in samples)
        rows.append((med, ln, src[ln - first].strip() if 0 <= ln - first < len(src) else "?"))
    return rows


def micro(cupy, sync, torch=None, cols=None, opts=None):
    """Host microseconds per CuPy call at G1's softmax shapes (mean of 300 queued calls)."""
    import numpy as np

    rng = np.random.default_rng(3)
    z = cupy.asarray(rng.standard_normal((4096, 10)).astype(np.float32))
    m = z.max(axis=1, keepdims=True)
    g = cupy.asarray(rng.standard_normal((4096, 1)).astype(np.float32))
    big = cupy.asarray(rng.standard_normal((4096, 4096)).astype(np.float32))
    ek = cupy.ElementwiseKernel("T x, T y", "T o", "o = x * (T(1) - y * y)", "s2s_prof_ek")
    raw = cupy.RawKernel(
        'extern "C" __global__ void s2s_prof_raw(long long n, const float* x, float* o) '
        "{ long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; "
        "if (i < n) o[i] = x[i]; }",
        "s2s_prof_raw",
    )
    count = cupy.ReductionKernel(
        "T x, T y", "T c", "x == y ? T(1) : T(0)", "a + b", "c = a", "0", "s2s_prof_count"
    )
    spread = cupy.ElementwiseKernel(
        "T x, T y, T g, T c",
        "T out",
        "out = x == y ? g / (c > T(1) ? c : T(1)) : T(0)",
        "s2s_prof_spread",
    )
    backend = s2sgrad.backends.namespace_for("cupy")
    select = backend.helpers["select_adjoint"]
    n = np.int64(z.size)
    cases = {
        "z - m (broadcast)": lambda: z - m,
        "cupy.exp(z)": lambda: cupy.exp(z),
        "-z": lambda: -z,
        "z.max(axis=1, keepdims=True)": lambda: z.max(axis=1, keepdims=True),
        "cupy.sum(z, axis=1, keepdims=True)": lambda: cupy.sum(z, axis=1, keepdims=True),
        "cupy.sum(z)": lambda: cupy.sum(z),
        "cupy.full((), 0.5, float32)": lambda: cupy.full((), 0.5, dtype=cupy.float32),
        "cupy.broadcast_to(m, z.shape)": lambda: cupy.broadcast_to(m, z.shape),
        "cupy.empty(z.shape)": lambda: cupy.empty(z.shape, dtype=cupy.float32),
        "ElementwiseKernel(z, z)": lambda: ek(z, z),
        "RawKernel launch + empty": lambda: raw((160,), (256,), (n, z, cupy.empty_like(z))),
        "runtime select_adjoint (keepdims)": lambda: select(g, m, z, 1, True),
        "count + spread kernels": lambda: spread(z, m, g, count(z, m, axis=1, keepdims=True)),
        "big @ big.T (4096^3, TF32 if set)": lambda: big @ big.T,
    }
    ref = cupy.asnumpy(select(g, m, z, 1, True))
    new = cupy.asnumpy(spread(z, m, g, count(z, m, axis=1, keepdims=True)))
    print(f"# count+spread vs select_adjoint: max abs diff {np.max(np.abs(ref - new)):.3g}")
    for name, fn in cases.items():
        for _ in range(20):
            fn()
        sync()
        reps = 30 if "big" in name else 300
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        t1 = time.perf_counter()
        sync()
        t2 = time.perf_counter()
        host, dev = (t1 - t0) / reps * 1e6, (t2 - t0) / reps * 1e6
        print(f"{host:8.1f} us host, {dev:8.1f} us with device  {name}")


def host(cupy, sync, torch, cols, opts):
    for name, fn in cols.items():
        h, t = host_times(fn, sync)
        print(f"# G1 TF32 {name}: host {h * 1e3:.3f} ms, call {t * 1e3:.3f} ms", flush=True)


def timelines(cupy, sync, torch, cols, opts):
    shown = {}
    for name, fn in cols.items():
        ks = timeline(fn, sync, torch, os.path.join(opts.out, f"trace_{name[:5]}.json"))
        shown[name] = ks
        print(f"# timeline {name}: {summary(ks)}", flush=True)
    for name in ("fused", "hand"):
        ks = shown[name]
        if not ks:
            continue
        print(f"# {name} call, kernel by kernel: start us, idle gap before us, duration us, name")
        prev = ks[0][0]
        for ts, dur, kname in ks:
            print(f"{ts - ks[0][0]:8.0f} {ts - prev:7.0f} {dur:8.1f}  {kname[:90]}")
            prev = ts + dur


def lines(cupy, sync, torch, cols, opts):
    rows = line_times(cols["fused"].fused, cols["fused"].args)
    print("# host us per line of the generated function (median of 20, settrace)")
    for med, ln, text in sorted(rows, reverse=True)[:40]:
        print(f"{med * 1e6:8.1f}  {ln:4d}  {text[:100]}")
    print(f"# total {sum(r[0] for r in rows) * 1e6:.0f} us")


def profiled(cupy, sync, torch, cols, opts):
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(100):
        cols["fused"]()
    prof.disable()
    sync()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(30)
    print(s.getvalue()[-6000:])


def blocks_ab(cupy, sync, torch, cols, opts):
    """G1 TF32 fused per grid cap (``BLOCKS_PER_SM``), and its tanh adjoint region alone
    against the hand-written in-place kernel (4096 x 4096 float32)."""
    from s2sgrad.backends import cupy as cb
    from s2sgrad.backends import kernels

    if not hasattr(cb, "BLOCKS_PER_SM") or not opts.blocks:
        print("# blocks_ab: this s2sgrad has no BLOCKS_PER_SM; skipped")
        return
    args = cols["fused"].args
    rng = cupy.random.default_rng(5)
    d = rng.standard_normal((4096, 4096), dtype=cupy.float32)
    h = cupy.tanh(rng.standard_normal((4096, 4096), dtype=cupy.float32))
    ek = cupy.ElementwiseKernel("T h", "T g", "g = g * (T(1) - h * h)", "s2s_prof_hand_tanh")
    work = d.copy()
    hand = host_times(lambda: ek(h, work), sync)[1]
    print(f"# hand in-place tanh adjoint alone: {hand * 1e6:.0f} us")
    saved = cb.BLOCKS_PER_SM
    for b in [int(v) for v in opts.blocks.split(",")]:
        cb.BLOCKS_PER_SM = b
        kernels._kernels.clear()
        g = s2sgrad.grad(gpu.g1_mlp, argnums=(0, 1, 2), backend="cupy")
        hs, ts = host_times(lambda g=g: g(*args), sync)
        inst = next(iter(g._instances.values()))[1]
        cells = [c.cell_contents for c in inst.__closure__ or ()]
        regions = [r for r in cells if hasattr(r, "fused_region")]
        alone = [
            host_times(lambda r=r: r(d, h), sync)[1]
            for r in regions
            if r.fused_region.params == ["dh2", "h2"]
        ]
        print(
            f"# BLOCKS_PER_SM={b}: G1 TF32 fused host {hs * 1e3:.3f} ms, call {ts * 1e3:.3f} ms; "
            f"tanh adjoint region alone {alone[0] * 1e6 if alone else float('nan'):.0f} us",
            flush=True,
        )
    cb.BLOCKS_PER_SM = saved
    kernels._kernels.clear()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.environ.get("OUT", "."), help="folder for the traces")
    ap.add_argument("--steps", default="micro,host,timelines,lines,profiled,blocks_ab")
    ap.add_argument("--blocks", default="16,32,0", help="BLOCKS_PER_SM values for blocks_ab")
    opts = ap.parse_args(argv)
    import cupy
    import torch

    from s2sgrad.backends.cupy import allow_tf32

    dev = cupy.cuda.Device()

    def sync():
        dev.synchronize()

    allow_tf32(True)
    torch.backends.cuda.matmul.allow_tf32 = True
    args = gpu.g1_inputs(cupy)
    wrt = (0, 1, 2)
    fused = s2sgrad.grad(gpu.g1_mlp, argnums=wrt, backend="cupy")
    unfused = s2sgrad.grad(gpu.g1_mlp, argnums=wrt, backend="cupy", fuse=False)
    hand = gpu.g1_hand(cupy)
    tf = gpu.rebind(gpu.g1_mlp, gpu.torch_namespace(torch))
    targs = [torch.as_tensor(a, device="cuda") for a in args]

    def eager():
        ws = [a.detach().requires_grad_(True) for a in targs[:3]]
        return torch.autograd.grad(tf(*ws, *targs[3:]), ws)

    def run_fused():
        return fused(*args)

    run_fused.fused, run_fused.args = fused, args
    cols = {
        "fused": run_fused,
        "fuse=False": lambda: unfused(*args),
        "hand": lambda: hand(*args),
        "torch eager": eager,
    }
    print(f"# s2sgrad from {os.path.dirname(s2sgrad.__file__)}", flush=True)
    steps = {f.__name__: f for f in (micro, host, timelines, lines, profiled, blocks_ab)}
    for step in [steps[k] for k in opts.steps.split(",")]:
        try:
            step(cupy, sync, torch, cols, opts)
        except Exception as exc:  # noqa: BLE001 - report and go on to the next step
            print(f"# {step.__name__} failed: {type(exc).__name__}: {exc}", flush=True)
    allow_tf32(False)


if __name__ == "__main__":
    main()
