"""Python operators, builtins and the ``math`` module.

``operator.add``, ``sub``, ``mul``, ``truediv``, ``pow``, ``matmul``, ``neg`` and ``pos``
share the NumPy rules (a BinOp and the ufunc have the same derivative); the operator
functions are only keys for BinOp/UnaryOp nodes.
"""

from __future__ import annotations

import copy  # noqa: F401  (the tangent of copy.deepcopy names it)
import math
import operator

import gast
import numpy as np

from ..errors import NonDifferentiableError
from ..runtime import (
    abs_slope,
    add,
    builtin_sum_adjoint,
    builtin_sum_start_adjoint,
    changed_by,
    chosen,
    chosen_tangent,
    dot_items,
    initialised,
    log_of_base,
    loop_items,
    loop_items_adjoint,
    loop_items_tangent,
    new_object,
    object_with,
    object_with_adjoint,
    object_with_tangent,
    outside_attribute,
    outside_copy,
    outside_item,
    outside_log,
    outside_state,
    part,
    power_slope,
    ratio_or_zero,
    rebound_attribute,
    safe_log,
    scale_items,
    tree_field,
    tree_field_adjoint,
    tree_field_tangent,
    tree_node,
    tree_node_adjoint,
    tree_node_tangent,
    tree_replace,
    tree_replace_adjoint,
    tree_replace_tangent,
    unbroadcast,
    unstack,
)
from .registry import d, elementwise, linear, linear_in, nondifferentiable_object, rule, t

elementwise("operator.mod", lambda g, z, x, y: (g, -g * ((x - z) / y)))


# z = x - n y for an integer n (truncated, nearest): 1 in x, -n = -(x - z) / y in y
elementwise("math.fmod", lambda g, z, x, y: (g, -g * ((x - z) / y)), unbroadcast=False)
elementwise("math.remainder", lambda g, z, x, y: (g, -g * ((x - z) / y)), unbroadcast=False)


@rule("numpy.modf", "math.modf")
def modf_rule(y, x):
    # (the fractional part, the integral part): derivative 1 and 0 almost everywhere
    d[x] = part(d[y], 0)
    t[y] = (t[x], np.zeros_like(part(y, 1)))


@rule("builtins.divmod", "numpy.divmod")
def divmod_rule(y, x1, x2):
    # (x1 // x2, x1 % x2): the quotient is piecewise constant (derivative 0 almost
    # everywhere, as for np.floor_divide and in autograd), the remainder x1 - x2 * q
    q = part(y, 0)
    dr = part(d[y], 1)
    d[x1] = unbroadcast(dr, x1)
    d[x2] = unbroadcast(-dr * q, x2)
    t[y] = (np.zeros_like(q), t[x1] - t[x2] * q)


@rule("builtins.sum")
def builtin_sum(z, iterable, start=0):
    d[iterable] = builtin_sum_adjoint(d[z], iterable)
    d[start] = builtin_sum_start_adjoint(d[z], start)
    t[z] = sum(t[iterable], t[start])


@rule("math.fsum")
def math_fsum(z, iterable):
    # the sum, computed without rounding: the same derivative as sum's
    d[iterable] = builtin_sum_adjoint(d[z], iterable)
    t[z] = math.fsum(t[iterable])


@rule("builtins.max", "builtins.min")
def builtin_max(z, a, b):
    # by value, not identity: a loop-invariant or constant argument is a new object each
    # time; Python returns the first argument on a tie, so a has the derivative then.
    # Tuples and lists compare item by item and are returned whole (chosen)
    d[a] = chosen(d[z], z == a)
    d[b] = chosen(d[z], z != a)
    t[z] = chosen_tangent(t[a], t[b], z == a)


@linear("builtins.list", "builtins.tuple")
def builtin_list(z, iterable):
    d[iterable] = unstack(d[z], iterable)


linear_in(builtin_sum_adjoint, "g")
linear_in(builtin_sum_start_adjoint, "g")
linear_in(chosen, "g")
linear_in(chosen_tangent, "ta", "tb")


