"""Tangents shared between two names in forward mode (jvp, jacfwd, hessian).

A tangent expression that may hand back one of its operands (``a_dot = array_operand(v_dot)``,
a helper's jvp handing back its argument's tangent) is that operand's own array: where the
operand's tangent is changed in place later (``y_dot[i] = ...`` of ``y[i] = ...``, or through
a view of it) the other name's tangent changed with it, a silent wrong derivative. Any call in
a tangent expression that does not certainly make a new value counts as handing back its
arguments (forward.statements._held_names), and the tangent is copied where the primal value
is a new array. The Hessian (forward mode over the gradient's code, whose saved and restored
values are of unknown kind, so that a slice is read through ``array_operand``) met it first:
the loop programs below up to ``max_of_the_slice`` had a wrong Hessian before; the others
are neighbours that must stay right.

A helper that hands back its argument through a NumPy function that may return it
(``np.asarray(a)``, ``np.ravel(a)``) makes the caller's two names one array, as ``return a``
does: a later in-place change of one is refused at the call (it was a silent wrong value in
every mode: the call counted as making a new array).
"""

import gast
import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad
from s2sgrad.forward.statements import _held_names
from s2sgrad.transforms import ForwardDerivative

X = np.array([0.3, -1.2, 0.8, 1.55, 0.45, 0.9]) * 1.37


def ident(a):
    return a


def ident_twice(a):
    return ident(ident(a))


def pair(a, b):
    return (a, b)


def listed(a):
    return [a, 2.0]


def keyed(a):
    return {"v": a, "w": 1.0}


def shifted(a):
    return a - 0.0  # a new array whose tangent is a's own


class Holder:
    def __init__(self, w):
        self.w = w

    def get(self):
        return self.w


