"""``np.lib.stride_tricks.sliding_window_view`` and NumPy 2's array-API functions:
``np.vecdot`` and ``numpy.linalg``'s ``vecdot``, ``cross``, ``svdvals``, ``matrix_norm``,
``vector_norm``, ``trace``, ``diagonal``, ``outer`` and ``tensordot`` (``np.linalg.matmul``
shares the rule of ``np.matmul``, rules/products.py)."""

from __future__ import annotations

import numpy as np

from ..runtime import (
    cross_left,
    cross_right,
    cumprod_adjoint,
    cumprod_tangent,
    delete_adjoint,
    diag_embed,
    initial_dropped,
    initial_zero,
    norm_adjoint,
    norm_tangent,
    outer_left,
    outer_right,
    part,
    real_if_real,
    sliding_window_adjoint,
    tensordot_left,
    tensordot_right,
    trace_adjoint,
    unbroadcast,
    vander_powers,
    vector_rows,
    vector_rows_adjoint,
)
from .registry import bilinear, d, linear, linear_in, nondifferentiable_object, rule, t


@rule("numpy.linalg.vecdot", "numpy.vecdot")
def vecdot(y, x1, x2, *, axis=-1):
    # sum(conj(x1) * x2) over axis of each operand (counted in its own dimensions):
    # conjugate-linear in x1, linear in x2 (the adjoints of np.vdot)
    g = np.expand_dims(d[y], -1)
    d[x1] = real_if_real(
        np.moveaxis(
            unbroadcast(np.conj(g * np.moveaxis(x2, axis, -1)), np.moveaxis(x1, axis, -1)), -1, axis
        ),
        x1,
    )
    d[x2] = real_if_real(
        np.moveaxis(
            unbroadcast(g * np.conj(np.moveaxis(x1, axis, -1)), np.moveaxis(x2, axis, -1)), -1, axis
        ),
        x2,
    )
    t[y] = np.linalg.vecdot(t[x1], x2, axis=axis) + np.linalg.vecdot(x1, t[x2], axis=axis)


@rule("numpy.linalg.cross")
def linalg_cross(y, x1, x2, *, axis=-1):
    # np.cross of 3-vectors along axis
    d[x1] = cross_left(d[y], x1, x2, -1, -1, -1, axis)
    d[x2] = cross_right(d[y], x1, x2, -1, -1, -1, axis)
    t[y] = np.linalg.cross(t[x1], x2, axis=axis) + np.linalg.cross(x1, t[x2], axis=axis)


@rule("numpy.linalg.svdvals")
def svdvals(y, x):
    # the singular-value part of svd's rule: d s_i = Re(u_i^H dx v_i), defined at repeated
    # and zero singular values; complex x: the adjoint in autograd's convention
    usv = np.linalg.svd(x, full_matrices=False)
    u = part(usv, 0)
    vt = part(usv, 2)
    d[x] = real_if_real(np.conj(u @ diag_embed(np.real(d[y])) @ vt), x)
    t[y] = np.real(
        np.diagonal(
            np.conj(np.swapaxes(u, -1, -2)) @ t[x] @ np.conj(np.swapaxes(vt, -1, -2)), 0, -2, -1
        )
    )


@rule("numpy.linalg.matrix_norm")
def matrix_norm(y, x, *, keepdims=False, ord="fro"):
    # np.linalg.norm over the last two axes
    d[x] = norm_adjoint(d[y], y, x, ord, (-2, -1), keepdims)
    t[y] = norm_tangent(t[x], y, x, ord, (-2, -1), keepdims)


@rule("numpy.linalg.vector_norm")
def vector_norm(y, x, *, axis=None, keepdims=False, ord=2):
    # the norm of the vectors along axis (all of x for None; a tuple: those axes flattened
    # into one): np.linalg.norm's rule along the last axis of vector_rows(x, axis)
    rows = vector_rows(x, axis)
    kept = np.shape(rows)[:-1] + (1,)
    d[x] = vector_rows_adjoint(
        norm_adjoint(np.reshape(d[y], kept), np.reshape(y, kept), rows, ord, -1, True), x, axis
    )
    t[y] = np.reshape(
        norm_tangent(vector_rows(t[x], axis), np.reshape(y, kept), rows, ord, -1, True), np.shape(y)
    )


linear_in(vector_rows, "x")
linear_in(vector_rows_adjoint, "g")


@linear("numpy.linalg.trace")
def linalg_trace(y, x, *, offset=0, dtype=None):
    d[x] = trace_adjoint(d[y], x, offset, -2, -1)


@linear("numpy.linalg.diagonal")
def linalg_diagonal(y, x, *, offset=0):
    d[x] = trace_adjoint(d[y], x, offset, -2, -1)


@bilinear("numpy.linalg.outer", left=outer_left, right=outer_right)
def linalg_outer(x1, x2):
    return np.linalg.outer(x1, x2)


@rule("numpy.linalg.tensordot")
def linalg_tensordot(y, x1, x2, *, axes=2):
    d[x1] = tensordot_left(d[y], x1, x2, axes)
    d[x2] = tensordot_right(d[y], x1, x2, axes)
    t[y] = np.linalg.tensordot(t[x1], x2, axes=axes) + np.linalg.tensordot(x1, t[x2], axes=axes)


@linear("numpy.lib.stride_tricks.sliding_window_view", constant=("window_shape",))
def sliding_window_view(y, x, window_shape, axis=None):
    # a read-only view (subok= and writeable= are not taken): its transpose adds each
    # window back where it came from
    d[x] = sliding_window_adjoint(d[y], x, window_shape, axis)


linear_in(sliding_window_adjoint, "g")


if hasattr(np, "cumulative_prod"):  # NumPy 2.1

    @rule("numpy.cumulative_prod")
    def cumulative_prod(y, x, *, axis=None, dtype=None, out=None, include_initial=False):
        # np.cumprod's rule (a 1-D x for axis None), the leading 1 of include_initial dropped
        d[x] = cumprod_adjoint(initial_dropped(d[y], axis, include_initial), x, axis)
        t[y] = initial_zero(cumprod_tangent(t[x], x, axis), axis, include_initial)

    linear_in(initial_dropped, "g")
    linear_in(initial_zero, "t")


# -- diagflat, delete, vander --------------------------------------------------------------------


@linear("numpy.diagflat", constant=("k",))
def diagflat(y, v, k=0):
    d[v] = np.reshape(np.diagonal(d[y], k), np.shape(v))


@linear("numpy.delete", constant=("obj",))
def delete(y, arr, obj, axis=None):
    d[arr] = delete_adjoint(d[y], arr, obj, axis)


linear_in(delete_adjoint, "g")


@rule("numpy.vander", constant=("N", "increasing"))
def vander(y, x, N=None, increasing=False):
    # y[i, j] = x[i] ** p[j]: the slope p x ** (p - 1), 0 for the column of ones
    p = vander_powers(x, N, increasing)
    slope = np.where(p > 0.0, p * np.power(np.expand_dims(x, -1), np.maximum(p - 1.0, 0.0)), 0.0)
    d[x] = np.sum(d[y] * slope, axis=-1)
    t[y] = np.expand_dims(t[x], -1) * slope


nondifferentiable_object(vander_powers, "vander_powers")
