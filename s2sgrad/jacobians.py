"""Jacobians assembled from derivatives along basis directions: forward mode's
directional derivatives (:func:`assemble`, one per input entry) and reverse mode's rows
(:func:`from_rows`, one per output entry), for arrays, floats and trees of them.

    assemble([J @ e for e in basis(x)], x, out, "jacfwd")  ->  J, shape out.shape + x.shape
"""

from __future__ import annotations

import numpy as np

from .basis import is_array, is_tree, tree_get, tree_leaves, tree_set
from .errors import GradientArgumentError
from .runtime import _lazy, _size


def assemble(dots, x, out, what):
    """Stack directional derivatives (one per basis tangent of ``x``) into a Jacobian
    of shape ``out.shape + x.shape``; for a tree ``x``, the tree of the Jacobians with
    respect to each leaf; for a tree output, the tree (outside) of those (inside)."""
    if is_tree(out):
        result = out
        for path, leaf in tree_leaves(out):
            result = tree_set(
                result, path, assemble([tree_get(d, path) for d in dots], x, leaf, what)
            )
        return result
    if is_tree(x):
        result, start = x, 0
        for path, leaf in tree_leaves(x):
            n = _size(leaf) if is_array(leaf) else 1
            result = tree_set(result, path, assemble(dots[start : start + n], leaf, out, what))
            start += n
        return result
    if not is_array(x):
        d = dots[0]
        if _lazy(d):
            return np.broadcast_to(d, np.shape(out))  # lazy stays lazy: not a float
        if isinstance(out, float) or np.ndim(d) == 0 and not isinstance(out, np.ndarray):
            return complex(d) if np.iscomplexobj(d) else float(d)
        return np.asarray(d) + np.zeros(np.shape(out))
    oshape = np.shape(out)
    arr = np.stack([np.broadcast_to(d if _lazy(d) else np.asarray(d), oshape) for d in dots])
    if _lazy(x) and not _lazy(arr):
        arr = arr + np.zeros_like(x, shape=())  # a Dask input's Jacobian is a Dask array
    arr = dtype_of(arr.reshape(x.shape + oshape), out)
    nx = x.ndim
    return np.transpose(arr, list(range(nx, nx + len(oshape))) + list(range(nx)))


def arguments_inside(results, out):
    """The Jacobians of ``out`` in several arguments (``results``: one per argument, each
    a tree like ``out``) laid out as JAX's: the output's tree outside, a tuple over the
    arguments at each of its leaves (``J[k][i]``: output leaf ``k``, argument ``i``)."""
    if not is_tree(out):
        return tuple(results)
    laid = out
    for path, _ in tree_leaves(out):
        laid = tree_set(laid, path, tuple(tree_get(r, path) for r in results))
    return laid


def complex_jacobian(dots, x, out, what, fun):
    """The derivative in a complex input ``x`` from the directional derivatives along
    its real (first half of ``dots``) and imaginary (second half) unit directions: for a
    real output, ``d/dx - 1j d/dy`` (autograd's gradient); for a complex output,
    ``d/dz``, which exists only for holomorphic functions."""
    half = len(dots) // 2
    jx = assemble(dots[:half], x, out, what)
    jy = assemble(dots[half:], x, out, what)
    if not np.iscomplexobj(out) and not np.iscomplexobj(jx) and not np.iscomplexobj(jy):
        return jx - 1j * jy
    if not np.allclose(jy, 1j * jx, rtol=1e-7, atol=1e-10 * (1.0 + np.max(np.abs(jx)))):
        raise ValueError(
            f"{what}: {display_name(fun)} has a complex output and is not "
            "holomorphic in its complex input (d/dy != 1j * d/dx), so its "
            "derivative is not a complex Jacobian; use s2sgrad.jvp or s2sgrad.vjp, or "
            "differentiate the real and imaginary parts separately"
        )
    return jx


def display_name(fun) -> str:
    f = getattr(fun, "fun", fun)
    return repr(getattr(f, "__qualname__", getattr(f, "__name__", "function")))


def output_leaves(out, fun) -> list:
    """``(path, leaf)`` of the output ``out`` (one, at ``()``, unless it is a tree), a leaf
    that is neither an array nor a float (an int, a NumPy scalar) as a float; anything else
    has no Jacobian: s2sgrad's error."""
    found = []
    for path, leaf in tree_leaves(out) if is_tree(out) else [((), out)]:
        if not (isinstance(leaf, (float, complex, np.ndarray)) or _lazy(leaf)):
            try:
                leaf = float(leaf)
            except (TypeError, ValueError):
                where = f" at {list(path)}" if path else ""
                raise GradientArgumentError(
                    f"jacrev: {display_name(fun)} returned a {type(leaf).__name__}{where}, "
                    "which is not a number or array: it has no Jacobian"
                ) from None
        found.append((path, leaf))
    return found


def from_rows(rows, x, out):
    """The Jacobian of ``out`` (an output leaf) in ``x`` from its rows (the cotangents of
    ``x`` for the unit seeds of ``out``); for a tree ``x``, the tree of the Jacobians in
    its leaves."""
    if is_tree(x):
        result = x
        for path, leaf in tree_leaves(x):
            result = tree_set(result, path, from_rows([tree_get(r, path) for r in rows], leaf, out))
        return result
    if not is_array(out):
        return rows[0]
    arr = np.stack([r if _lazy(r) else np.asarray(r) for r in rows])
    return arr.reshape(np.shape(out) + np.shape(x))


def complex_rows(rows, x, fun):
    """Jacobian rows of a complex output from the cotangents of its real (first half) and
    imaginary (second half) unit seeds: ``r1 - 1j r2`` for a real input, ``d/dz`` for a
    complex input (holomorphic functions only)."""
    half = len(rows) // 2
    r1, r2 = rows[:half], rows[half:]
    if not np.iscomplexobj(x):
        return [a - 1j * np.asarray(b) for a, b in zip(r1, r2)]
    a, b = np.asarray(r1), np.asarray(r2)
    if not np.allclose(b, 1j * a, rtol=1e-7, atol=1e-10 * (1.0 + np.max(np.abs(a)))):
        raise ValueError(
            f"jacrev: {display_name(fun)} has a complex output and is not "
            "holomorphic in its complex input, so its derivative is not a "
            "complex Jacobian; use s2sgrad.vjp or differentiate the real and "
            "imaginary parts separately"
        )
    return r1


def dtype_of(d, out):
    """Tangent ``d`` in the real float type of the output ``out`` (a float64 constant in a
    tangent rule, such as ``np.log(2.0)``, made float32 tangents float64)."""
    dtype, want = getattr(d, "dtype", None), getattr(out, "dtype", None)
    if (
        dtype is not None
        and want is not None
        and dtype != want
        and dtype.kind == "f"
        and want.kind == "f"
        and hasattr(d, "astype")
    ):
        return d.astype(want)
    return d
