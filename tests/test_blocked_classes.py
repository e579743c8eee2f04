"""Classes of constructs from the BLOCKED programs of issue 12 (tests/test_programs.py),
each checked against finite differences beyond the one program that showed it."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad

X = np.array([0.3, -0.7, 1.2])


def _act(z, alpha=1.0, beta=0.0):
    return np.tanh(alpha * z) + beta * z


def _apply(fn, z, **kw):
    return fn(z, **kw)


# ---- function values called with keyword arguments -------------------------------------


def kw_function_value(x):
    cfg = {"alpha": 2.0, "beta": 0.5}
    a = _act
    return np.sum(a(x, **cfg))


def kw_through_callee(x):
    return np.sum(_apply(_act, x, alpha=3.0, beta=0.1))


def kw_through_callee_differentiated(x):
    return np.sum(_apply(_act, x, alpha=x[0], beta=x[1]))


# ---- piecewise-constant and boolean NumPy queries ---------------------------------------


def boolean_queries(x):
    y = x * np.sign(x) + np.where(np.isnan(x), 0.0, x) + np.isfinite(x) * x
    if np.iscomplexobj(x) or np.iscomplex(x).any() or not np.isrealobj(x):
        return 0.0
    y = y * np.isreal(x) + np.isinf(x) + np.isposinf(x) + np.isneginf(x)
    return np.sum(y * x)


# ---- stacking with dtype= and casting= ---------------------------------------------------


def stack_dtype(x):
    y = np.stack([x, 2 * x], dtype=np.float64)
    z = np.concatenate([x, x**2], dtype=np.float64, casting="same_kind")
    return np.sum(y**2) + np.sum(z)


def hstack_vstack_dtype(x):
    v = np.vstack([x, x * 3], dtype=float)
    return np.sum(v * v) + np.sum(np.hstack([x, x], casting="no") ** 3)


def concatenate_int_dtype(x):
    # an integer dtype makes a step function: no derivative through the cast
    k = np.concatenate([x, x], dtype=np.int64, casting="unsafe")
    return np.sum(x**2) + np.sum(k)


CASES = [
    kw_function_value,
    kw_through_callee,
    kw_through_callee_differentiated,
    boolean_queries,
    stack_dtype,
    hstack_vstack_dtype,
    concatenate_int_dtype,
]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_reverse_matches_finite_differences(f):
    check_grads(f, X)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_forward_matches_finite_differences(f):
    expected = numerical_grad(f, (X,), 0)
    rows = s2sgrad.jacfwd(f)(X)
    assert_tree_close(rows, expected, rtol=1e-6, atol=1e-6)


# ---- sorted() over a dict parameter ------------------------------------------------------

P = {"b": np.array([1.0, 2.0]), "a": np.array([0.5]), "c": np.array([3.0, -1.0])}


def sorted_dict_loop(p):
    t = 0.0
    w = 1.0
    for k in sorted(p):
        t = t + w * np.sum(p[k] ** 2)
        w = w + 1.0
    return t


def sorted_keys_enumerate(p):
    t = 0.0
    for i, k in enumerate(sorted(p.keys())):
        t = t + (i + 1) * np.sum(p[k] ** 2)
    return t


def sorted_reverse_generator(p):
    return sum((i + 1) * np.sum(p[k] ** 3) for i, k in enumerate(sorted(p, reverse=True)))


@pytest.mark.parametrize(
    "f",
    [sorted_dict_loop, sorted_keys_enumerate, sorted_reverse_generator],
    ids=lambda f: f.__name__,
)
def test_sorted_dict_keys(f):
    g = check_grads(f, P)[0]
    assert sorted(g) == sorted(P)
