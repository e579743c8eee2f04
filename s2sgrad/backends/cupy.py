"""The ``"cupy"`` backend: generated code and runtime helpers run on CuPy (NVIDIA GPUs).

    g = s2sgrad.grad(loss, argnums=(0, 1), backend="cupy")
    dW, db = g(cupy.asarray(W), cupy.asarray(b), X_gpu)   # CuPy arrays back

The derivative source is the same as for NumPy; only the bindings change: the name
``np`` in generated code is CuPy (``np.tanh`` is ``cupy.tanh``) and the runtime helpers
are bound to it too (see :mod:`s2sgrad.backends`). The few overrides below cover
the places where CuPy's functions differ from NumPy's for the arguments helpers pass:
Python scalars where CuPy wants arrays, axes given as lists or NumPy arrays, a
0-d device array as a fill value, and NumPy's writable ``diagonal`` view.

Fused regions (see :mod:`s2sgrad.fuse`) become one generated ``RawKernel`` each, in
the arrays' float type: a grid-stride loop that computes every statement per element,
writes the region's array outputs and accumulates its full reductions (in double
precision, one atomic add per warp), so the value and gradient of an elementwise
chain come out of one pass over memory; a region over fewer than :data:`MIN_SIZE`
elements runs its CuPy body. ``fuse=False`` keeps one CuPy call per operation.
Python scalars stay weak (a float32 input gives float32 kernels and gradients); the
adjoints of reductions keep the input's float type too.

Matrix products are CuPy's (cuBLAS), in full float32 by default, as in PyTorch;
:func:`allow_tf32` switches float32 products to TF32 tensor cores (faster, about 10 bits of
mantissa in the products' inputs) for the whole process, CuPy's own calls included.

CuPy is imported by :func:`register` (called on the first ``backend="cupy"``), never
when s2sgrad is imported.
"""

from __future__ import annotations

import math
import numbers

import numpy

from . import register_backend
from .kernels import CDialect, Unsupported, fused_kernel, shape_queries

_SCALARS = (numbers.Number, numpy.generic)
# regions over fewer elements run their CuPy body: there a kernel call (its guard, output
# allocations and launch, about 40-60 us of host time on the H200 machine) costs more than
# the CuPy calls it replaces, and a float32 MLP's adjoint is bound by host time (G1)
MIN_SIZE = 1 << 16
# a fused kernel's grid: at most this many blocks of THREADS threads per multiprocessor
# (a grid-stride loop covers the rest); 0: one thread per element
BLOCKS_PER_SM = 16
THREADS = 256


def _overrides(cupy) -> dict:
    ndarray = cupy.ndarray

    def on_device(a):
        """``a`` as a CuPy array; a scalar becomes a 0-d array through a fill kernel,
        not a blocking host-to-device copy."""
        if isinstance(a, ndarray):
            return a
        if isinstance(a, _SCALARS) and not isinstance(a, bool):
            return cupy.full((), a)
        return cupy.asarray(a)

    shape, ndim, size = shape_queries(ndarray)

    def reshape(a, *args, **kwargs):
        return cupy.reshape(on_device(a), *args, **kwargs)

    def broadcast_to(a, shape, *args, **kwargs):
        return cupy.broadcast_to(on_device(a), shape, *args, **kwargs)

    def full(shape, fill_value, dtype=None, order="C"):
        if isinstance(fill_value, ndarray):
            out = cupy.empty(shape, dtype=fill_value.dtype if dtype is None else dtype, order=order)
            out[...] = fill_value
            return out
        return cupy.full(shape, fill_value, dtype=dtype, order=order)

    def argsort(a, *args, **kwargs):
        if isinstance(a, ndarray):
            return cupy.argsort(a, *args, **kwargs)
        return numpy.argsort(a, *args, **kwargs)  # axis permutations: host lists

    def transpose(a, axes=None):
        if axes is not None and not isinstance(axes, tuple):
            axes = tuple(int(i) for i in axes)
        return cupy.transpose(on_device(a), axes)

    def trace_adjoint(g, x, offset, axis1, axis2):
        """Adjoint of ``trace``/``diagonal`` (CuPy arrays have no ``setflags``)."""
        out = cupy.zeros(x.shape, dtype=cupy.result_type(g, float))
        moved = cupy.moveaxis(out, (axis1, axis2), (-2, -1))  # a view of ``out``
        rows, cols = moved.shape[-2:]
        n = max(0, min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols))
        i = cupy.arange(n)
        if ndim(g) < moved.ndim - 1:  # from trace: one value per batch entry
            g = cupy.expand_dims(on_device(g), -1)
        moved[..., i + max(-offset, 0), i + max(offset, 0)] = g
        return out

    ops = {
        "shape": shape,
        "ndim": ndim,
        "size": size,
        "reshape": reshape,
        "broadcast_to": broadcast_to,
        "full": full,
        "argsort": argsort,
        "transpose": transpose,
    }
    overrides = {f"np.{k}": v for k, v in ops.items()}
    overrides["trace_adjoint"] = trace_adjoint
    return overrides


