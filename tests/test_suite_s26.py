"""Session 26: items of ``*args`` differentiated one by one (autograd's
``test_mvn_sing_cov``): a call ``f(x, cov)`` of ``def f(*args)`` differentiated in ``x``
only makes ``cov`` a constant of ``f``'s derivative, as a named parameter would be, through
``args = list(args); args[k] = ...; g(*args)``; each against central finite differences
and autograd."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from gradcheck import assert_tree_close, fd_hessian, numerical_grad

import s2sgrad

ag = pytest.importorskip("autograd")
import autograd.scipy.stats  # noqa: E402

mvn = scipy.stats.multivariate_normal
ARGNUM = 2  # read by symmetrized_global: a module global holding the index


def autograd_grad(f, argnum, *args):
    """autograd's gradient of ``f`` with this module's ``np`` and ``mvn`` read as autograd's."""
    g = globals()
    saved = g["np"], g["mvn"]
    g["np"], g["mvn"] = ag.numpy, autograd.scipy.stats.multivariate_normal
    try:
        return ag.grad(f, argnum)(*args)
    finally:
        g["np"], g["mvn"] = saved


def symmetrize_matrix_arg(fun, argnum):
    """As autograd's tests write it: ``fun`` with its argument ``argnum`` symmetrized."""

    def symmetrized(*args, **kwargs):
        args = list(args)
        args[argnum] = 0.5 * (args[argnum] + np.swapaxes(args[argnum], -1, -2))
        return fun(*args, **kwargs)

    return symmetrized


def singular_pdf(x, mean, cov):
    return mvn.pdf(x, mean, cov, allow_singular=True)


def symmetrized_global(*args):
    args = list(args)
    args[ARGNUM] = 0.5 * (args[ARGNUM] + args[ARGNUM].T)
    return singular_pdf(*args)


def pdf_made(x, mean, cov):  # the function value made and called here: its derivative at run time
    x = np.concatenate([x[:2], mean[2:]])
    return symmetrize_matrix_arg(singular_pdf, 2)(x, mean, cov)


def pdf_global(x, mean, cov):  # a module function with *args: differentiated where written
    x = np.concatenate([x[:2], mean[2:]])
    return symmetrized_global(x, mean, cov) * 1.5


COV = np.diag([1.0, 1.0, 0.0, 0.0])  # singular: the density has no derivative in it
X = np.array([0.3, -0.4, 0.0, 0.0])
MEAN = np.array([0.1, 0.2, 0.0, 0.0])


