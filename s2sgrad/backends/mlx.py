"""The ``"mlx"`` backend: generated code runs on MLX arrays (Metal on Apple silicon).

    g = s2sgrad.value_and_grad(loss, backend="mlx")   # pip install "s2sgrad[mlx]"
    value, dx = g(mlx.core.array(x))

The name ``np`` in generated code (and in the runtime helpers) is bound to a
NumPy-like namespace over ``mlx.core``: the functions both libraries share by name
(``np.tanh`` is ``mx.tanh``) plus the few below where MLX differs (``shape``,
``result_type``, ``full``, ...). A NumPy name MLX has no counterpart for raises an
AttributeError naming it. Each fused region (see :mod:`s2sgrad.fuse`) is compiled with
``mx.compile``, which on a Mac fuses it into Metal kernels; on Linux the same code
runs on ``mlx[cpu]`` (how the tests run it). Python scalars stay weak, so float32
inputs give float32 values and gradients. MLX is imported on the first
``backend="mlx"``.

:func:`metal_source` also writes a fused region as Metal Shading Language for
``mx.fast.metal_kernel`` (one thread per element, ``simd_sum`` and an atomic add per
SIMD group for full reductions). It is **untested on hardware** (no machine here runs
Metal; its tests compare the generated text) and is used only where Metal is available
and ``S2SGRAD_MLX_METAL_KERNELS=1`` is set; otherwise regions go through ``mx.compile``.
"""

from __future__ import annotations

import functools
import os
import types

import numpy

from .. import runtime
from . import register_backend
from .kernels import CDialect, Unsupported, fused_kernel, shape_queries, stats

# NumPy names generated code and helpers use whose MLX functions differ in name
_RENAMED = {"absolute": "abs", "asarray": "array", "arcsin": "arcsin", "concatenate": "concatenate"}


def _dtype(mx, dt):
    """An MLX dtype for a NumPy dtype (or an MLX dtype, returned as is)."""
    if dt is None or isinstance(dt, mx.Dtype):
        return dt
    return getattr(mx, numpy.dtype(dt).name)


def _numpy_dtype(mx, dt):
    return numpy.dtype(str(dt).rsplit(".", 1)[-1])


