"""jvp, vjp, jacfwd, jacrev, hessian, hvp and higher-order grad, against finite
differences and against each other, on the function families of reverse mode."""

from __future__ import annotations

import math

import numpy as np
import pytest

import s2sgrad
from s2sgrad import TransformError

EPS = 1e-6
RNG = np.random.default_rng(1234)
X = RNG.standard_normal((3, 4))
V = RNG.standard_normal((3, 4))
W = RNG.standard_normal((4, 5))
B = RNG.standard_normal(5)


def fd_jvp(f, x, v, eps=EPS):
    return (np.asarray(f(x + eps * v), dtype=float) - np.asarray(f(x - eps * v), dtype=float)) / (
        2 * eps
    )


def fd_jacobian(f, x, eps=EPS):
    x = np.asarray(x, dtype=float)
    out = np.asarray(f(x), dtype=float)
    jac = np.zeros(out.shape + x.shape)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1.0
        jac[(...,) + idx] = fd_jvp(f, x, e, eps)
    return jac


# -- function families: vector-valued (for Jacobians) and scalar (for Hessians) -------------------


def elementwise(x):
    return np.exp(np.sin(x) * 0.5) + np.tanh(x) * x**2


def broadcasting(x):
    return x * B[:4] + np.cos(x[0]) - 2.0 * np.mean(x, axis=0, keepdims=True)


def reductions(x):
    return np.sum(x * x, axis=1) + np.max(x, axis=1) * np.mean(np.sin(x), axis=1)


def mlp(x):
    h = np.tanh(x @ W + B)
    return h @ np.ones(5) + np.sum(h, axis=1)


def indexing(x):
    y = np.zeros((3, 2))
    y[:, 0] = x[:, 1] * x[:, 2]
    y[1, 1] = np.sum(x[1:, ::2] ** 2)
    return y.ravel() + x[[0, 2, 2, 1, 0, 1], 3]


def loops(x):
    acc = x[:, 0]
    for i in range(1, 4):
        acc = acc * 0.5 + np.sin(x[:, i]) * acc
    return acc


def branches(x):
    s = np.sum(x)
    if s > 0:
        y = x * s
    else:
        y = np.sin(x) - s
    return y[0] + y[2]


def while_loop(x):
    y = x[0] * 1.0
    k = 0
    while k < 3:
        y = y * np.cos(y) + x[1]
        k = k + 1
    return y


def _helper(a, b):
    return np.tanh(a) * b


def helper_call(x):
    return _helper(x[0], x[1]) + _helper(x[2], 2.0)


def lists(x):
    parts = []
    for i in range(3):
        parts.append(x[i] * (i + 1.0))
    return np.stack(parts[:2])[:, :2].ravel() + np.sum(parts[2])


def list_pop(x):
    parts = []
    for i in range(3):
        parts.append(x[i] * (i + 1.0))
    last = parts.pop()
    return np.stack(parts)[:, :2].ravel() + np.sum(last * parts.pop())


def closure(x):
    scale = np.sum(x)

    def inner(v):
        return np.sin(v) * scale

    return inner(x[0]) + inner(x[1])


def early_exit(x):
    out = x[0] * 1.0
    for i in range(2):
        if np.sum(x[i]) > 10.0:
            break
        out = out * np.cos(x[i + 1])
    return out


VECTOR = [
    elementwise,
    broadcasting,
    reductions,
    mlp,
    indexing,
    loops,
    branches,
    while_loop,
    helper_call,
    lists,
    closure,
    early_exit,
]


def s_poly(x):
    return np.sum(x**3) - 2.0 * np.sum(x * x[::-1])


def s_mlp(x):
    h = np.tanh(x @ W + B)
    return np.mean(h**2)


def s_loop(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.sin(x[i]) * x[i])
    return s


def s_branch(x):
    if np.sum(x) > 0:
        return np.sum(np.exp(x * 0.3))
    return np.sum(x**4)


def s_while(x):
    y = x * 1.0
    k = 0
    while k < 2:
        y = np.tanh(y) * x
        k = k + 1
    return np.sum(y)


