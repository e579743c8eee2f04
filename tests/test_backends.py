"""Backends: kernels substituted through the dispatch table, and the CuPy backend on a GPU.

The CuPy tests skip where CuPy or a GPU is missing (CI); run them on a GPU machine with
``python -m pytest -q tests/test_backends.py``.
"""

from __future__ import annotations

import types

import numpy as np
import pytest

import s2sgrad
from s2sgrad import backends
from s2sgrad.backends import namespace_for, register_backend


def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    z = h @ W2 + b2
    s = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * 1e-3 * np.sum(w * w)


def chain(x, y):
    a = np.sin(x) * y
    b = np.exp(-a * a)
    c = np.log1p(b * b + x * x)
    return np.sum(a * b + c * y)


def rnn(W, U, h0, xs):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(h @ W + xs[t] @ U)
    return np.sum(h * h)


def mlp_args(rng, d=20, hidden=16, k=5, n=12):
    W1 = rng.standard_normal((d, hidden)) / np.sqrt(d)
    W2 = rng.standard_normal((hidden, k)) / np.sqrt(hidden)
    b1 = 0.1 * rng.standard_normal(hidden)
    b2 = 0.1 * rng.standard_normal(k)
    X = rng.standard_normal((n, d))
    Y = np.eye(k)[rng.integers(0, k, n)]
    return W1, b1, W2, b2, X, Y


def logistic_args(rng, n=50, d=8):
    X = rng.standard_normal((n, d))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    return 0.1 * rng.standard_normal(d), X, y


def chain_args(rng, n=1000):
    return rng.standard_normal(n), rng.standard_normal(n)


def rnn_args(rng, hidden=8, d=4, batch=3, steps=6):
    W = rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)
    U = rng.standard_normal((d, hidden)) / np.sqrt(d)
    h0 = 0.1 * rng.standard_normal((batch, hidden))
    xs = rng.standard_normal((steps, batch, d))
    return W, U, h0, xs


CASES = {
    "mlp": (mlp, (0, 1, 2, 3), mlp_args),
    "logistic": (logistic, 0, logistic_args),
    "chain": (chain, (0, 1), chain_args),
    "rnn": (rnn, (0, 1), rnn_args),
}


def _tuple(g):
    return g if isinstance(g, tuple) else (g,)


# -- the dispatch table, on the CPU ----------------------------------------------------------


@pytest.fixture
def fresh_table():
    """Backends registered by a test disappear after it."""
    saved = dict(backends._BACKENDS)
    yield
    backends._BACKENDS.clear()
    backends._BACKENDS.update(saved)


def test_fake_backend_substitutes_kernels(fresh_table):
    calls = []

    def counting_tanh(x, *args, **kwargs):
        calls.append(np.shape(x))
        return np.tanh(x, *args, **kwargs)

    register_backend("counting", {"np.tanh": counting_tanh})
    args = mlp_args(np.random.default_rng(0))
    ref = s2sgrad.grad(mlp, argnums=(0, 1, 2, 3))(*args)
    counted = s2sgrad.grad(mlp, argnums=(0, 1, 2, 3), backend="counting")
    got = counted(*args)
    assert calls == [(12, 16)]  # the generated forward sweep called the backend's tanh
    got = counted(*args)
    assert len(calls) == 2
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)
    # the generator did not change: same derivative source for both backends
    assert counted.source_for(*args) == s2sgrad.grad(mlp, argnums=(0, 1, 2, 3)).source_for(*args)


def test_fake_backend_helper_override(fresh_table):
    calls = []
    base = namespace_for("numpy").helpers["unbroadcast"]

    def counting_unbroadcast(g, x):
        calls.append(1)
        return base(g, x)

    register_backend("counting-helpers", {"unbroadcast": counting_unbroadcast})
    x, y = chain_args(np.random.default_rng(1), 50)
    ref = s2sgrad.grad(chain, argnums=(0, 1))(x, y)
    got = s2sgrad.value_and_grad(chain, argnums=(0, 1), backend="counting-helpers")(x, y)
    assert calls
    assert got[0] == chain(x, y)
    for a, b in zip(got[1], ref):
        np.testing.assert_array_equal(a, b)


