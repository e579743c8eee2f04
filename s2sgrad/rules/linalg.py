"""``numpy.linalg``."""

from __future__ import annotations

import numpy as np

from ..runtime import (
    add,
    det_adjoint,
    eigh_adjoint,
    eigh_adjoint_dv,
    eigh_gaps,
    eigh_input_tangent,
    eigh_tangent,
    eigh_tangent_dv,
    eigh_triangle,
    matmul_left,
    no_second_derivative,
    norm_adjoint,
    norm_tangent,
    part,
    solve_adjoint,
    svd_values_adjoint,
    svd_values_tangent,
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


# -- eigh (real symmetric or complex Hermitian): only triangle UPLO of a is read ---------


@rule("numpy.linalg.eigh")
def eigh(y, a, UPLO="L"):
    gaps = eigh_gaps(y[0])
    d[a] = eigh_triangle(eigh_adjoint(part(d[y], 0), part(d[y], 1), y[0], y[1], gaps), a,
                         UPLO)
    t[y] = eigh_tangent(t[a], y[0], y[1], gaps, UPLO)


@rule(eigh_gaps)
def eigh_gaps_t(y, w):
    t[y] = -y * y * (t[w][..., None, :] - t[w][..., :, None])


@rule(eigh_adjoint)
def eigh_adjoint_t(r, gw, gv, w, v, gaps):
    # linear in (gw, gv); the product rule in v and gaps
    t[r] = add(add(eigh_adjoint(t[gw], t[gv], w, v, gaps), eigh_adjoint_dv(gw, gv, v, gaps,
                                                                          t[v])),
               eigh_adjoint(0.0, gv, w, v, t[gaps]))


@rule(eigh_tangent)
def eigh_tangent_t(r, ta, w, v, gaps, UPLO):
    t[r] = add(eigh_tangent(t[ta], w, v, gaps, UPLO), eigh_tangent_dv(ta, v, gaps, UPLO, t[v],
                                                                       t[gaps]))


linear_in(eigh_triangle, "m")
linear_in(eigh_input_tangent, "ta")


# -- svd: the singular values (compute_uv=False) ------------------------------------------


@rule("numpy.linalg.svd")
def svd(y, a, full_matrices=True, compute_uv=True, hermitian=False):
    d[a] = svd_values_adjoint(d[y], a, full_matrices, compute_uv, hermitian)
    t[y] = svd_values_tangent(t[a], a, full_matrices, compute_uv, hermitian)


@rule(svd_values_adjoint)
def svd_values_adjoint_t(r, g, a, full_matrices, compute_uv, hermitian):
    t[r] = svd_values_adjoint(t[g], a, full_matrices, compute_uv, hermitian) + \
        no_second_derivative(t[a], "np.linalg.svd")


@rule(svd_values_tangent)
def svd_values_tangent_t(r, ta, a, full_matrices, compute_uv, hermitian):
    t[r] = svd_values_tangent(t[ta], a, full_matrices, compute_uv, hermitian) + \
        no_second_derivative(t[a], "np.linalg.svd")
