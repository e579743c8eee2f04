"""``numpy.linalg``."""

from __future__ import annotations

import numpy as np

from ..runtime import det_adjoint, matmul_left, norm_adjoint, norm_tangent, solve_adjoint
from .registry import d, rule, t


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
