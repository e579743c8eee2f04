"""Helpers of the rules of NumPy 2's array-API functions (``vector_norm``), ``np.cov`` and
``np.corrcoef``, ``sliding_window_view`` and reductions with ``initial=``."""

from __future__ import annotations

import numpy as np

from .adjoints import add, part
from .broadcast import _expand
from .elementwise import ratio_or_zero
from .factors import logm_frechet, logm_frechet_da, lu_permutation_matrix, lu_square
from .moments import mean_tangent, var_where_adjoint
from .norms import _norm_general, norm_adjoint, norm_tangent
from .places import not_implemented
from .products import _einsum_parse, _einsum_terms, einsum_adjoint
from .reductions import _back, _last
from .sequences import (
    block_adjoint,
    block_tangent,
    ediff1d_adjoint,
    ediff1d_tangent,
    polyfit_checked,
)
from .values import _is_zero, _shape, real_if_real

__all__ = [
    "logm_frechet",  # runtime/factors.py
    "logm_frechet_da",
    "lu_permutation_matrix",
    "lu_square",
    "mean_tangent",  # runtime/moments.py
    "var_where_adjoint",
    "block_adjoint",  # runtime/sequences.py
    "block_tangent",
    "ediff1d_adjoint",
    "ediff1d_tangent",
    "polyfit_checked",
    "not_overwritten",
    "delete_adjoint",
    "vander_powers",
    "initial_dropped",
    "initial_zero",
    "block_diag_adjoint",
    "block_diag_tangent",
    "scipy_qr_cotangent",
    "scipy_qr_mode",
    "scipy_qr_output",
    "lu_adjoint_trans",
    "lu_op",
    "lu_permutation",
    "einsum_adjoint_cross",
    "einsum_cross3",
    "norm_adjoint_dx2",
    "norm_tangent_dx2",
    "prod_adjoint_dx2",
    "cov_adjoint",
    "cov_data",
    "cov_data_adjoint",
    "cov_data_tangent",
    "cov_factor",
    "cov_tangent",
    "cov_weights",
    "eigh_output",
    "sliding_window_adjoint",
    "eigh_part",
    "uplo_of",
    "empty_extreme",
    "vector_rows",
    "vector_rows_adjoint",
]


def _vector_axes(x, axis):
    nd = len(_shape(x))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return nd, tuple(int(a) % nd for a in axes)


def vector_rows(x, axis):
    """``x`` with the axes of ``np.linalg.vector_norm(x, axis=axis)`` (all for None) moved
    last and joined into one: the norm is that of each row."""
    if axis is None:
        return np.reshape(x, (-1,))
    nd, axes = _vector_axes(x, axis)
    moved = np.moveaxis(x, axes, tuple(range(nd - len(axes), nd)))
    return np.reshape(moved, _shape(moved)[: nd - len(axes)] + (-1,))


def vector_rows_adjoint(g, x, axis):
    """The transpose of ``vector_rows``: ``g`` (shaped as the rows) put back in ``x``'s shape."""
    if axis is None:
        return np.reshape(g, _shape(x))
    nd, axes = _vector_axes(x, axis)
    shape = _shape(x)
    moved = tuple(shape[i] for i in range(nd) if i not in axes) + tuple(shape[a] for a in axes)
    return np.moveaxis(np.reshape(g, moved), tuple(range(nd - len(axes), nd)), axes)


def empty_extreme(x, what):
    """What ``np.max`` (``what`` "max") or ``np.min`` of ``x`` starts from, so that an empty
    slice has a value: the lowest (highest) value of ``x``'s type. ``np.max(x, initial=c)``
    is ``np.maximum(np.max(x, initial=empty_extreme(x, "max")), c)`` (normalize/masked.py),
    whose rules give the derivative in ``c`` too."""
    dtype = np.result_type(x)
    if dtype.kind == "b":
        return what != "max"
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min if what == "max" else info.max
    return -np.inf if what == "max" else np.inf