def s_reduce(x):
    return np.sum(np.max(x, axis=0) * np.var(x, axis=1)[:1]) + np.prod(x[0] * 0.5 + 1.0)


SCALAR = [s_poly, s_mlp, s_loop, s_branch, s_while, s_reduce]


def _ids(fs):
    return [f.__name__ for f in fs]


# -- first order ------------------------------------------------------------------------------


@pytest.mark.parametrize("f", VECTOR, ids=_ids(VECTOR))
def test_jvp_matches_finite_differences(f):
    out, dot = s2sgrad.jvp(f, (X,), (V,))
    np.testing.assert_allclose(out, f(X), rtol=1e-12)
    np.testing.assert_allclose(dot, fd_jvp(f, X, V), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("f", VECTOR, ids=_ids(VECTOR))
def test_jacfwd_equals_jacrev_equals_finite_differences(f):
    jf = s2sgrad.jacfwd(f)(X)
    jr = s2sgrad.jacrev(f)(X)
    out = f(X)
    assert jf.shape == np.shape(out) + X.shape
    np.testing.assert_allclose(jf, jr, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jf, fd_jacobian(f, X), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("f", VECTOR, ids=_ids(VECTOR))
def test_jvp_and_vjp_are_jacobian_products(f):
    jac = s2sgrad.jacfwd(f)(X)
    _, dot = s2sgrad.jvp(f, (X,), (V,))
    nin = X.ndim
    np.testing.assert_allclose(dot, np.tensordot(jac, V, nin), rtol=1e-10, atol=1e-12)
    out = f(X)
    u = RNG.standard_normal(np.shape(out))
    value, (ct,) = s2sgrad.vjp(f, (X,), u)
    np.testing.assert_allclose(value, out)
    nout = np.ndim(out)
    np.testing.assert_allclose(
        ct, np.tensordot(u, jac, nout) if nout else u * jac, rtol=1e-10, atol=1e-12
    )


def test_jvp_and_jacfwd_of_list_pop():
    # list.pop has no reverse rule; forward mode pops tangent lists in lockstep
    _, dot = s2sgrad.jvp(list_pop, (X,), (V,))
    np.testing.assert_allclose(dot, fd_jvp(list_pop, X, V), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        s2sgrad.jacfwd(list_pop)(X), fd_jacobian(list_pop, X), rtol=1e-6, atol=1e-7
    )


def test_jvp_several_arguments_and_inactive_ones():
    def f(x, w, n):
        return np.tanh(x @ w) * n

    tw = RNG.standard_normal(W.shape)
    out, dot = s2sgrad.jvp(f, (X, W, 3), (V, tw, None))
    fd = (f(X + EPS * V, W + EPS * tw, 3) - f(X - EPS * V, W - EPS * tw, 3)) / (2 * EPS)
    np.testing.assert_allclose(dot, fd, rtol=1e-6, atol=1e-7)
    _, dot_w = s2sgrad.jvp(f, (X, W, 3), (None, tw, None))
    _, dot_x = s2sgrad.jvp(f, (X, W, 3), (V, None, None))
    np.testing.assert_allclose(dot, dot_w + dot_x, rtol=1e-10)


def test_jvp_scalar_function_of_floats():
    def f(a, b):
        return math.sin(a) * b + a**3

    out, dot = s2sgrad.jvp(f, (0.3, 2.0), (1.0, 0.5))
    assert isinstance(dot, float)
    assert dot == pytest.approx(math.cos(0.3) * 2.0 + 3 * 0.09 + math.sin(0.3) * 0.5)


def test_jvp_output_independent_of_input():
    out, dot = s2sgrad.jvp(lambda x: np.ones(3) * 2.0, (X,), (V,))
    np.testing.assert_array_equal(dot, np.zeros(3))


def test_jacobians_with_argnums():
    def f(x, w):
        return np.sin(x @ w)

    jf = s2sgrad.jacfwd(f, argnums=(0, 1))(X, W)
    jr = s2sgrad.jacrev(f, argnums=(0, 1))(X, W)
    for a, b in zip(jf, jr):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    assert jf[1].shape == (3, 5, 4, 5)


# -- second order -----------------------------------------------------------------------------


@pytest.mark.parametrize("f", SCALAR, ids=_ids(SCALAR))
def test_hessian_matches_finite_differences_of_the_gradient(f):
    h = s2sgrad.hessian(f)(X)
    assert h.shape == X.shape + X.shape
    fd = fd_jacobian(s2sgrad.grad(f), X)
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-6)
    flat = h.reshape(X.size, X.size)
    np.testing.assert_allclose(flat, flat.T, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("f", SCALAR, ids=_ids(SCALAR))
def test_hvp_equals_hessian_times_vector(f):
    h = s2sgrad.hessian(f)(X)
    hv = s2sgrad.hvp(f, (X,), (V,))
    np.testing.assert_allclose(hv, np.tensordot(h, V, 2), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(hv, fd_jvp(s2sgrad.grad(f), X, V), rtol=1e-5, atol=1e-6)


def test_jacfwd_of_grad_equals_jacrev_of_grad_by_finite_differences():
    h1 = s2sgrad.jacfwd(s2sgrad.grad(s_mlp))(X)
    h2 = s2sgrad.hessian(s_mlp)(X)
    np.testing.assert_allclose(h1, h2)


def test_grad_of_grad_of_scalar():
    def f(x):
        return x**4 + math.sin(x)

    d2 = s2sgrad.grad(s2sgrad.grad(f))
    assert d2(0.7) == pytest.approx(12 * 0.49 - math.sin(0.7), rel=1e-12)
    assert isinstance(d2(0.7), float)


def test_grad_of_value_and_grad_differentiates_the_value():
    def f(x):
        return x**3

    g = s2sgrad.grad(s2sgrad.value_and_grad(f))
    assert g(2.0) == pytest.approx(12.0)


def test_value_and_grad_of_grad():
    def f(x):
        return np.sin(x) * x

    value, d2 = s2sgrad.value_and_grad(s2sgrad.grad(f))(0.4)
    assert value == pytest.approx(np.cos(0.4) * 0.4 + np.sin(0.4))
    assert d2 == pytest.approx(-np.sin(0.4) * 0.4 + 2 * np.cos(0.4))


def test_grad_of_grad_with_argnums_and_array_arguments():
    def f(x, s):
        return np.sum(np.sin(x)) * s**2

    # d/dx of (d/ds f) = 2 s cos(x)
    g = s2sgrad.grad(s2sgrad.grad(f, argnums=1), argnums=0)
    np.testing.assert_allclose(g(X, 1.5), 3.0 * np.cos(X), rtol=1e-12)


# -- third order ------------------------------------------------------------------------------


def test_third_derivative_of_polynomial_and_sin():
    def f(x):
        return 2.0 * x**5 - x**2 + np.sin(3.0 * x)

    d3 = s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(f)))
    x = 0.3
    assert d3(x) == pytest.approx(120.0 * x**2 - 27.0 * np.cos(3.0 * x), rel=1e-10)


def test_third_derivative_through_loop_and_branch():
    def f(x):
        y = x
        for _ in range(2):
            if y > 0:
                y = y * math.exp(x)
            else:
                y = y - x * x
        return y

    d2 = s2sgrad.grad(s2sgrad.grad(f))
    d3 = s2sgrad.grad(d2)
    x = 0.4
    fd = (d2(x + 1e-5) - d2(x - 1e-5)) / 2e-5
    assert d3(x) == pytest.approx(fd, rel=1e-6)
    # f = x exp(2x): f''' = exp(2x) (8x + 12)
    assert d3(x) == pytest.approx(math.exp(2 * x) * (8 * x + 12), rel=1e-10)


def test_hessian_of_third_order_jacobian():
    def f(x):
        return np.sum(np.sin(x) * x**2)

    t = s2sgrad.jacfwd(s2sgrad.hessian(f) if False else s2sgrad.jacfwd(s2sgrad.grad(f)))
    x = RNG.standard_normal(3)
    third = t(x)
    assert third.shape == (3, 3, 3)
    expected = np.zeros((3, 3, 3))
    for i in range(3):
        expected[i, i, i] = -np.cos(x[i]) * x[i] ** 2 - 6 * np.sin(x[i]) * x[i] + 6 * np.cos(x[i])
    np.testing.assert_allclose(third, expected, rtol=1e-10, atol=1e-12)


# -- errors -----------------------------------------------------------------------------------


def test_hessian_of_non_scalar_function_is_one_hessian_per_entry():
    # as JAX's hessian: out.shape + in.shape + in.shape (tests/test_tree_outputs.py: trees)
    h = s2sgrad.hessian(elementwise)(X)
    jac = s2sgrad.jacfwd(elementwise)
    eps = 1e-6
    units = [e.reshape(X.shape) for e in np.eye(X.size)]
    want = np.stack([(jac(X + eps * e) - jac(X - eps * e)) / (2 * eps) for e in units], -1)
    want = want.reshape(h.shape)
    assert h.shape == X.shape * 3
    np.testing.assert_allclose(h, want, rtol=1e-5, atol=1e-6)


def test_grad_of_grad_of_array_function_is_a_clear_error():
    with pytest.raises(ValueError, match="scalar"):
        s2sgrad.grad(s2sgrad.grad(s_poly))(X)


def test_higher_order_through_a_nested_helper_call():
    def f(x):
        return _helper(x, x) * 2.0

    eps = 1e-6
    g = s2sgrad.grad(f)
    fd = (g(0.5 + eps) - g(0.5 - eps)) / (2 * eps)
    np.testing.assert_allclose(s2sgrad.grad(s2sgrad.grad(f))(0.5), fd, rtol=1e-6)


def test_vjp_of_a_value_and_grad_is_a_clear_error():
    with pytest.raises(TransformError, match="reverse over reverse"):
        s2sgrad.vjp(s2sgrad.value_and_grad(s_poly), (X,), X)


def test_jvp_tangent_shape_is_checked():
    with pytest.raises(ValueError, match="shape"):
        s2sgrad.jvp(elementwise, (X,), (np.ones(3),))


def test_jvp_source_of_a_gradient_can_be_read():
    hv = s2sgrad.grad(s2sgrad.grad(lambda x: x**3 * math.sin(x)))
    assert hv(0.5) == pytest.approx(
        6 * 0.5 * math.sin(0.5) + 6 * 0.25 * math.cos(0.5) - 0.125 * math.sin(0.5), rel=1e-10
    )
    text = hv.source_for(0.5)
    assert "_dot" in text and "def " in text


# -- higher order through calls to other user functions (callees recompute) ----------------


def _ho_helper(a, b):
    return a * np.sin(b)


def _ho_power(x, n):
    if n == 0:
        return 1.0
    return x * _ho_power(x, n - 1)


def _ho_scalar(x):
    def inner(y, k=2.0):
        return np.exp(y * k)

    return _ho_helper(x, x) + _ho_power(x, 3) + inner(x)


def _ho_vector(w):
    return np.sum(_ho_helper(w, w) ** 2) + _ho_power(np.sum(w), 2)


def test_second_and_third_derivative_through_calls():
    x = 0.7
    d2 = s2sgrad.grad(s2sgrad.grad(_ho_scalar))(x)
    d3 = s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(_ho_scalar)))(x)
    exact2 = 2 * np.cos(x) - x * np.sin(x) + 6 * x + 4 * np.exp(2 * x)
    exact3 = -3 * np.sin(x) - x * np.cos(x) + 6 + 8 * np.exp(2 * x)
    np.testing.assert_allclose(d2, exact2, rtol=1e-10)
    np.testing.assert_allclose(d3, exact3, rtol=1e-10)


def test_hessian_through_calls_matches_finite_differences_of_the_gradient():
    w = np.array([0.3, -0.5, 0.9])
    g = s2sgrad.grad(_ho_vector)
    eps = 1e-5
    fd = np.stack([(g(w + eps * e) - g(w - eps * e)) / (2 * eps) for e in np.eye(3)])
    np.testing.assert_allclose(s2sgrad.hessian(_ho_vector)(w), fd, rtol=1e-6, atol=1e-8)
    v = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(s2sgrad.hvp(_ho_vector, (w,), (v,)), fd @ v, rtol=1e-6, atol=1e-8)
