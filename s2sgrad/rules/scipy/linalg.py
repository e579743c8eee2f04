"""``scipy.linalg``."""

from __future__ import annotations

import numpy as np
import scipy.linalg

from ...runtime import (
    banded_matmul,
    banded_outer,
    banded_transpose,
    block_diag_adjoint,
    block_diag_tangent,
    cho_from_lower,
    cho_lower,
    cho_other,
    cho_uplo,
    col_outer,
    densify,
    det_adjoint,
    det_tangent,
    diag_embed,
    eigen_gaps,
    eigh_adjoint,
    eigh_gaps,
    eigh_input_tangent,
    eigh_output,
    eigh_part,
    eigh_tangent,
    eigh_triangle,
    expm_frechet,
    expm_frechet_da,
    flip_trans,
    gap_product,
    item_or_zeros,
    logm_frechet,
    logm_frechet_da,
    lstsq_cotangent,
    lstsq_output,
    lu_adjoint_trans,
    lu_op,
    lu_permutation,
    lu_permutation_matrix,
    lu_square,
    matmul_left,
    norm_adjoint,
    norm_tangent,
    not_overwritten,
    one_system_each,
    pair_first,
    part,
    pinv_matrix_adjoint,
    pinv_matrix_tangent,
    qr_checked,
    real_if_real,
    scipy_qr_cotangent,
    scipy_qr_mode,
    scipy_qr_output,
    solve_adjoint,
    solved_matrix,
    solved_matrix_adjoint,
    swapped,
    sylvester,
    triangular_matmul,
    triangular_outer,
    triangular_part,
    triangular_solve,
    triangular_solve_adjoint,
    uplo_of,
    when_used,
)
from ..registry import d, linear_in, nondifferentiable_object, rule, t

# -- scipy.linalg --------------------------------------------------------------------------


@rule("scipy.linalg.solve_triangular")
def solve_triangular(
    y, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True
):
    # only the triangle of a that is read has a derivative
    gb = triangular_solve_adjoint(d[y], a, trans, lower, unit_diagonal)
    d[b] = real_if_real(gb, b)  # a real b (or a) of a complex system: the real part
    d[a] = -real_if_real(triangular_outer(gb, y, trans, lower, unit_diagonal), a)
    t[y] = triangular_solve(
        a,
        t[b] - triangular_matmul(t[a], y, trans, lower, unit_diagonal),
        trans,
        lower,
        unit_diagonal,
    )


@rule("scipy.linalg.solve")
def solve(
    y,
    a,
    b,
    lower=False,
    overwrite_a=False,
    overwrite_b=False,
    check_finite=True,
    assume_a=None,
    transposed=False,
):
    # m @ y = b with m the matrix read from a as assume_a says (runtime/solves.py): the
    # rule of np.linalg.solve, the cotangent of m put back on the entries of a read
    m = solved_matrix(not_overwritten(a, overwrite_a), assume_a, lower, transposed)
    gb = solve_adjoint(d[y], m)
    d[b] = real_if_real(gb, b)
    d[a] = real_if_real(
        solved_matrix_adjoint(-matmul_left(gb, m, y), assume_a, lower, transposed), a
    )
    t[y] = np.linalg.solve(
        m, t[b] - solved_matrix(t[a], assume_a, lower, transposed) @ one_system_each(y, m)
    )


linear_in(solved_matrix, "a")
linear_in(not_overwritten, "x")
linear_in(solved_matrix_adjoint, "g")
nondifferentiable_object(flip_trans, "flip_trans")
linear_in(triangular_part, "m")


@rule(triangular_matmul)
def triangular_matmul_t(r, ta, y, trans, lower, unit_diagonal):
    t[r] = triangular_matmul(t[ta], y, trans, lower, unit_diagonal) + triangular_matmul(
        ta, t[y], trans, lower, unit_diagonal
    )


