"""Keyword arguments of every transformation (issue 12): ``jacfwd(f)(x, scale=2.0)`` passes
the keyword through, held fixed, as ``grad`` does and as JAX's and autograd's operators do;
``vjp``/``jvp`` take them through ``functools.partial`` (JAX's way). Checked against finite
differences of ``lambda x: f(x, **kw)`` and against autograd."""

from __future__ import annotations

import functools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import fd_hessian, numerical_grad

import s2sgrad
from s2sgrad.compat import autograd as ag

X = np.array([0.3, -0.7, 1.1])
V = np.array([0.5, 1.5, -0.25])
KW = {"scale": 2.0, "shift": 0.5}


def f(x, scale=1.0, *, shift=0.0):
    return scale * np.sin(x) + shift * x**2


def fs(x, scale=1.0, *, shift=0.0):
    return np.sum(scale * np.sin(x) + shift * x**2)


def helper(x, s):
    return np.tanh(s * x)


def with_callee(x, scale=1.0, *, shift=0.0):  # a callee: staged gradients recompute it
    return np.sum(helper(x, scale) ** 2) + shift * np.sum(x**3)


def with_varkw(x, **kw):
    return np.sum(kw["scale"] * np.cos(x) * x) + kw["shift"]


def af(x, scale=1.0, *, shift=0.0):
    return scale * anp.sin(x) + shift * x**2


def afs(x, scale=1.0, *, shift=0.0):
    return anp.sum(scale * anp.sin(x) + shift * x**2)


def fd_jacobian(g, x, eps=1e-6):
    cols = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = eps
        cols.append((np.asarray(g(x + e)) - np.asarray(g(x - e))) / (2 * eps))
    return np.stack(cols, axis=-1)


def test_jacobians_take_keywords():
    expected = fd_jacobian(lambda x: f(x, **KW), X)
    np.testing.assert_allclose(autograd.jacobian(af)(X, **KW), expected, rtol=1e-6, atol=1e-8)
    for jac in (s2sgrad.jacfwd, s2sgrad.jacrev):
        np.testing.assert_allclose(jac(f)(X, **KW), expected, rtol=1e-6, atol=1e-8)
        # a positional parameter by keyword only, and a keyword-only one only
        np.testing.assert_allclose(
            jac(f)(X, scale=3.0), fd_jacobian(lambda x: f(x, 3.0), X), rtol=1e-6, atol=1e-8
        )
        np.testing.assert_allclose(
            jac(f)(X, 2.0, shift=0.5), expected, rtol=1e-6, atol=1e-8
        )  # the same derivative, the scale given positionally (not differentiated)
        np.testing.assert_allclose(jac(f, argnums=(0,))(X, **KW)[0], expected, rtol=1e-6, atol=1e-8)


def test_keyword_values_are_not_cached_across_calls():
    for jac in (s2sgrad.jacfwd, s2sgrad.jacrev):
        d = jac(f)
        a = d(X, scale=2.0)
        b = d(X, scale=5.0)
        np.testing.assert_allclose(b, 2.5 * a)
        c = d(X, scale=np.array([1.0, 2.0, 3.0]))  # an array keyword: still held fixed
        np.testing.assert_allclose(c, np.diag([1.0, 2.0, 3.0] * np.cos(X)))