def test_helpers_are_bound_to_the_backend_namespace(fresh_table):
    """A backend over another module gets helper copies whose ``np`` is that module."""
    sums = []

    def counting_sum(*args, **kwargs):
        sums.append(1)
        return np.sum(*args, **kwargs)

    fake = types.ModuleType("fakenp")
    fake.__dict__.update({k: getattr(np, k) for k in dir(np) if not k.startswith("__")})
    fake.sum = counting_sum
    backend = register_backend("fakenp", {}, base=fake)
    assert backend.numpy is fake
    assert backend.helpers["unbroadcast"].__globals__["np"] is fake
    # helpers call each other's copies: matmul_left -> unbroadcast of the same backend
    assert (
        backend.helpers["matmul_left"].__globals__["unbroadcast"] is backend.helpers["unbroadcast"]
    )
    # their globals hold __builtins__, as a module's do: C code that imports reads it from
    # the calling frame (CuPy's first compile of a kernel raised KeyError '__builtins__')
    import builtins

    assert all(h.__globals__["__builtins__"] is builtins for h in backend.helpers.values())
    # the NumPy backend's helpers are the runtime's own functions
    from s2sgrad import runtime

    assert namespace_for("numpy").helpers["unbroadcast"] is runtime.unbroadcast

    for name, (fun, argnums, make) in CASES.items():
        args = make(np.random.default_rng(2))
        ref = _tuple(s2sgrad.grad(fun, argnums=argnums)(*args))
        before = len(sums)
        got = _tuple(s2sgrad.grad(fun, argnums=argnums, backend="fakenp")(*args))
        assert len(sums) > before, name
        for a, b in zip(got, ref):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14, err_msg=name)


def test_namespace_overrides_reach_helpers(fresh_table):
    """An ``np.`` override also reaches the helpers (their ``np`` is the namespace)."""
    sums = []

    def counting_sum(*args, **kwargs):
        sums.append(1)
        return np.sum(*args, **kwargs)

    backend = register_backend("sum-counting", {"np.sum": counting_sum})
    assert backend.numpy.sum is counting_sum
    assert backend.numpy.tanh is np.tanh  # everything else falls through to NumPy
    x = np.random.default_rng(3).standard_normal((4, 3))
    b = np.random.default_rng(4).standard_normal(3)

    def f(x, b):
        return np.mean(np.tanh(x + b))

    g = s2sgrad.grad(f, argnums=(0, 1), backend="sum-counting")(x, b)
    assert sums  # unbroadcast of b summed through the backend
    ref = s2sgrad.grad(f, argnums=(0, 1))(x, b)
    for a, r in zip(g, ref):
        np.testing.assert_allclose(a, r, rtol=1e-14)


def test_unknown_backend():
    with pytest.raises(ValueError, match=r"unknown s2sgrad backend 'no-such-backend'.*numpy"):
        s2sgrad.grad(chain, backend="no-such-backend")
    with pytest.raises(ValueError, match="unknown s2sgrad backend 'nosuchmodule'"):
        namespace_for("nosuchmodule")
    with pytest.raises(ValueError, match="unknown s2sgrad backend"):
        s2sgrad.value_and_grad(chain, backend="../../etc")


def test_default_backend_is_numpy():
    g = s2sgrad.grad(chain, argnums=(0, 1))
    assert g.backend == "numpy"
    assert "numpy" in backends.backends()


def test_cupy_backend_without_cupy():
    try:
        import cupy  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="needs CuPy"):
            s2sgrad.grad(chain, backend="cupy")
    else:
        pytest.skip("CuPy is installed")


# -- CuPy on a GPU -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cupy():
    cp = pytest.importorskip("cupy")
    try:
        if cp.cuda.runtime.getDeviceCount() < 1:
            pytest.skip("no GPU")
    except Exception as exc:  # noqa: BLE001 - no driver, no device
        pytest.skip(f"no usable GPU: {exc}")
    return cp


