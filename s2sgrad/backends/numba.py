"""The ``"numba"`` backend: NumPy arrays, fused regions compiled to loops by numba (CPU).

    g = s2sgrad.value_and_grad(loss, backend="numba")   # pip install "s2sgrad[numba]"

Generated code runs on NumPy as with the default backend; each fused region (see
:mod:`s2sgrad.fuse`) becomes one loop over the elements, compiled by ``numba.njit``
(no ``fastmath``; ``parallel`` with ``prange`` above :data:`PARALLEL_SIZE` elements;
arrays under :data:`MIN_SIZE` elements run the NumPy body, which is faster there),
so the forward and adjoint sweeps of an elementwise chain make one pass over memory
with no intermediate arrays. The kernels' source is written to a cache folder
(``$S2SGRAD_CACHE`` or ``~/.cache/s2sgrad``) so numba's ``cache=True`` keeps the
machine code between processes. numba is imported on the first ``backend="numba"``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import sys

import numpy

from . import register_backend
from .kernels import Dialect, Unsupported, fused_kernel

PARALLEL_SIZE = 1 << 17
MIN_SIZE = 1 << 14  # smaller arrays run the NumPy body (a kernel call costs more there)


class NumbaDialect(Dialect):
    def const(self, value, T):
        if isinstance(value, float) and not math.isfinite(value):
            text = "math.nan" if math.isnan(value) else ("math.inf" if value > 0
                                                          else "-math.inf")
            return f"np.{T}({text})"
        return f"np.{T}({value!r})"

    def call(self, fn, args, T):
        fn = {"abs": "absolute"}.get(fn, fn)
        return f"np.{fn}({', '.join(args)})"


def kernel_source(name, p, parallel: bool) -> str:
    """The Python source numba compiles for plan ``p`` (one loop; returns the sums)."""
    arrays = [var for _, kind, var in p.inputs if kind in ("array", "barray")]
    scalars = [var for _, kind, var in p.inputs if kind == "scalar"]
    outs = [var for _, kind, var, _ in p.outputs if kind == "array"]
    params = ["n", *("a_" + v for v in arrays), *scalars, "v_seed",
              *("o_" + v for v in outs)]
    loop = "prange" if parallel else "range"
    lines = [f"def {name}({', '.join(params)}):"]
    lines += [f"    acc_{i} = 0.0" for i in range(len(p.reductions))]
    lines.append(f"    for i in {loop}(n):")
    lines += [f"        {v} = a_{v}[i]" for v in arrays]
    lines += [f"        {var} = {expr}" for var, expr, _, _ in p.lines]
    lines += [f"        o_{v}[i] = {v}" for v in outs]
    lines += [f"        acc_{i} += {var}" for i, (_, var, _) in enumerate(p.reductions)]
    sums = ", ".join(f"acc_{i}" for i in range(len(p.reductions)))
    lines.append(f"    return ({sums}{',' if len(p.reductions) == 1 else ''})")
    return ("import math\n\nimport numpy as np\nfrom numba import njit, prange\n\n\n"
            f"@njit(cache=True, parallel={parallel}, fastmath=False)\n"
            + "\n".join(lines) + "\n")


def _cache_dir() -> str:
    root = os.environ.get("S2SGRAD_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "s2sgrad")
    path = os.path.join(root, "numba")
    os.makedirs(path, exist_ok=True)
    return path


def _load(source: str, name: str):
    """Import ``source`` from a file named by its hash (numba caches file-backed code)."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:16]
    path = os.path.join(_cache_dir(), f"s2s_{digest}.py")
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            fh.write(source)
        os.replace(tmp, path)
    spec = importlib.util.spec_from_file_location(f"s2sgrad_numba_{digest}", path)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # numba's cache finds the module again by name
        spec.loader.exec_module(module)
    return getattr(module, name)


def _compile(numba):
    errors = (numba.core.errors.NumbaError,)

    def compile_plan(region, p, sig):
        T, shape, _ = sig
        n = math.prod(shape)
        parallel = n >= PARALLEL_SIZE
        kernel = _load(kernel_source("s2s_" + region.name, p, parallel), "s2s_" + region.name)
        dtype = numpy.dtype(T)
        scalar = dtype.type
        failed = []

        def run(args, seed):
            # in the kernel's order: arrays, then scalars
            ins = [a.reshape(-1) for a, (_, kind, _) in zip(args, p.inputs)
                   if kind in ("array", "barray")]
            ins += [scalar(a) for a, (_, kind, _) in zip(args, p.inputs) if kind == "scalar"]
            outs = {o: numpy.empty(shape, dtype=dt) for o, kind, _, dt in p.outputs
                    if kind == "array"}
            flat = [a.reshape(-1) for a in outs.values()]
            try:
                sums = kernel(n, *ins, scalar(0.0 if seed is None else seed), *flat)
            except errors as exc:
                failed.append(exc)
                raise Unsupported(str(exc)) from exc
            values = dict(outs)
            for (name, _, how), acc in zip(p.reductions, sums):
                values[name] = scalar(acc / n if how == "mean" else acc)
            return values

        return run

    return compile_plan


def register():
    """Register the ``"numba"`` backend (imports numba; raises ImportError without it)."""
    try:
        import numba
    except ImportError as exc:
        raise ImportError("the s2sgrad backend 'numba' needs numba: pip install "
                          f"\"s2sgrad[numba]\"; importing it failed: {exc}") from exc
    kernel = fused_kernel("numba", numpy.ndarray, _compile(numba), NumbaDialect(),
                          min_size=MIN_SIZE)
    return register_backend("numba", {"fused_kernel": kernel})
