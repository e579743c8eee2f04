"""Derivatives made of several passes over a function that draws random numbers
(``hessian`` and ``jacfwd``: one forward pass per input direction; ``jacrev``: one reverse
pass per output entry) differentiate one set of draws, as autograd does: every pass
starts from the generator states the first started from, and the generators end as one
evaluation leaves them (transforms.SameDraws). Before, each column of a Hessian of a
reparameterised ELBO came from different samples: a matrix that is the Hessian of nothing.
"""

from __future__ import annotations

import numpy as np
import pytest

import s2sgrad

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402

import s2sgrad.compat.autograd as compat  # noqa: E402

P = np.array([0.1, -0.2, -1.0, 0.5])
RS = np.random.RandomState(0)


def elbo_global(np, npr):
    def f(params):
        mean, log_std = params[:2], params[2:]
        samples = npr.randn(5, 2) * np.exp(log_std) + mean
        return -np.mean(np.sum(-0.5 * samples**4, axis=1)) - np.sum(log_std)

    return f


def elbo_closure(np, rs):
    def f(params):
        mean, log_std = params[:2], params[2:]
        samples = rs.randn(5, 2) * np.exp(log_std) + mean
        return np.sum(np.tanh(samples) ** 2) - np.sum(log_std)

    return f


def elbo_module_rs(np):
    def f(params):
        eps = RS.randn(4)
        return np.sum(np.sin(params * eps) * params**2)

    return f


def elbo_argument(np):
    def f(params, rs):
        eps = rs.standard_normal(4) if hasattr(rs, "standard_normal") else rs.randn(4)
        return np.sum(np.exp(params * eps) * params)

    return f


def _reset(which):
    np.random.seed(3)
    RS.seed(4)
    return np.random.RandomState(5) if which == "legacy" else np.random.default_rng(6)


def _after(rs):
    return (np.random.rand(), RS.rand(), rs.random() if hasattr(rs, "random") else rs.rand())


@pytest.mark.parametrize("case", ["global", "closure", "module", "argument", "generator"])
@pytest.mark.parametrize("op", ["hessian", "jacobian_of_grad"])
def test_second_derivatives_differentiate_one_set_of_draws(case, op):
    results = []
    for lib, npm in ((compat, np), (autograd, anp)):
        rs = _reset("generator" if case == "generator" else "legacy")
        if case == "global":
            f, args = elbo_global(npm, np.random), (P,)
        elif case == "closure":
            f, args = elbo_closure(npm, rs), (P,)
        elif case == "module":
            f, args = elbo_module_rs(npm), (P,)
        else:
            f, args = elbo_argument(npm), (P, rs)
        if op == "hessian":
            h = lib.hessian(f)(*args)
        else:
            h = lib.jacobian(lib.grad(f))(*args)
        results.append((h, _after(rs)))
    (ours, ours_after), (theirs, theirs_after) = results
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours, ours.T, rtol=1e-10, atol=1e-12)
    assert ours_after == theirs_after  # one evaluation's draws, as autograd


def vector_fn(np, rs):
    def f(p):
        eps = rs.randn(3)
        return np.tanh(p * eps) * p

    return f


@pytest.mark.parametrize("how", ["jacfwd", "jacrev", "compat_jacobian"])
def test_jacobians_differentiate_one_set_of_draws(how):
    x = np.array([1.0, 0.5, -2.0])
    rs = np.random.RandomState(0)
    expected = autograd.jacobian(vector_fn(anp, rs))(x)
    expected_after = rs.rand()
    rs = np.random.RandomState(0)
    f = vector_fn(np, rs)
    jac = {
        "jacfwd": s2sgrad.jacfwd(f),
        "jacrev": s2sgrad.jacrev(f),
        "compat_jacobian": compat.jacobian(f),
    }[how]
    np.testing.assert_allclose(jac(x), expected, rtol=1e-12)
    assert rs.rand() == expected_after


def test_deterministic_functions_are_unchanged():
    def f(p):
        return np.sum(np.sin(p) * p**3)

    state = np.random.get_state()
    h = s2sgrad.hessian(f)(P)
    assert all(np.array_equal(a, b) for a, b in zip(np.random.get_state()[1:2], state[1:2]))
    np.testing.assert_allclose(
        h, np.diag(6 * P * np.sin(P) + 6 * P**2 * np.cos(P) - P**3 * np.sin(P))
    )
