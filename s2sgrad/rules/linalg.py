"""``numpy.linalg``."""

from __future__ import annotations

import numpy as np

from ..runtime import (  # issue 12
    add,
    adjugate_tangent,
    col_outer,
    det_adjoint,
    det_tangent,
    diag_embed,
    eigen_gaps,
    eigh_adjoint,
    eigh_adjoint_dv,
    eigh_gaps,
    eigh_input_tangent,
    eigh_tangent,
    eigh_tangent_dv,
    eigh_triangle,
    gap_product,
    item_or_zeros,
    lower_symmetric,
    lower_symmetric_adjoint,
    lstsq_cotangent,
    lstsq_output,
    matmul_left,
    matrix_power_tangent,
    matrix_power_tangent_da,
    multi_dot_adjoint,
    multi_dot_adjoint_dx,
    multi_dot_cross,
    multi_dot_tangent,
    norm_adjoint,
    norm_adjoint_dx,
    norm_adjoint_dx2,
    norm_tangent,
    norm_tangent_dx,
    norm_tangent_dx2,
    one_system_each,
    part,
    pinv_matrix,
    pinv_matrix_adjoint,
    pinv_matrix_tangent,
    qr_checked,
    qr_cotangent,
    real_if_real,
    slogdet_inverse,
    solve_adjoint,
    svd_cotangent,
    svd_output,
    tensor_matrix,
    tensor_matrix_adjoint,
    when_used,
)
from .registry import d, linear_in, rule, t


@rule("numpy.linalg.norm")
def norm(y, x, ord=None, axis=None, keepdims=False):
    d[x] = norm_adjoint(d[y], y, x, ord, axis, keepdims)  # 0 at a zero vector, as abs
    t[y] = norm_tangent(t[x], y, x, ord, axis, keepdims)


@rule("numpy.linalg.inv")
def inv(y, a):
    yt = np.swapaxes(y, -1, -2)
    d[a] = -(yt @ d[y] @ yt)
    t[y] = -(y @ t[a] @ y)


@rule("numpy.linalg.det")
def det(y, a):
    # through the adjugate (from the SVD), not det(a) * inv(a): right at singular matrices,
    # where numpy's det is 0 and inv fails (or, near them, is 0 * inf)
    d[a] = det_adjoint(d[y], a)
    t[y] = det_tangent(t[a], a)


@rule("numpy.linalg.solve")
def solve(y, a, b):
    # a complex with b real (or the other way): the real one's adjoint is real
    d[b] = real_if_real(solve_adjoint(d[y], a), b)
    d[a] = real_if_real(-matmul_left(solve_adjoint(d[y], a), a, y), a)
    t[y] = np.linalg.solve(a, t[b] - t[a] @ one_system_each(y, a))


# tangents of the helpers (forward over reverse)


@rule(norm_adjoint)
def norm_adjoint_t(r, g, y, x, ord, axis, keepdims):
    t[r] = norm_adjoint(t[g], y, x, ord, axis, keepdims) + norm_adjoint_dx(
        g, y, x, t[x], t[y], ord, axis, keepdims
    )  # every ord (issue 12)


@rule(norm_tangent)
def norm_tangent_t(r, tx, y, x, ord, axis, keepdims):
    t[r] = norm_tangent(t[tx], y, x, ord, axis, keepdims) + norm_tangent_dx(
        tx, y, x, t[x], t[y], ord, axis, keepdims
    )  # every ord (issue 12)


@rule(norm_adjoint_dx)
def norm_adjoint_dx_t(r, g, y, x, tx, ty, ord, axis, keepdims):
    # third derivatives (2-norm and Frobenius; other ords: an error): linear in g and in
    # (tx, ty), and the term in (x, y)
    t[r] = (
        norm_adjoint_dx(t[g], y, x, tx, ty, ord, axis, keepdims)
        + norm_adjoint_dx(g, y, x, t[tx], t[ty], ord, axis, keepdims)
        + norm_adjoint_dx2(g, y, x, tx, ty, t[x], t[y], ord, axis, keepdims)
    )


