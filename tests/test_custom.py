"""Custom derivative rules and stop_gradient."""

import numpy as np
import pytest
import scipy.special
from gradcheck import check_grads, numerical_grad

import s2sgrad

rng = np.random.default_rng(3)


@s2sgrad.custom_vjp
def logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def _lse_fwd(x):
    y = logsumexp(x)
    return y, (x, y)


def _lse_bwd(residuals, g):
    x, y = residuals
    return (g * np.exp(x - y),)


logsumexp.defvjp(_lse_fwd, _lse_bwd)


def lse_loss(x, w):
    return logsumexp(x * w) + np.sum(w**2)


def test_custom_vjp_logsumexp_matches_finite_differences():
    x, w = rng.normal(size=5), rng.normal(size=5)
    check_grads(lse_loss, x, w, argnums=(0, 1))


def test_custom_vjp_is_used_and_visible_in_source():
    src = s2sgrad.grad(lse_loss).source
    assert "logsumexp_fwd(" in src and "logsumexp_bwd(" in src


def test_custom_vjp_stable_for_large_inputs():
    x = np.array([1000.0, 1001.0, 999.0])
    g = s2sgrad.grad(lambda x: logsumexp(x))(x)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(np.sum(g), 1.0)


def test_register_vjp_for_scipy_function():
    special = pytest.importorskip("scipy.special")

    def erf_fwd(x):
        return special.erf(x), x

    def erf_bwd(x, g):
        return (g * 2.0 / np.sqrt(np.pi) * np.exp(-x * x),)

    s2sgrad.register_vjp(special.erf, erf_fwd, erf_bwd)
    x = rng.normal(size=4)
    check_grads(erf_loss, x)


def erf_loss(x):
    return np.sum(scipy.special.erf(x) ** 2 * x)


def stop_loss(x, w):
    return np.sum(s2sgrad.stop_gradient(x * w) * w)


def test_stop_gradient_blocks_only_its_argument():
    x, w = rng.normal(size=3), rng.normal(size=3)
    gx, gw = s2sgrad.grad(stop_loss, argnums=(0, 1))(x, w)
    np.testing.assert_allclose(gx, np.zeros(3))
    np.testing.assert_allclose(gw, x * w)
    np.testing.assert_allclose(stop_loss(x, w), np.sum(x * w * w))


@s2sgrad.custom_vjp
def clipped_identity(x):
    return x


clipped_identity.defvjp(lambda x: (x, None), lambda res, g: (np.clip(g, -1.0, 1.0),))


def clip_loss(x):
    return np.sum(clipped_identity(x) * 10.0)


def test_custom_vjp_can_differ_from_the_true_derivative():
    g = s2sgrad.grad(clip_loss)(np.ones(3))
    np.testing.assert_allclose(g, np.ones(3))
    assert not np.allclose(g, numerical_grad(clip_loss, (np.ones(3),), 0))


@s2sgrad.custom_vjp
def bad(x):
    return x * 2


bad.defvjp(lambda x: (x * 2, None), lambda res, g: (g, g))


def test_custom_vjp_wrong_number_of_cotangents_is_a_clear_error():
    with pytest.raises(ValueError, match="tuple of 1 cotangent"):
        s2sgrad.grad(lambda x: np.sum(bad(x)))(np.ones(2))


@s2sgrad.custom_jvp
def softplus(x):
    return np.log1p(np.exp(x))


def _softplus_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return softplus(x), t / (1.0 + np.exp(-x))


softplus.defjvp(_softplus_jvp)


def mixed_loss(x):
    return logsumexp(x * 2.0) + np.sum(softplus(x))


def test_forward_mode_uses_custom_jvp_and_falls_back_for_custom_vjp():
    x, v = rng.normal(size=3), rng.normal(size=3)
    value, tangent = s2sgrad.jvp(mixed_loss, (x,), (v,))
    eps = 1e-6
    fd = (mixed_loss(x + eps * v) - mixed_loss(x - eps * v)) / (2 * eps)
    np.testing.assert_allclose(value, mixed_loss(x))
    np.testing.assert_allclose(tangent, fd, rtol=1e-6)
    assert "softplus_jvp(" in s2sgrad.source(mixed_loss, mode="forward")


def test_reverse_mode_differentiates_a_custom_jvp_function_body():
    check_grads(mixed_loss, rng.normal(size=4))


def test_a_rule_set_again_is_the_rule_used():
    # a derivative made before the rule changed is made again (it held the old rule)
    @s2sgrad.custom_vjp
    def f(x):
        return np.sin(x)

    f.defvjp(lambda x: (np.sin(x), x), lambda x, g: (g * np.cos(x),))

    def loss(x):
        return np.sum(f(x) * 2.0)

    x = np.array([0.3, 0.5])
    made = s2sgrad.grad(loss)
    np.testing.assert_allclose(made(x), 2.0 * np.cos(x))
    f.defvjp(lambda x: (np.sin(x), x), lambda x, g: (g * 100.0,))
    np.testing.assert_allclose(made(x), [200.0, 200.0])  # the same derivative object
    np.testing.assert_allclose(s2sgrad.grad(loss)(x), [200.0, 200.0])
    f.defjvp(lambda p, t: (np.sin(p[0]), 3.0 * t[0]))
    np.testing.assert_allclose(s2sgrad.jvp(loss, (x,), (np.ones(2),))[1], 12.0)
    f.defjvp(lambda p, t: (np.sin(p[0]), 5.0 * t[0]))
    np.testing.assert_allclose(s2sgrad.jvp(loss, (x,), (np.ones(2),))[1], 20.0)


def test_a_function_registered_again_uses_the_new_rule():
    def h(x):
        return x * 3.0

    def loss(x):
        return np.sum(h(x))

    x = np.array([0.3, 0.5])
    s2sgrad.register_vjp(h, lambda x: (h(x), None), lambda r, g: (g * 3.0,))
    made = s2sgrad.grad(loss)
    np.testing.assert_allclose(made(x), [3.0, 3.0])
    s2sgrad.register_vjp(h, lambda x: (h(x), None), lambda r, g: (g * 7.0,))
    np.testing.assert_allclose(made(x), [7.0, 7.0])
