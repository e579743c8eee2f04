"""The plain variant of fused units (s2sgrad/plain.py): small arguments run the unfused
function, with the same numbers; what the arguments cannot decide keeps the regions."""

from __future__ import annotations

import numpy as np
import pytest

import s2sgrad
from s2sgrad import backends
from s2sgrad.backends import kernels

pytest.importorskip("numba")

L2 = 1e-3


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * L2 * np.sum(w * w)


def chain(x, y):
    a = np.sin(x) * y
    b = np.exp(-a * a)
    return np.sum(a * b + np.log1p(b * b + x * x) * y)


def from_a_product(x, W):
    h = W @ x  # the region reads h alone: no argument decides it
    return np.sum(np.tanh(h) * h)


def rebinds(x, W, y):
    x = W @ x  # outside the region: the region reads the new x
    return np.sum(np.sin(x) * y)


def _calls(g, *args):
    """The gradient and which function the entry called (``"plain"`` or ``"fn"``)."""
    out = g(*args)
    ns = g._entry.__globals__
    if "plain" not in ns:
        return out, "fn"
    seen = []
    fn, plain = ns["fn"], ns["plain"]
    ns["fn"] = lambda *a: seen.append("fn") or fn(*a)
    ns["plain"] = lambda *a: seen.append("plain") or plain(*a)
    try:
        again = g(*args)
    finally:
        ns["fn"], ns["plain"] = fn, plain
    _same(again, out)
    return out, seen[0]


def _same(a, b):
    for x, y in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
        np.testing.assert_array_equal(x, y)


def _logistic_args(n, d, dtype=np.float64):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, d)).astype(dtype)
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0).astype(dtype)
    return (0.1 * rng.standard_normal(d)).astype(dtype), X, y


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_small_arguments_run_the_unfused_function_with_the_same_numbers(dtype):
    args = _logistic_args(200, 20, dtype)
    got, called = _calls(s2sgrad.grad(logistic, backend="numba"), *args)
    assert called == "plain"
    want = s2sgrad.grad(logistic)(*args)  # the NumPy backend: the same statements
    assert got.dtype == want.dtype == dtype
    np.testing.assert_array_equal(got, want)
    w, X, y = (a.astype(np.float64) for a in args)
    z = X @ w
    e = np.exp(-y * z)
    hand = X.T @ (-y * e / (1.0 + e)) / X.shape[0] + L2 * w
    np.testing.assert_allclose(got, hand, rtol=1e-5 if dtype == np.float32 else 1e-12)


def test_a_large_argument_a_region_reads_runs_the_regions(monkeypatch):
    kernel = backends.namespace_for("numba").helpers["fused_kernel"]
    x = np.linspace(-1.0, 1.0, 600)
    y = np.cos(x)
    g = s2sgrad.grad(chain, argnums=(0, 1), backend="numba")
    small, called = _calls(g, x, y)
    assert called == "plain"
    monkeypatch.setattr(kernel, "min_size", 500)  # read per call: now the kernels run
    before = len(kernels._kernels)
    big, called = _calls(g, x, y)
    assert called == "fn"
    assert len(kernels._kernels) > before
    for a, b in zip(big, small):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    want = s2sgrad.grad(chain, argnums=(0, 1))(x, y)
    _same(small, want)


def test_a_region_no_argument_decides_keeps_the_regions():
    x, W = np.linspace(0.0, 1.0, 8), np.eye(8)
    g = s2sgrad.grad(from_a_product, argnums=(0, 1), backend="numba")
    got, called = _calls(g, x, W)
    assert called == "fn"
    assert g._instance((x, W), ["x", "W"], value_free=True)[0].small is None
    _same(got, s2sgrad.grad(from_a_product, argnums=(0, 1))(x, W))


def test_a_rebound_argument_does_not_decide():
    x, W, y = np.linspace(0.0, 1.0, 8), np.eye(8), np.linspace(1.0, 2.0, 8)
    g = s2sgrad.grad(rebinds, argnums=(0, 1, 2), backend="numba")
    got, called = _calls(g, x, W, y)
    assert called == "plain"
    small = g._instance((x, W, y), ["x", "W", "y"], value_free=True)[0].small
    assert small.deciders == ((2,),)  # y; x is W @ x by then
    _same(got, s2sgrad.grad(rebinds, argnums=(0, 1, 2))(x, W, y))


def test_a_number_where_an_array_decides_keeps_the_regions():
    x = np.linspace(0.0, 1.0, 8)
    g = s2sgrad.grad(chain, argnums=(0, 1), backend="numba")
    got, called = _calls(g, x, 0.5)  # y a float: only x may decide, in every region
    want = s2sgrad.grad(chain, argnums=(0, 1))(x, 0.5)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-14)
    assert got[1] == pytest.approx(want[1], rel=1e-14)


def test_an_error_in_the_unfused_function_names_the_users_line():
    g = s2sgrad.grad(chain, argnums=(0, 1), backend="numba")
    g(np.ones(4), np.ones(4))
    with pytest.raises(ValueError, match="broadcast") as info:
        g(np.ones(4), np.ones(3))
    assert "test_plain.py:24" in "".join(getattr(info.value, "__notes__", []))


def _inner(a, b):
    return np.sin(a) * b


def with_a_callee(x, y, c):
    t = _inner(x, y) + np.cos(x) * c
    return np.sum(t * t)


def test_value_and_grad_through_a_callee():
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal(5), rng.standard_normal(5)
    g = s2sgrad.value_and_grad(with_a_callee, argnums=(0, 1), backend="numba")
    (value, grads), called = _calls(g, x, y, 2.0)
    assert called == "plain"
    want_value, want = s2sgrad.value_and_grad(with_a_callee, argnums=(0, 1))(x, y, 2.0)
    assert value == want_value
    _same(grads, want)
    t = np.sin(x) * y + np.cos(x) * 2.0
    np.testing.assert_allclose(grads[0], 2 * t * (np.cos(x) * y - 2.0 * np.sin(x)), rtol=1e-12)
    np.testing.assert_allclose(grads[1], 2 * t * np.sin(x), rtol=1e-12)
