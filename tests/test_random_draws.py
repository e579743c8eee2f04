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


# -- a callee whose forward pass a derivative runs twice -----------------------------------
# forward over reverse (hessian, hvp, a jacobian of grad) recomputes each callee's forward
# pass inside the callee's gradient, as a checkpoint does: a callee that draws would see
# other numbers the second time, and the derivative would be that of a function never
# evaluated (before: silently wrong, 2.8 off the Hessian of a seeded ELBO)

from numpy.random import randn  # noqa: E402

from s2sgrad import TransformError  # noqa: E402


def draws_global(p):
    eps = np.random.randn(3)
    return np.sum(np.sin(p * eps) * p**2)


def draws_module_rs(p):
    eps = RS.randn(3)
    return np.sum(np.sin(p * eps) * p**2)


def draws_imported(p):
    return np.sum(np.sin(p * randn(3)) * p**2)


def draws_through_helper(p):
    return draws_global(p) + 1.0


def seeded_inside(p):
    np.random.seed(7)
    return np.sum(np.sin(p * np.random.randn(3)) * p**2)


def seeded_caller(p):
    np.random.seed(0)
    return draws_global(p)


def caller(callee):
    def f(p):
        return callee(p) * 2.0

    return f


def passes_generator(p):
    return takes_generator(p, RS)


def takes_generator(p, rs):
    return np.sum(np.cos(p * rs.normal(size=3)))


X3 = np.array([0.3, -0.5, 1.2])


@pytest.mark.parametrize(
    "f, needle",
    [
        (caller(draws_global), "eps = np.random.randn(3)"),
        (caller(draws_module_rs), "eps = RS.randn(3)"),
        (caller(draws_imported), "randn(3)"),
        (caller(draws_through_helper), "eps = np.random.randn(3)"),
        (seeded_caller, "eps = np.random.randn(3)"),  # the seed is before the first pass only
        (passes_generator, "rs.normal(size=3)"),
    ],
    ids=["global", "module_rs", "imported", "helper_of_helper", "seeded_caller", "argument"],
)
@pytest.mark.parametrize("op", ["hessian", "hvp", "jacobian_of_grad"])
def test_a_callee_that_draws_is_an_error_where_it_would_run_twice(f, needle, op):
    run = {
        "hessian": lambda: s2sgrad.hessian(f)(X3),
        "hvp": lambda: compat.hessian_vector_product(f)(X3, X3),
        "jacobian_of_grad": lambda: compat.jacobian(compat.grad(f))(X3),
    }[op]
    with pytest.raises(TransformError, match="draws random numbers") as info:
        run()
    assert needle in str(info.value) and "a second time" in str(info.value)
    s2sgrad.grad(f)(X3)  # one reverse pass runs each callee once: no error


def test_a_callee_that_seeds_itself_draws_the_same_numbers():
    f = caller(seeded_inside)
    g = s2sgrad.grad(f)
    eps = 1e-6
    cols = [(g(X3 + eps * e) - g(X3 - eps * e)) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(s2sgrad.hessian(f)(X3), np.array(cols).T, rtol=1e-6, atol=1e-8)


def test_a_checkpointed_function_that_draws_is_an_error():
    inner = s2sgrad.checkpoint(draws_global)

    def f(p):
        return inner(p) * 2.0

    with pytest.raises(TransformError, match="draws random numbers"):
        s2sgrad.grad(f)(X3)


def _random_point(n):
    return RS.randn(n)


def test_draws_next_to_a_lambda_are_not_its_own():
    # the line of the lambda also draws its argument: that draw is outside the lambda
    h = s2sgrad.hessian(caller(lambda p: np.sum(np.sin(p) * p**3)))(_random_point(3))
    assert h.shape == (3, 3)
    g = caller(lambda p: np.sum(p * RS.randn(3)))  # noqa: E731
    with pytest.raises(TransformError, match="draws random numbers"):
        s2sgrad.hessian(g)(_random_point(3))