@linear("copy.deepcopy")
def deepcopy(y, x, memo=None):
    # a copy of the same structure, arrays and lists of its own (memo: an option)
    d[x] = d[y]


@rule(loop_items)
def loop_items_rule(y, seq):
    # for k in obj.attr of a value s2sgrad could not tell was a dict (normalize/loops.py)
    d[seq] = loop_items_adjoint(d[y], seq)
    t[y] = loop_items_tangent(t[seq], seq)


linear_in(loop_items_adjoint, "g")
linear_in(loop_items_tangent, "tseq")


@rule(tree_field)
def tree_field_rule(y, x, name):
    # p.w of a differentiated NamedTuple or dataclass (activity.lower_field_reads)
    d[x] = tree_field_adjoint(d[y], x, name)
    t[y] = tree_field_tangent(t[x], x, name)


linear_in(tree_field_adjoint, "g")
linear_in(tree_field_tangent, "tx")


@rule(tree_node)
def tree_node_rule(y, cls, names, *values):
    # Params(w, b=v) made from differentiated values (normalize.tree_call)
    d[values] = tree_node_adjoint(d[y], y, names)
    t[y] = tree_node_tangent(y, names, t[values])


@rule(tree_replace)
def tree_replace_rule(y, x, names, *values):
    # p._replace(b=v), dataclasses.replace(p, b=v)
    d[x] = tree_replace_adjoint(d[y], x, names)
    d[values] = tree_node_adjoint(d[y], y, names)
    t[y] = tree_replace_tangent(t[x], x, names, t[values])


linear_in(tree_node_adjoint, "g")
linear_in(tree_node_tangent, "tvalues")
linear_in(tree_replace_adjoint, "g")
linear_in(tree_replace_tangent, "tx", "tvalues")


@rule(object_with)
def object_with_rule(y, x, name, value):
    # self.a = v in the __init__ of an object made in the function (normalize/records.py)
    d[x] = object_with_adjoint(d[y], name)
    d[value] = tree_field_tangent(d[y], y, name)
    t[y] = object_with_tangent(t[x], name, t[value])


linear_in(object_with_adjoint, "g")
linear_in(object_with_tangent, "tx", "tvalue")
nondifferentiable_object(new_object, "new_object")  # the instance before __init__
nondifferentiable_object(initialised, "initialised")  # Cls.__init__ returning the instance
nondifferentiable_object(outside_log, "outside_log")  # LOG.append(v): normalize/outside_logs.py
nondifferentiable_object(outside_item, "outside_item")  # STATE[k] = v: the same
nondifferentiable_object(outside_attribute, "outside_attribute")  # self.n = v: the same
nondifferentiable_object(changed_by, "changed_by")  # obj.set_params(w): normalize/self_changes.py
nondifferentiable_object(outside_state, "outside_state")  # the object written back: the same
nondifferentiable_object(outside_copy, "outside_copy")  # the object followed: the same
nondifferentiable_object(rebound_attribute, "rebound_attribute")  # self.h += x: a check


elementwise("math.sin", lambda g, y, x: g * math.cos(x))
elementwise("math.cos", lambda g, y, x: -g * math.sin(x))
elementwise("math.tan", lambda g, y, x: g * (1.0 + y * y))
elementwise("math.tanh", lambda g, y, x: g * (1.0 - y * y))
elementwise("math.exp", lambda g, y, x: g * y)
elementwise("math.expm1", lambda g, y, x: g * (y + 1.0))
elementwise("math.log1p", lambda g, y, x: g / (1.0 + x))
elementwise("math.sqrt", lambda g, y, x: g / (2.0 * y))
elementwise("math.atan", lambda g, y, x: g / (1.0 + x * x))
elementwise("math.sinh", lambda g, y, x: g * math.cosh(x))
elementwise("math.cosh", lambda g, y, x: g * math.sinh(x))
elementwise("math.asin", lambda g, y, x: g / math.sqrt(1.0 - x * x))
elementwise("math.acos", lambda g, y, x: -g / math.sqrt(1.0 - x * x))
elementwise("math.asinh", lambda g, y, x: g / math.sqrt(x * x + 1.0))
elementwise("math.acosh", lambda g, y, x: g / math.sqrt(x * x - 1.0))
elementwise("math.atanh", lambda g, y, x: g / (1.0 - x * x))
elementwise("math.log2", lambda g, y, x: g / (x * math.log(2.0)))
elementwise("math.log10", lambda g, y, x: g / (x * math.log(10.0)))
elementwise("math.erf", lambda g, y, x: g * (2.0 / math.sqrt(math.pi)) * math.exp(-x * x))
elementwise("math.erfc", lambda g, y, x: -g * (2.0 / math.sqrt(math.pi)) * math.exp(-x * x))
elementwise("math.degrees", lambda g, y, x: g * (180.0 / math.pi))
elementwise("math.radians", lambda g, y, x: g * (math.pi / 180.0))
elementwise("math.fabs", lambda g, y, x: g * abs_slope(x))  # 0 at 0, as abs
if hasattr(math, "cbrt"):  # Python 3.11+
    elementwise("math.exp2", lambda g, y, x: g * y * math.log(2.0))
    elementwise("math.cbrt", lambda g, y, x: g / (3.0 * y * y))