# scipy.linalg.eigh (rules/scipy/linalg.py)


def uplo_of(lower):
    """``np.linalg.eigh``'s UPLO for ``scipy.linalg.eigh``'s ``lower``."""
    return "L" if lower else "U"


def eigh_part(g, eigvals_only, i):
    """The cotangent of the eigenvalues (``i`` 0) or eigenvectors (1) in ``g``, that of
    ``scipy.linalg.eigh(..., eigvals_only=eigvals_only)``'s result (0.0: none)."""
    if eigvals_only:
        return g if i == 0 else 0.0
    item = part(g, i)
    return 0.0 if _is_zero(item) else item


def eigh_output(tangents, eigvals_only):
    """``scipy.linalg.eigh``'s tangent from ``eigh_tangent``'s ``[dw, dv]``."""
    return tangents[0] if eigvals_only else (tangents[0], tangents[1])


# np.cov and np.corrcoef (rules/statistics.py): the data as NumPy arranges it, one variable
# a row, and the weights and normalization NumPy computes


def _cov_rows(v, transposed):
    rows = np.reshape(v, (1, -1)) if np.ndim(v) < 2 else v
    return np.swapaxes(rows, 0, 1) if transposed else rows


def _cov_transposed(m, y, rowvar, i):
    """Does ``np.cov`` transpose ``m`` (``i`` 0) or ``y`` (1)? (NumPy's own tests: a 2-d
    ``m``, a ``y`` of more than one row, when ``rowvar`` is false)."""
    if rowvar:
        return False
    if i == 0:
        return np.ndim(m) == 2
    return np.ndim(y) == 2 and _shape(y)[0] != 1


def cov_data(m, y, rowvar):
    """The variables of ``np.cov(m, y, rowvar)`` as the rows of one matrix."""
    if np.ndim(m) > 2 or (y is not None and np.ndim(y) > 2):
        raise ValueError("m and y have more than 2 dimensions")
    rows = _cov_rows(m, _cov_transposed(m, y, rowvar, 0))
    if y is None:
        return rows
    return np.concatenate((rows, _cov_rows(y, _cov_transposed(m, y, rowvar, 1))), axis=0)


def cov_data_tangent(tm, ty, m, y, rowvar):
    """``cov_data`` of the tangents ``tm``, ``ty`` of ``m``, ``y`` (zero: 0.0 or None)."""

    def dense(tv, v):
        if tv is None or _is_zero(tv):
            return np.zeros(_shape(v), dtype=np.result_type(v, 1.0))
        return tv

    return cov_data(dense(tm, m), None if y is None else dense(ty, y), rowvar)


def cov_data_adjoint(g, m, y, rowvar, i):
    """The transpose of ``cov_data``: the rows of ``g`` that came from ``m`` (``i`` 0) or
    ``y`` (1), in that argument's shape."""
    if i == 1 and y is None:
        return 0.0
    n = _shape(_cov_rows(m, _cov_transposed(m, y, rowvar, 0)))[0]
    v = m if i == 0 else y
    rows = g[:n] if i == 0 else g[n:]
    if _cov_transposed(m, y, rowvar, i):
        rows = np.swapaxes(rows, 0, 1)
    return real_if_real(np.reshape(rows, _shape(v)), v)


def cov_weights(x, fweights, aweights):
    """The weight of each observation (column of ``x``) in ``np.cov``: the product of
    ``fweights`` and ``aweights``, 1 where neither is given."""
    w = np.ones(_shape(x)[1])
    for given in (fweights, aweights):
        if given is not None:
            w = w * np.asarray(given, dtype=float)
    return w