def namespace(mx) -> types.ModuleType:
    """The NumPy-like module generated code sees as ``np`` on this backend."""
    array = mx.array

    def as_numpy_type(x):
        if isinstance(x, array):
            return _numpy_dtype(mx, x.dtype)
        if isinstance(x, mx.Dtype):
            return _numpy_dtype(mx, x)
        return x  # Python numbers stay weak; NumPy dtypes pass through

    def result_type(*xs):
        return _dtype(mx, numpy.result_type(*(as_numpy_type(x) for x in xs)))

    shape, ndim, size = shape_queries(array)

    def full(shape, fill_value, dtype=None):
        if dtype is None and isinstance(fill_value, array):
            dtype = fill_value.dtype
        return mx.full(shape, fill_value, dtype=_dtype(mx, dtype) or mx.float32)

    def zeros_like(a, dtype=None):
        out = mx.zeros_like(a if isinstance(a, array) else mx.array(a))
        return out if dtype is None else out.astype(_dtype(mx, dtype))

    def reduction(fn):
        @functools.wraps(fn)
        def reduce(a, axis=None, keepdims=False, **kwargs):
            if kwargs:
                raise TypeError(
                    f"s2sgrad's MLX backend: np.{fn.__name__} with "
                    f"{sorted(kwargs)} is not supported"
                )
            if isinstance(axis, list):
                axis = tuple(axis)
            return fn(a if isinstance(a, array) else mx.array(a), axis=axis, keepdims=keepdims)

        return reduce

    def on_array(fn):
        @functools.wraps(fn)
        def wrapped(a, *args, **kwargs):
            return fn(a if isinstance(a, array) else mx.array(a), *args, **kwargs)

        return wrapped

    own = {
        "ndarray": array,
        "reshape": on_array(mx.reshape),
        "broadcast_to": on_array(mx.broadcast_to),
        "floating": numpy.floating,
        "integer": numpy.integer,
        "bool_": numpy.bool_,
        "generic": numpy.generic,
        "number": numpy.number,
        "result_type": result_type,
        "shape": shape,
        "ndim": ndim,
        "size": size,
        "full": full,
        "zeros_like": zeros_like,
        "float32": mx.float32,
        "float64": mx.float64,
        "sum": reduction(mx.sum),
        "mean": reduction(mx.mean),
        "max": reduction(mx.max),
        "min": reduction(mx.min),
        "prod": reduction(mx.prod),
        "amax": reduction(mx.max),
        "amin": reduction(mx.min),
    }

    class MLXNumPy(types.ModuleType):
        def __getattr__(self, attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            value = getattr(mx, _RENAMED.get(attr, attr), None)
            if value is None:
                raise AttributeError(
                    f"s2sgrad's MLX backend: NumPy's np.{attr} has no MLX "
                    "counterpart; use the numpy backend for this function"
                )
            setattr(self, attr, value)
            return value

    ns = MLXNumPy("s2sgrad.backends.mlx.np")
    ns.__dict__.update(own)
    return ns


def _output_seed(mx):
    """``output_seed`` for MLX outputs (their dtypes are not NumPy dtypes)."""

    def scalar_float(v):
        return isinstance(v, mx.array) and v.ndim == 0 and mx.issubdtype(v.dtype, mx.floating)

    def output_seed(value, seed=None):
        if seed is not None:
            return seed
        if isinstance(value, (tuple, list)) and value and scalar_float(value[0]):
            return [1.0] + [0.0] * (len(value) - 1)
        if scalar_float(value):
            return 1.0
        if isinstance(value, mx.array):
            value = numpy.asarray(value)  # the NumPy helper's error names the shape and dtype
        return runtime.output_seed(value, seed)

    return output_seed


def _fused_kernel(mx):
    array = mx.array

    def fused_kernel(fn):
        """``fn`` compiled by ``mx.compile`` (one compiled function per set of Python
        scalar arguments; MLX retraces for new shapes). Arguments other than MLX arrays,
        Python numbers and ``None`` run the body as is."""
        compiled: dict = {}

        @functools.wraps(fn)
        def run(*args):
            if not any(isinstance(a, array) for a in args) or not all(
                isinstance(a, array) or a is None or type(a) in (int, float) for a in args
            ):
                stats["guard"] += 1
                return fn(*args)
            key = tuple((i, a) for i, a in enumerate(args) if not isinstance(a, array))
            entry = compiled.get(key)
            if entry is None:
                out = fn(*args)  # learns which outputs are arrays (a seed is a number)
                outs = out if isinstance(out, tuple) else (out,)
                mask = tuple(isinstance(o, array) for o in outs)
                consts = dict(key)
                positions = [i for i, a in enumerate(args) if isinstance(a, array)]

                def arrays_only(*arrays):
                    full = dict(consts)
                    full.update(zip(positions, arrays))
                    res = fn(*(full[i] for i in range(len(args))))
                    res = res if isinstance(res, tuple) else (res,)
                    return tuple(r for r, m in zip(res, mask) if m)

                compiled[key] = (mx.compile(arrays_only), mask, outs, isinstance(out, tuple))
                return out
            kernel, mask, first, many = entry
            got = iter(kernel(*(a for a in args if isinstance(a, array))))
            outs = tuple(next(got) if m else f for m, f in zip(mask, first))
            return outs if many else outs[0]

        return run

    return fused_kernel


def register():
    """Register the ``"mlx"`` backend (imports MLX; raises ImportError without it)."""
    try:
        import mlx.core as mx
    except ImportError as exc:
        raise ImportError(
            "the s2sgrad backend 'mlx' needs MLX: pip install \"s2sgrad[mlx]\" "
            f"(mlx on macOS, mlx[cpu] on Linux); importing it failed: {exc}"
        ) from exc
    if os.environ.get("S2SGRAD_MLX_METAL_KERNELS") == "1" and mx.metal.is_available():
        kernel = fused_kernel("mlx-metal", mx.array, _metal_compile(mx), MetalDialect())
    else:
        kernel = _fused_kernel(mx)
    overrides = {"fused_kernel": kernel, "output_seed": _output_seed(mx)}
    return register_backend("mlx", overrides, base=namespace(mx))


# -- Metal Shading Language for fused regions (untested on hardware) ---------------------------

_METAL = {
    "abs": "metal::abs",
    "absolute": "metal::abs",
    "fabs": "metal::abs",
    "arcsin": "metal::precise::asin",
    "arccos": "metal::precise::acos",
    "arctan": "metal::precise::atan",
    "arcsinh": "metal::precise::asinh",
    "arccosh": "metal::precise::acosh",
    "arctanh": "metal::precise::atanh",
    "arctan2": "metal::precise::atan2",
    "power": "metal::precise::pow",
    "maximum": "s2s_max",
    "minimum": "s2s_min",
    "sign": "s2s_sign",
    "log1p": "s2s_log1p",
    "expm1": "s2s_expm1",
    "hypot": "s2s_hypot",
}

METAL_HEADER = """\
template <typename T> T s2s_max(T a, T b) { return (a > b || a != a) ? a : b; }
template <typename T> T s2s_min(T a, T b) { return (a < b || a != a) ? a : b; }
template <typename T> T s2s_sign(T a) { return a > 0 ? T(1) : (a < 0 ? T(-1) : a); }
template <typename T> T s2s_log1p(T x) {
    T u = T(1) + x;
    return u == T(1) ? x : metal::precise::log(u) * (x / (u - T(1)));
}
template <typename T> T s2s_expm1(T x) {
    T u = metal::precise::exp(x);
    if (u == T(1)) return x;
    if (u - T(1) == T(-1)) return T(-1);
    return (u - T(1)) * (x / metal::precise::log(u));
}
template <typename T> T s2s_hypot(T a, T b) { return metal::precise::sqrt(a * a + b * b); }
"""


class MetalDialect(CDialect):
    def const(self, value, T):
        import math

        value = float(value)
        if T != "float32" or not math.isfinite(value):
            raise Unsupported("Metal kernels are float32 with finite constants")
        return repr(value) + "f"

    def one(self, T):
        return "1.0f"

    def function(self, fn):
        return _METAL.get(fn, "metal::precise::" + fn)

    def cast(self, code, T):
        return f"((float){code})"

    def power(self, a, b):
        return f"metal::precise::pow({a}, {b})"


def metal_source(p) -> tuple[list[str], list[str], str]:
    """``(input_names, output_names, body)`` of ``mx.fast.metal_kernel`` for plan ``p``
    (from :func:`s2sgrad.backends.kernels.plan` with :class:`MetalDialect`): scalars and
    the seed arrive as one-element arrays; reductions go to ``acc`` (atomic outputs)."""
    arrays = [(var, kind) for _, kind, var in p.inputs if kind in ("array", "barray")]
    scalars = [var for _, kind, var in p.inputs if kind == "scalar"]
    outs = [var for _, kind, var, _ in p.outputs if kind == "array"]
    atomic = bool(p.reductions)
    if atomic and any(dt == "bool" for _, kind, _, dt in p.outputs if kind == "array"):
        raise Unsupported("boolean outputs of a kernel with atomic outputs")
    inputs = [f"a_{v}" for v, _ in arrays] + [f"s_{v}" for v in scalars] + ["s_v_seed"]
    outputs = [f"o_{v}" for v in outs] + (["acc"] if atomic else [])
    body = ["uint i = thread_position_in_grid.x;"]
    body += [f"{'bool' if k == 'barray' else 'float'} {v} = a_{v}[i];" for v, k in arrays]
    body += [f"float {v} = s_{v}[0];" for v in scalars]
    body.append("float v_seed = s_v_seed[0];")
    for var, expr, declare, ctype in p.lines:
        body.append(
            f"{(ctype if ctype == 'bool' else 'float') + ' ' if declare else ''}{var} = {expr};"
        )
    for v in outs:
        body.append(
            f"atomic_store_explicit(&o_{v}[i], {v}, memory_order_relaxed);"
            if atomic
            else f"o_{v}[i] = {v};"
        )
    for k, (_, var, _) in enumerate(p.reductions):
        body.append(f"float sum_{k} = simd_sum({var});")
        body.append(
            f"if (simd_is_first()) atomic_fetch_add_explicit(&acc[{k}], sum_{k}, "
            "memory_order_relaxed);"
        )
    return inputs, outputs, "\n".join(body) + "\n"


def _metal_compile(mx):
    """``compile_plan`` for :func:`s2sgrad.backends.kernels.fused_kernel` through
    ``mx.fast.metal_kernel`` (untested on hardware)."""

    def compile_plan(region, p, sig):
        import math

        T, shape, _ = sig
        n = math.prod(shape)
        inputs, outputs, body = metal_source(p)
        kernel = mx.fast.metal_kernel(
            name="s2s_" + region.name,
            input_names=inputs,
            output_names=outputs,
            source=body,
            header=METAL_HEADER,
            atomic_outputs=bool(p.reductions),
        )
        arrays = [o for o, kind, _, _ in p.outputs if kind == "array"]
        shapes = [shape] * len(arrays) + ([(len(p.reductions),)] if p.reductions else [])
        dtypes = [
            mx.bool_ if dt == "bool" else mx.float32
            for _, kind, _, dt in p.outputs
            if kind == "array"
        ]
        dtypes += [mx.float32] if p.reductions else []

        def run(args, seed):
            ins = [a for a, (_, kind, _) in zip(args, p.inputs) if kind in ("array", "barray")]
            ins += [
                mx.array([float(a)], dtype=mx.float32)
                for a, (_, kind, _) in zip(args, p.inputs)
                if kind == "scalar"
            ]
            ins.append(mx.array([0.0 if seed is None else float(seed)], dtype=mx.float32))
            res = kernel(
                inputs=ins,
                grid=(n, 1, 1),
                threadgroup=(256, 1, 1),
                output_shapes=shapes,
                output_dtypes=dtypes,
                init_value=0,
            )
            values = dict(zip(arrays, res))
            for k, (name, _, how) in enumerate(p.reductions):
                total = res[len(arrays)][k]
                values[name] = total / n if how == "mean" else total
            return values

        return run

    return compile_plan