def _check_on_gpu(cp, fun, argnums, args, rtol=1e-10):
    ref_value, ref = s2sgrad.value_and_grad(fun, argnums=argnums)(*args)
    dargs = tuple(cp.asarray(a) if isinstance(a, np.ndarray) else a for a in args)
    value, got = s2sgrad.value_and_grad(fun, argnums=argnums, backend="cupy")(*dargs)
    np.testing.assert_allclose(float(value), ref_value, rtol=rtol)
    got, ref = _tuple(got), _tuple(ref)
    assert len(got) == len(ref)
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    for g, r, i in zip(got, ref, nums):
        if isinstance(args[i], float):
            assert isinstance(g, float)
            np.testing.assert_allclose(g, r, rtol=rtol)
            continue
        assert isinstance(g, cp.ndarray), type(g)
        assert g.shape == r.shape and g.dtype == r.dtype
        np.testing.assert_allclose(cp.asnumpy(g), r, rtol=rtol, atol=1e-13)
    return got


@pytest.mark.parametrize("name", list(CASES))
def test_cupy_matches_numpy(cupy, name):
    fun, argnums, make = CASES[name]
    _check_on_gpu(cupy, fun, argnums, make(np.random.default_rng(10)))


def test_cupy_kernels_are_cupy(cupy):
    backend = namespace_for("cupy")
    assert backend.numpy.tanh is cupy.tanh
    assert backend.helpers["unbroadcast"].__globals__["np"] is backend.numpy
    assert backend.helpers["matmul_left"].__globals__["np"] is backend.numpy
    assert "cupy" in backends.backends()


def test_cupy_large_chain(cupy):
    """A large elementwise chain (reduce_adjoint's broadcast path, no small-array fast path)."""
    _check_on_gpu(cupy, chain, (0, 1), chain_args(np.random.default_rng(11), 100_000))


def test_cupy_reductions_broadcasting_and_indexing(cupy):
    def f(x, b, s):
        y = x * b + s  # broadcasting: unbroadcast over rows
        m = np.mean(y, axis=0)  # reduce_adjoint with an axis
        v = np.var(y, axis=1)  # var_adjoint
        t = np.max(y, axis=1)  # select_adjoint
        c = np.clip(y, -0.5, 0.5)  # clip_adjoint
        w = np.where(y > 0, y, 0.1 * y)
        r = np.reshape(y, (-1,))[2:7]
        e = np.cumsum(y, axis=1)
        return (
            np.sum(m * m)
            + np.sum(v)
            + np.sum(t)
            + np.sum(c * c)
            + np.sum(w)
            + np.sum(r**2)
            + np.sum(np.sqrt(np.abs(e) + 1.0))
            + np.trace(y[:, :3])
        )

    rng = np.random.default_rng(12)
    args = (rng.standard_normal((5, 4)), rng.standard_normal(4), 0.3)
    _check_on_gpu(cupy, f, (0, 1, 2), args)


def test_cupy_indexing_add_at(cupy):
    def f(x, idx):
        return np.sum(np.take(x, idx) ** 2) + np.sum(x[idx] * 3.0)

    x = np.random.default_rng(13).standard_normal(6)
    idx = np.array([0, 2, 2, 5, 0, 0])
    ref = s2sgrad.grad(f)(x, idx)
    got = s2sgrad.grad(f, backend="cupy")(cupy.asarray(x), cupy.asarray(idx))
    assert isinstance(got, cupy.ndarray)
    np.testing.assert_allclose(cupy.asnumpy(got), ref, rtol=1e-12)


def test_cupy_matmul_shapes_and_einsum(cupy):
    def f(A, v, B):
        return (
            np.sum((A @ v) ** 2)
            + np.sum(np.einsum("ij,jk->ik", A, B))
            + np.sum(np.dot(v, B))
            + np.sum(np.transpose(B) * 2.0)
            + np.sum(np.concatenate([v, v * 2.0]))
        )

    rng = np.random.default_rng(14)
    args = (rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal((4, 2)))
    _check_on_gpu(cupy, f, (0, 1, 2), args)


def test_cupy_zero_d_and_float_inputs(cupy):
    def f(x, s):
        return np.sum(np.sin(x) * s) + s * s

    x = cupy.asarray(np.float64(0.7)).reshape(())
    g = s2sgrad.grad(f, argnums=(0, 1), backend="cupy")(x, 2.0)
    assert isinstance(g[0], cupy.ndarray) and g[0].shape == ()
    assert isinstance(g[1], float)
    np.testing.assert_allclose(float(g[0]), np.cos(0.7) * 2.0, rtol=1e-14)
    np.testing.assert_allclose(g[1], np.sin(0.7) + 4.0, rtol=1e-14)

    def unused(x, y):
        return np.sum(y * y)

    gx = s2sgrad.grad(unused, backend="cupy")(cupy.ones(3), cupy.ones(3))
    assert isinstance(gx, cupy.ndarray)
    np.testing.assert_array_equal(cupy.asnumpy(gx), np.zeros(3))