@pytest.mark.parametrize("f", [pdf_made, pdf_global])
@pytest.mark.parametrize("argnums", [0, 1, (0, 1)])
def test_singular_covariance_is_a_constant_beside_differentiated_items(f, argnums):
    args = (X, MEAN, COV)
    got = s2sgrad.grad(f, argnums=argnums)(*args)
    nums = (argnums,) if isinstance(argnums, int) else argnums
    got = (got,) if isinstance(argnums, int) else got
    for n, g in zip(nums, got):
        assert_tree_close(g, numerical_grad(f, args, n), rtol=1e-5, atol=1e-8)
        assert_tree_close(g, autograd_grad(f, n, *args), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("f", [pdf_made, pdf_global])
def test_singular_covariance_forward_and_second_order(f):
    def in_x(x):
        return f(x, MEAN, COV)

    want = numerical_grad(in_x, (X,), 0)
    t = np.array([0.5, -1.0, 0.25, 2.0])
    _, dot = s2sgrad.jvp(in_x, (X,), (t,))
    np.testing.assert_allclose(dot, want @ t, rtol=1e-5, atol=1e-9)
    h = s2sgrad.hessian(in_x)(X)
    np.testing.assert_allclose(h, fd_hessian(in_x, X), rtol=1e-4, atol=1e-6)


def test_singular_covariance_hessian_against_autograd():
    g = globals()
    saved = g["np"], g["mvn"]
    g["np"], g["mvn"] = ag.numpy, autograd.scipy.stats.multivariate_normal
    try:
        want = ag.hessian(lambda x: pdf_made(x, MEAN, COV))(X)
    finally:
        g["np"], g["mvn"] = saved
    got = s2sgrad.hessian(lambda x: pdf_made(x, MEAN, COV))(X)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_a_differentiated_singular_covariance_is_still_refused():
    with pytest.raises(s2sgrad.TransformError, match="singular"):
        s2sgrad.grad(pdf_made, argnums=2)(X, MEAN, COV)


# -- a constant item that has no derivative at all: np.linalg.matrix_rank ----------------------


def ranked(*args):
    w, b = args
    return np.sum(np.tanh(w)) * np.linalg.matrix_rank(b) + np.sum(w * b[0])


def star_call(w, b):
    params = (w, b)
    return ranked(*params)


def listed_call(w, b):
    params = [w, b]
    return ranked(*params)


def copied(w, b):
    return ranked(*list((w, b)))


W = np.array([0.3, -1.2, 0.7])
B = np.array([[1.0, 2.0, 0.5], [2.0, 4.0, 1.0], [0.0, 1.0, 3.0]])


@pytest.mark.parametrize("f", [star_call, listed_call, copied])
def test_star_call_items_keep_their_own_activity(f):
    g = s2sgrad.grad(f)(W, B)
    assert_tree_close(g, numerical_grad(f, (W, B), 0), rtol=1e-6, atol=1e-8)
    assert_tree_close(g, autograd_grad(f, 0, W, B), rtol=1e-12, atol=1e-14)
    _, dot = s2sgrad.jvp(lambda w: f(w, B), (W,), (np.ones(3),))
    np.testing.assert_allclose(dot, np.sum(g), rtol=1e-12)
    h = s2sgrad.hessian(lambda w: f(w, B))(W)
    np.testing.assert_allclose(h, fd_hessian(lambda w: f(w, B), W), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("f", [star_call, listed_call])
def test_the_item_without_a_derivative_differentiated_is_refused(f):
    with pytest.raises(s2sgrad.NonDifferentiableError, match="matrix_rank"):
        s2sgrad.grad(f, argnums=1)(W, B)


def test_top_level_argnums_pick_an_item_of_args():
    g = s2sgrad.grad(ranked, argnums=0)(W, B)
    assert_tree_close(g, numerical_grad(ranked, (W, B), 0), rtol=1e-6, atol=1e-8)
    assert_tree_close(g, autograd_grad(ranked, 0, W, B), rtol=1e-12)
    value, g2 = s2sgrad.value_and_grad(ranked, argnums=0)(W, B)
    np.testing.assert_allclose(value, ranked(W, B))
    assert_tree_close(g2, g, rtol=0, atol=0)
    _, (v,) = s2sgrad.vjp(lambda w: ranked(w, B), (W,), 1.0)
    assert_tree_close(v, g, rtol=1e-12)


# -- items still reached by a differentiated value: stores, aliases, unknown positions ------------


def store_in_item(c, x, d):
    args = [c, x, d]
    args[0] = args[1] * 2.0  # item 0 now depends on x
    return np.sum(args[0] * args[2])


def store_at_unknown_position(c, x, d):
    args = [c, x, d]
    for i in range(3):
        args[i] = args[i] * x
    return np.sum(args[0]) + np.sum(args[2])


def varargs_store(c, x, d):
    return _shuffled(c, x, d)


def _shuffled(*args):
    args = list(args)
    args[ARGNUM] = args[1] * args[0]  # item 2 (ARGNUM) gets x
    return np.sum(args[ARGNUM]) + np.sum(args[0])


def closure_store(c, x, d):
    args = [c, x, d]

    def put():
        args[0] = x

    put()
    return np.sum(args[0] * d)


C3, X3, D3 = np.array([1.0, 2.0]), np.array([0.5, -0.3]), np.array([2.0, 0.25])


@pytest.mark.parametrize("f", [store_in_item, store_at_unknown_position, varargs_store])
def test_items_that_a_differentiated_value_reaches(f):
    args = (C3, X3, D3)
    g = s2sgrad.grad(f, argnums=1)(*args)
    assert_tree_close(g, numerical_grad(f, args, 1), rtol=1e-6, atol=1e-8)
    assert_tree_close(g, autograd_grad(f, 1, *args), rtol=1e-12, atol=1e-14)
    assert np.any(g != 0)
    _, dot = s2sgrad.jvp(lambda x: f(C3, x, D3), (X3,), (np.ones(2),))
    np.testing.assert_allclose(dot, np.sum(g), rtol=1e-12)


def store_through_alias(c, x, d):
    args = [c, x, d]
    alias = args
    alias[2] = x  # args[2] is x too
    return np.sum(args[0] * args[2])


@pytest.mark.parametrize("f", [closure_store, store_through_alias])
def test_an_item_stored_through_another_name(f):
    args = (C3, X3, D3)
    try:
        g = s2sgrad.grad(f, argnums=1)(*args)
    except s2sgrad.TransformError as exc:
        assert exc.filename == __file__  # refused at the user's line is fine; a zero is not
        return
    assert_tree_close(g, numerical_grad(f, args, 1), rtol=1e-6, atol=1e-8)


def test_a_rebound_index_makes_the_derivative_again():
    global ARGNUM
    args = (C3, X3, D3)
    first = s2sgrad.grad(varargs_store, argnums=1)(*args)
    assert_tree_close(first, numerical_grad(varargs_store, args, 1), rtol=1e-6, atol=1e-8)
    ARGNUM = 0
    try:
        again = s2sgrad.grad(varargs_store, argnums=1)(*args)
        assert_tree_close(again, numerical_grad(varargs_store, args, 1), rtol=1e-6, atol=1e-8)
        assert not np.allclose(first, again)
    finally:
        ARGNUM = 2


# -- s2sgrad's jvp, vjp, jacfwd and jacrev of a derivative made by autograd's layer ---------------

import s2sgrad.compat.autograd as sga  # noqa: E402


def cubed_sines(x):
    return np.sum(np.sin(x) ** 3 * x[0])


X2 = np.array([0.4, -1.1, 0.8])
T2 = np.array([0.3, 0.5, -2.0])


@pytest.mark.parametrize("make", ["grad", "elementwise_grad"])
def test_forward_and_reverse_of_an_autograd_derivative(make):
    d = getattr(sga, make)(cubed_sines)
    want_h = ag.hessian(lambda x: cubed_sines_ag(x))(X2)
    if make == "elementwise_grad":  # of a scalar function: the gradient too
        np.testing.assert_allclose(d(X2), ag.grad(cubed_sines_ag)(X2), rtol=1e-12)
    _, dot = s2sgrad.jvp(d, (X2,), (T2,))
    np.testing.assert_allclose(dot, want_h @ T2, rtol=1e-10)
    _, (ct,) = s2sgrad.vjp(d, (X2,), T2)
    np.testing.assert_allclose(ct, want_h.T @ T2, rtol=1e-10)
    np.testing.assert_allclose(s2sgrad.jacfwd(d)(X2), want_h, rtol=1e-10)
    np.testing.assert_allclose(s2sgrad.jacrev(d)(X2), want_h, rtol=1e-10)
    np.testing.assert_allclose(want_h, fd_hessian(cubed_sines, X2), rtol=1e-4, atol=1e-6)


def cubed_sines_ag(x):
    return ag.numpy.sum(ag.numpy.sin(x) ** 3 * x[0])


def _sines(x):
    return np.sin(x) * x[1]


def sum_of_a_nested_jacobian(x):
    return np.sum(np.sin(sga.jacobian(_sines)(x)))


def test_a_nested_jacobian_in_forward_mode_is_refused_at_the_users_line():
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="in reverse mode only") as info:
        s2sgrad.jvp(sum_of_a_nested_jacobian, (X2,), (T2,))
    assert info.value.filename == __file__
    g = s2sgrad.grad(sum_of_a_nested_jacobian)(X2)  # reverse mode: the derivative
    np.testing.assert_allclose(g, numerical_grad(sum_of_a_nested_jacobian, (X2,), 0), rtol=1e-6)


def _pair_product(y):
    return y[0] * y[1]


def sines_of_a_gradient(x):
    return np.sum(np.sin(s2sgrad.grad(_pair_product)(np.array([x, x * x]))))


def test_derivatives_around_a_nested_gradient_and_the_depth_they_stop_at():
    def fd2(x, eps=1e-4):
        return (
            sines_of_a_gradient(x + eps) - 2 * sines_of_a_gradient(x) + sines_of_a_gradient(x - eps)
        ) / eps**2

    second = s2sgrad.grad(s2sgrad.grad(sines_of_a_gradient))(0.7)
    np.testing.assert_allclose(second, fd2(0.7), rtol=1e-5)
    with pytest.raises(s2sgrad.TransformError, match="third derivative") as info:
        s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(sines_of_a_gradient)))(0.7)
    assert info.value.filename == __file__  # the line that calls grad inside
    assert "s2sgrad.grad(_pair_product)" in info.value.line
