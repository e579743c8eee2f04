"""Control flow and calls: branches, loops, exits, accumulation, calls, in-place writes.

Every gradient is compared with central finite differences (``check_grads``) on
several random inputs, chosen so that each branch is taken and loops run zero,
one and many times. Inputs are kept away from branch boundaries so that the
finite differences do not straddle a discontinuity.
"""

from __future__ import annotations

import math

import cf_helpers
import cf_helpers as helpers_alias
import numpy as np
import pytest
from cf_helpers import horner
from gradcheck import check_grads, numerical_grad

import s2sgrad
from s2sgrad import TransformError

SEEDS = [0, 1, 2]


def rng(seed):
    return np.random.default_rng(seed)


def away_from_int(v, margin=0.05):
    """Nudge ``v`` so that int(v) does not change under a finite-difference step."""
    frac = v - math.floor(v)
    if frac < margin:
        return v + margin
    if frac > 1 - margin:
        return v - margin
    return v


# =========================================================================================
# if / elif / else, conditional expressions, boolean operators
# =========================================================================================


def piecewise(x):
    if x < -1.0:
        y = x * x + 2.0 * x
    elif x < 1.0:
        y = np.sin(x) - 1.0
    elif x < 3.0:
        y = np.exp(0.5 * x) * x
    else:
        y = 3.0 * x - np.log(x)
    return y


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("center", [-2.0, 0.0, 2.0, 4.0])
def test_if_elif_else_each_piece(center, seed):
    x = center + 0.8 * rng(seed).uniform(-1, 1)
    check_grads(piecewise, x)


def piecewise_array(x):
    s = np.sum(x)
    if s > 1.0:
        out = np.sum(np.sin(x) * x)
    elif s < -1.0:
        out = np.sum(x**3)
    else:
        out = np.prod(np.cos(x))
    return out


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shift", [-1.5, 0.0, 1.5])
def test_if_on_array_sum(shift, seed):
    x = rng(seed).uniform(-0.3, 0.3, 3) + shift
    check_grads(piecewise_array, x)


def all_positive_branch(x):
    if np.all(x > 0):
        return np.sum(np.log(x) * x)
    return np.sum(x**2)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("positive", [True, False])
def test_if_on_np_all(positive, seed):
    x = rng(seed).uniform(0.2, 2.0, 4)
    if not positive:
        x[1] = -x[1]
    check_grads(all_positive_branch, x)


def if_without_else(x):
    y = x * 2.0
    if np.sum(x) > 0:
        y = np.sin(y) * x
    return np.sum(y)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_if_without_else(sign, seed):
    x = sign * rng(seed).uniform(0.1, 1.0, 3)
    check_grads(if_without_else, x)


def nested_if(x, y):
    if x > 0:
        if y > 0:
            z = x * y
        else:
            z = x - y * y
    else:
        z = np.sin(x) * np.cos(y) if y > 0 else x * x * y
    return z


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sx,sy", [(1, 1), (1, -1), (-1, 1), (-1, -1)])
def test_nested_if_and_ifexp(sx, sy, seed):
    r = rng(seed)
    x, y = sx * r.uniform(0.2, 1.5), sy * r.uniform(0.2, 1.5)
    check_grads(nested_if, x, y, argnums=(0, 1))


def conditional_expression(x):
    y = np.sin(x) if np.sum(x) > 0 else np.cos(x) * x
    return np.sum(y * y if np.max(y) > 0.3 else y)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shift", [-1.0, 0.5, 1.0])
def test_conditional_expression(shift, seed):
    x = rng(seed).uniform(-0.2, 0.2, 3) + shift
    check_grads(conditional_expression, x)


def bool_ops(x):
    if np.all(x > 0) and np.sum(x) > 2.0:
        out = np.sum(np.sqrt(x))
    elif not np.any(x > 0) or x[0] > 1.5:
        out = np.sum(x * x * x)
    elif x[1] < 0 and not x[2] < 0:
        out = np.sum(np.exp(x))
    else:
        out = np.sum(np.tanh(x)) * x[0]
    return out


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "case",
    [
        [1.0, 1.0, 1.0],  # and: both true
        [0.5, 0.5, 0.5],  # and: first true, second false -> else
        [-1.0, -1.0, -1.0],  # not np.any
        [2.0, -1.0, 1.0],  # or: second operand
        [1.0, -1.0, 1.0],  # and with not
        [1.0, -1.0, -1.0],  # else
    ],
)
def test_and_or_not_in_conditions(case, seed):
    x = np.array(case) + rng(seed).uniform(-0.1, 0.1, 3)
    check_grads(bool_ops, x)


def chained_comparison(x):
    s = np.sum(x)
    if -1.0 < s < 1.0:
        return np.sum(x**4)
    return np.sum(x) * np.sum(np.cos(x))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shift", [-1.0, 0.0, 1.0])
def test_chained_comparison(shift, seed):
    x = rng(seed).uniform(-0.2, 0.2, 3) + shift
    check_grads(chained_comparison, x)


def bool_op_value(x, y):
    # and/or on floats inside a condition, and a ternary picking which input flows
    if (x > 0) == (y > 0):
        return x * y
    return (x if abs(x) > abs(y) else y) ** 3


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("x0,y0", [(1.0, 2.0), (-1.0, -0.5), (2.0, -1.0), (0.5, -1.5)])
def test_compare_of_comparisons(x0, y0, seed):
    r = rng(seed)
    check_grads(
        bool_op_value, x0 + 0.1 * r.uniform(-1, 1), y0 + 0.1 * r.uniform(-1, 1), argnums=(0, 1)
    )


# =========================================================================================
# for loops over range, arrays, lists, enumerate, zip, reversed
# =========================================================================================


def range_n(x, n):
    acc = 1.0
    for i in range(n):
        acc = acc * np.sin(x[i]) + x[i] * acc
    return np.sum(acc * x)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 5])
def test_for_range_zero_one_many(n, seed):
    x = rng(seed).uniform(-1, 1, 6)
    check_grads(range_n, x, n)


def range_general(x, start, stop, step):
    acc = 0.5
    for i in range(start, stop, step):
        acc = np.sin(acc) * x[i] + x[i] ** 2
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "start,stop,step",
    [
        (0, 6, 1),
        (1, 6, 2),
        (2, 3, 1),
        (3, 3, 1),
        (5, 0, -1),
        (5, -1, -2),
        (0, 5, -1),
        (-3, 0, 1),
        (6, 0, -3),
        (-1, -6, -2),
    ],
)
def test_for_range_start_stop_step(start, stop, step, seed):
    x = rng(seed).uniform(-1, 1, 7)
    check_grads(range_general, x, start, stop, step)


