"""Lists, tuples and dicts: ``+`` and ``*`` on sequences, and the method calls
generated code makes through functions.
"""

from __future__ import annotations

import itertools
import operator
import sys
import types

import numpy as np

from .adjoints import add
from .broadcast import _operand_error, _operator_class, unbroadcast
from .libraries import installed_class
from .places import _unsupported
from .values import _is_zero, _same_length, real_if_real


def add_or_concat_adjoint(g, a, b):
    """Adjoints ``[da, db]`` of ``a + b``: list/tuple concatenation or addition."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if _is_zero(g):
            return [0.0, 0.0]
        n = len(a)
        if isinstance(g, (list, tuple)):
            _same_length(g, list(a) + list(b))
            return [list(g[:n]), list(g[n:])]
        return [g[:n], g[n:]]
    return [unbroadcast(g, a), unbroadcast(g, b)]


def mul_or_repeat_adjoint(g, a, b):
    """Adjoints ``[da, db]`` of ``a * b``: list/tuple repetition by an int, or product."""
    if _is_repetition(b, a):
        return mul_or_repeat_adjoint(g, b, a)[::-1]
    if _is_repetition(a, b):
        n, reps = len(a), max(int(b), 0)
        if _is_zero(g) or not reps:
            return [0.0, 0.0]
        total = list(g[:n])
        for k in range(1, reps):
            total = add(total, list(g[k * n : (k + 1) * n]))
        return [total, 0.0]
    for v in (a, b):
        if _operator_class(type(v)):
            _operand_error(type(v))  # before g * b: an object's adjoint is a dict
    return [unbroadcast(g * b, a), unbroadcast(g * a, b)]


def mul_or_repeat_adjoint_tangent(g, tg, a, b, ta, tb):
    """Tangent of ``mul_or_repeat_adjoint(g, a, b)`` (forward over reverse)."""
    out = mul_or_repeat_adjoint(tg, a, b)
    if _is_repetition(a, b) or _is_repetition(b, a):
        return out  # repetition: linear in g, the int carries no tangent
    return [add(out[0], unbroadcast(g * tb, a)), add(out[1], unbroadcast(g * ta, b))]


def _is_repetition(a, b) -> bool:
    """Is ``a * b`` a list or tuple ``a`` repeated ``b`` times?"""
    return (
        isinstance(a, (list, tuple))
        and isinstance(b, (int, np.integer))
        and not isinstance(b, bool)
    )


def add_or_concat_tangent(ta, tb, a, b):
    """Tangent of ``a + b``: list/tuple concatenation or addition."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return _items(ta, a) + _items(tb, b)
    for v in (a, b):
        if _operator_class(type(v)):
            _operand_error(type(v))  # an object's __add__ ran: its tangent is not ta + tb
    return ta + tb


def mul_or_repeat_tangent(ta, tb, a, b):
    """Tangent of ``a * b``: list/tuple repetition by an int, or product."""
    if _is_repetition(a, b):
        return _items(ta, a) * b
    if _is_repetition(b, a):
        return _items(tb, b) * a
    for v in (a, b):
        if _operator_class(type(v)):
            _operand_error(type(v))
    return ta * b + a * tb


def operand_check(v):
    """Generated code checks an operand of an operator whose class the transform could not
    tell (s2sgrad.operands): an object of a user class with operator methods is an error
    at the user's line (Python called its method, the derivative took it for an array)."""
    if _operator_class(type(v)):
        _operand_error(type(v))


def item_check(v):
    """Generated code checks a value whose item is read, of a class the transform could not
    tell (s2sgrad.operands): an object of a user class with __getitem__ or __iter__ in
    Python is an error at the user's line (Python calls the method, the derivative took the
    object for a container)."""
    cls = type(v)
    if issubclass(cls, (np.ndarray, np.generic, list, tuple, dict, str)):
        return
    module = getattr(cls, "__module__", "")  # a class may make it anything (a property)
    if isinstance(module, str) and module.split(".")[0] in ("numpy", "builtins", "s2sgrad"):
        return
    if not installed_class(cls) and any(  # an installed library's arrays (dask's) have rules
        isinstance(vars(c).get(m), types.FunctionType)
        for c in cls.__mro__
        for m in ("__getitem__", "__iter__")
    ):
        _unsupported(
            f"an item of an object of class {cls.__name__} is read here, whose class s2sgrad "
            "could not tell when it transformed the function (Python calls its __getitem__ "
            "or __iter__, which were not differentiated)",
            f"bind the object to a name made by its class (v = {cls.__name__}(...)) first, "
            "or call the method (v.__getitem__(i))",
        )


