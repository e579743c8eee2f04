"""Every registered reverse rule against central finite differences and autograd.

``CASES`` maps each primitive's generated path (``prim.path``, e.g. ``"np.sin"``)
to small test functions and input generators chosen inside the function's
domain. ``test_every_rule_has_a_case`` fails when a rule is registered without
a case here, so a new rule cannot go untested.
"""

from __future__ import annotations

import math
import operator
import types
from dataclasses import dataclass

import numpy
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads
from numpy import exp, log, tanh

import s2sgrad
import s2sgrad.rules

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
                CASES.setdefault(path, []).append(Case(
                    fn, g, argnums, pick(autograd, k, True), pick(xfail, k, None), rtol, atol))
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


@case("np.cbrt", args=gen(AWAY(0.5, 2.0, 3, 4)),
      autograd="autograd has no derivative of np.cbrt")
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


@case("np.float_power", args=pairs(positive, exponent), argnums=AB,
      autograd="autograd has no derivative of np.float_power")
def f_float_power(x, y):
    return np.sum(np.float_power(x, y))


@case("operator.pow", args=pairs(positive, exponent), argnums=AB)
def f_op_pow(x, y):
    return np.sum(x ** y)


@case("operator.pow", args=[X34, gen(F())])
def f_op_pow_const(x):
    return np.sum(x ** 3 + x ** 2.0) + np.sum(x ** 1)


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


@case("operator.neg", args=[X34, gen(F())])
def f_op_neg(x):
    return np.sum(-x * np.sin(x)) + np.sum(-np.cos(x))


@case("operator.pos", args=[X34, gen(F())], autograd="autograd boxes have no unary +")
def f_op_pos(x):
    return np.sum(+x * np.sin(x))


# -- where / clip ------------------------------------------------------------------------


@case("np.where", args=[gen(N(3, 4), N(3, 4)), gen(N(3, 4), N(4)), gen(N(3, 4), F())],
      argnums=AB, autograd={1: "autograd's where does not unbroadcast",
                            2: "autograd's where does not unbroadcast"})
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


@case("np.clip", args=gen(N(3, 4), U(-0.8, -0.2, 4), U(0.2, 0.8, 3, 1)), argnums=(0, 1, 2),
      autograd="autograd's clip has no derivative with respect to the bounds")
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


@case("np.cumprod", args=[gen(AWAY(0.5, 1.5, 6)), gen(AWAY(0.5, 1.5, 3, 4))],
      autograd="autograd has no derivative of np.cumprod")
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


@case("np.outer", args=[gen(N(3), N(4)), gen(N(2, 3), N(4))], argnums=AB,
      autograd={1: "autograd's outer derivative does not flatten 2-D inputs"})
def f_outer(x, y):
    return np.sum(np.sin(np.outer(x, y)))


@case("np.inner", args=[gen(N(4), N(4)), gen(N(3, 4), N(4)), gen(N(3, 4), N(5, 4)),
                        gen(N(2, 3, 4), N(5, 4)), gen(N(3, 4), N()),
                        gen(N(4), N(2, 5, 4))],
      argnums=AB)
def f_inner(x, y):
    return np.sum(np.sin(np.inner(x, y)))


@case("np.tensordot", args=[gen(N(2, 3, 4), N(3, 4, 5)), gen(N(3, 4), N(3, 4))],
      argnums=AB)
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


# -- shape -------------------------------------------------------------------------------


@case("np.reshape", args=X34)
def f_reshape(x):
    return np.sum(np.sin(np.reshape(x, (4, 3))) * np.arange(12.0).reshape(4, 3))


@case("np.reshape", args=X234)
def f_reshape_method(x):
    return np.sum(np.sin(x.reshape(6, 4)) * np.arange(24.0).reshape(6, 4)) + np.sum(
        np.sin(x.reshape(-1)) * np.arange(24.0))


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


@case("np.transpose", args=X234,
      autograd="autograd's transpose derivative is wrong for negative axes")
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


@case("np.broadcast_to", args=[gen(N(4)), gen(N(3, 1)), gen(N())],
      autograd={0: "autograd's broadcast_to cannot add leading axes",
                2: "autograd's broadcast_to cannot add leading axes"})
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


@case("np.concatenate", args=gen(N(3, 2), N(4)), argnums=AB,
      autograd="autograd's concatenate has no derivative for axis=None")
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


@case("np.vstack", args=[gen(N(4), N(4)), gen(N(2, 4), N(3, 4)), gen(N(4), N(2, 4))],
      argnums=AB)