def range_keyword_less_forms(x):
    acc = 0.0
    for i in range(3):
        acc = acc + x[i] * x[i + 1]
    for i in range(1, 4):
        acc = acc * x[i]
    for i in range(4, 0, -2):
        acc = acc + np.cos(x[i]) * acc
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_range_literal_bounds(seed):
    check_grads(range_keyword_less_forms, rng(seed).uniform(-1, 1, 5))


def range_from_shape(x):
    acc = 0.0
    for i in range(x.shape[0]):
        acc = acc + np.exp(-acc) * x[i]
    for i in range(len(x) - 1, -1, -1):
        acc = acc * 0.5 + x[i] * acc
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 5])
def test_for_range_bound_from_shape(n, seed):
    check_grads(range_from_shape, rng(seed).uniform(-1, 1, n))


def range_from_data(x):
    n = int(np.sum(x))
    acc = x[0]
    for i in range(n):
        acc = acc * x[i % x.shape[0]] + np.sin(acc)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("total", [0.5, 1.5, 6.5])
def test_for_range_bound_from_data(total, seed):
    x = rng(seed).uniform(0.1, 1.0, 3)
    x = x / np.sum(x) * total  # int(sum) = 0, 1, 6 iterations
    check_grads(range_from_data, x)


def range_from_data_step(x):
    k = int(np.sum(np.abs(x)))
    acc = 1.0
    for i in range(k, 0, -2):
        acc = acc * np.cos(x[i % 3]) + i * x[0]
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("total", [0.5, 1.5, 7.5])
def test_for_range_data_bound_negative_step(total, seed):
    x = rng(seed).uniform(0.1, 1.0, 3)
    x = x / np.sum(x) * total * np.array([1.0, -1.0, 1.0])
    check_grads(range_from_data_step, x)


def loop_over_vector(x):
    acc = 0.0
    for v in x:
        acc = acc * v + np.sin(v)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 2, 6])
def test_for_over_1d_array(n, seed):
    check_grads(loop_over_vector, rng(seed).uniform(-1, 1, n))


def loop_over_matrix(X, w):
    acc = np.zeros(3)
    for row in X:
        acc = np.tanh(acc + row * w) + row
    return np.sum(acc**2)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rows", [0, 1, 4])
def test_for_over_nd_array_first_axis(rows, seed):
    r = rng(seed)
    check_grads(loop_over_matrix, r.normal(size=(rows, 3)), r.normal(size=3), argnums=(0, 1))


def loop_over_3d(T):
    acc = 0.0
    for mat in T:
        acc = acc + np.sum(mat @ mat.T) * np.sum(np.sin(mat))
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_over_3d_array(seed):
    check_grads(loop_over_3d, rng(seed).normal(size=(3, 2, 2)), rtol=1e-5)


def loop_over_list_arg(xs):
    acc = 0.0
    for v in xs:
        acc = acc + np.sum(np.sin(v) * v)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_over_list_argument(seed):
    r = rng(seed)
    xs = [r.normal(size=2), r.normal(size=3), r.normal()]
    g = check_grads(loop_over_list_arg, xs)[0]
    assert isinstance(g, list) and len(g) == 3


def loop_over_literal_tuple(x):
    acc = 0.0
    for c in (0.5, 1.0, 2.0):
        acc = acc + c * np.sum(x**2) * np.cos(c * x[0])
    for a in [x, 2.0 * x, np.sin(x)]:
        acc = acc + np.sum(a * a)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_over_literal_tuple_and_list(seed):
    check_grads(loop_over_literal_tuple, rng(seed).normal(size=3))


def loop_over_tuple_arg(pair, x):
    acc = x
    for p in pair:
        acc = acc * p + np.sin(acc)
    return np.sum(acc)


@pytest.mark.parametrize("seed", SEEDS)
def test_for_over_tuple_argument(seed):
    r = rng(seed)
    pair = (r.normal(size=2), r.normal(size=2), r.normal(size=2))
    check_grads(loop_over_tuple_arg, pair, r.normal(size=2), argnums=(0, 1))


def loop_enumerate(x):
    acc = 0.0
    for i, v in enumerate(x):
        acc = acc + (i + 1) * v**2 + np.sin(acc) * v
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 5])
def test_for_enumerate(n, seed):
    check_grads(loop_enumerate, rng(seed).normal(size=n))


def loop_zip(x, y):
    acc = 0.0
    for a, b in zip(x, y, strict=True):
        acc = acc * b + a * np.sin(b)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_zip(seed):
    r = rng(seed)
    check_grads(loop_zip, r.normal(size=4), r.normal(size=4), argnums=(0, 1))


def loop_zip_unequal(x, y):
    acc = 0.0
    for a, b in zip(x, y, strict=False):  # stops at the shorter one
        acc = acc + a * b * b
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_zip_unequal_lengths(seed):
    r = rng(seed)
    check_grads(loop_zip_unequal, r.normal(size=5), r.normal(size=3), argnums=(0, 1))


def loop_reversed(x):
    acc = 0.0
    for v in reversed(x):
        acc = np.sin(acc) + v * 2.0
    for i in reversed(range(1, x.shape[0])):
        acc = acc * x[i] + x[i - 1]
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 4])
def test_for_reversed(n, seed):
    check_grads(loop_reversed, rng(seed).normal(size=n))


def loop_zip_enumerate_combo(x, y):
    acc = 0.0
    for i, (a, b) in enumerate(zip(x, y, strict=True)):
        acc = acc + i * a * b + np.cos(a)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_enumerate_zip(seed):
    r = rng(seed)
    check_grads(loop_zip_enumerate_combo, r.normal(size=3), r.normal(size=3), argnums=(0, 1))


def nested_loops(x):
    acc = 0.0
    for i in range(x.shape[0]):
        for j in range(i):
            acc = acc + x[i] * np.sin(x[j]) * acc + x[i] * x[j]
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_nested_loops_triangular(n, seed):
    check_grads(nested_loops, rng(seed).uniform(-1, 1, n))


