"""Broadcasting: undoing it in adjoints (``unbroadcast``), shapes as values."""

from __future__ import annotations

import types

import numpy as np

from .libraries import installed_class
from .values import _is_complex, _is_zero, _shape, _unknown


class Shape(tuple):
    """Saved instead of a value when the adjoint sweep only needs that value's shape."""

    @property
    def shape(self):
        return tuple(self)

    @property
    def ndim(self):
        return len(self)


class ComplexShape(Shape):
    """The saved shape of a complex value: ``unbroadcast`` keeps its adjoint complex."""

    dtype = np.dtype(complex)


def shape_of(x):
    """What the forward sweep saves of ``x`` when only its shape is needed later."""
    if type(x) is np.ndarray:
        return (ComplexShape if getattr(x.dtype, "kind", "") == "c" else Shape)(x.shape)
    if type(x) in (list, tuple):
        try:
            shape = np.shape(x)
        except ValueError:  # items of different shapes ((w, (3, 2))): no array's shape
            return tuple(x)  # its adjoint is a container, which unbroadcast passes on
        return (ComplexShape if _is_complex(x) else Shape)(shape)
    return (ComplexShape if _is_complex(x) else Shape)(_shape(x))


def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast to ``g``'s shape."""
    if type(g) is np.ndarray and type(x) is np.ndarray and g.shape == x.shape:
        if getattr(g.dtype, "kind", "") != "c" or _is_complex(x):  # MLX dtypes: no kind
            return g  # the common case first: nothing was broadcast, nothing is complex
    if type(x) is float and type(g) is float:
        return g
    if _operator_class(type(x)):
        _operand_error(type(x))
    if type(g) in (list, tuple, dict):
        return g  # the adjoint of a row stored into a list (normalize.rows): no broadcast
    if type(g) is np.ndarray:  # the gradient of a real value is real (MLX dtypes: no kind)
        if getattr(g.dtype, "kind", "") == "c" and not _is_complex(x):
            g = g.real
    elif _is_complex(g) and not _is_complex(x):
        g = np.real(g)
    shape = _shape(x)
    gshape = _shape(g)
    if gshape == shape or not gshape:
        return g  # a scalar g is only ever the zero adjoint, which broadcasts
    if not shape:
        return np.sum(g)
    lead = len(gshape) - len(shape)
    if lead > 0:
        g = np.sum(g, axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(g)[i] != 1)
    if axes:
        g = np.sum(g, axis=axes, keepdims=True)
    return g


def _operator_class(cls) -> bool:
    """Is ``cls`` a class written in Python with operator methods (not an array type)?"""
    if issubclass(cls, (np.ndarray, np.generic, int, float, complex, list, tuple, dict)):
        return False
    module = getattr(cls, "__module__", "")  # a class may make it anything (a property)
    library = module.split(".")[0] if isinstance(module, str) else ""
    if library in ("numpy", "builtins", "s2sgrad"):
        return False
    names = ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow", "lshift")
    names += ("rshift", "and", "or", "xor")
    methods = [f"__{r}{n}__" for n in names for r in ("", "r")]  # a + b calls them
    methods += ["__neg__", "__pos__", "__invert__"]  # and -a, +a, ~a
    python = any(
        isinstance(vars(c).get(m), types.FunctionType) for c in cls.__mro__ for m in methods
    )
    return python and not installed_class(cls)  # an installed library's arrays (dask's) have rules


def _operand_error(cls):
    """An operand of an operator held an object of ``cls``, whose class the transform did
    not know: Python called its methods, the adjoint would take it for an array. s2sgrad's
    error at the user's line (a TypeError in an ahead-of-time module without s2sgrad)."""
    import sys

    message = (
        f"an operator here is applied to an object of class {cls.__name__}, whose class "
        "s2sgrad could not tell when it transformed the function (Python calls its operator "
        "methods, which were not differentiated)"
    )
    hint = (
        f"bind the object to a name made by its class (v = {cls.__name__}(...)) before the "
        "operator, or call the method (a.__add__(b))"
    )
    places = sys.modules.get("s2sgrad.runtime.places")  # not imported: ahead-of-time modules
    if places is not None:
        places._unsupported(message, hint)
    raise TypeError(f"{message}; {hint}")


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        return tuple(a % ndim for a in axis)
    return (axis % ndim,)


def _expand(g, x, axis, keepdims):
    """Reshape reduced ``g`` so it broadcasts against ``x``."""
    shape = list(_shape(x))
    ndim = len(shape)
    if keepdims or ndim == 0 or _is_zero(g):
        return g
    if _unknown(shape):
        axes = _axes(axis, ndim)  # new axes by indexing: no reshape to unknown sizes
        return g[tuple(None if i in axes else slice(None) for i in range(ndim))]
    for a in _axes(axis, ndim):
        shape[a] = 1
    return np.reshape(g, shape)


def reshape_like(g, like, order):
    """``g`` reshaped to ``like``'s shape (``order`` passed only when it is not "C": Dask's
    reshape takes none)."""
    if order == "C":
        return np.reshape(g, _shape(like))
    return np.reshape(g, _shape(like), order=order)
