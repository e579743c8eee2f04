"""The derivatives of autograd's ``fixed_point(f, a, x0, distance, tol)``
(:mod:`s2sgrad.compat.autograd.misc.fixed_points`), by the implicit function theorem.

With ``F(a, x) = f(a)(x)`` and its fixed point ``x* = F(a, x*)``:

- reverse mode: ``w = g + w F_x`` (itself a fixed point, iterated from zeros until
  ``distance`` of two iterates is at most ``tol``, as the primal is), then
  ``d a = w F_a``;
- forward mode: ``u = F_a da + F_x u``, iterated the same way, is the tangent of ``x*``;
- forward over reverse (second derivatives): along ``(dg, dx, da)``, with ``(r_a, r_x)``
  the derivative of ``(w F_a, w F_x)`` along ``(da, dx)`` for ``w`` held fixed, the
  tangent of ``w`` is ``z = dg + r_x + z F_x`` and that of ``d a`` is ``z F_a + r_a``.

``x0`` only starts the iteration: the fixed point, and so its derivative, do not depend
on it. The derivatives of ``F`` are made from the source of ``f`` (``f(a)(x)`` as one
function, :mod:`s2sgrad.applied`) by :mod:`s2sgrad.runtime.functions`.
"""

from __future__ import annotations

import numpy as np

from .functions import applied, function_jvp, function_vjp, function_vjp_jvp


def _zeros(x):
    return 0.0 if np.ndim(x) == 0 and not isinstance(x, np.ndarray) else np.zeros_like(x)


def _iterate(step, start, distance, tol):
    previous, x = start, step(start)
    while distance(x, previous) > tol:
        previous, x = x, step(x)
    return x


def fixed_point_adjoint(g, x, f, a, distance, tol):
    """``d a`` of ``x = fixed_point(f, a, x0, distance, tol)`` for the cotangent ``g``."""
    vjp_x = function_vjp(f(a), (x,))
    w = _iterate(lambda w: g + vjp_x((x,), w)[1][0], _zeros(x), distance, tol)
    both = applied(f)
    _, (da, _) = function_vjp(both, (a, x))((a, x), w)
    return da


def fixed_point_tangent(x, f, a, distance, tol, t_a):
    """The tangent of ``x = fixed_point(f, a, x0, distance, tol)`` along ``t_a``."""
    jvp = function_jvp(applied(f), (a, x))
    return _iterate(lambda u: jvp((a, x), (t_a, u))[1], _zeros(x), distance, tol)


def _moving(t, like):
    """A tangent from generated code, None for a zero (``0.0`` stands for any zero)."""
    if t is None or (type(t) is float and t == 0.0 and type(like) is not float):
        return None
    return t


def fixed_point_adjoint_tangent(g, x, f, a, distance, tol, t_g, t_x, t_a):
    """The derivative of :func:`fixed_point_adjoint` along the tangents of ``g``, ``x``
    and ``a`` (see the module docstring)."""
    vjp_x = function_vjp(f(a), (x,))
    w = _iterate(lambda w: g + vjp_x((x,), w)[1][0], _zeros(x), distance, tol)
    both = applied(f)
    t_a, t_x = _moving(t_a, a), _moving(t_x, x)
    (_, _), (r_a, r_x) = function_vjp_jvp(both, (a, x))((a, x), w, (t_a, t_x))
    t_g = _moving(t_g, g)
    start = r_x if t_g is None else t_g + r_x
    z = _iterate(lambda z: start + vjp_x((x,), z)[1][0], _zeros(x), distance, tol)
    _, (dz_a, _) = function_vjp(both, (a, x))((a, x), z)
    return _add_trees(dz_a, r_a)


def _add_trees(p, q):
    if isinstance(p, (tuple, list)):
        return type(p)(_add_trees(u, v) for u, v in zip(p, q))
    if isinstance(p, dict):
        return {k: _add_trees(p[k], q[k]) for k in p}
    return p + q
