"""Derivatives of the function values that library calls receive.

``odeint(func, y0, t, args)`` and ``fixed_point(f, a, x0, distance, tol)`` take a user
function, and their derivatives need that function's derivative. Their rules
(``@rule(..., functions=("func",))``, :mod:`s2sgrad.rules.registry`) call
:func:`function_vjp` and :func:`function_jvp` from their run-time helpers: these make the
reverse or forward derivative of the function they are given the way ``s2sgrad.vjp`` and
``s2sgrad.jvp`` do (from its source, a custom rule it has, a NumPy function's rule; a
``functools.partial`` object is its function with the bound arguments in front, an
object with ``__call__`` that method), when
the helper runs and the kinds of its arguments are known. The transformation checks,
where the call is written, that the function reads no differentiated value of the
caller (a closure over one, a ``partial`` of one): gradients would not reach it.

The pipeline sits above the runtime, so :mod:`s2sgrad.transforms` provides the two
derivatives (:func:`connect`).
"""

from __future__ import annotations

import functools
import inspect
import types

import numpy as np

_DERIVE: dict = {}


def connect(**parts) -> None:
    """Called by :mod:`s2sgrad.transforms`: ``vjp(fn, primals, kw)`` and
    ``jvp(fn, primals, kw, constant)``, each a function of (primals, cotangent or
    tangents) for arguments of the kinds of ``primals``, and ``applied(f)``."""
    _DERIVE.update(parts)


def _unwrapped(fn, primals, given=None):
    """``(function, primals, keywords, bound)`` with a ``functools.partial``'s bound
    arguments (``bound`` of them) put in front of ``primals`` (``given``: the call's own
    keywords, which win over the partial's)."""
    kw = dict(given or {})
    bound = 0
    if isinstance(fn, functools.partial):
        kw = dict(fn.keywords, **kw)
        bound = len(fn.args)
        primals = tuple(fn.args) + tuple(primals)
        fn = fn.func
    if type(fn).__module__.startswith("s2sgrad."):
        return fn, tuple(primals), kw, bound  # a derivative made by s2sgrad: not its __call__
    if not isinstance(fn, (types.FunctionType, types.MethodType)) and isinstance(
        inspect.getattr_static(type(fn), "__call__", None), types.FunctionType
    ):
        fn = fn.__call__  # an object of a user class with __call__: that method, bound
    return fn, tuple(primals), kw, bound


def function_vjp(fn, primals, kw=None, moving=None):
    """The reverse-mode derivative of the function value ``fn`` at arguments like
    ``primals``: a function of ``(primals, cotangent)`` returning ``(fn(*primals),
    cotangents of primals)`` (None for arguments that are not differentiated; ``moving``:
    the positions of those that are, None for every float or array)."""
    inner, full, kw, bound = _unwrapped(fn, primals, kw)
    run = _DERIVE["vjp"](inner, full, kw, _after_bound(moving, bound))
    head = full[:bound]

    def vjp(args, ct):
        value, cts = run(head + tuple(args), ct)
        return value, cts[bound:]

    vjp.valid = getattr(run, "valid", None)  # see s2sgrad.runtime.callees
    return vjp


def _after_bound(moving, bound):
    """``moving`` counted after a partial's ``bound`` arguments (constants here)."""
    return None if moving is None else tuple(i + bound for i in moving)


def function_jvp(fn, primals, kw=None, moving=None):
    """The forward-mode derivative of ``fn`` at arguments like ``primals``: a function of
    ``(primals, tangents)`` (None: a constant argument) returning ``(fn(*primals), its
    tangent)``."""
    inner, full, kw, bound = _unwrapped(fn, primals, kw)
    run = _DERIVE["jvp"](inner, full, kw, bound, _after_bound(moving, bound))
    head = full[:bound]

    def jvp(args, tangents):
        return run(head + tuple(args), (None,) * bound + tuple(tangents))

    jvp.valid = getattr(run, "valid", None)
    return jvp