def _items(t, like):
    """Tangent ``t`` of the list or tuple ``like`` as a list of item tangents."""
    if _is_zero(t):
        return [0.0] * len(like)
    return [t[i] for i in range(len(like))]


def array_astype(x, dtype, *args, **kwargs):
    """``x.astype(dtype)``."""
    return x.astype(dtype, *args, **kwargs)


def array_view(x):
    """``x.view()``: a new array object over ``x``'s memory (s2sgrad.aliasing.VIEWS)."""
    return x.view()


def array_conj(x):
    """``x.conj()`` (and ``x.conjugate()``): of a real array, ``x`` itself, not a copy
    (s2sgrad.aliasing.VIEWS); of a complex one, its conjugate."""
    return x.conj()


def _cast_kind(y) -> str:
    """The dtype kind of ``y``, a cast of a differentiated value; s2sgrad's error at the
    user's line for a dtype that is not a number's (``object``: NumPy calls the items'
    own methods, which the derivative of the cast cannot follow; strings, dates)."""
    kind = np.asarray(y).dtype.kind
    if kind not in "fcbiu":
        _unsupported(
            f"a differentiated value cast to dtype {np.asarray(y).dtype} (not a number's "
            "dtype) cannot be differentiated",
            "keep a float dtype (dtype=float), or wrap the value in s2sgrad.stop_gradient(...)",
        )
    return kind


def astype_tangent(t, y):
    """The tangent of ``y = x.astype(dtype)`` from ``x``'s tangent ``t``: none for an integer
    or boolean dtype (a step function), the real part for a real dtype."""
    if _cast_kind(y) not in "fc":
        return np.zeros(np.shape(y))
    return real_if_real(t, y)


def cast_adjoint(g, y):
    """The adjoint of ``x`` from ``g``, that of ``y``, a cast of ``x`` to a dtype known only
    when the code runs (``x.astype(d)``, ``np.array(x, dtype=d)``): none for an integer or
    boolean ``y`` (a step function), the real part for a real one."""
    if _cast_kind(y) not in "fc":
        return np.zeros(np.shape(y))
    return real_if_real(g, y)


def _truncates(container) -> bool:
    """Does storing into ``container`` round what is stored: an array of integers or
    booleans (lists and dicts keep what they are given)."""
    return getattr(getattr(container, "dtype", None), "kind", "f") in "biu"


def stored_adjoint(g, container):
    """The adjoint of a value stored into ``container[key]`` from ``g``, the adjoint of that
    item: a copy (later writes zero the item's adjoint), or none where ``container`` holds
    integers or booleans, which truncate what is stored (a step function)."""
    if _truncates(container):
        return np.zeros(np.shape(g))
    return g.copy() if hasattr(g, "copy") else g


def stored_tangent(t, container):
    """The tangent ``container[key]`` gets from ``t``, that of the value stored there: none
    where ``container`` holds integers or booleans (see :func:`stored_adjoint`)."""
    return np.zeros(np.shape(t)) if _truncates(container) else t


def array_item(x, *args):
    """``x.item()``."""
    return x.item(*args)


def _item_index(shape, args):
    """The index into an array of ``shape`` that ``x.item(*args)`` reads: one int is a
    flat index (negative counts from the end), several ints or a tuple a multi-index, none
    the one item of a size-1 array."""
    if not args:
        return (0,) * len(shape)
    if len(args) == 1 and not isinstance(args[0], tuple):
        size = int(np.prod(shape, dtype=int))
        flat = operator.index(args[0])
        if not -size <= flat < size:
            raise IndexError(f"index {flat} is out of bounds for size {size}")
        return np.unravel_index(flat % size, shape)
    return tuple(args[0]) if len(args) == 1 else args


def item_adjoint(g, x, *args):
    """The adjoint of ``x.item(*args)``: ``g`` at the item read, zero elsewhere."""
    out = np.zeros(np.shape(x), dtype=np.result_type(np.asarray(x).dtype, np.asarray(g).dtype))
    out[_item_index(np.shape(x), args)] = g
    return out


def item_tangent(t, x, *args):
    """The tangent of ``x.item(*args)``: the same item of the tangent ``t`` of ``x``."""
    return np.broadcast_to(t, np.shape(x))[_item_index(np.shape(x), args)]