@rule(triangular_outer)
def triangular_outer_t(r, gb, y, trans, lower, unit_diagonal):
    t[r] = triangular_outer(t[gb], y, trans, lower, unit_diagonal) + triangular_outer(
        gb, t[y], trans, lower, unit_diagonal
    )


@rule(triangular_solve)
def triangular_solve_t(r, a, b, trans, lower, unit_diagonal):
    t[r] = triangular_solve(
        a,
        t[b] - triangular_matmul(t[a], r, trans, lower, unit_diagonal),
        trans,
        lower,
        unit_diagonal,
    )


@rule(triangular_solve_adjoint)
def triangular_solve_adjoint_t(r, g, a, trans, lower, unit_diagonal):
    t[r] = triangular_solve_adjoint(
        t[g] - triangular_matmul(t[a], r, flip_trans(trans), lower, unit_diagonal),
        a,
        trans,
        lower,
        unit_diagonal,
    )


@rule("scipy.linalg.expm")
def expm(y, A):
    # the adjoint of a Frechet derivative is the Frechet derivative at the transpose
    d[A] = expm_frechet(np.swapaxes(A, -1, -2), d[y])
    t[y] = expm_frechet(A, t[A])


@rule(expm_frechet)
def expm_frechet_t(r, a, e):
    t[r] = expm_frechet(a, t[e]) + expm_frechet_da(a, e, t[a])


@rule("scipy.linalg.sqrtm")
def sqrtm(y, A, disp=True, blocksize=64):
    # y @ dy + dy @ y = dA; sqrtm is holomorphic, so the adjoint solves the transposed
    # equation (no conjugates) for complex square roots as for real ones
    yt = np.swapaxes(y, -1, -2)
    d[A] = scipy.linalg.solve_sylvester(yt, yt, d[y])
    t[y] = scipy.linalg.solve_sylvester(y, y, t[A])


@rule(sylvester)
def sylvester_t(x, a, b, q):
    t[x] = sylvester(a, b, t[q] - t[a] @ x - x @ t[b])


# scipy.linalg.cho_factor's c holds the factor in one triangle and a's entries in the other
# (what SciPy leaves there); cho_solve reads the factor's triangle only


@rule("scipy.linalg.cho_factor")
def cho_factor(y, a, lower=False, overwrite_a=False, check_finite=True):
    # the rule of cholesky, and the other triangle of c (a's entries, or zeros)
    low = cho_lower(part(y, 0), lower)
    lt = np.swapaxes(low, -1, -2)
    gc = item_or_zeros(d[y], 0, a)
    s = lt @ cho_lower(gc, lower)
    phi = np.tril(s, -1) + 0.5 * np.triu(np.tril(s))
    w = np.linalg.solve(
        lt, np.swapaxes(np.linalg.solve(np.conj(lt), np.swapaxes(phi, -1, -2)), -1, -2)
    )
    d[a] = eigh_triangle(w, a, cho_uplo(lower)) + cho_other(gc, lower)
    m = np.linalg.solve(
        low,
        np.conj(
            np.swapaxes(np.linalg.solve(low, eigh_input_tangent(t[a], cho_uplo(lower))), -1, -2)
        ),
    )
    t[y] = (
        cho_from_lower(low @ (np.tril(m, -1) + 0.5 * np.triu(np.tril(m))), lower)
        + cho_other(t[a], lower),
        0.0,
    )


@rule("scipy.linalg.cholesky")
def cholesky(y, a, lower=False, overwrite_a=False, check_finite=True):
    # y = U with U^H @ U = a (lower: L with L @ L^H = a), the Hermitian matrix read from
    # that triangle of a (LAPACK reads the real part of the diagonal): the rule of
    # np.linalg.cholesky for L (U = L^H), and of cho_factor without its copy of a
    low = cho_lower(y, lower)
    lt = np.swapaxes(low, -1, -2)
    s = lt @ cho_lower(d[y], lower)
    phi = np.tril(s, -1) + 0.5 * np.triu(np.tril(s))
    w = np.linalg.solve(
        lt, np.swapaxes(np.linalg.solve(np.conj(lt), np.swapaxes(phi, -1, -2)), -1, -2)
    )
    d[a] = eigh_triangle(w, a, cho_uplo(lower))
    m = np.linalg.solve(
        low,
        np.conj(
            np.swapaxes(np.linalg.solve(low, eigh_input_tangent(t[a], cho_uplo(lower))), -1, -2)
        ),
    )
    t[y] = cho_from_lower(low @ (np.tril(m, -1) + 0.5 * np.triu(np.tril(m))), lower)


