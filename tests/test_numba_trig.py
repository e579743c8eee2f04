"""s2sgrad.backends.numba_trig: vectorised float64 sin/cos against libm and NumPy."""

import math

import numpy as np
import pytest

pytest.importorskip("numba")

from s2sgrad.backends import numba_trig  # noqa: E402


def _run(xs):
    s, c = np.empty_like(xs), np.empty_like(xs)
    numba_trig.sincos(xs, s, c)
    return s, c


def _ulps(got, want):
    scale = np.spacing(np.maximum(np.abs(want), np.finfo(float).tiny))
    return np.max(np.abs(got - want) / scale)


def _wide():
    rng = np.random.default_rng(20261203)
    k = np.arange(-(2**19), 2**19, 7, dtype=float) * (np.pi / 2)  # near multiples of pi/2
    return np.concatenate(
        [
            rng.uniform(-10.0, 10.0, 50_000),
            rng.uniform(-1e6, 1e6, 50_000),
            rng.uniform(-1e-3, 1e-3, 10_000),
            k,
            np.nextafter(k, np.inf),
            np.nextafter(k, -np.inf),
            [numba_trig.LIMIT, np.nextafter(numba_trig.LIMIT, np.inf), np.pi / 4, 3 * np.pi / 4],
            [1e7, -1e12, 1e22, 1e300, -1.7e308],  # beyond LIMIT: libm
        ]
    )


def test_within_one_ulp_of_libm_on_wide_ranges():
    xs = _wide()
    s, c = _run(xs)
    want_s = np.array([math.sin(v) for v in xs])
    want_c = np.array([math.cos(v) for v in xs])
    assert _ulps(s, want_s) <= 1.0
    assert _ulps(c, want_c) <= 1.0
    # and as close to NumPy's own loops (what the NumPy body computes)
    assert _ulps(s, np.sin(xs)) <= 1.0
    assert _ulps(c, np.cos(xs)) <= 1.0


def test_special_values():
    xs = np.array([0.0, -0.0, 5e-324, -5e-324, 1e-310, 1e-20, np.nan, np.inf, -np.inf])
    s, c = _run(xs)
    with np.errstate(invalid="ignore"):
        want_s, want_c = np.sin(xs), np.cos(xs)
    np.testing.assert_array_equal(s, want_s)  # nan where NumPy's is, tiny x exactly
    np.testing.assert_array_equal(c, want_c)
    assert np.array_equal(np.signbit(s), np.signbit(want_s))  # sin(-0.0) is -0.0


def test_quadrants_signs():
    # each quadrant and its boundaries, both signs
    xs = np.array([q * np.pi / 4 + d for q in range(-16, 17) for d in (-1e-9, 0.0, 1e-9)])
    s, c = _run(xs)
    assert _ulps(s, np.array([math.sin(v) for v in xs])) <= 1.0
    assert _ulps(c, np.array([math.cos(v) for v in xs])) <= 1.0


# -- in the fused kernels ---------------------------------------------------------------------


def _chain(x, y):
    return np.sum(np.sin(x) * y + np.cos(x) * np.exp(-x * x))


def _gated(x):
    # a comparison of sin: a wrong value there would not show as nan in the result
    return np.sum(np.where(np.sin(x) > 0.0, x * x, -x))


@pytest.fixture
def kernels_everywhere():
    import s2sgrad.backends as backends

    kernel = backends.namespace_for("numba").helpers["fused_kernel"]
    saved, kernel.min_size = kernel.min_size, 0
    yield
    kernel.min_size = saved


@pytest.mark.parametrize("fun, argnums", [(_chain, (0, 1)), (_gated, (0,))])
def test_kernels_use_it_and_fall_back_out_of_range(fun, argnums, kernels_everywhere):
    import s2sgrad
    from s2sgrad.backends import kernels

    rng = np.random.default_rng(7)
    x = rng.uniform(-20.0, 20.0, 5000)
    args = (x, rng.standard_normal(5000))[: len(argnums)]
    g = s2sgrad.grad(fun, argnums=argnums, backend="numba")
    ref = s2sgrad.grad(fun, argnums=argnums)
    before = kernels.stats["guard"]
    for a, r in zip(g(*args), ref(*args)):
        np.testing.assert_allclose(a, r, rtol=1e-14, atol=1e-14)
    assert kernels.stats["guard"] == before  # in range: the kernel ran
    for bad in (1e7, -3e15, np.inf, np.nan):
        xb = x.copy()
        xb[1234] = bad
        argsb = (xb, *args[1:])
        with np.errstate(invalid="ignore"):
            got, want = g(*argsb), ref(*argsb)
        for a, r in zip(got, want):
            np.testing.assert_array_equal(a, r)  # the NumPy body: the same values
        assert kernels.stats["guard"] > before
        before = kernels.stats["guard"]