@rule(norm_tangent_dx)
def norm_tangent_dx_t(r, tx, y, x, dx, dy, ord, axis, keepdims):
    t[r] = (
        norm_tangent_dx(t[tx], y, x, dx, dy, ord, axis, keepdims)
        + norm_tangent_dx(tx, y, x, t[dx], t[dy], ord, axis, keepdims)
        + norm_tangent_dx2(tx, y, x, dx, dy, t[x], t[y], ord, axis, keepdims)
    )


@rule(det_adjoint)
def det_adjoint_t(r, g, a):
    t[r] = det_adjoint(t[g], a) + np.asarray(g)[..., None, None] * np.swapaxes(
        adjugate_tangent(a, t[a]), -1, -2
    )


@rule(slogdet_inverse)
def slogdet_inverse_t(r, a, sign):
    t[r] = -(r @ t[a] @ r)  # the sign is piecewise constant


@rule(det_tangent)
def det_tangent_t(r, ta, a):
    t[r] = det_tangent(t[ta], a) + np.trace(adjugate_tangent(a, t[a]) @ ta, axis1=-2, axis2=-1)


linear_in(one_system_each, "y")


@rule(solve_adjoint)
def solve_adjoint_t(r, g, a):
    t[r] = solve_adjoint(t[g], a) - solve_adjoint(np.swapaxes(t[a], -1, -2) @ r, a)


# -- issue 12: the rest of numpy.linalg --------------------------------------------------------
# numpy's cholesky and eigh read the lower triangle of a only (eigh: UPLO="L"): the other
# triangle has derivative 0 and the lower one counts twice off the diagonal (the symmetric
# matrix the triangle stands for); for a symmetric argument this is the usual gradient.


@rule("numpy.linalg.cholesky")
def cholesky(y, a):
    # complex a (issue 14): the Hermitian matrix the lower triangle stands for (LAPACK reads
    # the real part of the diagonal), L with a real diagonal; the adjoint in autograd's
    # convention (the conjugate of the Hermitian-convention one)
    lt = np.swapaxes(y, -1, -2)
    s = lt @ d[y]
    phi = np.tril(s, -1) + 0.5 * np.triu(np.tril(s))
    w = np.linalg.solve(
        lt, np.swapaxes(np.linalg.solve(np.conj(lt), np.swapaxes(phi, -1, -2)), -1, -2)
    )
    d[a] = eigh_triangle(w, a, "L")
    m = np.linalg.solve(
        y, np.conj(np.swapaxes(np.linalg.solve(y, eigh_input_tangent(t[a], "L")), -1, -2))
    )
    t[y] = y @ (np.tril(m, -1) + 0.5 * np.triu(np.tril(m)))


@rule("numpy.linalg.slogdet")
def slogdet(y, a):
    # y = (sign, log|det a|); the sign is piecewise constant for real a, and for complex a
    # moves on the unit circle: d sign = sign * 1j * Im(tr(a^-1 da)), d log|det a| the real
    # part of tr(a^-1 da)
    sign = part(y, 0)
    gl = part(d[y], 1) + 1j * np.imag(part(d[y], 0) * sign)
    ainv = slogdet_inverse(a, sign)  # an error at a singular matrix (sign 0)
    d[a] = real_if_real(np.expand_dims(np.expand_dims(gl, -1), -1) * np.swapaxes(ainv, -1, -2), a)
    tr = np.trace(ainv @ t[a], axis1=-2, axis2=-1)
    t[y] = (real_if_real(sign * 1j * np.imag(tr), sign), np.real(tr))


# -- eigh (real symmetric or complex Hermitian): only triangle UPLO of a is read ---------