def nested_loops_matrix(A, v):
    out = v
    for _ in range(3):
        new = 0.0 * out
        for i in range(A.shape[0]):
            s = 0.0
            for j in range(A.shape[1]):
                s = s + A[i, j] * out[j]
            new = new + np.tanh(s) * np.eye(A.shape[0])[i]
        out = new
    return np.sum(out * out)


@pytest.mark.parametrize("seed", SEEDS)
def test_nested_loops_three_deep(seed):
    r = rng(seed)
    check_grads(nested_loops_matrix, r.normal(size=(3, 3)), r.normal(size=3), argnums=(0, 1))


def data_dependent_trips(x):
    acc = 0.0
    for i in range(x.shape[0]):
        for _ in range(int(abs(x[i]) * 3)):
            acc = acc + np.sin(x[i] + acc)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_nested_data_dependent_trip_counts(seed):
    x = rng(seed).uniform(-1.2, 1.2, 4)
    x = np.array([away_from_int(abs(v) * 3) / 3 * np.sign(v) for v in x])
    check_grads(data_dependent_trips, x)


N_STEPS = 4  # a module global used as a loop bound


def gradient_descent_global_bound(x):
    for _ in range(N_STEPS):
        x = x - 0.2 * x * np.cos(x)
    return np.sum(x * x)


def loop_variable_after_loop(x):
    for i in range(x.shape[0]):
        y = x[i] * 2.0
    return y * x[i] + i


def branch_defined_in_loop(x):
    acc = 0.0
    for v in x:
        if v > 0:
            t = v * v
        else:
            t = np.exp(v)
        acc = acc + t * acc + t
    return acc


def augmented_ops(x):
    acc = 1.0
    for v in x:
        acc -= v * acc
        acc /= 1.0 + v * v
        acc *= 1.5
        acc **= 1.0
    return acc


def ifexp_in_loop(x):
    acc = x[0]
    for i in range(1, x.shape[0]):
        acc = acc * x[i] if x[i] > 0 else acc - x[i]
    return acc


def unpack_rows(X):
    acc = 0.0
    for a, b in X:
        acc = acc + a * np.sin(b)
    return acc


def loop_over_transpose(X):
    acc = 0.0
    for col in X.T:
        acc = acc + np.sum(col) ** 2
    return acc


def loop_over_len_of_list(xs):
    acc = 0.0
    for i in range(len(xs)):
        acc = acc + np.sum(xs[i] ** 2) * i + np.sum(np.sin(xs[i]))
    return acc


def static_shape_branch(x):
    if x.shape[0] > 2:
        return np.sum(x**3)
    return np.sum(x)


def method_reduction_branch(x):
    if x.sum() > 1:
        return np.sum(x**2)
    return np.sum(x)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "fn",
    [
        gradient_descent_global_bound,
        loop_variable_after_loop,
        branch_defined_in_loop,
        augmented_ops,
        ifexp_in_loop,
        static_shape_branch,
        method_reduction_branch,
    ],
)
def test_more_loop_and_branch_forms(fn, seed):
    x = rng(seed).normal(size=4)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    check_grads(fn, x)


@pytest.mark.parametrize("seed", SEEDS)
def test_static_shape_branch_other_side(seed):
    check_grads(static_shape_branch, rng(seed).normal(size=2))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [unpack_rows, loop_over_transpose])
def test_loop_over_rows_unpacked_and_transpose(fn, seed):
    check_grads(fn, rng(seed).normal(size=(3, 2)))


@pytest.mark.parametrize("seed", SEEDS)
def test_loop_over_range_len_of_list(seed):
    r = rng(seed)
    check_grads(loop_over_len_of_list, [r.normal(size=2), r.normal(size=(2, 2)), r.normal()])


# =========================================================================================
# while loops, break, continue, early return
# =========================================================================================


def while_grow(x):
    s = x
    while s < 10.0:
        s = s * 1.5 + np.sin(s)
    return s


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("x0", [12.0, 8.0, 1.0])  # zero, one, many iterations
def test_while_data_dependent(x0, seed):
    x = x0 + 0.2 * rng(seed).uniform(-1, 1)
    check_grads(while_grow, x)


def while_array_cond(x):
    y = x
    k = 0
    while np.sum(y * y) < 4.0 and k < 20:
        y = y * 1.3 + 0.1 * np.sin(y)
        k = k + 1
    return np.sum(y)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [3.0, 0.5, 0.05])
def test_while_on_array_reduction(scale, seed):
    x = scale * rng(seed).uniform(0.5, 1.0, 3)
    check_grads(while_array_cond, x)


def while_counter(x, n):
    i = 0
    acc = 1.0
    while i < n:
        acc = acc * x[i] + np.cos(acc)
        i += 1
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 4])
def test_while_counter(n, seed):
    check_grads(while_counter, rng(seed).normal(size=4), n)


def for_break(x):
    acc = 0.0
    for i in range(x.shape[0]):
        if acc > 1.0:
            break
        acc = acc + x[i] ** 2
    return acc * x[0]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [0.1, 0.8, 2.0])
def test_for_break(scale, seed):
    x = scale * rng(seed).uniform(0.5, 1.0, 5)
    check_grads(for_break, x)


def while_true_break(x):
    y = x
    while True:
        y = np.sin(y) + y * 1.2
        if np.sum(y) > 3.0:
            break
    return np.sum(y * y)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [0.3, 2.0])
def test_while_true_break(scale, seed):
    check_grads(while_true_break, scale * rng(seed).uniform(0.5, 1.0, 2))


def for_continue(x):
    acc = 0.0
    for v in x:
        if v < 0:
            continue
        acc = acc + v**3 + acc * v
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_for_continue(seed):
    x = rng(seed).normal(size=6)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    check_grads(for_continue, x)


def while_continue_break(x):
    i = 0
    acc = 0.0
    while i < x.shape[0]:
        v = x[i]
        i += 1
        if v < 0:
            continue
        if acc > 2.0:
            break
        acc = acc + np.exp(v) * v
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_while_continue_and_break(seed):
    x = rng(seed).normal(size=6)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    check_grads(while_continue_break, x)


def while_in_for_with_break(x):
    acc = 0.0
    for i in range(x.shape[0]):
        j = 0
        while j < 3:
            acc = acc + np.sin(x[i] * (j + 1))
            j += 1
            if acc > 1.5:
                break
    return acc