def cov_factor(x, bias, ddof, fweights, aweights):
    """What ``np.cov`` divides the sum of products by (0.0 where it is not positive)."""
    if ddof is None:
        ddof = 0 if bias else 1
    w = cov_weights(x, fweights, aweights)
    total = np.sum(w)
    if fweights is None and aweights is None:
        fact = _shape(x)[1] - ddof
    elif ddof == 0:
        fact = total
    elif aweights is None:
        fact = total - ddof
    else:
        fact = total - ddof * np.sum(w * np.asarray(aweights, dtype=float)) / total
    return fact if fact > 0 else 0.0


def _centred(x, w):
    return x - np.expand_dims((x @ w) / np.sum(w), -1)


def cov_adjoint(g, x, w, fact):
    """The adjoint of the rows ``x`` in ``c = xc diag(w) xc^H / fact`` from that of ``c``
    (``g``, a matrix): ``(g + g^H) conj(xc) diag(w) / fact``, centred as ``xc`` is;
    linear in ``g`` and real-linear in ``x``."""
    gxc = ((g + np.conj(np.swapaxes(g, 0, 1))) @ (np.conj(_centred(x, w)) * w)) / fact
    return gxc - np.expand_dims(np.sum(gxc, axis=-1), -1) * w / np.sum(w)


def cov_tangent(tx, x, w, fact):
    """The tangent of ``c = xc diag(w) xc^H / fact`` along ``tx`` (a matrix): linear in
    ``tx`` and real-linear in ``x``."""
    tc = (_centred(tx, w) * w) @ np.conj(np.swapaxes(_centred(x, w), 0, 1))
    return (tc + np.conj(np.swapaxes(tc, 0, 1))) / fact


# np.lib.stride_tricks.sliding_window_view (rules/array_api.py)


def _window_axes(x, window_shape, axis):
    window = (window_shape,) if np.ndim(window_shape) == 0 else tuple(window_shape)
    nd = len(_shape(x))
    if axis is None:
        axes = tuple(range(nd))
    else:
        axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
        axes = tuple(int(a) % nd for a in axes)
    if len(set(axes)) != len(axes):
        not_implemented(
            "s2sgrad: the derivative of sliding_window_view with an axis named twice is not "
            "implemented; take the windows of that axis one call at a time"
        )
    return tuple(int(w) for w in window), axes


def sliding_window_adjoint(g, x, window_shape, axis):
    """The transpose of ``sliding_window_view(x, window_shape, axis)``: each window's
    entries of ``g`` added back to the entries of ``x`` they view."""
    window, axes = _window_axes(x, window_shape, axis)
    shape = _shape(x)
    out = np.zeros(shape, dtype=np.result_type(g, x, 1.0))
    nw = len(window)
    for offsets in np.ndindex(*window):
        place = [slice(None)] * len(shape)
        for a, w, o in zip(axes, window, offsets):
            place[a] = slice(o, o + shape[a] - w + 1)
        out[tuple(place)] += g[(Ellipsis,) + offsets] if nw else g
    return real_if_real(out, x)


# third derivatives of np.prod, np.linalg.norm (2-norm, Frobenius) and np.einsum: the
# tangents of the helpers their second derivatives call (rules/reductions.py, linalg.py,
# products.py)


def _jet_product(a, b):
    """The product of ``a0 + a1 e + a2 f + a3 e f`` and ``b`` (``e * e = f * f = 0``)."""
    return (
        a[0] * b[0],
        a[0] * b[1] + a[1] * b[0],
        a[0] * b[2] + a[2] * b[0],
        a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0],
    )


def _jet_exclusive(jets):
    """The products of all other entries along the last axis of the jets ``jets``."""
    n = _shape(jets[0])[-1]
    one = (np.ones_like(jets[0][..., 0]),) + (np.zeros_like(jets[0][..., 0]),) * 3
    left, right = [one], [one]
    for i in range(n - 1):
        left.append(_jet_product(left[-1], tuple(j[..., i] for j in jets)))
        right.append(_jet_product(right[-1], tuple(j[..., n - 1 - i] for j in jets)))
    others = [_jet_product(left[i], right[n - 1 - i]) for i in range(n)]
    return tuple(np.stack([o[k] for o in others], -1) for k in range(4))


