"""``numpy.linalg``."""

from __future__ import annotations

import numpy as np

from ..runtime import (  # issue 12
    det_adjoint,
    diag_embed,
    eigen_gaps,
    lower_symmetric,
    lower_symmetric_adjoint,
    matmul_left,
    norm_adjoint,
    norm_tangent,
    part,
    solve_adjoint,
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
    d[a] = det_adjoint(d[y], y, a)
    t[y] = y * np.trace(np.linalg.solve(a, t[a]), axis1=-2, axis2=-1)


@rule("numpy.linalg.solve")
def solve(y, a, b):
    d[b] = solve_adjoint(d[y], a)
    d[a] = -matmul_left(solve_adjoint(d[y], a), a, y)
    t[y] = np.linalg.solve(a, t[b] - t[a] @ y)


# tangents of the helpers (forward over reverse)


@rule(norm_adjoint)
def norm_adjoint_t(r, g, y, x, ord, axis, keepdims):
    t[r] = norm_adjoint(t[g], y, x, ord, axis, keepdims) + norm_adjoint(
        g, y, t[x], ord, axis, keepdims) - norm_adjoint(g * t[y] / y, y, x, ord, axis, keepdims)


@rule(norm_tangent)
def norm_tangent_t(r, tx, y, x, ord, axis, keepdims):
    t[r] = norm_tangent(t[tx], y, x, ord, axis, keepdims) + norm_tangent(
        tx, y, t[x], ord, axis, keepdims) - r * t[y] / y


@rule(det_adjoint)
def det_adjoint_t(r, g, y, a):
    ainv = np.linalg.inv(a)
    t[r] = det_adjoint(t[g], y, a) + det_adjoint(g, t[y], a) - (g * y)[..., None, None] * \
        np.swapaxes(ainv @ t[a] @ ainv, -1, -2)


@rule(solve_adjoint)
def solve_adjoint_t(r, g, a):
    t[r] = solve_adjoint(t[g], a) - solve_adjoint(np.swapaxes(t[a], -1, -2) @ r, a)


# -- issue 12: the rest of numpy.linalg --------------------------------------------------------
# numpy's cholesky and eigh read the lower triangle of a only (eigh: UPLO="L"): the other
# triangle has derivative 0 and the lower one counts twice off the diagonal (the symmetric
# matrix the triangle stands for); for a symmetric argument this is the usual gradient.


@rule("numpy.linalg.cholesky")
def cholesky(y, a):
    lt = np.swapaxes(y, -1, -2)
    s = lt @ d[y]
    phi = np.tril(s, -1) + 0.5 * np.triu(np.tril(s))
    w = np.linalg.solve(lt, np.swapaxes(np.linalg.solve(lt, np.swapaxes(phi, -1, -2)), -1, -2))
    d[a] = lower_symmetric_adjoint(w, False)
    m = np.linalg.solve(y, np.swapaxes(np.linalg.solve(y, lower_symmetric(t[a], False)), -1, -2))
    t[y] = y @ (np.tril(m, -1) + 0.5 * np.triu(np.tril(m)))


@rule("numpy.linalg.slogdet")
def slogdet(y, a):
    # y = (sign, log|det a|); the sign is piecewise constant
    d[a] = np.expand_dims(np.expand_dims(part(d[y], 1), -1), -1) * np.swapaxes(
        np.linalg.inv(a), -1, -2)
    t[y] = (np.zeros_like(part(y, 0)), np.trace(np.linalg.solve(a, t[a]), axis1=-2, axis2=-1))


@rule("numpy.linalg.eigh")
def eigh(y, a, UPLO="L"):
    # distinct eigenvalues; functions of the eigenvectors must not depend on their signs
    w = part(y, 0)
    v = part(y, 1)
    vt = np.swapaxes(v, -1, -2)
    f = eigen_gaps(w)
    inner = f * (vt @ part(d[y], 1))
    d[a] = lower_symmetric_adjoint(v @ (diag_embed(part(d[y], 0)) + inner) @ vt, UPLO == "U")
    p = vt @ lower_symmetric(t[a], UPLO == "U") @ v
    t[y] = (np.diagonal(p, 0, -2, -1), v @ (f * p))


@rule("numpy.linalg.eigvalsh")
def eigvalsh(y, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO)[1]
    d[a] = lower_symmetric_adjoint(v @ diag_embed(d[y]) @ np.swapaxes(v, -1, -2), UPLO == "U")
    t[y] = np.diagonal(np.swapaxes(v, -1, -2) @ lower_symmetric(t[a], UPLO == "U") @ v, 0, -2,
                       -1)


@rule("numpy.linalg.pinv")
def pinv(y, a, rcond=None, hermitian=False, rtol=None):
    # where the rank of a is constant (full rank): the derivative of the pseudo-inverse
    yt = np.swapaxes(y, -1, -2)
    left = np.eye(np.shape(a)[-2]) - a @ y
    right = np.eye(np.shape(a)[-1]) - y @ a
    gt = np.swapaxes(d[y], -1, -2)
    d[a] = -(yt @ d[y] @ yt) + left @ gt @ y @ yt + yt @ y @ gt @ right
    ta = t[a]
    tat = np.swapaxes(ta, -1, -2)
    t[y] = -(y @ ta @ y) + y @ yt @ tat @ left + right @ tat @ yt @ y


linear_in(lower_symmetric, "m")
linear_in(lower_symmetric_adjoint, "g")
linear_in(diag_embed, "v")


@rule(eigen_gaps)
def eigen_gaps_t(f, w):
    # f = 1 / (w_j - w_i) off the diagonal: df = -f * f * (dw_j - dw_i)
    t[f] = -f * f * (np.expand_dims(t[w], -2) - np.expand_dims(t[w], -1))
