"""A differentiated value given to a parameter a rule takes no derivative in is an error at
the user's line, in every mode, never a silently lost derivative (``np.quantile(x, q)``
with ``q`` differentiated gave 0 before); parameters a function is constant in are
declared with the rule and differentiate to zero."""

import inspect

import numpy as np
import pytest
import scipy.signal
import scipy.stats
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad import rules

X = np.array([0.3, -1.2, 0.9, 2.0, -0.4])

MODES = {
    "grad": lambda f, a: s2sgrad.grad(f)(a),
    "jvp": lambda f, a: s2sgrad.jvp(f, (a,), (1.0,)),
    "hessian": lambda f, a: s2sgrad.hessian(f)(a),
}


def quantile_share(q):
    return np.quantile(X, q)


def percentile_of_a_product(q):
    return np.sum(np.percentile(X, [10.0, q * 100.0]))


def nanquantile_in_a_loop(q):
    s = 0.0
    for k in range(2):
        s = s + np.nanquantile(X * k, q)
    return s


def norm_order(p):
    return np.linalg.norm(X, ord=p)


def convolve_fill(v):
    return np.sum(
        scipy.signal.convolve2d(np.ones((3, 3)), np.ones((2, 2)), boundary="fill", fillvalue=v)
    )


def _line_of(fun, text):
    lines, start = inspect.getsourcelines(fun)
    return start + next(i for i, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(
    "fun, arg, text, param",
    [
        (quantile_share, 0.3, "np.quantile(X, q)", "q"),
        (percentile_of_a_product, 0.3, "np.percentile", "q"),
        (nanquantile_in_a_loop, 0.3, "np.nanquantile", "q"),
        (norm_order, 3.0, "np.linalg.norm", "ord"),
        (convolve_fill, 0.5, "return np.sum(", "fillvalue"),
    ],
)
def test_a_differentiated_value_where_the_rule_takes_no_derivative(mode, fun, arg, text, param):
    with pytest.raises(s2sgrad.NonDifferentiableError) as info:
        MODES[mode](fun, arg)
    assert info.value.filename == __file__
    assert info.value.lineno == _line_of(fun, text)
    assert f"no derivative in its argument {param}" in str(info.value)
    assert "stop_gradient" in str(info.value)


def test_stop_gradient_there_is_the_way_out():
    def f(x, q):
        return np.quantile(x, s2sgrad.stop_gradient(q)) * q

    g = s2sgrad.grad(f, argnums=(0, 1))(X, 0.3)
    expected = tuple(
        numerical_grad(lambda x, q: np.quantile(x, 0.3) * q, (X, 0.3), k) for k in (0, 1)
    )
    assert_tree_close(g, expected, rtol=1e-6, atol=1e-8)


def full_like_of_x(x):
    return np.sum(np.full_like(x, 2.0) * x)  # reads x's shape only


def pinv_with_a_cutoff(x):
    a = np.outer(x[:3], x[1:4]) + np.eye(3) * 2.0
    return np.sum(np.linalg.pinv(a, rcond=1e-12 * np.abs(x[0])) ** 2)


def poisson_at_a_count(m):
    return scipy.stats.poisson.pmf(3.0, m) + scipy.stats.poisson.logpmf(2.0, m * 1.5)


@pytest.mark.parametrize(
    "fun, arg",
    [(full_like_of_x, X), (pinv_with_a_cutoff, X), (poisson_at_a_count, 2.5)],
)
def test_declared_constant_parameters_differentiate(fun, arg):
    assert_tree_close(s2sgrad.grad(fun)(arg), numerical_grad(fun, (arg,), 0), rtol=1e-5)
    tangent = s2sgrad.jvp(fun, (arg,), (np.ones_like(arg),))[1]
    assert np.allclose(tangent, np.sum(numerical_grad(fun, (arg,), 0)), rtol=1e-5)


# parameters that never carry a float: options, shapes, axes, integer counts and indices
OPTION_NAMES = {
    "axis",
    "axes",
    "axis1",
    "axis2",
    "axisa",
    "axisb",
    "axisc",
    "out",
    "keepdims",
    "dtype",
    "order",
    "kind",
    "mode",
    "method",
    "norm",
    "s",
    "n",
    "k",
    "num",
    "copy",
    "shape",
    "overwrite_input",
    "overwrite_a",
    "overwrite_b",
    "overwrite_ab",
    "check_finite",
    "indices_or_sections",
    "indices",
    "ind",
    "condition",
    "condlist",
    "offset",
    "endpoint",
    "retstep",
    "reps",
    "repeats",
    "pad_width",
    "shift",
    "start",
    "source",
    "destination",
    "UPLO",
    "hermitian",
    "full_matrices",
    "compute_uv",
    "stable",
    "descending",
    "sparse",
    "indexing",
    "returned",
    "edge_order",
    "dot_axes",
    "optimize",
    "newshape",
    "subok",
    "lower",
    "trans",
    "unit_diagonal",
    "assume_a",
    "transposed",
    "l_and_u",
    "disp",
    "blocksize",
    "boundary",
    "return_sign",
    "allow_singular",
    "deg",
    "kth",
    "interpolation",
    "ddof",
    "correction",
    "d",
    "names",
    "name",
    "cls",
    "fn",
    "kw",
    "moving",  # called(fn, args, kw, moving): the positions the call differentiates
    "func",
    "Dfun",
    "col_deriv",
    "full_output",
    "ml",
    "mu",
    "ixpr",
    "mxstep",
    "mxhnil",
    "mxordn",
    "mxords",
    "printmessg",
    "tfirst",
    "include_initial",
    "casting",
    "memo",
    "tensor",
}

# numeric parameters without a derivative and not constant: an error when differentiated
UNDERIVED_NUMBERS = {
    ("np.quantile", "q"),
    ("np.nanquantile", "q"),
    ("np.percentile", "q"),
    ("np.nanpercentile", "q"),
    ("np.quantile", "weights"),
    ("np.nanquantile", "weights"),
    ("np.percentile", "weights"),
    ("np.nanpercentile", "weights"),
    ("np.linalg.norm", "ord"),
    ("scipy.linalg.norm", "ord"),
    ("np.cov", "fweights"),  # observation weights: no derivative (test_rules.py)
    ("np.cov", "aweights"),
    ("np.polyfit", "w"),  # weights: an error wherever given (test_rules2_s32.py)
    # the start normalize/masked.py gives np.max(x, initial=c) (c itself is joined by
    # np.maximum); one given by position is an error when differentiated
    *((p, "initial") for p in ("np.max", "np.min", "np.amax", "np.amin")),
    ("np.linalg.matrix_norm", "ord"),
    ("np.linalg.vector_norm", "ord"),
    ("np.interp", "xp"),
    ("np.interp", "period"),
    ("scipy.signal.convolve2d", "fillvalue"),
    ("scipy.signal.correlate2d", "fillvalue"),
    ("scipy.spatial.distance.cdist", "p"),  # a differentiated p: an error (test_scipy_spatial)
    ("scipy.spatial.distance.pdist", "p"),
    ("scipy.spatial.distance.cdist", "metric"),  # a string
    ("scipy.spatial.distance.pdist", "metric"),
    ("scipy.spatial.distance.squareform", "force"),  # a string
    ("scipy.spatial.distance.squareform", "checks"),  # a bool
}


def test_the_numeric_parameters_without_a_derivative_are_known():
    """A new rule that forgets ``d[p]`` for a numeric parameter shows up here."""
    found = {
        (p.path, name)
        for p in rules.all_primitives()
        for name in rules.underived(p)
        if name not in OPTION_NAMES
    }
    assert found == UNDERIVED_NUMBERS


def quantile_of_star_args(*args):
    return np.quantile(*args)


def quantile_from_a_dict(p):
    return np.quantile(p["x"], p["q"]) * 2.0


def quantile_from_a_tuple(t):
    x, q = t
    return np.quantile(x, q)


def pad_of_star_args(*args):
    return np.sum(np.pad(*args) ** 2)


@pytest.mark.parametrize(
    "fun, args, tangents",
    [
        (quantile_of_star_args, (X, 0.3), (np.ones(5), 1.0)),
        (quantile_from_a_dict, ({"x": X, "q": 0.3},), ({"x": np.ones(5), "q": 1.0},)),
        (quantile_from_a_tuple, ((X, 0.3),), ((np.ones(5), 1.0),)),
    ],
)
def test_values_of_unknown_kind_are_checked_when_the_code_runs(fun, args, tangents):
    """An item of a differentiated tuple or dict may be an option or an integer: checked
    when the code runs, with the user's line."""
    argnums = tuple(range(len(args)))
    for run in (
        lambda: s2sgrad.grad(fun, argnums=argnums)(*args),
        lambda: s2sgrad.jvp(fun, args, tangents),
    ):
        with pytest.raises(s2sgrad.NonDifferentiableError) as info:
            run()
        assert info.value.filename == __file__
        assert info.value.lineno == _line_of(fun, "np.quantile(")
        assert "no derivative in its argument q" in str(info.value)


def test_an_option_or_integer_of_unknown_kind_passes():
    args = (np.ones((2, 2)) * 0.5, 1, "constant")
    g = s2sgrad.grad(pad_of_star_args)(*args)
    assert_tree_close(g, numerical_grad(pad_of_star_args, args, 0), rtol=1e-6)
    _, dot = s2sgrad.jvp(pad_of_star_args, args, (np.ones((2, 2)), None, None))
    assert np.isclose(dot, 4.0)
