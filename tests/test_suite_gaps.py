"""Program-level regressions found by running autograd's test suite through s2sgrad:
each test is a small class of programs (several instances), checked in both modes."""

from __future__ import annotations

import numpy as np
import pytest

import s2sgrad

# -- a gradient's gradient of a function with an assert (pytest rewrites asserts) -----------


def f_assert_len(x):
    assert len(x) == 3
    return np.sum(np.sin(x) * x)


def f_assert_shape(x):
    assert x.shape[0] == 3, "three rows"
    return np.sum(np.tanh(x) ** 2)


@pytest.mark.parametrize("fun", [f_assert_len, f_assert_shape])
def test_forward_over_generated_gradient_in_a_rewritten_module(fun):
    """The gradient is generated code with this module's globals, which pytest marked as
    rewritten; its source is s2sgrad's own, never rewritten, so it must still match."""
    x = np.random.default_rng(0).standard_normal((3, 2))
    t = np.random.default_rng(1).standard_normal((3, 2))
    g = s2sgrad.grad(fun)
    _, hvp = s2sgrad.jvp(g, (x,), (t,))
    eps = 1e-6
    fd = (g(x + eps * t) - g(x - eps * t)) / (2 * eps)
    np.testing.assert_allclose(hvp, fd, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s2sgrad.hessian(fun)(x).reshape(6, 6) @ t.ravel(), fd.ravel(),
                               rtol=1e-5, atol=1e-6)


# -- jvp of a *args function whose extra arguments are options (strings, None, ...) ---------


def star_pad(*args):
    return np.pad(*args)


def star_einsum(*args):
    return np.einsum(*args)


@pytest.mark.parametrize("fun,args,wrt", [
    (star_pad, (np.arange(4.0).reshape(2, 2), 1, "constant"), (0,)),
    (star_pad, (np.arange(4.0).reshape(2, 2), ((1, 0), (0, 2)), "reflect"), (0,)),
    (star_einsum, ("ij,jk->ik", np.ones((2, 3)), np.arange(6.0).reshape(3, 2)), (1, 2)),
    (star_einsum, (np.ones((2, 3)), [Ellipsis, 0], np.arange(3.0), [0], [Ellipsis]), (0, 2)),
])
def test_jvp_of_star_args_with_non_numeric_items(fun, args, wrt):
    rng = np.random.default_rng(3)
    tangents = tuple(rng.standard_normal(np.shape(a)) if i in wrt else None
                     for i, a in enumerate(args))
    _, dot = s2sgrad.jvp(fun, args, tangents)
    eps = 1e-6
    plus = [a if t is None else a + eps * t for a, t in zip(args, tangents)]
    minus = [a if t is None else a - eps * t for a, t in zip(args, tangents)]
    np.testing.assert_allclose(dot, (fun(*plus) - fun(*minus)) / (2 * eps), rtol=1e-6,
                               atol=1e-8)
