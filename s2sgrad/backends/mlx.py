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
"""

from __future__ import annotations

import functools
import types

import numpy

from .. import runtime
from . import register_backend
from .kernels import stats

# NumPy names generated code and helpers use whose MLX functions differ in name
_RENAMED = {"absolute": "abs", "asarray": "array", "arcsin": "arcsin", "concatenate":
            "concatenate"}


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

    def shape(a):
        s = getattr(a, "shape", None)
        return numpy.shape(a) if s is None else tuple(s)

    def ndim(a):
        n = getattr(a, "ndim", None)
        return numpy.ndim(a) if n is None else n

    def size(a, axis=None):
        if not isinstance(a, array):
            return numpy.size(a, axis)
        return a.size if axis is None else a.shape[axis]

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
                raise TypeError(f"s2sgrad's MLX backend: np.{fn.__name__} with "
                                f"{sorted(kwargs)} is not supported")
            if isinstance(axis, list):
                axis = tuple(axis)
            return fn(a if isinstance(a, array) else mx.array(a), axis=axis,
                      keepdims=keepdims)
        return reduce

    def on_array(fn):
        @functools.wraps(fn)
        def wrapped(a, *args, **kwargs):
            return fn(a if isinstance(a, array) else mx.array(a), *args, **kwargs)
        return wrapped

    own = {"ndarray": array, "reshape": on_array(mx.reshape),
           "broadcast_to": on_array(mx.broadcast_to), "floating": numpy.floating,
           "integer": numpy.integer,
           "bool_": numpy.bool_, "generic": numpy.generic, "number": numpy.number,
           "result_type": result_type, "shape": shape, "ndim": ndim, "size": size,
           "full": full, "zeros_like": zeros_like, "float32": mx.float32,
           "float64": mx.float64, "sum": reduction(mx.sum), "mean": reduction(mx.mean),
           "max": reduction(mx.max), "min": reduction(mx.min), "prod": reduction(mx.prod),
           "amax": reduction(mx.max), "amin": reduction(mx.min)}

    class MLXNumPy(types.ModuleType):
        def __getattr__(self, attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            value = getattr(mx, _RENAMED.get(attr, attr), None)
            if value is None:
                raise AttributeError(f"s2sgrad's MLX backend: NumPy's np.{attr} has no MLX "
                                     "counterpart; use the numpy backend for this function")
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
                    isinstance(a, array) or a is None or type(a) in (int, float)
                    for a in args):
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
        raise ImportError("the s2sgrad backend 'mlx' needs MLX: pip install \"s2sgrad[mlx]\" "
                          f"(mlx on macOS, mlx[cpu] on Linux); importing it failed: {exc}"
                          ) from exc
    overrides = {"fused_kernel": _fused_kernel(mx), "output_seed": _output_seed(mx)}
    return register_backend("mlx", overrides, base=namespace(mx))