@rule("numpy.linalg.eigh")
def eigh(y, a, UPLO="L"):
    gaps = eigh_gaps(y[0])
    d[a] = eigh_triangle(eigh_adjoint(part(d[y], 0), part(d[y], 1), y[0], y[1], gaps), a, UPLO)
    t[y] = eigh_tangent(t[a], y[0], y[1], gaps, UPLO)


@rule(eigh_gaps)
def eigh_gaps_t(y, w):
    t[y] = -y * y * (t[w][..., None, :] - t[w][..., :, None])


@rule(eigh_adjoint)
def eigh_adjoint_t(r, gw, gv, w, v, gaps):
    # linear in (gw, gv); the product rule in v and gaps
    t[r] = add(
        add(eigh_adjoint(t[gw], t[gv], w, v, gaps), eigh_adjoint_dv(gw, gv, v, gaps, t[v])),
        eigh_adjoint(0.0, gv, w, v, t[gaps]),
    )


@rule(eigh_tangent)
def eigh_tangent_t(r, ta, w, v, gaps, UPLO):
    t[r] = add(
        eigh_tangent(t[ta], w, v, gaps, UPLO), eigh_tangent_dv(ta, v, gaps, UPLO, t[v], t[gaps])
    )


linear_in(eigh_triangle, "m")
linear_in(eigh_input_tangent, "ta")


@rule("numpy.linalg.eigvalsh")
def eigvalsh(y, a, UPLO="L"):
    # the eigenvalue part of eigh's rule: the Hermitian matrix triangle UPLO of a stands for
    v = np.linalg.eigh(a, UPLO)[1]
    d[a] = eigh_triangle(
        (np.conj(v) * np.expand_dims(np.real(d[y]), -2)) @ np.swapaxes(v, -1, -2), a, UPLO
    )
    t[y] = np.real(
        np.diagonal(np.conj(np.swapaxes(v, -1, -2)) @ eigh_input_tangent(t[a], UPLO) @ v, 0, -2, -1)
    )


@rule("numpy.linalg.pinv", constant=("rcond", "rtol"))
def pinv(y, a, rcond=None, hermitian=False, *, rtol=None):
    # where the rank of a is constant (full rank): the derivative of the pseudo-inverse of
    # m, the matrix pinv reads (hermitian: that of a's lower triangle); a cutoff that drops
    # singular values not zero is an error; complex a: the Hermitian-convention adjoint of
    # conj(d[y]), conjugated
    m = pinv_matrix(a, hermitian)
    yh = np.conj(np.swapaxes(y, -1, -2))
    left = np.eye(np.shape(a)[-2]) - m @ y
    right = np.eye(np.shape(a)[-1]) - y @ m
    g = np.conj(d[y])
    gh = np.swapaxes(d[y], -1, -2)
    dm = np.conj(-(yh @ g @ yh) + left @ gh @ y @ yh + yh @ y @ gh @ right)
    d[a] = pinv_matrix_adjoint(dm, a, y, rcond, hermitian, rtol)
    ta = pinv_matrix_tangent(t[a], a, y, rcond, hermitian, rtol)
    tah = np.conj(np.swapaxes(ta, -1, -2))
    t[y] = -(y @ ta @ y) + y @ yh @ tah @ left + right @ tah @ yh @ y


linear_in(lower_symmetric, "m")
linear_in(pinv_matrix, "a")
linear_in(pinv_matrix_adjoint, "g")
linear_in(pinv_matrix_tangent, "ta")
linear_in(lower_symmetric_adjoint, "g")
linear_in(diag_embed, "v")


@rule(eigen_gaps)
def eigen_gaps_t(f, w):
    # f = 1 / (w_j - w_i) off the diagonal: df = -f * f * (dw_j - dw_i)
    t[f] = -f * f * (np.expand_dims(t[w], -2) - np.expand_dims(t[w], -1))


@rule(gap_product)
def gap_product_t(r, gaps, m):
    # gaps * m with 0 where m is 0 (a repeated eigenvalue not coupled): bilinear
    t[r] = gap_product(t[gaps], m) + gap_product(gaps, t[m])