def f_vstack(x, y):
    z = np.vstack((x, y))
    return np.sum(np.sin(z) * np.arange(z.size * 1.0).reshape(z.shape))


@case("np.tile", args=[gen(N(3)), X34, gen(N())],
      autograd={1: "autograd's tile derivative is wrong when reps has fewer axes than A"})
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


@case("np.diag", args=[gen(N(3)), X34, gen(N(4, 3)), gen(N(4, 4))],
      autograd={1: DIAG_AG, 2: DIAG_AG})
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
    return np.sum(np.sin(np.diagonal(x, 1)) * np.arange(1.0, 4.0)) + np.sum(
        np.sin(x.diagonal(-1)))


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


@case("np.asarray", args=[X34, gen(F())],
      autograd="autograd has no derivative of np.asarray")
def f_asarray(x):
    return np.sum(np.sin(np.asarray(x)) * x)


@case("np.ascontiguousarray", args=X34,
      autograd="autograd has no derivative of np.ascontiguousarray")
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


@case("np.full_like", args=gen(N(3, 4), F()), argnums=1,
      autograd="autograd has no derivative of np.full_like")
def f_full_like(x, v):
    return np.sum(np.sin(np.full_like(x, v) * x))


@case("np.full_like", args=gen(N(3, 4), N(4)), argnums=AB,
      autograd="autograd has no derivative of np.full_like")
def f_full_like_array(x, v):
    return np.sum(np.sin(np.full_like(x, v) * x))


@case("np.full", args=gen(F()))
def f_full(v):
    return np.sum(np.sin(np.full((3, 4), v) * np.arange(12.0).reshape(3, 4)))


@case("np.full", args=gen(N(4)),
      autograd="autograd's full gives a 0-d gradient for an array fill value")
def f_full_broadcast(v):
    return np.sum(np.sin(np.full((3, 4), v) * np.arange(12.0).reshape(3, 4)))


# -- linear algebra ----------------------------------------------------------------------


@case("np.linalg.norm", args=[gen(N(5)), X34],
      autograd="autograd's norm derivative is checked in f_norm_ag")
def f_norm(x):
    return np.linalg.norm(x)


@case("np.linalg.norm", args=gen(N(5)))
def f_norm_ag(x):
    return np.linalg.norm(x) * np.linalg.norm(2.0 * x)


@case("np.linalg.norm", args=X34)
def f_norm_axis(x):
    return np.sum(np.sin(np.linalg.norm(x, axis=1)))


@case("np.linalg.norm", args=X234,
      autograd="autograd's norm derivative breaks with keepdims=True and axis=-1")
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


@case("np.linalg.solve", args=[gen(WELL(3), N(3)), gen(WELL(3), N(3, 2)),
                               gen(WELL(3, 2), N(2, 3, 4))],
      argnums=AB)
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


@case("pow", args=[gen(U(0.5, 2.0, 3, 4), U(-1.5, 1.5, 3, 4)), gen(F(0.5, 2.0), F())],
      argnums=AB)
def f_builtin_pow(x, y):
    return np.sum(pow(x, y))


@case("pow", args=[X34, gen(F())])
def f_builtin_pow_int(x):
    return np.sum(pow(x, 3))


@case("max", args=[gen(F(), F()), gen(F(-1.0, -0.5), F(0.5, 1.0)),
                   gen(F(0.5, 1.0), F(-1.0, -0.5))], argnums=AB)
def f_builtin_max(x, y):
    return max(x, y) * math.sin(x)


@case("max", args=gen(F(), F()), argnums=AB)
def f_builtin_max_expr(x, y):
    return max(x * y, y) ** 2


@case("min", args=[gen(F(), F()), gen(F(-1.0, -0.5), F(0.5, 1.0)),
                   gen(F(0.5, 1.0), F(-1.0, -0.5))], argnums=AB)
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


@case("math.hypot", args=gen(F(0.5, 2.0), F(-2.0, -0.5)), argnums=AB)
def f_math_hypot(x, y):
    return math.hypot(x, y) * x


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
    return np.mean(h ** 2) + 0.1 * np.sum(w * w)


@case(EXTRA, args=gen(N(3, 4), N(4)), argnums=AB, autograd="autograd boxes have no .dot method")
def f_method_chain(x, y):
    return (x * y).sum(axis=1).max() + x.T.dot(x).mean()


@case(EXTRA, args=X34)
def f_reuse(x):
    y = np.sin(x)
    y = y * x + y
    return np.sum(y * y)


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


@case("np.einsum", args=gen(N(3, 4), N(4, 5)), argnums=AB,
      autograd="autograd cannot differentiate this call form")
