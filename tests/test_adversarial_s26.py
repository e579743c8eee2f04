"""Session 26: adversarial programs against central finite differences and autograd.

A parameter collecting ``*args`` or ``**kwargs`` and rebound (``args = args + (v,)``) is
bound on entry like any other parameter: the adjoint sweep restores its value before the
rebinding's adjoint reads it (it read the longer tuple, an internal error)."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import fd_hessian, numerical_grad

import s2sgrad

ag = pytest.importorskip("autograd")


def autograd_grad(f, *args):
    """autograd's gradient of ``f`` with this module's ``np`` read as autograd's."""
    g = globals()
    saved = g["np"]
    g["np"] = ag.numpy
    try:
        return ag.grad(f)(*args)
    finally:
        g["np"] = saved


def _grown(*args):
    args = args + (args[0] * 2.0,)
    return np.sum(args[2] * args[1])


def grown_args(x):
    return _grown(x[:2], x[1:] * 3.0)


def _grown_in_loop(*args):
    for _ in range(2):
        args = args + (args[-1] * args[0],)
    return np.sum(args[-1])


def grown_in_loop(x):
    return _grown_in_loop(x[:2], np.array([1.0, -2.0]))


def _rebound_kwargs(**kw):
    kw = {"a": kw["a"], "c": kw["a"] * kw["b"]}
    return np.sum(kw["c"] * kw["a"])


def rebound_kwargs(x):
    return _rebound_kwargs(a=x[:2], b=np.array([2.0, 0.5]))


def _both(*args, **kw):
    args = (args[1], args[0] * kw["s"])
    return np.sum(args[0] * args[1] ** 2)


def rebound_both(x):
    return _both(x[:2], x[1:], s=np.array([1.5, -1.0]))


X = np.array([0.37, 1.21, -0.53])
T = np.array([0.3, -0.2, 0.5])


@pytest.mark.parametrize("f", [grown_args, grown_in_loop, rebound_kwargs, rebound_both])
def test_a_rebound_star_parameter_in_every_mode(f):
    want = numerical_grad(f, (X,), 0)
    g = s2sgrad.grad(f)(X)
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(g, autograd_grad(f, X), rtol=1e-12, atol=1e-14)
    _, dot = s2sgrad.jvp(f, (X,), (T,))
    np.testing.assert_allclose(dot, want @ T, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s2sgrad.hessian(f)(X), fd_hessian(f, X), rtol=1e-4, atol=1e-6)


def test_a_rebound_star_parameter_at_the_top_level():
    def grow(*args):
        args = args + (args[0] * args[1],)
        return np.sum(args[2] ** 2)

    a, b = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    ga, gb = s2sgrad.grad(grow, argnums=(0, 1))(a, b)
    np.testing.assert_allclose(ga, 2 * a * b * b)
    np.testing.assert_allclose(gb, 2 * a * a * b)