def array_tolist(x):
    """``x.tolist()``."""
    return x.tolist()


def tolist_adjoint(g, x):
    """The adjoint of ``x.tolist()``: ``g``, nested lists of the items' adjoints (any of
    them, or ``g`` itself, a zero where nothing read them), as an array shaped like ``x``."""
    if isinstance(g, (list, tuple)):
        if np.ndim(x) == 0 or len(g) != len(x):
            raise ValueError("the adjoint of x.tolist() does not match x")
        if not len(g):
            return np.zeros_like(x)
        return np.stack([tolist_adjoint(gi, x[i]) for i, gi in enumerate(g)])
    return np.zeros_like(x) + g  # a zero, or the adjoint of one item (x 0-d)


def tolist_tangent(t, x):
    """The tangent of ``x.tolist()``: the nested lists of the tangent's items, as
    ``x.tolist()`` nests ``x``'s (the tangent of a 0-d ``x``'s one item)."""
    return np.broadcast_to(t, np.shape(x)).tolist() if np.ndim(x) else t


def dict_get(d, key, default=None):
    """``d.get(key, default)``."""
    return d.get(key, default)


def returning_changes(fn, **kinds):
    """``fn`` made to change copies of the lists and dicts passed as the parameters
    ``kinds`` names (``history="list"``), and to return its result followed by them; the
    ones passed are left as they were (see ``normalize/changes.py``)."""
    inner = fn.fun if getattr(fn, "__s2s_checkpoint__", False) else fn
    code = getattr(inner, "__wrapped__", inner).__code__
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]

    def changing(*args, **kwargs):
        args = list(args)
        copies = []
        for p, kind in kinds.items():
            i = names.index(p)
            made = list if kind == "list" else dict
            if i < len(args):
                args[i] = copy = made(args[i])
            else:
                kwargs[p] = copy = made(kwargs[p])
            copies.append(copy)
        return (fn(*args, **kwargs), *copies)

    return changing


def dict_keys(d):
    """``list(d)`` of a dict: its keys, which carry no derivative."""
    return list(d)


def dict_key(k):
    """``k``, stored as a key of a dict where it may be made from differentiated values
    (s2sgrad.readbacks): s2sgrad's error at the user's line if it is a float or complex
    number or array of them, whose derivative the keys read back would not carry; a name,
    an index or a tuple of them is returned as it is."""
    items = k if type(k) is tuple else (k,)
    if any(
        isinstance(v, (float, complex, np.inexact))
        or (isinstance(v, np.ndarray) and v.dtype.kind in "fc")
        for v in items
    ):
        _unsupported(
            "a differentiated value is stored here as a key of a dict, and keys read back "
            "(iterating the dict, d.keys(), sorted(d)) carry no derivative",
            "key the dict by a name or an index, and keep the differentiated values as its values",
            "NonDifferentiableError",
        )
    return k


def sorted_keys(d, reverse=False):
    """``sorted(d)`` of a value that s2sgrad could not tell was a dict when transforming
    (a parameter, what a callee returned): the sorted keys of a dict, which carry no
    derivative; anything else sorts values, which has no derivative rule."""
    if not isinstance(d, dict):
        _unsupported(
            f"sorted() of differentiated values (here a {type(d).__name__}) has no derivative rule",
            "use np.sort(...) for numbers; sorted() of a dict (its keys) is differentiated",
            "NonDifferentiableError",
        )
    return sorted(d, reverse=reverse)


def sorted_order(keys, reverse=False):
    """The positions of ``keys`` in the order ``sorted`` puts them (stable, ``reverse``
    as sorted's): ``sorted(xs, key=k)`` is ``[xs[i] for i in sorted_order([k(x) for x in
    xs])]``, whose items carry their derivative (normalize.iterator_calls)."""
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)


def best_position(keys, largest):
    """The position of the first largest (``largest``) or smallest of ``keys``: the item
    ``max(xs, key=k)`` / ``min(xs, key=k)`` return (normalize.iterator_calls)."""
    if not len(keys):
        raise ValueError(f"{'max' if largest else 'min'}() arg is an empty sequence")
    pick = max if largest else min
    return pick(range(len(keys)), key=keys.__getitem__)


def column_shape(x):
    """The shape ``np.c_[..., x, ...]`` gives item ``x``: at least 2-D, a 1-D ``x`` as a
    column."""
    shape = np.shape(x)
    if len(shape) >= 2:
        return shape
    return (shape[0], 1) if shape else (1, 1)


