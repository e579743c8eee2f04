"""Regressions from autograd's own test suite run through s2sgrad.compat.autograd
(session 13): multivariate_normal with allow_singular=True, and check_grads differentiating
only the arguments it checks."""

from __future__ import annotations

import operator

import numpy as np
import pytest
from gradcheck import check_all_modes, check_grads, numerical_grad

import s2sgrad
from s2sgrad.compat.autograd.test_util import check_grads as compat_check_grads
from s2sgrad.compat.autograd.test_util import combo_check
from s2sgrad.errors import DerivativeNotImplementedError

scipy_stats = pytest.importorskip("scipy.stats")
mvn = scipy_stats.multivariate_normal


def _singular_cov(small=0.0):
    # variance only along the first two axes (and ``small`` along the third)
    cov = np.zeros((4, 4))
    cov[0, 0], cov[1, 1], cov[0, 1], cov[1, 0] = 1.3, 0.8, 0.2, 0.2
    cov[2, 2] = small
    return cov


def _on_support(x, mean):
    # a point where the singular density is finite: x agrees with mean off the support
    return np.concatenate([x[:2], mean[2:]])


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
@pytest.mark.parametrize("small", [0.0, 1e-13])  # exactly singular; below SciPy's cutoff
def test_mvn_allow_singular_in_x_and_mean(method, small):
    """SciPy's density of a singular covariance uses its pseudo-inverse (eigenvalues at most
    1e6 eps times the largest are zero): the derivative in x and mean is that of the
    pseudo-inverse, not a LinAlgError from solving with the singular matrix."""
    cov = _singular_cov(small)
    f = getattr(mvn, method)

    def density(x, mean):
        return f(_on_support(x, mean), mean, cov, allow_singular=True)

    x = np.array([0.3, -0.4, 0.0, 0.0])
    mean = np.array([-0.1, 0.2, 0.5, -0.7])
    check_grads(density, x, mean, argnums=(0, 1), rtol=1e-6, atol=1e-9)
    combo_check(density, [0, 1])([x], [mean])  # forward, reverse, second order


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
def test_mvn_allow_singular_matches_autograd(method):
    import autograd
    import autograd.numpy as anp
    import autograd.scipy.stats.multivariate_normal as amvn

    cov = _singular_cov()
    f, g = getattr(mvn, method), getattr(amvn, method)

    def ours(x, mean):
        return f(_on_support(x, mean), mean, cov, allow_singular=True)

    def theirs(x, mean):
        return g(anp.concatenate([x[:2], mean[2:]]), mean, cov, allow_singular=True)

    x = np.array([0.6, 0.1, 0.0, 0.0])
    mean = np.array([0.2, -0.3, 0.1, 0.4])
    got = s2sgrad.grad(ours, argnums=(0, 1))(x, mean)
    want = autograd.grad(theirs, argnum=(0, 1))(x, mean)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
def test_mvn_allow_singular_full_rank_cov(method):
    """allow_singular=True with a covariance of full rank: every argument, cov included,
    and the same numbers as allow_singular=False."""
    rs = np.random.RandomState(3)
    a = rs.randn(3, 3)
    cov = a @ a.T + 0.5 * np.eye(3)
    x, mean = rs.randn(3), rs.randn(3)
    f = getattr(mvn, method)

    def singular_allowed(x, mean, cov):
        return f(x, mean, cov, allow_singular=True)

    def plain(x, mean, cov):
        return f(x, mean, cov)

    got = check_grads(singular_allowed, x, mean, cov, argnums=(0, 1, 2), atol=1e-8)
    want = s2sgrad.grad(plain, argnums=(0, 1, 2))(x, mean, cov)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-14)
    check_all_modes(lambda m: f(x, m, cov, allow_singular=True), mean, oracle=False)


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
def test_mvn_singular_cov_derivative_is_refused(method):
    """In a singular cov the density is not differentiable (its support moves with the
    rank): s2sgrad's own error at the user's line, in both modes (autograd refuses too)."""
    cov = _singular_cov()
    f = getattr(mvn, method)

    def density(cov):
        return f(np.array([0.1, 0.2, 0.0, 0.0]), np.zeros(4), cov, allow_singular=True)

    with pytest.raises(DerivativeNotImplementedError, match="singular cov") as info:
        s2sgrad.grad(density)(cov)
    assert info.value.lineno == density.__code__.co_firstlineno + 1
    with pytest.raises(DerivativeNotImplementedError, match="singular cov"):
        s2sgrad.jvp(density, (cov,), (np.eye(4),))