@rule(when_used)
def when_used_t(r, g, x):
    # x is linear in g: with g zero, its tangent is zero unless t[g] is not
    t[r] = when_used((g, t[g]), t[x])


@rule("numpy.linalg.svd")
def svd(y, a, full_matrices=True, compute_uv=True):
    # distinct, nonzero singular values; functions of U and Vh must not depend on their
    # gauge (signs, or for complex a the phases e^(i theta) of matching columns of U and V).
    # The terms in U's and V's adjoints are skipped when those are zero (only the singular
    # values used): the derivative of the values alone is defined at repeated or zero ones.
    # Complex a: the Hermitian-convention adjoint of conj(d[y]), conjugated (autograd's
    # convention); the phase of each U column is fixed by Im diag(U^H dU) = Im diag(dP) / s
    usv = np.linalg.svd(a, full_matrices=False)
    u = part(usv, 0)
    s = part(usv, 1)
    vt = part(usv, 2)
    uh = np.conj(np.swapaxes(u, -1, -2))
    v = np.conj(np.swapaxes(vt, -1, -2))
    f = eigen_gaps(s * s)
    sm = diag_embed(s)
    si = diag_embed(1.0 / s)
    pu = np.eye(np.shape(a)[-2]) - u @ uh
    pv = np.eye(np.shape(a)[-1]) - v @ vt
    gu = np.conj(svd_cotangent(d[y], a, full_matrices, compute_uv, 0, u))
    gs = np.real(svd_cotangent(d[y], a, full_matrices, compute_uv, 1, s))
    gv = np.swapaxes(svd_cotangent(d[y], a, full_matrices, compute_uv, 2, vt), -1, -2)
    uhgu = uh @ gu
    j = when_used(gu, f * (uhgu - np.conj(np.swapaxes(uhgu, -1, -2))))
    vhgv = vt @ gv
    k = when_used(gv, f * (vhgv - np.conj(np.swapaxes(vhgv, -1, -2))))
    phase = when_used(gu, diag_embed(1j * np.imag(np.diagonal(uhgu, 0, -2, -1)) / s))
    d[a] = real_if_real(
        np.conj(
            u @ (j @ sm + diag_embed(gs) + sm @ k + phase) @ vt
            + when_used(gu, pu @ gu @ si @ vt)
            + when_used(gv, u @ si @ np.conj(np.swapaxes(gv, -1, -2)) @ pv)
        ),
        a,
    )
    dp = uh @ t[a] @ v
    dph = np.conj(np.swapaxes(dp, -1, -2))
    tphase = diag_embed(1j * np.imag(np.diagonal(dp, 0, -2, -1)) / s)
    tah = np.conj(np.swapaxes(t[a], -1, -2))
    t[y] = svd_output(
        real_if_real(u @ (gap_product(f, dp @ sm + sm @ dph) + tphase) + pu @ t[a] @ v @ si, u),
        np.real(np.diagonal(dp, 0, -2, -1)),
        np.conj(np.swapaxes(v @ gap_product(f, sm @ dp + dph @ sm) + pv @ tah @ u @ si, -1, -2)),
        compute_uv,
    )


