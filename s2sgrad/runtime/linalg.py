"""Adjoints and tangents of linear algebra (norms are in :mod:`.norms`): determinants, solves,
eigendecompositions, SVD, triangular and Cholesky factors, matrix functions.
"""

from __future__ import annotations

import numpy as np

from .adjoints import part, zeros_like
from .places import not_implemented
from .values import _is_zero, real_if_real


def _products_but_one(s):
    """``prod_{j != i} s_j`` for each ``i`` along the last axis (no division: zeros in
    ``s`` are fine)."""
    ones = np.ones_like(s[..., :1])
    left = np.cumprod(np.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, s[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return left * right


def _adjugate_parts(a):
    """``(c, v, p, uh, s)`` with ``adj(a) = c * v @ diag(p) @ uh``: from the SVD
    ``a = u @ diag(s) @ vh``, ``adj(a) = det(u) det(vh) * vh^H @ adj(diag(s)) @ u^H``."""
    u, s, vh = np.linalg.svd(a)
    c = np.linalg.det(u) * np.linalg.det(vh)
    return c[..., None, None], np.conj(_mT(vh)), _products_but_one(s), np.conj(_mT(u)), s


def adjugate(a):
    """The adjugate of each matrix of ``a`` (``det(a) * inv(a)`` where ``a`` is invertible),
    from its SVD: a polynomial in ``a``, right at singular matrices too, and accurate near
    them (``det(a) * inv(a)`` is 0 * inf there)."""
    c, v, p, uh, _ = _adjugate_parts(a)
    return c * (v * p[..., None, :]) @ uh


def adjugate_tangent(a, da):
    """Tangent of ``adjugate(a)`` along ``da``: with ``f = u^H da v``, the tangent of
    ``adj(diag(s))`` is ``-f_ij prod_{l != i, j} s_l`` off the diagonal and
    ``sum_{k != i} f_kk prod_{l != i, k} s_l`` on it (no division: singular ``a`` too)."""
    c, v, p, uh, s = _adjugate_parts(a)
    n = np.shape(s)[-1]
    eye = np.eye(n, dtype=bool)
    f = uh @ da @ v
    # pair[..., i, j] = prod_{l not in {i, j}} s_l (off the diagonal)
    pair = _products_but_one(np.where(eye, 1.0, s[..., None, :]))
    off = np.where(eye, 0.0, pair)
    inner = -f * off + diag_embed((off @ np.diagonal(f, 0, -2, -1)[..., None])[..., 0])
    return c * v @ inner @ uh


def det_adjoint(g, a):
    """Adjoint of ``np.linalg.det``: ``g`` times the cofactor matrix (autograd's convention
    for complex ``a``), right at singular matrices."""
    return np.asarray(g)[..., None, None] * _mT(adjugate(a))


def det_tangent(ta, a):
    """Tangent of ``np.linalg.det(a)``: ``tr(adj(a) @ ta)``, right at singular matrices."""
    return np.trace(adjugate(a) @ ta, axis1=-2, axis2=-1)


def solve_adjoint(g, a):
    return np.linalg.solve(np.swapaxes(a, -1, -2), one_system_each(g, a))


def one_system_each(y, a):
    """``y``, the solution (or its cotangent) of ``np.linalg.solve(a, b)``; an error where
    ``a`` is a stack of matrices and ``b`` one vector, which NumPy solves against each."""
    if np.ndim(a) > 2 and np.ndim(y) == np.ndim(a) - 1:
        not_implemented(
            "s2sgrad: the derivative of np.linalg.solve of a stack of matrices and one"
            " vector b is not implemented; give b as a column, b[:, None], and take [..., 0]"
        )
    return y


def _mT(x):
    return np.swapaxes(x, -1, -2)


def _unused(g) -> bool:
    """Is the adjoint ``g`` (an eigenvector's or singular vector's) zero: ``0.0``, zeros (the
    vectors are not used), or a tuple of such? The terms of a derivative linear in it are
    then zero, and are skipped: at repeated values their ``1 / (w_j - w_i)`` is infinite,
    and ``inf * 0`` would make the derivative nan where it is well defined (autograd's
    ``if np.any(vg)``)."""
    if isinstance(g, (tuple, list)):
        return all(_unused(x) for x in g)
    return _is_zero(g) or (isinstance(g, np.ndarray) and not g.any())


def when_used(g, x):
    """``x``, a term linear in the vectors' adjoint ``g``; zeros when ``g`` is unused
    (:func:`_unused`), the term's nan at repeated values dropped. A tuple ``g``: the term
    is used when any item is (``(g, t[g])`` in the term's tangent)."""
    return zeros_like(x) if _unused(g) else x


def eigh_gaps(w):
    """``F[..., i, j] = 1 / (w[j] - w[i])`` off the diagonal, 0 on it (eigh's derivative)."""
    diff = w[..., None, :] - w[..., :, None]
    eye = np.eye(np.shape(w)[-1], dtype=bool)
    return np.where(eye, 0.0, 1.0 / np.where(eye, 1.0, diff))


def gap_product(gaps, m):
    """``gaps * m``, exactly 0 where ``m`` is: at a repeated eigenvalue (an infinite gap)
    whose eigenvectors the tangent or adjoint ``m`` does not couple, their derivative
    there is 0 (the eigenvectors stay eigenvectors along it), not ``inf * 0``; where ``m``
    couples them it has none, and stays infinite."""
    with np.errstate(invalid="ignore"):
        return np.where(np.equal(m, 0), 0.0, gaps * m)


def eigh_adjoint(gw, gv, w, v, gaps):
    """The adjoint of the Hermitian matrix that ``np.linalg.eigh`` factors as
    ``v diag(w) v^H``, from the eigenvalues' and eigenvectors' adjoints (0.0: none)."""
    out = 0.0
    if not _is_zero(gw):
        out = (np.conj(v) * np.expand_dims(np.real(gw), -2)) @ _mT(v)  # eigenvalues are real
    if not _unused(gv):  # the eigenvectors used: at repeated eigenvalues, undefined (inf)
        out = out + np.conj(v) @ gap_product(gaps, _mT(v) @ gv) @ _mT(v)
    return out


def eigh_adjoint_dv(gw, gv, v, gaps, tv):
    """Derivative of ``eigh_adjoint(gw, gv, w, v, gaps)`` in ``v`` along ``tv``."""
    out = 0.0
    if not _is_zero(gw):
        g = np.expand_dims(np.real(gw), -2)
        out = (np.conj(tv) * g) @ _mT(v) + (np.conj(v) * g) @ _mT(tv)
    if not _unused(gv):
        inner = gap_product(gaps, _mT(v) @ gv)
        out = (
            out
            + np.conj(tv) @ inner @ _mT(v)
            + np.conj(v) @ gap_product(gaps, _mT(tv) @ gv) @ _mT(v)
            + np.conj(v) @ inner @ _mT(tv)
        )
    return out


def eigh_tangent_dv(ta, v, gaps, UPLO, tv, tgaps):
    """Derivative of ``eigh_tangent(ta, w, v, gaps, UPLO)`` in ``v`` and ``gaps``."""
    a = eigh_input_tangent(ta, UPLO)
    vh = np.conj(_mT(v))
    m = vh @ a @ v
    dm = np.conj(_mT(tv)) @ a @ v + vh @ a @ tv
    return [
        np.real(np.diagonal(dm, axis1=-2, axis2=-1)),
        tv @ gap_product(gaps, m) + v @ gap_product(tgaps, m) + v @ gap_product(gaps, dm),
    ]


def eigh_triangle(m, a, UPLO):
    """Adjoint ``m`` of the Hermitian matrix that eigh reads from triangle ``UPLO`` of
    ``a``: the real diagonal and ``m + m^H`` on the strict triangle, 0 on the other."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    if _is_zero(m):
        return zeros_like(a)
    diag = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    out = tri(m + np.conj(_mT(m)), k) + diag[..., None] * np.eye(np.shape(m)[-1])
    return real_if_real(out, a)


def eigh_input_tangent(ta, UPLO):
    """The tangent of the Hermitian matrix eigh reads from triangle ``UPLO`` of ``a``."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    low = tri(ta, k)
    diag = np.real(np.diagonal(ta, axis1=-2, axis2=-1))
    return low + np.conj(_mT(low)) + diag[..., None] * np.eye(np.shape(ta)[-1])


def eigh_tangent(ta, w, v, gaps, UPLO):
    """``(dw, dv)`` of ``np.linalg.eigh`` along ``ta`` (eigenvectors with
    ``v^H dv`` of zero diagonal)."""
    m = np.conj(_mT(v)) @ eigh_input_tangent(ta, UPLO) @ v
    dw = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    return [dw, v @ gap_product(gaps, m)]


def _svd_factors(a, full_matrices, compute_uv, hermitian):
    if compute_uv or hermitian:
        not_implemented(
            "s2sgrad: the derivative of np.linalg.svd is implemented "
            "for the singular values (compute_uv=False, hermitian=False)"
            " only; for the factors, use np.linalg.eigh of a^H a"
        )
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return u, vh


def svd_values_adjoint(g, a, full_matrices, compute_uv, hermitian):
    """Adjoint of ``np.linalg.svd(a, compute_uv=False)``: ``conj(u diag(g) vh)``, the
    transpose of ``ds = Re(diag(u^H da vh^H))``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return real_if_real(np.conj((u * np.expand_dims(np.real(g), -2)) @ vh), a)


def svd_values_tangent(ta, a, full_matrices, compute_uv, hermitian):
    """Tangent of ``np.linalg.svd(a, compute_uv=False)`` along ``ta``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return np.real(np.sum(np.conj(u) * (ta @ np.conj(_mT(vh))), axis=-2))


def no_second_derivative(ta, what):
    """0.0 for a zero tangent ``ta``, else an error: ``what`` has first derivatives only."""
    if _is_zero(ta):
        return 0.0
    not_implemented(
        f"s2sgrad: second derivatives of {what} are not implemented; "
        "take first derivatives only (grad, jvp, vjp) of this call"
    )


def triangular_part(m, lower, unit_diagonal):
    """The triangle of ``m`` that ``scipy.linalg.solve_triangular`` reads (no diagonal
    with ``unit_diagonal``)."""
    k = 1 if unit_diagonal else 0
    return np.tril(m, -k) if lower else np.triu(m, k)


# solve_triangular's trans as a code: 0 (a), 1 (a^T), 2 (a^H); 3 is conj(a), the operator
# of the adjoint of trans=2 (not one of SciPy's)
_TRANS = {0: 0, 1: 1, 2: 2, 3: 3, "N": 0, "T": 1, "C": 2}


def _op(m, trans):
    """``op(m)`` for ``trans`` (see ``_TRANS``)."""
    code = _TRANS[trans]
    if code in (1, 2):
        m = np.swapaxes(m, -1, -2)
    return np.conj(m) if code in (2, 3) else m


def triangular_matmul(ta, y, trans, lower, unit_diagonal):
    """``op(triangle of ta) @ y`` for ``solve_triangular(a, b, trans, lower, ...)``."""
    return _op(triangular_part(ta, lower, unit_diagonal), trans) @ y


def triangular_solve(a, b, trans, lower, unit_diagonal):
    """``solve_triangular(a, b, trans, lower, unit_diagonal)``; ``trans=3``: of conj(a)."""
    import scipy.linalg

    code = _TRANS[trans]
    if code == 3:
        return np.conj(triangular_solve(a, np.conj(b), 0, lower, unit_diagonal))
    return scipy.linalg.solve_triangular(a, b, trans=code, lower=lower, unit_diagonal=unit_diagonal)


def triangular_solve_adjoint(g, a, trans, lower, unit_diagonal):
    """``op(a)^-T g``: the adjoint of ``b`` in ``solve_triangular(a, b, trans, ...)``."""
    return triangular_solve(a, g, flip_trans(trans), lower, unit_diagonal)


def triangular_outer(gb, y, trans, lower, unit_diagonal):
    """``triangle of gb @ y^T`` (``y @ gb^T`` with ``trans``; conjugated with ``trans=2``),
    the adjoint of ``a`` (negated) in ``solve_triangular``; 1-d ``b`` is a column."""
    if np.ndim(y) == np.ndim(gb) and np.ndim(y) == 1:
        gb, y = gb[:, None], y[:, None]
    code = _TRANS[trans]
    m = y @ np.swapaxes(gb, -1, -2) if code in (1, 2) else gb @ np.swapaxes(y, -1, -2)
    return triangular_part(np.conj(m) if code in (2, 3) else m, lower, unit_diagonal)


def flip_trans(trans):
    """``trans`` of the transposed triangular operator (0 <-> 1, 2 <-> 3)."""
    return {0: 1, 1: 0, 2: 3, 3: 2}[_TRANS[trans]]


def lower_symmetric(m, upper):
    """The symmetric matrix that the lower (``upper``: upper) triangle of ``m`` stands for."""
    if upper:
        return np.triu(m) + np.swapaxes(np.triu(m, 1), -1, -2)
    return np.tril(m) + np.swapaxes(np.tril(m, -1), -1, -2)


def lower_symmetric_adjoint(g, upper):
    """Adjoint of :func:`lower_symmetric`: the triangle read, off-diagonal entries twice."""
    both = g + np.swapaxes(g, -1, -2)
    diag = np.triu(np.tril(g))
    return (np.triu(both, 1) if upper else np.tril(both, -1)) + diag


def diag_embed(v):
    """Diagonal matrices with diagonals ``v[..., i]`` (``0.0`` stays zero)."""
    if _is_zero(v):
        return 0.0
    return np.expand_dims(v, -1) * np.eye(np.shape(v)[-1])


def eigen_gaps(w):
    """``1 / (w[j] - w[i])`` at ``[..., i, j]``, 0 on the diagonal (eigenvector derivatives)."""
    gaps = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    eye = np.eye(np.shape(w)[-1], dtype=bool)
    return np.where(eye, 0.0, 1.0 / np.where(eye, 1.0, gaps))


def svd_cotangent(g, a, full_matrices, compute_uv, i, like):
    """Item ``i`` (U, S, Vt) of the cotangent of ``np.linalg.svd(a, ...)`` as an array
    shaped like ``like`` (zeros where nothing flows back)."""
    m, n = np.shape(a)[-2:]
    if full_matrices and compute_uv and m != n:
        not_implemented(
            "s2sgrad: the derivative of np.linalg.svd of a non-square "
            "matrix needs full_matrices=False; pass it"
        )
    item = part(g, i) if compute_uv else (g if i == 1 else 0.0)
    return np.zeros_like(like) if _is_zero(item) else item


def svd_output(tu, ts, tvt, compute_uv):
    """The tangent of ``np.linalg.svd``'s result: ``(U, S, Vt)`` or ``S``."""
    return (tu, ts, tvt) if compute_uv else ts


def _matrix_powers(a, n):
    out = [np.broadcast_to(np.eye(np.shape(a)[-1]), np.shape(a))]
    for _ in range(n - 1):
        out.append(out[-1] @ a)
    return out


def matrix_power_tangent(ta, a, n):
    """Tangent of ``np.linalg.matrix_power(a, n)``: ``sum_k a^k ta a^(n-1-k)``."""
    if n == 0:
        return np.zeros_like(ta) + np.zeros(np.shape(a))
    if n < 0:
        inv = np.linalg.inv(a)
        return matrix_power_tangent(-(inv @ ta @ inv), inv, -n)
    powers = _matrix_powers(a, n)
    return sum(powers[k] @ ta @ powers[n - 1 - k] for k in range(n))


def qr_checked(r, mode):
    """``r`` of ``np.linalg.qr(a, mode)``, or an error where the rule does not apply:
    another mode, or a matrix with fewer rows than columns."""
    if mode != "reduced":
        not_implemented(
            f"s2sgrad: the derivative of np.linalg.qr(mode={mode!r}) is "
            "not implemented; use mode='reduced'"
        )
    if np.shape(r)[-2] != np.shape(r)[-1]:
        not_implemented(
            "s2sgrad: the derivative of np.linalg.qr is implemented for "
            "matrices with at least as many rows as columns; for a wide "
            "matrix, differentiate qr of its first columns"
        )
    if np.any(np.diagonal(r, 0, -2, -1) == 0):
        not_implemented(
            "s2sgrad: the derivative of np.linalg.qr needs a matrix of full column rank, and"
            " r has a zero on its diagonal here (q's column is not determined by a); drop"
            " the dependent columns, or differentiate np.linalg.cholesky of a.T @ a"
        )
    return r


def slogdet_inverse(a, sign):
    """``inv(a)`` for the derivative of ``np.linalg.slogdet(a)``, or an error where ``a`` is
    singular (``sign`` 0, log|det a| -inf: no derivative)."""
    if np.any(sign == 0):
        not_implemented(
            "s2sgrad: the derivative of np.linalg.slogdet at a singular matrix is not defined"
            " (log|det| is -inf there); use np.linalg.det, whose derivative is defined at"
            " singular matrices, or keep the matrix invertible"
        )
    return np.linalg.inv(a)


def qr_cotangent(g, mode, i, like):
    """Item ``i`` (Q, R) of the cotangent of ``np.linalg.qr(a, mode)`` (zeros if none)."""
    if mode != "reduced":
        not_implemented(
            f"s2sgrad: the derivative of np.linalg.qr(mode={mode!r}) is "
            "not implemented; use mode='reduced'"
        )
    item = part(g, i)
    return np.zeros_like(like) if _is_zero(item) else item


def matrix_power_tangent_da(ta, a, da, n):
    """Derivative of ``matrix_power_tangent(ta, a, n)`` in ``a`` along ``da``."""
    if n == 0:
        return np.zeros_like(ta) + np.zeros(np.shape(a))
    if n < 0:
        inv = np.linalg.inv(a)
        dinv = -(inv @ da @ inv)
        inner = -(inv @ ta @ inv)
        return matrix_power_tangent(
            -(dinv @ ta @ inv) - inv @ ta @ dinv, inv, -n
        ) + matrix_power_tangent_da(inner, inv, dinv, -n)
    powers = _matrix_powers(a, n)
    out = 0.0
    for k in range(n):
        if k:
            out = out + matrix_power_tangent(da, a, k) @ ta @ powers[n - 1 - k]
        if n - 1 - k:
            out = out + powers[k] @ ta @ matrix_power_tangent(da, a, n - 1 - k)
    return np.zeros_like(ta) + out


def mvn_residual(x, mean):
    """``x - mean`` for ``multivariate_normal`` (``mean`` None: zero)."""
    return x if mean is None else x - mean


def mvn_cov(cov):
    """The covariance of ``multivariate_normal`` as given (a matrix)."""
    if np.ndim(cov) != 2:
        not_implemented(
            "s2sgrad: the derivative of scipy.stats.multivariate_normal "
            "needs cov as a matrix; give np.diag(...) or an identity"
        )
    return cov


def mvn_solve(c, r, allow_singular):
    """``c^-1 r`` over the last axis of ``r`` for ``multivariate_normal``; with
    ``allow_singular``, SciPy's pseudo-inverse: eigenvalues of ``c`` at most ``1e6 * eps``
    times the largest are taken as zero (``scipy.stats._multivariate._PSD``)."""
    if not allow_singular:
        return np.linalg.solve(c, r[..., None])[..., 0]
    s, u = np.linalg.eigh(c)
    keep = s > 1e6 * np.finfo(float).eps * np.max(np.abs(s))
    return (r @ u[:, keep]) / s[keep] @ np.swapaxes(u[:, keep], 0, 1)


def mvn_full_rank(c, allow_singular):
    """``c``, checked to be of full rank where ``allow_singular`` let SciPy take a
    pseudo-inverse: the density is not differentiable in a singular covariance (its rank,
    and the support, change with it)."""
    if allow_singular:
        s = np.linalg.eigvalsh(c)
        if np.any(s <= 1e6 * np.finfo(float).eps * np.max(np.abs(s))):
            not_implemented(
                "s2sgrad: the derivative of scipy.stats.multivariate_normal in a singular "
                "cov (allow_singular=True) is not defined; differentiate in x and mean only, "
                "or give a covariance of full rank"
            )
    return c


def mvn_cotangent(g, r):
    """The cotangent of ``multivariate_normal.logpdf`` with one entry per sample
    (SciPy squeezes the output)."""
    return np.reshape(g, np.shape(r)[:-1]) if np.ndim(g) else np.zeros(np.shape(r)[:-1]) + g


def _block_upper(a, b, c):
    """``[[a, b], [0, c]]`` over the last two axes."""
    top = np.concatenate([a, b], axis=-1)
    bottom = np.concatenate([np.zeros_like(c + 0.0), c], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def expm_frechet(a, e):
    """The Frechet derivative of ``scipy.linalg.expm`` at ``a`` along ``e`` (the block
    matrix ``expm([[a, e], [0, a]])``'s upper right block)."""
    import scipy.linalg

    n = np.shape(a)[-1]
    return scipy.linalg.expm(_block_upper(a, e, a))[..., :n, n:]


def expm_frechet_da(a, e, f):
    """Derivative of ``expm_frechet(a, e)`` in ``a`` along ``f``."""
    import scipy.linalg

    n = np.shape(a)[-1]
    x = _block_upper(a, e, a)
    z = _block_upper(f, np.zeros_like(f + 0.0), f)
    return scipy.linalg.expm(_block_upper(x, z, x))[..., :n, 3 * n :]


def sylvester(a, b, q):
    """``x`` with ``a @ x + x @ b = q`` (``scipy.linalg.solve_sylvester``), real only."""
    import scipy.linalg

    if np.iscomplexobj(a) or np.iscomplexobj(b):
        not_implemented(
            "s2sgrad: the derivative of a complex matrix square root is not implemented; "
            "differentiate the square root of a real matrix"
        )
    return scipy.linalg.solve_sylvester(a, b, q)


def cho_lower(c, lower):
    """The factor ``L`` (``a = L @ L^H``) in ``scipy.linalg.cho_factor``'s ``c``: its lower
    triangle, or the conjugate transpose of its upper one."""
    return np.tril(c) if lower else np.conj(np.swapaxes(np.triu(c), -1, -2))


def cho_from_lower(m, lower):
    """``m`` where ``c`` holds ``L`` (``lower``), else ``m^H`` (the upper factor)."""
    return m if lower else np.conj(np.swapaxes(m, -1, -2))


def cho_uplo(lower) -> str:
    """The triangle of ``a`` that ``scipy.linalg.cholesky``/``cho_factor`` read, in
    ``eigh``'s notation: ``"L"`` or ``"U"``."""
    return "L" if lower else "U"


def cho_other(m, lower):
    """The triangle of ``c`` that ``cho_factor`` leaves holding ``a``'s entries (SciPy
    before 1.18), or zeros where SciPy clears that triangle (1.18 and later)."""
    other = np.triu(m, 1) if lower else np.tril(m, -1)
    return other if cho_keeps_other(lower) else 0.0 * other


def cho_keeps_other(lower) -> bool:
    """Whether this SciPy's ``cho_factor`` leaves ``a``'s entries in the unused triangle."""
    import scipy.linalg  # only reached from the cho_factor rule: SciPy is there

    c, _ = scipy.linalg.cho_factor(np.array([[4.0, 2.0], [2.0, 3.0]]), lower=bool(lower))
    return bool(c[0, 1] == 2.0 if lower else c[1, 0] == 2.0)


def pair_first(x):
    """``[x, 0.0]``: the adjoint of a ``(c, lower)`` pair."""
    return [x, 0.0]


def col_outer(a, b):
    """``a @ b.T`` (columns; 1-d arrays are one column)."""
    if np.ndim(a) == 1:
        return np.outer(a, b)
    return a @ np.swapaxes(b, -1, -2)


def _lstsq_check(y, a):
    # the rank NumPy found under the call's rcond: a solution of a truncated problem has
    # another derivative than the formula's (a of full column rank)
    n = np.shape(a)[-1] if a is not None else np.shape(part(y, 0))[0]
    if (a is not None and np.ndim(a) != 2) or np.ndim(part(y, 2)) or part(y, 2) < n:
        not_implemented(
            "s2sgrad: the derivative of np.linalg.lstsq needs a matrix a of full column rank; "
            "drop the dependent columns, or add a small ridge (np.linalg.solve of a.T @ a + eps)"
        )


def lstsq_cotangent(g, y, a):
    """The cotangent of ``np.linalg.lstsq``'s solution (the other results have no reverse
    rule: a cotangent for them raises)."""
    _lstsq_check(y, a)
    if not (_is_zero(part(g, 1)) or not np.any(part(g, 1))) or not (
        _is_zero(part(g, 3)) or not np.any(part(g, 3))
    ):
        not_implemented(
            "s2sgrad: the reverse-mode derivative of np.linalg.lstsq's "
            "residuals and singular values is not implemented; compute "
            "them from the solution"
        )
    return np.zeros_like(part(y, 0)) if _is_zero(part(g, 0)) else part(g, 0)


def lstsq_output(dx, dres, ds, y):
    """The tangent of ``np.linalg.lstsq``'s ``(x, residuals, rank, s)``."""
    _lstsq_check(y, None)
    res = part(y, 1)
    return (dx, dres if np.size(res) else np.zeros_like(res, dtype=float), 0.0, ds)


def _tensor_moved(a, axes):
    """``a`` with ``axes`` moved last, in their order (``np.linalg.tensorsolve``'s axes)."""
    if axes is None:
        return a
    nd = np.ndim(a)
    return np.moveaxis(a, tuple(axes), tuple(range(nd - len(axes), nd)))


def tensor_matrix(a, ind, axes):
    """``a`` (``axes`` moved last) as the matrix of its first ``ind`` axes by the others:
    the matrix ``np.linalg.tensorsolve(a, b, axes)`` (``ind = b.ndim``) and
    ``np.linalg.tensorinv(a, ind)`` invert."""
    a = _tensor_moved(a, axes)
    shape = np.shape(a)
    return np.reshape(a, (int(np.prod(shape[:ind])), int(np.prod(shape[ind:]))))


def tensor_matrix_adjoint(g, like, ind, axes):
    """The transpose of :func:`tensor_matrix`: the matrix ``g`` as an array shaped like
    ``like``."""
    moved = np.shape(_tensor_moved(like, axes))
    out = np.reshape(g, moved)
    if axes is None:
        return out
    nd = len(moved)
    return np.moveaxis(out, tuple(range(nd - len(axes), nd)), tuple(axes))


# -- np.linalg.pinv: the matrix it reads, and the cutoff it applies ------------------------


def _pinv_check(a, y, rcond, rtol):
    """With a cutoff given (rcond=, rtol=), ``y = pinv(a)`` dropped singular values of
    ``a`` below it: where one of them is not (near) zero, ``a y a`` is not ``a`` and the
    rule's derivative (of a pseudo-inverse of constant rank) is not pinv's."""
    if rcond is None and rtol is None:
        return
    gap = np.linalg.norm(a @ y @ a - a, axis=(-2, -1))
    if np.any(gap > 1e-8 * np.linalg.norm(a, axis=(-2, -1))):
        not_implemented(
            "s2sgrad: the derivative of np.linalg.pinv where its cutoff (rcond=, rtol=) "
            "drops singular values that are not zero is not implemented; pass no cutoff, or "
            "drop the small singular values yourself (np.linalg.svd)"
        )


def pinv_matrix(a, hermitian):
    """The matrix ``np.linalg.pinv(a, hermitian=...)`` inverts: ``a``, or with
    ``hermitian`` the Hermitian matrix of its lower triangle (eigh reads only that)."""
    return eigh_input_tangent(a, "L") if hermitian else a


def pinv_matrix_adjoint(g, a, y, rcond, hermitian, rtol):
    """Adjoint of ``a`` from ``g``, that of :func:`pinv_matrix` (checked: :func:`_pinv_check`)."""
    _pinv_check(pinv_matrix(a, hermitian), y, rcond, rtol)
    return eigh_triangle(g, a, "L") if hermitian else g


def pinv_matrix_tangent(ta, a, y, rcond, hermitian, rtol):
    """Tangent of :func:`pinv_matrix` from ``ta``, that of ``a`` (checked as above)."""
    _pinv_check(pinv_matrix(a, hermitian), y, rcond, rtol)
    return pinv_matrix(ta, hermitian)