@rule("scipy.linalg.cho_solve")
def cho_solve(y, c_and_lower, b, overwrite_b=False, check_finite=True):
    # y = A^-1 b with A = L @ L^H: dA = dL @ L^H + L @ dL^H; the adjoint of b is
    # conj(A^-1) g (A^T = conj(A)), and dL = (Abar + Abar^H) @ conj(L), read on L's triangle
    low = cho_lower(part(c_and_lower, 0), part(c_and_lower, 1))
    gb = np.conj(scipy.linalg.cho_solve(c_and_lower, np.conj(d[y])))
    abar = -col_outer(gb, y)
    d[b] = real_if_real(gb, b)
    d[c_and_lower] = pair_first(
        real_if_real(
            cho_from_lower(
                np.tril((abar + np.conj(np.swapaxes(abar, -1, -2))) @ np.conj(low)),
                part(c_and_lower, 1),
            ),
            part(c_and_lower, 0),
        )
    )
    dl = cho_lower(part(t[c_and_lower], 0), part(c_and_lower, 1))
    t[y] = scipy.linalg.cho_solve(
        c_and_lower,
        t[b]
        - (dl @ np.conj(np.swapaxes(low, -1, -2)) + low @ np.conj(np.swapaxes(dl, -1, -2))) @ y,
    )


linear_in(cho_lower, "c")
linear_in(cho_from_lower, "m")
nondifferentiable_object(cho_uplo, "cho_uplo")  # names a triangle
linear_in(cho_other, "m")
linear_in(pair_first, "x")


@rule("scipy.linalg.solve_sylvester")
def solve_sylvester(y, a, b, q):
    # a @ y + y @ b = q: the adjoint solves the transposed equation
    gq = scipy.linalg.solve_sylvester(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), d[y])
    d[q] = gq
    d[a] = -(gq @ np.swapaxes(y, -1, -2))
    d[b] = -(np.swapaxes(y, -1, -2) @ gq)
    t[y] = scipy.linalg.solve_sylvester(a, b, t[q] - t[a] @ y - y @ t[b])


@rule("scipy.linalg.solve_banded")
def solve_banded(y, l_and_u, ab, b, overwrite_ab=False, overwrite_b=False, check_finite=True):
    # A y = b with A in banded storage (runtime/banded.py); entries of ab outside the
    # bands are not read, and get derivative 0
    band = not_overwritten(ab, overwrite_ab)
    gb = scipy.linalg.solve_banded(swapped(l_and_u), banded_transpose(l_and_u, band), d[y])
    d[b] = gb
    d[ab] = -banded_outer(l_and_u, gb, y)
    t[y] = scipy.linalg.solve_banded(l_and_u, band, t[b] - banded_matmul(l_and_u, t[ab], y))


nondifferentiable_object(swapped, "swapped")
linear_in(banded_transpose, "ab")


@rule(banded_matmul)
def banded_matmul_t(r, l_and_u, ab, x):
    t[r] = banded_matmul(l_and_u, t[ab], x) + banded_matmul(l_and_u, ab, t[x])


@rule(banded_outer)
def banded_outer_t(r, l_and_u, g, y):
    t[r] = banded_outer(l_and_u, t[g], y) + banded_outer(l_and_u, g, t[y])


