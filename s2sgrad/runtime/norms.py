"""Adjoints and tangents of ``np.linalg.norm`` in every ``ord``: vector, matrix
and general norms, and their second derivatives.
"""

from __future__ import annotations

import numpy as np

from .broadcast import _expand
from .elementwise import ratio_or_zero
from .linalg import _mT
from .places import not_implemented
from .values import _is_complex


def _check_norm(ord, axis, x):
    if ord not in (None, 2, "fro") or (
        ord == 2 and (axis is None and np.ndim(x) == 2 or isinstance(axis, tuple))
    ):
        not_implemented(
            f"s2sgrad: the derivative of np.linalg.norm with ord={ord!r}"
            " is not implemented; write the norm out with np.sum"
        )


def norm_adjoint(g, y, x, ord, axis, keepdims):
    """Adjoint of ``np.linalg.norm`` for the 2-norm of vectors and the Frobenius norm
    (0 at a zero vector, as abs at 0)."""
    if _norm_general(ord, axis, x):  # issue 12: every other ord (complex: issue 14)
        return _expand(_real_part(g), x, axis, keepdims) * norm_slope(x, y, ord, axis, keepdims)
    _check_norm(ord, axis, x)
    if _is_complex(x):
        g, x = np.real(g), np.conj(x)  # d|x| = Re(conj(x) dx) / |x|
    if axis is None and not keepdims:
        return g * ratio_or_zero(x, y)
    return _expand(g, x, axis, keepdims) * ratio_or_zero(x, _expand(y, x, axis, keepdims))


def norm_tangent(tx, y, x, ord, axis, keepdims):
    """Tangent of ``y = np.linalg.norm(x, ord, axis, keepdims)`` (2-norm, Frobenius)."""
    if _norm_general(ord, axis, x):  # issue 12: every other ord (complex: issue 14)
        return _real_sum(norm_slope(x, y, ord, axis, keepdims) * tx, axis, keepdims)
    _check_norm(ord, axis, x)
    if _is_complex(x) or _is_complex(tx):
        return ratio_or_zero(np.real(np.sum(np.conj(x) * tx, axis=axis, keepdims=keepdims)), y)
    return ratio_or_zero(np.sum(x * tx, axis=axis, keepdims=keepdims), y)


def _real_part(g):
    return np.real(g) if _is_complex(g) else g


def _real_sum(m, axis, keepdims):
    """``sum(m)`` over ``axis``: real (the norm is real), ``m`` is complex for complex x."""
    return _real_part(np.sum(m, axis=axis, keepdims=keepdims))


def _unit(x):
    """``d|x| = Re(_unit(x) * dx)``: ``sign(x)`` for real ``x``, ``conj(x) / |x|`` for
    complex (0 at 0, as abs)."""
    return ratio_or_zero(np.conj(x), np.abs(x)) if _is_complex(x) else np.sign(x)


def _unit_dx(x, dx):
    """Derivative of :func:`_unit` along ``dx``: 0 for real ``x``, else
    ``(conj(dx) - u * Re(u * dx)) / |x|`` with ``u = _unit(x)``."""
    if not _is_complex(x):
        return np.zeros(np.shape(x))
    u = _unit(x)
    return ratio_or_zero(np.conj(dx) - u * np.real(u * dx), np.abs(x))


def _norm_matrix(x, axis) -> bool:
    return (axis is None and np.ndim(x) == 2) or (
        isinstance(axis, (tuple, list)) and len(axis) == 2
    )


def _norm_general(ord, axis, x) -> bool:
    """An ord of ``np.linalg.norm`` other than the 2-norm of vectors and Frobenius."""
    if ord is None or ord == "fro":
        return False
    return not (ord == 2 and not _norm_matrix(x, axis))


