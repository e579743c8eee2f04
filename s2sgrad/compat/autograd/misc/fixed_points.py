"""``autograd.misc.fixed_points.fixed_point(f, a, x0, distance, tol)``: the fixed point
of ``x -> f(a)(x)`` iterated from ``x0`` until ``distance`` of two iterates is at most
``tol``, differentiable in ``a`` by the implicit function theorem (not through the
iterations), as in autograd, and twice in reverse mode (grad of grad, Hessians):
:mod:`s2sgrad.runtime.fixed_points`. ``f`` is a def or lambda of ``a`` returning the
step (a lambda or a def made in it)."""

from __future__ import annotations

from ....rules.registry import d, rule, t
from ....runtime import (
    fixed_point_adjoint,
    fixed_point_adjoint_tangent,
    fixed_point_tangent,
    no_second_derivative,
)


def fixed_point(f, a, x0, distance, tol):
    step = f(a)
    previous, x = x0, step(x0)
    while distance(x, previous) > tol:
        previous, x = x, step(x)
    return x


@rule(fixed_point, functions=("f", "distance"), constant=("f", "x0", "distance", "tol"))
def _fixed_point(x, f, a, x0, distance, tol):
    d[a] = fixed_point_adjoint(d[x], x, f, a, distance, tol)
    t[x] = fixed_point_tangent(x, f, a, distance, tol, t[a])


# second derivatives: forward mode over the code calling fixed_point_adjoint (a Hessian,
# grad of grad); not over fixed_point_tangent (forward over forward)
@rule(fixed_point_adjoint, functions=("f", "distance"))
def _fixed_point_adjoint(da, g, x, f, a, distance, tol):
    t[da] = fixed_point_adjoint_tangent(g, x, f, a, distance, tol, t[g], t[x], t[a])


@rule(fixed_point_tangent, functions=("f", "distance"))
def _fixed_point_tangent(u, x, f, a, distance, tol, t_a):
    t[u] = (
        no_second_derivative(t[x], "fixed_point")
        + no_second_derivative(t[a], "fixed_point")
        + no_second_derivative(t[t_a], "fixed_point")
    )


__all__ = ["fixed_point"]
