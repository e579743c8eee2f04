"""Counting loops (session 17): ``enumerate(xs, start)`` and ``zip`` with
``itertools.count(start, step)`` number the items from ``start`` by ``step``, in every mode
against central finite differences and autograd."""

import itertools
from itertools import count

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

X = np.array([0.3, -1.2, 0.8])


def enumerate_start_keyword(x):
    t = 0.0
    for i, v in enumerate(x, start=1):
        t = t + i * v**2
    return t


def enumerate_start_positional(x):
    t = 0.0
    for i, v in enumerate(x, 1):
        t = t + i * np.sin(v)
    return t


def enumerate_start_expression(x):
    t = 0.0
    for i, v in enumerate(x, len(x) - 1):  # 2, 3, 4: evaluated once, before the loop
        t = t + np.exp(-i * v)
    return t


def enumerate_start_pairs(x):
    t = 0.0
    for i, (a, b) in enumerate(zip(x, x[::-1]), start=2):
        t = t + i * a * b
    return t


def enumerate_start_comprehension(x):
    return np.sum(np.stack([i * np.tanh(v) for i, v in enumerate(x, start=1)]))


def enumerate_start_break(x):
    t = 0.0
    for i, v in enumerate(x, 10):
        if i > 11:
            break
        t = t + i * v**3
    return t


def zip_count(x):
    t = 0.0
    for i, v in zip(itertools.count(), x):
        t = t + i * v**2
    return t


def zip_count_start_step(x):
    t = 0.0
    for i, v in zip(itertools.count(5, 2), x):
        t = t + i * v**2
    return t


def zip_count_keywords(x):
    t = 0.0
    for v, i in zip(x, count(start=1, step=3)):
        t = t + np.sin(i * v)
    return t


def zip_count_float_step(x):
    t = 0.0
    for s, v, w in zip(count(0.5, 0.25), x, np.cos(x)):
        t = t + s * v * w
    return t


def zip_range_len(x):
    t = 0.0
    for i, v in zip(range(len(x)), x):
        t = t + (i + 1) * v**2
    return t


def counted_rnn(x):
    h = np.zeros(2)
    W = np.array([[0.5, -0.2], [0.1, 0.3]])
    for t, v in zip(count(1), x):
        h = np.tanh(W @ h + v / t)
    return np.sum(h**2)


CASES = [
    enumerate_start_keyword,
    enumerate_start_positional,
    enumerate_start_expression,
    enumerate_start_pairs,
    enumerate_start_comprehension,
    enumerate_start_break,
    zip_count,
    zip_count_start_step,
    zip_count_keywords,
    zip_count_float_step,
    zip_range_len,
    counted_rnn,
]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_counting_loop(f):
    check_all_modes(f, X)


def test_counter_value():
    # the numbers themselves, not only the gradient: i runs 5, 7, 9
    import s2sgrad

    g = s2sgrad.grad(zip_count_start_step)(X.copy())
    np.testing.assert_allclose(g, 2 * np.array([5.0, 7.0, 9.0]) * X)


def counters_only(x):
    t = 0.0
    for i, j in zip(count(), count(1)):
        t = t + i * j * x[0]
        if i > 2:
            break
    return t


def test_zip_of_counters_only_is_refused():
    check_rejected(counters_only, X, "never ends")