# a slice of y read, then y changed in place, in a loop (the gradient's code restores y):
# the Hessian read a's tangent as a view of y's, changed by the next y_dot[i] = ...
def slice_then_changed(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = y[i : i + 3] - 1.0
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def helper_returning_its_argument(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = ident(y[i : i + 3] - 1.0)
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def helper_returning_a_tuple_with_it(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = pair(y[i : i + 3] - 1.0, x)[0]
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def helper_returning_a_list_with_it(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = listed(y[i : i + 3] - 1.0)[0]
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def helper_returning_a_dict_item(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = keyed(y[i : i + 3] - 1.0)["v"]
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def method_returning_self_attribute(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = Holder(y[i : i + 3] - 1.0).get()
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def chained_helpers(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = ident_twice(ident(y[i : i + 3] - 1.0))
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


def max_of_the_slice(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = y[i : i + 3] - 1.0
        y[i] = y[i + 1] * x[i]
        total = total + np.max(a) * np.sum(a**2)
    return total + np.sum(y)


def two_slices_changed_by_item(x):
    y = np.sin(x)
    total = 0.0
    for i in range(2):
        a = ident(y[i : i + 2] + 0.5)
        b = shifted(y[i + 2 :])
        y[i + 1] = a[0] * b[0]
        total = total + np.sum(a * b[:2])
    return total + np.sum(y**2)


def helper_result_then_augmented(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = ident(y[1:4] - 0.5)
        y += x * a[0]
        total = total + np.sum(a**2)
    return total + np.sum(y * y)


def slice_augmented(x):
    y = x * 1.0
    total = 0.0
    for i in range(2):
        a = y[i : i + 2] + 0.25
        y[i : i + 2] += x[i] * a
        total = total + np.sum(a * a)
    return total + np.sum(y**2)


# the same helpers outside a loop: a helper's jvp hands back its argument's tangent, and
# the caller then changes one of the two values in place
def shifted_then_argument_changed(x):
    y = x * 2.0
    z = shifted(y)
    y[1] = x[0] * x[2]
    return np.sum(z * x) + np.sum(y * x)


def shifted_then_result_changed(x):
    y = np.sin(x)
    z = shifted(y)
    z[0] = y[1] * x[2]
    return np.sum(y * x) + np.sum(z * np.cos(x))


def shifted_twice_then_augmented(x):
    y = x * 1.5
    z = shifted(shifted(y))
    z += np.sin(x)
    y[2] = x[3] ** 2
    return np.sum(y * x) + np.sum(z * x)


def shifted_pair_then_changed(x):
    y = np.cos(x)
    z = pair(shifted(y), x)[0] * 1.0
    y[0] = x[1] * x[0]
    z[1] = y[0] ** 2
    return np.sum(y * x) + np.sum(z * x)


def method_result_then_changed(x):
    y = np.cos(x)
    z = Holder(shifted(y)).get() - 0.0
    z[2] = x[1] * x[0]
    y[3] = z[2] * 2.0
    return np.sum(y * x) + np.sum(z * x)


@pytest.mark.parametrize(
    "f",
    [
        slice_then_changed,
        helper_returning_its_argument,
        helper_returning_a_tuple_with_it,
        helper_returning_a_list_with_it,
        helper_returning_a_dict_item,
        method_returning_self_attribute,
        chained_helpers,
        max_of_the_slice,
        two_slices_changed_by_item,
        helper_result_then_augmented,
        slice_augmented,
        shifted_then_argument_changed,
        shifted_then_result_changed,
        shifted_twice_then_augmented,
        shifted_pair_then_changed,
        method_result_then_changed,
    ],
)
def test_all_modes(f):
    check_all_modes(f, X)


def test_copied_where_the_primal_is_new():
    # forward mode over the gradient: a's tangent is a copy of what array_operand hands
    # back (a view of y's tangent, changed by y_dot[i] = ...)
    source = ForwardDerivative(s2sgrad.grad(slice_then_changed), 0, "jacfwd").source_for(X)
    assert "a_dot = snapshot(array_operand(a_item_dot))" in source


def _names(expr: str):
    return _held_names(gast.parse(expr).body[0].value)


@pytest.mark.parametrize(
    "expr, names",
    [
        ("v", [("v", False)]),
        ("v[1:]", [("v", True)]),
        ("v.T", [("v", True)]),
        ("(v, w)", [("v", True), ("w", True)]),
        ("array_operand(v)", [("v", False)]),
        ("broadcast_tangent(v, y)", [("v", False), ("y", False)]),
        ("np.reshape(v, s)", [("v", True), ("s", True)]),
        ("np.asarray(v)", [("v", True)]),
        ("np.sum(v)", []),
        ("snapshot(v)", []),
        ("zeros_like(v)", []),
        ("v + w", []),
        ("-v", []),
        ("v if c else w", [("v", False), ("w", False)]),
    ],
)
def test_held_names(expr, names):
    assert _names(expr) == names


def as_array(a):
    return np.asarray(a)


def raveled(a):
    return np.ravel(a)


def as_array_copied(a):
    return np.array(a)


def as_array_then_argument_changed(x):
    y = np.sin(x) * 1.0
    z = as_array(y)
    y[1] = x[0] * x[2]
    return np.sum(y * x) + np.sum(z * np.cos(x))


def raveled_then_argument_augmented(x):
    y = np.sin(x) * 1.0
    z = raveled(y)
    y += x**2
    return np.sum(y * x) + np.sum(z * np.cos(x))


def copied_then_argument_changed(x):
    y = np.sin(x) * 1.0
    z = as_array_copied(y)
    y[1] = x[0] * x[2]
    return np.sum(y * x) + np.sum(z * np.cos(x))


@pytest.mark.parametrize("f", [as_array_then_argument_changed, raveled_then_argument_augmented])
def test_helper_handing_back_its_argument_through_numpy(f):
    check_rejected(f, X, "may share its memory")


def test_helper_copying_its_argument():
    check_all_modes(copied_then_argument_changed, X)