def while_continue_data_cond(x):
    i = 0
    acc = 0.0
    while acc < 3.0 and i < 50:
        i += 1
        if i % 2 == 0:
            continue
        acc = acc + x[i % 3] ** 2
    return acc


def for_range_continue(x):
    y = x
    for i in range(4):
        if i == 1:
            continue
        y = y * x + np.sin(y)
    return np.sum(y)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "fn", [while_in_for_with_break, while_continue_data_cond, for_range_continue]
)
def test_more_exits(fn, seed):
    x = rng(seed).uniform(0.5, 1.5, 3)
    check_grads(fn, x)


def nested_break(x):
    acc = 0.0
    for i in range(3):
        for j in range(3):
            if j > i:
                break
            acc = acc + x[i] * x[j]
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_break_in_nested_loop(seed):
    check_grads(nested_break, rng(seed).normal(size=3))


def early_return_in_loop(x):
    acc = 0.0
    for v in x:
        if acc > 2.0:
            return acc * v
        acc = acc + v * v
    return acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [0.3, 1.5])
def test_early_return_in_loop(scale, seed):
    x = scale * rng(seed).uniform(0.5, 1.0, 5)
    check_grads(early_return_in_loop, x)


def early_return_in_branch(x):
    s = np.sum(x)
    if s > 1.0:
        return s * s
    y = np.sin(x)
    if s < -1.0:
        return np.sum(y * x)
    return np.sum(np.exp(y))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shift", [-1.0, 0.0, 1.0])
def test_early_return_in_branch(shift, seed):
    x = rng(seed).uniform(-0.2, 0.2, 3) + shift
    check_grads(early_return_in_branch, x)


def early_return_nested_loops(X):
    acc = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            acc = acc + X[i, j] ** 2
            if acc > 3.0:
                return acc * X[i, j]
    return -acc


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [0.3, 1.5])
def test_early_return_from_nested_loop(scale, seed):
    check_grads(early_return_nested_loops, scale * rng(seed).uniform(0.5, 1.0, (3, 3)))


def early_return_in_while(x):
    y = x
    while True:
        y = y * 1.1 + 0.2
        if y > 5.0:
            return y * y
        if y < -5.0:
            return -y


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("x0", [1.0, -10.0])
def test_early_return_inside_while_true(x0, seed):
    check_grads(early_return_in_while, x0 + 0.1 * rng(seed).uniform(-1, 1))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "fn,scale",
    [
        (early_return_in_loop, 0.3),
        (early_return_in_loop, 1.5),
        (early_return_in_branch, 1.0),
        (early_return_in_branch, -1.0),
        (for_break, 2.0),
        (while_continue_break, 1.0),
        (early_return_nested_loops, 1.5),
    ],
)
def test_value_and_grad_value_matches_original(fn, scale, seed):
    x = scale * rng(seed).uniform(0.5, 1.0, 3)
    if fn is early_return_nested_loops:
        x = scale * rng(seed).uniform(0.5, 1.0, (2, 3))
    value, g = s2sgrad.value_and_grad(fn)(x)
    assert value == fn(x)
    np.testing.assert_allclose(g, s2sgrad.grad(fn)(x), rtol=1e-14)


# =========================================================================================
# accumulation patterns, lists, comprehensions
# =========================================================================================


def accumulate_assign(x):
    acc = 0.0
    for i in range(x.shape[0]):
        acc = acc + np.sin(x[i]) * x[i]
    return acc


def accumulate_augassign(x):
    acc = 0.0
    for i in range(x.shape[0]):
        acc += np.sin(x[i]) * x[i]
        acc *= 1.1
    return acc


def accumulate_array(x):
    acc = np.zeros(2)
    for i in range(x.shape[0]):
        acc += x[i] * np.array([1.0, 2.0]) * acc + x[i]
    return np.sum(acc)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [accumulate_assign, accumulate_augassign, accumulate_array])
def test_accumulation(fn, seed):
    check_grads(fn, rng(seed).normal(size=4))


def list_append_stack(x):
    ys = []
    h = x
    for _ in range(4):
        h = np.tanh(h * 1.5 + 0.1)
        ys.append(h)
    Y = np.stack(ys)
    return np.sum(Y * np.arange(4.0)[:, None])


def list_append_sum(x):
    ys = []
    for i in range(x.shape[0]):
        ys.append(x[i] ** 2 * np.sin(x[i]))
    return sum(ys)


def list_append_vectors_sum(x):
    ys = []
    for k in range(3):
        ys.append(np.cos(x * k))
    return np.sum(sum(ys) * x)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [list_append_stack, list_append_sum, list_append_vectors_sum])
def test_list_append(fn, seed):
    check_grads(fn, rng(seed).normal(size=3))


def list_append_read_back(x, n):
    ys = []
    ys.append(x)
    for i in range(n):
        ys.append(ys[-1] * x[i % 3])
    return np.sum(np.stack(ys))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 4])
def test_list_append_read_back(n, seed):
    check_grads(list_append_read_back, rng(seed).normal(size=3), n)


def list_display_then_append(x, n):
    ys = [x * 1.0]  # a list display is a fresh list: appending to it changes nothing else
    for i in range(n):
        ys.append(ys[-1] * x[i % 3])
    return np.sum(np.stack(ys))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 4])
def test_list_display_then_append(n, seed):
    check_grads(list_display_then_append, rng(seed).normal(size=3), n)


def list_reversed_and_zip(x):
    ys = []
    for v in x:
        ys.append(np.sin(v) * v)
    acc = 0.0
    for y in reversed(ys):
        acc = acc * 0.5 + y
    for a, b in zip(ys, x, strict=True):
        acc = acc + a * b
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_loop_over_built_list_reversed_and_zip(seed):
    check_grads(list_reversed_and_zip, rng(seed).normal(size=4))


def list_comprehension(x):
    ys = [np.sin(v) * v for v in x]
    zs = [x[i] * x[i + 1] for i in range(x.shape[0] - 1)]
    return sum(ys) + np.sum(np.stack(zs))


def list_comprehension_cond(x):
    ys = [v**3 for v in x if v > 0]
    return sum(ys) + 0.0 * x[0]


def list_comprehension_stack(X):
    rows = [np.tanh(row) * row for row in X]
    return np.sum(np.stack(rows) ** 2)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [list_comprehension, list_comprehension_cond])
def test_list_comprehension(fn, seed):
    x = rng(seed).normal(size=4)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    check_grads(fn, x)