def norm_slope(x, y, ord, axis, keepdims):
    """``dy/dx`` of ``y = np.linalg.norm(x, ord, axis, keepdims)`` for the ords other than
    2 (vectors) and Frobenius; ties of max/min split evenly, 0 at 0 (as abs). For complex
    ``x``, ``dy = Re(sum(slope * dx))``: the slope is autograd's adjoint of ``y``."""
    if _norm_matrix(x, axis):
        axes = (0, 1) if axis is None else tuple(a % np.ndim(x) for a in axis)
        xm = np.moveaxis(x, axes, (-2, -1))
        if ord in (1, -1, np.inf, -np.inf):
            slope = _unit(xm) * _matrix_sum_weights(xm, ord)
        elif ord in (2, -2, "nuc"):
            u, _, vt = np.linalg.svd(xm, full_matrices=False)
            if ord == "nuc":  # d s_i = Re(u_i^H dx v_i): the slope conj(u vt)
                slope = np.conj(u @ vt)
            else:
                i = 0 if ord == 2 else np.shape(vt)[-2] - 1
                slope = np.conj(u[..., :, i : i + 1] @ vt[..., i : i + 1, :])
        else:
            not_implemented(
                f"s2sgrad: the derivative of the matrix norm ord={ord!r} is not implemented; "
                "write the norm out with np.sum and np.max"
            )
        return np.moveaxis(slope, (-2, -1), axes)
    yk = _expand(y, x, axis, keepdims)
    if ord in (np.inf, -np.inf):
        return _unit(x) * _extreme_weights(x, yk, axis)
    if ord == 0:
        return np.zeros(np.shape(x))  # a count of nonzeros: piecewise constant
    if ord == 1:
        return _unit(x)
    p = float(ord)
    return _unit(x) * ratio_or_zero(np.abs(x) ** (p - 1), yk ** (p - 1))


def _extreme_weights(x, yk, axis):
    """The entries of largest (ord=inf) or smallest (-inf) modulus, ties split evenly."""
    mask = np.abs(x) == yk
    return mask / np.sum(mask, axis=axis, keepdims=True)


def _matrix_sum_weights(xm, ord):
    """The columns (ord=1, -1) or rows (inf, -inf) whose sum of moduli is the norm, ties
    split evenly."""
    along = -2 if ord in (1, -1) else -1
    other = -1 if along == -2 else -2
    sums = np.sum(np.abs(xm), axis=along, keepdims=True)
    best = (np.max if ord > 0 else np.min)(sums, axis=other, keepdims=True)
    mask = sums == best
    return mask / np.sum(mask, axis=other, keepdims=True)