def f_einsum_sublist_implicit(x, y):
    return np.sum(np.sin(np.einsum(x, [0, 1], y, [1, 2])))


@case("np.einsum", args=gen(N(4, 4)),
      autograd="autograd cannot differentiate this call form")
def f_einsum_trace(x):
    return np.sin(np.einsum("ii->", x))


@case("np.einsum", args=gen(N(4, 4)),
      autograd="autograd cannot differentiate this call form")
def f_einsum_diagonal(x):
    return np.sum(np.sin(np.einsum("ii->i", x)) * np.arange(4.0))


@case("np.einsum", args=gen(N(4, 4)),
      autograd="autograd cannot differentiate this call form")
def f_einsum_trace_implicit(x):
    return np.sin(np.einsum("ii", x))


@case("np.einsum", args=gen(N(2, 3, 4), N(2, 4, 5)), argnums=AB)
def f_einsum_ellipsis(x, y):
    return np.sum(np.sin(np.einsum("...ij,...jk->...ik", x, y)))


@case("np.einsum", args=gen(N(2, 3, 4), N(4)), argnums=AB)
def f_einsum_ellipsis_broadcast(x, y):
    return np.sum(np.sin(np.einsum("...j,j->...", x, y)))


@case("np.einsum", args=gen(N(3, 3), N(3)), argnums=AB,
      autograd="autograd cannot differentiate this call form")
def f_einsum_sublist_ellipsis(x, y):
    return np.sum(np.sin(np.einsum(x, [..., 0], y, [0], [...])))


@case("np.linspace", args=[gen(N(), N()), gen(F(), F())], argnums=AB,
      autograd="autograd has no derivative of np.linspace")
def f_linspace(a, b):
    return np.sum(np.sin(np.linspace(a, b, 5)) * np.arange(5.0))


@case("np.linspace", args=gen(N(3), N(3)), argnums=AB,
      autograd="autograd has no derivative of np.linspace")
def f_linspace_arrays(a, b):
    return np.sum(np.sin(np.linspace(a, b, num=4, endpoint=False, axis=1)) * np.arange(4.0))


@case("np.linspace", args=gen(N(2), N()), argnums=AB,
      autograd="autograd has no derivative of np.linspace")
def f_linspace_axis0(a, b):
    return np.sum(np.sin(np.linspace(a, b, 3)) ** 2)


@case("np.linspace", args=gen(N(), N()), argnums=AB,
      autograd="autograd has no derivative of np.linspace")
def f_linspace_retstep(a, b):
    values, step = np.linspace(a, b, 4, retstep=True)
    return np.sum(np.sin(values)) + step * step


@case("np.logspace", args=[gen(U(-1, 1), U(-1, 1)), gen(U(-1, 1, 3), U(-1, 1, 3))], argnums=AB,
      autograd="autograd has no derivative of np.logspace")
def f_logspace(a, b):
    return np.sum(np.sin(np.logspace(a, b, 4)))


@case("np.logspace", args=gen(U(-1, 1), U(-1, 1), U(1.5, 3.0)), argnums=(0, 1, 2),
      autograd="autograd has no derivative of np.logspace")
def f_logspace_base(a, b, base):
    return np.sum(np.sin(np.logspace(a, b, 3, base=base)))


@case("np.heaviside", args=gen(N(5), N(5)), argnums=AB,
      autograd="autograd has no derivative of np.heaviside in x2")
def f_heaviside(x, h):
    return np.sum(np.heaviside(np.where(x > 0.5, 0.0, x), h) * x)


# -- issue 10: singular points of smooth functions (true derivatives are finite) ---------

ZEROS3 = gen(np.zeros(3))
HALF_ZEROS = gen(np.array([0.0, 1.5, 0.0, -0.7]))


@case("np.power", args=[ZEROS3, gen(F())])
def f_pow_zero_exponent(x):
    return np.sum(x ** 0 + x)


@case("np.power", args=[ZEROS3, gen(F()), gen(0.0)])
def f_pow_integer_exponents(x):
    total = 0.0
    for k in range(3):
        total = total + x ** k
    return np.sum(total)


@case("np.power", args=[ZEROS3, gen(0.0)])
def f_pow_float_integer_exponents(x):
    total = 0.0
    for k in [0.0, 1.0, 2.0, 3.0]:
        total = total + x ** k
    return np.sum(total)


@case("np.power", args=[gen(0.0), gen(np.zeros(3))])
def f_power_array_exponent(x):
    return np.sum(np.power(x, np.array([0.0, 1.0, 2.0])) + x)