@rule("numpy.linalg.qr")
def qr(y, a, mode="reduced"):
    # mode "reduced" of a matrix with at least as many rows as columns, full rank; complex a
    # (issue 14): LAPACK's r has a real diagonal, which fixes the phase of each column of q
    q = part(y, 0)
    r = qr_checked(part(y, 1), mode)
    qh = np.conj(np.swapaxes(q, -1, -2))
    gq = qr_cotangent(d[y], mode, 0, q)
    gr = qr_cotangent(d[y], mode, 1, r)
    m = r @ np.swapaxes(gr, -1, -2) - np.swapaxes(gq, -1, -2) @ q
    low = np.tril(m, -1)
    sym = np.swapaxes(low, -1, -2) + np.conj(low) + diag_embed(np.real(np.diagonal(m, 0, -2, -1)))
    d[a] = np.swapaxes(np.linalg.solve(r, np.swapaxes(gq + np.conj(q) @ sym, -1, -2)), -1, -2)
    x = np.swapaxes(np.linalg.solve(np.swapaxes(r, -1, -2), np.swapaxes(qh @ t[a], -1, -2)), -1, -2)
    xl = np.tril(x, -1)
    omega = real_if_real(
        xl - np.conj(np.swapaxes(xl, -1, -2)) + diag_embed(1j * np.imag(np.diagonal(x, 0, -2, -1))),
        x,
    )  # q^H dq: skew-Hermitian
    t[y] = (
        q @ omega + t[a] @ np.linalg.inv(r) - q @ (qh @ t[a] @ np.linalg.inv(r)),
        (x - omega) @ r,
    )


@rule("numpy.linalg.matrix_power")
def matrix_power(y, a, n):
    # the adjoint is the tangent of the transposed matrix: sum_k (a^T)^k g (a^T)^(n-1-k)
    d[a] = matrix_power_tangent(d[y], np.swapaxes(a, -1, -2), n)
    t[y] = matrix_power_tangent(t[a], a, n)


@rule("numpy.linalg.multi_dot")
def multi_dot(y, arrays, *, out=None):
    d[arrays] = multi_dot_adjoint(d[y], arrays)
    t[y] = multi_dot_tangent(arrays, t[arrays])


linear_in(svd_cotangent, "g")
linear_in(svd_output, "tu", "ts", "tvt")
linear_in(qr_cotangent, "g")


@rule(qr_checked)
def qr_checked_t(y, r, mode):
    # the identity: the checks are of r, not of its tangent (whose diagonal may be 0)
    t[y] = t[r]


@rule(matrix_power_tangent)
def matrix_power_tangent_t(r, ta, a, n):
    t[r] = matrix_power_tangent(t[ta], a, n) + matrix_power_tangent_da(ta, a, t[a], n)


@rule(multi_dot_adjoint)
def multi_dot_adjoint_t(r, g, arrays):
    t[r] = add(multi_dot_adjoint(t[g], arrays), multi_dot_adjoint_dx(g, arrays, t[arrays]))


@rule(multi_dot_tangent)
def multi_dot_tangent_t(r, arrays, tangents):
    t[r] = multi_dot_tangent(arrays, t[tangents]) + multi_dot_cross(arrays, tangents, t[arrays])


@rule("numpy.linalg.eig")
def eig(y, a):
    # distinct eigenvalues, real or complex (a real or complex); eigenvectors of unit length
    # (as numpy returns them), and functions of them that do not depend on their gauge (the
    # sign, or the phase e^(i theta), of each eigenvector); adjoint in autograd's convention.
    # The eigenvector term is skipped when their adjoint is zero (eigenvalues alone: defined
    # at repeated ones)
    w = part(y, 0)
    v = part(y, 1)
    vt = np.swapaxes(v, -1, -2)
    vinv = np.linalg.inv(v)
    f = eigen_gaps(w)
    gv = item_or_zeros(d[y], 1, v)
    gvr = gv - np.conj(v) * np.real(np.sum(v * gv, axis=-2, keepdims=True))
    d[a] = real_if_real(
        np.swapaxes(vinv, -1, -2)
        @ (diag_embed(item_or_zeros(d[y], 0, w)) + when_used(gv, f * (vt @ gvr)))
        @ vt,
        a,
    )
    p = vinv @ t[a] @ v
    dv = v @ gap_product(f, p)
    t[y] = (
        np.diagonal(p, 0, -2, -1),
        dv - v * np.real(np.sum(np.conj(v) * dv, axis=-2, keepdims=True)),
    )


