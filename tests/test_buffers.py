"""Elementwise results written into a dead operand's buffer (s2sgrad/reverse/buffers.py):
the same numbers bit for bit with the pass off, right against finite differences and
autograd; no buffer of another shape, dtype or number of axes, nor one another name can
still reach; the entry of an instance relying on argument shapes misses other shapes."""

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad
from s2sgrad.entry import MISS, answers
from s2sgrad.pipeline import disabled

rng = np.random.default_rng(14)


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * np.sum(w * w)


def chain(x, y):
    a = np.sin(x) * y
    b = np.exp(-a * a)
    c = np.log1p(b * b + x * x)
    return np.sum(a * b + c * y)


def broadcast(x, A):  # A * x has A's shape: x's buffer is too small
    return np.sum(np.tanh(A * x) * A)


def viewed(x):  # u is a view of t: t's buffer stays (the value is computed: no proof)
    t = np.sin(x)
    u = t.T
    return np.sum(u * np.cos(t))


def mixed(x, y):  # float32 t times a float64 scalar is float64: not into t's buffer
    t = np.sin(x)
    return np.sum(np.exp(t * np.sum(y)))


def cbrt(x):  # the adjoint nests (3.0 * c) * c: typed without a crash (no autograd rule)
    return np.sum(np.cbrt(x))


def reciprocal(x):  # -g * r * r into r's buffer
    return np.sum(np.reciprocal(x))


def _n(*shape):
    return rng.normal(size=shape)


def _labels(n):
    return np.where(_n(n) > 0, 1.0, -1.0)


CASES = [
    (logistic, (_n(4), _n(6, 4), _labels(6)), (0,), 4),
    (logistic, (_n(4), _n(6, 4), _labels(6)), (0, 1), 4),
    (chain, (_n(7), _n(7)), (0, 1), 3),
    (broadcast, (_n(3), _n(4, 3)), (0, 1), 0),
    (viewed, (_n(5),), (0,), 0),
    (mixed, (_n(5).astype(np.float32), _n(3)), (0, 1), 2),
    (reciprocal, (_n(5) ** 2 + 0.5,), (0,), 1),
]
IDS = ["logistic", "logistic_dX", "chain", "broadcast", "viewed", "mixed", "reciprocal"]


def _both(fun, args, argnums):
    g = s2sgrad.grad(fun, argnums=argnums)
    on, src = g(*args), g.source_for(*args)
    with disabled("buffer_reuse"):
        h = s2sgrad.grad(fun, argnums=argnums)
        off, src_off = h(*args), h.source_for(*args)
    return on, src, off, src_off


@pytest.mark.parametrize("fun, args, argnums, reused", CASES, ids=IDS)
def test_same_numbers_with_and_without_the_pass(fun, args, argnums, reused):
    import autograd
    import autograd.numpy as anp

    on, src, off, src_off = _both(fun, args, argnums)
    assert src.count("out=") == reused and "out=" not in src_off
    assert_tree_close(on, off, rtol=0, atol=0)
    for d, a in zip(on, [args[i] for i in argnums]):
        assert type(d) is np.ndarray and d.shape == a.shape and d.dtype == a.dtype
    check_grads(fun, *args, argnums=argnums, rtol=1e-4, atol=1e-5)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(fun.__globals__, "np", anp)
        ref = autograd.grad(fun, argnum=list(argnums))(*args)
    assert_tree_close(on, tuple(ref), rtol=1e-5, atol=1e-6)


def test_the_logistic_gradient_reads_as_written():
    w, X, y = CASES[0][1]
    src = s2sgrad.grad(logistic).source_for(w, X, y)
    assert "result_mul = np.multiply(result_neg, z, out=z)" in src
    assert "result_exp = np.exp(result_mul, out=result_mul)" in src
    assert "dz = np.multiply(dresult_mul, result_neg, out=dresult_mul)" in src


def test_no_buffer_of_another_shape_dtype_or_reachable():
    _, src, _, _ = _both(broadcast, CASES[3][1], (0, 1))
    assert "out=x" not in src  # x (3,) against A * x (4, 3)
    _, src, _, _ = _both(viewed, CASES[4][1], (0,))
    assert "out=result_sin" not in src and "out=t" not in src
    _, src, _, _ = _both(mixed, CASES[5][1], (0, 1))
    assert "out=t" not in src and "out=result_sin" not in src


def test_other_shapes_take_their_own_instance():
    def f(x, y):  # x * y has x's shape only where y does not broadcast
        return np.sum(np.exp(np.sin(x) * y))

    x, y = _n(5), _n(5)
    g = s2sgrad.grad(f, argnums=(0, 1))
    first = g(x, y)
    assert "out=" in g.source_for(x, y)
    y1 = _n(1)
    assert answers(g._entry, (x, y1)) is MISS  # y of one element broadcasts
    got = g(x, y1)
    assert got[1].shape == (1,)
    check_grads(f, x, y1, argnums=(0, 1), rtol=1e-5, atol=1e-6)
    assert_tree_close(g(x, y), first, rtol=0, atol=0)


