"""unbroadcast calls go where the adjoint certainly has the shape already
(s2sgrad/reverse/unbroadcasts.py): the gradient is the same number for number with and
without the pass, and calls stay where a broadcast or a complex value may happen."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad
from s2sgrad.pipeline import disabled

rng = np.random.default_rng(5)


def same_shape(x):
    s = np.sin(x)
    c = np.cos(x)
    return np.sum(s * c + s * x)


def with_scalars(x, k):
    t = np.exp(-x) * k + 2.0
    return np.mean(t * np.tanh(x)) * k


def two_arguments(a, b):  # a and b may broadcast: the calls stay unless both are full
    return np.sum(np.sin(a) * b)


def broadcast_column(a, b):  # a (3, 1), b (1, 4)
    return np.sum(np.exp(a * b) * a)


def through_a_product(w, X):  # z = X @ w: of no known shape
    z = X @ w
    return np.sum(np.tanh(z) * z)


CASES = [
    (same_shape, (rng.normal(size=(2, 3)),), (0,), True),
    (with_scalars, (rng.normal(size=5), 1.5), (0, 1), True),
    (two_arguments, (rng.normal(size=4), rng.normal(size=4)), (0, 1), True),  # no axis of 1
    (two_arguments, (rng.normal(size=4), rng.normal(size=1)), (0, 1), False),
    (two_arguments, (rng.normal(size=(1, 3)), rng.normal(size=(2, 3))), (0, 1), False),
    (broadcast_column, (rng.normal(size=(3, 1)), rng.normal(size=(1, 4))), (0, 1), None),
    (through_a_product, (rng.normal(size=3), rng.normal(size=(4, 3))), (0, 1), None),
]
IDS = [f"{c[0].__name__}-{'x'.join(map(str, np.shape(c[1][-1])))}" for c in CASES]


@pytest.mark.parametrize("fun, args, argnums, drops", CASES, ids=IDS)
def test_same_numbers_with_and_without_the_pass(fun, args, argnums, drops):
    g = s2sgrad.grad(fun, argnums=argnums)
    on, src_on = g(*args), g.source_for(*args)
    with disabled("unbroadcast_dropping"):
        g = s2sgrad.grad(fun, argnums=argnums)
        off, src_off = g(*args), g.source_for(*args)
    assert_tree_close(on, off, rtol=0, atol=0)
    for d, a in zip(on, [args[i] for i in argnums]):
        assert np.shape(d) == np.shape(a)
    check_grads(fun, *args, argnums=argnums, rtol=1e-5, atol=1e-6)
    if drops is True:
        assert src_on.count("unbroadcast(") < src_off.count("unbroadcast(")
    elif drops is False:
        assert src_on == src_off
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(fun.__globals__, "np", anp)
        ref = autograd.grad(fun, argnum=list(argnums))(*args)
    assert_tree_close(on, tuple(ref), rtol=1e-10, atol=1e-12)


def test_the_broadcast_operand_keeps_its_sum():
    a, b = rng.normal(size=(3, 1)), rng.normal(size=(1, 4))
    src = s2sgrad.grad(broadcast_column, argnums=(0, 1)).source_for(a, b)
    assert "unbroadcast(" in src
    da, db = s2sgrad.grad(broadcast_column, argnums=(0, 1))(a, b)
    assert da.shape == (3, 1) and db.shape == (1, 4)


def test_complex_arguments_keep_the_real_part():
    def f(x, c):
        return np.sum(np.real(np.sin(x) * c * x))

    x, c = rng.normal(size=4), rng.normal(size=4) + 1j * rng.normal(size=4)
    g = s2sgrad.grad(f)
    src = g.source_for(x, c)
    with disabled("unbroadcast_dropping"):
        assert src == s2sgrad.grad(f).source_for(x, c)  # not proven real: nothing goes
    got = g(x, c)
    assert got.dtype == np.float64
    check_grads(lambda x: f(x, c), x, rtol=1e-5, atol=1e-6)


def test_float32_stays_float32():
    x = rng.normal(size=5).astype(np.float32)
    d = s2sgrad.grad(same_shape)(x)
    assert d.dtype == np.float32
    with disabled("unbroadcast_dropping"):
        assert_tree_close(d, s2sgrad.grad(same_shape)(x), rtol=0, atol=0)


def test_numba_backend_same_numbers():
    pytest.importorskip("numba")
    x = rng.normal(size=(2, 3))
    assert_tree_close(
        s2sgrad.grad(same_shape, backend="numba")(x), s2sgrad.grad(same_shape)(x), rtol=0, atol=0
    )
