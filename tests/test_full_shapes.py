"""Arrays with no axis of length 1 ("full") broadcast only with arrays of their shape
(s2sgrad/reverse/unbroadcasts.py, _Classes): unbroadcast goes where the arguments are
full; an argument with an axis of length 1 gets an instance that keeps the sums. Same
numbers with and without the pass, finite differences, autograd."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, check_pass_keeps_numbers

import s2sgrad
from s2sgrad.entry import MISS, answers

rng = np.random.default_rng(17)


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * np.sum(w * w)


def row_product(x, W, c):  # (x @ W) has W's columns: c of that length
    return np.sum(np.tanh(x @ W) * c)


def matrices(A, B, C):  # (A @ B) * C
    return np.sum(np.sin(A @ B) * C)


def sign(n):
    return np.where(rng.random(n) < 0.5, -1.0, 1.0)


def _n(*shape):
    return rng.normal(size=shape)


CASES = [
    (logistic, (_n(4), _n(6, 4), sign(6)), 1),
    (logistic, (_n(4), _n(6, 4), sign(1)), 0),  # y broadcasts to z: its sum stays
    (logistic, (_n(4), _n(1, 4), sign(6)), 0),  # z of one row broadcasts to y
    (row_product, (_n(3), _n(3, 5), _n(5)), 2),
    (row_product, (_n(3), _n(3, 5), _n(1)), 0),
    (matrices, (_n(2, 3), _n(3, 4), _n(2, 4)), 2),
    (matrices, (_n(2, 3), _n(3, 4), _n(1, 4)), 0),
    (matrices, (_n(2, 3), _n(3, 1), _n(2, 4)), 0),  # A @ B of one column
]
IDS = [f"{c[0].__name__}-{'-'.join('x'.join(map(str, a.shape)) for a in c[1])}" for c in CASES]


@pytest.mark.parametrize("fun, args, dropped", CASES, ids=IDS)
def test_full_arguments_drop_the_sums(fun, args, dropped):
    argnums = tuple(range(len(args)))
    check_pass_keeps_numbers("unbroadcast_dropping", fun, args, argnums, ("unbroadcast(",), dropped)


def test_an_axis_of_length_1_misses_the_full_instance():
    g = s2sgrad.grad(logistic, argnums=(0, 1, 2))
    full, one_row, one_label = CASES[0][1], CASES[2][1], CASES[1][1]
    first = g(*full)
    assert answers(g._entry, full) is not MISS
    assert answers(g._entry, one_row) is MISS and answers(g._entry, one_label) is MISS
    for args in (one_row, one_label):
        got = g(*args)
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(logistic.__globals__, "np", anp)
            ref = autograd.grad(logistic, argnum=[0, 1, 2])(*args)
        assert_tree_close(got, tuple(ref), rtol=1e-10, atol=1e-12)
        assert got[1].shape == args[1].shape and got[2].shape == args[2].shape
    assert_tree_close(g(*full), first, rtol=0, atol=0)  # back to the full instance


def test_only_the_arguments_a_shape_follows_from_are_tested():
    x, W, c = CASES[3][1]  # x @ W has W's second axis: x's length does not matter
    g = s2sgrad.grad(row_product, argnums=(0, 1, 2))
    g(x, W, c)
    (fast,) = g._fast_cache.values()
    ndims, full = fast[5], fast[6]
    assert full == (1, 2) and dict(ndims) == {0: 1, 1: 2, 2: 1}
    assert answers(g._entry, (x, np.ones((3, 1)), np.ones(1))) is MISS
    got = g(x, np.ones((3, 1)), np.ones(1))
    check_grads(row_product, x, np.ones((3, 1)), np.ones(1), argnums=(0, 1, 2), rtol=1e-5)
    assert got[1].shape == (3, 1) and got[2].shape == (1,)


def test_numba_backend_same_numbers():
    pytest.importorskip("numba")
    w, X, y = CASES[0][1]
    assert_tree_close(
        s2sgrad.grad(logistic, backend="numba")(w, X, y),
        s2sgrad.grad(logistic)(w, X, y),
        rtol=0,
        atol=0,
    )
