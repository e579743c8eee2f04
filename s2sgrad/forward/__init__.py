"""Forward mode: tangent statements interleaved with the primal ones.

    h = np.tanh(h_add)        ->   h = np.tanh(h_add)
                                   h_dot = h_add_dot * (1.0 - h * h)

The tangent of ``x`` is ``x_dot``. Each normal-form statement is followed by
the statements that compute its result's tangent from the tangents of its
operands, by the ``@tangent`` rule of the primitive it calls
(:mod:`s2sgrad.rules`). Nothing is saved, so loops and branches keep
their shape; lists get tangent lists that are appended to and popped in
lockstep; calls to user functions call their own ``<name>_jvp`` unit.

Generated gradients are ordinary Python that calls runtime helpers, which have
tangent rules too: transforming a generated function again gives forward over
reverse (Hessian-vector products) and forward over forward (third derivatives).

Modules: ``tangents`` (what needs a tangent), ``statements``, ``calls`` and
``callees`` (the tangents of statements and calls), ``generator`` (the assembly).
"""

from __future__ import annotations

from .generator import ForwardGenerator
from .tangents import FORWARD_HELPERS, prepare, validate

__all__ = [
    "FORWARD_HELPERS",
    "ForwardGenerator",
    "prepare",
    "validate",
]
