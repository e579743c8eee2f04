"""Crashes inside s2sgrad found on real programs (issue 12), each now correct or a clear
s2sgrad error: ``*args`` items that are None reaching NumPy's ``out`` position, a boolean
mask indexing a 0-d value, ``.source`` of a derivative in an item of ``*args``, and a
division by an integer zero (NumPy's semantics on NumPy values)."""

from __future__ import annotations

import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad
from s2sgrad.errors import GradientArgumentError, UnsupportedSyntaxError

RS = np.random.RandomState(12)
X = RS.randn(2, 3)


# -- *args items that are None, where NumPy takes out= by position ----------------------


def sum_star(x, *args):
    return np.sum(np.sin(x) * x, *args)


def mean_star(x, *args):
    return np.sum(np.mean(x * x, *args) ** 2)


def ufunc_star(x, y, *args):
    return np.sum(np.multiply(x, y, *args) ** 2)


def star_callee(x, *opts):
    return np.sum(np.exp(x), *opts)


def star_caller(x, *args):
    return star_callee(x * 2.0, *args) + np.sum(x)


@pytest.mark.parametrize(
    "f, extra",
    [
        (sum_star, (None, None, None)),
        (sum_star, (None, None)),
        (mean_star, (0, None, None)),
        (mean_star, (1, None, None, True)),
        (star_caller, (None, None, None)),
    ],
)
def test_none_items_of_star_args_are_no_out(f, extra):
    args = (X,) + extra
    check_grads(f, *args)
    v, g = s2sgrad.value_and_grad(f)(*args)
    assert np.isclose(v, f(*args))
    _, dot = s2sgrad.jvp(f, args, (np.ones_like(X),) + (None,) * len(extra))
    assert np.isclose(dot, np.sum(g))
    h = s2sgrad.hessian(f)(*args)
    assert h.shape == X.shape * 2


def test_none_items_of_star_args_in_a_ufunc():
    y = RS.randn(2, 3)
    check_grads(ufunc_star, X, y, None)
    check_grads(ufunc_star, X, y, None, argnums=1)


def test_an_array_in_the_out_position_of_star_args_is_an_error():
    buf = np.zeros(())
    with pytest.raises(UnsupportedSyntaxError, match="writes into out=") as info:
        s2sgrad.grad(sum_star)(X, None, None, buf)
    assert "test_known_crashes.py" in str(info.value)


def test_none_items_are_part_of_the_specialisation():
    g = s2sgrad.grad(mean_star)
    for axis in (0, 1):
        closed = 4.0 * X * np.mean(X * X, axis, keepdims=True) / X.shape[axis]
        assert_tree_close(g(X, axis, None, None), closed)
        assert_tree_close(g(X, axis), closed)
        assert_tree_close(g(X, axis, None), closed)


# -- a boolean mask indexing a 0-d value ----------------------------------------------------


def mask_scalar(x, m):
    y = x * 2.0
    return np.sum(y[m] * x)


def mask_scalar_twice(x, m):
    y = np.sin(x)
    z = y[m] + y[m] * y
    return np.sum(z**2)


def mask_array_0d(x, m):
    return np.sum(np.exp(x)[m]) + np.sum(x[m] ** 3)


def mask_param(x, m):
    return np.sum(x[m] * 3.0) + x * x


@pytest.mark.parametrize("f", [mask_scalar, mask_array_0d])
@pytest.mark.parametrize("mask", [True, False])
def test_mask_of_a_0d_value(f, mask):
    x, m = np.array(0.7), np.array(mask)
    eps = 1e-6  # central differences in a 0-d array (a float would not take the mask)
    fd = (f(np.array(0.7 + eps), m) - f(np.array(0.7 - eps), m)) / (2 * eps)
    g = s2sgrad.grad(f)(x, m)
    assert np.isclose(g, fd, rtol=1e-6, atol=1e-6)
    ag = f.__name__ + "_ag"
    assert_tree_close(g, autograd.grad(globals()[ag])(x, m))
    _, dot = s2sgrad.jvp(f, (x, m), (np.array(1.0), None))
    assert np.isclose(dot, g)
    assert np.isclose(s2sgrad.hessian(f)(x, m), autograd.hessian(globals()[ag])(x, m))


@pytest.mark.parametrize("f", [mask_scalar_twice, mask_param])
@pytest.mark.parametrize("mask", [True, False])
def test_mask_of_a_0d_value_after_other_uses_is_a_clear_error(f, mask):
    # the adjoint of y is a NumPy scalar before the masked item is added into it
    with pytest.raises(TypeError, match="0-d value with a variable index") as info:
        s2sgrad.grad(f)(np.array(0.7), np.array(mask))
    assert "test_known_crashes.py" in "".join(info.value.__notes__)


def mask_scalar_ag(x, m):
    y = x * 2.0
    return anp.sum(y[m] * x)


def mask_array_0d_ag(x, m):
    return anp.sum(anp.exp(x)[m]) + anp.sum(x[m] ** 3)


# -- .source of a derivative in an item of *args or **kwargs ------------------------------


def star_sum(x, *args):
    return np.sum(x * args[0])


def kw_sum(x, **kw):
    return np.sum(x * kw["a"])


@pytest.mark.parametrize("argnums", [1, 2, -1])
def test_source_of_a_star_item_asks_for_example_arguments(argnums):
    g = s2sgrad.grad(star_sum, argnums=argnums)
    with pytest.raises(GradientArgumentError, match=r"\*args.*source_for"):
        _ = g.source
    assert "dargs" in g.source_for(np.ones(2), np.ones(2), np.ones(2))


def test_source_of_a_kwargs_item_asks_for_example_arguments():
    g = s2sgrad.grad(kw_sum, argnames="a")
    with pytest.raises(GradientArgumentError, match=r"\*\*kwargs.*source_for"):
        _ = g.source
    assert "def kw_sum_grad" in g.source_for(np.ones(2), a=np.ones(2))


def test_source_of_a_named_parameter_of_a_star_function():
    assert "dx" in s2sgrad.grad(star_sum).source


# -- division by an integer zero --------------------------------------------------------


def div_item(x, n):
    return x[0] / n


def div_sum(x, n):
    return np.sum(x * x) / n


def div_chain(x, n):
    y = x[1] * 3.0
    return (y / n) * 2.0 + x[0]


def div_python(x, n):
    return x / n


@pytest.mark.parametrize("f", [div_item, div_sum, div_chain])
def test_division_by_integer_zero_follows_numpy(f):
    x = np.array([1.5, -2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = s2sgrad.grad(f)(x, 0)
        expected = autograd.grad(f)(x, 0)
        v, _ = s2sgrad.value_and_grad(f)(x, 0)
        assert v == f(x, 0)
        _, dot = s2sgrad.jvp(f, (x, 0), (np.ones(2), None))
        assert np.isclose(dot, np.sum(expected), equal_nan=True) or not np.isfinite(dot)
    np.testing.assert_array_equal(g, expected)
    assert not np.all(np.isfinite(g))
    check_grads(f, x, 3)


def test_division_of_python_numbers_by_zero_raises_pythons_error():
    with pytest.raises(ZeroDivisionError) as info:
        s2sgrad.grad(div_python)(1.5, 0)
    assert "test_known_crashes.py" in "".join(getattr(info.value, "__notes__", []))
    assert s2sgrad.grad(div_python)(1.5, 2) == 0.5
