"""Adversarial programs of session 22 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import sys

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# Calls that read local variables through the frame (eval of a string naming them,
# locals(), sys._getframe()): the derivative saw no use of the value and gave 0 for that
# path (eval("x[0] * 2") + x[1] had the gradient [0, 1, 0, 0])


def eval_of_a_local(x):
    return eval("x[0] * 2") + x[1]


def eval_of_compiled(x):
    c = compile("x * 3", "<s>", "eval")
    return np.sum(eval(c)) + x[0]


def eval_of_a_constant(x):
    return eval("3.0") * np.sum(x)  # refused too: whether the string names x is unknown


def locals_read(x):
    y = x**2  # noqa: F841 (read through the frame)
    return np.sum(locals()["y"])


def vars_read(x):
    y = x**2  # noqa: F841 (read through the frame)
    return np.sum(vars()["y"])


def frame_read(x):
    y = x**2  # noqa: F841 (read through the frame)
    return np.sum(sys._getframe().f_locals["y"])


@pytest.mark.parametrize(
    "f",
    [eval_of_a_local, eval_of_compiled, eval_of_a_constant, locals_read, vars_read, frame_read],
)
def test_reading_locals_through_the_frame_is_refused(f):
    check_rejected(f, X, "through its frame")


def eval_bound_to_a_name(x):
    e = eval
    return e("x[0] * 2") + x[1]


def _eval_in_a_callee(v):
    return eval("v * 2")


def eval_in_a_callee(x):
    return np.sum(_eval_in_a_callee(x)) + x[0]


@pytest.mark.parametrize("f", [eval_bound_to_a_name, eval_in_a_callee])
def test_eval_as_a_value_or_in_a_callee_is_refused(f):
    check_rejected(f, X, "eval", lines=range(1, 10**6))


def eval_in_a_namespace(x):
    return eval("3.0", {}) * np.sum(x**2)


def test_eval_in_a_namespace_of_constants_differentiates():
    check_all_modes(eval_in_a_namespace, X, oracle=False)


# max/min of tuples or lists (compared item by item, returned whole): the adjoint was
# d[z] * (z == a), a list repeated once or not at all, and the derivative crashed


def min_of_tuples(x):
    pairs = [(x[1], 0), (x[0], 1)]
    v, i = min(pairs)
    return v * 3.0 + i


def max_of_tuples(x):
    pairs = [(x[0], x[2]), (x[1], x[3])]
    a, b = max(pairs)
    return a * 3.0 + b**2


def max_of_two_tuples(x):
    a, b = max((x[0], x[2]), (x[1], x[3]))
    return a * 3.0 + b**2


def min_of_two_lists(x):
    a, b = min([x[0], x[2]], [x[1], x[3]])
    return a * 3.0 + b**2


def max_of_tuples_tied_first(x):
    a, b = max((x[0], x[2]), (x[0], x[3]))  # the second items decide
    return a * 3.0 + b**2


@pytest.mark.parametrize(
    "f",
    [min_of_tuples, max_of_tuples, max_of_two_tuples, min_of_two_lists, max_of_tuples_tied_first],
)
@pytest.mark.parametrize("x", [X, [0.9, 0.5, 0.73, 1.13], [0.57, 0.31, 1.13, 0.73]])
def test_max_and_min_of_tuples_differentiate_the_item_returned(f, x):
    check_all_modes(f, x)


# a view changed both by += and by an item write: the error's hint asked the item write
# for its augmented operator, and s2sgrad crashed with MissingAnnotation


def view_augmented_then_written(x):
    y = x * 1.0
    r = y.reshape(2, 2)
    r += 1.0
    r[0, 0] = x[3] ** 2
    return np.sum(y * x)


def slice_augmented_then_written(x):
    y = x * 1.0
    r = y[:2]
    r += 1.0
    r[0] = x[3] ** 2
    return np.sum(r * x[:2])


@pytest.mark.parametrize("f", [view_augmented_then_written, slice_augmented_then_written])
def test_a_view_changed_twice_in_place_is_refused(f):
    check_rejected(f, X, "may share memory")


# a function that falls off its end on some path returns None in Python; the derivative
# read a return value never set (UnboundLocalError in generated code)


def returns_only_on_a_branch(x):
    if x[0] > 10.0:
        return np.sum(x)


def test_falling_off_the_end_is_the_none_output_error():
    with pytest.raises(ValueError, match="returned a value of type NoneType"):
        s2sgrad.grad(returns_only_on_a_branch)(np.array(X))
    with pytest.raises(ValueError, match="returned a value of type NoneType"):
        s2sgrad.hessian(returns_only_on_a_branch)(np.array(X))
    check_all_modes(returns_only_on_a_branch, [11.0, 0.5, 0.2, 0.1], hess=False)


# Hessians at an exact fit: the adjoint of a residual is 0 there and its tangent is not.
# sqrt, arcsin, arccos, arccosh and power took their slope at a stand-in point wherever
# the adjoint was 0 (meant for masked values outside the domain), so the Hessian lost the
# term slope ** 2 (sqrt(x) - sqrt(0.57) at 0.57: 0.66 for 0.88)

FIT = np.array(X)


def sqrt_fit(x):
    return np.sum((np.sqrt(x) - np.sqrt(FIT)) ** 2)


def sqrt_fit_one(x):
    return (np.sqrt(x[1]) - np.sqrt(0.57)) ** 2 + np.sum(x)


def arcsin_fit(x):
    return (np.arcsin(x[0]) - np.arcsin(0.31)) ** 2 + x[1]


def arccos_fit(x):
    return (np.arccos(x[0]) - np.arccos(0.31)) ** 2 + x[1]


def arccosh_fit(x):
    return (np.arccosh(x[3] + 1.0) - np.arccosh(2.13)) ** 2 + x[1]


def power_fit(x):
    return (x[1] ** 1.5 - 0.57**1.5) ** 2 + x[0]


def power_fit_negative_base(x):
    return ((x[1] - 1.0) ** 3 - (0.57 - 1.0) ** 3) ** 2 + x[0]


def np_power_fit(x):
    return np.sum((np.power(x, 0.5) - np.power(FIT, 0.5)) ** 2)


def power_of_both_fit(x):
    return (x[0] ** x[1] - 0.31**0.57) ** 2


def sqrt_fit_in_where(x):
    return (np.where(x[2] > 0.5, np.sqrt(x[2]), x[2]) - np.sqrt(0.73)) ** 2


def sqrt_fit_nansum(x):
    return np.nansum((np.sqrt(x) - np.sqrt(FIT)) ** 2)


def sqrt_times_zero(x):
    return np.sum(np.sqrt(x) * (x - FIT))


@pytest.mark.parametrize(
    "f",
    [
        sqrt_fit,
        sqrt_fit_one,
        arcsin_fit,
        arccos_fit,
        arccosh_fit,
        power_fit,
        power_fit_negative_base,
        np_power_fit,
        power_of_both_fit,
        sqrt_fit_in_where,
        sqrt_fit_nansum,
        sqrt_times_zero,
    ],
)
def test_the_hessian_at_an_exact_fit_keeps_the_slope(f):
    check_all_modes(f, X)


def sqrt_masked_outside(x):
    y = x - 0.6
    return np.sum(np.where(y > 0, np.sqrt(y), y**2))


def arcsin_masked_outside(x):
    return np.sum(np.where(x < 1.0, np.arcsin(x), x))


def power_masked_negative_base(x):
    y = x - 0.6
    return np.sum(np.where(y > 0, y**1.5, 0.0))


@pytest.mark.parametrize(
    "f", [sqrt_masked_outside, arcsin_masked_outside, power_masked_negative_base]
)
def test_masked_values_outside_the_domain_still_give_finite_derivatives(f):
    check_all_modes(f, X, oracle=False)  # autograd's gradient is nan here (0 * nan)