_CUDA = {
    "abs": "fabs",
    "absolute": "fabs",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arcsinh": "asinh",
    "arccosh": "acosh",
    "arctanh": "atanh",
    "arctan2": "atan2",
    "power": "pow",
    "maximum": "s2s_max",
    "minimum": "s2s_min",
    "sign": "s2s_sign",
}
_C_TYPES = {"float32": "float", "float64": "double"}

PRELUDE = """\
template <typename T> __device__ T s2s_max(T a, T b) { return (a > b || a != a) ? a : b; }
template <typename T> __device__ T s2s_min(T a, T b) { return (a < b || a != a) ? a : b; }
template <typename T> __device__ T s2s_sign(T a) { return a > 0 ? T(1) : (a < 0 ? T(-1) : a); }
"""


class CudaDialect(CDialect):
    def const(self, value, T):
        value = float(value)
        if not math.isfinite(value):
            raise Unsupported("a non-finite constant")
        text = repr(value)
        return text + "f" if T == "float32" else text

    def function(self, fn):
        return _CUDA.get(fn, fn)

    def cast(self, code, T):
        return f"(({_C_TYPES[T]}){code})"

    def power(self, a, b):
        return f"pow({a}, {b})"


def kernel_source(name: str, p) -> str:
    """CUDA C++ for plan ``p``: a grid-stride loop, outputs per element, warp-reduced sums."""
    T = _C_TYPES[p.T]
    arrays = [
        (var, "bool" if kind == "barray" else T)
        for _, kind, var in p.inputs
        if kind in ("array", "barray")
    ]
    scalars = [var for _, kind, var in p.inputs if kind == "scalar"]
    outs = [
        (var, "bool" if dt == "bool" else T) for _, kind, var, dt in p.outputs if kind == "array"
    ]
    params = (
        ["long long n"]
        + [f"const {t}* __restrict__ a_{v}" for v, t in arrays]
        + [f"{T} {v}" for v in scalars]
        + [f"{T} v_seed"]
        + [f"{t}* __restrict__ o_{v}" for v, t in outs]
        + ["double* acc"]
    )
    body = [f"    double acc_{i} = 0.0;" for i in range(len(p.reductions))]
    body.append(
        "    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; "
        "i < n; i += (long long)blockDim.x * gridDim.x) {"
    )
    body += [f"        {t} {v} = a_{v}[i];" for v, t in arrays]
    for var, expr, declare, ctype in p.lines:
        decl = ("bool " if ctype == "bool" else f"{T} ") if declare else ""
        body.append(f"        {decl}{var} = {expr};")
    body += [f"        o_{v}[i] = {v};" for v, _ in outs]
    body += [f"        acc_{i} += (double){var};" for i, (_, var, _) in enumerate(p.reductions)]
    body.append("    }")
    for i in range(len(p.reductions)):
        body.append(
            f"    for (int o = 16; o > 0; o >>= 1) acc_{i} += "
            f"__shfl_down_sync(0xffffffffu, acc_{i}, o);"
        )
        body.append(f"    if ((threadIdx.x & 31) == 0) atomicAdd(acc + {i}, acc_{i});")
    return (
        PRELUDE
        + f'\nextern "C" __global__ void {name}('
        + ", ".join(params)
        + ") {\n"
        + "\n".join(body)
        + "\n}\n"
    )


def _compile(cupy):
    ndarray = cupy.ndarray
    device = cupy.cuda.Device()
    sms = device.attributes["MultiProcessorCount"]

    def compile_plan(region, p, sig):
        T, shape, _ = sig
        n = math.prod(shape)
        name = "s2s_" + region.name
        kernel = cupy.RawKernel(kernel_source(name, p), name)
        dtype = numpy.dtype(T)
        scalar = dtype.type
        threads = THREADS
        blocks = (n + threads - 1) // threads
        if BLOCKS_PER_SM:
            blocks = min(blocks, sms * BLOCKS_PER_SM)
        grid, block, count = (max(1, blocks),), (threads,), numpy.int64(n)
        kinds = [kind for _, kind, _ in p.inputs]
        at_arrays = [i for i, kind in enumerate(kinds) if kind in ("array", "barray")]
        at_scalars = [i for i, kind in enumerate(kinds) if kind == "scalar"]
        outs = [(o, dt) for o, kind, _, dt in p.outputs if kind == "array"]
        sums = [(i, rname, how == "mean") for i, (rname, _, how) in enumerate(p.reductions)]
        unused = cupy.zeros(1, dtype=cupy.float64)  # acc of a region without reductions

        def run(args, seed):
            # in the kernel's order: n, arrays, scalars, the seed, outputs, accumulators
            launch = [count]
            launch += [args[i] for i in at_arrays]
            for i in at_scalars:
                if isinstance(args[i], ndarray):
                    raise Unsupported("a 0-d device array as a scalar")
                launch.append(scalar(args[i]))
            if isinstance(seed, ndarray):
                raise Unsupported("a 0-d device array as the seed")
            launch.append(scalar(0.0 if seed is None else seed))
            values = {}
            for o, dt in outs:
                values[o] = out = cupy.empty(shape, dtype=dt)
                launch.append(out)
            acc = cupy.zeros(len(sums), dtype=cupy.float64) if sums else unused
            launch.append(acc)
            kernel(grid, block, tuple(launch))
            for i, rname, mean in sums:
                total = acc[i] / n if mean else acc[i]
                values[rname] = total.astype(dtype)
            return values

        return run

    return compile_plan