def loop_items(seq):
    """What a for loop over ``seq`` reads by position, where s2sgrad could not tell when
    transforming whether ``seq`` is a dict (``for k in self.shapes``): a dict's keys, which
    carry no derivative, in its order; any other sequence itself."""
    return list(seq) if isinstance(seq, dict) else seq


def loop_items_adjoint(g, seq):
    """The adjoint of ``seq`` from the adjoint ``g`` of :func:`loop_items` of it: ``g`` of
    a sequence; zero of a dict, whose keys were read."""
    return 0.0 if isinstance(seq, dict) else g


def loop_items_tangent(tseq, seq):
    """The tangent of :func:`loop_items` of ``seq``: ``tseq`` of a sequence; zero items for
    the keys of a dict."""
    return [0.0] * len(seq) if isinstance(seq, dict) else tseq


def sequence_length(seq):
    """``len(seq)`` of something a for loop iterates by position (never a dict)."""
    if isinstance(seq, dict):
        _unsupported(
            "a for loop over a dict that s2sgrad could not tell was a dict when transforming",
            "write `for k in d.keys()`, `for v in d.values()` or `for k, v in d.items()`",
        )
    if isinstance(seq, (set, frozenset)):
        _unsupported(
            "a for loop over a set that s2sgrad could not tell was a set when transforming: "
            "it iterates by position, and a set has none",
            "loop over sorted(s), or list(s) for Python's order",
        )
    if not hasattr(seq, "__len__"):
        _unsupported(
            f"a for loop over a {type(seq).__name__} object bound to a name: s2sgrad "
            "iterates by position, and an iterator has none",
            "loop over the call itself (`for t in reversed(range(n))`, `for a, b in "
            "zip(xs, ys)`), or make it a list first (`order = list(...)`)",
        )
    return len(seq)


def put_back(xs: list, index: int, item) -> list:
    """``xs`` with ``item`` put back where ``xs.pop(index)`` took it from (in place; an
    index from the end counts from the end of the longer list): the adjoint sweep undoing
    the pop, as an assignment that forward mode follows."""
    xs.insert(index if index >= 0 else len(xs) + 1 + index, item)
    return xs


def outside_log(method, *args, **kwargs):
    """``LOG.append(v)`` of a list the function does not own and never reads: a record of
    plain values, made as the code runs (no derivative flows through it; see
    :mod:`s2sgrad.normalize.outside_logs`)."""
    owner = getattr(method, "__self__", None)
    if type(owner) not in (list, dict, set):
        _unsupported(
            f"{method.__qualname__}() is logged to as a list, dict or set outside the "
            f"function, but it is a method of {type(owner).__name__}, which may change what "
            "the function computes, which cannot be differentiated",
            "keep the records in a plain list",
        )
    frame = sys._getframe(1)  # the function that logs: its arguments must not hold the log
    code = frame.f_code
    for given in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
        value = frame.f_locals.get(given)
        items = value.values() if isinstance(value, dict) else value
        if value is owner or (
            isinstance(value, (list, tuple, dict)) and any(v is owner for v in items)
        ):
            _unsupported(
                f"the argument {given!r} holds the {type(owner).__name__} that the function "
                "logs to, which it reads back there without the derivative of what it logged",
                "pass the value in as an argument, or return it, rather than reading it back "
                "from the log",
            )
    method(*args, **kwargs)


def outside_item(container, key, value):
    """``STATE[key] = value`` of a dict or list the function does not own (a call
    counter, the last loss for a progress print): a record of a plain value, made as the
    code runs (see :mod:`s2sgrad.normalize.outside_logs`)."""
    if type(container) not in (dict, list):
        _unsupported(
            f"an item of a {type(container).__name__} is written as a record outside the "
            "function, but only the items of a dict or a list are records: its "
            "__setitem__ may change what the function computes, which cannot be "
            "differentiated",
            "keep the records in a plain dict",
        )
    container[key] = value


def outside_attribute(obj, name, value):
    """``self.n_evals = ...`` of an object of a user class the function does not own: a
    record of a plain value, made as the code runs (see
    :mod:`s2sgrad.normalize.outside_logs`)."""
    setattr(obj, name, value)


def first_items(generator, n, *args, **kwargs) -> list:
    """The first ``n`` items of ``generator(*args, **kwargs)`` (an endless generator that a
    zip reads as far as its other sequences go: ``zip(range(n), schedule())``)."""
    return list(itertools.islice(generator(*args, **kwargs), n))
