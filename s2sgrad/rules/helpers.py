"""Tangents of the runtime helpers that generated code calls and no other rule file uses.

Generated reverse code calls ``unbroadcast``, ``add``, ``part``...; their tangents make a
generated gradient differentiable again (forward over reverse: Hessians). Generated forward
code calls ``broadcast_tangent`` (forward over forward). Helpers used by one rule have their
tangent next to that rule.
"""

from __future__ import annotations

import numpy as np

from .. import runtime
from ..runtime import (
    add_or_concat_adjoint,
    mul_or_repeat_adjoint,
    mul_or_repeat_adjoint_tangent,
    output_seed,
    power_slope,
    power_term,
    power_term_dk,
    restore_value,
    safe_log,
    safe_log_slope,
    save_item,
)
from .registry import linear_in, nondifferentiable_object, rule, t

linear_in(runtime.add, "a", "b")
nondifferentiable_object(runtime.operand_check, "operand_check")  # checks an operand's class
nondifferentiable_object(runtime.item_check, "item_check")  # and a container's
linear_in(runtime.fresh_adjoint, "g")
linear_in(runtime.densify, "g")
linear_in(runtime.dense_cotangent, "g")
linear_in(runtime.snapshot, "value")
linear_in(runtime.array_operand, "v")
linear_in(runtime.part, "g")
linear_in(runtime.display_part, "g")
linear_in(runtime.pop_adjoint, "g")
linear_in(runtime.unbroadcast, "g")
linear_in(runtime.clip_adjoint, "g")
linear_in(runtime.finite_part, "g")
linear_in(runtime.real_like, "v")
linear_in(runtime.broadcast_tangent, "value")
linear_in(runtime.add_at_value, "g", "value")
linear_in(runtime.put_back, "xs", "item")


@rule(output_seed)
def output_seed_t(y, value, seed=None):
    # the seed passed in by a caller (a cotangent) carries the caller's tangent
    t[y] = t[seed]


@rule(safe_log)
def safe_log_t(y, x, power=None):
    t[y] = t[x] * safe_log_slope(x, power)


@rule(safe_log_slope)
def safe_log_slope_t(y, x, power=None):
    t[y] = -t[x] * y * y


# a zero tangent of the exponent k adds nothing (its factor is NaN where x < 0: a constant
# exponent passed through a dict of differentiated values, tests/test_real_programs_s11.py)
@rule(power_slope)
def power_slope_t(y, x, k):
    t[y] = t[x] * power_term(x, k, 2) + t[k] * power_term_dk(np.where(t[k] == 0, 1.0, x), k, 1)


@rule(power_term)
def power_term_t(y, x, k, n):
    t[y] = t[x] * power_term(x, k, n + 1) + t[k] * power_term_dk(np.where(t[k] == 0, 1.0, x), k, n)


# the list/tuple operator helpers and item saves of generated reverse code


@rule(add_or_concat_adjoint)
def _add_or_concat_adjoint_t(y, g, a, b):
    t[y] = add_or_concat_adjoint(t[g], a, b)


@rule(mul_or_repeat_adjoint)
def _mul_or_repeat_adjoint_t(y, g, a, b):
    t[y] = mul_or_repeat_adjoint_tangent(g, t[g], a, b, t[a], t[b])


@rule(save_item)
def _save_item_t(y, container, key):
    t[y] = save_item(t[container], key)


@rule(restore_value)
def _restore_value_t(y, container, key, saved):
    t[y] = restore_value(t[container], key, t[saved])