def _sorted_keys(d):
    total = 0.0
    for i, k in enumerate(sorted(d)):
        total = total + np.sum(np.sin(d[k])) * (i + 1.0)
    for i, (k, v) in enumerate(sorted(d.items(), key=operator.itemgetter(0))):
        total = total + np.sum(np.cos(v)) * (i + 2.0)
    return total


def _tree():
    rs = np.random.RandomState(0)
    return {"b": rs.randn(2, 3), "a": rs.randn(3), "c": rs.randn(2)}


def test_check_grads_of_a_dict_function_with_sorted_keys():
    """compat's check_grads differentiates only the checked arguments: a dict argument
    stays known as a dict (sorted(d) its keys), at first and second order."""
    d = _tree()
    compat_check_grads(_sorted_keys)(d)
    expected = numerical_grad(_sorted_keys, (d,), 0)
    got = s2sgrad.grad(_sorted_keys)(d)
    for k in d:
        np.testing.assert_allclose(got[k], expected[k], rtol=1e-6, atol=1e-8)


def test_check_grads_leaves_the_unchecked_arguments_alone():
    """An argument check_grads does not check is not differentiated: here a singular
    covariance beside the checked mean, in every mode and order."""
    cov = _singular_cov()

    def density(mean, cov, x):
        return mvn.logpdf(_on_support(x, mean), mean, cov, allow_singular=True)

    mean = np.array([0.1, -0.2, 0.3, 0.0])
    compat_check_grads(density, argnum=0)(mean, cov, np.array([0.5, 0.4, 0.0, 0.0]))


def test_autograd_sparse_object_is_refused_clearly():
    """autograd's SparseObject (its getitem rule's sparse cotangent) is s2sgrad's own
    ImportError saying why, not Python's bare one; the tracer's names import (they work:
    tests/test_autograd_examples_s22.py)."""
    import s2sgrad.compat.autograd.extend as mod

    with pytest.raises(ImportError, match="has no SparseObject: it is autograd's sparse"):
        exec(f"from {mod.__name__} import SparseObject", {})
    with pytest.raises(AttributeError):
        mod.no_such_name  # noqa: B018
    exec("from s2sgrad.compat.autograd.tracer import Node, trace, Box", {})
    exec("from s2sgrad.compat.autograd.extend import Box", {})


def test_jacobian_of_a_jacobian():
    """autograd's jacobian(jacobian(f)) (test_jacobian_higher_order): the inner derivative
    is differentiated as a nested one, not read as source (it has none)."""
    import autograd
    import autograd.numpy as anp

    from s2sgrad.compat.autograd import jacobian

    def fun(x):
        return np.sin(np.outer(x, x)) + np.cos(np.dot(x, x)) * x[0]

    def afun(x):
        return anp.sin(anp.outer(x, x)) + anp.cos(anp.dot(x, x)) * x[0]

    x = np.array([0.3, -0.8, 0.5])
    got = jacobian(jacobian(fun))(x)
    assert got.shape == (3, 3, 3, 3)
    np.testing.assert_allclose(got, autograd.jacobian(autograd.jacobian(afun))(x), atol=1e-13)
    eps = 1e-5  # finite differences of the first jacobian
    for i in range(3):
        e = np.eye(3)[i] * eps
        fd = (jacobian(fun)(x + e) - jacobian(fun)(x - e)) / (2 * eps)
        np.testing.assert_allclose(got[..., i], fd, rtol=1e-6, atol=1e-8)


def test_forward_mode_of_a_nested_jacobian_is_refused_clearly():
    from s2sgrad.compat.autograd import jacobian

    def fun(x):
        return np.sin(np.outer(x, x))

    def total(x):
        return np.sum(np.sin(jacobian(fun)(x)))

    x = np.array([0.3, -0.8])
    with pytest.raises(s2sgrad.TransformError, match="forward mode .* reverse mode only"):
        compat_check_grads(total, modes=["fwd"], order=1)(x)
    compat_check_grads(total, modes=["rev"], order=1)(x)