def _keep_float_type(backend, cupy):
    """Adjoints of reductions keep ``x``'s float type: a Python seed (1.0) is weak, and
    the tie count of ``max``/``min`` is an integer array that would promote to float64."""
    reduce_adjoint = backend.helpers["reduce_adjoint"]
    select_adjoint = backend.helpers["select_adjoint"]

    def typed_reduce_adjoint(g, x, axis, keepdims):
        if isinstance(g, _SCALARS) and isinstance(x, cupy.ndarray):
            g = cupy.full((), g, dtype=numpy.result_type(x.dtype, g))
        return reduce_adjoint(g, x, axis, keepdims)

    def typed_select_adjoint(g, y, x, axis, keepdims):
        out = select_adjoint(g, y, x, axis, keepdims)
        want = numpy.result_type(getattr(g, "dtype", g), x.dtype)
        if out.dtype != want and want.kind == "f":
            out = out.astype(want)
        return out

    backend.helpers["reduce_adjoint"] = typed_reduce_adjoint
    backend.helpers["select_adjoint"] = typed_select_adjoint


def _two_kernel_select(backend, cupy):
    """``select_adjoint`` (the adjoint of ``max``/``min``) in two kernels instead of five
    for CuPy arrays of one float type: the count of the entries that attain the extreme,
    then ``g / max(count, 1)`` at those entries and 0 elsewhere. As in the runtime helper,
    a NaN extreme is attained nowhere (its entries get 0). Other arguments (Python
    numbers, mixed dtypes, a ``g`` of another shape) take the helper."""
    helper = backend.helpers["select_adjoint"]
    ndarray = cupy.ndarray
    count = cupy.ReductionKernel(
        "T x, T y", "T c", "x == y ? T(1) : T(0)", "a + b", "c = a", "0", "s2s_count_extreme"
    )
    spread = cupy.ElementwiseKernel(
        "T x, T y, T g, T c",
        "T out",
        "out = x == y ? g / (c > T(1) ? c : T(1)) : T(0)",
        "s2s_select_adjoint",
    )

    def select_adjoint(g, y, x, axis, keepdims):
        if not (
            type(x) is ndarray
            and type(y) is ndarray
            and type(g) is ndarray
            and x.ndim > 0
            and x.dtype.kind == "f"
            and y.dtype == x.dtype
            and g.dtype == x.dtype
            and g.shape == y.shape
        ):
            return helper(g, y, x, axis, keepdims)
        if not keepdims:  # the reduced axes back as length 1, as _expand does
            ndim = x.ndim
            axes = range(ndim) if axis is None else axis if isinstance(axis, tuple) else (axis,)
            reduced = {int(a) % ndim for a in axes}
            kept = tuple(1 if i in reduced else d for i, d in enumerate(x.shape))
            y, g = y.reshape(kept), g.reshape(kept)
        if y.ndim != x.ndim:
            return helper(g, y, x, axis, keepdims)
        return spread(x, y, g, count(x, cupy.broadcast_to(y, x.shape), axis=axis, keepdims=True))

    backend.helpers["select_adjoint"] = select_adjoint


def allow_tf32(flag: bool = True) -> None:
    """Let float32 matrix products run on TF32 tensor cores (``True``) or in full float32
    (``False``, the default). The switch is CuPy's (its compute type for float32, the
    one ``CUPY_TF32=1`` sets), so it holds for the whole process, like PyTorch's
    ``torch.backends.cuda.matmul.allow_tf32``."""
    try:
        from cupy._core import _routines_linalg as linalg
    except ImportError as exc:
        raise ImportError(
            "s2sgrad.backends.cupy.allow_tf32 needs CuPy (pip install "
            f"cupy-cuda12x or cupy-cuda13x); importing it failed: {exc}"
        ) from exc
    mode = linalg.COMPUTE_TYPE_TF32 if flag else linalg.COMPUTE_TYPE_DEFAULT
    linalg.set_compute_type(numpy.float32, mode)


def register():
    """Register the ``"cupy"`` backend (imports CuPy; raises ImportError without it)."""
    try:
        import cupy
    except ImportError as exc:
        raise ImportError(
            "the s2sgrad backend 'cupy' needs CuPy (pip install cupy-cuda12x "
            f"or cupy-cuda13x); importing it failed: {exc}"
        ) from exc
    overrides = _overrides(cupy)
    overrides["fused_kernel"] = fused_kernel(
        "cupy", cupy.ndarray, _compile(cupy), CudaDialect(), min_size=MIN_SIZE
    )
    backend = register_backend("cupy", overrides, base=cupy)
    _keep_float_type(backend, cupy)
    _two_kernel_select(backend, cupy)
    return backend
