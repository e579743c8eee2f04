"""Derivatives of any order (issue 12): autograd's elementwise_grad nested to any depth
(its tanh example takes four), and grad(grad(grad(f))) of functions with control flow,
against closed-form derivatives and autograd."""

from __future__ import annotations

import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close

import s2sgrad
from s2sgrad.compat.autograd import elementwise_grad as egrad
from s2sgrad.compat.autograd import grad as cgrad

X = np.linspace(-1.7, 1.9, 7)


def tanh_ratio(x):  # autograd's examples/tanh.py
    return (1.0 - np.exp(-2 * x)) / (1.0 + np.exp(-(2 * x)))


def sin(x):
    return np.sin(x)


def exp_x(x):
    return np.exp(x) * x


def _tanh_derivatives(x, n):
    """d^n/dx^n tanh(x), from the polynomial in t = tanh(x): P' = (1 - t^2) dP/dt."""
    poly = np.polynomial.Polynomial([0.0, 1.0])
    one_minus = np.polynomial.Polynomial([1.0, 0.0, -1.0])
    for _ in range(n):
        poly = one_minus * poly.deriv()
    return poly(np.tanh(x))


CLOSED = {
    tanh_ratio: _tanh_derivatives,
    sin: lambda x, n: np.sin(x + n * math.pi / 2),
    exp_x: lambda x, n: np.exp(x) * (x + n),
}


@pytest.mark.parametrize("f", [tanh_ratio, sin, exp_x])
def test_nested_elementwise_grad_to_order_six(f):
    d = f
    for n in range(1, 7):
        d = egrad(d)
        assert_tree_close(d(X), CLOSED[f](X, n), rtol=1e-8, atol=1e-8)


def test_fourth_elementwise_grad_matches_autograd():
    d_ours, d_theirs = tanh_ratio, lambda x: (1.0 - anp.exp(-2 * x)) / (1.0 + anp.exp(-2 * x))
    for _ in range(4):
        d_ours, d_theirs = egrad(d_ours), autograd.elementwise_grad(d_theirs)
    assert_tree_close(d_ours(X), d_theirs(X), rtol=1e-9, atol=1e-9)


def test_nested_elementwise_grad_of_a_second_argument():
    def f(a, x):
        return a * np.sin(x) * x

    d = f
    for _ in range(3):
        d = egrad(d, 1)
    a = 1.5
    expected = a * (-3 * np.sin(X) - X * np.cos(X))  # d^3/dx^3 x sin(x)
    assert_tree_close(d(a, X), expected, rtol=1e-8, atol=1e-8)


def test_grad_of_nested_elementwise_grad():
    d = egrad(egrad(egrad(sin)))
    for x in (-0.9, 0.4):
        assert np.isclose(cgrad(d)(x), np.sin(x + 4 * math.pi / 2))
        assert np.isclose(cgrad(cgrad(d))(x), np.sin(x + 5 * math.pi / 2))


def test_a_nested_derivative_called_inside_a_differentiated_function():
    # egrad(egrad(sin)) made outside, called in the loss: the nested elementwise_grad of
    # the function written for egrad(sin) (s2sgrad/stored.py): -cos, a third derivative
    d = egrad(egrad(sin))
    np.testing.assert_allclose(cgrad(lambda x: np.sum(d(x)))(X), -np.cos(X), rtol=1e-10)


@pytest.mark.parametrize("f", [sin, exp_x])
@pytest.mark.parametrize("n", [3, 4, 5])
def test_grad_nested_to_any_order_of_scalars(f, n):
    d = f
    for _ in range(n):
        d = s2sgrad.grad(d)
    for x in (-0.8, 0.3, 1.4):
        assert np.isclose(d(x), CLOSED[f](x, n), rtol=1e-8, atol=1e-8)


def loop_branch(x):
    y = x
    for i in range(3):
        if y > 0:
            y = np.sin(y) * x
        else:
            y = y * y + x
    return y


def while_poly(x):
    s = 0.0
    k = 0
    while k < 4:
        s = s + x ** (k + 1) / (k + 1)
        k = k + 1
    return s


def loop_branch_ag(x):
    y = x
    for i in range(3):
        if y > 0:
            y = anp.sin(y) * x
        else:
            y = y * y + x
    return y


@pytest.mark.parametrize("x", [0.7, -0.6, 1.3])
def test_third_and_fourth_grad_through_control_flow(x):
    ours, theirs = loop_branch, loop_branch_ag
    for n in range(1, 5):
        ours, theirs = s2sgrad.grad(ours), autograd.grad(theirs)
        assert np.isclose(ours(x), theirs(x), rtol=1e-8, atol=1e-10), n


@pytest.mark.parametrize("x", [0.7, -1.2])
def test_third_grad_of_a_while_loop(x):
    d3 = s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(while_poly)))
    # s = x + x^2/2 + x^3/3 + x^4/4: s''' = 2 + 6x
    assert np.isclose(d3(x), 2 + 6 * x)
    d4 = s2sgrad.grad(d3)
    assert np.isclose(d4(x), 6.0)


def inner_grad_times_x(x):
    return s2sgrad.grad(sin)(x) * x


def test_two_derivatives_around_an_inner_grad_and_a_clear_error_for_a_third():
    d2 = s2sgrad.grad(s2sgrad.grad(inner_grad_times_x))
    x = 0.3
    # g = x cos x: g'' = -2 sin x - x cos x
    assert np.isclose(d2(x), -2 * np.sin(x) - x * np.cos(x))
    with pytest.raises(s2sgrad.TransformError, match="third derivative of a function"):
        s2sgrad.grad(d2)(x)