@pytest.mark.parametrize("seed", SEEDS)
def test_list_comprehension_over_rows(seed):
    check_grads(list_comprehension_stack, rng(seed).normal(size=(3, 2)))


def list_index_in_loop(x):
    ws = [x[0], x[1] * 2.0, np.sin(x[2])]
    acc = 0.0
    for i in range(3):
        acc = acc + ws[i] * ws[2 - i]
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_list_read_in_loop(seed):
    check_grads(list_index_in_loop, rng(seed).normal(size=3))


# =========================================================================================
# calls to user functions
# =========================================================================================

GLOBAL_W = np.array([0.5, -1.0, 2.0])
GLOBAL_SCALE = 1.5


def _helper_square_sin(v):
    return np.sin(v) * v * v


def _helper_kw(v, scale=2.0, shift=0.0):
    return scale * v + shift * v * v


def _helper_branch(v):
    if v > 0:
        return v * v
    return -v


def _helper_loop(v, n):
    acc = v
    for _ in range(n):
        acc = np.sin(acc) + v
    return acc


def _helper_tuple(v):
    return np.sin(v), np.cos(v) * v


def calls_module_level(x):
    acc = 0.0
    for i in range(x.shape[0]):
        acc = acc + _helper_square_sin(x[i]) + _helper_branch(x[i])
    return acc + _helper_loop(x[0], 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_call_module_level_function(seed):
    x = rng(seed).normal(size=4)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    check_grads(calls_module_level, x)


def calls_with_keywords(x):
    a = _helper_kw(x, scale=3.0, shift=0.5)
    b = _helper_kw(x)  # all defaults
    c = _helper_kw(x, shift=x)  # keyword with a differentiated value
    d = _helper_kw(shift=2.0, v=x)  # every argument by keyword, out of order
    return np.sum(a * b + c + d)


@pytest.mark.parametrize("seed", SEEDS)
def test_call_keyword_and_default_arguments(seed):
    check_grads(calls_with_keywords, rng(seed).normal(size=3))


def calls_tuple_return(x):
    s, c = _helper_tuple(x)
    return np.sum(s * c)


@pytest.mark.parametrize("seed", SEEDS)
def test_call_tuple_return(seed):
    check_grads(calls_tuple_return, rng(seed).normal(size=3))


def calls_nested_def(x):
    def inner(v, k):
        return np.exp(-k * v * v) + v

    return np.sum(inner(x, 2.0) * inner(x, k=0.5))


@pytest.mark.parametrize("seed", SEEDS)
def test_call_nested_def(seed):
    check_grads(calls_nested_def, rng(seed).normal(size=3))


def calls_nested_def_default(x):
    def inner(v, k=2.0):
        return np.exp(-k * v * v) + v

    return np.sum(inner(x) * inner(x, k=0.5))


@pytest.mark.parametrize("seed", SEEDS)
def test_call_nested_def_default_argument(seed):
    check_grads(calls_nested_def_default, rng(seed).normal(size=3))


def calls_nested_def_in_loop(x):
    def inner(v):
        return np.exp(-v * v) + v

    acc = 0.0
    for v in x:
        acc = acc + inner(v) * v
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_call_nested_def_inside_loop(seed):
    check_grads(calls_nested_def_in_loop, rng(seed).normal(size=3))


def nested_def_closure_over_local(x):
    a = np.sin(x)  # differentiated, captured by the nested function

    def scale(v):
        return v * a

    return np.sum(scale(x) + scale(a))


@pytest.mark.parametrize("seed", SEEDS)
def test_nested_def_closes_over_differentiated_local(seed):
    check_grads(nested_def_closure_over_local, rng(seed).normal(size=3))


def make_closure(c, n):
    def f(x):
        acc = x
        for _ in range(n):
            acc = np.tanh(acc * c) + x
        return np.sum(acc)

    return f


@pytest.mark.parametrize("seed", SEEDS)
def test_closure_over_enclosing_variables(seed):
    r = rng(seed)
    c = r.normal(size=3)
    f = make_closure(c, 3)
    x = r.normal(size=3)
    check_grads(f, x)
    # a second closure from the same code with other cell values must not reuse the first
    g = make_closure(2.0 * c, 1)
    check_grads(g, x)
    np.testing.assert_allclose(s2sgrad.grad(g)(x), numerical_grad(g, (x,), 0), rtol=1e-6, atol=1e-6)


def uses_globals(x):
    return np.sum(np.sin(x * GLOBAL_W) * GLOBAL_SCALE)


@pytest.mark.parametrize("seed", SEEDS)
def test_module_globals(seed):
    check_grads(uses_globals, rng(seed).normal(size=3))


def test_module_global_rebinding_is_seen():
    global GLOBAL_SCALE
    x = np.array([0.3, -0.2, 0.9])
    g = s2sgrad.grad(uses_globals)
    before = g(x)
    old = GLOBAL_SCALE
    try:
        GLOBAL_SCALE = 2.0 * old
        np.testing.assert_allclose(g(x), 2.0 * before, rtol=1e-12)
    finally:
        GLOBAL_SCALE = old


def calls_other_module(x):
    acc = 0.0
    for v in x:
        acc = acc + cf_helpers.soft_abs(v) + cf_helpers.shifted_square(v)
    y = cf_helpers.scaled_sin(x, scale=2.0) + cf_helpers.scaled_sin(x)
    z = cf_helpers.horner(x, (1.0, -2.0, 0.5))
    return acc + np.sum(y * z) + np.sum(cf_helpers.outer(x, k=3))


@pytest.mark.parametrize("seed", SEEDS)
def test_call_function_from_other_module(seed):
    x = rng(seed).uniform(-2.0, 2.0, 4)
    x = np.where(np.abs(np.abs(x) - 1.0) < 0.05, 0.5, x)
    check_grads(calls_other_module, x)


@pytest.mark.parametrize("seed", SEEDS)
def test_grad_of_function_defined_in_other_module(seed):
    x = rng(seed).uniform(-2.0, 2.0)
    x = 0.5 if abs(abs(x) - 1.0) < 0.05 else x
    check_grads(cf_helpers.soft_abs, x)
    check_grads(cf_helpers.outer, x)


def calls_imported_names(x):
    a = horner(x, (0.5, 1.0, -1.0, 2.0))  # a function imported by name
    b = helpers_alias.scaled_sin(scale=x, x=x)  # module alias, keywords, differentiated kwarg
    return np.sum(a * b) + np.sum(helpers_alias.rpow(x, 3))


@pytest.mark.parametrize("seed", SEEDS)
def test_call_imported_name_and_module_alias(seed):
    check_grads(calls_imported_names, rng(seed).normal(size=3))


def calls_nested_def_with_branch(x):
    def inner(v):
        if v > 0:
            return v * v
        return -v

    return inner(x) + inner(-x) * x


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_nested_def_with_early_return(sign, seed):
    check_grads(calls_nested_def_with_branch, sign * rng(seed).uniform(0.2, 2.0))


def default_loop_count(x, n=3):
    acc = 0.0
    for i in range(n):
        acc = acc + x ** (i + 1)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_default_argument_of_differentiated_function(seed):
    x = rng(seed).uniform(0.5, 1.5)
    check_grads(default_loop_count, x)
    g = s2sgrad.grad(default_loop_count)
    np.testing.assert_allclose(g(x, n=2), 1 + 2 * x, rtol=1e-12)
    np.testing.assert_allclose(g(x, 4), 1 + 2 * x + 3 * x**2 + 4 * x**3, rtol=1e-12)


def test_closure_cell_rebound_after_grad_is_seen():
    c = 1.0

    def f(x):
        return x * c

    g = s2sgrad.grad(f)
    assert g(1.0) == 1.0
    c = 2.0
    assert g(1.0) == 2.0


def power(x, n):
    if n == 0:
        return 1.0
    if n % 2 == 0:
        h = power(x, n // 2)
        return h * h
    return x * power(x, n=n - 1)


def uses_power(x):
    return np.sum(power(x, 5)) + power(x[0], 0) + power(x[1], 1)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 2, 5, 8])
