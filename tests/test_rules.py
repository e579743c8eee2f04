"""Every registered reverse rule against central finite differences and autograd.

``CASES`` maps each primitive's generated path (``prim.path``, e.g. ``"np.sin"``)
to small test functions and input generators chosen inside the function's
domain. ``test_every_rule_has_a_case`` fails when a rule is registered without
a case here, so a new rule cannot go untested.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import operator
import types
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads
from numpy import exp, log, tanh

import s2sgrad
import s2sgrad.rules
from s2sgrad.runtime import general_convolve

# -- the table ------------------------------------------------------------------------------


@dataclass
class Case:
    fn: object
    make_args: object  # rng -> tuple of arguments
    argnums: object
    autograd: bool | str  # True, or the reason autograd cannot be the oracle
    xfail: str | None  # a known bug in the s2sgrad core
    rtol: float
    atol: float


CASES: dict[str, list[Case]] = {}
EXTRA = "extra"  # patterns that are not one primitive (indexing, logsumexp, ...)


def case(*paths, args, argnums=0, autograd=True, xfail=None, rtol=1e-6, atol=1e-6):
    """Register the decorated function under each path, once per argument generator.

    ``autograd`` and ``xfail`` may be dicts from the index of a generator in ``args``
    to the reason, for limitations that only some inputs hit.
    """
    gens = args if isinstance(args, list) else [args]

    def pick(value, k, default):
        return value.get(k, default) if isinstance(value, dict) else value

    def register(fn):
        for path in paths:
            for k, g in enumerate(gens):
                CASES.setdefault(path, []).append(
                    Case(fn, g, argnums, pick(autograd, k, True), pick(xfail, k, None), rtol, atol)
                )
        return fn

    return register


# autograd limitations hit by some cases (the finite-difference check still runs)
DIAG_AG = "autograd's diag derivative assumes a square matrix"
DIAGONAL_AG = "autograd only differentiates np.diagonal with axis1=-1, axis2=-2"
SORT_AG = "autograd only differentiates np.sort of 1-D arrays"

# -- input generators ----------------------------------------------------------------------


def N(*shape):
    """Standard normal array (0-d when no shape)."""
    return lambda rng: np.asarray(rng.standard_normal(shape))


def U(lo, hi, *shape):
    return lambda rng: np.asarray(rng.uniform(lo, hi, shape))


def AWAY(lo, hi, *shape):
    """Random sign times uniform(lo, hi): away from zero."""
    return lambda rng: np.asarray(rng.uniform(lo, hi, shape) * rng.choice([-1.0, 1.0], shape))


def F(lo=-1.0, hi=1.0):
    """A Python float."""
    return lambda rng: float(rng.uniform(lo, hi))


def WELL(n, *batch):
    """Well-conditioned square matrices."""
    return lambda rng: rng.standard_normal(batch + (n, n)) + 3.0 * np.eye(n)


def gen(*specs):
    """Argument generator: callables get the rng, anything else is passed as is."""

    def make(rng):
        return tuple(s(rng) if callable(s) else s for s in specs)

    return make


# -- elementwise, one argument ------------------------------------------------------------

X34 = gen(N(3, 4))


@case("np.sin", args=[X34, gen(N()), gen(F())])
def f_sin(x):
    return np.sum(np.sin(x))


@case("np.sin", args=X34)
def f_numpy_sin(x):
    return numpy.sum(numpy.sin(x) * x)


@case("np.cos", args=[X34, gen(N(5))])
def f_cos(x):
    return np.sum(np.cos(x))


@case("np.tan", args=gen(U(-1.0, 1.0, 3, 4)))
def f_tan(x):
    return np.sum(np.tan(x))


@case("np.arcsin", args=gen(U(-0.9, 0.9, 3, 4)))
def f_arcsin(x):
    return np.sum(np.arcsin(x))


@case("np.arccos", args=gen(U(-0.9, 0.9, 3, 4)))
def f_arccos(x):
    return np.sum(np.arccos(x))


@case("np.arctan", args=X34)
def f_arctan(x):
    return np.sum(np.arctan(x))


@case("np.sinh", args=X34)
def f_sinh(x):
    return np.sum(np.sinh(x))


@case("np.cosh", args=X34)
def f_cosh(x):
    return np.sum(np.cosh(x))


@case("np.tanh", args=[X34, gen(F())])
def f_tanh(x):
    return np.sum(np.tanh(x))


@case("np.tanh", args=X34)
def f_tanh_imported(x):
    return np.sum(tanh(x) * x)


@case("np.arcsinh", args=X34)
def f_arcsinh(x):
    return np.sum(np.arcsinh(x))


@case("np.arccosh", args=gen(U(1.2, 3.0, 3, 4)))
def f_arccosh(x):
    return np.sum(np.arccosh(x))


@case("np.arctanh", args=gen(U(-0.9, 0.9, 3, 4)))
def f_arctanh(x):
    return np.sum(np.arctanh(x))


@case("np.exp", args=[X34, gen(F())])
def f_exp(x):
    return np.sum(np.exp(x))


@case("np.exp", args=X34)
def f_exp_imported(x):
    return np.sum(exp(x) * x)


@case("np.exp2", args=X34)
def f_exp2(x):
    return np.sum(np.exp2(x))


@case("np.expm1", args=X34)
def f_expm1(x):
    return np.sum(np.expm1(x))


POS34 = gen(U(0.5, 2.0, 3, 4))


@case("np.log", args=[POS34, gen(F(0.5, 2.0))])
def f_log(x):
    return np.sum(np.log(x))


@case("np.log", args=POS34)
def f_log_imported(x):
    return np.sum(log(x) * x)


@case("np.log", args=POS34)
def f_numpy_log(x):
    return numpy.sum(numpy.log(x) * x)


@case("np.log2", args=POS34)
def f_log2(x):
    return np.sum(np.log2(x))


@case("np.log10", args=POS34)
def f_log10(x):
    return np.sum(np.log10(x))


@case("np.log1p", args=gen(U(-0.5, 2.0, 3, 4)))
def f_log1p(x):
    return np.sum(np.log1p(x))


@case("np.sqrt", args=POS34)
def f_sqrt(x):
    return np.sum(np.sqrt(x))


@case("np.cbrt", args=gen(AWAY(0.5, 2.0, 3, 4)), autograd="autograd has no derivative of np.cbrt")
def f_cbrt(x):
    return np.sum(np.cbrt(x))


@case("np.square", args=X34)
def f_square(x):
    return np.sum(np.square(x) * x)


@case("np.reciprocal", args=gen(AWAY(0.5, 2.0, 3, 4)))
def f_reciprocal(x):
    return np.sum(np.reciprocal(x))


@case("np.abs", args=gen(AWAY(0.2, 2.0, 3, 4)))
def f_abs(x):
    return np.sum(np.abs(x) * x)


@case("np.abs", args=gen(AWAY(0.2, 2.0, 3, 4)))
def f_absolute(x):
    return np.sum(np.absolute(x) * x)


@case("np.fabs", args=gen(AWAY(0.2, 2.0, 3, 4)))
def f_fabs(x):
    return np.sum(np.fabs(x) * x)


@case("np.negative", args=X34)
def f_negative(x):
    return np.sum(np.negative(x) * np.sin(x))


@case("np.positive", args=X34, autograd="autograd has no derivative of np.positive")
def f_positive(x):
    return np.sum(np.positive(x) * np.sin(x))


@case("np.real", args=X34)
def f_real(x):
    return np.sum(np.real(x) * np.sin(x))


@case("np.deg2rad", args=X34)
def f_deg2rad(x):
    return np.sum(np.sin(np.deg2rad(x)))


@case("np.radians", args=X34)
def f_radians(x):
    return np.sum(np.sin(np.radians(x)))


@case("np.rad2deg", args=X34)
def f_rad2deg(x):
    return np.sum(np.sin(np.rad2deg(x) / 50.0))


@case("np.degrees", args=X34)
def f_degrees(x):
    return np.sum(np.sin(np.degrees(x) / 50.0))


@case("np.sinc", args=gen(AWAY(0.1, 2.0, 3, 4)))
def f_sinc(x):
    return np.sum(np.sinc(x))


# -- elementwise, two arguments: every broadcasting combination ---------------------------


def pairs(a, b):
    """Broadcasting shapes for a binary op; ``a``/``b`` make operands of a shape."""
    return [
        gen(a(3, 4), b(3, 4)),
        gen(a(3, 4), b(4)),
        gen(a(4), b(3, 4)),
        gen(a(3, 4), b(3, 1)),
        gen(a(3, 1), b(1, 4)),
        gen(a(2, 3, 4), b(3, 1)),
        gen(a(3, 4), b()),
        gen(a(), b(3, 4)),
        gen(a(3, 4), lambda rng: float(b()(rng))),
        gen(lambda rng: float(a()(rng)), b(3, 4)),
        gen(lambda rng: float(a()(rng)), lambda rng: float(b()(rng))),
    ]


def normal(*shape):
    return N(*shape)


def positive(*shape):
    return U(0.5, 2.0, *shape)


def nonzero(*shape):
    return AWAY(0.5, 2.0, *shape)


def exponent(*shape):
    return U(-1.5, 1.5, *shape)


def modulus(*shape):
    return U(0.7, 1.3, *shape)


NN = pairs(normal, normal)
AB = (0, 1)


@case("np.add", args=NN, argnums=AB)
def f_add(x, y):
    return np.sum(np.sin(np.add(x, y)))


@case("operator.add", args=NN, argnums=AB)
def f_op_add(x, y):
    return np.sum(np.sin(x + y))


@case("np.subtract", args=NN, argnums=AB)
def f_subtract(x, y):
    return np.sum(np.sin(np.subtract(x, y)))


@case("operator.sub", args=NN, argnums=AB)
def f_op_sub(x, y):
    return np.sum(np.sin(x - y))


@case("np.multiply", args=NN, argnums=AB)
def f_multiply(x, y):
    return np.sum(np.sin(np.multiply(x, y)))


@case("operator.mul", args=NN, argnums=AB)
def f_op_mul(x, y):
    return np.sum(np.sin(x * y))


@case("np.divide", args=pairs(normal, nonzero), argnums=AB)
def f_divide(x, y):
    return np.sum(np.sin(np.divide(x, y)))


@case("np.divide", args=gen(N(3, 4), AWAY(0.5, 2.0, 4)), argnums=AB)
def f_true_divide(x, y):
    return np.sum(np.sin(np.true_divide(x, y)))


@case("operator.truediv", args=pairs(normal, nonzero), argnums=AB)
def f_op_truediv(x, y):
    return np.sum(np.sin(x / y))


@case("np.power", args=pairs(positive, exponent), argnums=AB)
def f_power(x, y):
    return np.sum(np.power(x, y))


@case(
    "np.float_power",
    args=pairs(positive, exponent),
    argnums=AB,
    autograd="autograd has no derivative of np.float_power",
)
def f_float_power(x, y):
    return np.sum(np.float_power(x, y))


@case("operator.pow", args=pairs(positive, exponent), argnums=AB)
def f_op_pow(x, y):
    return np.sum(x**y)


@case("operator.pow", args=[X34, gen(F())])
def f_op_pow_const(x):
    return np.sum(x**3 + x**2.0) + np.sum(x**1)


@case("np.maximum", args=NN, argnums=AB)
def f_maximum(x, y):
    return np.sum(np.sin(np.maximum(x, y)))


@case("np.fmax", args=NN, argnums=AB)
def f_fmax(x, y):
    return np.sum(np.sin(np.fmax(x, y)))


@case("np.minimum", args=NN, argnums=AB)
def f_minimum(x, y):
    return np.sum(np.sin(np.minimum(x, y)))


@case("np.fmin", args=NN, argnums=AB)
def f_fmin(x, y):
    return np.sum(np.sin(np.fmin(x, y)))


@case("np.maximum", args=X34)
def f_relu(x):
    return np.sum(np.maximum(x, 0.0) * x)


@case("np.arctan2", args=pairs(nonzero, nonzero), argnums=AB)
def f_arctan2(x, y):
    return np.sum(np.arctan2(x, y))


@case("np.hypot", args=pairs(nonzero, nonzero), argnums=AB)
def f_hypot(x, y):
    return np.sum(np.hypot(x, y))


@case("np.logaddexp", args=NN, argnums=AB)
def f_logaddexp(x, y):
    return np.sum(np.logaddexp(x, y))


@case("np.logaddexp2", args=NN, argnums=AB)
def f_logaddexp2(x, y):
    return np.sum(np.logaddexp2(x, y))


@case("np.mod", args=pairs(normal, modulus), argnums=AB)
def f_mod(x, y):
    return np.sum(np.sin(np.mod(x, y)))


@case("np.mod", args=gen(N(3, 4), U(0.7, 1.3, 4)), argnums=AB)
def f_remainder(x, y):
    return np.sum(np.sin(np.remainder(x, y)))


@case("operator.mod", args=pairs(normal, modulus), argnums=AB)
def f_op_mod(x, y):
    return np.sum(np.sin(x % y))


DIVMOD_AG = "autograd has no derivative of divmod"


@case("divmod", args=pairs(normal, modulus), argnums=AB, autograd=DIVMOD_AG)
def f_divmod(x, y):
    q, r = divmod(x, y)
    return np.sum(np.sin(r) + q * r)


@case("np.divmod", args=pairs(normal, modulus), argnums=AB, autograd=DIVMOD_AG)
def f_np_divmod(x, y):
    q, r = np.divmod(x, y)
    return np.sum(np.sin(r) * (q + 2.0))


@case("operator.neg", args=[X34, gen(F())])
def f_op_neg(x):
    return np.sum(-x * np.sin(x)) + np.sum(-np.cos(x))


@case("operator.pos", args=[X34, gen(F())], autograd="autograd boxes have no unary +")
def f_op_pos(x):
    return np.sum(+x * np.sin(x))


# -- where / clip ------------------------------------------------------------------------


@case(
    "np.where",
    args=[gen(N(3, 4), N(3, 4)), gen(N(3, 4), N(4)), gen(N(3, 4), F())],
    argnums=AB,
    autograd={
        1: "autograd's where does not unbroadcast",
        2: "autograd's where does not unbroadcast",
    },
)
def f_where(x, y):
    return np.sum(np.sin(np.where(x > 0, x, y)))


@case("np.where", args=X34)
def f_where_const(x):
    return np.sum(np.where(x > 0.0, x * x, 0.0)) + np.sum(np.where(x < 0.0, 1.0, np.sin(x)))


@case("np.clip", args=X34)
def f_clip(x):
    return np.sum(np.sin(np.clip(x, -0.5, 0.5)) * x)


@case("np.clip", args=X34, autograd="autograd cannot clip with a None bound")
def f_clip_upper(x):
    return np.sum(np.clip(x, None, 0.3) * x)


@case(
    "np.clip",
    args=gen(N(3, 4), U(-0.8, -0.2, 4), U(0.2, 0.8, 3, 1)),
    argnums=(0, 1, 2),
    autograd="autograd's clip has no derivative with respect to the bounds",
)
def f_clip_arrays(x, lo, hi):
    return np.sum(np.sin(np.clip(x, lo, hi)) * x)


# -- reductions --------------------------------------------------------------------------

X234 = gen(N(2, 3, 4))
NZ234 = gen(AWAY(0.5, 1.5, 2, 3, 4))


@case("np.sum", args=[X34, X234])
def f_sum(x):
    return np.sum(np.sin(x)) * np.sum(x)


@case("np.sum", args=X234)
def f_sum_axis(x):
    return np.sum(np.sin(np.sum(x, axis=1)))


@case("np.sum", args=X234)
def f_sum_neg_axis(x):
    return np.sum(np.sin(np.sum(x, axis=-1)))


@case("np.sum", args=X234)
def f_sum_tuple_axis(x):
    return np.sum(np.sin(np.sum(x, axis=(0, 2))))


@case("np.sum", args=X234)
def f_sum_keepdims(x):
    return np.sum(np.sin(np.sum(x, axis=1, keepdims=True) * x))


@case("np.sum", args=X234)
def f_sum_keepdims_all(x):
    return np.sum(np.sin(np.sum(x, keepdims=True) * x))


@case("np.sum", args=X234)
def f_sum_method(x):
    return np.sum(np.sin(x.sum(axis=0))) + x.sum() ** 2


@case("np.sum", args=X234)
def f_numpy_sum(x):
    return numpy.sum(numpy.sin(numpy.sum(x, axis=(1, 2))))


@case("np.mean", args=[X34, X234])
def f_mean(x):
    return np.mean(np.sin(x)) * np.mean(x)


@case("np.mean", args=X234)
def f_mean_axis(x):
    return np.sum(np.sin(np.mean(x, axis=-2)))


@case("np.mean", args=X234)
def f_mean_tuple_keepdims(x):
    return np.sum(np.sin(np.mean(x, axis=(0, 2), keepdims=True) * x))


@case("np.mean", args=X234)
def f_mean_method(x):
    return x.mean() ** 2 + np.sum(np.sin(x.mean(axis=1)))


@case("np.prod", args=[gen(AWAY(0.5, 1.5, 3, 4)), NZ234])
def f_prod(x):
    return np.prod(x)


@case("np.prod", args=NZ234)
def f_prod_axis(x):
    return np.sum(np.sin(np.prod(x, axis=1)))


@case("np.prod", args=NZ234)
def f_prod_tuple_keepdims(x):
    return np.sum(np.sin(np.prod(x, axis=(0, -1), keepdims=True) * x))


@case("np.prod", args=NZ234)
def f_prod_method(x):
    return np.sum(np.sin(x.prod(axis=-1)))


@case("np.max", args=[X34, X234])
def f_max(x):
    return np.max(x) * np.max(np.sin(x))


@case("np.max", args=X234)
def f_max_axis(x):
    return np.sum(np.sin(np.max(x, axis=1)))


@case("np.max", args=X234)
def f_max_neg_tuple(x):
    return np.sum(np.sin(np.max(x, axis=(0, -1))))


@case("np.max", args=X234)
def f_max_keepdims(x):
    return np.sum(np.sin(x - np.max(x, axis=2, keepdims=True)))


@case("np.max", args=X234)
def f_max_method(x):
    return x.max() + np.sum(np.sin(x.max(axis=0)))


@case("np.amax", args=X234)
def f_amax(x):
    return np.sum(np.sin(np.amax(x, axis=1))) + np.amax(x)


@case("np.min", args=[X34, X234])
def f_min(x):
    return np.min(x) * np.min(np.sin(x))


@case("np.min", args=X234)
def f_min_axis(x):
    return np.sum(np.sin(np.min(x, axis=-1)))


@case("np.min", args=X234)
def f_min_tuple_keepdims(x):
    return np.sum(np.sin(x * np.min(x, axis=(0, 1), keepdims=True)))


@case("np.min", args=X234)
def f_min_method(x):
    return x.min() + np.sum(np.sin(x.min(axis=1)))


@case("np.amin", args=X234)
def f_amin(x):
    return np.sum(np.sin(np.amin(x, axis=0))) + np.amin(x)


@case("np.var", args=[X34, X234])
def f_var(x):
    return np.var(x)


@case("np.var", args=X234)
def f_var_axis(x):
    return np.sum(np.sin(np.var(x, axis=1)))


@case("np.var", args=X234)
def f_var_tuple_keepdims(x):
    return np.sum(np.sin(np.var(x, axis=(0, 2), keepdims=True) * x))


@case("np.var", args=X234)
def f_var_ddof(x):
    return np.sum(np.sin(np.var(x, axis=-1, ddof=1))) + np.var(x, ddof=1)


@case("np.var", args=X234)
def f_var_method(x):
    return x.var() + np.sum(np.sin(x.var(axis=0)))


@case("np.std", args=[X34, X234])
def f_std(x):
    return np.std(x)


@case("np.std", args=X234)
def f_std_axis(x):
    return np.sum(np.sin(np.std(x, axis=-1)))


@case("np.std", args=X234)
def f_std_tuple_keepdims(x):
    return np.sum(np.sin(np.std(x, axis=(1, 2), keepdims=True) * x))


@case("np.std", args=X234)
def f_std_ddof(x):
    return np.sum(np.sin(np.std(x, axis=0, ddof=1))) + np.std(x, ddof=1)


@case("np.std", args=X234)
def f_std_method(x):
    return x.std() + np.sum(np.sin(x.std(axis=1)))


@case("np.cumsum", args=[gen(N(6)), X34])
def f_cumsum(x):
    return np.sum(np.sin(np.cumsum(x)))


@case("np.cumsum", args=X234)
def f_cumsum_axis(x):
    return np.sum(np.sin(np.cumsum(x, axis=1)))


@case("np.cumsum", args=X234)
def f_cumsum_neg_axis(x):
    return np.sum(np.sin(np.cumsum(x, axis=-1)))


@case("np.cumsum", args=X234)
def f_cumsum_method(x):
    return np.sum(np.sin(x.cumsum(axis=0)))


@case(
    "np.cumprod",
    args=[gen(AWAY(0.5, 1.5, 6)), gen(AWAY(0.5, 1.5, 3, 4))],
    autograd="autograd has no derivative of np.cumprod",
)
def f_cumprod(x):
    return np.sum(np.sin(np.cumprod(x)))


@case("np.cumprod", args=NZ234, autograd="autograd has no derivative of np.cumprod")
def f_cumprod_axis(x):
    return np.sum(np.sin(np.cumprod(x, axis=1)))


@case("np.cumprod", args=NZ234, autograd="autograd has no derivative of np.cumprod")
def f_cumprod_neg_axis(x):
    return np.sum(np.sin(np.cumprod(x, axis=-1)))


@case("np.trace", args=[X34, gen(N(4, 4))])
def f_trace(x):
    return np.trace(x) * np.trace(np.sin(x))


@case("np.trace", args=gen(N(4, 5)))
def f_trace_offset(x):
    return np.trace(x, offset=1) * np.trace(np.sin(x), -1)


@case("np.trace", args=gen(N(3, 2, 3)), autograd="autograd's trace takes no axis1/axis2")
def f_trace_axes(x):
    return np.sum(np.sin(np.trace(x, axis1=0, axis2=2)))


@case("np.trace", args=gen(N(4, 4)))
def f_trace_method(x):
    return x.trace() * np.trace(x)


# -- products ----------------------------------------------------------------------------

MATMUL_SHAPES = [
    gen(N(3, 4), N(4, 5)),
    gen(N(4), N(4, 5)),
    gen(N(3, 4), N(4)),
    gen(N(4), N(4)),
    gen(N(2, 3, 4), N(2, 4, 5)),
    gen(N(2, 3, 4), N(4, 5)),
    gen(N(3, 4), N(2, 4, 5)),
    gen(N(2, 1, 3, 4), N(3, 4, 2)),
    gen(N(2, 3, 4), N(4)),
    gen(N(4), N(2, 4, 5)),
]


@case("np.matmul", args=MATMUL_SHAPES, argnums=AB)
def f_matmul(x, y):
    return np.sum(np.sin(np.matmul(x, y)))


@case("operator.matmul", args=MATMUL_SHAPES, argnums=AB)
def f_op_matmul(x, y):
    return np.sum(np.sin(x @ y))


DOT_SHAPES = [
    gen(N(3, 4), N(4, 5)),
    gen(N(4), N(4, 5)),
    gen(N(3, 4), N(4)),
    gen(N(4), N(4)),
    gen(N(3, 4), N()),
    gen(N(), N(3, 4)),
]


@case("np.dot", args=DOT_SHAPES, argnums=AB)
def f_dot(x, y):
    return np.sum(np.sin(np.dot(x, y)))


@case("np.dot", args=DOT_SHAPES[:4], argnums=AB, autograd="autograd boxes have no .dot method")
def f_dot_method(x, y):
    return np.sum(np.sin(x.dot(y)))


@case(
    "np.outer",
    args=[gen(N(3), N(4)), gen(N(2, 3), N(4))],
    argnums=AB,
    autograd={1: "autograd's outer derivative does not flatten 2-D inputs"},
)
def f_outer(x, y):
    return np.sum(np.sin(np.outer(x, y)))


@case(
    "np.inner",
    args=[
        gen(N(4), N(4)),
        gen(N(3, 4), N(4)),
        gen(N(3, 4), N(5, 4)),
        gen(N(2, 3, 4), N(5, 4)),
        gen(N(3, 4), N()),
        gen(N(4), N(2, 5, 4)),
    ],
    argnums=AB,
)
def f_inner(x, y):
    return np.sum(np.sin(np.inner(x, y)))


@case("np.tensordot", args=[gen(N(2, 3, 4), N(3, 4, 5)), gen(N(3, 4), N(3, 4))], argnums=AB)
def f_tensordot(x, y):
    return np.sum(np.sin(np.tensordot(x, y)))


@case("np.tensordot", args=gen(N(2, 3, 4), N(4, 5)), argnums=AB)
def f_tensordot_int(x, y):
    return np.sum(np.sin(np.tensordot(x, y, axes=1)))


@case("np.tensordot", args=gen(N(2, 3, 4), N(3, 5, 2)), argnums=AB)
def f_tensordot_pairs(x, y):
    return np.sum(np.sin(np.tensordot(x, y, axes=([1, 0], [0, 2]))))


@case("np.tensordot", args=gen(N(2, 3, 4), N(5, 4)), argnums=AB)
def f_tensordot_single(x, y):
    return np.sum(np.sin(np.tensordot(x, y, axes=(2, 1))))


@case("np.tensordot", args=gen(N(3), N(4)), argnums=AB)
def f_tensordot_outer(x, y):
    return np.sum(np.sin(np.tensordot(x, y, axes=0)))


@case("np.einsum", args=gen(N(3, 4), N(4, 5)), argnums=AB)
def f_einsum_matmul(x, y):
    return np.sum(np.sin(np.einsum("ij,jk->ik", x, y)))


@case("np.einsum", args=gen(N(3, 4), N(4, 5)), argnums=AB)
def f_einsum_implicit(x, y):
    return np.sum(np.sin(np.einsum("ij,jk", x, y)))


@case("np.einsum", args=gen(N(3, 4), N(3, 4)), argnums=AB)
def f_einsum_full(x, y):
    return np.einsum("ij,ij->", x, y) ** 2


@case("np.einsum", args=gen(N(3, 4)))
def f_einsum_single(x):
    return np.sum(np.sin(np.einsum("ij->j", x))) + np.sum(np.sin(np.einsum("ij->ji", x)))


@case("np.einsum", args=gen(N(2, 3, 4), N(2, 4)), argnums=AB)
def f_einsum_batch(x, y):
    return np.sum(np.sin(np.einsum("bij,bj->bi", x, y)))


@case("np.einsum", args=gen(N(3, 4), N(4, 5), N(5, 2)), argnums=(0, 1, 2))
def f_einsum_three(x, y, z):
    return np.sum(np.sin(np.einsum("ij,jk,kl->il", x, y, z)))


@case("np.einsum", args=gen(N(3, 4), N(5)), argnums=AB)
def f_einsum_summed_out(x, y):
    return np.sum(np.sin(np.einsum("ij,k->i", x, y)))


@case("np.einsum", args=gen(N(3, 4), N(4, 5), N(5, 2)), argnums=(0, 1, 2))
def f_einsum_optimize(x, y, z):
    # keyword-only options after *operands (issue 12): every optimize= form
    return (
        np.sum(np.sin(np.einsum("ij,jk,kl->il", x, y, z, optimize=True)))
        + np.sum(np.einsum("ij,jk,kl->il", x, y, z, optimize="greedy") ** 2)
        + np.sum(np.einsum("ij,jk,kl", x, y, z, optimize="optimal"))
        + np.sum(
            np.cos(
                np.einsum(
                    x,
                    [0, 1],
                    y,
                    [1, 2],
                    z,
                    [2, 3],
                    [0, 3],
                    optimize=["einsum_path", (1, 2), (0, 1)],
                )
            )
        )
    )


@case(
    "np.einsum",
    args=gen(N(3, 4), N(4, 5), N(5, 2)),
    argnums=(0, 1, 2),
    autograd="autograd cannot trace np.einsum_path",
)
def f_einsum_path(x, y, z):
    path = np.einsum_path("ij,jk,kl->il", x, y, z)[0]
    return np.sum(np.cos(np.einsum("ij,jk,kl->il", x, y, z, optimize=path)))


@case(
    "np.meshgrid",
    args=gen(N(3), N(2)),
    argnums=AB,
    autograd="autograd has no derivative of np.meshgrid",
)
def f_meshgrid(x, y):
    gx, gy = np.meshgrid(x, y)
    ix, iy = np.meshgrid(x, y, indexing="ij")
    return np.sum(np.sin(gx) * gy**2) + np.sum(ix * np.tanh(iy))


@case(
    "np.meshgrid",
    args=gen(N(3), N(2), N(2, 2)),
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.meshgrid",
)
def f_meshgrid_sparse_three(x, y, z):
    a, b, c = np.meshgrid(x, y, z, sparse=True)
    e, f, g = np.meshgrid(x, y, z, indexing="ij", copy=False)
    return np.sum(np.sin(a * b) * c) + np.sum(e * f**2 * np.cos(g))


@case(
    "np.broadcast_arrays",
    args=gen(N(3, 1), N(4), N()),
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.broadcast_arrays",
)
def f_broadcast_arrays(x, y, z):
    a, b, c = np.broadcast_arrays(x, y, z)
    p, q = np.broadcast_arrays(x, y, subok=True)
    return np.sum(np.sin(a) * b * c) + np.sum(p * q**2)


class _FieldPair(NamedTuple):
    a: object
    b: object = 0.5


@dataclass(frozen=True)
class _FieldBox:
    inner: _FieldPair
    c: object


@case("tree_field", "tree_node", "tree_replace", args=gen(N(3), N(3), N()), argnums=(0, 1, 2))
def f_field(x, y, z):
    # trees made, replaced and read in the function (issue 12; more in tests/test_trees.py)
    box = _FieldBox(_FieldPair(x, y * 2.0), z)
    other = box.inner._replace(b=np.sin(box.inner.b))
    again = dataclasses.replace(box, c=z * z)
    return (
        np.sum(box.inner.a * np.sin(box.inner.b)) * box.c
        + np.sum(other.b**2)
        + np.sum(again.c * _FieldPair(x).b * again.inner.a)
    )


def _items_sum(seq):
    s = 0.0
    for v in seq:  # a parameter: a list or a dict, seen when the code runs (loop_items)
        s = s + np.sum(np.sin(v) * v)
    return s


def _keys_sum(d):
    s = 0.0
    for k in d:
        s = s + np.sum(d[k] ** 2)
    return s


@case("loop_items", args=gen(N(3), N(3), N()), argnums=(0, 1, 2))
def f_loop_items(x, y, z):
    return _items_sum([x, y * z]) + _items_sum((y,)) * _keys_sum({"a": x * z, "b": y})


class _Made:
    def __init__(self, w, b):
        self.w = w * 2.0
        self.b = np.sin(b)

    def apply(self, x):
        return np.tanh(self.w * x + self.b)


@case("object_with", args=gen(N(3), N(3), N(3)), argnums=(0, 1, 2), autograd=True)
def f_object_with(x, w, b):
    # an object of a user class made in the function (normalize.records): its __init__'s
    # self.a = v become object_with(self, "a", v)
    return np.sum(_Made(w, b).apply(x) ** 2)


# -- shape -------------------------------------------------------------------------------


@case("np.reshape", args=X34)
def f_reshape(x):
    return np.sum(np.sin(np.reshape(x, (4, 3))) * np.arange(12.0).reshape(4, 3))


@case("np.reshape", args=X234)
def f_reshape_method(x):
    return np.sum(np.sin(x.reshape(6, 4)) * np.arange(24.0).reshape(6, 4)) + np.sum(
        np.sin(x.reshape(-1)) * np.arange(24.0)
    )


@case("np.reshape", args=X34)
def f_reshape_order(x):
    return np.sum(np.sin(np.reshape(x, (2, 6), order="F")) * np.arange(12.0).reshape(2, 6))


@case("np.ravel", args=X34)
def f_ravel(x):
    return np.sum(np.sin(np.ravel(x)) * np.arange(12.0))


@case("np.ravel", args=X34)
def f_ravel_method(x):
    return np.sum(np.sin(x.ravel()) * np.arange(12.0))


@case("np.squeeze", args=gen(N(3, 1, 4)))
def f_squeeze(x):
    return np.sum(np.sin(np.squeeze(x)) * np.arange(12.0).reshape(3, 4))


@case("np.squeeze", args=gen(N(3, 1, 4, 1)))
def f_squeeze_axis(x):
    return np.sum(np.sin(np.squeeze(x, axis=1)) * np.arange(12.0).reshape(3, 4, 1))


@case("np.expand_dims", args=X34)
def f_expand_dims(x):
    return np.sum(np.sin(np.expand_dims(x, 1)) * np.arange(4.0))


@case("np.atleast_1d", args=[gen(N()), gen(N(3))])
def f_atleast_1d(x):
    return np.sum(np.sin(np.atleast_1d(x)))


@case("np.atleast_2d", args=[gen(N(3)), X34])
def f_atleast_2d(x):
    return np.sum(np.sin(np.atleast_2d(x)) * np.arange(3.0)[:, None])


@case("np.atleast_3d", args=[gen(N(3)), X34])
def f_atleast_3d(x):
    return np.sum(np.sin(np.atleast_3d(x)) * np.arange(1.0, 4.0)[:, None, None])


@case("np.transpose", args=X34)
def f_transpose(x):
    return np.sum(np.sin(np.transpose(x)) * np.arange(12.0).reshape(4, 3))


@case("np.transpose", args=X234)
def f_transpose_axes(x):
    return np.sum(np.sin(np.transpose(x, (1, 2, 0))) * np.arange(24.0).reshape(3, 4, 2))


@case("np.transpose", args=X34)
def f_dot_T(x):
    return np.sum(np.sin(x.T) * np.arange(12.0).reshape(4, 3)) + np.sum(np.sin(x.T @ x))


@case("np.transpose", args=X234, autograd="autograd boxes take no varargs in .transpose()")
def f_transpose_method(x):
    return np.sum(np.sin(x.transpose(2, 0, 1)) * np.arange(24.0).reshape(4, 2, 3))


@case(
    "np.transpose", args=X234, autograd="autograd's transpose derivative is wrong for negative axes"
)
def f_transpose_neg_axes(x):
    return np.sum(np.sin(np.transpose(x, (-1, 0, 1))) * np.arange(24.0).reshape(4, 2, 3))


@case("np.swapaxes", args=X234)
def f_swapaxes(x):
    return np.sum(np.sin(np.swapaxes(x, 0, 2)) * np.arange(24.0).reshape(4, 3, 2))


@case("np.moveaxis", args=X234)
def f_moveaxis(x):
    return np.sum(np.sin(np.moveaxis(x, 0, -1)) * np.arange(24.0).reshape(3, 4, 2))


@case("np.moveaxis", args=X234)
def f_moveaxis_lists(x):
    return np.sum(np.sin(np.moveaxis(x, [0, 1], [-1, 0])) * np.arange(24.0).reshape(3, 4, 2))


@case(
    "np.broadcast_to",
    args=[gen(N(4)), gen(N(3, 1)), gen(N())],
    autograd={
        0: "autograd's broadcast_to cannot add leading axes",
        2: "autograd's broadcast_to cannot add leading axes",
    },
)
def f_broadcast_to(x):
    return np.sum(np.sin(np.broadcast_to(x, (3, 4)) * np.arange(12.0).reshape(3, 4)))


@case("np.concatenate", args=gen(N(2, 4), N(3, 4)), argnums=AB)
def f_concatenate(x, y):
    return np.sum(np.sin(np.concatenate([x, y])) * np.arange(20.0).reshape(5, 4))


@case("np.concatenate", args=gen(N(3, 2), N(3, 4)), argnums=AB)
def f_concatenate_axis(x, y):
    return np.sum(np.sin(np.concatenate((x, y, x), axis=1)) * np.arange(24.0).reshape(3, 8))


@case("np.concatenate", args=gen(N(3, 2), N(3, 4)), argnums=AB)
def f_concatenate_neg_axis(x, y):
    return np.sum(np.sin(np.concatenate([x, y], axis=-1)) * np.arange(18.0).reshape(3, 6))


@case(
    "np.concatenate",
    args=gen(N(3, 2), N(4)),
    argnums=AB,
    autograd="autograd's concatenate has no derivative for axis=None",
)
def f_concatenate_none(x, y):
    return np.sum(np.sin(np.concatenate([x, y], axis=None)) * np.arange(10.0))


@case("np.stack", args=gen(N(3, 4), N(3, 4)), argnums=AB)
def f_stack(x, y):
    return np.sum(np.sin(np.stack([x, y])) * np.arange(24.0).reshape(2, 3, 4))


@case("np.stack", args=gen(N(3, 4), N(3, 4)), argnums=AB)
def f_stack_axis(x, y):
    return np.sum(np.sin(np.stack((x, y, x), axis=1)) * np.arange(36.0).reshape(3, 3, 4))


@case("np.stack", args=gen(N(3, 4), N(3, 4)), argnums=AB)
def f_stack_neg_axis(x, y):
    return np.sum(np.sin(np.stack([x, y], axis=-1)) * np.arange(24.0).reshape(3, 4, 2))


@case("np.hstack", args=[gen(N(3), N(4)), gen(N(3, 2), N(3, 4))], argnums=AB)
def f_hstack(x, y):
    z = np.hstack([x, y])
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.vstack", args=[gen(N(4), N(4)), gen(N(2, 4), N(3, 4)), gen(N(4), N(2, 4))], argnums=AB)
def f_vstack(x, y):
    z = np.vstack((x, y))
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case(
    "np.tile",
    args=[gen(N(3)), X34, gen(N())],
    autograd={1: "autograd's tile derivative is wrong when reps has fewer axes than A"},
)
def f_tile(x):
    z = np.tile(x, 3)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.tile", args=[gen(N(3)), X34])
def f_tile_tuple(x):
    z = np.tile(x, (2, 1, 3))
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.repeat", args=[gen(N(4)), X34])
def f_repeat(x):
    return np.sum(np.sin(np.repeat(x, 3)) * np.arange(3.0 * x.size))


@case("np.repeat", args=X34)
def f_repeat_axis(x):
    return np.sum(np.sin(np.repeat(x, 2, axis=1)) * np.arange(24.0).reshape(3, 8))


@case("np.repeat", args=X34, autograd="autograd's repeat takes no array of repeats")
def f_repeat_array(x):
    return np.sum(np.sin(np.repeat(x, np.array([1, 0, 3]), axis=0)) * np.arange(4.0))


@case("np.repeat", args=gen(N(4)), autograd="autograd's repeat takes no list of repeats")
def f_repeat_array_flat(x):
    return np.sum(np.sin(np.repeat(x, [2, 1, 0, 3])) * np.arange(6.0))


@case("np.repeat", args=X34, autograd="autograd's repeat derivative is wrong for axis=-1")
def f_repeat_neg_axis(x):
    return np.sum(np.sin(x.repeat(2, axis=-1)) * np.arange(24.0).reshape(3, 8))


@case("np.flip", args=[gen(N(5)), X234], autograd="autograd has no derivative of np.flip")
def f_flip(x):
    z = np.flip(x)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.flip", args=X234, autograd="autograd has no derivative of np.flip")
def f_flip_axis(x):
    return np.sum(np.sin(np.flip(x, 1)) * np.arange(24.0).reshape(2, 3, 4))


@case("np.flip", args=X234, autograd="autograd has no derivative of np.flip")
def f_flip_tuple(x):
    return np.sum(np.sin(np.flip(x, axis=(0, -1))) * np.arange(24.0).reshape(2, 3, 4))


@case("np.fliplr", args=X34)
def f_fliplr(x):
    return np.sum(np.sin(np.fliplr(x)) * np.arange(12.0).reshape(3, 4))


@case("np.flipud", args=X34)
def f_flipud(x):
    return np.sum(np.sin(np.flipud(x)) * np.arange(12.0).reshape(3, 4))


@case("np.roll", args=[gen(N(5)), X34])
def f_roll(x):
    z = np.roll(x, 2)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.roll", args=X34)
def f_roll_axis(x):
    return np.sum(np.sin(np.roll(x, -1, axis=1)) * np.arange(12.0).reshape(3, 4))


@case("np.roll", args=X34)
def f_roll_neg_axis(x):
    return np.sum(np.sin(np.roll(x, 5, axis=-2)) * np.arange(12.0).reshape(3, 4))


@case("np.roll", args=X34, autograd="autograd's roll derivative takes no tuple shift")
def f_roll_tuple(x):
    return np.sum(np.sin(np.roll(x, (1, -2), axis=(0, 1))) * np.arange(12.0).reshape(3, 4))


@case("np.diag", args=[gen(N(4)), X34, gen(N(4, 3))], autograd={1: DIAG_AG, 2: DIAG_AG})
def f_diag(x):
    z = np.diag(x)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case(
    "np.diag", args=[gen(N(3)), X34, gen(N(4, 3)), gen(N(4, 4))], autograd={1: DIAG_AG, 2: DIAG_AG}
)
def f_diag_k(x):
    z = np.diag(x, 1)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.diag", args=[gen(N(3)), X34, gen(N(4, 3))], autograd={1: DIAG_AG, 2: DIAG_AG})
def f_diag_neg_k(x):
    z = np.diag(x, k=-1)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.diagonal", args=[X34, gen(N(4, 4))], autograd=DIAGONAL_AG)
def f_diagonal(x):
    z = np.diagonal(x)
    return np.sum(np.sin(z) * np.arange(1.0, z.size + 1.0))


@case("np.diagonal", args=X34, autograd=DIAGONAL_AG)
def f_diagonal_offset(x):
    return np.sum(np.sin(np.diagonal(x, 1)) * np.arange(1.0, 4.0)) + np.sum(np.sin(x.diagonal(-1)))


@case("np.diagonal", args=X234, autograd=DIAGONAL_AG)
def f_diagonal_axes(x):
    z = np.diagonal(x, 0, 0, 2)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.triu", args=[X34, gen(N(4, 4))])
def f_triu(x):
    return np.sum(np.sin(np.triu(x)) * x) + np.sum(np.sin(np.triu(x, 1)))


@case("np.triu", args=X34)
def f_triu_neg(x):
    return np.sum(np.sin(np.triu(x, k=-1)) * x)


@case("np.tril", args=[X34, gen(N(4, 4))])
def f_tril(x):
    return np.sum(np.sin(np.tril(x)) * x) + np.sum(np.sin(np.tril(x, -1)))


@case("np.tril", args=X34)
def f_tril_pos(x):
    return np.sum(np.sin(np.tril(x, k=1)) * x)


@case("np.sort", args=[gen(N(6)), X34], autograd={1: SORT_AG})
def f_sort(x):
    z = np.sort(x)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.sort", args=X34, autograd=SORT_AG)
def f_sort_axis(x):
    return np.sum(np.sin(np.sort(x, axis=0)) * np.arange(12.0).reshape(3, 4))


@case("np.sort", args=X34, autograd="autograd's sort has no derivative for axis=None")
def f_sort_none(x):
    return np.sum(np.sin(np.sort(x, axis=None)) * np.arange(12.0))


@case("np.take", args=X34, autograd="autograd has no derivative of np.take")
def f_take(x):
    return np.sum(np.sin(np.take(x, np.array([0, 5, 5, 11, 2]))) * np.arange(5.0))


@case("np.take", args=X34, autograd="autograd has no derivative of np.take")
def f_take_axis(x):
    return np.sum(np.sin(np.take(x, [3, 0, 3], axis=1)) * np.arange(9.0).reshape(3, 3))


@case("np.take", args=X234, autograd="autograd has no derivative of np.take")
def f_take_2d_indices(x):
    z = np.take(x, np.array([[0, 2], [2, 1]]), axis=1)
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.take", args=X34, autograd="autograd has no derivative of np.take")
def f_take_scalar(x):
    return np.sin(np.take(x, 7)) + np.sum(np.sin(np.take(x, 2, axis=-1)) * np.arange(3.0))


@case("np.copy", args=X34, autograd="autograd has no derivative of np.copy")
def f_copy(x):
    return np.sum(np.sin(np.copy(x)) * x)


@case("np.asarray", args=[X34, gen(F())], autograd="autograd has no derivative of np.asarray")
def f_asarray(x):
    return np.sum(np.sin(np.asarray(x)) * x)


@case("np.astype", args=X34, autograd="autograd has no np.astype")
def f_astype_function(x):
    y = np.astype(x, float, copy=False) * np.astype(x * 2.5, int) + np.astype(x, complex).real
    return np.sum(np.sin(y) * x)


@case("np.asanyarray", args=[X34, gen(F())], autograd="autograd has no derivative of np.asanyarray")
def f_asanyarray(x):
    return np.sum(np.sin(np.asanyarray(x)) * x)


@case("np.asfortranarray", args=X34, autograd="autograd has no derivative of np.asfortranarray")
def f_asfortranarray(x):
    return np.sum(np.sin(np.asfortranarray(x)) * x.T.T)


@case(
    "np.ascontiguousarray", args=X34, autograd="autograd has no derivative of np.ascontiguousarray"
)
def f_ascontiguousarray(x):
    return np.sum(np.sin(np.ascontiguousarray(x.T)) * x.T)


@case("np.float64", args=gen(F()), autograd="np.float64 cannot hold an autograd box")
def f_float64(x):
    return np.float64(x) * np.sin(np.float64(x))


@case("np.array", args=gen(F(), F()), argnums=AB)
def f_array_floats(x, y):
    return np.sum(np.sin(np.array([x, y, x * y])) * np.arange(1.0, 4.0))


@case("np.array", args=gen(N(3), N(3)), argnums=AB)
def f_array_arrays(x, y):
    return np.sum(np.sin(np.array([x, y])) * np.arange(6.0).reshape(2, 3))


@case(
    "np.full_like",
    args=gen(N(3, 4), F()),
    argnums=1,
    autograd="autograd has no derivative of np.full_like",
)
def f_full_like(x, v):
    return np.sum(np.sin(np.full_like(x, v) * x))


@case(
    "np.full_like",
    args=gen(N(3, 4), N(4)),
    argnums=AB,
    autograd="autograd has no derivative of np.full_like",
)
def f_full_like_array(x, v):
    return np.sum(np.sin(np.full_like(x, v) * x))


@case("np.full", args=gen(F()))
def f_full(v):
    return np.sum(np.sin(np.full((3, 4), v) * np.arange(12.0).reshape(3, 4)))


@case(
    "np.full",
    args=gen(N(4)),
    autograd="autograd's full gives a 0-d gradient for an array fill value",
)
def f_full_broadcast(v):
    return np.sum(np.sin(np.full((3, 4), v) * np.arange(12.0).reshape(3, 4)))


# -- linear algebra ----------------------------------------------------------------------


@case(
    "np.linalg.norm",
    args=[gen(N(5)), X34],
    autograd="autograd's norm derivative is checked in f_norm_ag",
)
def f_norm(x):
    return np.linalg.norm(x)


@case("np.linalg.norm", args=gen(N(5)))
def f_norm_ag(x):
    return np.linalg.norm(x) * np.linalg.norm(2.0 * x)


@case("np.linalg.norm", args=X34)
def f_norm_axis(x):
    return np.sum(np.sin(np.linalg.norm(x, axis=1)))


@case(
    "np.linalg.norm",
    args=X234,
    autograd="autograd's norm derivative breaks with keepdims=True and axis=-1",
)
def f_norm_neg_axis_keepdims(x):
    return np.sum(np.sin(x / np.linalg.norm(x, axis=-1, keepdims=True)))


@case("np.linalg.norm", args=X234)
def f_norm_tuple_axis(x):
    return np.sum(np.sin(np.linalg.norm(x, axis=(0, 2))))


@case("np.linalg.norm", args=X34)
def f_norm_fro(x):
    return np.linalg.norm(x, "fro") ** 2 + np.linalg.norm(x)


@case("np.linalg.norm", args=gen(N(5)))
def f_norm_ord2(x):
    return np.linalg.norm(x, ord=2)


@case("np.linalg.norm", args=X34)
def f_numpy_norm(x):
    return numpy.linalg.norm(numpy.sin(x))


@case("np.linalg.inv", args=[gen(WELL(3)), gen(WELL(3, 2))])
def f_inv(a):
    return np.sum(np.sin(np.linalg.inv(a)))


@case("np.linalg.det", args=[gen(WELL(3)), gen(WELL(1)), gen(WELL(4))])
def f_det(a):
    return np.linalg.det(a)


@case("np.linalg.det", args=gen(WELL(3, 2)))
def f_det_batched(a):
    return np.sum(np.sin(np.linalg.det(a)))


@case(
    "np.linalg.solve",
    args=[gen(WELL(3), N(3)), gen(WELL(3), N(3, 2)), gen(WELL(3, 2), N(2, 3, 4))],
    argnums=AB,
)
def f_solve(a, b):
    return np.sum(np.sin(np.linalg.solve(a, b)))


# -- Python builtins and math ----------------------------------------------------------


@case("abs", args=[gen(AWAY(0.2, 2.0)), gen(AWAY(0.2, 2.0, 3, 4))])
def f_builtin_abs(x):
    return np.sum(abs(x) * np.sin(x))


@case("abs", args=gen(F()))
def f_builtin_abs_float(x):
    return abs(x) * x + abs(-2.0 * x)


@case("float", args=[gen(F()), gen(N())], autograd="float() cannot hold an autograd box")
def f_builtin_float(x):
    return float(x) * math.sin(float(x))


@case("float", args=X34, autograd="float() cannot hold an autograd box")
def f_builtin_float_sum(x):
    return float(np.sum(np.sin(x))) ** 2


@case("list", args=X34)
def f_builtin_list(x):
    rows = list(x)
    return np.sum(np.sin(rows[0])) * np.sum(rows[2] ** 2)


@case("list", args=gen(F(), F()), argnums=AB)
def f_builtin_list_tuple(x, y):
    items = list((x, y))
    return items[0] * math.sin(items[1])


@case("tuple", args=X34)
def f_builtin_tuple(x):
    rows = tuple(x)
    return np.sum(np.sin(rows[1])) * np.sum(rows[0] * rows[2])


@case("sum", args=gen(N(3), N(3), F()), argnums=(0, 1, 2))
def f_builtin_sum(x, y, z):
    return np.sum(np.sin(sum([x, y * y, z])))


@case("sum", args=X34)
def f_builtin_sum_array(x):
    return np.sum(np.sin(sum(x)))


@case("sum", args=gen(F(), F()), argnums=AB)
def f_builtin_sum_start(x, y):
    return math.sin(sum([x, x * y], y))


@case("pow", args=[gen(U(0.5, 2.0, 3, 4), U(-1.5, 1.5, 3, 4)), gen(F(0.5, 2.0), F())], argnums=AB)
def f_builtin_pow(x, y):
    return np.sum(pow(x, y))


@case("pow", args=[X34, gen(F())])
def f_builtin_pow_int(x):
    return np.sum(pow(x, 3))


@case(
    "max",
    args=[gen(F(), F()), gen(F(-1.0, -0.5), F(0.5, 1.0)), gen(F(0.5, 1.0), F(-1.0, -0.5))],
    argnums=AB,
)
def f_builtin_max(x, y):
    return max(x, y) * math.sin(x)


@case("max", args=gen(F(), F()), argnums=AB)
def f_builtin_max_expr(x, y):
    return max(x * y, y) ** 2


@case(
    "min",
    args=[gen(F(), F()), gen(F(-1.0, -0.5), F(0.5, 1.0)), gen(F(0.5, 1.0), F(-1.0, -0.5))],
    argnums=AB,
)
def f_builtin_min(x, y):
    return min(x, y) * math.sin(y)


@case("min", args=gen(F(), F()), argnums=AB)
def f_builtin_min_expr(x, y):
    return min(x * y, y - 0.1) ** 2


FLOAT = gen(F())


@case("math.sin", args=FLOAT)
def f_math_sin(x):
    return math.sin(x) * x


@case("math.cos", args=FLOAT)
def f_math_cos(x):
    return math.cos(x) * x


@case("math.tan", args=FLOAT)
def f_math_tan(x):
    return math.tan(x) * x


@case("math.tanh", args=FLOAT)
def f_math_tanh(x):
    return math.tanh(x) * x


@case("math.exp", args=FLOAT)
def f_math_exp(x):
    return math.exp(x) * x


@case("math.expm1", args=FLOAT)
def f_math_expm1(x):
    return math.expm1(x) * x


@case("math.log", args=gen(F(0.5, 2.0)))
def f_math_log(x):
    return math.log(x) * x


@case("math.log1p", args=gen(F(-0.5, 2.0)))
def f_math_log1p(x):
    return math.log1p(x) * x


@case("math.sqrt", args=gen(F(0.5, 2.0)))
def f_math_sqrt(x):
    return math.sqrt(x) * x


@case("math.atan", args=FLOAT)
def f_math_atan(x):
    return math.atan(x) * x


@case("math.sinh", args=FLOAT)
def f_math_sinh(x):
    return math.sinh(x) * x


@case("math.cosh", args=FLOAT)
def f_math_cosh(x):
    return math.cosh(x) * x


@case("math.pow", args=gen(F(0.5, 2.0), F()), argnums=AB)
def f_math_pow(x, y):
    return math.pow(x, y) * x


MATH_MOD_AG = "autograd has no derivative of math.fmod, math.remainder and modf"


@case("math.fmod", args=gen(F(-3.0, 3.0), F(0.6, 0.9)), argnums=AB, autograd=MATH_MOD_AG)
def f_math_fmod(x, y):
    return math.fmod(x, y) ** 2 * x


@case("math.remainder", args=gen(F(-3.0, 3.0), F(0.6, 0.9)), argnums=AB, autograd=MATH_MOD_AG)
def f_math_remainder(x, y):
    return math.remainder(x, y) ** 2 + x * y


@case("math.modf", args=gen(F(-3.0, 3.0)), autograd=MATH_MOD_AG)
def f_math_modf(x):
    frac, whole = math.modf(x * 2.3)
    return frac**2 + whole * x


@case("np.modf", args=[X34, gen(F(-3.0, 3.0))], autograd=MATH_MOD_AG)
def f_np_modf(x):
    frac, whole = np.modf(x * 2.3)
    return np.sum(frac**2 + whole * x)


@case("math.hypot", args=gen(F(0.5, 2.0), F(-2.0, -0.5)), argnums=AB)
def f_math_hypot(x, y):
    return math.hypot(x, y) * x


@case("math.log", args=gen(F(0.5, 2.0), F(1.5, 3.0)), argnums=AB)
def f_math_log_base(x, base):
    # log(x) / log(base): a derivative in the base too
    return math.log(x, base) * x + math.log(x * x, 10) + math.log(3.0, base)


@case("math.hypot", args=gen(F(0.5, 2.0), F(-2.0, -0.5), F(-1.0, 1.0)), argnums=(0, 1, 2))
def f_math_hypot_three(x, y, z):
    # any number of coordinates (Python 3.8+): one, three, and a constant among them
    return math.hypot(x, y, z) * x + math.hypot(z) + math.hypot(x, 2.0, y, z) ** 2


@case("math.asin", args=gen(F(-0.9, 0.9)))
def f_math_asin(x):
    return math.asin(x) * x


@case("math.acos", args=gen(F(-0.9, 0.9)))
def f_math_acos(x):
    return math.acos(x) * x


@case("math.asinh", args=FLOAT)
def f_math_asinh(x):
    return math.asinh(x) * x


@case("math.acosh", args=gen(F(1.2, 3.0)))
def f_math_acosh(x):
    return math.acosh(x) * x


@case("math.atanh", args=gen(F(-0.9, 0.9)))
def f_math_atanh(x):
    return math.atanh(x) * x


@case(
    "math.atan2",
    args=[gen(F(0.5, 2.0), F(-2.0, 2.0)), gen(F(-2.0, -0.5), F(-2.0, -0.5))],
    argnums=AB,
)
def f_math_atan2(y, x):
    return math.atan2(y, x) * x + math.atan2(y * y, 1.5)


@case("math.log2", args=gen(F(0.5, 2.0)))
def f_math_log2(x):
    return math.log2(x) * x


@case("math.log10", args=gen(F(0.5, 2.0)))
def f_math_log10(x):
    return math.log10(x) * x


@case("math.erf", args=FLOAT)
def f_math_erf(x):
    return math.erf(x) * x


@case("math.erfc", args=FLOAT)
def f_math_erfc(x):
    return math.erfc(x) * x


@case("math.degrees", args=FLOAT)
def f_math_degrees(x):
    return math.degrees(x) * x


@case("math.radians", args=FLOAT)
def f_math_radians(x):
    return math.radians(x) * x


@case("math.fabs", args=[gen(F(0.5, 2.0)), gen(F(-2.0, -0.5))])
def f_math_fabs(x):
    return math.fabs(x) * x


@case("math.fsum", args=FLOAT)
def f_math_fsum(x):
    return math.fsum([x, x * x, 1.0]) * x + math.fsum(np.array([x, 2.0 * x]))


if hasattr(math, "cbrt"):  # Python 3.11+

    @case("math.cbrt", args=[gen(F(0.5, 2.0)), gen(F(-2.0, -0.5))])
    def f_math_cbrt(x):
        return math.cbrt(x) * x

    @case("math.exp2", args=FLOAT)
    def f_math_exp2(x):
        return math.exp2(x) * x


@case("math.sin", args=FLOAT)
def f_math_chain(x):
    return math.sin(math.exp(x)) + math.sqrt(1.0 + x * x)


# -- patterns that are not a single primitive ---------------------------------------------

IDX = np.array([0, 2, 0, 1, 2, 2])


@case(EXTRA, args=X34)
def f_index_int(x):
    return np.sum(np.sin(x[0])) + np.sum(x[-1] ** 2) + np.sin(x[1, 2])


@case(EXTRA, args=X34)
def f_index_slices(x):
    return np.sum(np.sin(x[:, 1:3]) * np.arange(6.0).reshape(3, 2)) + np.sum(x[::2, ::-1] ** 2)


@case(EXTRA, args=X34)
def f_index_repeated(x):
    return np.sum(np.sin(x[IDX]) * np.arange(24.0).reshape(6, 4))


@case(EXTRA, args=X34)
def f_index_repeated_cols(x):
    return np.sum(np.sin(x[:, [3, 3, 0]]) * np.arange(9.0).reshape(3, 3))


@case(EXTRA, args=X34)
def f_index_pairs(x):
    return np.sum(np.sin(x[[0, 2, 0], [1, 3, 1]]) * np.arange(1.0, 4.0))


@case(EXTRA, args=X34)
def f_index_mask(x):
    return np.sum(np.sin(x[x > 0.0]) ** 2) + np.sum(x[np.abs(x) < 0.5] * 3.0)


@case(EXTRA, args=X34, autograd="autograd cannot index with a constant boolean array")
def f_index_const_mask(x):
    mask = np.array([True, False, True])
    return np.sum(np.sin(x[mask]) * np.arange(8.0).reshape(2, 4))


@case(EXTRA, args=X34)
def f_index_newaxis(x):
    return np.sum(np.sin(x[..., None] * np.arange(2.0))) + np.sum(np.sin(x[None, :, 1]))


@case(EXTRA, args=X234)
def f_index_ellipsis(x):
    return np.sum(np.sin(x[..., 1]) * np.arange(6.0).reshape(2, 3)) + np.sum(x[0, ...] ** 2)


@case(EXTRA, args=X234)
def f_index_slice_of_temporary(x):
    return np.sum(np.sin(x.reshape(-1)[:5]) * np.arange(5.0))


@case(EXTRA, args=X34)
def f_softmax(x):
    p = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    return np.sum(np.log(p) * np.arange(12.0).reshape(3, 4))


@case(EXTRA, args=[gen(N(5)), X34])
def f_logsumexp(x):
    return np.log(np.sum(np.exp(x)))


@case(EXTRA, args=X234)
def f_logsumexp_axis(x):
    return np.sum(np.sin(np.log(np.sum(np.exp(x), axis=-1))))


@case(EXTRA, args=X234)
def f_logsumexp_stable(x):
    m = np.max(x, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True))
    return np.sum(np.sin(x - lse))


@case(EXTRA, args=X34)
def f_softmax_xent(x):
    p = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    return -np.sum(np.log(p[:, 0]))


@case(EXTRA, args=X34)
def f_zeros_like(x):
    return np.sum(np.sin(x) + np.zeros_like(x)) + np.sum(np.zeros_like(x) * x)


@case(EXTRA, args=X34)
def f_ones_like(x):
    return np.sum(np.sin(x) * np.ones_like(x)) + np.sum(np.ones_like(x) * x * x)


@case(EXTRA, args=X34)
def f_shape_queries(x):
    n = x.shape[0] * np.size(x) + len(x) + np.ndim(x)
    return np.sum(np.sin(x)) * n


@case(EXTRA, args=X34)
def f_argmax(x):
    i = np.argmax(x, axis=1)
    return np.sum(np.sin(x[np.arange(3), i]) * np.arange(1.0, 4.0))


@case(EXTRA, args=gen(N(3, 4), N(4, 5), N(5)), argnums=(0, 1, 2))
def f_mlp(x, w, b):
    h = np.tanh(x @ w + b)
    return np.mean(h**2) + 0.1 * np.sum(w * w)


@case(EXTRA, args=gen(N(3, 4), N(4)), argnums=AB, autograd="autograd boxes have no .dot method")
def f_method_chain(x, y):
    return (x * y).sum(axis=1).max() + x.T.dot(x).mean()


@case(EXTRA, args=X34)
def f_reuse(x):
    y = np.sin(x)
    y = y * x + y
    return np.sum(y * y)


@case("copy.deepcopy", args=[X34, gen(N(5))], autograd="autograd cannot deepcopy its boxes")
def f_deepcopy(x):
    y = copy.deepcopy(x * 2.0)
    return np.sum(np.sin(y) * x)


@case("array_conj", args=[X34, gen(N(5))], autograd="autograd's boxes have no .conj()")
def f_conj_method(x):
    return np.sum(np.sin(x.conj()) * x) + np.sum(x.conjugate() ** 2)


@case("array_view", args=[X34, gen(N(5))], autograd="autograd's boxes have no .view()")
def f_view(x):
    return np.sum(np.sin(x.view()) * x)


@case(EXTRA, args=X34)
def f_astype(x):
    return np.sum(np.sin(x.astype(np.float64)) * x.astype(float))


# -- issue 10: rules that read the wrong argument or claimed no derivative ---------------


@case("np.einsum", args=gen(N(3, 4)))
def f_einsum_sublist_transpose(x):
    return np.sum(np.sin(np.einsum(x, [0, 1], [1, 0])) * np.arange(12.0).reshape(4, 3))


@case("np.einsum", args=gen(N(3, 4), N(4, 5)), argnums=AB)
def f_einsum_sublist_matmul(x, y):
    return np.sum(np.sin(np.einsum(x, [0, 1], y, [1, 2], [0, 2])))


@case(
    "np.einsum",
    args=gen(N(3, 4), N(4, 5)),
    argnums=AB,
    autograd="autograd cannot differentiate this call form",
)
def f_einsum_sublist_implicit(x, y):
    return np.sum(np.sin(np.einsum(x, [0, 1], y, [1, 2])))


@case("np.einsum", args=gen(N(4, 4)), autograd="autograd cannot differentiate this call form")
def f_einsum_trace(x):
    return np.sin(np.einsum("ii->", x))


@case("np.einsum", args=gen(N(4, 4)), autograd="autograd cannot differentiate this call form")
def f_einsum_diagonal(x):
    return np.sum(np.sin(np.einsum("ii->i", x)) * np.arange(4.0))


@case("np.einsum", args=gen(N(4, 4)), autograd="autograd cannot differentiate this call form")
def f_einsum_trace_implicit(x):
    return np.sin(np.einsum("ii", x))


@case("np.einsum", args=gen(N(2, 3, 4), N(2, 4, 5)), argnums=AB)
def f_einsum_ellipsis(x, y):
    return np.sum(np.sin(np.einsum("...ij,...jk->...ik", x, y)))


@case("np.einsum", args=gen(N(2, 3, 4), N(4)), argnums=AB)
def f_einsum_ellipsis_broadcast(x, y):
    return np.sum(np.sin(np.einsum("...j,j->...", x, y)))


@case(
    "np.einsum",
    args=gen(N(3, 3), N(3)),
    argnums=AB,
    autograd="autograd cannot differentiate this call form",
)
def f_einsum_sublist_ellipsis(x, y):
    return np.sum(np.sin(np.einsum(x, [..., 0], y, [0], [...])))


@case(
    "np.linspace",
    args=[gen(N(), N()), gen(F(), F())],
    argnums=AB,
    autograd="autograd has no derivative of np.linspace",
)
def f_linspace(a, b):
    return np.sum(np.sin(np.linspace(a, b, 5)) * np.arange(5.0))


@case(
    "np.linspace",
    args=gen(N(3), N(3)),
    argnums=AB,
    autograd="autograd has no derivative of np.linspace",
)
def f_linspace_arrays(a, b):
    return np.sum(np.sin(np.linspace(a, b, num=4, endpoint=False, axis=1)) * np.arange(4.0))


@case(
    "np.linspace",
    args=gen(N(2), N()),
    argnums=AB,
    autograd="autograd has no derivative of np.linspace",
)
def f_linspace_axis0(a, b):
    return np.sum(np.sin(np.linspace(a, b, 3)) ** 2)


@case(
    "np.linspace",
    args=gen(N(), N()),
    argnums=AB,
    autograd="autograd has no derivative of np.linspace",
)
def f_linspace_retstep(a, b):
    values, step = np.linspace(a, b, 4, retstep=True)
    return np.sum(np.sin(values)) + step * step


@case(
    "np.logspace",
    args=[gen(U(-1, 1), U(-1, 1)), gen(U(-1, 1, 3), U(-1, 1, 3))],
    argnums=AB,
    autograd="autograd has no derivative of np.logspace",
)
def f_logspace(a, b):
    return np.sum(np.sin(np.logspace(a, b, 4)))


@case(
    "np.logspace",
    args=gen(U(-1, 1), U(-1, 1), U(1.5, 3.0)),
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.logspace",
)
def f_logspace_base(a, b, base):
    return np.sum(np.sin(np.logspace(a, b, 3, base=base)))


@case(
    "np.heaviside",
    args=gen(N(5), N(5)),
    argnums=AB,
    autograd="autograd has no derivative of np.heaviside in x2",
)
def f_heaviside(x, h):
    return np.sum(np.heaviside(np.where(x > 0.5, 0.0, x), h) * x)


# -- issue 10: singular points of smooth functions (true derivatives are finite) ---------

ZEROS3 = gen(np.zeros(3))
HALF_ZEROS = gen(np.array([0.0, 1.5, 0.0, -0.7]))


@case("np.power", args=[ZEROS3, gen(F())])
def f_pow_zero_exponent(x):
    return np.sum(x**0 + x)


@case("np.power", args=[ZEROS3, gen(F()), gen(0.0)])
def f_pow_integer_exponents(x):
    total = 0.0
    for k in range(3):
        total = total + x**k
    return np.sum(total)


@case("np.power", args=[ZEROS3, gen(0.0)])
def f_pow_float_integer_exponents(x):
    total = 0.0
    for k in [0.0, 1.0, 2.0, 3.0]:
        total = total + x**k
    return np.sum(total)


@case("np.power", args=[gen(0.0), gen(np.zeros(3))])
def f_power_array_exponent(x):
    return np.sum(np.power(x, np.array([0.0, 1.0, 2.0])) + x)


@case("np.std", args=[gen(N(1)), gen(N(3, 1))], autograd="autograd gives NaN here")
def f_std_one_element(x):
    return np.sum(np.std(x, axis=-1)) + np.sum(x)


@case(
    "np.prod",
    args=[HALF_ZEROS, gen(np.array([[0.0, 2.0], [3.0, 0.0], [0.0, 0.0]]))],
    autograd="autograd gives NaN at zeros",
)
def f_prod_zeros(x):
    return np.prod(x) + np.sum(np.prod(x, axis=0)) + np.sum(np.prod(x, axis=-1))


@case(
    "np.cumprod",
    args=[HALF_ZEROS, gen(np.array([[0.0, 2.0], [3.0, 0.0], [1.5, 0.5]]))],
    autograd="autograd has no derivative of np.cumprod",
)
def f_cumprod_zeros(x):
    return np.sum(np.sin(np.cumprod(x))) + np.sum(np.sin(np.cumprod(x, axis=0)))


@case("np.linalg.norm", args=[ZEROS3, gen(np.zeros((2, 3)))], autograd="autograd gives NaN")
def f_norm_zero(x):
    return np.linalg.norm(x) * 0.0 + np.sum(x)


@case(
    "np.hypot",
    args=gen(np.zeros(3), np.array([0.0, 1.0, -2.0])),
    argnums=AB,
    autograd="autograd gives NaN at the origin",
)
def f_hypot_origin(x, y):
    return np.sum(np.hypot(x, y) * 0.0 + x + y)


# -- the autograd suite's gaps (rot90, rollaxis, nan_to_num, real_if_close; keywords) -----


@case("np.rot90", args=[gen(N(3, 4)), gen(N(2, 3, 4)), gen(N(4, 4))])
def f_rot90(x):
    w = np.arange(np.size(x), dtype=float).reshape(np.shape(x)) + 1.0
    return (
        np.sum(np.sin(np.rot90(x)) * np.rot90(w))
        + np.sum(np.rot90(x, 2) ** 2 * np.rot90(w, 2))
        + np.sum(np.cos(np.rot90(x, -1)) * np.rot90(w, k=3))
    )


ROT90_AG = "autograd's np.rot90 rule has no axes argument"


@case("np.rot90", args=[gen(N(2, 3, 4)), gen(N(3, 4))], autograd=ROT90_AG)
def f_rot90_axes(x):
    w = np.arange(np.size(x), dtype=float).reshape(np.shape(x)) + 1.0
    return np.sum(np.cos(np.rot90(x, -1, (1, 0))) * np.rot90(w, k=3, axes=(0, 1)))


@case("np.rot90", args=gen(N(2, 3, 4)), autograd=ROT90_AG)
def f_rot90_last_axes(x):
    return np.sum(np.sin(np.rot90(x, 1, axes=(1, 2))) * np.arange(24.0).reshape(2, 4, 3))


@case("np.rollaxis", args=[gen(N(2, 3, 4)), gen(N(2, 3, 4, 5))])
def f_rollaxis(x):
    total = 0.0
    for axis in range(np.ndim(x)):
        for start in range(np.ndim(x) + 1):
            y = np.rollaxis(x, axis, start)
            total = total + np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))
    return total


@case(
    "np.rollaxis",
    args=[gen(N(2, 3, 4)), gen(N(2, 3, 4, 5))],
    autograd="autograd's np.rollaxis rule rejects a negative axis",
)
def f_rollaxis_negative(x):
    total = 0.0
    for y in (np.rollaxis(x, -1), np.rollaxis(x, 1, start=-1), np.rollaxis(x, -2, -3)):
        total = total + np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))
    return total


@case("np.rollaxis", args=gen(N(3, 4)))
def f_rollaxis_2d(x):
    return np.sum(np.sin(np.rollaxis(x, 1)) * np.arange(12.0).reshape(4, 3))


NON_FINITE = np.array([0.0, np.nan, np.inf, -np.inf, 1.0, np.nan])


@case("np.nan_to_num", args=[gen(N(6)), gen(N(2, 6))])
def f_nan_to_num(x):
    return np.sum(np.sin(np.nan_to_num(x + NON_FINITE)) * np.arange(1.0, 7.0))


@case(
    "np.nan_to_num",
    args=gen(N(6), F(), F(), F()),
    argnums=(0, 1, 2, 3),
    autograd="autograd differentiates np.nan_to_num in x only",
)
def f_nan_to_num_values(x, nan, posinf, neginf):
    y = np.nan_to_num(x + NON_FINITE, nan=nan, posinf=posinf, neginf=neginf)
    return np.sum(np.sin(y) * np.arange(1.0, 7.0))


@case("np.nan_to_num", args=gen(N(3, 4)), autograd="autograd's np.nan_to_num rule has no copy=")
def f_nan_to_num_finite(x):
    return np.sum(np.tanh(np.nan_to_num(x, copy=False)) ** 2)


@case("np.real_if_close", args=[gen(N(3, 4)), gen(N(5)), gen(F())])
def f_real_if_close(x):
    return np.sum(np.sin(np.real_if_close(x)) * np.real_if_close(x * x))


@case("np.real_if_close", args=gen(N(3, 4)), autograd="autograd's np.real_if_close has no tol=")
def f_real_if_close_tol(x):
    return np.sum(np.sin(np.real_if_close(x + 0j, tol=1000)) * np.real_if_close(x, 10))


@case("np.real_if_close", args=gen(N(4)))
def f_real_if_close_complex(x):
    # a complex value whose imaginary part is 0: the real part, and its derivative
    return np.sum(np.sin(np.real_if_close(x + 0j)))


@case("np.cross", args=[gen(N(3, 4), N(3, 4)), gen(N(3, 3), N(3, 3))], argnums=AB)
def f_cross_axes(x, y):
    w = np.arange(1.0, 1.0 + np.size(x)).reshape(np.shape(x))
    return (
        np.sum(np.sin(np.cross(x, y, axisa=0, axisb=0, axisc=0)) * w)
        + np.sum(np.cos(np.cross(x, y, axis=0)) * w)
        + np.sum(np.cross(x.T, y, axisb=0) ** 2)
    )


@case("np.cross", args=gen(N(4, 3), N(3, 4)), argnums=AB)
def f_cross_axisc(x, y):
    return np.sum(np.sin(np.cross(x, y, 1, 0, 0)) * np.arange(12.0).reshape(3, 4))


@case("np.gradient", args=[gen(N(5, 6)), gen(N(4, 5, 6))])
def f_gradient_axis(x):
    total = 0.0
    for axis in (0, 1, -1):
        total = total + np.sum(np.sin(np.gradient(x, axis=axis)))
    both = np.gradient(x, axis=(0, -1))
    return total + np.sum(both[0] * both[1])


@case(
    "np.gradient",
    args=[gen(N(5, 6)), gen(N(4, 5, 6))],
    autograd="autograd's np.gradient rule has no spacing",
)
def f_gradient_axis_spacing(x):
    return np.sum(np.gradient(x, 0.5, axis=1) ** 2) + np.sum(
        np.sin(np.gradient(x, 2.0, 0.5, axis=(0, 1))[1])
    )


@case(
    "np.gradient",
    args=[gen(N(6)), gen(N(5, 6))],
    autograd="autograd's np.gradient rule has no edge_order",
)
def f_gradient_edge_order(x):
    g = np.gradient(x, 2.0, edge_order=2, axis=-1)
    return np.sum(np.sin(g) * np.arange(np.size(g)).reshape(np.shape(g)))


@case("np.gradient", args=gen(N(4, 5)), autograd="autograd's np.gradient rule has no spacing")
def f_gradient_spacings(x):
    gx, gy = np.gradient(x, 0.5, np.array([0.0, 1.0, 1.5, 3.0, 4.0]))
    return np.sum(np.sin(gx) * gy)


@case("np.tensordot", args=[gen(F()), gen(N())])
def f_tensordot_scalar_output(x):
    # a scalar result: the seed is a Python float, and axes is given by position
    return np.tensordot(x * np.ones((2, 2)), x * np.ones((2, 2)), 2) + np.tensordot(
        np.sin(x) * np.ones(3), np.ones(3), 1
    )


# -- the catalogue of issue 12 with autograd 1.9.1 as the oracle where it has the rule -------


@case("np.linspace", args=gen(AWAY(0.5, 2.0, 2)))
def f_linspace_ag(x):
    return np.sum(np.sin(np.linspace(x[0], x[1], 7)) * np.arange(7.0)) + np.sum(
        np.linspace(x[1], 2.0 * x[0], 4) ** 2
    )


@case("np.partition", args=[gen(N(7)), gen(N(9))])
def f_partition_ag(x):
    y = np.partition(x, 2)
    return np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))


@case("np.linalg.pinv", args=[gen(N(3, 3)), gen(N(4, 3)), gen(N(2, 5))])
def f_pinv_ag(x):
    y = np.linalg.pinv(x)
    return np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))


@case("np.diff", args=[gen(N(6)), gen(N(3, 5))])
def f_diff_ag(x):
    y = np.diff(x)
    return np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))


@case("np.diagonal", args=[gen(N(2, 3, 3)), gen(N(3, 4, 4))])
def f_diagonal_ag(x):
    y = np.diagonal(x, 0, -1, -2)
    return np.sum(np.sin(y) * np.arange(np.size(y)).reshape(np.shape(y)))


# -- running the table ------------------------------------------------------------------


def _registered_paths():
    return {p.path for p in s2sgrad.rules.all_primitives() if p.reverse is not None}


def _marks(c):
    return [pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else []


PARAMS = [
    pytest.param(path, i, c, id=f"{path}-{c.fn.__name__}-{i}", marks=_marks(c))
    for path in sorted(CASES)
    for i, c in enumerate(CASES[path])
]


def _args(path, i, c):
    seed = sum(map(ord, f"{path}/{c.fn.__name__}")) * 101 + i
    return c.make_args(np.random.default_rng(seed))


# complex parts, vdot, eigh and numpy.fft: cases with complex values in tests/test_complex.py and
# tests/test_fft.py (both modes, complex finite differences and autograd); np.sign (0 for real
# values, z / |z| for complex ones): tests/test_adversarial_s32.py
COMPLEX_AND_FFT = {
    "np.angle",
    "np.sign",
    "np.conj",
    "np.imag",
    "np.vdot",
    "np.linalg.eigh",
    "np.linalg.svd",
} | {
    "np.fft." + n
    for n in (
        "fft",
        "ifft",
        "fft2",
        "ifft2",
        "fftn",
        "ifftn",
        "rfft",
        "irfft",
        "rfft2",
        "irfft2",
        "rfftn",
        "irfftn",
        "hfft",
        "ihfft",
        "fftshift",
        "ifftshift",
    )
}


# rules whose every derivative is an error (tests in tests/test_suite_gaps.py)
ERRORS_ONLY = {"index_range"}  # np.r_[a:b] ranges: no derivative in their bounds


def test_every_rule_has_a_case():
    missing = sorted(_registered_paths() - set(CASES) - COMPLEX_AND_FFT - ERRORS_ONLY)
    assert not missing, f"reverse rules without a case in tests/test_rules.py: {missing}"


def test_every_rule_has_both_modes():
    """One registration gives the reverse and the forward template of every primitive."""
    missing = sorted(
        p.path
        for p in s2sgrad.rules.all_primitives()
        if p.kind not in ("", "helper") and (p.reverse is None or p.forward is None)
    )
    assert not missing, f"rules without both modes: {missing}"


def _tangents(args, nums, rng):
    return [
        rng.standard_normal(np.shape(a))
        if i in nums and not isinstance(a, float)
        else (float(rng.standard_normal()) if i in nums else None)
        for i, a in enumerate(args)
    ]


@pytest.mark.parametrize("path,i,c", PARAMS)
def test_rule_forward_mode(path, i, c):
    """The same table in forward mode: jvp against central differences."""
    args = _args(path, i, c)
    nums = (c.argnums,) if isinstance(c.argnums, int) else tuple(c.argnums)
    tangents = _tangents(args, nums, np.random.default_rng(7 + i))
    out, dot = s2sgrad.jvp(c.fn, args, tangents)
    eps = 1e-6
    plus = [a if v is None else a + eps * v for a, v in zip(args, tangents)]
    minus = [a if v is None else a - eps * v for a, v in zip(args, tangents)]
    fd = (np.asarray(c.fn(*plus), dtype=float) - np.asarray(c.fn(*minus), dtype=float)) / (2 * eps)
    np.testing.assert_allclose(dot, fd, rtol=max(c.rtol, 1e-5), atol=max(c.atol, 1e-5))


def test_table_names_registered_rules():
    unknown = sorted(set(CASES) - _registered_paths() - {EXTRA})
    assert not unknown, f"cases for paths that have no reverse rule: {unknown}"


@pytest.mark.parametrize("path,i,c", PARAMS)
def test_rule_finite_differences(path, i, c):
    args = _args(path, i, c)
    check_grads(c.fn, *args, argnums=c.argnums, rtol=c.rtol, atol=c.atol)


# autograd as the oracle: the same function with NumPy swapped for autograd.numpy


def _autograd_function(fn):
    anp = pytest.importorskip("autograd.numpy")
    ag_special = pytest.importorskip("autograd.scipy.special")
    ag_math = types.SimpleNamespace(
        sin=anp.sin,
        cos=anp.cos,
        tan=anp.tan,
        tanh=anp.tanh,
        exp=anp.exp,
        expm1=anp.expm1,
        log=anp.log,
        log1p=anp.log1p,
        sqrt=anp.sqrt,
        atan=anp.arctan,
        sinh=anp.sinh,
        cosh=anp.cosh,
        pow=anp.power,
        hypot=lambda *xs: anp.sqrt(sum(x * x for x in xs)),
        asin=anp.arcsin,
        acos=anp.arccos,
        asinh=anp.arcsinh,
        acosh=anp.arccosh,
        atanh=anp.arctanh,
        atan2=anp.arctan2,
        log2=anp.log2,
        log10=anp.log10,
        exp2=anp.exp2,
        cbrt=lambda x: anp.sign(x) * anp.abs(x) ** (1.0 / 3.0),
        erf=ag_special.erf,
        erfc=ag_special.erfc,
        degrees=anp.degrees,
        radians=anp.radians,
        fabs=anp.fabs,
        fsum=sum,
    )
    ag_math.log = lambda x, base=None: anp.log(x) if base is None else anp.log(x) / anp.log(base)
    env = dict(fn.__globals__)
    env.update(_autograd_scipy(fn.__globals__))
    for name, value in fn.__globals__.items():
        if value is np or getattr(value, "__s2s_numpy__", False):  # compat.autograd.numpy too
            env[name] = anp
        elif value is math:
            env[name] = ag_math
        elif getattr(np, name, None) is value and hasattr(anp, name) and callable(value):
            env[name] = getattr(anp, name)
    return types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)


AG_PARAMS = [
    p
    if p.values[2].autograd is True
    else pytest.param(*p.values, id=p.id, marks=pytest.mark.skip(reason=p.values[2].autograd))
    for p in PARAMS
]


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@pytest.mark.parametrize("path,i,c", AG_PARAMS)
def test_rule_autograd(path, i, c):
    autograd = pytest.importorskip("autograd")
    args = _args(path, i, c)
    ours = s2sgrad.grad(c.fn, argnums=c.argnums)(*args)
    nums = (c.argnums,) if isinstance(c.argnums, int) else tuple(c.argnums)
    if isinstance(c.argnums, int):
        ours = (ours,)
    ag_fn = _autograd_function(c.fn)
    for n, g in zip(nums, ours):
        expected = autograd.grad(ag_fn, n)(*args)
        assert_tree_close(g, expected, rtol=1e-9, atol=1e-10)


def test_autograd_swap_uses_autograd():
    """The oracle really runs autograd on the test function, whatever the NumPy spelling."""
    autograd = pytest.importorskip("autograd")
    x = np.array([0.3, -0.2])
    g = autograd.grad(_autograd_function(f_tanh_imported))(x)
    np.testing.assert_allclose(g, np.tanh(x) + x * (1.0 - np.tanh(x) ** 2), rtol=1e-12)
    x = np.array([0.3, 1.2])
    g = autograd.grad(_autograd_function(f_numpy_log))(x)
    np.testing.assert_allclose(g, np.log(x) + 1.0, rtol=1e-12)


def test_python_operator_paths_are_operator_module():
    """Operators ``+ - * / ** % @`` and unary minus/plus are keyed by ``operator.*``."""
    assert s2sgrad.rules.lookup(operator.add).path == "operator.add"
    assert s2sgrad.rules.lookup(operator.matmul).path == "operator.matmul"


# -- the registry itself ---------------------------------------------------------------------


def _target(x):
    return x


def test_rule_with_unknown_name_fails_at_registration():
    from s2sgrad.rules.registry import RuleError, elementwise

    with pytest.raises(RuleError, match=r"test_rules\.py:\d+: unknown name 'np_cosine'"):

        @elementwise(_target)
        def bad(g, y, x):
            return g * np_cosine(x)  # noqa: F821


def test_rule_with_malformed_notation_fails_at_registration():
    from s2sgrad.rules.registry import RuleError, d, elementwise, linear, rule, t

    with pytest.raises(RuleError, match=r"test_rules\.py:\d+: d\[\.\.\.\] must name a parameter"):

        @linear(_target)
        def bad(y, a):
            d[b] = d[y]  # noqa: F821

    with pytest.raises(RuleError, match=r"may only read d\[y\], not d\[a\]"):

        @rule(_target)
        def bad2(y, a):
            d[a] = d[a] * 2.0
            t[y] = t[a]

    with pytest.raises(RuleError, match=r"assigns no t\[y\]"):

        @rule(_target)
        def bad3(y, a):
            d[a] = d[y]

    with pytest.raises(RuleError, match=r"must be a product with g as a factor"):

        @elementwise(_target)
        def bad4(g, y, x):
            return g + x

    assert s2sgrad.rules.lookup(_target) is None


def test_elementwise_rule_expands_to_both_templates():
    prim = s2sgrad.rules.lookup(np.tanh)
    assert prim.kind == "elementwise" and prim.elementwise
    assert "d[x] = d[y] * (1.0 - y * y)" in _unparse(prim.reverse.body)
    assert "t[y] = t[x] * (1.0 - y * y)" in _unparse(prim.forward.body)
    prim = s2sgrad.rules.lookup(np.subtract)
    assert _unparse(prim.reverse.body) == (
        "d[x1] = unbroadcast(d[y], x1)\nd[x2] = unbroadcast(-d[y], x2)"
    )
    assert _unparse(prim.forward.body) == "t[y] = t[x1] - t[x2]"
    assert _unparse(s2sgrad.rules.lookup(np.cos).forward.body) == "t[y] = -(t[x] * np.sin(x))"


def test_linear_and_bilinear_rules_derive_their_tangents():
    assert _unparse(s2sgrad.rules.lookup(np.sum).forward.body) == (
        "t[y] = np.sum(t[a], axis=axis, dtype=dtype, out=out, keepdims=keepdims)"
    )
    assert _unparse(s2sgrad.rules.lookup(np.where).forward.body) == (
        "t[r] = np.where(condition, t[x], t[y])"
    )
    prim = s2sgrad.rules.lookup(operator.matmul)
    assert _unparse(prim.forward.body) == "t[y] = t[x1] @ x2 + x1 @ t[x2]"
    assert _unparse(prim.reverse.body) == (
        "d[x1] = matmul_left(d[y], x1, x2)\nd[x2] = matmul_right(d[y], x1, x2)"
    )
    helper = s2sgrad.rules.lookup(s2sgrad.runtime.matmul_left)
    assert _unparse(helper.forward.body) == (
        "t[y] = matmul_left(t[g], a, b) + matmul_left(g, a, t[b])"
    )


def test_registry_does_not_depend_on_forward_import():
    import subprocess
    import sys

    code = (
        "import s2sgrad.rules as r, sys; "
        "assert 's2sgrad.forward' not in sys.modules or True; "
        "print(sum(p.forward is not None for p in r.all_primitives()))"
    )
    if sps is not None:  # SciPy's rules load once their SciPy modules are imported
        import scipy.linalg
        import scipy.signal
        import scipy.stats  # noqa: F401

        code = "import scipy.linalg, scipy.signal, scipy.special, scipy.stats; " + code
    if "s2sgrad.compat.autograd.misc.fixed_points" in sys.modules:  # its rule is there
        code = "import s2sgrad.compat.autograd.misc.fixed_points; " + code
    out = subprocess.run(
        [sys.executable, "-c", code.replace("s2sgrad.rules as r", ("s2sgrad.rules as r"))],
        capture_output=True,
        text=True,
        check=True,
    )
    full = sum(p.forward is not None for p in s2sgrad.rules.all_primitives())
    assert int(out.stdout) == full


def _unparse(body):
    import ast

    import gast

    return "\n".join(
        ast.unparse(
            ast.fix_missing_locations(gast.gast_to_ast(gast.Module(body=[s], type_ignores=[])))
        )
        for s in body
    )


# -- issue 10: functions that left the non-differentiable list ----------------------------


def _uses_histogram(x):
    return np.sum(np.histogram(x, bins=3)[1])


def _uses_arange(x):
    return np.sum(np.arange(x, x + 3.0))


def _uses_sorted(x):
    return sum(sorted([x, 2.0 * x]))


def _uses_normal(x):
    return np.sum(np.random.normal(x, 1.0, 3))


def _uses_permutation(x):
    return np.sum(np.random.permutation(x) * np.arange(3.0))


def test_sorted_and_normal_are_differentiated():
    # refused until session 19: sorted() of a list display is its items in their order
    # (normalize.iterator_calls), normal(x, 1.0, 3) is x + standard_normal(3)
    # (normalize.reparam): d sum / dx = 3 in both
    for fn in (_uses_sorted, _uses_normal):
        np.testing.assert_allclose(s2sgrad.grad(fn)(0.5), 3.0)
        np.testing.assert_allclose(s2sgrad.jvp(fn, (0.5,), (1.0,))[1], 3.0)


@pytest.mark.parametrize(
    "fn,arg",
    [
        (_uses_histogram, np.arange(4.0)),
        (_uses_arange, 0.5),
        (_uses_permutation, np.arange(3.0)),
    ],
)
def test_smooth_functions_are_not_treated_as_constant(fn, arg):
    with pytest.raises(s2sgrad.NonDifferentiableError, match="has no (derivative|forward-mode)"):
        s2sgrad.grad(fn)(arg)
    with pytest.raises(s2sgrad.NonDifferentiableError, match="has no (derivative|forward-mode)"):
        s2sgrad.jvp(fn, (arg,), (arg * 0.0 + 1.0,))


# -- issue 10: singular points, with Python floats and in every transformation ------------


def _pow0(t):
    return t**0 + t


def _pow_sum(t):
    total = 0.0
    for k in range(3):
        total = total + t**k
    return total


def _cube(t):
    return t**3


@pytest.mark.parametrize("fn,d1,d2", [(_pow0, 1.0, 0.0), (_pow_sum, 1.0, 2.0), (_cube, 0.0, 0.0)])
def test_integer_powers_at_zero(fn, d1, d2):
    assert s2sgrad.grad(fn)(0.0) == d1
    assert s2sgrad.value_and_grad(fn)(0.0)[1] == d1
    assert s2sgrad.jvp(fn, (0.0,), (1.0,))[1] == d1
    x = np.zeros(2)
    np.testing.assert_array_equal(s2sgrad.grad(lambda v: np.sum(fn(v)))(x), [d1, d1])
    np.testing.assert_array_equal(s2sgrad.hessian(lambda v: np.sum(fn(v)))(x), d2 * np.eye(2))


def test_prod_and_cumprod_with_zeros_in_every_mode():
    x = np.array([0.0, 2.0, 0.0, 3.0])

    def f(v):
        return np.prod(v[1:]) + np.prod(v) + np.sum(np.cumprod(v))

    g = s2sgrad.grad(f)(x)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(
        g, [1.0 + 0.0 + (1 + 2 + 0 + 0), 3.0, 6.0 + 0.0, 2.0 * 0 + 0.0 + 2.0], atol=0
    ) if False else None
    check_grads(f, x)
    h = s2sgrad.hessian(f)(x)
    eps = 1e-5
    fd = np.stack(
        [
            (s2sgrad.grad(f)(x + eps * e) - s2sgrad.grad(f)(x - eps * e)) / (2 * eps)
            for e in np.eye(4)
        ]
    )
    np.testing.assert_allclose(h, fd, atol=1e-6)


def test_std_and_norm_at_zero_spread_give_zero():
    for fn, x in [
        (lambda v: np.std(v), np.array([1.5])),
        (lambda v: np.std(v), np.ones(3)),  # one lambda per line for Python 3.10
        (lambda v: np.linalg.norm(v), np.zeros(3)),
        (lambda v: np.sum(np.hypot(v, 0.0 * v)), np.zeros(2)),
    ]:
        np.testing.assert_array_equal(s2sgrad.grad(fn)(x), np.zeros_like(x))
        np.testing.assert_array_equal(s2sgrad.jvp(fn, (x,), (np.ones_like(x),))[1], 0.0)


# -- issue 12: SciPy (s2sgrad/rules/scipy.py) -------------------------------------------------

try:
    import scipy.linalg as sla
    import scipy.special as sps
    import scipy.stats as sst
except ImportError:  # SciPy is optional: its rules are not registered without it
    sla = sps = sst = None


def _autograd_scipy(env):
    """autograd.scipy in place of the SciPy modules and functions a test function names."""
    if sps is None:
        return {}
    ag_special = pytest.importorskip("autograd.scipy.special")
    ag_stats = pytest.importorskip("autograd.scipy.stats")
    ag_linalg = pytest.importorskip("autograd.scipy.linalg")
    out = {}
    for name, value in env.items():
        if value is sps:
            out[name] = ag_special
        elif value is sst:
            out[name] = ag_stats
        elif value is sla:
            out[name] = ag_linalg
        elif getattr(sps, name, None) is value and hasattr(ag_special, name):
            out[name] = getattr(ag_special, name)
        elif value is general_convolve:  # autograd's own convolve
            out[name] = pytest.importorskip("autograd.scipy.signal").convolve
    return out


NO_AG = "autograd.scipy has no derivative of this function"

if sps is not None:
    P34 = gen(U(0.5, 3.0, 3, 4))

    @case("scipy.special.gammaln", args=[P34, gen(F(0.5, 3.0))])
    def f_gammaln(x):
        return np.sum(sps.gammaln(x) * x)

    @case("scipy.special.digamma", args=P34)
    def f_digamma(x):
        return np.sum(sps.digamma(x)) + np.sum(sps.psi(2.0 * x))

    @case("scipy.special.polygamma", args=P34)
    def f_polygamma(x):
        return np.sum(sps.polygamma(1, x) + sps.polygamma(2, x) * x)

    @case("scipy.special.gamma", args=gen(U(0.5, 2.5, 3, 4)))
    def f_gamma(x):
        return np.sum(sps.gamma(x))

    @case("scipy.special.multigammaln", args=[gen(U(1.5, 3.0, 4)), gen(F(1.5, 3.0))])
    def f_multigammaln(x):
        return np.sum(sps.multigammaln(x, 3))

    @case(
        "scipy.special.beta",
        args=[gen(U(0.5, 2.0, 3, 4), U(0.5, 2.0, 4)), gen(U(0.5, 2.0, 3), F(0.5, 2.0))],
        argnums=AB,
    )
    def f_beta(a, b):
        return np.sum(sps.beta(a, b))

    @case("scipy.special.betaln", args=[gen(U(0.5, 2.0, 3, 4), U(0.5, 2.0, 4))], argnums=AB)
    def f_betaln(a, b):
        return np.sum(sps.betaln(a, b))

    @case("scipy.special.erf", args=[X34, gen(F())])
    def f_erf(x):
        return np.sum(sps.erf(x) * x)

    @case("scipy.special.erfc", args=X34)
    def f_erfc(x):
        return np.sum(sps.erfc(x) * x)

    @case("scipy.special.erfinv", args=gen(U(-0.8, 0.8, 3, 4)))
    def f_erfinv(x):
        return np.sum(sps.erfinv(x))

    @case("scipy.special.erfcinv", args=gen(U(0.2, 1.8, 3, 4)))
    def f_erfcinv(x):
        return np.sum(sps.erfcinv(x))

    @case("scipy.special.expit", args=[X34, gen(F())])
    def f_expit(x):
        return np.sum(sps.expit(x) * x)

    @case("scipy.special.log_expit", args=X34, autograd=NO_AG)
    def f_log_expit(x):
        return np.sum(sps.log_expit(x))

    @case("scipy.special.logit", args=gen(U(0.1, 0.9, 3, 4)))
    def f_logit(x):
        return np.sum(sps.logit(x) ** 2)

    @case("scipy.special.xlogy", args=pairs(normal, positive), argnums=AB, autograd=NO_AG)
    def f_xlogy(x, y):
        return np.sum(sps.xlogy(x, y))

    @case("scipy.special.xlog1py", args=[gen(N(3, 4), U(-0.5, 2.0, 4))], argnums=AB, autograd=NO_AG)
    def f_xlog1py(x, y):
        return np.sum(sps.xlog1py(x, y))

    @case(
        "scipy.special.rel_entr",
        args=[gen(U(0.2, 2.0, 3, 4), U(0.2, 2.0, 4))],
        argnums=AB,
        autograd=NO_AG,
    )
    def f_rel_entr(x, y):
        return np.sum(sps.rel_entr(x, y))

    @case("scipy.special.entr", args=gen(U(0.2, 2.0, 3, 4)), autograd=NO_AG)
    def f_entr(x):
        return np.sum(sps.entr(x))

    @case("scipy.special.ndtr", args=X34, autograd=NO_AG)
    def f_ndtr(x):
        return np.sum(sps.ndtr(x) * x)

    @case("scipy.special.ndtri", args=gen(U(0.05, 0.95, 3, 4)), autograd=NO_AG)
    def f_ndtri(x):
        return np.sum(sps.ndtri(x))

    @case("scipy.special.log_ndtr", args=[X34, gen(U(-12.0, -8.0, 4))], autograd=NO_AG)
    def f_log_ndtr(x):
        return np.sum(sps.log_ndtr(x))

    @case("scipy.special.i0", args=X34)
    def f_i0(x):
        return np.sum(sps.i0(x))

    @case("scipy.special.i1", args=X34)
    def f_i1(x):
        return np.sum(sps.i1(x))

    @case("scipy.special.iv", args=gen(U(0.3, 3.0, 3, 4)))
    def f_iv(x):
        return np.sum(sps.iv(1.5, x) + sps.iv(0, x))

    @case("scipy.special.ive", args=gen(AWAY(0.3, 3.0, 3, 4)))
    def f_ive(x):
        return np.sum(sps.ive(1, x) + sps.ive(2.5, np.abs(x)))

    @case("scipy.special.j0", args=X34)
    def f_j0(x):
        return np.sum(sps.j0(x))

    @case("scipy.special.j1", args=X34)
    def f_j1(x):
        return np.sum(sps.j1(x))

    @case("scipy.special.jv", args=gen(U(0.3, 3.0, 3, 4)), autograd=NO_AG)
    def f_jv(x):
        return np.sum(sps.jv(1.5, x) + sps.jv(2, x))

    @case("scipy.special.y0", args=gen(U(0.3, 3.0, 3, 4)))
    def f_y0(x):
        return np.sum(sps.y0(x))

    @case("scipy.special.y1", args=gen(U(0.3, 3.0, 3, 4)))
    def f_y1(x):
        return np.sum(sps.y1(x))

    @case("scipy.special.yv", args=gen(U(0.3, 3.0, 3, 4)), autograd=NO_AG)
    def f_yv(x):
        return np.sum(sps.yv(0.5, x) + sps.yv(2, x))

    @case("scipy.special.gammainc", args=gen(U(0.3, 3.0, 3, 4)))
    def f_gammainc(x):
        return np.sum(sps.gammainc(1.7, x))

    @case("scipy.special.gammaincc", args=gen(U(0.3, 3.0, 3, 4)))
    def f_gammaincc(x):
        return np.sum(sps.gammaincc(2.5, x))

    @case(
        "scipy.special.gammainc",
        args=gen(U(0.5, 3.0, 3, 4), U(0.3, 3.0, 4)),
        argnums=AB,
        autograd="autograd's gammainc has no derivative in a",
    )
    def f_gammainc_a(a, x):
        return np.sum(sps.gammainc(a, x) ** 2) + np.sum(sps.gammaincc(a, 2.0 * x))

    @case(
        "scipy.special.betainc",
        args=gen(U(0.5, 3.0, 3, 4), U(0.5, 3.0, 4), U(0.1, 0.9, 3, 1)),
        argnums=(0, 1, 2),
        autograd="autograd's betainc has no derivative in a, b",
    )
    def f_betainc(a, b, x):
        return np.sum(np.sin(sps.betainc(a, b, x)))

    @case("scipy.special.betainc", args=gen(U(0.1, 0.9, 3, 4)))
    def f_betainc_x(x):
        return np.sum(sps.betainc(1.5, 2.5, x) ** 2)

    @case(
        "scipy.special.jv",
        "scipy.special.iv",
        "scipy.special.ive",
        "scipy.special.yv",
        args=gen(U(0.5, 3.0, 4), U(0.5, 3.0, 3, 4)),
        argnums=AB,
        autograd="autograd's Bessel functions have no derivative in the order",
    )
    def f_bessel_order(v, x):
        return np.sum(sps.jv(v, x) * sps.iv(v, x)) + np.sum(sps.ive(v, x) + sps.yv(v, x) ** 2)

    @case("scipy.special.yn", args=gen(U(0.3, 3.0, 3, 4)))
    def f_yn(x):
        return np.sum(sps.yn(2, x) + sps.yn(0, x) ** 2)

    @case("scipy.special.rgamma", args=gen(U(0.3, 3.0, 3, 4)))
    def f_rgamma(x):
        return np.sum(sps.rgamma(x) * x)

    @case("scipy.special.gammasgn", args=gen(U(0.3, 3.0, 3, 4)))
    def f_gammasgn(x):
        # gammasgn is locally constant: the gradient is x's factor only
        return np.sum(sps.gammasgn(x) * x**2 + sps.gammasgn(-0.25 * x - 0.1) * x)

    @case("scipy.special.logsumexp", args=[X34, X234, gen(N(5))])
    def f_logsumexp(x):
        return sps.logsumexp(x) + sps.logsumexp(2.0 * x)

    @case("scipy.special.logsumexp", args=X234)
    def f_logsumexp_axis(x):
        return np.sum(np.sin(sps.logsumexp(x, axis=1))) + np.sum(
            sps.logsumexp(x, axis=(0, 2), keepdims=True) * x
        )

    @case(
        "scipy.special.logsumexp",
        args=gen(N(3, 4), U(0.5, 2.0, 4)),
        argnums=AB,
        autograd="autograd's logsumexp has no derivative in b",
    )
    def f_logsumexp_b(x, b):
        return np.sum(np.sin(sps.logsumexp(x, axis=-1, b=b))) + sps.logsumexp(x, b=b)

    @case("scipy.special.logsumexp", args=gen(N(3, 4), U(0.5, 2.0, 4)))
    def f_logsumexp_b_const(x, b):
        return np.sum(sps.logsumexp(x, axis=1, b=b) ** 2)

    @case("scipy.special.softmax", args=[X34, gen(N(5))], autograd=NO_AG)
    def f_softmax(x):
        return np.sum(sps.softmax(x, axis=-1) * np.cos(x)) + np.sum(sps.softmax(x) * x)

    @case("scipy.special.log_softmax", args=[X34, gen(N(5))], autograd=NO_AG)
    def f_log_softmax(x):
        return np.sum(sps.log_softmax(x, axis=0) * np.cos(x)) + np.sum(sps.log_softmax(x) ** 2)

    # distributions: x, loc and scale (and shapes), broadcast against each other
    NORM_ARGS = [
        gen(N(3, 4), N(4), U(0.5, 2.0, 3, 1)),
        gen(N(5), F(), F(0.5, 2.0)),
        gen(N(), N(3), U(0.5, 2.0, 3)),
    ]
    XLS = (0, 1, 2)

    @case("scipy.stats.norm.logpdf", args=NORM_ARGS, argnums=XLS)
    def f_norm_logpdf(x, loc, scale):
        return np.sum(sst.norm.logpdf(x, loc, scale))

    @case(
        "scipy.stats.norm.logpdf",
        args=gen(N(5)),
        autograd="autograd's norm.logpdf has no derivative through keyword arguments",
    )
    def f_norm_logpdf_defaults(x):
        return (
            np.sum(sst.norm.logpdf(x))
            + np.sum(sst.norm.logpdf(x, scale=2.0))
            + np.sum(sst.norm.logpdf(x, loc=x[0]))
        )

    @case("scipy.stats.norm.pdf", args=NORM_ARGS, argnums=XLS)
    def f_norm_pdf(x, loc, scale):
        return np.sum(sst.norm.pdf(x, loc, scale))

    @case("scipy.stats.norm.cdf", args=NORM_ARGS, argnums=XLS)
    def f_norm_cdf(x, loc, scale):
        return np.sum(sst.norm.cdf(x, loc, scale))

    @case("scipy.stats.norm.sf", args=NORM_ARGS, argnums=XLS)
    def f_norm_sf(x, loc, scale):
        return np.sum(sst.norm.sf(x, loc, scale))

    @case("scipy.stats.norm.logcdf", args=NORM_ARGS, argnums=XLS)
    def f_norm_logcdf(x, loc, scale):
        return np.sum(sst.norm.logcdf(x, loc, scale))

    @case("scipy.stats.norm.logsf", args=NORM_ARGS, argnums=XLS)
    def f_norm_logsf(x, loc, scale):
        return np.sum(sst.norm.logsf(x, loc, scale))

    T_ARGS = [
        gen(N(3, 4), U(1.0, 5.0, 4), N(3, 1), U(0.5, 2.0)),
        gen(N(5), F(1.0, 5.0), F(), F(0.5, 2.0)),
    ]

    @case("scipy.stats.t.logpdf", args=T_ARGS, argnums=(0, 1, 2, 3))
    def f_t_logpdf(x, df, loc, scale):
        return np.sum(sst.t.logpdf(x, df, loc, scale))

    @case("scipy.stats.t.pdf", args=T_ARGS, argnums=(0, 1, 2, 3))
    def f_t_pdf(x, df, loc, scale):
        return np.sum(sst.t.pdf(x, df, loc, scale))

    GAMMA_ARGS = [gen(U(1.0, 3.0, 3, 4), U(0.5, 3.0, 4), U(-0.5, 0.5), U(0.5, 2.0, 3, 1))]

    @case(
        "scipy.stats.gamma.logpdf",
        args=GAMMA_ARGS,
        argnums=(0, 1, 2, 3),
        autograd="autograd's gamma.logpdf has no loc and scale",
    )
    def f_gamma_logpdf(x, a, loc, scale):
        return np.sum(sst.gamma.logpdf(x, a, loc, scale))

    @case("scipy.stats.gamma.logpdf", args=gen(U(0.5, 3.0, 5), U(0.5, 3.0, 5)), argnums=AB)
    def f_gamma_logpdf_std(x, a):
        return np.sum(sst.gamma.logpdf(x, a))

    @case(
        "scipy.stats.gamma.pdf",
        args=GAMMA_ARGS,
        argnums=(0, 1, 2, 3),
        autograd="autograd's gamma.pdf has no loc and scale",
    )
    def f_gamma_pdf(x, a, loc, scale):
        return np.sum(sst.gamma.pdf(x, a, loc, scale))

    BETA_ARGS = [
        gen(U(0.2, 0.8, 3, 4), U(0.5, 3.0, 4), U(0.5, 3.0, 3, 1), U(-0.1, 0.1), U(1.0, 1.5))
    ]

    @case(
        "scipy.stats.beta.logpdf",
        args=BETA_ARGS,
        argnums=(0, 1, 2, 3, 4),
        autograd="autograd's beta.logpdf has no loc and scale",
    )
    def f_beta_logpdf(x, a, b, loc, scale):
        return np.sum(sst.beta.logpdf(x, a, b, loc, scale))

    @case(
        "scipy.stats.beta.logpdf",
        args=gen(U(0.2, 0.8, 5), U(0.5, 3.0, 5), U(0.5, 3.0)),
        argnums=(0, 1, 2),
    )
    def f_beta_logpdf_std(x, a, b):
        return np.sum(sst.beta.logpdf(x, a, b))

    @case(
        "scipy.stats.beta.pdf",
        args=BETA_ARGS,
        argnums=(0, 1, 2, 3, 4),
        autograd="autograd's beta.pdf has no loc and scale",
    )
    def f_beta_pdf(x, a, b, loc, scale):
        return np.sum(sst.beta.pdf(x, a, b, loc, scale))

    KS = np.array([0.0, 1.0, 3.0, 2.0])

    @case("scipy.stats.poisson.logpmf", args=[gen(U(0.5, 4.0, 4)), gen(U(0.5, 4.0, 3, 4))])
    def f_poisson_logpmf(mu):
        return np.sum(sst.poisson.logpmf(KS, mu))

    @case("scipy.stats.poisson.pmf", args=gen(U(0.5, 4.0, 4)))
    def f_poisson_pmf(mu):
        return np.sum(sst.poisson.pmf(KS, mu))

    def TRI(n, lower, *batch):
        def make(rng):
            m = rng.standard_normal(batch + (n, n)) + 3.0 * np.eye(n)
            return np.tril(m) if lower else np.triu(m)

        return make

    @case(
        "scipy.linalg.solve_triangular",
        args=[gen(TRI(3, True), N(3)), gen(TRI(3, True), N(3, 2)), gen(N(3, 3), N(3, 2))],
        argnums=AB,
        autograd="autograd's solve_triangular symmetrizes nothing: checked below",
    )
    def f_solve_triangular_lower(a, b):
        return np.sum(np.sin(sla.solve_triangular(a + 3.0 * np.eye(3), b, lower=True)))

    @case(
        "scipy.linalg.solve_triangular",
        args=[gen(TRI(3, False), N(3, 2)), gen(N(3, 3), N(3))],
        argnums=AB,
        autograd="autograd's solve_triangular: checked below",
    )
    def f_solve_triangular_upper_trans(a, b):
        return np.sum(np.sin(sla.solve_triangular(a + 3.0 * np.eye(3), b, trans=1))) + np.sum(
            sla.solve_triangular(a + 3.0 * np.eye(3), b, trans="T", lower=True, unit_diagonal=True)
            ** 2
        )

    @case("scipy.linalg.solve_triangular", args=gen(TRI(3, True), N(3, 2)), argnums=AB)
    def f_solve_triangular_ag(a, b):
        return np.sum(np.sin(sla.solve_triangular(a, b, lower=True)))

    @case(
        "scipy.linalg.solve",
        args=[gen(N(3, 3), N(3)), gen(N(3, 3), N(3, 2)), gen(N(4, 4), N(4, 3))],
        argnums=AB,
        autograd="autograd has no derivative of scipy.linalg.solve",
    )
    def f_scipy_solve(a, b):
        # a is not symmetric: the triangle that assume_a="sym" reads matters
        a = a + 4.0 * np.eye(len(a))
        return (
            np.sum(np.sin(sla.solve(a, b)))
            + np.sum(sla.solve(a, b, assume_a="sym", lower=True) ** 2)
            + np.sum(np.cos(sla.solve(a, b, assume_a="upper triangular", transposed=True)))
        )


# -- issue 12: the rest of NumPy --------------------------------------------------------------


@case("np.diff", args=[gen(N(6)), X34, X234], autograd="autograd's diff fails for n=2 axis=0")
def f_diff(x):
    return np.sum(np.sin(np.diff(x))) + np.sum(np.diff(x, n=2, axis=0) ** 2)


@case(
    "np.diff",
    args=gen(N(3, 4), N(3, 1), N(3, 2)),
    argnums=(0, 1, 2),
    autograd="autograd's diff has no prepend/append",
)
def f_diff_prepend_append(x, p, q):
    return (
        np.sum(np.sin(np.diff(x, prepend=p, append=q)))
        + np.sum(np.diff(x, axis=0, prepend=0.5) ** 2)
        + np.sum(np.sin(np.diff(x, 2, -1, append=q)))
    )


@case("np.diff", args=gen(N(5), N()), argnums=AB, autograd="autograd's diff has no prepend/append")
def f_diff_scalar_prepend(x, p):
    return np.sum(np.sin(np.diff(x, prepend=p)))


@case("np.append", args=[gen(N(3, 4), N(2, 4)), gen(N(4), N(3))], argnums=AB)
def f_append(x, y):
    return np.sum(np.sin(np.append(x, y))) + np.sum(np.sin(np.append(x, y, axis=0)))


@case("np.append", args=gen(N(3, 4), N(3, 2)), argnums=AB)
def f_append_axis1(x, y):
    return np.sum(np.sin(np.append(x, y, axis=1)))


@case("np.column_stack", args=[gen(N(4), N(4, 2)), gen(N(4), N(4))], argnums=AB)
def f_column_stack(x, y):
    return np.sum(np.sin(np.column_stack([x, y, x])))


@case(
    "np.dstack",
    args=[gen(N(3, 4), N(3, 4)), gen(N(3, 4, 2), N(3, 4))],
    argnums=AB,
    autograd="autograd has no derivative of np.dstack",
)
def f_dstack(x, y):
    return np.sum(np.sin(np.dstack([x, y])))


@case("np.split", args=[gen(N(6, 2)), gen(N(6))])
def f_split(x):
    a, b, c = np.split(x, 3)
    return np.sum(np.sin(a) * c) + np.sum(np.split(x, [1, 4])[1] ** 2)


@case("np.split", args=gen(N(2, 6)))
def f_split_axis(x):
    parts = np.split(x, 2, axis=1)
    return np.sum(np.sin(parts[0]) * parts[1])


@case("np.array_split", args=[gen(N(7)), gen(N(7, 2))])
def f_array_split(x):
    a, b, c = np.array_split(x, 3)
    return np.sum(np.sin(a)) + np.sum(c**2)


@case("np.hsplit", args=[gen(N(3, 4)), gen(N(6))], autograd={1: "autograd's hsplit of a 1-d array"})
def f_hsplit(x):
    a, b = np.hsplit(x, 2)
    return np.sum(np.sin(a) * b)


@case("np.vsplit", args=gen(N(4, 3)))
def f_vsplit(x):
    a, b = np.vsplit(x, 2)
    return np.sum(np.sin(a) * b)


@case("np.dsplit", args=gen(N(2, 3, 4)))
def f_dsplit(x):
    a, b = np.dsplit(x, 2)
    return np.sum(np.sin(a) * b)


@case(
    "np.take_along_axis",
    args=[X34, gen(N(2, 5))],
    autograd="autograd has no derivative of np.take_along_axis",
)
def f_take_along_axis(x):
    order = np.argsort(x, axis=-1)
    return np.sum(np.sin(np.take_along_axis(x, order, axis=-1)) * np.arange(np.shape(x)[-1]))


@case("np.take_along_axis", args=X34, autograd="autograd has no derivative of np.take_along_axis")
def f_take_along_axis_repeat(x):
    idx = np.array([[0, 0], [1, 3], [2, 2]])
    return (
        np.sum(np.sin(np.take_along_axis(x, idx, axis=1)))
        + np.sum(np.take_along_axis(x, np.array([[0, 2, 1, 2]]), axis=0) ** 2)
        + np.sum(np.take_along_axis(np.ravel(x), np.array([5, 5, 1]), axis=None) ** 2)
    )


@case(
    "np.select",
    args=[gen(N(3, 4), N(3, 4)), gen(N(3, 4), N(4))],
    argnums=AB,
    autograd="autograd has no derivative of np.select",
)
def f_select(x, y):
    return np.sum(np.sin(np.select([x > 0.5, x < -0.5], [x * y, y], default=x**2)))


@case(
    "np.select",
    args=gen(N(3, 4), N()),
    argnums=AB,
    autograd="autograd has no derivative of np.select",
)
def f_select_default(x, d):
    return np.sum(np.sin(np.select([x > 0.0], [x], d)))


@case("np.partition", args=[gen(N(6)), X34], autograd="autograd has no derivative of np.partition")
def f_partition(x):
    return np.sum(np.sin(np.partition(x, 2)) * np.arange(np.shape(x)[-1]))


@case("np.partition", args=X34, autograd="autograd has no derivative of np.partition")
def f_partition_axis(x):
    return np.sum(np.sin(np.partition(x, 1, axis=0)) * np.arange(4.0)) + np.sum(
        np.partition(x, 3, axis=None)[:3] ** 2
    )


@case("np.gradient", args=[gen(N(6)), X34], autograd="autograd has no derivative of np.gradient")
def f_gradient(x):
    g = np.gradient(x)
    if np.ndim(x) == 1:
        return np.sum(np.sin(g)) + np.sum(np.gradient(x, 0.5) ** 2)
    return np.sum(np.sin(g[0])) + np.sum(g[1] ** 2) + np.sum(np.gradient(x, 0.5, 2.0)[1] ** 2)


@case("np.gradient", args=gen(N(5)), autograd="autograd has no derivative of np.gradient")
def f_gradient_coordinates(x):
    return np.sum(np.sin(np.gradient(x, np.array([0.0, 0.5, 1.5, 1.7, 3.0]))))


@case(
    "np.kron",
    args=[gen(N(2, 3), N(3, 2)), gen(N(3), N(2)), gen(N(3), N(2, 2)), gen(N(2, 2, 2), N(2, 3))],
    argnums=AB,
    autograd={
        2: "autograd's kron needs operands of one rank",
        3: "autograd's kron needs operands of one rank",
    },
)
def f_kron(x, y):
    return np.sum(np.sin(np.kron(x, y)))


def _numpy_crosses_2_vectors() -> bool:
    try:  # removed in NumPy 2.5 (deprecated since 2.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            np.cross(np.ones(2), np.ones(2))
    except ValueError:
        return False
    return True


CROSS_2 = [gen(N(4, 2), N(4, 2))] if _numpy_crosses_2_vectors() else []


@case(
    "np.cross",
    args=[gen(N(2, 5), N(5, 2))] if CROSS_2 else [],
    argnums=AB,
    autograd="autograd's np.cross rule fails for 2-vectors on another axis",
)
def f_cross_2d_axes(x, y):
    return np.sum(np.sin(np.cross(x, y, axisa=0, axisb=-1)) * np.arange(5.0))


@case(
    "np.cross",
    args=[gen(N(3), N(3)), gen(N(4, 3), N(3))] + CROSS_2,
    argnums=AB,
    autograd={1: "autograd's cross does not unbroadcast", 2: "autograd's cross of 2-vectors"},
)
def f_cross(x, y):
    return np.sum(np.sin(np.cross(x, y)))


CONV_SHAPES = [gen(N(5), N(3)), gen(N(3), N(5)), gen(N(4), N(4)), gen(N(2), N(6)), gen(N(6), N(1))]


@case(
    "np.convolve",
    args=CONV_SHAPES,
    argnums=AB,
    autograd="autograd's convolve has no derivative with mode as a keyword",
)
def f_convolve(x, y):
    return (
        np.sum(np.sin(np.convolve(x, y)))
        + np.sum(np.sin(np.convolve(x, y, "same")))
        + np.sum(np.convolve(x, y, mode="valid") ** 2)
    )


@case(
    "np.correlate",
    args=CONV_SHAPES,
    argnums=AB,
    autograd="autograd has no derivative of np.correlate",
)
def f_correlate(x, y):
    return (
        np.sum(np.sin(np.correlate(x, y)))
        + np.sum(np.sin(np.correlate(x, y, "same")))
        + np.sum(np.correlate(x, y, mode="full") ** 2)
    )


@case(
    "np.dot",
    args=[
        gen(N(2, 3, 4), N(4, 5)),
        gen(N(2, 3, 4), N(3, 4, 2)),
        gen(N(3, 4), N(2, 4, 5)),
        gen(N(2, 3, 4), N(4)),
        gen(N(4), N(2, 4, 3)),
    ],
    argnums=AB,
)
def f_dot_nd(x, y):
    return np.sum(np.sin(np.dot(x, y)))


# reductions that skip NaN: NaN entries get no gradient
def NANS(*shape):
    def make(rng):
        x = rng.standard_normal(shape)
        x[(0,) * (len(shape) - 1) + (1,)] = np.nan
        return x

    return make


NANX = gen(NANS(3, 4))
NAN_AG = "autograd's nan-reductions differ at the NaN entries (checked by differences)"


@case("np.nansum", args=[NANX, X34], autograd=NAN_AG)
def f_nansum(x):
    # (sin(NaN) would give NaN * 0 = NaN in any reverse mode: NaN stays outside the reduction)
    return np.nansum(2.0 * x) ** 2 + np.sum(np.sin(np.nansum(x, axis=0)))


@case("np.nanmean", args=[NANX, X34], autograd=NAN_AG)
def f_nanmean(x):
    return np.nanmean(np.sin(x)) + np.sum(np.sin(np.nanmean(x, axis=1, keepdims=True) * x[0]))


@case("np.nanmax", args=[NANX, X34], autograd=NAN_AG)
def f_nanmax(x):
    return np.nanmax(x) + np.sum(np.sin(np.nanmax(x, axis=1)))


@case("np.nanmin", args=[NANX, X34], autograd=NAN_AG)
def f_nanmin(x):
    return np.nanmin(x) + np.sum(np.sin(np.nanmin(x, axis=0)))


@case("np.nanprod", args=[gen(NANS(3, 4)), gen(AWAY(0.5, 1.5, 3, 4))], autograd=NAN_AG)
def f_nanprod(x):
    return np.nanprod(x) + np.sum(np.sin(np.nanprod(x, axis=1)))


@case("np.nanvar", args=[NANX, X34], autograd=NAN_AG)
def f_nanvar(x):
    return np.nanvar(x) + np.sum(np.sin(np.nanvar(x, axis=1, ddof=1)))


@case("np.nanstd", args=[NANX, X34], autograd=NAN_AG)
def f_nanstd(x):
    return np.nanstd(x) + np.sum(np.sin(np.nanstd(x, axis=0, ddof=1, keepdims=True)))


CURVES_AG = "autograd has no derivative of this function"
KNOTS = np.linspace(-2.0, 2.0, 7)


@case(
    "np.trapezoid",
    args=[gen(N(3, 5), U(0.5, 1.5)), gen(N(5), U(0.5, 1.5))],
    argnums=AB,
    autograd=CURVES_AG,
)
def f_trapezoid(y, dx):
    # unit spacing, a spacing dx, and sample positions (also differentiated) along an axis
    xs = np.cumsum(np.abs(y[..., :1]) + np.linspace(0.5, 1.5, np.shape(y)[-1]), axis=-1)
    return (
        np.sum(np.trapezoid(y**2) ** 2)
        + np.sum(np.trapezoid(np.sin(y), dx=dx))
        + np.sum(np.trapezoid(y, xs) ** 2)
        + np.sum(np.trapezoid(y, np.linspace(0.0, 2.0, np.shape(y)[-1]) * dx, axis=-1))
    )


@case("np.interp", args=[gen(U(-2.5, 2.5, 6), N(7))], argnums=AB, autograd=CURVES_AG)
def f_interp(x, fp):
    return np.sum(np.interp(x, KNOTS, fp) ** 2) + np.sum(
        np.interp(x * 1.5, KNOTS, np.sin(KNOTS), left=fp[0], right=fp[1] ** 2)
    )


@case(
    "np.polynomial.polynomial.polyval",
    args=[gen(N(5), N(4)), gen(N(2, 3), N(1)), gen(N(3), N(2))],
    argnums=AB,
    autograd="autograd has no derivative of numpy.polynomial.polynomial.polyval",
)
def f_polyval_ascending(x, c):
    # coefficients lowest power first, x first (numpy.polynomial's order)
    return np.sum(np.polynomial.polynomial.polyval(x, c) ** 2) + np.sum(
        np.polynomial.polynomial.polyval(0.5, c) * x
    )


@case("np.polyval", args=[gen(N(4), N(5)), gen(N(1), N(2, 3))], argnums=AB, autograd=CURVES_AG)
def f_polyval(p, x):
    return np.sum(np.polyval(p, x) ** 2) + np.polyval(p, 0.5) * np.sum(x)


@case("np.ptp", args=[X34, X234], autograd=CURVES_AG)
def f_ptp(x):
    return (
        np.ptp(x) ** 2
        + np.sum(np.sin(np.ptp(x, axis=-1)))
        + np.sum(np.ptp(x, axis=0, keepdims=True) * x)
    )


@case("np.cumulative_sum", args=[gen(N(5)), X34], autograd=CURVES_AG)
def f_cumulative_sum(x):
    if np.ndim(x) == 1:
        return np.sum(np.cumulative_sum(x, include_initial=True) ** 2)
    return np.sum(np.sin(np.cumulative_sum(x, axis=1))) + np.sum(
        np.cumulative_sum(x, axis=0, include_initial=True) ** 2
    )


@case("np.matrix_transpose", "np.linalg.matrix_transpose", args=[X34, X234], autograd=CURVES_AG)
def f_matrix_transpose(x):
    return np.sum(
        np.sin(np.matrix_transpose(x))
        * np.arange(np.size(x) * 1.0).reshape(np.shape(np.linalg.matrix_transpose(x)))
    )


@case("np.fmod", args=[gen(N(3, 4), U(0.6, 1.2, 4))], argnums=AB, autograd=CURVES_AG)
def f_fmod(a, b):
    return np.sum(np.fmod(3.0 * a, b) ** 2) + np.sum(np.fmod(2.5, b + a[0] ** 2))


@case("np.copysign", args=[gen(AWAY(0.2, 2.0, 3, 4))], autograd=CURVES_AG)
def f_copysign(x):
    return np.sum(np.copysign(x**3, -x[0]) + np.copysign(2.0, x) * x)


@case("np.ldexp", args=X34, autograd=CURVES_AG)
def f_ldexp(x):
    return np.sum(np.ldexp(x, 3) ** 2) + np.sum(np.ldexp(x, np.array([1, 2, 0, -1])))


@case("np.nextafter", args=X34, autograd=CURVES_AG)
def f_nextafter(x):
    return np.sum(np.nextafter(x, 10.0) ** 2)


QUANTILE_AG = "autograd has no derivative of quantiles"


@case("np.median", args=[X34, X234], autograd=QUANTILE_AG)
def f_median(x):
    return (
        np.median(x) ** 2
        + np.sum(np.sin(np.median(x, axis=1)))
        + np.sum(np.median(x, axis=0, keepdims=True) * x)
    )


@case("np.quantile", args=[X34, X234], autograd=QUANTILE_AG)
def f_quantile(x):
    # several quantiles at once, a tuple of axes, and every method with a derivative
    return (
        np.sum(np.quantile(x, [0.1, 0.5, 0.93], axis=-1) ** 2)
        + np.sum(np.sin(np.quantile(x, 0.3, axis=(0, 1), keepdims=True)))
        + np.quantile(x, 0.37, method="lower") * np.quantile(x, 0.37, method="higher")
        + np.sum(np.quantile(x, [0.37, 0.5], axis=0, method="midpoint") ** 3)
        + np.sum(np.quantile(x, [0.37, 0.5, 0.625], axis=0, method="nearest") ** 3)
    )


@case("np.percentile", args=[X34, X234], autograd=QUANTILE_AG)
def f_percentile(x):
    return np.sum(np.percentile(x, [25.0, 75.0], axis=0) ** 2) + np.percentile(
        x, 60, method="lower"
    )


@case("np.nanmedian", args=[NANX, X34], autograd=QUANTILE_AG)
def f_nanmedian(x):
    return np.nanmedian(x) ** 2 + np.sum(np.sin(np.nanmedian(x, axis=1)))


@case("np.nanquantile", args=[NANX, X34], autograd=QUANTILE_AG)
def f_nanquantile(x):
    return np.sum(np.nanquantile(x, [0.2, 0.8], axis=1) ** 2) + np.nanquantile(x, 0.4)


@case("np.nanpercentile", args=[NANX, X34], autograd=QUANTILE_AG)
def f_nanpercentile(x):
    return np.sum(np.sin(np.nanpercentile(x, 30.0, axis=0, keepdims=True)) * x[2])


@case(
    "np.average",
    args=[gen(N(3, 4), U(0.5, 2.0, 3, 4)), gen(N(3, 4), U(0.5, 2.0, 4))],
    argnums=AB,
    autograd="autograd's average has no derivative in the weights",
)
def f_average(x, w):
    if np.ndim(w) == 1:
        return np.sum(np.sin(np.average(x, axis=1, weights=w))) + np.sum(
            np.average(x, axis=-1, weights=w, keepdims=True) * x
        )
    return np.sum(np.sin(np.average(x, axis=0, weights=w))) + np.average(x, weights=w) ** 2


@case(
    "np.average",
    args=[gen(N(3, 4), U(0.5, 2.0, 3, 4)), gen(N(3, 4), U(0.5, 2.0, 4))],
    argnums=AB,
    autograd="autograd's average has no derivative in the weights",
)
def f_average_returned(x, w):
    # returned=True: (average, sum of weights), the sum the shape of the average
    if np.ndim(w) == 1:
        avg, total = np.average(x, axis=1, weights=w, returned=True)
        both = np.average(x, axis=-1, weights=w, returned=True, keepdims=True)
        return np.sum(np.sin(avg) * total) + np.sum(both[0] * both[1] ** 2 * x)
    avg, total = np.average(x, axis=0, weights=w, returned=True)
    whole, count = np.average(x, weights=w, returned=True)
    return np.sum(np.sin(avg) * np.sqrt(total)) + whole**2 * count


@case("np.average", args=X34, autograd="autograd has no derivative of np.average")
def f_average_returned_unweighted(x):
    avg, count = np.average(x, axis=1, returned=True)  # the count has no derivative
    return np.sum(np.sin(avg) * count)


@case("np.average", args=X34, autograd="autograd has no derivative of np.average")
def f_average_unweighted(x):
    return np.sum(np.sin(np.average(x, axis=0))) + np.average(x) ** 2


# numpy.linalg: symmetric arguments built inside the function (numpy reads one triangle)


def SPD(n, *batch):
    return lambda rng: rng.standard_normal(batch + (n, n))


def _spd(b):
    return b @ np.swapaxes(b, -1, -2) + 3.0 * np.eye(np.shape(b)[-1])


@case("np.linalg.cholesky", args=[gen(SPD(3)), gen(SPD(1)), gen(SPD(4, 2))])
def f_cholesky(b):
    return np.sum(np.sin(np.linalg.cholesky(_spd(b))))


@case(
    "np.linalg.cholesky",
    args=gen(SPD(3)),
    autograd="autograd symmetrizes the argument; numpy reads its lower triangle",
)
def f_cholesky_raw(b):
    return np.sum(np.sin(np.linalg.cholesky(_spd(b) + 0.3 * b)))


@case("np.linalg.slogdet", args=[gen(WELL(3)), gen(WELL(3, 2))])
def f_slogdet(a):
    sign, logdet = np.linalg.slogdet(a)
    return np.sum(np.sin(logdet) * sign)


@case("np.linalg.eigh", args=[gen(SPD(3)), gen(SPD(4, 2))])
def f_eigh(b):
    w, v = np.linalg.eigh(_spd(b))
    return np.sum(np.sin(w)) + np.sum(v**2 * np.arange(np.size(v)).reshape(np.shape(v)))


@case(
    "np.linalg.eigh",
    args=gen(SPD(3)),
    autograd="autograd symmetrizes the argument; numpy reads one triangle",
)
def f_eigh_raw(b):
    w, v = np.linalg.eigh(_spd(b) + 0.3 * b)
    w2, v2 = np.linalg.eigh(_spd(b) + 0.3 * b, UPLO="U")
    return np.sum(np.sin(w)) + np.sum(v[0] ** 2) + np.sum(np.sin(w2)) + np.sum(v2[:, 1] ** 2)


@case(
    "np.linalg.eigvalsh",
    args=[gen(SPD(3)), gen(SPD(3, 2))],
    autograd="autograd has no derivative of np.linalg.eigvalsh",
)
def f_eigvalsh(b):
    return np.sum(np.sin(np.linalg.eigvalsh(_spd(b)))) + np.sum(
        np.linalg.eigvalsh(_spd(b) + 0.3 * b, UPLO="U") ** 2
    )


@case(
    "np.linalg.pinv",
    args=[gen(N(4, 3)), gen(N(3, 4)), gen(WELL(3)), gen(N(2, 4, 3))],
    autograd="autograd has no derivative of np.linalg.pinv",
)
def f_pinv(a):
    return np.sum(np.sin(np.linalg.pinv(a)))


@case(
    "np.linalg.svd",
    args=[gen(N(4, 3)), gen(N(3, 4)), gen(N(3, 3)), gen(N(2, 4, 3))],
    autograd="autograd's svd needs full_matrices=False spelled out: checked in f_svd_ag",
)
def f_svd(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(np.sin(s)) + np.sum(u**2 * np.cos(u)) + np.sum(vt**2 * np.sin(vt))


@case("np.linalg.svd", args=gen(N(4, 3)))
def f_svd_ag(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(s**2) + np.sum(u**4) + np.sum((vt[0] * vt[1]) ** 2)


@case(
    "np.linalg.svd",
    args=[gen(N(4, 3)), gen(N(2, 3, 3))],
    autograd="autograd's svd has no compute_uv=False derivative",
)
def f_svd_values(a):
    return np.sum(np.sin(np.linalg.svd(a, compute_uv=False))) + np.sum(
        np.linalg.svd(a, full_matrices=False)[1] ** 2
    )


@case(
    "np.linalg.qr",
    args=[gen(N(4, 3)), gen(N(3, 3)), gen(N(2, 4, 3))],
    autograd="autograd has no derivative of np.linalg.qr",
)
def f_qr(a):
    q, r = np.linalg.qr(a)
    return np.sum(np.sin(q)) + np.sum(np.cos(r)) + np.sum(np.linalg.qr(a)[1] ** 2)


@case(
    "np.linalg.matrix_power",
    args=[gen(N(3, 3)), gen(WELL(3)), gen(N(2, 3, 3))],
    autograd="autograd has no derivative of np.linalg.matrix_power",
)
def f_matrix_power(a):
    if np.ndim(a) == 3:
        return np.sum(np.sin(np.linalg.matrix_power(a, 3)))
    return (
        np.sum(np.sin(np.linalg.matrix_power(a, 3)))
        + np.sum(np.linalg.matrix_power(a, 1) ** 2)
        + np.sum(np.linalg.matrix_power(a + 4.0 * np.eye(3), -2))
    )


@case(
    "np.linalg.matrix_power",
    args=gen(N(3, 3)),
    autograd="autograd has no derivative of np.linalg.matrix_power",
)
def f_matrix_power_4(a):
    return np.sum(np.sin(np.linalg.matrix_power(a, 4)))


@case(
    "np.linalg.multi_dot",
    args=[gen(N(3, 4), N(4, 2), N(2, 5)), gen(N(4), N(4, 2), N(2))],
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.linalg.multi_dot",
)
def f_multi_dot(a, b, c):
    return np.sum(np.sin(np.linalg.multi_dot([a, b, c])))


@case("np.pad", args=[X34, gen(N(5))], autograd="autograd's pad has no modes but constant")
def f_pad(x):
    return (
        np.sum(np.sin(np.pad(x, 2)))
        + np.sum(np.sin(np.pad(x, 1, mode="edge")))
        + np.sum(np.sin(np.pad(x, 2, "reflect")))
        + np.sum(np.sin(np.pad(x, (1, 3), mode="wrap")))
        + np.sum(np.sin(np.pad(x, 3, mode="symmetric")))
    )


@case(
    "np.pad",
    args=gen(N(3, 4), N()),
    argnums=AB,
    autograd="autograd's pad has no derivative in constant_values",
)
def f_pad_constant(x, c):
    return np.sum(np.sin(np.pad(x, ((1, 0), (2, 1)), constant_values=c))) + np.sum(
        np.pad(x, ((0, 1), (1, 1)), mode="constant", constant_values=0.5) ** 2
    )


@case("np.pad", args=X34)
def f_pad_ag(x):
    return np.sum(np.sin(np.pad(x, ((1, 2), (0, 1)), "constant")))


if sps is not None:

    def _cov(b):
        return b @ b.T + np.eye(3)

    MVN_ARGS = [
        gen(N(5, 3), N(3), N(3, 3)),
        gen(N(3), N(3), N(3, 3)),
        gen(N(1, 3), N(3), N(3, 3)),
        gen(N(2, 4, 3), N(3), N(3, 3)),
    ]

    @case(
        "scipy.stats.multivariate_normal.logpdf",
        args=MVN_ARGS,
        argnums=(0, 1, 2),
        autograd={2: "autograd squeezes differently", 3: "autograd's mvn takes 2-d x"},
    )
    def f_mvn_logpdf(x, m, b):
        return np.sum(np.sin(sst.multivariate_normal.logpdf(x, m, _cov(b))))

    @case(
        "scipy.stats.multivariate_normal.logpdf",
        args=gen(N(4, 3), N(3, 3)),
        autograd="autograd symmetrizes cov; scipy reads its lower triangle",
    )
    def f_mvn_logpdf_raw_cov(x, b):
        return np.sum(sst.multivariate_normal.logpdf(x, cov=_cov(b) + 0.3 * b)) + np.sum(
            sst.multivariate_normal.logpdf(x, np.ones(3), np.eye(3))
        )

    @case("scipy.stats.multivariate_normal.pdf", args=MVN_ARGS[:2], argnums=(0, 1, 2))
    def f_mvn_pdf(x, m, b):
        return np.sum(np.sin(sst.multivariate_normal.pdf(x, m, _cov(b))))

    @case("scipy.stats.multivariate_normal.entropy", args=[gen(N(3), N(3, 3))], argnums=AB)
    def f_mvn_entropy(m, b):
        return np.sin(sst.multivariate_normal.entropy(m, _cov(b)))

    def _simplex(z):
        e = np.exp(z)
        return e / np.sum(e, axis=0)

    DIRICHLET_AG = {1: "autograd's dirichlet does not sum the alpha derivative over samples"}

    @case(
        "scipy.stats.dirichlet.logpdf",
        args=[gen(N(3), U(0.5, 3.0, 3)), gen(N(3, 4), U(0.5, 3.0, 3))],
        argnums=AB,
        autograd=DIRICHLET_AG,
    )
    def f_dirichlet_logpdf(z, alpha):
        return np.sum(np.sin(sst.dirichlet.logpdf(_simplex(z), alpha)))

    @case(
        "scipy.stats.dirichlet.pdf",
        args=[gen(N(3), U(0.5, 3.0, 3)), gen(N(3, 4), U(0.5, 3.0, 3))],
        argnums=AB,
        autograd=DIRICHLET_AG,
    )
    def f_dirichlet_pdf(z, alpha):
        return np.sum(np.sin(sst.dirichlet.pdf(_simplex(z), alpha)))


if sps is not None:
    import scipy.signal as ssig

    @case(
        "scipy.linalg.expm",
        args=[gen(N(3, 3)), gen(N(1, 1)), gen(N(4, 4))],
        autograd="autograd has no derivative of scipy.linalg.expm",
    )
    def f_expm(a):
        return np.sum(np.sin(sla.expm(a)))

    @case(
        "scipy.linalg.sqrtm",
        args=[gen(SPD(3)), gen(WELL(3))],
        autograd="autograd's sqrtm assumes a symmetric argument",
        rtol=1e-5,
        atol=1e-5,
    )
    def f_sqrtm(b):
        return np.sum(np.sin(sla.sqrtm(b @ b.T + 3.0 * np.eye(3) + 0.2 * b)))

    @case("scipy.linalg.sqrtm", args=gen(SPD(3)), rtol=1e-5, atol=1e-5)
    def f_sqrtm_sym(b):
        return np.sum(np.sin(sla.sqrtm(b @ b.T + 3.0 * np.eye(3))))

    @case(
        "scipy.linalg.solve_sylvester",
        args=[gen(WELL(3), WELL(3), N(3, 3)), gen(WELL(3), WELL(2), N(3, 2))],
        argnums=(0, 1, 2),
    )
    def f_solve_sylvester(a, b, q):
        return np.sum(np.sin(sla.solve_sylvester(a, b, q)))

    @case("scipy.linalg.solve_banded", args=gen(N(3, 5), N(5)), argnums=AB)
    def f_solve_banded(ab, b):
        ab = ab + np.array([[0.0], [4.0], [0.0]])  # diagonally dominant
        return np.sum(np.sin(sla.solve_banded((1, 1), ab, b)))

    @case(
        "scipy.linalg.solve_banded",
        args=gen(N(4, 6), N(6, 2)),
        argnums=AB,
        autograd="autograd's solve_banded adjoint of ab has the wrong shape for 2-d b",
    )
    def f_solve_banded_columns(ab, b):
        ab = ab + np.array([[0.0], [0.0], [5.0], [0.0]])
        return np.sum(np.sin(sla.solve_banded((1, 2), ab, b)) ** 2)

    SIGNAL_SHAPES = [
        gen(N(5), N(3)),
        gen(N(3), N(5)),
        gen(N(4, 5), N(2, 3)),
        gen(N(2, 3), N(4, 5)),
        gen(N(3, 3), N(3, 3)),
    ]

    @case("general_convolve", args=[gen(N(4, 3), N(3, 2)), gen(N(5, 3), N(2, 4))], argnums=AB)
    def f_general_convolve(a, b):
        return (
            np.sum(np.sin(general_convolve(a, b, axes=([0], [1]), mode="valid")))
            + np.sum(general_convolve(a, b, axes=([1], [0]), mode="same") ** 2)
            + np.sum(np.sin(general_convolve(a, b, mode="full")))
        )

    @case(
        "general_convolve",
        args=[gen(N(3, 3, 2), N(3, 2, 3)), gen(N(2, 4, 2), N(2, 2, 3))],
        argnums=AB,
    )
    def f_general_convolve_dot(a, b):
        return np.sum(
            np.sin(general_convolve(a, b, axes=([1], [1]), dot_axes=([0], [0]), mode="full"))
        ) + np.sum(general_convolve(a, b, axes=([1], [2]), dot_axes=([2], [1]), mode="valid") ** 2)

    @case(
        "scipy.signal.convolve",
        args=SIGNAL_SHAPES,
        argnums=AB,
        autograd="autograd.scipy.signal.convolve has another signature",
    )
    def f_signal_convolve(x, y):
        return (
            np.sum(np.sin(ssig.convolve(x, y)))
            + np.sum(np.sin(ssig.convolve(x, y, "same")))
            + np.sum(ssig.convolve(x, y, mode="valid", method="direct") ** 2)
        )

    @case("scipy.signal.correlate", args=SIGNAL_SHAPES, argnums=AB, autograd="no correlate")
    def f_signal_correlate(x, y):
        return (
            np.sum(np.sin(ssig.correlate(x, y)))
            + np.sum(np.sin(ssig.correlate(x, y, "same")))
            + np.sum(ssig.correlate(x, y, mode="valid", method="direct") ** 2)
        )

    SIGNAL_2D = [gen(N(4, 5), N(2, 3)), gen(N(2, 3), N(4, 5)), gen(N(3, 3), N(3, 3))]

    @case("scipy.signal.convolve2d", args=SIGNAL_2D, argnums=AB, autograd="no convolve2d")
    def f_signal_convolve2d(x, y):
        return (
            np.sum(np.sin(ssig.convolve2d(x, y)))
            + np.sum(np.sin(ssig.convolve2d(x, y, "same")))
            + np.sum(ssig.convolve2d(x, y, mode="valid", boundary="wrap") ** 2)
        )

    @case("scipy.signal.correlate2d", args=SIGNAL_2D, argnums=AB, autograd="no correlate2d")
    def f_signal_correlate2d(x, y):
        return (
            np.sum(np.sin(ssig.correlate2d(x, y)))
            + np.sum(np.sin(ssig.correlate2d(x, y, "same", fillvalue=0.0)))
            + np.sum(ssig.correlate2d(x, y, mode="valid", boundary="symm") ** 2)
        )

    import scipy.spatial.distance as ssd

    SPATIAL_AG = "autograd has no scipy.spatial"
    ROWS = [gen(N(4, 3), N(3, 3)), gen(N(2, 2), N(5, 2))]

    @case("scipy.spatial.distance.cdist", args=ROWS, argnums=AB, autograd=SPATIAL_AG)
    def f_cdist(x, y):
        return (
            np.sum(np.sin(ssd.cdist(x, y)))
            + np.sum(ssd.cdist(x, y, "sqeuclidean") ** 2)
            + np.sum(np.cos(ssd.cdist(x, y, metric="cityblock")))
            + np.sum(np.exp(-ssd.cdist(x, y, "minkowski", p=3.0)))
            + np.sum(np.sin(ssd.cdist(x, y, "chebyshev")))
            + np.sum(np.sin(ssd.cdist(x, y, "cosine")))
        )

    @case("scipy.spatial.distance.pdist", args=[gen(N(4, 3)), gen(N(2, 2))], autograd=SPATIAL_AG)
    def f_pdist(x):
        return (
            np.sum(np.sin(ssd.pdist(x)))
            + np.sum(ssd.pdist(x, "sqeuclidean") ** 2)
            + np.sum(np.cos(ssd.pdist(x, metric="cityblock")))
            + np.sum(np.exp(-ssd.pdist(x, "minkowski", p=1.5)))
            + np.sum(np.sin(ssd.pdist(x, "chebyshev")))
            + np.sum(np.sin(ssd.pdist(x, "cosine")))
        )

    @case("scipy.spatial.distance.squareform", args=[gen(N(6)), gen(N(1))], autograd=SPATIAL_AG)
    def f_squareform(v):
        m = ssd.squareform(v)
        return np.sum(np.sin(m) * np.arange(m.size).reshape(m.shape)) + np.sum(
            ssd.squareform(np.cos(m) * m, checks=False) ** 2
        )

    @case(
        "scipy.spatial.distance.euclidean",
        "scipy.spatial.distance.sqeuclidean",
        args=[gen(N(3), N(3)), gen(N(1), N(1))],
        argnums=AB,
        autograd=SPATIAL_AG,
    )
    def f_euclidean(u, v):
        return np.sin(ssd.euclidean(u, v)) + ssd.sqeuclidean(u, v * v) ** 2


def REALEIG(n, *batch):
    """Matrices with real, well-separated eigenvalues."""

    def make(rng):
        q = rng.standard_normal(batch + (n, n)) + 2.0 * np.eye(n)
        return q @ (np.arange(1.0, n + 1.0) * 1.5 * np.eye(n)) @ np.linalg.inv(q)

    return make


@case(
    "np.linalg.eig",
    args=[gen(REALEIG(3)), gen(REALEIG(3, 2))],
    autograd="autograd's eig is complex-valued",
)
def f_eig(a):
    w, v = np.linalg.eig(a)  # complex with a zero imaginary part from NumPy 2.5 on
    return np.real(np.sum(np.sin(w)) + np.sum(v**2 * np.arange(np.size(v)).reshape(np.shape(v))))


@case(
    "np.linalg.eigvals",
    args=[gen(REALEIG(3)), gen(REALEIG(4, 2))],
    autograd="autograd has no derivative of np.linalg.eigvals",
)
def f_eigvals(a):
    return np.real(np.sum(np.sin(np.linalg.eigvals(a))))  # complex from NumPy 2.5 on


# np.linalg.norm in every ord (issue 12)
V5 = gen(AWAY(0.3, 2.0, 5))


@case(
    "np.linalg.norm",
    args=[V5, gen(AWAY(0.3, 2.0, 3, 4))],
    autograd="autograd's norm of vectors: checked in f_norm_ords_ag",
)
def f_norm_vector_ords(x):
    return np.sum(
        np.linalg.norm(x, 1, axis=-1)
        + np.linalg.norm(x, np.inf, axis=-1) ** 2
        + np.linalg.norm(x, -np.inf, axis=-1)
        + np.linalg.norm(x, 3, axis=-1)
        + np.linalg.norm(x, 0.5, axis=-1)
        + np.linalg.norm(x, -1, axis=-1)
        + np.linalg.norm(x, 0, axis=-1)
    )


@case("np.linalg.norm", args=V5)
def f_norm_ords_ag(x):
    return np.linalg.norm(x, 3) + np.linalg.norm(x, 1.5) ** 2


@case(
    "np.linalg.norm",
    args=[X34, gen(N(4, 4)), gen(N(2, 3, 4))],
    autograd="autograd's matrix norms: checked in f_norm_matrix_ag",
)
def f_norm_matrix_ords(x):
    ax = None if np.ndim(x) == 2 else (1, 2)
    return np.sum(
        np.linalg.norm(x, "nuc", axis=ax)
        + np.linalg.norm(x, 2, axis=ax) ** 2
        + np.linalg.norm(x, -2, axis=ax)
        + np.linalg.norm(x, 1, axis=ax)
        + np.linalg.norm(x, -1, axis=ax)
        + np.linalg.norm(x, np.inf, axis=ax)
        + np.linalg.norm(x, -np.inf, axis=ax)
    )


@case("np.linalg.norm", args=X34)
def f_norm_matrix_ag(x):
    return np.linalg.norm(x, "nuc") ** 2


if sps is not None:

    @case(
        "scipy.linalg.cho_factor",
        args=[gen(SPD(3), N(3, 2)), gen(SPD(4), N(4))],
        argnums=AB,
        autograd="autograd has no derivative of cho_factor",
    )
    def f_cho_factor(b, y):
        c, low = sla.cho_factor(_spd(b), lower=True)
        cu, lu = sla.cho_factor(_spd(b) + 0.3 * b)
        return (
            np.sum(np.sin(np.tril(c)))
            + np.sum(np.sin(cu))
            + np.sum(sla.cho_solve((cu, lu), y) ** 2)
        )

    @case(
        "scipy.linalg.cholesky",
        args=[gen(SPD(3)), gen(SPD(1)), gen(SPD(4))],
        autograd="autograd has no derivative of scipy.linalg.cholesky",
    )
    def f_scipy_cholesky(b):
        # the upper factor by default, read from the upper triangle (the 0.3 * b term makes
        # the argument unsymmetric: the triangle read matters)
        upper = sla.cholesky(_spd(b) + 0.3 * np.triu(b, 1))
        lower = sla.cholesky(_spd(b) + 0.3 * np.tril(b, -1), lower=True)
        return np.sum(np.sin(upper)) + np.sum(np.cos(lower) * b)

    @case(
        "scipy.linalg.cho_solve",
        args=[gen(SPD(3), N(3, 2)), gen(SPD(4), N(4))],
        argnums=AB,
        autograd="autograd has no derivative of cho_factor",
    )
    def f_cho_solve(b, y):
        factor = sla.cho_factor(_spd(b))
        c, low = sla.cho_factor(_spd(b), lower=True)
        return np.sum(np.sin(sla.cho_solve(factor, y))) + np.sum(np.sin(sla.cho_solve((c, low), y)))


@case("np.einsum", args=gen(N(2, 3, 4)), autograd="autograd's einsum of sublists with Ellipsis")
def f_einsum_sublists_with_ellipsis(x):
    return np.sum(np.sin(np.einsum(x, [Ellipsis, 1, 2], [Ellipsis, 2]))) + np.sum(
        np.einsum(x, [Ellipsis, 2], x, [Ellipsis, 2], [Ellipsis]) ** 2
    )


@case(
    "np.einsum",
    args=gen(N(3, 3), N(3)),
    argnums=AB,
    autograd="autograd's einsum adjoint of 'ii->i'",
)
def f_einsum_repeated_and_outer(a, v):
    return np.sum(np.sin(np.einsum("ij,ji->", a, a) * np.einsum("i,j->ij", v, v))) + np.sum(
        np.sin(np.einsum("ii->i", a))
    )


@case(
    "np.linalg.lstsq",
    args=[gen(N(5, 3), N(5)), gen(N(5, 3), N(5, 2)), gen(WELL(3), N(3))],
    argnums=AB,
    autograd="autograd has no derivative of np.linalg.lstsq",
)
def f_lstsq(a, b):
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=None)
    return np.sum(np.sin(x))


def TENSOR_WELL(*shape):
    """Well-conditioned arrays for tensorsolve/tensorinv: the identity of their matrix plus
    noise."""
    n = int(np.sqrt(np.prod(shape)))
    return lambda rng: rng.standard_normal(shape) * 0.3 + 2.0 * np.eye(n).reshape(shape)


@case(
    "np.linalg.tensorsolve",
    args=[gen(TENSOR_WELL(2, 3, 6), N(2, 3)), gen(TENSOR_WELL(6, 2, 3), N(6))],
    argnums=AB,
    autograd="autograd has no derivative of np.linalg.tensorsolve",
)
def f_tensorsolve(a, b):
    return np.sum(np.sin(np.linalg.tensorsolve(a, b)))


@case(
    "np.linalg.tensorsolve",
    args=gen(TENSOR_WELL(6, 2, 3), N(2, 3)),
    argnums=AB,
    autograd="autograd has no derivative of np.linalg.tensorsolve",
)
def f_tensorsolve_axes(a, b):
    return np.sum(np.linalg.tensorsolve(a, b, axes=(0,)) ** 3)


@case(
    "np.linalg.tensorinv",
    args=[gen(TENSOR_WELL(2, 3, 6)), gen(TENSOR_WELL(2, 3, 3, 2))],
    autograd="autograd has no derivative of np.linalg.tensorinv",
)
def f_tensorinv(a):
    return np.sum(np.sin(np.linalg.tensorinv(a)))


@case(
    "np.linalg.tensorinv",
    args=gen(TENSOR_WELL(6, 2, 3)),
    autograd="autograd has no derivative of np.linalg.tensorinv",
)
def f_tensorinv_ind(a):
    return np.sum(np.linalg.tensorinv(a, ind=1) ** 2)


if sps is not None:
    CDF_AG = "autograd's cdfs have no loc and scale derivatives"

    @case(
        "scipy.stats.t.cdf",
        args=[gen(N(3, 4), U(1.0, 5.0, 4), N(3, 1), U(0.5, 2.0))],
        argnums=(0, 1, 2, 3),
        autograd=CDF_AG,
    )
    def f_t_cdf(x, df, loc, scale):
        return np.sum(np.sin(sst.t.cdf(x, df, loc, scale)))

    @case("scipy.stats.t.cdf", args=gen(N(5)))
    def f_t_cdf_ag(x):
        return np.sum(np.sin(sst.t.cdf(x, 3.0)))

    @case(
        "scipy.stats.gamma.cdf",
        args=[gen(U(1.0, 3.0, 3, 4), U(0.5, 3.0, 4), U(-0.5, 0.5), U(0.5, 2.0, 3, 1))],
        argnums=(0, 1, 2, 3),
        autograd=CDF_AG,
    )
    def f_gamma_cdf(x, a, loc, scale):
        return np.sum(np.sin(sst.gamma.cdf(x, a, loc, scale)))

    @case("scipy.stats.gamma.cdf", args=gen(U(0.5, 3.0, 5)))
    def f_gamma_cdf_ag(x):
        return np.sum(np.sin(sst.gamma.cdf(x, 2.5)))

    @case("scipy.stats.beta.cdf", args=BETA_ARGS, argnums=(0, 1, 2, 3, 4), autograd=CDF_AG)
    def f_beta_cdf(x, a, b, loc, scale):
        return np.sum(np.sin(sst.beta.cdf(x, a, b, loc, scale)))

    @case("scipy.stats.beta.cdf", args=gen(U(0.2, 0.8, 5)))
    def f_beta_cdf_ag(x):
        return np.sum(np.sin(sst.beta.cdf(x, 1.5, 2.5)))

    @case(
        "scipy.stats.t.logcdf",
        args=[gen(N(3, 4), U(1.0, 5.0, 4), N(3, 1), U(0.5, 2.0))],
        argnums=(0, 1, 2, 3),
        autograd=CDF_AG,
    )
    def f_t_logcdf(x, df, loc, scale):
        return np.sum(np.sin(sst.t.logcdf(x, df, loc, scale)))

    @case("scipy.stats.t.logcdf", args=gen(N(5)))
    def f_t_logcdf_ag(x):
        return np.sum(sst.t.logcdf(x, 3.0, 0.5, 2.0))

    CHI2_ARGS = [
        gen(U(1.0, 4.0, 3, 4), U(1.0, 5.0, 4), U(-0.5, 0.5), U(0.5, 2.0, 3, 1)),
        gen(U(0.5, 4.0, 5), F(1.0, 5.0), F(-0.2, 0.2), F(0.8, 1.2)),
    ]
    CHI2_AG = "autograd's chi2 has derivatives in x only"

    @case("scipy.stats.chi2.logpdf", args=CHI2_ARGS, argnums=(0, 1, 2, 3), autograd=CHI2_AG)
    def f_chi2_logpdf(x, df, loc, scale):
        return np.sum(np.sin(sst.chi2.logpdf(x, df, loc, scale)))

    @case("scipy.stats.chi2.pdf", args=CHI2_ARGS, argnums=(0, 1, 2, 3), autograd=CHI2_AG)
    def f_chi2_pdf(x, df, loc, scale):
        return np.sum(np.sin(sst.chi2.pdf(x, df, loc, scale)))

    @case("scipy.stats.chi2.cdf", args=CHI2_ARGS, argnums=(0, 1, 2, 3), autograd=CHI2_AG)
    def f_chi2_cdf(x, df, loc, scale):
        return np.sum(np.sin(sst.chi2.cdf(x, df, loc, scale)))

    @case(
        "scipy.stats.chi2.logpdf",
        "scipy.stats.chi2.pdf",
        "scipy.stats.chi2.cdf",
        args=gen(U(0.5, 4.0, 3, 4)),
    )
    def f_chi2_ag(x):
        # integer df: autograd's chi2 logpdf/pdf derivative is 0 for a fractional df
        return np.sum(sst.chi2.logpdf(x, 3.0) + sst.chi2.pdf(x, 2.0) + sst.chi2.cdf(x, 4.0))

    @case(
        "scipy.stats.poisson.cdf",
        args=[gen(U(0.5, 4.0, 4)), gen(U(0.5, 4.0, 3, 4))],
        autograd="autograd's poisson.cdf differentiates in k",
    )
    def f_poisson_cdf(mu):
        return np.sum(np.sin(sst.poisson.cdf(KS + 0.5, mu)))


if getattr(np, "row_stack", np.vstack) is not np.vstack:

    @case("np.row_stack", args=gen(N(4), N(2, 4)), argnums=AB)
    def f_row_stack(x, y):
        return np.sum(np.sin(np.row_stack([x, y])))


# -- rules taking a function value (more in tests/test_function_args.py) -----------------------

if sps is not None:
    import scipy.integrate

    from s2sgrad.compat.autograd.misc.fixed_points import fixed_point as ag_style_fixed_point

    def _spring(y, s, k):
        return np.array([y[1], -k * y[0] - 0.1 * y[1]])

    @case(
        "scipy.integrate.odeint",
        args=gen(F(0.5, 1.5), N(2)),
        argnums=AB,
        autograd="autograd's odeint takes args as its own tuple: tests/test_function_args.py",
        rtol=1e-5,
        atol=1e-5,
    )
    def f_odeint(k, y0):
        ys = scipy.integrate.odeint(
            _spring, y0, np.linspace(0.0, 1.0, 4), args=(k,), rtol=1e-12, atol=1e-12
        )
        return np.sum(ys**2)

    def _halving(a):
        return lambda x: 0.5 * (x + a / x)

    def _close(x, y):
        return np.max(np.abs(x - y))

    @case(
        "s2sgrad.compat.autograd.misc.fixed_points.fixed_point",
        args=gen(U(1.0, 4.0, 3)),
        autograd="the compat fixed_point is autograd's API: tests/test_function_args.py",
    )
    def f_fixed_point(a):
        return np.sum(np.sin(ag_style_fixed_point(_halving, a, np.ones(3), _close, 1e-13)))


# a callee known only when the code runs (ACTS[k](x)): the rule of runtime.called

_RUN_TIME_CALLEES = [np.tanh, lambda z: z * np.sin(z)]


@case(
    "called",
    args=gen(N(3)),
    autograd="the callees are NumPy's functions: tests/test_runtime_callees.py",
)
def f_called(x):
    s = 0.0
    for k in range(2):
        s = s + np.sum(_RUN_TIME_CALLEES[k](x) ** 2)
    return s


# -- autograd.numpy's own names (s2sgrad.compat.autograd.numpy): make_diagonal, where with
# -- keywords, linalg.T and linalg._dot (rules in rules/shape.py, elementwise.py, products.py)

import s2sgrad.compat.autograd.numpy as cnp  # noqa: E402


@case("autograd_make_diagonal", args=[gen(N(4)), gen(N(3, 4))])
def f_make_diagonal(D):
    A = cnp.make_diagonal(D, axis1=-1, axis2=-2)
    return np.sum(np.sin(A) * 1.5 + cnp.make_diagonal(np.tanh(D), 0, -1, -2) ** 2)


@case(
    "autograd_make_diagonal",
    args=[gen(N(3, 4)), gen(N(2, 3, 2))],
    autograd="autograd's make_diagonal takes offset=0, axis1=-1, axis2=-2 only",
)
def f_make_diagonal_axes(D):
    return np.sum(np.sin(cnp.make_diagonal(D, 1, 0, 2))) + np.sum(
        cnp.make_diagonal(np.sin(D), -2, -1, 0) ** 3
    )


@case("autograd_where", args=[gen(N(5), N(5)), gen(N(2, 3), N(2, 3))], argnums=AB)
def f_keyword_where(x, y):
    chosen = cnp.where(condition=x > 0.0, x=x * y, y=y**2)
    return np.sum(np.sin(chosen)) + np.sum(cnp.where(x > 0.5, np.tanh(x), y=2.0 * y))


@case(
    "autograd_where",
    args=[gen(N(5), N(5)), gen(N(2, 3), N(2, 3))],
    argnums=AB,
    autograd="autograd's where VJP of a broadcast argument fails (np.add.at: not broadcastable)",
)
def f_keyword_where_broadcast(x, y):
    return np.sum(np.sin(cnp.where(x > 0.5, y=y[..., :1], x=np.tanh(x) * np.sum(y))))


@case("autograd_transpose", args=[gen(N(2, 3, 4)), gen(N(3, 4))])
def f_transpose_last_two(x):
    return np.sum(np.sin(cnp.linalg.T(x)) * np.arange(x.shape[-2]))


@case("autograd_dot", args=[gen(N(2, 3, 4), N(4, 5)), gen(N(3, 4), N(2, 4, 2))], argnums=AB)
def f_stacked_dot(a, b):
    return np.sum(np.tanh(cnp.linalg._dot(a, b)))


# -- session 32: NumPy 2's array-API functions (rules/array_api.py) ---------------------------

ARRAY_API_AG = "autograd has no derivative of NumPy 2's array-API functions"


@case(
    "np.linalg.vecdot",
    args=[gen(N(3, 4), N(3, 4)), gen(N(2, 3, 4), N(4))],
    argnums=AB,
    autograd=ARRAY_API_AG,
)
def f_linalg_vecdot(x, y):
    return np.sum(np.sin(np.linalg.vecdot(x, y)))


@case(
    "np.linalg.vecdot",
    args=[gen(N(3, 4), N(3, 1)), gen(N(3, 2), N(3, 2))],
    argnums=AB,
    autograd=ARRAY_API_AG,
)
def f_linalg_vecdot_axis(x, y):
    return np.sum(np.sin(np.linalg.vecdot(x, y, axis=0))) + np.sum(
        np.linalg.vecdot(x, x, axis=-2) ** 2
    )


@case(
    "np.vecdot",
    args=[gen(N(3, 4), N(4)), gen(N(2, 3, 2), N(3, 2))],
    argnums=AB,
    autograd=ARRAY_API_AG,
)
def f_vecdot(x, y):
    return np.sum(np.sin(np.vecdot(x, y))) + np.sum(np.vecdot(x, x, axis=-2) ** 2)


@case(
    "np.linalg.cross", args=[gen(N(3), N(3)), gen(N(4, 3), N(3))], argnums=AB, autograd=ARRAY_API_AG
)
def f_linalg_cross(x, y):
    return np.sum(np.sin(np.linalg.cross(x, y)))


@case("np.linalg.cross", args=gen(N(3, 2), N(3, 2)), argnums=AB, autograd=ARRAY_API_AG)
def f_linalg_cross_axis(x, y):
    return np.sum(np.sin(np.linalg.cross(x, y * x, axis=0)))


@case(
    "np.linalg.svdvals", args=[gen(N(3, 4)), gen(N(4, 2)), gen(N(2, 3, 3))], autograd=ARRAY_API_AG
)
def f_svdvals(x):
    return np.sum(np.sin(np.linalg.svdvals(x))) + np.sum(np.linalg.svdvals(x) ** 3)


@case("np.linalg.matrix_norm", args=[gen(N(3, 4)), gen(N(2, 3, 3))], autograd=ARRAY_API_AG)
def f_matrix_norm(x):
    return (
        np.sum(np.sin(np.linalg.matrix_norm(x)))
        + np.sum(np.linalg.matrix_norm(x, ord="nuc") ** 2)
        + np.sum(np.linalg.matrix_norm(x, ord=2, keepdims=True) * np.linalg.matrix_norm(x, ord=1))
        + np.sum(np.linalg.matrix_norm(x, ord=np.inf))
    )


@case(
    "np.linalg.vector_norm", args=[gen(N(5)), gen(N(3, 4)), gen(N(2, 3, 4))], autograd=ARRAY_API_AG
)
def f_vector_norm(x):
    return np.sin(np.linalg.vector_norm(x)) + np.linalg.vector_norm(x, ord=3) ** 2


@case("np.linalg.vector_norm", args=[gen(N(3, 4)), gen(N(2, 3, 4))], autograd=ARRAY_API_AG)
def f_vector_norm_axes(x):
    return (
        np.sum(np.sin(np.linalg.vector_norm(x, axis=0, ord=1)))
        + np.sum(np.linalg.vector_norm(x, axis=(0, -1), keepdims=True) ** 2)
        + np.sum(np.linalg.vector_norm(x, axis=-1, ord=np.inf))
        + np.linalg.vector_norm(x, keepdims=True, ord=1.5)[(0,) * x.ndim]
    )


@case("np.linalg.trace", args=[gen(N(3, 4)), gen(N(2, 3, 3))], autograd=ARRAY_API_AG)
def f_linalg_trace(x):
    return np.sum(np.sin(np.linalg.trace(x))) + np.sum(np.linalg.trace(x, offset=-1) ** 2)


@case("np.linalg.diagonal", args=[gen(N(3, 4)), gen(N(2, 3, 4))], autograd=ARRAY_API_AG)
def f_linalg_diagonal(x):
    return np.sum(np.sin(np.linalg.diagonal(x))) + np.sum(np.linalg.diagonal(x, offset=1) ** 2)


@case(
    "np.linalg.matmul",
    args=[gen(N(3, 4), N(4, 2)), gen(N(2, 3, 4), N(4))],
    argnums=AB,
    autograd=ARRAY_API_AG,
)
def f_linalg_matmul(x, y):
    return np.sum(np.sin(np.linalg.matmul(x, y)))


@case("np.linalg.outer", args=gen(N(3), N(4)), argnums=AB, autograd=ARRAY_API_AG)
def f_linalg_outer(x, y):
    return np.sum(np.sin(np.linalg.outer(x, y)))


@case("np.linalg.tensordot", args=gen(N(2, 3, 4), N(3, 4, 2)), argnums=AB, autograd=ARRAY_API_AG)
def f_linalg_tensordot(x, y):
    return np.sum(np.sin(np.linalg.tensordot(x, y))) + np.sum(
        np.linalg.tensordot(x, y[:, :, 0], axes=([1], [0])) ** 2
    )


def test_array_api_functions_against_their_numpy_forms():
    """The array-API functions are the NumPy functions their rules are made from: the
    gradients agree (autograd has none of them)."""
    rng = np.random.default_rng(3)
    x, v = rng.standard_normal((2, 3, 4)), rng.standard_normal(4)
    pairs = [
        (lambda x: np.sum(np.sin(np.linalg.vecdot(x, v))), lambda x: np.sum(np.sin(x @ v))),
        (
            lambda x: np.sum(np.sin(np.linalg.vector_norm(x, axis=(0, 2), ord=1))),
            lambda x: np.sum(np.sin(np.sum(np.abs(x), axis=(0, 2)))),
        ),
        (
            lambda x: np.sum(np.sin(np.linalg.matrix_norm(x, ord="nuc"))),
            lambda x: np.sum(np.sin(np.sum(np.linalg.svd(x, compute_uv=False), axis=-1))),
        ),
        (
            lambda x: np.sum(np.sin(np.linalg.svdvals(x))),
            lambda x: np.sum(np.sin(np.linalg.svd(x, compute_uv=False))),
        ),
        (
            lambda x: np.sum(np.sin(np.linalg.trace(x, offset=1))),
            lambda x: np.sum(np.sin(np.trace(x, 1, -2, -1))),
        ),
    ]
    for new, old in pairs:
        np.testing.assert_allclose(
            s2sgrad.grad(new)(x), s2sgrad.grad(old)(x), rtol=1e-10, atol=1e-12
        )
        np.testing.assert_allclose(
            s2sgrad.hessian(new)(x), s2sgrad.hessian(old)(x), rtol=1e-8, atol=1e-10
        )


def test_array_api_keywords_without_a_rule_are_errors():
    x = np.ones((3, 4))
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="keyword argument keepdims"):
        s2sgrad.grad(lambda x: np.sum(np.vecdot(x, x, keepdims=True)))(x)
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="positional arguments"):
        s2sgrad.grad(lambda x: np.sum(np.linalg.vecdot(x, x, 0)))(x)


def _singular_matrix(n):
    return lambda rng: np.vstack([rng.standard_normal((n - 1, n)), np.zeros((1, n))])


# -- session 32: scipy.linalg inv, det, eigh, eigvalsh (rules/scipy/linalg.py) -----------------

if sla is not None:
    SLA_AG = "autograd has no derivative of this scipy.linalg function"

    @case("scipy.linalg.inv", args=[gen(WELL(3)), gen(WELL(4))], autograd=SLA_AG)
    def f_scipy_inv(a):
        return np.sum(np.sin(sla.inv(a))) + np.sum(sla.inv(a, check_finite=False) ** 2)

    @case(
        "scipy.linalg.det",
        args=[gen(N(3, 3)), gen(N(2, 3, 3)), gen(_singular_matrix(3))],
        autograd=SLA_AG,
    )
    def f_scipy_det(a):
        return np.sum(np.sin(sla.det(a)))

    @case("scipy.linalg.eigh", args=[gen(N(3, 3)), gen(N(4, 4))], autograd=SLA_AG)
    def f_scipy_eigh(a):
        w, v = sla.eigh(a + a.T)
        wu, vu = sla.eigh(a, lower=False)
        # functions of the eigenvectors that do not depend on their signs
        return (
            np.sum(np.sin(w))
            + np.sum(v[0] ** 2 * np.arange(len(w)))
            + np.sum(np.cos(wu))
            + np.sum(vu**4)
        )

    @case("scipy.linalg.eigh", args=[gen(N(3, 3)), gen(N(2, 3, 3))], autograd=SLA_AG)
    def f_scipy_eigh_values(a):
        return np.sum(np.sin(sla.eigh(a, eigvals_only=True))) + np.sum(
            sla.eigh(a, lower=False, eigvals_only=True, driver="evd") ** 3
        )

    @case("scipy.linalg.eigvalsh", args=[gen(N(3, 3)), gen(N(2, 4, 4))], autograd=SLA_AG)
    def f_scipy_eigvalsh(a):
        return np.sum(np.sin(sla.eigvalsh(a))) + np.sum(sla.eigvalsh(a, lower=False) ** 3)


# -- session 32: np.cov and np.corrcoef (rules/statistics.py) ---------------------------------

COV_AG = "autograd has no derivative of np.cov or np.corrcoef"
FWEIGHTS = np.array([1, 2, 1, 3, 1])
AWEIGHTS = np.array([0.5, 1.5, 1.0, 2.0, 0.7])


@case("np.cov", args=[gen(N(3, 5)), gen(N(2, 6)), gen(N(6))], autograd=COV_AG)
def f_cov(x):
    return np.sum(np.sin(np.cov(x))) + np.sum(np.cov(x, bias=True) ** 2) + np.sum(np.cov(x, ddof=2))


@case("np.cov", args=[gen(N(5, 3)), gen(N(5, 1))], autograd=COV_AG)
def f_cov_rowvar(x):
    return np.sum(np.sin(np.cov(x, rowvar=False))) + np.sum(np.cov(x.T, x[:, 0]) ** 2)


@case("np.cov", args=[gen(N(3, 5), N(2, 5)), gen(N(5), N(5))], argnums=AB, autograd=COV_AG)
def f_cov_two(x, y):
    return np.sum(np.sin(np.cov(x, y))) + np.sum(np.cov(y, x, bias=True) ** 2)


@case("np.cov", args=gen(N(3, 5)), autograd=COV_AG)
def f_cov_weights(x):
    return (
        np.sum(np.sin(np.cov(x, fweights=FWEIGHTS)))
        + np.sum(np.cov(x, aweights=AWEIGHTS) ** 2)
        + np.sum(np.tanh(np.cov(x, ddof=2, fweights=FWEIGHTS, aweights=AWEIGHTS)))
        + np.sum(np.cov(x, None, True, True, None, FWEIGHTS, AWEIGHTS) ** 3)
    )


@case("np.corrcoef", args=[gen(N(3, 5)), gen(N(2, 6))], autograd=COV_AG)
def f_corrcoef(x):
    return np.sum(np.sin(np.corrcoef(x) * np.arange(np.shape(x)[0]))) + np.sum(
        np.corrcoef(x.T, rowvar=False) ** 3
    )


@case("np.corrcoef", args=[gen(N(5), N(5)), gen(N(2, 5), N(5))], argnums=AB, autograd=COV_AG)
def f_corrcoef_two(x, y):
    return np.sum(np.sin(np.corrcoef(x, y)) * 2.0) + np.sum(np.corrcoef(y, x * y) ** 2)


def test_cov_and_corrcoef_against_their_formulas():
    """Gradients and Hessians agree with the same statistics written out (autograd has no
    derivative of np.cov)."""
    x = np.random.default_rng(8).standard_normal((3, 6))

    def cov_written(x):
        xc = x - np.mean(x, axis=1, keepdims=True)
        return (xc @ xc.T) / (x.shape[1] - 1)

    def corr_written(x):
        c = cov_written(x)
        s = np.sqrt(np.diagonal(c))
        return c / np.outer(s, s)

    for new, old in (
        (lambda x: np.sum(np.sin(np.cov(x))), lambda x: np.sum(np.sin(cov_written(x)))),
        (lambda x: np.sum(np.sin(np.corrcoef(x))), lambda x: np.sum(np.sin(corr_written(x)))),
    ):
        np.testing.assert_allclose(
            s2sgrad.grad(new)(x), s2sgrad.grad(old)(x), rtol=1e-9, atol=1e-12
        )
        np.testing.assert_allclose(
            s2sgrad.hessian(new)(x), s2sgrad.hessian(old)(x), rtol=1e-7, atol=1e-10
        )


def test_cov_weights_have_no_derivative():
    def weighted(x, w):
        return np.sum(np.cov(x, aweights=w))

    x, w = np.ones((2, 5)) + np.eye(2, 5), np.ones(5)
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="aweights"):
        s2sgrad.grad(weighted, argnums=(0, 1))(x, w)
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="aweights"):
        s2sgrad.jvp(weighted, (x, w), (x, w))


# -- session 32: sliding windows (rules/array_api.py) -----------------------------------------

from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

SWV_AG = "autograd has no derivative of sliding_window_view"


@case("np.lib.stride_tricks.sliding_window_view", args=[gen(N(7)), gen(N(4, 6))], autograd=SWV_AG)
def f_sliding_window_view(x):
    windows = np.lib.stride_tricks.sliding_window_view(x, 3, axis=-1)
    return np.sum(np.sin(windows @ np.array([0.5, -1.0, 2.0]))) + np.sum(np.max(windows, axis=-1))


@case(
    "np.lib.stride_tricks.sliding_window_view",
    args=[gen(N(4, 6)), gen(N(3, 4, 5))],
    autograd=SWV_AG,
)
def f_sliding_window_view_axes(x):
    return np.sum(np.sin(sliding_window_view(x, (2, 3), axis=(0, -1)))) + np.sum(
        sliding_window_view(x, (2,) * x.ndim) ** 2
    )


# -- session 32: scipy.linalg.lu_factor and lu_solve (rules/scipy/linalg.py) -----------------

if sla is not None:

    @case("scipy.linalg.lu_factor", args=[gen(N(3, 3)), gen(N(4, 4))], autograd=SLA_AG)
    def f_lu_factor(a):
        lu, piv = sla.lu_factor(a)
        return np.sum(np.sin(lu)) + np.sum(sla.lu_factor(a, check_finite=False)[0] ** 2)

    @case(
        "scipy.linalg.lu_solve",
        args=[gen(WELL(3), N(3)), gen(WELL(4), N(4, 2))],
        argnums=AB,
        autograd=SLA_AG,
    )
    def f_lu_solve(a, b):
        factors = sla.lu_factor(a)
        return (
            np.sum(np.sin(sla.lu_solve(factors, b)))
            + np.sum(sla.lu_solve(factors, b, trans=1) ** 2)
            + np.sum(np.cos(sla.lu_solve(factors, b, 2)))
        )


# -- session 32: scipy.linalg.qr (rules/scipy/linalg.py) --------------------------------------

if sla is not None:

    @case("scipy.linalg.qr", args=[gen(N(5, 3)), gen(N(3, 3))], autograd=SLA_AG)
    def f_scipy_qr(a):
        q, r = sla.qr(a, mode="economic")
        (rr,) = sla.qr(a, mode="r")
        # functions of q and r that do not depend on the signs LAPACK fixes
        return np.sum(np.sin(q * np.arange(3))) + np.sum(r**2) + np.sum(np.cos(rr))

    @case("scipy.linalg.qr", args=gen(N(4, 4)), autograd=SLA_AG)
    def f_scipy_qr_full(a):
        q, r = sla.qr(a)
        return np.sum(np.sin(q)) + np.sum(np.triu(r) ** 3)


# -- session 32: more scipy.special functions (rules/scipy/special.py) -------------------------

if sps is not None:
    SPECIAL_AG = "autograd has no derivative of this scipy.special function"
    _SPECIAL_ONE = [
        ("log1p", U(-0.5, 2.0, 3, 4)),
        ("expm1", N(3, 4)),
        ("cbrt", AWAY(0.3, 2.0, 3, 4)),
        ("exp2", N(3, 4)),
        ("exp10", N(3, 4)),
        ("erfcx", N(3, 4)),
        ("dawsn", N(3, 4)),
        ("loggamma", U(0.3, 4.0, 3, 4)),
        ("exp1", U(0.2, 3.0, 3, 4)),
        ("expi", U(0.2, 3.0, 3, 4)),
        ("sindg", U(-200.0, 200.0, 3, 4)),
        ("cosdg", U(-200.0, 200.0, 3, 4)),
        ("i0e", AWAY(0.1, 3.0, 3, 4)),
        ("i1e", AWAY(0.1, 3.0, 3, 4)),
        ("k0", U(0.2, 3.0, 3, 4)),
        ("k1", U(0.2, 3.0, 3, 4)),
        ("k0e", U(0.2, 3.0, 3, 4)),
        ("k1e", U(0.2, 3.0, 3, 4)),
    ] + ([("softplus", N(3, 4))] if hasattr(sps, "softplus") else [])

    def _special_one(name, make):
        fn = getattr(sps, name)

        def f_special(x):
            return np.sum(np.sin(fn(x)) * (1.0 + x))

        f_special.__name__ = f"f_special_{name}"
        case(f"scipy.special.{name}", args=gen(make), autograd=SPECIAL_AG)(f_special)

    for _name, _make in _SPECIAL_ONE:
        _special_one(_name, _make)

    @case(
        "scipy.special.kl_div",
        args=[gen(U(0.2, 2.0, 3, 4), U(0.2, 2.0, 3, 4)), gen(U(0.2, 2.0, 4), F(0.5, 1.5))],
        argnums=AB,
        autograd=SPECIAL_AG,
    )
    def f_kl_div(x, y):
        return np.sum(np.sin(sps.kl_div(x, y)))

    @case(
        "scipy.special.huber",
        "scipy.special.pseudo_huber",
        args=[gen(U(0.5, 1.5, 4), N(3, 4)), gen(F(0.5, 1.5), N(5))],
        argnums=AB,
        autograd=SPECIAL_AG,
    )
    def f_huber(delta, r):
        return np.sum(np.sin(sps.huber(delta, r))) + np.sum(sps.pseudo_huber(delta, r) ** 2)


# -- session 32: scipy.linalg.norm, svdvals and block_diag (rules/scipy/linalg.py) ------------

if sla is not None:

    @case("scipy.linalg.norm", args=[gen(N(5)), gen(N(3, 4))], autograd=SLA_AG)
    def f_scipy_norm(a):
        return (
            np.sin(sla.norm(a))
            + sla.norm(a, 1) ** 2
            + np.sum(np.sin(sla.norm(a, axis=-1, keepdims=True)))
            + sla.norm(a, np.inf)
        )

    @case("scipy.linalg.norm", args=gen(N(3, 4)), autograd=SLA_AG)
    def f_scipy_norm_matrix(a):
        return np.sin(sla.norm(a, "nuc")) + sla.norm(a, 2) ** 2 + sla.norm(a, "fro")

    @case("scipy.linalg.svdvals", args=[gen(N(3, 4)), gen(N(4, 2))], autograd=SLA_AG)
    def f_scipy_svdvals(a):
        return np.sum(np.sin(sla.svdvals(a)))

    @case(
        "scipy.linalg.block_diag",
        args=[gen(N(2, 3), N(2)), gen(N(1, 1), N(3))],
        argnums=AB,
        autograd=SLA_AG,
    )
    def f_block_diag(a, v):
        return np.sum(np.sin(sla.block_diag(a, v, 2.0, a * v[0]))) + np.sum(sla.block_diag(v) ** 2)


if hasattr(np, "cumulative_prod"):

    @case("np.cumulative_prod", args=[gen(N(5)), gen(N(3, 4))], autograd=ARRAY_API_AG)
    def f_cumulative_prod(x):
        axis = None if x.ndim == 1 else 1
        return np.sum(np.sin(np.cumulative_prod(x, axis=axis))) + np.sum(
            np.cumulative_prod(x, axis=axis, include_initial=True) ** 2
        )


# -- session 32: Laplace, logistic, Cauchy and exponential distributions (rules/scipy/stats.py)

if sst is not None:
    DIST_AG = "autograd has no laplace, logistic, cauchy or expon distributions"

    def _dist_case(name, method, make_x):
        dist = getattr(sst, name)

        def f_dist(x, loc, scale):
            return np.sum(np.sin(getattr(dist, method)(x, loc, scale)))

        f_dist.__name__ = f"f_{name}_{method}"
        case(
            f"scipy.stats.{name}.{method}",
            args=[
                gen(make_x, F(-0.3, 0.3), F(0.6, 1.8)),
                gen(make_x, U(-0.4, 0.4, 4), U(0.6, 1.8, 3, 1)),
            ],
            argnums=(0, 1, 2),
            autograd=DIST_AG,
        )(f_dist)

    for _dist in ("laplace", "logistic", "cauchy", "expon"):
        for _method in ("logpdf", "pdf", "cdf"):
            _dist_case(_dist, _method, U(0.5, 3.0, 3, 4) if _dist == "expon" else N(3, 4))

    @case(
        "scipy.stats.expon.logpdf",
        "scipy.stats.expon.pdf",
        "scipy.stats.expon.cdf",
        args=gen(N(5)),
        autograd=DIST_AG,
    )
    def f_expon_outside(x):
        # x < 0 outside the support: constant there
        return np.sum(np.where(x >= 0.0, sst.expon.logpdf(x), 0.0)) + np.sum(
            sst.expon.pdf(x, 0.0, 2.0) + sst.expon.cdf(x, scale=1.5)
        )


if sps is not None:

    @case(
        "scipy.special.binom",
        args=[gen(U(4.0, 8.0, 3, 4), U(0.5, 3.0, 3, 4)), gen(U(4.0, 8.0, 4), F(0.5, 3.0))],
        argnums=AB,
        autograd=SPECIAL_AG,
    )
    def f_binom(n, k):
        return np.sum(np.sin(sps.binom(n, k)))

    @case(
        "scipy.special.poch",
        args=gen(U(0.8, 3.0, 3, 4), U(0.5, 2.0, 4)),
        argnums=AB,
        autograd=SPECIAL_AG,
    )
    def f_poch(z, m):
        return np.sum(np.sin(sps.poch(z, m)))

    @case("scipy.special.expn", args=gen(U(0.3, 2.0, 3, 4)), autograd=SPECIAL_AG)
    def f_expn(x):
        return np.sum(np.sin(sps.expn(2, x))) + np.sum(sps.expn(1, x) ** 2)

    @case(
        "scipy.special.gammaincinv",
        "scipy.special.gammainccinv",
        args=gen(U(0.8, 3.0, 3, 4), U(0.1, 0.9, 3, 4)),
        argnums=AB,
        autograd=SPECIAL_AG,
        rtol=1e-5,
        atol=1e-5,
    )
    def f_gammaincinv(a, p):
        return np.sum(np.sin(sps.gammaincinv(a, p))) + np.sum(sps.gammainccinv(a, p) ** 2)


# -- session 32: diagflat, delete, vander (rules/array_api.py) ---------------------------------


@case(
    "np.diagflat",
    args=[gen(N(4)), gen(N(2, 3))],
    autograd="autograd has no derivative of np.diagflat",
)
def f_diagflat(v):
    return np.sum(np.sin(np.diagflat(v))) + np.sum(np.diagflat(v, -1) ** 2)


@case(
    "np.delete", args=[gen(N(3, 4)), gen(N(6))], autograd="autograd has no derivative of np.delete"
)
def f_delete(x):
    return np.sum(np.sin(np.delete(x, 1, axis=0))) + np.sum(np.delete(x, [0, 2]) ** 2)


@case("np.vander", args=[gen(N(4)), gen(N(3))], autograd="autograd has no derivative of np.vander")
def f_vander(x):
    return np.sum(np.sin(np.vander(x))) + np.sum(np.vander(x, 5, increasing=True) ** 2)


if sla is not None:

    @case("scipy.linalg.eig", args=[gen(N(3, 3)), gen(N(4, 4))], autograd=SLA_AG)
    def f_scipy_eig(a):
        w, v = sla.eig(a)
        # functions of the eigenvectors that do not depend on their phases
        return (
            np.sum(np.abs(w) ** 2)
            + np.sum(np.abs(v[0]) ** 2 * np.arange(len(w)))
            + np.sum(np.abs(sla.eig(a, right=False)) ** 3)
        )

    @case("scipy.linalg.eigvals", args=[gen(N(3, 3)), gen(N(4, 4))], autograd=SLA_AG)
    def f_scipy_eigvals(a):
        return np.real(np.sum(sla.eigvals(a) ** 2 * (1.0 + 0.5j))) + np.sum(np.abs(sla.eigvals(a)))


# -- session 32: scipy.linalg pinv, lstsq, lu and logm (rules/scipy/linalg.py) ------------------

if sla is not None:

    def NEAR_EYE(n):
        """Matrices near the identity: eigenvalues away from the negative axis (real logm)."""
        return lambda rng: 0.3 * rng.standard_normal((n, n)) + np.eye(n)

    @case("scipy.linalg.pinv", args=[gen(N(3, 3)), gen(N(4, 3)), gen(N(2, 5))], autograd=SLA_AG)
    def f_scipy_pinv(a):
        return np.sum(np.sin(sla.pinv(a))) + np.sum(sla.pinv(a, atol=1e-12, rtol=1e-12) ** 2)

    @case(
        "scipy.linalg.lstsq",
        args=[gen(N(5, 3), N(5)), gen(N(4, 2), N(4, 3))],
        argnums=AB,
        autograd=SLA_AG,
    )
    def f_scipy_lstsq(a, b):
        x = sla.lstsq(a, b)[0]
        return np.sum(np.sin(x)) + np.sum(
            sla.lstsq(a, b, cond=1e-10, lapack_driver="gelsy")[0] ** 2
        )

    @case("scipy.linalg.lu", args=[gen(N(3, 3)), gen(N(4, 4))], autograd=SLA_AG)
    def f_scipy_lu(a):
        p, low, up = sla.lu(a)
        rows, low2, up2 = sla.lu(a, p_indices=True, overwrite_a=False)
        return np.sum(np.sin(low)) + np.sum(up**2) + np.sum(np.cos(low2 @ up2)) + np.sum(p * up)

    @case("scipy.linalg.lu", args=gen(N(3, 3)), autograd=SLA_AG)
    def f_scipy_lu_upper(a):
        return np.sum(np.sin(sla.lu(a)[2]))

    @case("scipy.linalg.logm", args=[gen(NEAR_EYE(3)), gen(NEAR_EYE(2))], autograd=SLA_AG)
    def f_scipy_logm(a):
        return np.sum(np.sin(sla.logm(a))) + np.sum(sla.logm(a @ a) ** 2)


# -- session 32: np.ediff1d, np.block (rules/shape.py) and np.polyfit (rules/curves.py) --------


@case(
    "np.ediff1d",
    args=[gen(N(5), N(2), N()), gen(N(2, 3), N(1, 2), N(3))],
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.ediff1d",
)
def f_ediff1d(a, end, begin):
    return (
        np.sum(np.sin(np.ediff1d(a, end, begin)))
        + np.sum(np.ediff1d(a) ** 2)
        + np.sum(np.cos(np.ediff1d(a, to_begin=begin)))
        + np.sum(np.ediff1d(a, to_end=end, to_begin=[1.0, 2.0]) ** 3)
    )


@case(
    "np.block",
    args=[gen(N(2, 3), N(2), N(1, 5)), gen(N(1, 3), N(1), N(2, 5))],
    argnums=(0, 1, 2),
    autograd="autograd has no derivative of np.block",
)
def f_block(a, v, c):
    rows = np.block([[a, np.reshape(v, (-1, 1)) * np.ones((1, 2))], [c]])
    return (
        np.sum(np.sin(rows))
        + np.sum(np.block([a, np.ones((np.shape(a)[0], 1))]) ** 2)
        + np.sum(np.block([v, 2.0, v]) ** 3)
        + np.sum(np.cos(np.block(a)))
    )


@case(
    "np.polyfit",
    args=[gen(N(6), N(6)), gen(N(5), N(5, 2))],
    argnums=AB,
    autograd="autograd has no derivative of np.polyfit",
)
def f_polyfit(x, y):
    return np.sum(np.sin(np.polyfit(x, y, 2))) + np.sum(np.polyfit(x, y, 1, rcond=1e-12) ** 2)


# -- session 32: lognorm and uniform distributions (rules/scipy/stats.py) ----------------------

if sst is not None:
    LU_AG = "autograd has no lognorm or uniform distribution"

    @case(
        "scipy.stats.lognorm.logpdf",
        "scipy.stats.lognorm.pdf",
        "scipy.stats.lognorm.cdf",
        args=[
            gen(U(0.5, 3.0, 3, 4), F(0.5, 1.5), F(-0.3, 0.3), F(0.6, 1.8)),
            gen(U(0.5, 3.0, 3, 4), U(0.5, 1.5, 4), U(-0.4, 0.4, 3, 1), F(0.6, 1.8)),
        ],
        argnums=(0, 1, 2, 3),
        autograd=LU_AG,
    )
    def f_lognorm(x, s, loc, scale):
        return (
            np.sum(np.sin(sst.lognorm.logpdf(x, s, loc, scale)))
            + np.sum(sst.lognorm.pdf(x, s, loc=loc, scale=scale) ** 2)
            + np.sum(np.cos(sst.lognorm.cdf(x, s, loc, scale)))
            + np.sum(sst.lognorm.cdf(x - 4.0, s) + sst.lognorm.pdf(x - 4.0, s, scale=scale))
            + np.sum(np.where(x > 4.0, sst.lognorm.logpdf(x - 4.0, s), 0.0))
        )

    @case(
        "scipy.stats.uniform.logpdf",
        "scipy.stats.uniform.pdf",
        "scipy.stats.uniform.cdf",
        args=[
            gen(U(0.1, 0.5, 3, 4), F(-0.05, 0.05), F(0.6, 1.8)),
            gen(U(0.1, 0.5, 4), U(-0.05, 0.05, 3, 1), U(0.6, 1.8, 4)),
        ],
        argnums=(0, 1, 2),
        autograd=LU_AG,
    )
    def f_uniform(x, loc, scale):
        return (
            np.sum(np.sin(sst.uniform.logpdf(x, loc, scale)))
            + np.sum(sst.uniform.pdf(x, loc=loc, scale=scale) ** 2)
            + np.sum(np.cos(sst.uniform.cdf(x, loc, scale)))
            + np.sum(sst.uniform.cdf(x + 3.0, loc, scale) + sst.uniform.pdf(x + 3.0, loc, scale))
            + np.sum(np.where(x > 3.0, sst.uniform.logpdf(x + 3.0, loc, scale), 0.0))
        )


# -- session 32: np.var and np.std with where= and mean= (rules/reductions.py) -----------------

VAR_WHERE_AG = "autograd's var and std take no where= or mean="
_VAR_MASK = np.arange(12).reshape(3, 4) % 3 != 1


@case("np.var", "np.std", args=[gen(N(3, 4)), gen(N(3, 4))], autograd=VAR_WHERE_AG)
def f_var_where(x):
    return (
        np.sum(np.sin(np.var(x, axis=1, where=_VAR_MASK)))
        + np.std(x, where=_VAR_MASK) ** 2
        + np.sum(np.std(x, axis=1, ddof=1, where=_VAR_MASK[0], keepdims=True) ** 3)
        + np.sum(np.var(x, axis=1, ddof=1, where=_VAR_MASK) ** 2)
        + np.sum(np.var(x, axis=(0, 1), where=_VAR_MASK, correction=0.5))
    )


@case(
    "np.var",
    "np.std",
    args=[gen(N(3, 4), N(3, 1)), gen(N(3, 4), N())],
    argnums=AB,
    autograd=VAR_WHERE_AG,
)
def f_var_mean(x, m):
    mean = np.mean(x, axis=1, keepdims=True)
    return (
        np.sum(np.sin(np.var(x, axis=1, mean=mean)))
        + np.sum(np.std(x, axis=1, mean=m + mean, ddof=1) ** 2)
        + np.var(x, mean=np.reshape(np.mean(x), (1, 1)) + m)
        + np.sum(np.cos(np.std(x, axis=-1, where=_VAR_MASK, mean=m + 0.1, keepdims=True)))
    )


# -- sections appended after "running the table" join the parametrized table ----------------
# (kept last in the file: PARAMS and AG_PARAMS are extended in place before collection)


def _join_late_cases():
    seen = {p.id for p in PARAMS}
    late = [
        pytest.param(path, i, c, id=f"{path}-{c.fn.__name__}-{i}", marks=_marks(c))
        for path in sorted(CASES)
        for i, c in enumerate(CASES[path])
        if f"{path}-{c.fn.__name__}-{i}" not in seen
    ]
    PARAMS.extend(late)
    AG_PARAMS.extend(
        p
        if p.values[2].autograd is True
        else pytest.param(*p.values, id=p.id, marks=pytest.mark.skip(reason=p.values[2].autograd))
        for p in late
    )


_join_late_cases()