def prod_adjoint_dx2(g, x, tx, ux, axis, keepdims):
    """Derivative of ``prod_adjoint_dx(g, x, tx, axis, keepdims)`` in ``x`` along ``ux``:
    ``g`` times the sum over pairs of other entries of ``tx_j ux_l`` times the product of
    the rest (no division, so zeros in ``x`` are fine)."""
    flat, order, shape = _last(x, axis)
    if _shape(flat)[-1] == 0:
        return np.zeros(_shape(x), dtype=np.result_type(x, 1.0))
    tflat = _last(np.broadcast_to(tx, _shape(x)), axis)[0]
    uflat = _last(np.broadcast_to(ux, _shape(x)), axis)[0]
    mixed = _jet_exclusive((flat, tflat, uflat, np.zeros_like(tflat * uflat)))[3]
    return _expand(g, x, axis, keepdims) * _back(mixed, order, shape)


def _second_order_norm(ord, axis, x):
    if _norm_general(ord, axis, x):
        not_implemented(
            f"s2sgrad: the third derivative of np.linalg.norm(ord={ord!r}) is not implemented "
            "(the 2-norm of vectors and the Frobenius norm have one); write the norm out "
            "(np.sum(np.abs(x) ** p) ** (1 / p)) to differentiate it three times"
        )


def norm_adjoint_dx2(g, y, x, tx, ty, ux, uy, ord, axis, keepdims):
    """Derivative of ``norm_adjoint_dx(g, y, x, tx, ty, ...)`` in ``x`` along ``ux`` (``uy``:
    the norm's tangent along it); the 2-norm and Frobenius norm, where that is
    ``A(g, y, tx) - A(g ty / y, y, x)`` with ``A(g, y, x) = g x / y``."""
    _second_order_norm(ord, axis, x)
    q = ratio_or_zero(ty, y)
    p = ratio_or_zero(uy, y)
    return (
        2.0 * norm_adjoint(g * q * p, y, x, ord, axis, keepdims)
        - norm_adjoint(g * q, y, ux, ord, axis, keepdims)
        - norm_adjoint(g * p, y, tx, ord, axis, keepdims)
    )


def norm_tangent_dx2(tx, y, x, dx, dy, ux, uy, ord, axis, keepdims):
    """Derivative of ``norm_tangent_dx(tx, y, x, dx, dy, ...)`` in ``x`` along ``ux`` (``uy``:
    the norm's tangent along it); the 2-norm and Frobenius norm, where that is
    ``N(tx, y, dx) - N(tx, y, x) dy / y`` with ``N(tx, y, x) = Re(sum(conj(x) tx)) / y``."""
    _second_order_norm(ord, axis, x)
    q = ratio_or_zero(dy, y)
    p = ratio_or_zero(uy, y)
    return (
        2.0 * norm_tangent(tx, y, x, ord, axis, keepdims) * q * p
        - norm_tangent(tx, y, ux, ord, axis, keepdims) * q
        - norm_tangent(tx, y, dx, ord, axis, keepdims) * p
    )


def einsum_cross3(operands, tangents, dops, uops):
    """Derivative of ``einsum_cross(operands, tangents, dops)`` in ``operands`` along
    ``uops``: the terms with three different operands replaced."""
    _, _, positions = _einsum_parse(operands)
    return _einsum_terms(
        operands,
        (
            {i: tangents[i], j: dops[j], k: uops[k]}
            for i in positions
            for j in positions
            for k in positions
            if len({i, j, k}) == 3
            and not (_is_zero(tangents[i]) or _is_zero(dops[j]) or _is_zero(uops[k]))
        ),
    )


