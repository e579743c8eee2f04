"""Rules called with the optional arguments users pass, found wrong by the option sweep
(benchmarks/sweep_rule_options.py): each derivative, reverse and forward, against central
finite differences (and autograd where it runs these)."""

import warnings

import numpy as np
import pytest
from gradcheck import fd_hessian, numerical_grad

import s2sgrad

_rng = np.random.default_rng(11)
X34 = _rng.normal(size=(3, 4))
NAN34 = X34.copy()
NAN34[1, :] = np.nan  # an all-NaN row
NAN34[0, 2] = np.nan  # and a column with one number left
HOLES = np.isnan(NAN34)
OTHER = NAN34 - 0.25  # NaN where NAN34 is, and no ties with X34


def fmax_skips_nan(x):
    return np.sum(np.fmax(x, OTHER) ** 2) + np.sum(np.fmax(OTHER, 2 * x) ** 3)


def fmin_skips_nan(x):
    return np.sum(np.fmin(OTHER, x) ** 2) + np.sum(np.fmin(x * 3, OTHER) ** 3)


def fmax_both_nan(x):
    return np.nansum(np.fmax(np.where(HOLES, np.nan, x), OTHER) ** 2)


def nanmax_of_an_all_nan_row(x):
    # the NaN maximum's cotangent is NaN (0 * the slope of **2 at NaN): kept out of the row
    return np.nansum(np.nanmax(x + NAN34 * 0.0, axis=1) ** 2)


def nanmin_keepdims_all_nan(x):
    return np.nansum(np.nanmin(np.where(HOLES, np.nan, x), axis=-1, keepdims=True) ** 2 * X34)


def nanvar_with_no_degrees_of_freedom(x):
    # column 2 keeps one number: nanvar(ddof=1) is NaN there, whatever it is
    return np.nansum(np.nanvar(np.where(HOLES, np.nan, x), axis=0, ddof=1))


def nanstd_with_no_degrees_of_freedom(x):
    return np.nansum(np.nanstd(np.where(HOLES, np.nan, x), axis=0, ddof=1) ** 3)


def var_ddof_of_the_count(x):
    # ddof = n: inf in every column; the second term is the one with a derivative
    return np.sum(np.var(x, axis=0, ddof=3) == np.inf) + np.sum(np.var(x, axis=1, ddof=1))


def var_of_one_number_ddof(x):
    return np.nan_to_num(np.var(x[0, :1], ddof=1)) + np.sum(x**2)


def std_ddof_past_the_count(x):
    return np.sum(np.isinf(np.std(x, axis=0, ddof=4))) + np.std(x, ddof=2)


def interp_of_lists_with_differentiated_ends(x):
    return np.sum(
        np.sin(
            np.interp([-1.0, 0.5, 3.0], [0.0, 1.0, 2.0], X34[0, :3], left=x[0, 0], right=x[0, 1])
        )
    )


def interp_of_a_list_x(x):
    return np.sum(np.interp([-1.0, 0.5, 1.5, 3.0], [0.0, 1.0, 2.0], x[0, :3], left=x[1, 0]))


CASES = [
    fmax_skips_nan,
    fmin_skips_nan,
    fmax_both_nan,
    nanmax_of_an_all_nan_row,
    nanmin_keepdims_all_nan,
    nanvar_with_no_degrees_of_freedom,
    nanstd_with_no_degrees_of_freedom,
    var_ddof_of_the_count,
    var_of_one_number_ddof,
    std_ddof_past_the_count,
    interp_of_lists_with_differentiated_ends,
    interp_of_a_list_x,
]