def test_arrays_without_axes_and_with_an_axis_of_one():
    def f(x, y):
        return np.sum(np.exp(-x * y) * y)

    for x, y in ((np.array(0.3), np.array(-0.7)), (_n(1, 3), _n(4, 3)), (_n(4, 1), _n(4, 3))):
        g = s2sgrad.grad(f, argnums=(0, 1))
        got = g(x, y)
        assert "out=" not in g.source_for(x, y)
        assert got[0].shape == x.shape and got[1].shape == y.shape
        check_grads(f, x, y, argnums=(0, 1), rtol=1e-5, atol=1e-6)


def test_arguments_are_never_written():
    x, y = _n(7), _n(7)
    kept = (x.copy(), y.copy())
    for backend in ("numpy", "numba"):
        if backend == "numba":
            pytest.importorskip("numba")
        s2sgrad.grad(chain, argnums=(0, 1), backend=backend)(x, y)
        assert_tree_close((x, y), kept, rtol=0, atol=0)


def test_numba_plain_variant_agrees():
    pytest.importorskip("numba")
    w, X, y = CASES[0][1]
    want = s2sgrad.grad(logistic)(w, X, y)
    assert_tree_close(s2sgrad.grad(logistic, backend="numba")(w, X, y), want, rtol=0, atol=0)


def test_nested_adjoint_is_typed():
    x = _n(5) ** 2 + 0.5
    on, src, off, _ = _both(cbrt, (x,), (0,))
    assert "out=" not in src  # dx = dresult / (3.0 * c * c): nested, left as written
    assert_tree_close(on, off, rtol=0, atol=0)
    check_grads(cbrt, x, rtol=1e-5, atol=1e-6)


def nested(x, y):  # dx = g * y / (1.0 + x * x) ...: nested temporaries of x's shape
    return np.sum(np.arctan(x) * y + np.sqrt(1.0 + x * x))


def _plain_source(g):
    import inspect

    return inspect.getsource(g._entry.__globals__["plain"])


SPILLED = [
    (logistic, CASES[0][1], (0,)),
    (logistic, CASES[1][1], (0, 1)),
    (chain, CASES[2][1], (0, 1)),
    (nested, (_n(6), _n(6)), (0, 1)),
    (mixed, CASES[5][1], (0, 1)),
    (broadcast, CASES[3][1], (0, 1)),
]


@pytest.mark.parametrize("fun, args, argnums", SPILLED, ids=lambda c: getattr(c, "__name__", ""))
def test_numba_plain_variant_spills_nested_temporaries(fun, args, argnums):
    """A fusing backend's plain variant writes into a nested temporary of the result's
    shape and dtype: the same numbers bit for bit as the NumPy backend (whose code does
    not change), the arguments unchanged, right against finite differences."""
    pytest.importorskip("numba")
    kept = [a.copy() for a in args]
    g = s2sgrad.grad(fun, argnums=argnums, backend="numba")
    got = g(*args)
    want = s2sgrad.grad(fun, argnums=argnums)(*args)
    assert_tree_close(got, want, rtol=0, atol=0)
    assert_tree_close(tuple(args), tuple(kept), rtol=0, atol=0)
    for d, a in zip(got, [args[i] for i in argnums]):
        assert type(d) is np.ndarray and d.shape == a.shape and d.dtype == a.dtype
    check_grads(fun, *args, argnums=argnums, rtol=1e-4, atol=1e-5)
    numpy_src = s2sgrad.grad(fun, argnums=argnums).source_for(*args)
    assert "dresult_exp = 1.0 + result_exp" not in numpy_src


def test_the_spilled_logistic_gradient_reads_as_written():
    pytest.importorskip("numba")
    w, X, y = CASES[0][1]
    g = s2sgrad.grad(logistic, backend="numba")
    g(w, X, y)
    src = _plain_source(g)
    assert "dresult_exp = 1.0 + result_exp\n" in src
    assert "dresult_exp = np.divide(dresult_sum, dresult_exp, out=dresult_exp)" in src
    assert "dresult_sum / (1.0 + result_exp)" in s2sgrad.grad(logistic).source_for(w, X, y)


def test_no_spill_of_another_shape_or_dtype():
    """broadcast: ``A * x`` of A's shape nests in no operation of x's shape; mixed: no
    float32 temporary takes a float64 result: the plain variant is the NumPy backend's."""
    import textwrap

    pytest.importorskip("numba")
    for fun, args in ((broadcast, CASES[3][1]), (mixed, CASES[5][1])):
        g = s2sgrad.grad(fun, argnums=(0, 1), backend="numba")
        got = g(*args)
        h = s2sgrad.grad(fun, argnums=(0, 1))
        assert_tree_close(got, h(*args), rtol=0, atol=0)
        assert textwrap.dedent(_plain_source(g)).strip() in h.source_for(*args)