def einsum_adjoint_cross(g, operands, tangents, uops):
    """Derivative of ``einsum_adjoint_tangent(g, operands, tangents)`` in ``operands`` along
    ``uops``: the adjoints with two different operands replaced."""
    _, _, positions = _einsum_parse(operands)
    out = [0.0] * len(operands)
    for j in positions:
        for k in positions:
            if j == k or _is_zero(tangents[j]) or _is_zero(uops[k]):
                continue
            args = list(operands)
            args[j] = tangents[j]
            args[k] = uops[k]
            parts = einsum_adjoint(g, args)
            for i in positions:
                if i not in (j, k):
                    out[i] = add(out[i], parts[i])
    return out


# scipy.linalg.lu_factor and lu_solve (rules/scipy/linalg.py)


def lu_permutation(piv, lu):
    """The rows ``perm`` with ``a[perm] = l @ u`` for ``(lu, piv) = lu_factor(a)`` (LAPACK's
    pivots: row ``i`` swapped with row ``piv[i]``, in turn); a square matrix only."""
    shape = _shape(lu)
    if len(shape) != 2 or shape[0] != shape[1]:
        not_implemented(
            "s2sgrad: the derivative of scipy.linalg.lu_factor/lu_solve is implemented for "
            "one square matrix; factor each matrix of a stack, or use scipy.linalg.solve"
        )
    perm = np.arange(shape[0])
    for i, p in enumerate(np.asarray(piv)):
        perm[i], perm[p] = perm[p], perm[i]
    return perm


def lu_op(m, trans):
    """The matrix ``scipy.linalg.lu_solve(..., trans=trans)`` solves with: ``m``, its
    transpose (1) or conjugate transpose (2)."""
    if trans in (0, "N"):
        return m
    mt = np.swapaxes(m, -1, -2)
    return np.conj(mt) if trans in (2, "C") else mt


def lu_adjoint_trans(trans, lu):
    """The ``trans`` of the solve that gives the adjoint of ``lu_solve``'s ``b``: the
    transposed system (for real factors trans 2 is trans 1)."""
    if trans in (2, "C") and np.iscomplexobj(lu):
        not_implemented(
            "s2sgrad: the derivative of scipy.linalg.lu_solve(trans=2) of complex factors is "
            "not implemented; solve with trans=1 of the conjugated factors"
        )
    return 0 if trans in (1, 2, "T", "C") else 1


# scipy.linalg.qr (rules/scipy/linalg.py): np.linalg.qr's rule, mode "reduced"


def scipy_qr_mode(a, mode, pivoting):
    """``"reduced"``, the mode of ``np.linalg.qr`` whose factors ``scipy.linalg.qr(a, mode)``
    returns, or an error where they are not unique or not differentiated."""
    if pivoting:
        not_implemented(
            "s2sgrad: the derivative of scipy.linalg.qr(pivoting=True) is not implemented; "
            "use pivoting=False (or np.linalg.qr)"
        )
    rows, cols = _shape(a)[-2:]
    if mode not in ("full", "economic", "r") or (mode == "full" and rows > cols):
        not_implemented(
            f"s2sgrad: the derivative of scipy.linalg.qr(mode={mode!r}) is implemented for "
            "mode='economic' and 'r', and 'full' of a matrix with no more rows than columns "
            "(the extra columns of a full q are not unique); use mode='economic'"
        )
    return "reduced"


def scipy_qr_cotangent(g, mode, i, like):
    """Item ``i`` (q, r) of the cotangent of ``scipy.linalg.qr(a, mode=mode)``'s result
    (zeros if none): mode "r" returns ``(r,)``."""
    if mode == "r":  # r of a's shape: the rows below the first columns are 0
        item = 0.0 if i == 0 else part(g, 0)
        if not _is_zero(item):
            item = item[..., : _shape(like)[-2], :]
    else:
        item = part(g, i)
    return np.zeros_like(like) if _is_zero(item) else item


