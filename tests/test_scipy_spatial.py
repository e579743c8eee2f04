"""``scipy.spatial.distance``: cdist, pdist, squareform, euclidean and sqeuclidean.

Programs built on them (an RBF kernel, a pairwise repulsion energy, a triplet loss) in
reverse mode, forward mode and the Hessian, against central differences; a zero distance
(a point against itself, repeated rows) has slope 0, as np.linalg.norm at a zero vector;
a metric without a derivative is s2sgrad's error at the user's line naming it.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad.errors import DerivativeNotImplementedError, NonDifferentiableError

pytest.importorskip("scipy")
from scipy.spatial.distance import (  # noqa: E402
    cdist,
    euclidean,
    pdist,
    sqeuclidean,
    squareform,
)

RNG = np.random.default_rng(27)
X = RNG.standard_normal((4, 3))
Y = RNG.standard_normal((3, 3))
METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"]


def rbf_kernel(x, y):
    k = np.exp(-cdist(x, y, "sqeuclidean") / 0.7)
    return np.sum(k * np.arange(k.size).reshape(k.shape))


def repulsion(x):
    r = squareform(pdist(x))
    energy = 1.0 / (r + np.eye(len(x)))  # the diagonal (r = 0) stays finite
    return 0.5 * np.sum(energy * (1.0 - np.eye(len(x))))


def triplet_loss(anchor, positive, negative):
    dp = np.diag(cdist(anchor, positive))
    dn = np.diag(cdist(anchor, negative, metric="euclidean"))
    return np.sum(np.log1p(np.exp(dp - dn + 0.5)))


def minkowski_energy(x, y):
    return np.sum(np.exp(-cdist(x, y, "minkowski", p=3.0))) + np.sum(
        np.sin(pdist(x, metric="minkowski", p=1.5))
    )


def two_points(x):
    return np.sin(euclidean(x[0], x[1])) + sqeuclidean(x[1], x[2]) ** 2


def _numerical_hessian(f, args, n, eps=1e-5):
    grad = s2sgrad.grad(f, argnums=n)
    x = args[n]
    rows = []
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = eps
        e = e.reshape(x.shape)
        plus = args[:n] + (x + e,) + args[n + 1 :]
        minus = args[:n] + (x - e,) + args[n + 1 :]
        rows.append((grad(*plus) - grad(*minus)) / (2 * eps))
    return np.moveaxis(
        np.stack(rows).reshape(x.shape + x.shape), range(x.ndim), range(x.ndim, 2 * x.ndim)
    )


def _check_all_modes(f, *args, argnums=0, rtol=1e-6, atol=1e-7):
    """Reverse mode, forward mode and (for one argument) the Hessian, by central
    differences."""
    check_grads(f, *args, argnums=argnums, rtol=rtol, atol=atol)
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    tangents = [RNG.standard_normal(np.shape(a)) if i in nums else None for i, a in enumerate(args)]
    out, dot = s2sgrad.jvp(f, args, tangents)
    eps = 1e-6
    plus = [a if v is None else a + eps * v for a, v in zip(args, tangents)]
    minus = [a if v is None else a - eps * v for a, v in zip(args, tangents)]
    np.testing.assert_allclose(out, f(*args), rtol=1e-12)
    np.testing.assert_allclose(dot, (f(*plus) - f(*minus)) / (2 * eps), rtol=rtol, atol=atol)
    if isinstance(argnums, int):
        h = s2sgrad.hessian(f, argnums=argnums)(*args)
        expected = _numerical_hessian(f, args, argnums)
        np.testing.assert_allclose(h, expected, rtol=1e-5, atol=1e-6)


def test_rbf_kernel():
    _check_all_modes(rbf_kernel, X, Y, argnums=(0, 1))
    _check_all_modes(rbf_kernel, X, Y, argnums=0)
    _check_all_modes(rbf_kernel, X, Y, argnums=1)


def test_repulsion_energy():
    _check_all_modes(repulsion, X)


def test_triplet_loss():
    positive = X + 0.3 * RNG.standard_normal(X.shape)
    negative = RNG.standard_normal(X.shape)
    _check_all_modes(triplet_loss, X, positive, negative, argnums=(0, 1, 2))
    _check_all_modes(triplet_loss, X, positive, negative, argnums=0)


def test_minkowski():
    _check_all_modes(minkowski_energy, X, Y, argnums=(0, 1))
    _check_all_modes(minkowski_energy, X, Y, argnums=0)


def test_euclidean_and_sqeuclidean_of_two_points():
    _check_all_modes(two_points, X)


@pytest.mark.parametrize("metric", METRICS)
def test_each_metric(metric):
    def of_cdist(x, y):
        return np.sum(np.sin(cdist(x, y, metric)))

    def of_pdist(x):
        return np.sum(np.sin(pdist(x, metric=metric)))

    _check_all_modes(of_cdist, X, Y, argnums=(0, 1))
    _check_all_modes(of_cdist, X, Y, argnums=1)
    _check_all_modes(of_pdist, X)


def test_metric_in_a_variable():
    def f(x, y, which):
        metric = ["cityblock", "cosine"][which]
        return np.sum(np.sin(cdist(x, y, metric)))

    _check_all_modes(f, X, Y, 1, argnums=(0, 1))
    check_grads(f, X, Y, 0, argnums=(0, 1))


def test_squareform_both_ways():
    v = RNG.standard_normal(6)
    w = np.arange(16.0).reshape(4, 4)

    def to_matrix(v):
        return np.sum(np.sin(squareform(v)) * w)

    def to_vector(m):
        return np.sum(np.sin(squareform(m, checks=False)) * np.arange(6.0))

    def round_trip(v):
        return np.sum(squareform(np.cos(squareform(v, "tomatrix")) - np.eye(4)) ** 3)

    _check_all_modes(to_matrix, v)
    _check_all_modes(to_vector, RNG.standard_normal((4, 4)))
    _check_all_modes(round_trip, v)
    # only the upper triangle of a square matrix is read: the rest has derivative 0
    g = s2sgrad.grad(to_vector)(np.zeros((4, 4)))
    np.testing.assert_array_equal(np.tril(g), 0.0)
    assert np.all(np.triu(g, 1)[np.triu_indices(4, 1)] == np.arange(6.0))


def test_zero_distance_has_slope_zero():
    """A point against itself and repeated rows: no NaN, the slope 0 of a zero distance
    (as np.linalg.norm at a zero vector); central differences of |t| at 0 agree."""
    x = np.array([[0.0, 1.0], [0.0, 1.0], [2.0, -1.0]])

    def of_pdist(x):
        return np.sum(np.sin(pdist(x)))

    def of_cdist(x):
        return np.sum(np.cos(cdist(x, x))) + euclidean(x[0], x[1])

    for f in (of_pdist, of_cdist):
        g = s2sgrad.grad(f)(x)
        assert np.all(np.isfinite(g))
        check_grads(f, x)
        _, dot = s2sgrad.jvp(f, (x,), (np.ones_like(x),))
        assert np.isfinite(dot)
        assert np.all(np.isfinite(s2sgrad.hessian(f)(x)))
    # the pair of equal rows contributes nothing: the gradient is that without it
    g = s2sgrad.grad(of_pdist)(x)
    d02 = x[0] - x[2]
    expected = np.cos(np.linalg.norm(d02)) * d02 / np.linalg.norm(d02)
    np.testing.assert_allclose(g[0], expected, rtol=1e-12)
    np.testing.assert_allclose(g[1], expected, rtol=1e-12)
    np.testing.assert_allclose(g[0] + g[1] + g[2], 0.0, atol=1e-12)


def _line_of(fn, text):
    lines, start = inspect.getsourcelines(fn)
    return start + next(k for k, line in enumerate(lines) if text in line)


def hamming_loss(x):
    return np.sum(cdist(x, x, "hamming"))


def _my_metric(u, v):
    return np.sum(np.abs(u - v))


def callable_metric_loss(x):
    return np.sum(pdist(x, _my_metric))


def mahalanobis_loss(x, which):
    metric = ["euclidean", "mahalanobis"][which]
    return np.sum(cdist(x, x + 1.0, metric))


def negative_p_loss(x):
    return np.sum(pdist(x, "minkowski", p=-1.0))


@pytest.mark.parametrize(
    "fn,args,text,named",
    [
        (hamming_loss, (), "cdist(", "'hamming'"),
        (callable_metric_loss, (), "pdist(", "_my_metric (a function)"),
        (mahalanobis_loss, (1,), "cdist(", "'mahalanobis'"),
        (negative_p_loss, (), "pdist(", "'minkowski' with p=-1.0"),
    ],
)
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_metric_without_derivative_is_an_error(fn, args, text, named, mode):
    with pytest.raises(DerivativeNotImplementedError) as info:
        if mode == "reverse":
            s2sgrad.grad(fn)(X, *args)
        else:
            s2sgrad.jvp(fn, (X, *args), (np.ones_like(X),) + (None,) * len(args))
    message = str(info.value)
    assert f"{__file__}:{_line_of(fn, text)}:" in message
    assert f"no derivative of the metric {named}" in message
    assert "hint: use one of 'euclidean'" in message


def weighted_loss(x):
    return np.sum(cdist(x, x, "minkowski", p=3.0, w=np.arange(1.0, 4.0)))


def inverse_covariance_loss(x):
    return np.sum(pdist(x, "mahalanobis", VI=np.eye(3)))


@pytest.mark.parametrize("fn,keyword", [(weighted_loss, "w"), (inverse_covariance_loss, "VI")])
def test_keyword_without_derivative_is_an_error(fn, keyword):
    with pytest.raises(NonDifferentiableError) as info:
        s2sgrad.grad(fn)(X)
    message = str(info.value)
    assert f"{__file__}:{_line_of(fn, 'dist(')}:" in message
    assert f"no derivative for the keyword argument {keyword}=" in message


def differentiated_p(q, x):
    return np.sum(cdist(x, x + 1.0, "minkowski", p=q))


def test_differentiated_p_is_an_error():
    with pytest.raises(NonDifferentiableError) as info:
        s2sgrad.grad(differentiated_p)(3.0, X)
    message = str(info.value)
    assert f"{__file__}:{_line_of(differentiated_p, 'cdist(')}:" in message
    assert "no derivative in its argument p" in message
