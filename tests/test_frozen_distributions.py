"""Frozen SciPy distributions (issue 12): ``norm(mu, s).logpdf(x)``, a frozen object bound
to a name, made in a loop, or made outside the function with constant parameters, are the
distribution's methods with the stored arguments, so every differentiable argument has
its derivative. Checked against central finite differences, autograd's unfrozen
``autograd.scipy.stats`` functions, forward mode and Hessians."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import S2SGradError

pytest.importorskip("scipy")
from scipy import stats  # noqa: E402
from scipy.stats import dirichlet, gamma, multivariate_normal, norm, poisson, t  # noqa: E402

X = np.array([0.3, -0.2, 1.1])
K = np.array([0.0, 2.0, 5.0])
PRIOR = norm(0.5, 2.0)
PRIOR_T = t(4.0, loc=0.1, scale=1.3)
MVN = multivariate_normal(np.zeros(3), 2.0 * np.eye(3))


def one_expression(mu, s):
    return np.sum(norm(mu, s).logpdf(X))


def keywords_through_module(mu, s):
    return np.sum(stats.norm(loc=mu, scale=s).pdf(X)) + np.sum(stats.norm(mu).logcdf(X * s))


def bound_t(mu, s):
    rv = t(3.0, mu, s)
    return np.sum(rv.logpdf(X)) + np.sum(rv.pdf(X * 0.5))


def t_in_df(df, s):
    rv = t(df, scale=s)
    return np.sum(rv.logpdf(X))


def gamma_shape(a, s):
    q = gamma(a)
    return np.sum(q.logpdf(np.abs(X) + s)) + np.sum(gamma(a, scale=s).logpdf(np.abs(X) + 0.1))


def mvn_mean_cov(m, c):
    rv = multivariate_normal(m, c @ c.T + np.eye(3))
    return rv.logpdf(X) + multivariate_normal(mean=m, cov=np.eye(3)).pdf(X)


def in_a_loop(mu, s):
    total = 0.0
    for i in range(3):
        q = norm(mu * i, s)
        total = total + q.logpdf(X[i])
    return total


def made_outside(mu, s):
    return np.sum(PRIOR.logpdf(X * mu)) + MVN.logpdf(X * s) + np.sum(PRIOR_T.logpdf(X + s))


def poisson_rate(mu, s):
    return np.sum(poisson(mu * s).logpmf(K))


def dirichlet_alpha(a, s):
    alpha = np.exp(a)
    return dirichlet(alpha).logpdf(np.array([0.2, 0.3, 0.5]) * s / s)


CASES = [
    (one_expression, (0.3, 1.5)),
    (keywords_through_module, (0.3, 1.5)),
    (bound_t, (0.3, 1.5)),
    (t_in_df, (3.5, 1.2)),
    (gamma_shape, (1.7, 1.2)),
    (mvn_mean_cov, (np.array([0.1, 0.0, -0.3]), 0.5 * np.eye(3) + 0.1)),
    (in_a_loop, (0.3, 1.5)),
    (made_outside, (0.3, 1.5)),
    (poisson_rate, (1.3, 0.8)),
    (dirichlet_alpha, (np.array([0.1, 0.4, -0.2]), 1.0)),
]
IDS = [f.__name__ for f, _ in CASES]


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_grad_in_every_argument(f, args):
    check_grads(f, *args, argnums=(0, 1), rtol=1e-5, atol=1e-6)
    value, _ = s2sgrad.value_and_grad(f, argnums=(0, 1))(*args)
    assert value == pytest.approx(f(*args))


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_jvp(f, args):
    tangents = tuple(np.full(np.shape(a), 0.3) if np.ndim(a) else 0.7 for a in args)
    _, dot = s2sgrad.jvp(f, args, tangents)
    expected = sum(np.sum(numerical_grad(f, args, i) * tangents[i]) for i in range(2))
    assert dot == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize(
    "f, args",
    [c for c in CASES if np.ndim(c[1][0]) == 0],
    ids=[i for i, c in zip(IDS, CASES) if np.ndim(c[1][0]) == 0],
)
def test_hessian(f, args):
    h = s2sgrad.hessian(f, argnums=0)(*args)
    g = s2sgrad.grad(f)
    expected = numerical_grad(lambda a, *rest: g(a, *rest), args, 0)
    assert h == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_matches_autograd_unfrozen():
    autograd = pytest.importorskip("autograd")
    ast = pytest.importorskip("autograd.scipy.stats")
    anp = pytest.importorskip("autograd.numpy")

    def oracle_t(mu, s):
        return anp.sum(ast.t.logpdf(X, 3.0, mu, s)) + anp.sum(ast.t.pdf(X * 0.5, 3.0, mu, s))

    def oracle_mvn(m, c):
        return ast.multivariate_normal.logpdf(
            X, m, anp.dot(c, c.T) + anp.eye(3)
        ) + ast.multivariate_normal.pdf(X, m, anp.eye(3))

    def oracle_gamma(a, s):
        return anp.sum(ast.gamma.logpdf(anp.abs(X) + s, a)) + anp.sum(
            ast.gamma.logpdf((anp.abs(X) + 0.1) / s, a) - anp.log(s)
        )

    for ours, oracle, args in (
        (bound_t, oracle_t, (0.3, 1.5)),
        (mvn_mean_cov, oracle_mvn, CASES[5][1]),
        (gamma_shape, oracle_gamma, (1.7, 1.2)),
    ):
        mine = s2sgrad.grad(ours, argnums=(0, 1))(*args)
        for i in range(2):
            np.testing.assert_allclose(
                mine[i], autograd.grad(oracle, i)(*args), rtol=1e-9, atol=1e-11
            )


def test_frozen_source_reads_like_the_unfrozen_call():
    src = s2sgrad.grad(bound_t, argnums=(0, 1)).source_for(0.3, 1.5)
    assert "rv_loc = mu" in src and "scipy.stats.t.logpdf(X, rv_df, rv_loc, rv_scale)" in src


def frozen_used_otherwise(mu):
    rv = norm(mu, 1.0)
    return np.sum(rv.logpdf(X)) + rv.mean()


def test_other_uses_of_a_differentiated_frozen_object_are_errors():
    with pytest.raises(S2SGradError, match=r"test_frozen_distributions\.py:\d+"):
        s2sgrad.grad(frozen_used_otherwise)(0.3)


def test_frozen_made_outside_is_rebound():
    global PRIOR
    g = s2sgrad.grad(made_outside)
    first = g(0.3, 1.5)
    saved = PRIOR
    try:
        PRIOR = t(5.0, 0.2, 1.1)  # another distribution: the derivative is made again
        assert g(0.3, 1.5) == pytest.approx(numerical_grad(made_outside, (0.3, 1.5), 0), rel=1e-5)
        assert g(0.3, 1.5) != pytest.approx(first)
    finally:
        PRIOR = saved


def frozen_arguments(w, prior, lik):
    return -np.sum(prior.logpdf(w)) - np.sum(lik.logpdf(X - w)) - np.sum(prior.cdf(w))


ARGUMENTS = [
    (norm(0.5, 2.0), t(4.0, scale=1.5)),
    (norm(loc=0.1), norm()),
    (t(3.0, 0.2, 1.1), norm(1.0, 0.5)),
    (gamma(2.0), t(5.0)),
]


def test_frozen_arguments_in_every_mode():
    w = np.array([0.2, 0.1, 0.3])
    g = s2sgrad.grad(frozen_arguments)
    for prior, lik in ARGUMENTS:  # each kind of frozen object: its own derivative
        check_grads(frozen_arguments, w, prior, lik, rtol=1e-5, atol=1e-7)
        expected = numerical_grad(frozen_arguments, (w, prior, lik), 0)
        np.testing.assert_allclose(g(w, prior, lik), expected, rtol=1e-5, atol=1e-7)
        _, dot = s2sgrad.jvp(frozen_arguments, (w, prior, lik), (np.ones(3), None, None))
        assert dot == pytest.approx(np.sum(expected), rel=1e-5)

        def through_closure(v, prior=prior, lik=lik):  # the callee gets them from here
            return frozen_arguments(v, prior, lik) * 2.0

        _, dot = s2sgrad.jvp(through_closure, (w,), (np.ones(3),))
        assert dot == pytest.approx(2.0 * np.sum(expected), rel=1e-5)
        h = s2sgrad.hessian(frozen_arguments)(w, prior, lik)
        rows = np.stack(
            [
                numerical_grad(lambda v, *rest, i=i: g(v, *rest)[i], (w, prior, lik), 0)
                for i in range(3)
            ]
        )
        np.testing.assert_allclose(h, rows, rtol=1e-4, atol=1e-6)
    rv = multivariate_normal(np.zeros(3), 2.0 * np.eye(3))
    check_grads(lambda v, q: q.logpdf(v) + q.pdf(v), w, rv, rtol=1e-5, atol=1e-7)


def frozen_argument_without_rule(mu, rv):
    return np.sum(rv.logsf(X * mu))


def test_a_frozen_argument_without_a_rule_is_an_error_with_a_hint():
    with pytest.raises(
        S2SGradError,
        match=r"(?s)test_frozen_distributions\.py:\d+.*"
        r"norm\.logpdf\(x, loc, scale\)",
    ):
        s2sgrad.grad(frozen_argument_without_rule)(0.3, t(3.0))
