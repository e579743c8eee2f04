"""Program-level regressions found by running autograd's test suite through s2sgrad:
each test is a small class of programs (several instances), checked in both modes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from gradcheck import check_grads

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
    np.testing.assert_allclose(
        s2sgrad.hessian(fun)(x).reshape(6, 6) @ t.ravel(), fd.ravel(), rtol=1e-5, atol=1e-6
    )


# -- jvp of a *args function whose extra arguments are options (strings, None, ...) ---------


def star_pad(*args):
    return np.pad(*args)


def star_einsum(*args):
    return np.einsum(*args)


def star_sum(*args):
    return np.sum(*args)


@pytest.mark.parametrize(
    "fun,args,wrt",
    [
        (star_pad, (np.arange(4.0).reshape(2, 2), 1, "constant"), (0,)),
        (star_pad, (np.arange(4.0).reshape(2, 2), ((1, 0), (0, 2)), "reflect"), (0,)),
        (star_einsum, ("ij,jk->ik", np.ones((2, 3)), np.arange(6.0).reshape(3, 2)), (1, 2)),
        (star_einsum, (np.ones((2, 3)), [Ellipsis, 0], np.arange(3.0), [0], [Ellipsis]), (0, 2)),
        (star_sum, (np.arange(6.0).reshape(2, 3), 0, np.dtype("f8")), (0,)),
        (star_sum, (np.arange(6.0).reshape(2, 3), 1, float), (0,)),
    ],
)
def test_jvp_of_star_args_with_non_numeric_items(fun, args, wrt):
    rng = np.random.default_rng(3)
    tangents = tuple(
        rng.standard_normal(np.shape(a)) if i in wrt else None for i, a in enumerate(args)
    )
    _, dot = s2sgrad.jvp(fun, args, tangents)
    eps = 1e-6
    plus = [a if t is None else a + eps * t for a, t in zip(args, tangents)]
    minus = [a if t is None else a - eps * t for a, t in zip(args, tangents)]
    np.testing.assert_allclose(dot, (fun(*plus) - fun(*minus)) / (2 * eps), rtol=1e-6, atol=1e-8)


# -- np.r_[...] / np.c_[...] with ranges: the ranges are constants ---------------------------

C3 = np.arange(3.0) - 1.0


def r_ranges(x):
    y = np.r_[x[:2], 0:3, C3, 1:2:5j, x, 4:0:-2]
    return np.sum(np.sin(y) * np.arange(1.0, np.size(y) + 1.0))


def r_range_first(x):
    return np.sum(np.r_[:3, x**2] * np.arange(7.0))


def c_ranges(x):
    y = np.c_[x, 0:4, x**2, 0:1:4j]
    return np.sum(np.sin(y) * np.arange(16.0).reshape(4, 4))


def _modes_against_fd_and_autograd(fun, x, autograd_ok=True):
    check_grads(fun, x)
    t = np.random.default_rng(5).standard_normal(np.shape(x))
    _, dot = s2sgrad.jvp(fun, (x,), (t,))
    np.testing.assert_allclose(dot, np.sum(s2sgrad.grad(fun)(x) * t), rtol=1e-10)
    if autograd_ok:
        autograd = pytest.importorskip("autograd")
        anp = pytest.importorskip("autograd.numpy")
        ag = type(fun)(fun.__code__, dict(fun.__globals__, np=anp), fun.__name__)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = autograd.grad(ag)(x)
        np.testing.assert_allclose(s2sgrad.grad(fun)(x), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fun", [r_ranges, r_range_first, c_ranges])
def test_index_tricks_with_ranges(fun):
    x = np.random.default_rng(2).standard_normal(4)
    _modes_against_fd_and_autograd(fun, x)


def test_index_trick_range_with_differentiated_bounds_is_an_error():
    def fun(x):
        return np.sum(np.r_[x[0] : 4.0] ** 2)

    x = np.array([0.5, 1.0])
    with pytest.raises(NotImplementedError, match="no derivative in its bounds"):
        s2sgrad.grad(fun)(x)
    with pytest.raises(NotImplementedError, match="no derivative in its bounds"):
        s2sgrad.jvp(fun, (x,), (x,))


# -- integer and boolean casts: piecewise constant, derivative 0 -----------------------------


def cast_int64_index(w):
    rows = np.int64(w[:, -1])  # autograd's test_cast_to_int
    return np.sum(w[:, :-1][rows] ** 2)


def cast_int32_scale(w):
    return np.sum(np.sin(w) * np.int32(3.0 * w[0, 0] + 10.0))


def cast_bool_mask(w):
    return np.sum(np.where(np.bool_(w > 0.0), w, 2.0 * w) * np.uint8(w[0, 1] * 0.0 + 2.0))


@pytest.mark.parametrize(
    "fun,autograd_ok",
    [
        (cast_int64_index, True),
        (cast_int32_scale, True),
        (cast_bool_mask, False),  # autograd: np.uint8 of a boxed scalar is a TypeError
    ],
)
def test_integer_casts_have_zero_derivative(fun, autograd_ok):
    w = np.random.default_rng(4).uniform(0.1, 0.9, (4, 5)) * np.sign(
        np.random.default_rng(6).standard_normal((4, 5))
    )
    _modes_against_fd_and_autograd(fun, w, autograd_ok)
