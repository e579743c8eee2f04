"""``autograd.tracer``: ``Node``, ``trace`` and boxes record the NumPy operations a function
runs, as autograd's tracer does; ``getval`` is s2sgrad's :func:`~s2sgrad.stop_gradient`
inside a differentiated function and unboxes a traced value outside; ``primitive``
marks a function with hand-written derivatives (see :mod:`.extend`).

s2sgrad's derivatives never trace (they transform source), so a trace exists only where a
program asks for one, as autograd's ``print_trace.py`` and ``dot_graph.py`` do:

    >>> class Names(Node):
    ...     def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
    ...         self.name = f"{fun.__name__}({', '.join(p.name for p in parents)})"
    ...     def initialize_root(self, x):
    ...         self.name = "x"
    >>> trace(Names.new_root(1.0), lambda x: np.sin(x) * 2.0, 1.0)[1].name
    'multiply(sin(x))'

Each NumPy call with a traced argument (a ufunc, through ``__array_ufunc__``, any other
NumPy function through ``__array_function__``, an operator or an index) and each call of a
``primitive`` of the program makes one node:
``node_type(value, fun, args, kwargs, parent_argnums, parents)`` with ``args`` the plain
values, as in autograd. Shape queries and results that cannot carry a derivative (integers,
booleans, shapes) are returned plain. A traced value passed to an s2sgrad derivative
(``trace(node, grad(f), x)``) runs through the generated derivative code, so the trace
shows the operations s2sgrad's derivative computes (autograd's shows its own backward pass).
Where a traced value would leave the trace (np.asarray, a write into a plain array, a
function returning several arrays) it is an error, never a graph silently missing it.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from ... import rules
from .boxes import Box, box_type_mappings, isbox, new_box, primitive_tracers
from .extend import primitive
from .util import subvals, toposort


class Node:
    """One traced operation; subclasses define ``__init__(value, fun, args, kwargs,
    parent_argnums, parents)`` and ``initialize_root(*args)``, as in autograd."""

    __slots__ = []

    def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
        raise NotImplementedError("a Node subclass defines __init__")

    def initialize_root(self, *args, **kwargs):
        raise NotImplementedError("a Node subclass defines initialize_root")

    @classmethod
    def new_root(cls, *args, **kwargs):
        root = cls.__new__(cls)
        root.initialize_root(*args, **kwargs)
        return root


_TOP = [-1]  # the innermost trace running (traces nest: trace(node, grad(f), x))


@contextmanager
def _new_trace():
    _TOP[0] += 1
    try:
        yield _TOP[0]
    finally:
        _TOP[0] -= 1


def trace(start_node, fun, x):
    """``(fun(x), end_node)``: ``fun`` run on ``x`` boxed with ``start_node``; ``(fun(x),
    None)`` with a warning when the output does not depend on ``x``."""
    with _new_trace() as t:
        start_box = new_box(x, t, start_node)
        end_box = fun(start_box)
        if isbox(end_box) and end_box._trace == start_box._trace:
            return end_box._value, end_box._node
        warnings.warn("Output seems independent of input.", stacklevel=2)
        return end_box, None


def getval(x):
    """``x`` without its box; inside a differentiated function, no derivative flows through
    it (s2sgrad's :func:`~s2sgrad.stop_gradient`)."""
    return getval(x._value) if isbox(x) else x


rules.nondifferentiable_object(getval, "autograd_getval")


def _top_boxes(args):
    """``[(argnum, box)]`` of the innermost trace among ``args`` (one level into lists and
    tuples, as ``np.stack([a, b])`` takes them), and that trace."""
    top, found = -1, []
    for i, arg in enumerate(args):
        items = arg if isinstance(arg, (list, tuple)) else (arg,)
        for item in items:
            if isbox(item):
                if item._trace > top:
                    top, found = item._trace, []
                if item._trace == top:
                    found.append((i, item))
    return found, top


def _unboxed(arg, top):
    if isbox(arg) and arg._trace == top:
        return arg._value
    if isinstance(arg, (list, tuple)) and any(isbox(a) and a._trace == top for a in arg):
        return type(arg)(_unboxed(a, top) for a in arg)
    return arg


def _inexact(value) -> bool:
    return type(value) in box_type_mappings and np.issubdtype(np.result_type(value), np.inexact)


def _traced(fun, name_fun, args, kwargs):
    """``fun(*args, **kwargs)`` with the innermost trace's boxes unboxed (outer traces
    see the call again through NumPy's dispatch), its result boxed with a new node."""
    boxes, top = _top_boxes(args)
    if not boxes:
        return fun(*args, **kwargs)
    argnums = tuple(dict.fromkeys(i for i, _ in boxes))
    argvals = subvals(args, [(i, _unboxed(args[i], top)) for i in argnums])
    ans = fun(*argvals, **kwargs)
    if isinstance(ans, (list, tuple)) and any(_inexact(a) for a in ans):
        # np.split, np.linalg.eigh: plain results would silently leave the trace
        raise TypeError(
            f"autograd's tracer (s2sgrad.compat.autograd.tracer) cannot trace "
            f"{getattr(name_fun, '__name__', name_fun)}, which returns several arrays: its "
            "results would leave the trace; trace a function that indexes or sums them instead"
        )
    if not _inexact(ans):
        _decided(top, name_fun)
        return ans  # a shape, an index, a comparison: no derivative to trace
    parents = tuple(box._node for _, box in boxes)
    parent_argnums = tuple(i for i, _ in boxes)
    node = type(boxes[0][1]._node)(ans, name_fun, argvals, kwargs, parent_argnums, parents)
    return new_box(ans, top, node)


# trace depth -> the operations whose plain result (a comparison, an integer, a truth value)
# came from the traced values, for a trace that is replayed later (misc.const_graph)
DECIDING: dict[int, list[str]] = {}


def _decided(top, fun) -> None:
    names = DECIDING.get(top)
    if names is not None:
        names.append(getattr(fun, "__name__", repr(fun)))


def _traced_primitive(fun, args, kwargs):
    """``fun(*args, **kwargs)`` for a primitive called with traced arguments: one node."""
    return _traced(fun.fun, fun, args, kwargs)


primitive_tracers.append(_traced_primitive)


def _getitem(x, index):
    return x[index]


_getitem.__name__ = "__getitem__"  # autograd's name
_PLAIN = {np.shape, np.ndim, np.size, np.result_type, np.iscomplexobj, np.isrealobj}


_LEAVING = (
    "a traced value ({} of autograd's tracer) cannot become a plain {}: it would leave the "
    "trace (np.asarray, float(), or a write into a plain array such as buf[i] = value, which "
    "an s2sgrad derivative of an indexing function does); trace the function itself, or a "
    "derivative without indexing"
)


class ScalarBox(Box, NDArrayOperatorsMixin):
    """A traced float or complex number: operators and NumPy functions called on it are
    traced (NumPy's ``__array_ufunc__`` and ``__array_function__`` protocols)."""

    __slots__ = []
    __array_priority__ = 100.0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        fun = ufunc if method == "__call__" else getattr(ufunc, method)
        return _traced(fun, fun, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func in _PLAIN:
            return func(*(_unboxed(a, self._trace) for a in args), **kwargs)
        return _traced(func, func, args, kwargs)

    def __array__(self, dtype=None, copy=None):
        # what NumPy asks for to store a traced value in a plain array (``buf[i:j] = v``)
        raise TypeError(_LEAVING.format(type(self).__name__, "NumPy array"))

    def __float__(self):
        # what NumPy asks for to store a traced number in a plain array (``buf[i] = v``)
        raise TypeError(_LEAVING.format(type(self).__name__, "number"))

    __complex__ = __int__ = __index__ = __float__

    def __hash__(self):
        return id(self)

    def __bool__(self):
        _decided(self._trace, bool)
        return bool(self._value)

    shape = property(lambda self: np.shape(self._value))
    ndim = property(lambda self: np.ndim(self._value))
    size = property(lambda self: np.size(self._value))
    dtype = property(lambda self: np.result_type(self._value))
    T = property(lambda self: np.transpose(self))

    def sum(self, *args, **kwargs):
        return np.sum(self, *args, **kwargs)

    def dot(self, other):
        return np.dot(self, other)

    def reshape(self, *shape, **kwargs):
        return np.reshape(self, shape[0] if len(shape) == 1 else shape, **kwargs)

    def __repr__(self):
        return f"{type(self).__name__}({self._value!r})"


class ArrayBox(ScalarBox):
    """A traced array, which also indexes (each index a traced operation) and iterates."""

    __slots__ = []

    def __getitem__(self, index):
        return _traced(_getitem, _getitem, (self, index), {})

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return (self[i] for i in range(len(self)))


ArrayBox.register(np.ndarray)
for _t in (float, complex, np.float16, np.float32, np.float64, np.complex64, np.complex128):
    ScalarBox.register(_t)


__all__ = [
    "ArrayBox",
    "Box",
    "ScalarBox",
    "Node",
    "box_type_mappings",
    "getval",
    "isbox",
    "new_box",
    "primitive",
    "toposort",
    "trace",
]