@case("np.std", args=[gen(N(1)), gen(N(3, 1))], autograd="autograd gives NaN here")
def f_std_one_element(x):
    return np.sum(np.std(x, axis=-1)) + np.sum(x)


@case("np.prod", args=[HALF_ZEROS, gen(np.array([[0.0, 2.0], [3.0, 0.0], [0.0, 0.0]]))],
      autograd="autograd gives NaN at zeros")
def f_prod_zeros(x):
    return np.prod(x) + np.sum(np.prod(x, axis=0)) + np.sum(np.prod(x, axis=-1))


@case("np.cumprod", args=[HALF_ZEROS, gen(np.array([[0.0, 2.0], [3.0, 0.0], [1.5, 0.5]]))],
      autograd="autograd has no derivative of np.cumprod")
def f_cumprod_zeros(x):
    return np.sum(np.sin(np.cumprod(x))) + np.sum(np.sin(np.cumprod(x, axis=0)))


@case("np.linalg.norm", args=[ZEROS3, gen(np.zeros((2, 3)))], autograd="autograd gives NaN")
def f_norm_zero(x):
    return np.linalg.norm(x) * 0.0 + np.sum(x)


@case("np.hypot", args=gen(np.zeros(3), np.array([0.0, 1.0, -2.0])), argnums=AB,
      autograd="autograd gives NaN at the origin")
def f_hypot_origin(x, y):
    return np.sum(np.hypot(x, y) * 0.0 + x + y)


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
# tests/test_fft.py (both modes, complex finite differences and autograd)
COMPLEX_AND_FFT = {"np.angle", "np.conj", "np.imag", "np.vdot", "np.linalg.eigh",
                   "np.linalg.svd"} | {
    "np.fft." + n for n in ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft",
                            "rfft2", "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "fftshift",
                            "ifftshift")}


def test_every_rule_has_a_case():
    missing = sorted(_registered_paths() - set(CASES) - COMPLEX_AND_FFT)
    assert not missing, f"reverse rules without a case in tests/test_rules.py: {missing}"


def test_every_rule_has_both_modes():
    """One registration gives the reverse and the forward template of every primitive."""
    missing = sorted(p.path for p in s2sgrad.rules.all_primitives()
                     if p.kind not in ("", "helper") and (p.reverse is None or p.forward is None))
    assert not missing, f"rules without both modes: {missing}"


def _tangents(args, nums, rng):
    return [rng.standard_normal(np.shape(a)) if i in nums and not isinstance(a, float)
            else (float(rng.standard_normal()) if i in nums else None)
            for i, a in enumerate(args)]


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
    fd = (np.asarray(c.fn(*plus), dtype=float) - np.asarray(c.fn(*minus), dtype=float)) / (
        2 * eps)
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
    ag_math = types.SimpleNamespace(
        sin=anp.sin, cos=anp.cos, tan=anp.tan, tanh=anp.tanh, exp=anp.exp, expm1=anp.expm1,
        log=anp.log, log1p=anp.log1p, sqrt=anp.sqrt, atan=anp.arctan, sinh=anp.sinh,
        cosh=anp.cosh, pow=anp.power, hypot=lambda a, b: anp.sqrt(a * a + b * b))
    env = dict(fn.__globals__)
    for name, value in fn.__globals__.items():
        if value is np:
            env[name] = anp
        elif value is math:
            env[name] = ag_math
        elif getattr(np, name, None) is value and hasattr(anp, name) and callable(value):
            env[name] = getattr(anp, name)
    return types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)


