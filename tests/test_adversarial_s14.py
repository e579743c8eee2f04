"""Adversarial programs of session 14 ("never a silent wrong gradient"): each checked
against central finite differences or a closed form, in every mode that applies."""

import inspect

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected, numerical_grad

import s2sgrad
from s2sgrad.runtime import sinc_derivative

# np.sinc at and near 0: its derivative rule chose 0 by np.where at x == 0, so the
# derivative of that rule (a Hessian, forward over reverse) was 0 there instead of
# sinc''(0) = -pi ** 2 / 3, and (cos(pi x) - sinc(x)) / x lost every digit near 0


def _sinc_sum(x):
    return np.sum(np.sinc(x) * x[0]) + np.sum(np.sinc(x) ** 2)


@pytest.mark.parametrize("x0", [0.0, 1e-9, 1e-4, 0.3183, 0.3184, -2.5])
def test_sinc_second_derivative_at_and_near_zero(x0):
    h = s2sgrad.hessian(lambda t: np.sinc(t))(x0)
    u = np.pi * x0
    # sinc'' from its series (|u| < 1) or closed form, written out independently
    if abs(u) < 1e-3:
        want = -(np.pi**2) / 3 + np.pi**4 * x0**2 / 10
    else:
        want = np.pi**2 * (-np.sin(u) / u - 2 * np.cos(u) / u**2 + 2 * np.sin(u) / u**3)
    np.testing.assert_allclose(h, want, rtol=1e-9, atol=1e-12)
    _, dot = s2sgrad.jvp(s2sgrad.grad(lambda t: np.sinc(t)), (x0,), (1.0,))
    np.testing.assert_allclose(dot, want, rtol=1e-9, atol=1e-12)


def test_sinc_first_derivative_near_zero_keeps_its_digits():
    x = np.array([1e-9, 1e-6, -1e-7])
    g = s2sgrad.grad(lambda v: np.sum(np.sinc(v)))(x)
    np.testing.assert_allclose(g, -(np.pi**2) * x / 3, rtol=1e-6)
    _, dot = s2sgrad.jvp(lambda v: np.sum(np.sinc(v)), (x,), (np.ones(3),))
    np.testing.assert_allclose(dot, np.sum(-(np.pi**2) * x / 3), rtol=1e-6)


def test_sinc_hessian_of_a_program_with_zeros():
    x = np.array([0.0, 0.4, -1.3, 0.0])
    check_all_modes(_sinc_sum, x, oracle=False)  # autograd's sinc'' at 0 is NaN
    h = s2sgrad.hessian(_sinc_sum)(x)
    fd = np.array(
        [numerical_grad(lambda v, i=i: s2sgrad.grad(_sinc_sum)(v)[i], [x], 0) for i in range(4)]
    )
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_sinc_derivative_orders_agree_with_finite_differences(n):
    # across |pi x| = 1, where the series gives way to the closed form
    x = np.array([0.0, 1e-8, 0.2, 0.3183, 0.3184, 0.9, -3.7])
    lower = np.sinc if n == 1 else (lambda v: sinc_derivative(v, n - 1))
    fd = (lower(x + 1e-5) - lower(x - 1e-5)) / 2e-5
    np.testing.assert_allclose(sinc_derivative(x, n), fd, rtol=1e-6, atol=1e-6)
    assert np.ndim(sinc_derivative(0.5, n)) == 0


# a callee's ``p op= ...`` on its parameter rebinds it in the derivative (as under
# autograd), where NumPy changes the caller's array: the call was refused only when the
# very name passed was read again, so a view passed (``inner(y[1:])``, which the normal
# form binds to a temporary), a function passing its parameter on to one that changes it,
# a local def or lambda, and two arguments sharing one array gave wrong derivatives


def _doubled_sum(a):
    a *= 2.0
    return np.sum(a)


def _passes_on(a):
    return _doubled_sum(a) + 1.0


def _passes_a_view(a):
    return _doubled_sum(a[1:]) * 0.5


def _add_into(a, b):
    a += b
    return np.sum(a * b)


def view_passed(x):
    y = x * 1.0
    s = _doubled_sum(y[1:])
    return s * np.sum(y * x)


def transposed_passed(x):
    y = (x * 1.0).reshape(2, 2)
    s = _doubled_sum(y.T)
    return s * np.sum(y * y)


def reshaped_passed(x):
    y = x * 1.0
    s = _doubled_sum(y.reshape(2, 2))
    return s + np.sum(y**2)


def passed_on(x):
    y = x * 1.0
    s = _passes_on(y)
    return s * np.sum(y * x)


def view_passed_on(x):
    y = x * 1.0
    s = _passes_on(y[1:])
    return s * np.sum(y * x)


def passes_a_view_on(x):
    y = x * 1.0
    s = _passes_a_view(y)
    return s * np.sum(y * x)


def through_a_lambda(x):
    y = x * 1.0
    g = lambda t: _doubled_sum(t)  # noqa: E731
    s = g(y[1:])
    return s * np.sum(y * x)


def through_a_local_def(x):
    y = x * 1.0

    def g(t):
        t *= 2.0
        return np.sum(t)

    s = g(y[1:])
    return s * np.sum(y * x)


def keyword_view(x):
    y = x * 1.0
    s = _doubled_sum(a=y[:2])
    return s * np.sum(y * x)


def in_a_loop(x):
    y = x * 1.0
    s = 0.0
    for i in range(2):
        s = s + _doubled_sum(y[i:]) * y[0]
    return s


def same_array_twice(x):
    y = x * 1.0
    return _add_into(y, y)


def overlapping_views(x):
    y = x * 1.0
    return _add_into(y[1:], y[:-1])


def same_view_twice(x):
    y = x * 1.0
    return _add_into(y[1:], y[1:])


@pytest.mark.parametrize(
    "f",
    [
        view_passed,
        transposed_passed,
        reshaped_passed,
        passed_on,
        view_passed_on,
        passes_a_view_on,
        through_a_lambda,
        through_a_local_def,
        keyword_view,
        in_a_loop,
    ],
)
def test_a_callee_changing_a_view_of_an_array_read_again_is_refused(f):
    x = [0.31, 0.57, 0.73, 1.13]
    source, start = inspect.getsourcelines(f)
    calls = [start + i for i, line in enumerate(source) if "s = " in line and "(y" in line]
    check_rejected(f, x, "is read again after the call", lines=calls)  # at the call


@pytest.mark.parametrize("f", [same_array_twice, overlapping_views, same_view_twice])
def test_a_callee_changing_one_of_two_arguments_that_share_an_array_is_refused(f):
    check_rejected(f, [0.31, 0.57, 0.73, 1.13], "may share that array")


def fresh_view_passed(x):
    y = x * 1.0
    s = _doubled_sum(y[1:] * 1.0)  # a new array: y is not changed
    return s * np.sum(y * x)


def passed_on_last(x):
    y = x * 1.0
    z = np.sum(y * x)
    return _passes_on(y[1:]) * z  # y is not read after the call


def two_new_arrays(x):
    return _add_into(x[1:] * 1.0, x[:-1] * 2.0)


@pytest.mark.parametrize("f", [fresh_view_passed, passed_on_last, two_new_arrays])
def test_a_callee_changing_an_array_nobody_reads_again_is_differentiated(f):
    check_all_modes(f, [0.31, 0.57, 0.73, 1.13])