def _singular_factor_dx(a, da, ord):
    """The derivative along ``da`` of ``u @ vh`` (ord "nuc") or of ``u_i v_i^H`` for the
    largest (2) or smallest (-2) singular value of ``a = u diag(s) vh`` (distinct, nonzero
    singular values; both are free of the factors' gauge). With ``X = u^H da v``: the part
    in the span of ``u`` and ``v`` from the SVD's derivative, plus the parts of ``da``
    outside them."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    uh = np.conj(_mT(u))
    v = np.conj(_mT(vh))
    x = uh @ da @ v
    xh = np.conj(_mT(x))
    off_u = da - u @ (uh @ da)  # (1 - u u^H) da
    off_v = da - (da @ v) @ vh  # da (1 - v v^H)
    if ord == "nuc":  # u^H d(u vh) v = (X - X^H) / (s_i + s_j), as the polar factor
        k = (x - xh) / (s[..., :, None] + s[..., None, :])
        return u @ k @ vh + off_u @ (v / s[..., None, :]) @ vh + u @ (uh / s[..., :, None]) @ off_v
    i = 0 if ord == 2 else np.shape(s)[-1] - 1
    ui, vi, si = u[..., :, i : i + 1], v[..., :, i : i + 1], s[..., i : i + 1, None]
    xj = x[..., :, i : i + 1]  # X_ji
    xi = np.conj(_mT(x[..., i : i + 1, :]))  # conj(X_ij)
    sj = s[..., :, None]
    same = np.arange(np.shape(s)[-1])[:, None] == i
    den = np.where(same, 1.0, si * si - sj * sj)
    wu = np.where(same, 0.0, (xj * si + xi * sj) / den)  # u^H du_i
    wv = np.where(same, 0.0, (xj * sj + xi * si) / den)  # v^H dv_i
    vih = np.conj(_mT(vi))
    out = (
        (u @ wu) @ vih
        + ui @ np.conj(_mT(v @ wv))
        + (off_u @ vi @ vih + ui @ np.conj(_mT(ui)) @ off_v) / si
    )
    if _is_complex(out):  # the phase: u_i^H du_i - v_i^H dv_i = 1j Im(X_ii) / s_i
        out = out + 1j * np.imag(x[..., i : i + 1, i : i + 1]) / si * (ui @ vih)
    return out


def norm_slope_dx(x, y, dx, dy, ord, axis, keepdims):
    """Derivative of :func:`norm_slope` along ``dx`` (``dy``: the norm's tangent)."""
    if _norm_matrix(x, axis):
        axes = (0, 1) if axis is None else tuple(a % np.ndim(x) for a in axis)
        if ord in (2, -2, "nuc"):
            dp = _singular_factor_dx(
                np.moveaxis(x, axes, (-2, -1)), np.moveaxis(dx, axes, (-2, -1)), ord
            )
            return np.moveaxis(np.conj(dp), (-2, -1), axes)
        if not _is_complex(x):  # ord 1, -1, inf, -inf: the weights are piecewise constant
            return np.zeros(np.shape(x))
        weights = _matrix_sum_weights(np.moveaxis(x, axes, (-2, -1)), ord)
        return _unit_dx(x, dx) * np.moveaxis(weights, (-2, -1), axes)
    if ord == 0:
        return np.zeros(np.shape(x))
    if ord == 1:
        return _unit_dx(x, dx)
    yk = _expand(y, x, axis, keepdims)
    if ord in (np.inf, -np.inf):
        return _unit_dx(x, dx) * _extreme_weights(x, yk, axis)
    p = float(ord)
    dyk = _expand(dy, x, axis, keepdims)
    a = np.abs(x)
    if _is_complex(x):  # d(u a^(p-1) / y^(p-1)) with d|x| = Re(u dx)
        u = _unit(x)
        return _unit_dx(x, dx) * ratio_or_zero(a ** (p - 1), yk ** (p - 1)) + (p - 1) * (
            ratio_or_zero(a ** (p - 2) * u * np.real(u * dx), yk ** (p - 1))
            - ratio_or_zero(u * a ** (p - 1) * dyk, yk**p)
        )
    return (p - 1) * (
        ratio_or_zero(a ** (p - 2) * dx, yk ** (p - 1))
        - ratio_or_zero(np.sign(x) * a ** (p - 1) * dyk, yk**p)
    )


def norm_adjoint_dx(g, y, x, tx, ty, ord, axis, keepdims):
    """Derivative of ``norm_adjoint(g, y, x, ...)`` in ``x`` along ``tx`` (``ty``: the norm's
    tangent)."""
    if _norm_general(ord, axis, x):
        return _expand(_real_part(g), x, axis, keepdims) * norm_slope_dx(
            x, y, tx, ty, ord, axis, keepdims
        )
    # at a zero norm x is zero too: the second term is 0 (the convention of abs, whose
    # derivative's derivative is 0 at 0), not 0 * (ty / 0)
    return norm_adjoint(g, y, tx, ord, axis, keepdims) - norm_adjoint(
        g * ratio_or_zero(ty, y), y, x, ord, axis, keepdims
    )


def norm_tangent_dx(tx, y, x, dx, dy, ord, axis, keepdims):
    """Derivative of ``norm_tangent(tx, y, x, ...)`` in ``x`` along ``dx``."""
    if _norm_general(ord, axis, x):
        return _real_sum(norm_slope_dx(x, y, dx, dy, ord, axis, keepdims) * tx, axis, keepdims)
    along = norm_tangent(tx, y, x, ord, axis, keepdims)
    return norm_tangent(tx, y, dx, ord, axis, keepdims) - along * ratio_or_zero(dy, y)