# -- session 32: inv, det, eigh, eigvalsh (the rules of numpy.linalg's, rules/linalg.py) ------
# The rules that read a after the call take no overwrite_a= (scipy may overwrite a with
# its workspace): passing it is an error, not a derivative of a changed matrix.


@rule("scipy.linalg.inv")
def inv(y, a, overwrite_a=False, check_finite=True):
    # a general matrix (assume_a= and lower=, which read one triangle, are not taken)
    yt = np.swapaxes(y, -1, -2)
    d[a] = -(yt @ d[y] @ yt)
    t[y] = -(y @ t[a] @ y)


@rule("scipy.linalg.det")
def det(y, a, *, check_finite=True):
    d[a] = det_adjoint(d[y], a)
    t[y] = det_tangent(t[a], a)


@rule("scipy.linalg.eigh", constant=("eigvals_only", "driver"))
def eigh(y, a, *, lower=True, eigvals_only=False, check_finite=True, driver=None):
    # the standard problem (b=, type=, subset_by_index= and subset_by_value= are not taken):
    # np.linalg.eigh's rule on the triangle lower says; eigenvalues only: defined at
    # repeated ones
    # (scipy's own eigenvectors: numpy's may differ in sign)
    wv = scipy.linalg.eigh(a, lower=lower, driver=driver)
    w = part(wv, 0)
    v = part(wv, 1)
    gaps = eigh_gaps(w)
    d[a] = eigh_triangle(
        eigh_adjoint(
            eigh_part(d[y], eigvals_only, 0), eigh_part(d[y], eigvals_only, 1), w, v, gaps
        ),
        a,
        uplo_of(lower),
    )
    t[y] = eigh_output(eigh_tangent(t[a], w, v, gaps, uplo_of(lower)), eigvals_only)


@rule("scipy.linalg.eigvalsh", constant=("driver",))
def eigvalsh(y, a, *, lower=True, check_finite=True, driver=None):
    v = np.linalg.eigh(a, uplo_of(lower))[1]
    d[a] = eigh_triangle(
        (np.conj(v) * np.expand_dims(np.real(d[y]), -2)) @ np.swapaxes(v, -1, -2),
        a,
        uplo_of(lower),
    )
    t[y] = np.real(
        np.diagonal(
            np.conj(np.swapaxes(v, -1, -2)) @ eigh_input_tangent(t[a], uplo_of(lower)) @ v,
            0,
            -2,
            -1,
        )
    )


nondifferentiable_object(uplo_of, "uplo_of")
linear_in(eigh_part, "g")
linear_in(eigh_output, "tangents")


# -- scipy.linalg.lu_factor and lu_solve: a[perm] = l @ u, the pivots piecewise constant ------
# (lu holds l's strict lower triangle, its unit diagonal not stored, and u's upper one)


@rule("scipy.linalg.lu_factor")
def lu_factor(y, a, overwrite_a=False, check_finite=True):
    # dl = l tril(x, -1), du = triu(x) u for x = l^-1 da[perm] u^-1
    lu = part(y, 0)
    perm = lu_permutation(part(y, 1), lu)
    low = np.tril(lu, -1) + np.eye(np.shape(lu)[-1])
    up = np.triu(lu)
    g = item_or_zeros(d[y], 0, lu)
    xbar = np.tril(np.swapaxes(low, -1, -2) @ np.tril(g, -1), -1) + np.triu(
        np.triu(g) @ np.swapaxes(up, -1, -2)
    )
    gl = scipy.linalg.solve_triangular(low, xbar, trans=1, lower=True, unit_diagonal=True)
    gp = np.swapaxes(scipy.linalg.solve_triangular(up, np.swapaxes(gl, -1, -2)), -1, -2)
    d[a] = np.take(gp, np.argsort(perm), axis=-2)
    tl = scipy.linalg.solve_triangular(
        low, np.take(t[a], perm, axis=-2), lower=True, unit_diagonal=True
    )
    x = np.swapaxes(scipy.linalg.solve_triangular(up, np.swapaxes(tl, -1, -2), trans=1), -1, -2)
    t[y] = (low @ np.tril(x, -1) + np.triu(x) @ up, 0.0)