def test_cupy_select_adjoint_two_kernels(cupy):
    """The CuPy backend's select_adjoint (a count kernel and a spread kernel) gives what the
    runtime helper gives on NumPy: ties split evenly, a NaN extreme attained nowhere, axes
    None, negative and tuples, with and without keepdims, float32 and float64, and the
    helper's own path for a seed of another dtype."""
    from s2sgrad.runtime.reductions import select_adjoint as numpy_select

    select = namespace_for("cupy").helpers["select_adjoint"]
    rng = np.random.default_rng(16)
    x = np.round(rng.standard_normal((6, 5, 4)), 1)  # rounded: ties
    x[0, :, 0] = 0.5  # a whole tied row along axis 1
    x[1, 2, 3] = np.nan
    for dtype in (np.float32, np.float64):
        xt = x.astype(dtype)
        for axis in (0, 1, -1, (0, 2), None):
            for keepdims in (True, False):
                y = np.max(xt, axis=axis, keepdims=keepdims)
                g = rng.standard_normal(np.shape(y)).astype(dtype)
                ref = numpy_select(g, y, xt, axis, keepdims)
                got = select(cupy.asarray(g), cupy.asarray(y), cupy.asarray(xt), axis, keepdims)
                assert got.dtype == ref.dtype and got.shape == ref.shape
                np.testing.assert_allclose(cupy.asnumpy(got), ref, rtol=1e-6, atol=0)
    y = np.max(x, axis=1, keepdims=True)
    g = rng.standard_normal(y.shape).astype(np.float32)  # float32 seed, float64 x
    ref = numpy_select(g, y, x, 1, True)
    got = select(cupy.asarray(g), cupy.asarray(y), cupy.asarray(x), 1, True)
    assert got.dtype == ref.dtype
    np.testing.assert_allclose(cupy.asnumpy(got), ref, rtol=1e-6)

    def f(x):
        return np.sum(np.max(x, axis=1, keepdims=True) ** 2) + np.sum(np.min(x, axis=0))

    xs = np.round(rng.standard_normal((7, 5)), 1)
    _check_on_gpu(cupy, f, 0, (xs,))


def test_cupy_float32(cupy):
    fun, argnums, make = CASES["mlp"]
    args = make(np.random.default_rng(15))
    args32 = tuple(cupy.asarray(a, dtype=cupy.float32) for a in args)
    got = s2sgrad.grad(fun, argnums=argnums, backend="cupy")(*args32)
    ref = s2sgrad.grad(fun, argnums=argnums)(*args)
    ref32 = s2sgrad.grad(fun, argnums=argnums)(*(a.astype(np.float32) for a in args))
    for g, r, r32 in zip(got, ref, ref32):
        assert g.dtype == r32.dtype  # as on NumPy (today float64: the seed 1.0 promotes)
        np.testing.assert_allclose(cupy.asnumpy(g), r, rtol=2e-4, atol=1e-5)


def test_cupy_allow_tf32_switch(cupy):
    """float32 matrix products are full float32 by default; allow_tf32 switches them to TF32
    tensor cores (an error of about 1e-3 on an ill-conditioned sum) and back."""
    from s2sgrad.backends.cupy import allow_tf32

    def f(W, X):
        return np.sum((X @ W) ** 2)

    rng = np.random.default_rng(14)
    W = rng.standard_normal((512, 64))
    X = rng.standard_normal((256, 512)) + 3.0
    ref = s2sgrad.grad(f)(W, X)
    g = s2sgrad.grad(f, backend="cupy")
    dW, dX = cupy.asarray(W, dtype=cupy.float32), cupy.asarray(X, dtype=cupy.float32)

    def err():
        got = cupy.asnumpy(g(dW, dX)).astype(np.float64)
        return float(np.max(np.abs(got - ref)) / np.max(np.abs(ref)))

    full = err()
    try:
        allow_tf32(True)
        tf32 = err()
    finally:
        allow_tf32(False)
    assert full < 1e-5
    assert tf32 > 10 * full
    assert err() == full