def test_recursive_power(n, seed):
    x = rng(seed).uniform(-1.5, 1.5)
    g = check_grads(power, x, n, rtol=1e-5)[0]
    np.testing.assert_allclose(g, n * x ** (n - 1) if n else 0.0, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_recursive_power_called_from_caller(seed):
    check_grads(uses_power, rng(seed).uniform(-1.5, 1.5, 3))


@pytest.mark.parametrize("seed", SEEDS)
def test_recursive_function_from_other_module(seed):
    x = rng(seed).uniform(-1.5, 1.5, 2)
    check_grads(lambda v: np.sum(cf_helpers.rpow(v, 4)), x)


def _even_sum(x, n):
    if n == 0:
        return 0.0 * x
    return np.cos(x) + _odd_sum(x, n - 1)


def _odd_sum(x, n):
    if n == 0:
        return 0.0 * x
    return x * _even_sum(x * 0.5, n - 1)


@pytest.mark.xfail(
    raises=TransformError,
    strict=True,
    reason=(
        "limitation: mutual recursion raises TransformError '_even_sum() is part of a mutual "
        "recursion, which s2sgrad cannot differentiate yet'"
    ),
)
@pytest.mark.parametrize("seed", SEEDS)
def test_mutual_recursion(seed):
    check_grads(lambda v: np.sum(_even_sum(v, 5)), rng(seed).normal(size=2))


@pytest.mark.parametrize("seed", SEEDS)
def test_lambda(seed):
    x = rng(seed).normal(size=3)
    check_grads(lambda x: np.sum(np.sin(x) * x**2), x)


def test_two_lambdas_on_one_line():
    f, g = (lambda x: np.sum(x**2)), (lambda x: np.sum(np.sin(x)))
    x = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(f)(x), 2 * x, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(g)(x), np.cos(x), rtol=1e-12)
    # and in the opposite order, so that no cache hides a mix-up
    g2, f2 = (lambda x: np.sum(np.sin(x))), (lambda x: np.sum(x**2))
    np.testing.assert_allclose(s2sgrad.grad(f2)(x), 2 * x, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(g2)(x), np.cos(x), rtol=1e-12)


def test_two_lambdas_on_one_line_different_parameter_names():
    f, g = (lambda x: np.sum(x**2)), (lambda y: np.sum(np.sin(y)))
    x = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(f)(x), 2 * x, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(g)(x), np.cos(x), rtol=1e-12)


def test_two_lambdas_same_signature_different_bodies_in_a_call():
    x = np.array([0.3, -1.2, 2.0])
    grads = [s2sgrad.grad(h)(x) for h in (lambda x: np.sum(x**3), lambda x: np.sum(np.exp(x)))]
    np.testing.assert_allclose(grads[0], 3 * x**2, rtol=1e-12)
    np.testing.assert_allclose(grads[1], np.exp(x), rtol=1e-12)


def calls_local_lambda(x):
    sq = lambda v: v * v  # noqa: E731
    return np.sum(sq(np.sin(x)) + sq(x))


@pytest.mark.parametrize("seed", SEEDS)
def test_lambda_bound_to_local_name(seed):
    check_grads(calls_local_lambda, rng(seed).normal(size=3))


def calls_local_lambda_in_loop(x):
    sq = lambda v: v * v  # noqa: E731
    acc = 0.0
    for v in x:
        acc = acc + sq(np.sin(v))
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_lambda_bound_to_local_name_called_in_loop(seed):
    check_grads(calls_local_lambda_in_loop, rng(seed).normal(size=3))


def helpers_inside_loop(x):
    acc = 0.0
    for i in range(x.shape[0]):
        acc = acc + _helper_loop(x[i], i) * _helper_branch(x[i] - acc)
    return acc


@pytest.mark.parametrize("seed", SEEDS)
def test_helper_with_loop_called_inside_loop(seed):
    x = rng(seed).normal(size=3)
    check_grads(helpers_inside_loop, x)


def halve_until_small(x):
    if x < 1.0:
        return x * x
    return np.sin(halve_until_small(x * 0.5))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("x0", [0.5, 1.5, 7.0])  # recursion depth 0, 1, 3
def test_recursion_with_data_dependent_depth(x0, seed):
    x = x0 + 0.2 * rng(seed).uniform(-1, 1)
    check_grads(halve_until_small, x)


# =========================================================================================
# in-place item writes
# =========================================================================================


def inplace_fresh_vector(x):
    n = x.shape[0]
    y = np.zeros(n)
    for i in range(n):
        y[i] = np.sin(x[i]) * x[(i + 1) % n]
    return np.sum(y * y)