@rule("numpy.linalg.eigvals")
def eigvals(y, a):
    v = np.linalg.eig(a)[1]
    vinv = np.linalg.inv(v)
    d[a] = real_if_real(np.swapaxes(vinv, -1, -2) @ diag_embed(d[y]) @ np.swapaxes(v, -1, -2), a)
    t[y] = np.diagonal(vinv @ t[a] @ v, 0, -2, -1)


linear_in(item_or_zeros, "g")


@rule("numpy.linalg.lstsq", constant=("rcond",))
def lstsq(y, a, b, rcond=None):
    # a of full column rank: x = (a^H a)^-1 a^H b, residuals = sum(|b - a x| ** 2, axis=0);
    # complex a or b (issue 14): the adjoints in autograd's convention, real for a real one
    x = part(y, 0)
    ah = np.conj(np.swapaxes(a, -1, -2))
    r = b - a @ x
    z = np.linalg.solve(np.conj(ah @ a), lstsq_cotangent(d[y], y, a))
    d[b] = real_if_real(np.conj(a) @ z, b)
    d[a] = real_if_real(col_outer(np.conj(r), np.conj(z)) - col_outer(np.conj(a) @ z, x), a)
    dx = np.linalg.solve(ah @ a, ah @ (t[b] - t[a] @ x) + np.conj(np.swapaxes(t[a], -1, -2)) @ r)
    usv = np.linalg.svd(a, full_matrices=False)
    uh = np.conj(np.swapaxes(part(usv, 0), -1, -2))
    v = np.conj(np.swapaxes(part(usv, 2), -1, -2))
    t[y] = lstsq_output(
        dx,
        2.0 * np.real(np.sum(np.conj(r) * (t[b] - t[a] @ x - a @ dx), axis=0)),
        np.real(np.diagonal(uh @ t[a] @ v, 0, -2, -1)),
        y,
    )


linear_in(lstsq_cotangent, "g")


@rule(col_outer)
def col_outer_t(r, a, b):
    # bilinear: the product rule (np.linalg.lstsq's Hessians; scipy's rules use it too)
    t[r] = col_outer(t[a], b) + col_outer(a, t[b])


linear_in(lstsq_output, "dx", "dres", "ds")


# -- issue 14: tensorsolve and tensorinv, real or complex (holomorphic: no conjugation) ------


@rule("numpy.linalg.tensorsolve")
def tensorsolve(y, a, b, axes=None):
    # y solves m @ y.ravel() == b.ravel(), m = tensor_matrix(a, b.ndim, axes): solve's rule
    m = tensor_matrix(a, np.ndim(b), axes)
    gb = np.linalg.solve(np.swapaxes(m, -1, -2), np.reshape(d[y], (-1,)))
    d[b] = real_if_real(np.reshape(gb, np.shape(b)), b)
    d[a] = real_if_real(
        tensor_matrix_adjoint(-np.outer(gb, np.reshape(y, (-1,))), a, np.ndim(b), axes), a
    )
    t[y] = np.reshape(
        np.linalg.solve(
            m,
            np.reshape(t[b], (-1,)) - tensor_matrix(t[a], np.ndim(b), axes) @ np.reshape(y, (-1,)),
        ),
        np.shape(y),
    )


@rule("numpy.linalg.tensorinv")
def tensorinv(y, a, ind=2):
    # y is the inverse of tensor_matrix(a, ind) shaped as a.shape[ind:] + a.shape[:ind]
    ym = tensor_matrix(y, np.ndim(a) - ind, None)
    ymt = np.swapaxes(ym, -1, -2)
    d[a] = tensor_matrix_adjoint(
        -(ymt @ tensor_matrix(d[y], np.ndim(a) - ind, None) @ ymt), a, ind, None
    )
    t[y] = tensor_matrix_adjoint(
        -(ym @ tensor_matrix(t[a], ind, None) @ ym), y, np.ndim(a) - ind, None
    )


linear_in(tensor_matrix, "a")
linear_in(tensor_matrix_adjoint, "g")
