"""A local ``def`` that changes an enclosing variable (``nonlocal n; n += 1``) or a
parameter it hands back rebinds the caller's name to what it made, as NumPy's in-place
change does: no refusal. A change that another name of the caller would still see is
refused (s2sgrad.callee_changes)."""

import dataclasses

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected


def counter_and_total(x):
    total = 0.0
    n = 0

    def add(v):
        nonlocal total, n
        total = total + np.sum(np.tanh(v) ** 2)
        n += 1

    add(x)
    add(np.cos(x))
    return total / n


def counter_in_a_loop_and_branch(x):
    hits = 0
    acc = 0.0

    def visit(v, w=1.0):
        nonlocal hits, acc
        hits += 1
        acc = acc + w * v**2

    for i in range(3):
        if i % 2:
            visit(x[i], w=2.0)
        else:
            visit(np.sin(x[i]))
    return acc / hits + np.sum(x)


def array_accumulated_in_place(x):
    acc = np.zeros(3)
    count = 0

    def push(v):
        nonlocal acc, count
        acc += v * x
        count += 1

    push(1.0)
    push(np.sum(x))
    return np.sum(acc**2) / count


def counter_and_a_value_returned(x):
    steps = 0

    def step(v):
        nonlocal steps
        steps += 1
        return np.exp(-v) * v

    y = step(x)
    y = step(y)
    return np.sum(y) * steps


def parameter_changed_and_handed_back(x):
    def scaled(v, n):
        n += 1
        return v * n, n

    n = 0
    y, n = scaled(x, n)
    y, n = scaled(y, n)
    return np.sum(y**2) / n


@pytest.mark.parametrize(
    "f",
    [
        counter_and_total,
        counter_in_a_loop_and_branch,
        array_accumulated_in_place,
        counter_and_a_value_returned,
        parameter_changed_and_handed_back,
    ],
    ids=lambda f: f.__name__,
)
def test_a_callee_that_rebinds_what_the_caller_takes_back(f):
    check_all_modes(f, [0.3, -0.7, 1.1])


def changed_then_read_through_another_name(x):
    def double(v):
        v *= 2.0
        return np.sum(v)

    y = x * 1.0
    z = y
    s = double(y)
    return np.sum(z * x) + s


def changed_while_another_argument_shares_it(x):
    def add_into(a, b):
        a += b
        return np.sum(a * b)

    y = x * 1.0
    s = add_into(y, y)
    return s + np.sum(x)


def _halve(v):
    v *= 0.5
    return np.sum(v**2)


def changed_then_read_through_a_view(x):
    y = np.exp(x)
    tail = y[1:]
    s = _halve(y)
    return s + np.sum(tail)


def changed_then_read_through_a_reshape(x):
    y = x + 1.0
    r = y.reshape(3, 1)
    s = _halve(y)
    return s * np.sum(r)


@pytest.mark.parametrize(
    "f",
    [
        changed_then_read_through_another_name,
        changed_while_another_argument_shares_it,
        changed_then_read_through_a_view,
        changed_then_read_through_a_reshape,
    ],
    ids=lambda f: f.__name__,
)
def test_a_change_another_name_would_see_is_refused(f):
    check_rejected(f, [0.3, -0.7, 1.1], "changes its argument")


# a field read before the object's field is set again keeps the array it read (p.w = v
# binds a new field), in NumPy as in the derivative: no alias of the object
@dataclasses.dataclass
class _Pair:
    w: np.ndarray
    b: np.ndarray


def field_read_then_fields_set(x):
    p = _Pair(x * 2.0, x * 1.0)
    b = p.b
    p.b = p.b + x
    p.w = np.sin(p.w)
    return np.sum(b * x) + np.sum(p.w * p.b)


def field_read_in_a_loop_of_sets(x):
    p = _Pair(x * 1.0, np.cos(x))
    total = 0.0
    for i in range(3):
        w = p.w
        p.w = w * p.b + x[i]
        total = total + np.sum(w**2)
    return total + np.sum(p.w)


@pytest.mark.parametrize(
    "f", [field_read_then_fields_set, field_read_in_a_loop_of_sets], ids=lambda f: f.__name__
)
def test_a_field_read_is_no_alias_of_an_object_whose_fields_are_set(f):
    check_all_modes(f, [0.3, -0.7, 1.1])
