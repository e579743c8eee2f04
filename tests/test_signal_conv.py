"""``scipy.signal`` convolutions as CNN code writes them (issue 12): ``convolve2d`` and
``correlate2d`` (zero fill, every mode; other boundaries in mode 'valid'), ``correlate``
in 1-D and 2-D, in each argument. Checked in ``grad`` and ``jvp`` against central finite
differences, in ``hessian`` (forward over reverse), and for complex values against the
same correlation written as a convolution with the flipped, conjugated kernel.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad

scipy_signal = pytest.importorskip("scipy.signal")

RS = np.random.RandomState(5)
IMG = RS.randn(5, 4)
KER = RS.randn(3, 2)
BIG = RS.randn(6, 5)


def conv2d_loss(name, mode, **kw):
    op = getattr(scipy_signal, name)
    w = np.random.RandomState(1).randn(*np.shape(op(IMG, KER, mode=mode, **kw)))

    def loss(a, b):
        return np.sum(np.tanh(op(a, b, mode=mode, **kw)) * w)

    loss.__name__ = f"{name}_{mode}"
    return loss


CASES = [
    (name, mode, kw)
    for name in ("convolve2d", "correlate2d", "correlate")
    for mode in ("full", "same", "valid")
    for kw in ({}, {"boundary": "symm"} if name != "correlate" and mode == "valid" else {})
]


@pytest.mark.parametrize("name,mode,kw", CASES, ids=[f"{n}-{m}-{kw}" for n, m, kw in CASES])
def test_grad_and_jvp_match_finite_differences(name, mode, kw):
    loss = conv2d_loss(name, mode, **kw)
    args = (IMG, KER)
    grads = s2sgrad.grad(loss, (0, 1))(*args)
    for i in (0, 1):
        assert_tree_close(grads[i], numerical_grad(loss, args, i), rtol=1e-5, atol=1e-7)
    va, vb = RS.randn(*IMG.shape), RS.randn(*KER.shape)
    value, dot = s2sgrad.jvp(loss, args, (va, vb))
    eps = 1e-6
    fd = (loss(IMG + eps * va, KER + eps * vb) - loss(IMG - eps * va, KER - eps * vb)) / (2 * eps)
    assert np.isclose(value, loss(*args)) and np.isclose(dot, fd, rtol=1e-5, atol=1e-7)


def test_valid_mode_with_the_kernel_larger_than_the_input():
    for name in ("convolve2d", "correlate2d", "correlate"):
        op = getattr(scipy_signal, name)

        def loss(a, b, op=op):
            return np.sum(np.sin(op(a, b, mode="valid")))

        args = (KER, BIG)  # scipy swaps: the output has the shape of BIG minus KER plus one
        for i in (0, 1):
            g = s2sgrad.grad(loss, i)(*args)
            assert_tree_close(g, numerical_grad(loss, args, i), rtol=1e-5, atol=1e-7)


def correlate_1d(x):
    return np.sum(np.sin(scipy_signal.correlate(x, x[:3] ** 2, mode="same")))


def image_filters(x):
    img = np.outer(x, x[::-1])
    a = scipy_signal.convolve2d(img, img[:2, :2], mode="same")
    b = scipy_signal.correlate2d(img, np.tanh(img[1:, :3]), mode="full")
    return np.sum(np.sin(a)) + np.sum(b**2) * 0.01


@pytest.mark.parametrize("fn", [correlate_1d, image_filters])
def test_hessian_matches_differences_of_the_gradient(fn):
    x = np.random.RandomState(3).uniform(0.3, 1.2, 4)
    assert_tree_close(s2sgrad.grad(fn)(x), numerical_grad(fn, (x,), 0), rtol=1e-5, atol=1e-7)
    h = s2sgrad.hessian(fn)(x)
    g = s2sgrad.grad(fn)
    eps = 1e-5
    fd = np.stack([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-6)


def test_complex_correlation_is_the_convolution_with_the_flipped_conjugate():
    a = RS.randn(5, 4) + 1j * RS.randn(5, 4)
    b = RS.randn(3, 2) + 1j * RS.randn(3, 2)
    w = RS.randn(5, 4)

    def as_correlate(a, b):
        return np.sum(np.abs(scipy_signal.correlate(a, b, mode="same")) ** 2 * w)

    def as_convolve(a, b):
        return np.sum(np.abs(scipy_signal.convolve(a, np.flip(np.conj(b)), mode="same")) ** 2 * w)

    assert np.isclose(as_correlate(a, b), as_convolve(a, b))
    for i in (0, 1):
        assert_tree_close(
            s2sgrad.grad(as_correlate, i)(a, b), s2sgrad.grad(as_convolve, i)(a, b), rtol=1e-10
        )
    _, dot = s2sgrad.jvp(as_correlate, (a, b), (a * 0.5, b * 1j))
    _, again = s2sgrad.jvp(as_convolve, (a, b), (a * 0.5, b * 1j))
    assert np.isclose(dot, again, rtol=1e-10)


def symmetric_boundary(k):
    return np.sum(scipy_signal.convolve2d(IMG, k, mode="same", boundary="symm") ** 2)  # here


def test_other_boundaries_padding_the_input_are_an_error_at_the_users_line():
    import inspect

    with pytest.raises(NotImplementedError, match="boundary='symm'") as info:
        s2sgrad.grad(symmetric_boundary)(KER)
    lines, start = inspect.getsourcelines(symmetric_boundary)
    line = start + next(i for i, t in enumerate(lines) if "# here" in t)
    assert f"test_signal_conv.py:{line}" in "".join(getattr(info.value, "__notes__", [])) + str(
        info.value
    )


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (4, 1), (3, 3)])
def test_same_mode_centring_for_odd_and_even_kernels(shape):
    kernel = np.random.RandomState(2).randn(*shape)
    for name in ("convolve2d", "correlate2d", "correlate", "convolve"):
        op = getattr(scipy_signal, name)
        w = np.random.RandomState(4).randn(*IMG.shape)

        def loss(a, b, op=op, w=w):
            return np.sum(np.sin(op(a, b, mode="same")) * w)

        for i in (0, 1):
            g = s2sgrad.grad(loss, i)(IMG, kernel)
            assert_tree_close(g, numerical_grad(loss, (IMG, kernel), i), rtol=1e-5, atol=1e-7)