elementwise(
    "math.atan2",
    lambda g, z, y, x: (g * x / (x * x + y * y), -g * y / (x * x + y * y)),
    unbroadcast=False,
)
elementwise(
    "math.pow", lambda g, z, x, y: (g * power_slope(x, y), g * z * safe_log(x)), unbroadcast=False
)


@rule("math.log")
def math_log(y, x, base=None):
    # log(x) / log(base), differentiable in both (no base: the natural logarithm)
    d[x] = d[y] / (x * log_of_base(base))
    d[base] = -d[y] * y / (base * log_of_base(base))
    t[y] = t[x] / (x * log_of_base(base)) - t[base] * y / (base * log_of_base(base))


@rule(log_of_base)
def log_of_base_t(y, base):
    t[y] = t[base] / base


@rule("math.hypot")
def math_hypot(y, *coordinates):
    # the length of a vector of any number of coordinates: each coordinate over the
    # length (0 at the origin, as np.hypot)
    d[coordinates] = scale_items(ratio_or_zero(d[y], y), coordinates)
    t[y] = ratio_or_zero(dot_items(coordinates, t[coordinates]), y)


@rule(scale_items)
def scale_items_t(r, c, xs):
    t[r] = add(scale_items(t[c], xs), scale_items(c, t[xs]))


@rule(dot_items)
def dot_items_t(r, xs, ts):
    t[r] = dot_items(t[xs], ts) + dot_items(xs, t[ts])


# operators whose result is piecewise constant in both operands: derivative 0 almost
# everywhere (as np.floor_divide, rules/nondiff.py, and in autograd)
ZERO_BINOPS = {"FloorDiv"}
BINOP_PRIMITIVES = {
    "Add": operator.add,
    "Sub": operator.sub,
    "Mult": operator.mul,
    "Div": operator.truediv,
    "Pow": operator.pow,
    "Mod": operator.mod,
    "MatMult": operator.matmul,
}
UNARY_PRIMITIVES = {"USub": operator.neg, "UAdd": operator.pos}


def operator_primitive(value, info, stmt) -> tuple:
    """``(primitive, operands)`` of the operator expression ``value`` (``a + b``, ``-a``) in
    statement ``stmt`` of the function ``info`` describes, for both modes: the primitive is
    None for a unary operator without a derivative (``not a``, ``~a``) and for ``a // b``
    (piecewise constant); another binary one without (``a & b``) is a
    NonDifferentiableError at the user's line."""
    if isinstance(value, gast.BinOp):
        if type(value.op).__name__ in ZERO_BINOPS:
            return None, [value.left, value.right]
        fn = BINOP_PRIMITIVES.get(type(value.op).__name__)
        if fn is None:
            raise info.error(
                stmt,
                f"the operator {type(value.op).__name__} has no derivative",
                cls=NonDifferentiableError,
            )
        return fn, [value.left, value.right]
    return UNARY_PRIMITIVES.get(type(value.op).__name__), [value.operand]
