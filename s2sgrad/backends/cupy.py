"""The ``"cupy"`` backend: generated code and runtime helpers run on CuPy (NVIDIA GPUs).

    g = s2sgrad.grad(loss, argnums=(0, 1), backend="cupy")
    dW, db = g(cupy.asarray(W), cupy.asarray(b), X_gpu)   # CuPy arrays back

The derivative source is the same as for NumPy; only the bindings change: the name
``np`` in generated code is CuPy (``np.tanh`` is ``cupy.tanh``) and the runtime helpers
are bound to it too (see :mod:`s2sgrad.backends`). The few overrides below cover
the places where CuPy's functions differ from NumPy's for the arguments helpers pass:
Python scalars where CuPy wants arrays, axes given as lists or NumPy arrays, a
0-d device array as a fill value, and NumPy's writable ``diagonal`` view.

CuPy is imported by :func:`register` (called on the first ``backend="cupy"``), never
when s2sgrad is imported.
"""

from __future__ import annotations

import numbers

import numpy

from . import register_backend

_SCALARS = (numbers.Number, numpy.generic)


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

    def shape(a):
        s = getattr(a, "shape", None)
        return numpy.shape(a) if s is None else tuple(s)

    def ndim(a):
        n = getattr(a, "ndim", None)
        return numpy.ndim(a) if n is None else n

    def size(a, axis=None):
        if not isinstance(a, ndarray):
            return numpy.size(a, axis)
        return a.size if axis is None else a.shape[axis]

    def reshape(a, *args, **kwargs):
        return cupy.reshape(on_device(a), *args, **kwargs)

    def broadcast_to(a, shape, *args, **kwargs):
        return cupy.broadcast_to(on_device(a), shape, *args, **kwargs)

    def full(shape, fill_value, dtype=None, order="C"):
        if isinstance(fill_value, ndarray):
            out = cupy.empty(shape, dtype=fill_value.dtype if dtype is None else dtype,
                             order=order)
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

    ops = {"shape": shape, "ndim": ndim, "size": size, "reshape": reshape,
           "broadcast_to": broadcast_to, "full": full, "argsort": argsort,
           "transpose": transpose}
    overrides = {f"np.{k}": v for k, v in ops.items()}
    overrides["trace_adjoint"] = trace_adjoint
    return overrides


def register():
    """Register the ``"cupy"`` backend (imports CuPy; raises ImportError without it)."""
    try:
        import cupy
    except ImportError as exc:
        raise ImportError("the s2sgrad backend 'cupy' needs CuPy (pip install cupy-cuda12x "
                          f"or cupy-cuda13x); importing it failed: {exc}") from exc
    return register_backend("cupy", _overrides(cupy), base=cupy)
