"""matmul_left/matmul_right of arguments whose number of dimensions the instance is
specialised on become the products themselves (s2sgrad/reverse/products.py): the same
numbers with and without the pass, finite differences, autograd; the entry of an
instance relying on ndims misses arguments of other ndims, which get their own."""

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, check_pass_keeps_numbers

import s2sgrad
from s2sgrad.entry import MISS, answers
from s2sgrad.pipeline import disabled

rng = np.random.default_rng(11)


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * np.sum(w * w)


def row_times_matrix(x, W):  # matmul_left with a 1-d left operand: W @ dx
    return np.sum(np.tanh(x @ W))


def matrix_product(A, B):  # both sides 2-d
    return np.sum(np.sin(A @ B) * (A @ B))


def batched(A, B):  # 3-d: the helper stays
    return np.sum(np.tanh(A @ B))


def rebound(w, X):  # X is assigned: not an argument's value, the helper stays
    X = X * 2.0
    return np.sum(np.tanh(X @ w))


def _n(*shape):
    return rng.normal(size=shape)


CASES = [
    (logistic, (_n(4), _n(6, 4), np.where(_n(6) > 0, 1.0, -1.0)), (0, 1), 1),  # dX: an outer
    (logistic, (_n(4, 3), _n(6, 4), np.where(_n(6, 3) > 0, 1.0, -1.0)), (0, 1), 2),
    (row_times_matrix, (_n(3), _n(3, 5)), (0, 1), 1),  # dW: an outer product
    (matrix_product, (_n(2, 3), _n(3, 4)), (0, 1), 4),
    (batched, (_n(2, 3, 4), _n(2, 4, 5)), (0, 1), 0),
    (rebound, (_n(3), _n(4, 3)), (0, 1), 0),
]
IDS = [
    "logistic_vector",
    "logistic_matrix",
    "row_times_matrix",
    "matrix_product",
    "batched",
    "rebound",
]


@pytest.mark.parametrize("fun, args, argnums, inlined", CASES, ids=IDS)
def test_same_numbers_with_and_without_the_pass(fun, args, argnums, inlined):
    helpers = ("matmul_left(", "matmul_right(")
    check_pass_keeps_numbers("product_inlining", fun, args, argnums, helpers, inlined)


def test_the_inlined_product_reads_like_the_hand_written_one():
    w, X, y = CASES[0][1]
    src = s2sgrad.grad(logistic).source_for(w, X, y)
    assert "dw += X.T @ dz" in src and "matmul_right" not in src


def test_other_ndims_take_their_own_instance():
    g = s2sgrad.grad(logistic, argnums=(0, 1))
    (w1, X, y1), (w2, _, y2) = CASES[0][1], CASES[1][1]
    first = g(w1, X, y1)
    assert answers(g._entry, (w2, X, y2)) is MISS  # w 2-d: the inlined product assumed 1-d
    second = g(w2, X, y2)
    assert second[0].shape == w2.shape
    check_grads(logistic, w2, X, y2, argnums=(0, 1), rtol=1e-5, atol=1e-6)
    assert_tree_close(g(w1, X, y1), first, rtol=0, atol=0)  # back to 1-d
    w0 = np.float64(0.5) * np.ones(())  # 0-d: matmul raises, as NumPy does
    with pytest.raises(ValueError):
        g(np.asarray(w0), X, y1)


def test_complex_or_integer_arguments_keep_the_helper():
    def f(w, X):
        return np.sum(np.real(X @ w) ** 2)

    w, X = _n(3) + 1j * _n(3), _n(4, 3)
    assert "matmul_right(" in s2sgrad.grad(f, argnums=(0, 1)).source_for(w, X)


def test_float32_stays_float32_and_numba_agrees():
    w, X, y = (a.astype(np.float32) for a in CASES[0][1])
    d = s2sgrad.grad(logistic)(w, X, y)
    assert d.dtype == np.float32
    with disabled("product_inlining"):
        assert_tree_close(d, s2sgrad.grad(logistic)(w, X, y), rtol=0, atol=0)
    pytest.importorskip("numba")
    assert_tree_close(s2sgrad.grad(logistic, backend="numba")(w, X, y), d, rtol=0, atol=0)