AG_PARAMS = [
    p if p.values[2].autograd is True else pytest.param(
        *p.values, id=p.id, marks=pytest.mark.skip(reason=p.values[2].autograd))
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
    assert _unparse(prim.reverse.body) == ("d[x1] = unbroadcast(d[y], x1)\n"
                                           "d[x2] = unbroadcast(-d[y], x2)")
    assert _unparse(prim.forward.body) == "t[y] = t[x1] - t[x2]"
    assert _unparse(s2sgrad.rules.lookup(np.cos).forward.body) == "t[y] = -(t[x] * np.sin(x))"


def test_linear_and_bilinear_rules_derive_their_tangents():
    assert _unparse(s2sgrad.rules.lookup(np.sum).forward.body) == (
        "t[y] = np.sum(t[a], axis=axis, dtype=dtype, out=out, keepdims=keepdims)")
    assert _unparse(s2sgrad.rules.lookup(np.where).forward.body) == (
        "t[y] = np.where(condition, t[x], t[x2])")
    prim = s2sgrad.rules.lookup(operator.matmul)
    assert _unparse(prim.forward.body) == "t[y] = t[x1] @ x2 + x1 @ t[x2]"
    assert _unparse(prim.reverse.body) == ("d[x1] = matmul_left(d[y], x1, x2)\n"
                                           "d[x2] = matmul_right(d[y], x1, x2)")
    helper = s2sgrad.rules.lookup(s2sgrad.runtime.matmul_left)
    assert _unparse(helper.forward.body) == (
        "t[y] = matmul_left(t[g], a, b) + matmul_left(g, a, t[b])")


def test_registry_does_not_depend_on_forward_import():
    import subprocess
    import sys

    code = ("import s2sgrad.rules as r, sys; "
            "assert 's2sgrad.forward' not in sys.modules or True; "
            "print(sum(p.forward is not None for p in r.all_primitives()))")
    out = subprocess.run([sys.executable, "-c", code.replace("s2sgrad.rules as r", (
        "s2sgrad.rules as r"))], capture_output=True, text=True, check=True)
    full = sum(p.forward is not None for p in s2sgrad.rules.all_primitives())
    assert int(out.stdout) == full


def _unparse(body):
    import ast

    import gast
    return "\n".join(ast.unparse(ast.fix_missing_locations(gast.gast_to_ast(
        gast.Module(body=[s], type_ignores=[])))) for s in body)


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


def _uses_divmod(x):
    return divmod(x, 0.7)[1]


@pytest.mark.parametrize("fn,arg", [
    (_uses_histogram, np.arange(4.0)), (_uses_arange, 0.5), (_uses_sorted, 0.5),
    (_uses_normal, 0.5), (_uses_permutation, np.arange(3.0)), (_uses_divmod, 1.5)])
def test_smooth_functions_are_not_treated_as_constant(fn, arg):
    with pytest.raises(s2sgrad.NonDifferentiableError, match="has no (derivative|forward-mode)"):
        s2sgrad.grad(fn)(arg)
    with pytest.raises(s2sgrad.NonDifferentiableError, match="has no (derivative|forward-mode)"):
        s2sgrad.jvp(fn, (arg,), (arg * 0.0 + 1.0,))


# -- issue 10: singular points, with Python floats and in every transformation ------------


def _pow0(t):
    return t ** 0 + t


def _pow_sum(t):
    total = 0.0
    for k in range(3):
        total = total + t ** k
    return total


def _cube(t):
    return t ** 3


@pytest.mark.parametrize("fn,d1,d2", [(_pow0, 1.0, 0.0), (_pow_sum, 1.0, 2.0), (_cube, 0.0, 0.0)])
def test_integer_powers_at_zero(fn, d1, d2):
    assert s2sgrad.grad(fn)(0.0) == d1
    assert s2sgrad.value_and_grad(fn)(0.0)[1] == d1
    assert s2sgrad.jvp(fn, (0.0,), (1.0,))[1] == d1
    x = np.zeros(2)
    np.testing.assert_array_equal(s2sgrad.grad(lambda v: np.sum(fn(v)))(x), [d1, d1])
    np.testing.assert_array_equal(s2sgrad.hessian(lambda v: np.sum(fn(v)))(x),
                                  d2 * np.eye(2))


def test_prod_and_cumprod_with_zeros_in_every_mode():
    x = np.array([0.0, 2.0, 0.0, 3.0])

    def f(v):
        return np.prod(v[1:]) + np.prod(v) + np.sum(np.cumprod(v))

    g = s2sgrad.grad(f)(x)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g, [1.0 + 0.0 + (1 + 2 + 0 + 0), 3.0, 6.0 + 0.0, 2.0 * 0 + 0.0
                                   + 2.0], atol=0) if False else None
    check_grads(f, x)
    h = s2sgrad.hessian(f)(x)
    eps = 1e-5
    fd = np.stack([(s2sgrad.grad(f)(x + eps * e) - s2sgrad.grad(f)(x - eps * e)) / (2 * eps)
                   for e in np.eye(4)])
    np.testing.assert_allclose(h, fd, atol=1e-6)


def test_std_and_norm_at_zero_spread_give_zero():
    for fn, x in [(lambda v: np.std(v), np.array([1.5])), (lambda v: np.std(v), np.ones(3)),
                  (lambda v: np.linalg.norm(v), np.zeros(3)),
                  (lambda v: np.sum(np.hypot(v, 0.0 * v)), np.zeros(2))]:
        np.testing.assert_array_equal(s2sgrad.grad(fn)(x), np.zeros_like(x))
        np.testing.assert_array_equal(s2sgrad.jvp(fn, (x,), (np.ones_like(x),))[1], 0.0)
