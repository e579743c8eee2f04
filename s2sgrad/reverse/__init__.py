"""Reverse mode: a primal sweep that saves what the adjoint sweep reads, then the adjoint sweep.

    h = np.tanh(a)          ->   forward:  h = np.tanh(a)
    loss = np.sum(h)             backward: dh = reduce_adjoint(dloss, h, None, False)
                                           da = dh * (1.0 - h * h)

Generation runs in three steps:

1. each normal-form statement yields pseudo-statements in reverse order
   (``Acc``: add to an adjoint, ``Kill``: an overwritten value's adjoint is
   zero, ``Restore``: put back an overwritten primal value);
2. :func:`lower` turns them into assignments, tracking per adjoint whether it
   is still zero (first contribution is a plain assignment, not ``+``), whether
   it may be the scalar ``0.0``, and whether the array is private so it can be
   updated in place;
3. the primal values the adjoint sweep reads are saved where they are
   overwritten: in a variable outside loops, on a per-variable stack inside.

Modules, in the order the data flows: ``statements`` (step 1), ``calls`` and
``callees`` (the adjoints of calls), ``lowering`` (step 2), ``saves`` (step 3), ``generator``
(the assembly); ``pseudo`` holds the pseudo-statements.
"""

from __future__ import annotations

from .callees import UserFunction, _nested_user, _user_function
from .generator import ReverseGenerator
from .pseudo import _SEQUENCE_OPS, LoopInfo
from .saves import Save, SavePlan, Saves

__all__ = [
    "LoopInfo",
    "ReverseGenerator",
    "Save",
    "SavePlan",
    "Saves",
    "UserFunction",
    "_SEQUENCE_OPS",
    "_nested_user",
    "_user_function",
]
