"""Complex parts, conjugation and ``vdot``, in autograd's convention (README, "Complex
numbers"): the adjoint of a real-linear map ``L`` is the ``c`` with
``Re(g * L(dz)) == Re(c * dz)`` for every ``dz`` (for a complex-linear map: its transpose,
no conjugation), so ``grad`` of a real ``f(x + iy)`` is ``df/dx - 1j * df/dy``.
"""

from __future__ import annotations

import numpy as np

from ..runtime import abs_slope as _abs_slope
from ..runtime import (
    angle_slope,
    array_astype,
    array_conj,
    astype_tangent,
    imag_adjoint,
    ratio_or_zero,
    real_adjoint,
    real_if_real,
    sign_adjoint,
    sign_adjoint_dx,
    sign_tangent,
    sign_tangent_dx,
    vdot_left,
    vdot_right,
)
from ..runtime import real_only as _real_only
from .registry import d, linear, linear_in, rule, t


@linear("numpy.real")
def real(y, val):
    d[val] = real_adjoint(d[y], val)


@linear("numpy.imag")
def imag(y, val):
    d[val] = imag_adjoint(d[y], val)


@linear("numpy.conj", "numpy.conjugate", array_conj, elementwise=True)
def conj(y, x):
    # array_conj: x.conj(), which is x itself for a real x (aliasing.VIEWS)
    d[x] = np.conj(d[y])


@rule("numpy.angle")
def angle(y, z, deg=False):
    d[z] = np.real(d[y]) * angle_slope(z, deg)
    t[y] = np.real(t[z] * angle_slope(z, deg))


@rule("numpy.sign", elementwise=True)
def sign(y, x):
    # z / |z| for complex z (NumPy 2), whose slope is real-linear; constant almost
    # everywhere for real x (0, as autograd and JAX), 0 at 0
    d[x] = sign_adjoint(d[y], x)
    t[y] = sign_tangent(t[x], x)


@rule("numpy.vdot")
def vdot(y, a, b):
    # vdot(a, b) = sum(conj(a) * b): conjugate-linear in a
    d[a] = vdot_left(d[y], a, b)
    d[b] = vdot_right(d[y], a, b)
    t[y] = np.vdot(t[a], b) + np.vdot(a, t[b])


# Every rule takes complex values (NumPy itself rejects complex arguments to floor,
# arctan2, hypot, logaddexp, cbrt, fabs, heaviside and mod; maximum, minimum, clip, sort
# and max order complex values lexicographically, and their selection rules differentiate
# that). ``real_only`` is there for rules written for real values only (docs/extending.md).


# tangents of the helpers (forward over reverse)

linear_in(_real_only, "x")

for _helper in (real_adjoint, imag_adjoint, real_if_real):
    linear_in(_helper, "g")


@rule(_abs_slope)
def abs_slope_t(y, x):
    # d(conj(x) / |x|) = (conj(dx) - y * Re(y * dx)) / |x|, which is 0 for real x
    t[y] = ratio_or_zero(np.conj(t[x]) - y * np.real(y * t[x]), np.abs(x))


@rule(angle_slope)
def angle_slope_t(y, x, deg):
    # angle_slope(x) is -1j / x (times 180 / pi): its derivative is -y / x
    t[y] = ratio_or_zero(-t[x] * y, x)


@rule(sign_adjoint)
def sign_adjoint_t(y, g, x):
    t[y] = sign_adjoint(t[g], x) + sign_adjoint_dx(g, x, t[x])


@rule(sign_tangent)
def sign_tangent_t(y, v, x):
    t[y] = sign_tangent(t[v], x) + sign_tangent_dx(v, x, t[x])


@rule(vdot_left)
def vdot_left_t(y, g, a, b):
    t[y] = vdot_left(t[g], a, b) + vdot_left(g, a, t[b])


@rule(vdot_right)
def vdot_right_t(y, g, a, b):
    t[y] = vdot_right(t[g], a, b) + vdot_right(g, t[a], b)


@rule(array_astype)
def array_astype_t(y, x, dtype, *args):
    # x.astype(dtype) in generated reverse code: the cast of the tangent (real part for a
    # real dtype, none for an integer or boolean one)
    t[y] = astype_tangent(t[x], y)