@pytest.mark.parametrize("fun", CASES, ids=lambda f: f.__name__)
def test_reverse_and_forward_agree_with_finite_differences(fun):
    x = X34.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = numerical_grad(fun, (x,), 0)
        assert np.all(np.isfinite(expected))
        np.testing.assert_allclose(s2sgrad.grad(fun)(x.copy()), expected, rtol=1e-5, atol=1e-6)
        tangent = np.cos(np.arange(12.0)).reshape(3, 4)
        _, jvp = s2sgrad.jvp(fun, (x.copy(),), (tangent,))
        np.testing.assert_allclose(jvp, np.sum(expected * tangent), rtol=1e-5, atol=1e-6)
        jac = s2sgrad.jacfwd(fun)(x.copy())
        np.testing.assert_allclose(jac, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fun", [fmax_skips_nan, fmin_skips_nan], ids=lambda f: f.__name__)
def test_fmax_against_autograd(fun):
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp

    glob = dict(fun.__globals__, np=anp)
    ag = type(fun)(fun.__code__, glob, fun.__name__)
    np.testing.assert_allclose(s2sgrad.grad(fun)(X34.copy()), autograd.grad(ag)(X34.copy()))


def triu_of_a_vector(x):
    return np.sum(np.sin(np.triu(x[0], k=1)) * np.arange(16.0).reshape(4, 4))


def tril_of_a_vector(x):
    return np.sum(np.sin(np.tril(x[1], -1)) * np.arange(16.0).reshape(4, 4))


@pytest.mark.parametrize("fun", [triu_of_a_vector, tril_of_a_vector], ids=lambda f: f.__name__)
def test_triangles_of_a_vector(fun):
    test_reverse_and_forward_agree_with_finite_differences(fun)


def median_overwriting(x):
    return np.sum(np.median(x * 1.0, axis=0, overwrite_input=True) ** 2)


def percentile_overwriting(x):
    return np.sum(np.percentile(x * 1.0, 40.0, overwrite_input=True) ** 2)


def nanquantile_overwriting(x):
    return np.nansum(np.nanquantile(x + NAN34 * 0, 0.3, axis=1, overwrite_input=True))


MODES = {
    "grad": lambda f: s2sgrad.grad(f)(X34.copy()),
    "jvp": lambda f: s2sgrad.jvp(f, (X34.copy(),), (np.ones((3, 4)),)),
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(
    "fun",
    [median_overwriting, percentile_overwriting, nanquantile_overwriting],
    ids=lambda f: f.__name__,
)
def test_a_quantile_that_reorders_its_input_is_refused(mode, fun):
    """overwrite_input=True lets NumPy partially sort the input in place: the derivative,
    which reads it, put each sensitivity at the wrong entry before."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(s2sgrad.DerivativeNotImplementedError) as info:
            MODES[mode](fun)
    assert info.value.filename == __file__
    assert "overwrite_input=True" in str(info.value)


def solve_of_a_stack_and_one_vector(x):
    return np.sum(np.sin(np.linalg.solve(x[..., :3] + 3 * np.eye(3)[None], np.arange(3.0))))


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
def test_solve_of_a_stack_and_one_vector_is_refused(mode):
    x = np.stack([X34, X34 * 0.5])
    run = {
        "grad": lambda: s2sgrad.grad(solve_of_a_stack_and_one_vector)(x),
        "jvp": lambda: s2sgrad.jvp(solve_of_a_stack_and_one_vector, (x,), (x,)),
        "hessian": lambda: s2sgrad.hessian(solve_of_a_stack_and_one_vector)(x),
    }[mode]
    with pytest.raises(s2sgrad.DerivativeNotImplementedError) as info:
        run()
    assert info.value.filename == __file__
    assert "b[:, None]" in str(info.value)


def test_solve_of_a_stack_and_one_column():
    def f(x):
        return np.sum(np.sin(np.linalg.solve(x[..., :3] + 3 * np.eye(3), np.arange(3.0)[:, None])))

    test_reverse_and_forward_agree_with_finite_differences(lambda x: f(np.stack([x, x**2])))


@pytest.mark.parametrize(
    "fun",
    [
        fmax_skips_nan,
        fmin_skips_nan,
        nanmax_of_an_all_nan_row,
        nanvar_with_no_degrees_of_freedom,
        var_ddof_of_the_count,
        triu_of_a_vector,
    ],
    ids=lambda f: f.__name__,
)
def test_second_derivatives(fun):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = fd_hessian(fun, X34.copy())
        np.testing.assert_allclose(s2sgrad.hessian(fun)(X34.copy()), expected, rtol=1e-3, atol=1e-4)