def scipy_qr_output(tq, tr, mode, a):
    """The tangent of ``scipy.linalg.qr(a, mode=mode)``'s result from those of q and r
    (mode "r": r of ``a``'s shape)."""
    if mode != "r":
        return (tq, tr)
    extra = _shape(a)[-2] - _shape(tr)[-2]
    return (np.concatenate([tr, np.zeros(_shape(tr)[:-2] + (extra, _shape(tr)[-1]))], -2),)


# scipy.linalg.block_diag (rules/scipy/linalg.py)


def _block_shape(a):
    shape = _shape(a)
    return (1, 1) if len(shape) == 0 else ((1,) + shape if len(shape) == 1 else shape)


def block_diag_adjoint(g, arrs):
    """The adjoints of the blocks of ``scipy.linalg.block_diag(*arrs)``: the blocks of
    ``g`` on its diagonal, in each block's shape."""
    out, row, col = [], 0, 0
    for a in arrs:
        rows, cols = _block_shape(a)
        out.append(real_if_real(np.reshape(g[row : row + rows, col : col + cols], _shape(a)), a))
        row, col = row + rows, col + cols
    return out


def block_diag_tangent(arrs, tangents):
    """``scipy.linalg.block_diag`` of the tangents of the blocks (zero: 0.0)."""
    import scipy.linalg

    return scipy.linalg.block_diag(
        *(
            np.zeros(_block_shape(a))
            if (t is None or _is_zero(t))
            else np.reshape(t, _block_shape(a))
            for a, t in zip(arrs, tangents)
        )
    )


# np.cumulative_prod(include_initial=True) (rules/array_api.py): the leading 1 has no
# derivative


def initial_dropped(g, axis, include_initial):
    """``g`` without its first entry along ``axis`` (0 for None) where ``include_initial``."""
    if not include_initial:
        return g
    axis = 0 if axis is None else axis
    return np.take(g, np.arange(1, _shape(g)[axis]), axis)


def initial_zero(t, axis, include_initial):
    """``t`` with a zero first entry along ``axis`` (0 for None) where ``include_initial``."""
    if not include_initial:
        return t
    axis = 0 if axis is None else axis
    return np.concatenate([np.zeros_like(np.take(t, [0], axis)), t], axis)


# np.delete and np.vander (rules/array_api.py)


def delete_adjoint(g, arr, obj, axis):
    """The transpose of ``np.delete(arr, obj, axis)``: ``g`` put back where the kept
    entries were, 0 where entries were deleted."""
    shape = _shape(arr)
    if axis is None:
        kept = np.delete(np.arange(int(np.prod(shape))), obj)
        out = np.zeros(int(np.prod(shape)), dtype=np.result_type(g, arr, 1.0))
        out[kept] = np.reshape(g, (-1,))
        return real_if_real(np.reshape(out, shape), arr)
    axis = int(axis) % len(shape)
    kept = np.delete(np.arange(shape[axis]), obj)
    out = np.zeros(shape, dtype=np.result_type(g, arr, 1.0))
    out[(slice(None),) * axis + (kept,)] = g
    return real_if_real(out, arr)


def vander_powers(x, N, increasing):
    """The powers of ``x`` in the columns of ``np.vander(x, N, increasing)``."""
    n = _shape(x)[0] if N is None else N
    powers = np.arange(n, dtype=float)
    return powers if increasing else powers[::-1]


def not_overwritten(x, overwrite):
    """``x``, which a SciPy rule reads after the call: an error where the call was allowed
    to overwrite it (``overwrite_a=True``), since it may then hold SciPy's workspace."""
    if overwrite:
        not_implemented(
            "s2sgrad: the derivative of a scipy.linalg call with overwrite_a=True (or "
            "overwrite_ab=True) is not implemented: the rule reads the matrix after the call, "
            "which may have overwritten it; leave the overwrite_ option False"
        )
    return x