def function_vjp_jvp(fn, primals, kw=None, moving=None):
    """Forward mode over :func:`function_vjp`: a function of ``(primals, cotangent,
    tangents)`` returning ``(cotangents of primals, their derivative along tangents)``
    for the cotangent held fixed (None: a constant argument)."""
    inner, full, kw, bound = _unwrapped(fn, primals, kw)
    run = _DERIVE["vjp_jvp"](inner, full, kw, _after_bound(moving, bound))
    head = full[:bound]

    def vjp_jvp(args, ct, tangents):
        cts, dots = run(head + tuple(args), ct, (None,) * bound + tuple(tangents))
        return cts[bound:], dots[bound:]

    return vjp_jvp


def applied(f):
    """``(a, x) -> f(a)(x)`` as one Python function with source (:mod:`s2sgrad.applied`)."""
    return _DERIVE["applied"](f)


# -- argument trees (odeint's args, fixed_point's a) as flat vectors ------------------------


def _is_leaf_value(x) -> bool:
    return isinstance(x, (float, complex, np.ndarray, np.floating, np.complexfloating))


def tree_leaves(tree) -> list:
    """The float and array leaves of a tuple/list/dict tree, in order (other leaves,
    ints and strings, are constants)."""
    if isinstance(tree, (tuple, list)):
        return [leaf for item in tree for leaf in tree_leaves(item)]
    if isinstance(tree, dict):
        return [leaf for k in sorted(tree, key=repr) for leaf in tree_leaves(tree[k])]
    return [tree] if _is_leaf_value(tree) else []


def tree_flatten(tree, like=None):
    """The leaves of ``tree`` raveled into one vector; ``like`` (a tree of the same
    structure) gives the leaves where ``tree`` has a zero (None, 0.0) in their place."""
    if like is None:
        like = tree
    parts = []
    for leaf, ref in zip(_paired(tree, like), tree_leaves(like)):
        if leaf is None or (not isinstance(leaf, np.ndarray) and np.ndim(ref) and leaf == 0):
            leaf = np.zeros(np.shape(ref))
        parts.append(np.ravel(leaf))
    if not parts:
        return np.zeros(0)
    return np.concatenate(parts)


def _paired(tree, like) -> list:
    """The items of ``tree`` at the leaves of ``like`` (None where ``tree`` is a zero for
    a whole subtree)."""
    if isinstance(like, (tuple, list)):
        if not isinstance(tree, (tuple, list)):
            return [None] * len(tree_leaves(like))
        return [leaf for item, ref in zip(tree, like) for leaf in _paired(item, ref)]
    if isinstance(like, dict):
        keys = sorted(like, key=repr)
        if not isinstance(tree, dict):
            return [None] * len(tree_leaves(like))
        return [leaf for k in keys for leaf in _paired(tree.get(k), like[k])]
    return [tree] if _is_leaf_value(like) else []


def tree_unflatten(flat, like):
    """A tree shaped like ``like`` holding the entries of the vector ``flat`` at its
    float and array leaves (None at its constant leaves)."""
    out, _ = _unflatten(np.asarray(flat), like, 0)
    return out


def _unflatten(flat, like, i):
    if isinstance(like, (tuple, list)):
        items = []
        for item in like:
            value, i = _unflatten(flat, item, i)
            items.append(value)
        return (tuple(items) if isinstance(like, tuple) else items), i
    if isinstance(like, dict):
        out = {}
        for k in sorted(like, key=repr):
            out[k], i = _unflatten(flat, like[k], i)
        return {k: out[k] for k in like}, i
    if not _is_leaf_value(like):
        return None, i
    n = int(np.size(like))
    part = flat[i : i + n]
    if isinstance(like, np.ndarray):
        return np.reshape(part, np.shape(like)), i + n
    return type(like)(part[0]) if isinstance(like, (float, complex)) else part[0], i + n