def inplace_overwrite_twice(x):
    y = np.zeros(3)
    for i in range(3):
        y[i] = x[i] * 2.0
        y[i] = y[i] * y[i] + x[0]  # reads the value it overwrites
    return np.sum(y * x)


def inplace_recurrence(x):
    n = x.shape[0]
    y = np.zeros(n + 1)
    y[0] = 1.0
    for i in range(n):
        y[i + 1] = y[i] * x[i] + np.sin(y[i])
    return y[n]


def inplace_column_augassign(X, w):
    Y = np.zeros((X.shape[0], X.shape[1]))
    for j in range(X.shape[1]):
        Y[:, j] += X[:, j] * w[j]
        Y[:, j] += np.sin(Y[:, j])
    return np.sum(Y**2)


def inplace_slice_augassign(x):
    Y = np.zeros(4)
    Y[1:3] += x[:2]
    Y[0:2] += np.sin(x[1:])
    return np.sum(Y**2)


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_slice_augassign(seed):
    check_grads(inplace_slice_augassign, rng(seed).normal(size=3))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [inplace_fresh_vector, inplace_overwrite_twice, inplace_recurrence])
def test_inplace_writes_on_fresh_array(fn, seed):
    check_grads(fn, rng(seed).normal(size=3))


def inplace_rows_in_loop(x):
    Y = np.zeros((3, x.shape[0]))
    for i in range(3):
        Y[i] = np.sin(x) * (i + 1.0)
    return np.sum(Y * Y)


def inplace_columns_in_loop(X, w):
    Y = np.zeros((X.shape[0], X.shape[1]))
    for j in range(X.shape[1]):
        Y[:, j] = np.sin(X[:, j]) * w[j]
    return np.sum(Y * Y)


def inplace_row_read_then_overwrite(x):
    Y = np.zeros((2, x.shape[0]))
    Y[0] = x
    Y[0] = Y[0] * x  # reads the row it overwrites
    return np.sum(Y)


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_row_writes_in_loop(seed):
    check_grads(inplace_rows_in_loop, rng(seed).normal(size=3))


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_column_writes_in_loop(seed):
    r = rng(seed)
    check_grads(inplace_columns_in_loop, r.normal(size=(3, 2)), r.normal(size=2), argnums=(0, 1))


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_row_read_then_overwrite(seed):
    check_grads(inplace_row_read_then_overwrite, rng(seed).normal(size=3))


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_column_augassign(seed):
    r = rng(seed)
    check_grads(inplace_column_augassign, r.normal(size=(3, 2)), r.normal(size=2), argnums=(0, 1))


def inplace_fresh_copy(x):
    y = x.copy()
    y[0] = y[0] * y[1]
    return np.sum(y**2)


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_write_on_copy_of_argument(seed):
    x = rng(seed).normal(size=3)
    check_grads(inplace_fresh_copy, x)


GLOBAL_BUFFER = np.zeros(3)


def _identity(v):
    return v


def writes_argument(x):
    x[0] = 2.0 * x[1]
    return np.sum(x * x)


def augwrites_argument(x):
    for i in range(x.shape[0]):
        x[i] += 1.0
    return np.sum(x * x)


def writes_alias(x):
    z = x
    z[0] = 0.0
    return np.sum(z * x)


def writes_view_alias(x):
    v = x[1:]
    v[0] = 3.0
    return np.sum(x**2)


def writes_alias_of_fresh_then_reads(x):
    y = np.zeros(3)
    z = y
    z[1] = x[0]
    return np.sum(y * x)


def writes_alias_via_call(x):
    z = _identity(x)
    z[0] = 1.0
    return np.sum(z * x)


def writes_reshaped_view(x):
    z = x.reshape(3)
    z[0] = 1.0
    return np.sum(z * x)


def writes_global(x):
    GLOBAL_BUFFER[0] = x[0]
    return np.sum(GLOBAL_BUFFER * x)


def writes_second_argument(x, y):
    y[0] = x[0]
    return np.sum(y * x)


@pytest.mark.parametrize(
    "fn",
    [
        writes_argument,
        augwrites_argument,
        writes_alias,
        writes_view_alias,
        writes_alias_of_fresh_then_reads,
        writes_alias_via_call,
        writes_reshaped_view,
        writes_global,
    ],
)
def test_inplace_write_on_argument_or_alias_raises(fn):
    x = np.array([0.5, 1.0, -0.3])
    with pytest.raises(TransformError):
        s2sgrad.grad(fn)(x)
    np.testing.assert_array_equal(x, [0.5, 1.0, -0.3])  # the argument was not touched
    np.testing.assert_array_equal(GLOBAL_BUFFER, 0.0)


def test_inplace_write_on_non_differentiated_argument_raises():
    x, y = np.array([0.5, 1.0, -0.3]), np.array([1.0, 2.0, 3.0])
    with pytest.raises(TransformError):
        s2sgrad.grad(writes_second_argument)(x, y)
    np.testing.assert_array_equal(y, [1.0, 2.0, 3.0])


def augassign_argument(x):
    x += 1.0  # NumPy: changes the caller's array
    return np.sum(x * x)


def augassign_alias(x):
    y = x
    y += 1.0  # NumPy: changes x too
    return np.sum(y * x)


def test_augmented_assignment_on_alias_raises():
    x = np.array([0.5, 1.0, -0.3])
    with pytest.raises(TransformError):
        s2sgrad.grad(augassign_alias)(x)


def test_augmented_assignment_on_differentiated_argument_rebinds_it():
    # as autograd does with its traced arrays: the derivative of sum((x + 1)^2), and the
    # caller's array is left as it was
    x = np.array([0.5, 1.0, -0.3])
    g = s2sgrad.grad(augassign_argument)(x)
    np.testing.assert_allclose(g, 2.0 * (x + 1.0))
    np.testing.assert_array_equal(x, [0.5, 1.0, -0.3])


def rebind_parameter_then_write(x):
    x = x * 1.0  # a fresh array: x no longer refers to the argument
    x[0] = 2.0
    return np.sum(x * x)


@pytest.mark.parametrize("seed", SEEDS)
def test_inplace_write_after_rebinding_parameter_to_fresh_array(seed):
    check_grads(rebind_parameter_then_write, rng(seed).normal(size=3))


# =========================================================================================
# scenarios
# =========================================================================================


