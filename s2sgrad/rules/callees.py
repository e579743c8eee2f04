"""Calls of function values known only when the code runs (``ACTS[i](x)``,
``layer(x)`` in a loop over objects of several classes): the derivative of the callee
is made when the derivative runs (:mod:`s2sgrad.runtime.callees`)."""

from __future__ import annotations

from ..runtime import (
    called,
    called_adjoint,
    called_adjoint_tangent,
    called_tangent,
    no_second_derivative,
)
from .registry import d, rule, t


@rule(called, functions=("fn",))
def _called(y, fn, args, kw=None, moving=None):
    d[args] = called_adjoint(d[y], fn, args, kw, moving)
    t[y] = called_tangent(y, fn, args, kw, t[args], moving)


# second derivatives: forward mode over the adjoint (Hessians, grad of grad); forward over
# forward (jacfwd of jvp) is not implemented, an error when a tangent reaches it
@rule(called_adjoint, functions=("fn",))
def _called_adjoint(out, g, fn, args, kw, moving=None):
    t[out] = called_adjoint_tangent(g, fn, args, kw, t[g], t[args], moving)


@rule(called_tangent, functions=("fn",))
def _called_tangent(out, y, fn, args, kw, t_args, moving=None):
    t[out] = no_second_derivative(t[args], "a call of a function value") + no_second_derivative(
        t[t_args], "a call of a function value"
    )