@rule("scipy.linalg.lu_solve")
def lu_solve(y, lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    # y solves op(a) y = b, a = (l u)[perm^-1]: da from dl = tril(dlu, -1), du = triu(dlu)
    lu = part(lu_and_piv, 0)
    perm = lu_permutation(part(lu_and_piv, 1), lu)
    low = np.tril(lu, -1) + np.eye(np.shape(lu)[-1])
    up = np.triu(lu)
    gb = scipy.linalg.lu_solve(lu_and_piv, d[y], trans=lu_adjoint_trans(trans, lu))
    d[b] = real_if_real(gb, b)
    gp = np.take(lu_op(-col_outer(gb, y), trans), perm, axis=-2)
    d[lu_and_piv] = pair_first(
        np.tril(gp @ np.swapaxes(up, -1, -2), -1) + np.triu(np.swapaxes(low, -1, -2) @ gp)
    )
    tlu = part(t[lu_and_piv], 0)
    ta = np.take(np.tril(tlu, -1) @ up + low @ np.triu(tlu), np.argsort(perm), axis=-2)
    t[y] = scipy.linalg.lu_solve(lu_and_piv, t[b] - lu_op(ta, trans) @ y, trans=trans)


nondifferentiable_object(lu_permutation, "lu_permutation")
nondifferentiable_object(lu_adjoint_trans, "lu_adjoint_trans")
linear_in(lu_op, "m")


@rule("scipy.linalg.qr", constant=("lwork", "pivoting"))
def qr(y, a, *, lwork=None, mode="full", pivoting=False, check_finite=True):
    # the rule of np.linalg.qr (rules/linalg.py) for the factors of mode "reduced", which
    # scipy's economic (and square full) factors are; mode "r" returns (r,)
    qr_pair = np.linalg.qr(a, scipy_qr_mode(a, mode, pivoting))
    q = part(qr_pair, 0)
    r = qr_checked(part(qr_pair, 1), "reduced")
    qh = np.conj(np.swapaxes(q, -1, -2))
    gq = scipy_qr_cotangent(d[y], mode, 0, q)
    gr = scipy_qr_cotangent(d[y], mode, 1, r)
    m = r @ np.swapaxes(gr, -1, -2) - np.swapaxes(gq, -1, -2) @ q
    low = np.tril(m, -1)
    sym = np.swapaxes(low, -1, -2) + np.conj(low) + diag_embed(np.real(np.diagonal(m, 0, -2, -1)))
    d[a] = np.swapaxes(np.linalg.solve(r, np.swapaxes(gq + np.conj(q) @ sym, -1, -2)), -1, -2)
    x = np.swapaxes(np.linalg.solve(np.swapaxes(r, -1, -2), np.swapaxes(qh @ t[a], -1, -2)), -1, -2)
    xl = np.tril(x, -1)
    omega = real_if_real(
        xl - np.conj(np.swapaxes(xl, -1, -2)) + diag_embed(1j * np.imag(np.diagonal(x, 0, -2, -1))),
        x,
    )
    t[y] = scipy_qr_output(
        q @ omega + t[a] @ np.linalg.inv(r) - q @ (qh @ t[a] @ np.linalg.inv(r)),
        (x - omega) @ r,
        mode,
        a,
    )


nondifferentiable_object(scipy_qr_mode, "scipy_qr_mode")
linear_in(scipy_qr_cotangent, "g")
linear_in(scipy_qr_output, "tq", "tr")


# -- scipy.linalg.norm, svdvals and block_diag ---------------------------------------------------


@rule("scipy.linalg.norm")
def norm(y, a, ord=None, axis=None, keepdims=False, check_finite=True):
    # np.linalg.norm's rule (rules/linalg.py), every ord
    d[a] = norm_adjoint(d[y], y, a, ord, axis, keepdims)
    t[y] = norm_tangent(t[a], y, a, ord, axis, keepdims)


@rule("scipy.linalg.svdvals")
def svdvals(y, a, *, check_finite=True):
    # np.linalg.svdvals's rule (rules/array_api.py)
    usv = np.linalg.svd(a, full_matrices=False)
    u = part(usv, 0)
    vt = part(usv, 2)
    d[a] = real_if_real(np.conj(u @ diag_embed(np.real(d[y])) @ vt), a)
    t[y] = np.real(
        np.diagonal(
            np.conj(np.swapaxes(u, -1, -2)) @ t[a] @ np.conj(np.swapaxes(vt, -1, -2)), 0, -2, -1
        )
    )


@rule("scipy.linalg.block_diag")
def block_diag(y, *arrs):
    d[arrs] = block_diag_adjoint(d[y], arrs)
    t[y] = block_diag_tangent(arrs, t[arrs])


linear_in(block_diag_adjoint, "g")
linear_in(block_diag_tangent, "tangents")


# -- scipy.linalg.eig and eigvals: np.linalg.eig's rule (rules/linalg.py) on scipy's own
# eigenvalues (complex) and eigenvectors (of unit length); the standard problem (b=, left=
# and homogeneous_eigvals= are not taken)


@rule("scipy.linalg.eig", constant=("right",))
def eig(y, a, *, right=True, check_finite=True):
    wv = scipy.linalg.eig(a)
    w = part(wv, 0)
    v = part(wv, 1)
    vt = np.swapaxes(v, -1, -2)
    vinv = np.linalg.inv(v)
    f = eigen_gaps(w)
    gv = eigh_part(d[y], not right, 1)
    gvr = gv - np.conj(v) * np.real(np.sum(v * gv, axis=-2, keepdims=True))
    d[a] = real_if_real(
        np.swapaxes(vinv, -1, -2)
        @ (diag_embed(densify(eigh_part(d[y], not right, 0), w)) + when_used(gv, f * (vt @ gvr)))
        @ vt,
        a,
    )
    p = vinv @ t[a] @ v
    dv = v @ gap_product(f, p)
    t[y] = eigh_output(
        [
            np.diagonal(p, 0, -2, -1),
            dv - v * np.real(np.sum(np.conj(v) * dv, axis=-2, keepdims=True)),
        ],
        not right,
    )


@rule("scipy.linalg.eigvals")
def eigvals(y, a, *, check_finite=True):
    v = scipy.linalg.eig(a)[1]
    vinv = np.linalg.inv(v)
    d[a] = real_if_real(np.swapaxes(vinv, -1, -2) @ diag_embed(d[y]) @ np.swapaxes(v, -1, -2), a)
    t[y] = np.diagonal(vinv @ t[a] @ v, 0, -2, -1)


# -- scipy.linalg.pinv and lstsq: np.linalg.pinv's and np.linalg.lstsq's rules (rules/linalg.py)


@rule("scipy.linalg.pinv", constant=("atol", "rtol"))
def pinv(y, a, *, atol=None, rtol=None, check_finite=True):
    # of constant rank: a cutoff (atol=, rtol=) that drops singular values not zero is an
    # error (pinv_matrix_adjoint); return_rank= is not taken
    yh = np.conj(np.swapaxes(y, -1, -2))
    left = np.eye(np.shape(a)[-2]) - a @ y
    right = np.eye(np.shape(a)[-1]) - y @ a
    g = np.conj(d[y])
    gh = np.swapaxes(d[y], -1, -2)
    dm = np.conj(-(yh @ g @ yh) + left @ gh @ y @ yh + yh @ y @ gh @ right)
    d[a] = pinv_matrix_adjoint(dm, a, y, atol, False, rtol)
    ta = pinv_matrix_tangent(t[a], a, y, atol, False, rtol)
    tah = np.conj(np.swapaxes(ta, -1, -2))
    t[y] = -(y @ ta @ y) + y @ yh @ tah @ left + right @ tah @ yh @ y


@rule("scipy.linalg.lstsq", constant=("cond", "lapack_driver"))
def lstsq(
    y, a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True, lapack_driver=None
):
    # a of full column rank (else an error): x = (a^H a)^-1 a^H b and residues
    # sum(|b - a x| ** 2, axis=0) forward; in reverse only the solution x (a cotangent of
    # the residues or singular values is an error, lstsq_cotangent)
    m = not_overwritten(a, overwrite_a)
    x = part(y, 0)
    mh = np.conj(np.swapaxes(m, -1, -2))
    r = not_overwritten(b, overwrite_b) - m @ x
    z = np.linalg.solve(np.conj(mh @ m), lstsq_cotangent(d[y], y, m))
    d[b] = real_if_real(np.conj(m) @ z, b)
    d[a] = real_if_real(col_outer(np.conj(r), np.conj(z)) - col_outer(np.conj(m) @ z, x), a)
    dx = np.linalg.solve(mh @ m, mh @ (t[b] - t[a] @ x) + np.conj(np.swapaxes(t[a], -1, -2)) @ r)
    usv = np.linalg.svd(m, full_matrices=False)
    uh = np.conj(np.swapaxes(part(usv, 0), -1, -2))
    v = np.conj(np.swapaxes(part(usv, 2), -1, -2))
    t[y] = lstsq_output(
        dx,
        2.0 * np.real(np.sum(np.conj(r) * (t[b] - t[a] @ x - m @ dx), axis=0)),
        np.real(np.diagonal(uh @ t[a] @ v, 0, -2, -1)),
        y,
    )


# -- scipy.linalg.lu: a = p @ l @ u of a square a, the permutation p piecewise constant -------


@rule("scipy.linalg.lu", constant=("permute_l", "overwrite_a", "p_indices"))
def lu(y, a, permute_l=False, overwrite_a=False, check_finite=True, p_indices=False):
    # x = l^-1 p^T da u^-1: dl = l tril(x, -1), du = triu(x) u (lu_factor's rule); the rule
    # reads only the factors, so overwrite_a= is taken
    factors = lu_square(y, a, permute_l)
    p = lu_permutation_matrix(part(factors, 0), p_indices)
    low = part(factors, 1)
    up = part(factors, 2)
    xbar = np.tril(np.swapaxes(low, -1, -2) @ item_or_zeros(d[y], 1, low), -1) + np.triu(
        item_or_zeros(d[y], 2, up) @ np.swapaxes(up, -1, -2)
    )
    gl = scipy.linalg.solve_triangular(low, xbar, trans=1, lower=True, unit_diagonal=True)
    d[a] = p @ np.swapaxes(scipy.linalg.solve_triangular(up, np.swapaxes(gl, -1, -2)), -1, -2)
    tl = scipy.linalg.solve_triangular(
        low, np.swapaxes(p, -1, -2) @ t[a], lower=True, unit_diagonal=True
    )
    x = np.swapaxes(scipy.linalg.solve_triangular(up, np.swapaxes(tl, -1, -2), trans=1), -1, -2)
    t[y] = (0.0, low @ np.tril(x, -1), np.triu(x) @ up)


linear_in(lu_square, "y")
nondifferentiable_object(lu_permutation_matrix, "lu_permutation_matrix")


@rule("scipy.linalg.logm")
def logm(y, A):
    # the adjoint of a Frechet derivative is the Frechet derivative at the transpose
    # (expm's rule); disp= is not taken
    d[A] = logm_frechet(np.swapaxes(A, -1, -2), d[y])
    t[y] = logm_frechet(A, t[A])


@rule(logm_frechet)
def logm_frechet_t(r, a, e):
    t[r] = logm_frechet(a, t[e]) + logm_frechet_da(a, e, t[a])