@pytest.mark.parametrize("fun", [fs, with_callee], ids=["plain", "callee"])
def test_hessian_takes_keywords(fun):
    expected = fd_hessian(lambda x: fun(x, **KW), X)
    np.testing.assert_allclose(s2sgrad.hessian(fun)(X, **KW), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(
        s2sgrad.jacfwd(s2sgrad.grad(fun))(X, **KW), expected, rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(
        s2sgrad.jacrev(s2sgrad.grad(fun))(X, **KW), expected, rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(
        s2sgrad.grad(lambda x, **kw: np.sum(s2sgrad.grad(fun)(x, **kw) * V))(X, **KW),
        expected @ V,
        rtol=1e-4,
        atol=1e-5,
    )


def test_hessian_of_vector_output_takes_keywords():
    h = s2sgrad.hessian(f)(X, **KW)
    expected = autograd.hessian(af)(X, **KW)
    np.testing.assert_allclose(h, expected, rtol=1e-10, atol=1e-12)


def test_hessian_of_varkw_function():
    expected = fd_hessian(lambda x: with_varkw(x, **KW), X)
    np.testing.assert_allclose(s2sgrad.hessian(with_varkw)(X, **KW), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(
        s2sgrad.jacrev(with_varkw)(X, **KW),
        numerical_grad(lambda x: with_varkw(x, **KW), (X,), 0),
        rtol=1e-6,
    )


def test_grad_of_grad_takes_keywords():
    def cube(x, shift=0.0):
        return x**3 * shift

    assert s2sgrad.grad(s2sgrad.grad(cube))(0.5, shift=2.0) == pytest.approx(6.0)
    assert s2sgrad.value_and_grad(s2sgrad.grad(cube))(0.5, shift=2.0)[1] == pytest.approx(6.0)


def test_vjp_jvp_hvp_of_partial_with_keywords():
    bound = functools.partial(f, **KW)
    jac = fd_jacobian(lambda x: f(x, **KW), X)
    value, (ct,) = s2sgrad.vjp(bound, (X,), V)
    np.testing.assert_allclose(value, f(X, **KW))
    np.testing.assert_allclose(ct, V @ jac, rtol=1e-6)
    out, dot = s2sgrad.jvp(bound, (X,), (V,))
    np.testing.assert_allclose(dot, jac @ V, rtol=1e-6)
    h = fd_hessian(lambda x: fs(x, **KW), X)
    np.testing.assert_allclose(
        s2sgrad.hvp(functools.partial(fs, **KW), (X,), (V,)), h @ V, rtol=1e-4, atol=1e-5
    )
    for jac_of in (s2sgrad.jacfwd, s2sgrad.jacrev):
        np.testing.assert_allclose(jac_of(bound)(X), jac, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(
        s2sgrad.hessian(functools.partial(fs, **KW))(X), h, rtol=1e-4, atol=1e-5
    )


def test_partial_with_bound_positional_arguments():
    def g(a, x, b):
        return a * np.sin(x) * b

    bound = functools.partial(g, np.array([1.0, 2.0, 3.0]))  # a bound array is a constant
    jac = fd_jacobian(lambda x: g(np.array([1.0, 2.0, 3.0]), x, 0.5), X)
    value, cts = s2sgrad.vjp(bound, (X, 0.5), V)
    assert len(cts) == 2
    np.testing.assert_allclose(cts[0], V @ jac, rtol=1e-6)
    _, dot = s2sgrad.jvp(bound, (X, 0.5), (V, None))
    np.testing.assert_allclose(dot, jac @ V, rtol=1e-6)
    _, dot_b = s2sgrad.jvp(bound, (X, 0.5), (None, 1.0))
    np.testing.assert_allclose(dot_b, g(np.array([1.0, 2.0, 3.0]), X, 1.0))
    for jac_of in (s2sgrad.jacfwd, s2sgrad.jacrev):
        np.testing.assert_allclose(jac_of(bound)(X, 0.5), jac, rtol=1e-6, atol=1e-8)
    s = functools.partial(lambda a, x: np.sum(a * x**3), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(s2sgrad.hessian(s)(X), np.diag([6.0, 12.0, 18.0] * X))
    np.testing.assert_allclose(s2sgrad.hvp(s, (X,), (V,)), [6.0, 12.0, 18.0] * X * V)


def test_nested_transformations_take_keywords():
    def outer(x):
        return np.sum(s2sgrad.jacfwd(f)(x, scale=2.0, shift=0.5) ** 2)

    def outer_rev(x):
        return np.sum(s2sgrad.jacrev(f)(x, scale=2.0, shift=0.5) ** 2)

    def outer_hess(x):
        return np.sum(s2sgrad.hessian(fs)(x, scale=2.0, shift=0.5))

    for o in (outer, outer_rev, outer_hess):
        np.testing.assert_allclose(
            s2sgrad.grad(o)(X), numerical_grad(o, (X,), 0), rtol=1e-6, atol=1e-8
        )


# -- s2sgrad.compat.autograd: every operator passes keywords through, as autograd's ----------


def _ag_cases():
    v = V
    return [
        ("grad", lambda m, g, h: m.grad(h)(X, **KW)),
        ("value_and_grad", lambda m, g, h: m.value_and_grad(h)(X, **KW)[1]),
        ("elementwise_grad", lambda m, g, h: m.elementwise_grad(g)(X, **KW)),
        ("jacobian", lambda m, g, h: m.jacobian(g)(X, **KW)),
        ("hessian", lambda m, g, h: m.hessian(h)(X, **KW)),
        ("hessian of vector", lambda m, g, h: m.hessian(g)(X, **KW)),
        ("make_vjp", lambda m, g, h: m.make_vjp(g)(X, **KW)[0](v)),
        ("make_jvp", lambda m, g, h: m.make_jvp(g)(X, **KW)(v)[1]),
        ("hessian_vector_product", lambda m, g, h: m.hessian_vector_product(h)(X, v, **KW)),
        ("make_hvp", lambda m, g, h: m.make_hvp(h)(X, **KW)[0](v)),
        ("deriv", lambda m, g, h: m.deriv(g)(X, **KW)),
        ("vector_jacobian_product", lambda m, g, h: m.vector_jacobian_product(g)(X, v, **KW)),
        ("make_ggnvp", lambda m, g, h: m.make_ggnvp(g)(X, **KW)(v)),
        (
            "elementwise_grad twice",
            lambda m, g, h: m.elementwise_grad(m.elementwise_grad(g))(X, **KW),
        ),
        ("holomorphic_grad", lambda m, g, h: m.holomorphic_grad(h)(X + 0j, **KW)),
    ]


@pytest.mark.parametrize("name,call", _ag_cases(), ids=[c[0] for c in _ag_cases()])
def test_compat_autograd_operators_take_keywords(name, call):
    expected = call(autograd, af, afs)
    got = call(ag, f, fs)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_compat_keywords_of_numpy_functions_and_size_one_outputs():
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(
        ag.make_vjp(np.sum)(a, axis=0)[0](V), autograd.make_vjp(anp.sum)(a, axis=0)[0](V)
    )
    np.testing.assert_allclose(
        ag.elementwise_grad(np.sum)(a, axis=1), autograd.elementwise_grad(anp.sum)(a, axis=1)
    )
    # an output of size 1 is a scalar, keywords and all
    np.testing.assert_allclose(
        ag.grad(lambda x, s=1.0: x[:1] * s)(X, s=2.0),
        autograd.grad(lambda x, s=1.0: x[:1] * s)(X, s=2.0),
    )