def oscillator_floats(k, c, x0):
    x, v = x0, 0.0
    dt = 0.01
    for _ in range(200):
        if x > 0:
            force = -k * x - c * v
        else:
            force = -2.0 * k * x - c * v  # stiffer on the negative side
        v = v + dt * force
        x = x + dt * v
    return x * x + v


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_damped_oscillator_floats(seed):
    r = rng(seed)
    k, c, x0 = r.uniform(2.0, 6.0), r.uniform(0.1, 0.5), r.uniform(0.5, 1.5)
    check_grads(oscillator_floats, k, c, x0, argnums=(0, 1, 2), rtol=1e-5, atol=1e-6)


def oscillator_arrays(k, c, x0):
    x = x0
    v = np.zeros_like(x0)
    dt = 0.01
    for _ in range(200):
        if np.sum(x) > 0:
            force = -k * x - c * v
        else:
            force = -k * x - 3.0 * c * v
        v = v + dt * force
        x = x + dt * v
    return np.sum(x**2) + np.sum(v * k)


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_damped_oscillator_arrays(seed):
    r = rng(seed)
    k, c, x0 = r.uniform(2.0, 6.0, 3), r.uniform(0.1, 0.5, 3), r.uniform(0.5, 1.5, 3)
    check_grads(oscillator_arrays, k, c, x0, argnums=(0, 1, 2), rtol=1e-5, atol=1e-6)


def rnn(W, U, b, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(W @ h + U @ xs[t] + b)
    return np.sum(h * h)


def _rnn_inputs(seed, hidden=16, steps=50, features=3):
    r = rng(seed)
    W = r.normal(size=(hidden, hidden)) * 0.3 / np.sqrt(hidden)
    U = r.normal(size=(hidden, features)) * 0.5
    b = r.normal(size=hidden) * 0.1
    xs = r.normal(size=(steps, features))
    h0 = r.normal(size=hidden) * 0.1
    return W, U, b, xs, h0


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_rnn_50_steps(seed):
    W, U, b, xs, h0 = _rnn_inputs(seed)
    check_grads(rnn, W, U, b, xs, h0, argnums=0, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_rnn_all_gradients_small(seed):
    W, U, b, xs, h0 = _rnn_inputs(seed, hidden=4, steps=6)
    check_grads(rnn, W, U, b, xs, h0, argnums=(0, 1, 2, 3, 4), rtol=1e-5, atol=1e-7)


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def newton_sqrt_array(a):
    x = np.ones_like(a) + a
    it = 0
    while np.max(np.abs(x * x - a)) > 1e-10 and it < 100:
        x = 0.5 * (x + a / x)
        it += 1
    return np.sum(x)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [1.0, 20.0])
def test_scenario_newton_sqrt_while(scale, seed):
    a = scale * rng(seed).uniform(0.5, 2.0)
    g = check_grads(newton_sqrt, a, rtol=1e-5)[0]
    np.testing.assert_allclose(g, 0.5 / np.sqrt(a), rtol=1e-6)


def test_scenario_newton_sqrt_zero_iterations():
    # a = 1: x = a is already the root and the loop never runs, so the derivative of the
    # path taken is d(a)/da = 1 (finite differences see sqrt's 0.5: the neighbours iterate)
    assert s2sgrad.grad(newton_sqrt)(1.0) == 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_newton_sqrt_array(seed):
    a = rng(seed).uniform(0.5, 4.0, 3)
    g = check_grads(newton_sqrt_array, a, rtol=1e-5)[0]
    np.testing.assert_allclose(g, 0.5 / np.sqrt(a), rtol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("center", [-2.0, 0.0, 2.0, 4.0])
def test_scenario_piecewise_all_pieces(center, seed):
    x = center + 0.8 * rng(seed).uniform(-1, 1)
    g = s2sgrad.grad(piecewise)(x)
    if x < -1.0:
        expected = 2.0 * x + 2.0
    elif x < 1.0:
        expected = np.cos(x)
    elif x < 3.0:
        expected = np.exp(0.5 * x) * (0.5 * x + 1.0)
    else:
        expected = 3.0 - 1.0 / x
    np.testing.assert_allclose(g, expected, rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_recursive_power(seed):
    x = rng(seed).uniform(0.5, 1.5, 3)
    f = lambda v: np.sum(power(v, 7))  # noqa: E731
    g = check_grads(f, x, rtol=1e-5)[0]
    np.testing.assert_allclose(g, 7 * x**6, rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_helper_from_other_module(seed):
    x = rng(seed).normal(size=3)
    f = lambda v: np.sum(cf_helpers.scaled_sin(v, scale=3.0) * cf_helpers.shifted_square(v))  # noqa: E731
    g = check_grads(f, x)[0]
    expected = 3 * np.cos(x) * (x + 0.25) ** 2 + 3 * np.sin(x) * 2 * (x + 0.25)
    np.testing.assert_allclose(g, expected, rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_scenario_lambda(seed):
    x = rng(seed).normal(size=3)
    g = check_grads(lambda x: np.sum(np.exp(np.sin(x))), x)[0]
    np.testing.assert_allclose(g, np.exp(np.sin(x)) * np.cos(x), rtol=1e-12)


# =========================================================================================
# what the generated source saves
# =========================================================================================


def test_rnn_source_saves_only_what_it_needs():
    src = s2sgrad.grad(rnn).source
    print(src)
    # loop-invariant weights and inputs are never pushed on a stack
    for invariant in ("W", "U", "b", "xs"):
        assert f"{invariant}_stack" not in src
    # the hidden state is overwritten every step, so it must be saved
    assert "h_stack" in src
    # a reverse loop over the same range
    assert "reversed(" in src


def test_rnn_source_for_concrete_arguments_saves_only_what_it_needs():
    W, U, b, xs, h0 = _rnn_inputs(0, hidden=4, steps=3)
    src = s2sgrad.grad(rnn).source_for(W, U, b, xs, h0)
    for invariant in ("W", "U", "b", "xs"):
        assert f"{invariant}_stack" not in src


def test_while_source_has_reverse_loop_over_iteration_count():
    src = s2sgrad.grad(newton_sqrt).source
    print(src)
    assert "for _ in range(" in src
    assert "a_stack" not in src  # the input is never overwritten


def test_generated_source_runs_and_is_readable_for_break():
    src = s2sgrad.grad(for_break).source
    print(src)
    # one generated function whose text mentions the user's line
    assert "def for_break" in src
    assert "acc = acc + x[i] ** 2" in src
