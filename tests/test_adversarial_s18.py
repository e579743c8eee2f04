"""Adversarial programs of session 18 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# ``acc op= v`` on a parameter that is not differentiated rebound ``acc`` in the derivative
# (as it may on a differentiated one), where NumPy changes the caller's array, or the
# parameter's default for every later call: the derivative's calls no longer did what the
# function's did (a mutable default accumulated by the function alone)


def default_accumulated(x, acc=np.zeros(4)):  # noqa: B008
    acc += x
    return np.sum(acc * x)


def default_scaled(x, scale=np.ones(4)):  # noqa: B008
    scale *= x
    return np.sum(scale * x)


def default_accumulated_in_a_loop(x, acc=np.zeros(4)):  # noqa: B008
    for i in range(2):
        acc -= x * i
    return np.sum(acc * x)


@pytest.mark.parametrize("f", [default_accumulated, default_scaled, default_accumulated_in_a_loop])
def test_a_default_changed_in_place_is_refused(f):
    before = f.__defaults__[0].copy()
    check_rejected(f, X, "would change the caller's array")
    np.testing.assert_array_equal(f.__defaults__[0], before)


def passed_and_accumulated(x, acc):
    acc += x * x
    return np.sum(acc)


def test_an_argument_not_differentiated_changed_in_place_is_refused():
    acc = np.zeros(4)
    with pytest.raises(s2sgrad.S2SGradError, match="would change the caller's array"):
        s2sgrad.grad(passed_and_accumulated)(np.array(X), acc)
    with pytest.raises(s2sgrad.S2SGradError, match="would change the caller's array"):
        s2sgrad.value_and_grad(passed_and_accumulated)(np.array(X), acc)
    np.testing.assert_array_equal(acc, np.zeros(4))


def test_a_differentiated_argument_changed_in_place_is_rebound():
    x, acc = np.array(X), np.ones(4)
    g = s2sgrad.grad(passed_and_accumulated, argnums=(0, 1))(x, acc)
    np.testing.assert_allclose(g[0], 2 * x)
    np.testing.assert_allclose(g[1], np.ones(4))


def _accumulate(a, b):
    a += b
    return np.sum(a)


def callee_accumulating_a_fresh_array(x):
    y = np.zeros(4)
    s = _accumulate(y, x * x)
    return s * x[0]


def test_a_callee_changing_a_parameter_not_differentiated_is_differentiated():
    check_all_modes(callee_accumulating_a_fresh_array, X)


# ``y[s] = y`` (the array written into itself: NumPy copies an overlapping value first): the
# value's adjoint ``dy[s]`` was added to ``dy`` before ``dy[s]`` was zeroed for the
# overwritten items, so the adjoint of the reversed array was lost (a zero gradient)


def reversed_into_itself(x):
    y = x * 1.0
    y[::-1] = y
    return np.sum(y * np.arange(4.0) * x)


def written_whole_into_itself(x):
    y = x * x
    y[:] = y
    return np.sum(y * np.arange(4.0))


def ellipsis_into_itself(x):
    y = np.sin(x)
    y[...] = y
    return np.sum(y * np.arange(4.0))


def rows_reversed_into_themselves(x):
    a = np.outer(x, x[:2])
    a[::-1] = a
    return np.sum(a * np.arange(8.0).reshape(4, 2))


def columns_reversed_into_themselves(x):
    a = np.outer(x, x[:2])
    a[:, ::-1] = a
    return np.sum(a * np.arange(8.0).reshape(4, 2))


def permuted_into_itself(x):
    y = x * 1.0
    y[[3, 2, 1, 0]] = y
    return np.sum(y * np.arange(4.0) * x)


def reversed_into_itself_in_a_loop(x):
    y = x * 1.0
    for i in range(3):
        y[::-1] = y
        y = y * x + i
    return np.sum(y * np.arange(4.0))


@pytest.mark.parametrize(
    "f",
    [
        reversed_into_itself,
        written_whole_into_itself,
        ellipsis_into_itself,
        rows_reversed_into_themselves,
        columns_reversed_into_themselves,
        permuted_into_itself,
        reversed_into_itself_in_a_loop,
    ],
)
def test_an_array_written_into_itself(f):
    check_all_modes(f, X)


# ``y[i] = y[j]``: the normal form reads ``y[j]`` into a temporary, which may be a view of
# ``y``; the write copies its numbers (NumPy reads an overlapping view first) and nothing
# reads it again, yet it was refused as an alias that would see the change


def swap_through_a_copy(x):
    y = x * 1.0
    t = y[0].copy()
    y[0] = y[1]
    y[1] = t
    return np.sum(y * np.arange(4.0) * x)


def running_maximum(x):
    y = x * np.array([3.0, 1.0, 2.0, 0.5])
    for i in range(1, 4):
        if y[i] < y[i - 1]:
            y[i] = y[i - 1]
    return np.sum(y * np.arange(1.0, 5.0))


def shifted_into_itself(x):
    y = x * x
    y[1:] = y[:-1]
    return np.sum(y * np.arange(4.0))


def shifted_repeatedly(x):
    y = x * 1.0
    for _ in range(2):
        y[1:] = y[:-1]
        y = y * x
    return np.sum(y * np.arange(4.0))


def row_copied_then_changed(x):
    a = np.outer(x, x[:2])
    a[1] = a[0]
    a[0] = a[1] * 2.0
    return np.sum(a * np.arange(8.0).reshape(4, 2))


def column_copied(x):
    a = np.outer(x, x[:2])
    a[:, 1] = a[:, 0]
    return np.sum(a * np.arange(8.0).reshape(4, 2) * a)


def rows_permuted(x):
    a = np.outer(x, x[:2])
    a[[0, 1]] = a[[1, 0]]
    return np.sum(a * np.arange(8.0).reshape(4, 2))


@pytest.mark.parametrize(
    "f",
    [
        swap_through_a_copy,
        running_maximum,
        shifted_into_itself,
        shifted_repeatedly,
        row_copied_then_changed,
        column_copied,
        rows_permuted,
    ],
)
def test_an_item_copied_into_its_own_array(f):
    check_all_modes(f, X)


def row_read_after_the_change(x):
    a = np.outer(x, x[:2])
    r = a[0]
    a[1] = r
    a[0] = x[:2]
    return np.sum(a * r)


def rows_swapped_by_unpacking(x):
    a = np.outer(x, x[:2])
    a[0], a[1] = a[1], a[0]
    return np.sum(a * np.arange(8.0).reshape(4, 2))


@pytest.mark.parametrize("f", [row_read_after_the_change, rows_swapped_by_unpacking])
def test_a_view_read_after_its_array_changes_is_refused(f):
    check_rejected(f, X, "is changed in place elsewhere")
