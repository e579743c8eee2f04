"""Session 24: classes of autograd's own tests that s2sgrad.compat.autograd failed (issue 12),
each checked against central finite differences and against autograd itself."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

ag = pytest.importorskip("autograd")

import s2sgrad.compat.autograd as sg  # noqa: E402

anp = ag.numpy


def fd(f, args, argnum=0):
    """Central differences of ``f`` with its float arguments given as ``np.float64``."""
    return numerical_grad(lambda *a: f(*map(np.float64, a)), args, argnum)


# -- Python floats and complex numbers arrive as NumPy scalars --------------------------------


def attributes(x):
    assert x.shape == () and x.ndim == 0 and x.size == 1
    return x**3, x.dtype.name


def cube_with_attributes(x):
    return attributes(x)[0]


def product(x, y):
    return x.shape == () and y.shape == () and x * y * y


@pytest.mark.parametrize(
    "op",
    ["grad", "value_and_grad", "elementwise_grad", "jacobian", "hessian", "deriv"],
)
def test_float_argument_is_a_numpy_scalar(op):
    got = getattr(sg, op)(cube_with_attributes)(1.5)
    want = getattr(ag, op)(cube_with_attributes)(1.5)
    assert_tree_close(got, want, rtol=1e-12)
    first = {"grad": 6.75, "value_and_grad": (3.375, 6.75), "hessian": 9.0}
    if op in first:  # and the derivative, against finite differences
        assert_tree_close(got, first[op])
    if op == "grad":
        assert_tree_close(got, fd(cube_with_attributes, (1.5,)))


def test_value_and_grad_value_is_numpy_float64():
    value, g = sg.value_and_grad(cube_with_attributes)(2.0)
    ag_value, _ = ag.value_and_grad(cube_with_attributes)(2.0)
    assert type(value) is type(ag_value) is np.float64 and value == 8.0
    assert_tree_close(g, fd(cube_with_attributes, (2.0,)))


def test_make_vjp_make_jvp_and_grad_and_aux_take_numpy_scalars():
    vjp, ans = sg.make_vjp(cube_with_attributes)(2.0)
    assert type(ans) is np.float64 and vjp(1.0) == pytest.approx(12.0)
    ans, tangent = sg.make_jvp(cube_with_attributes)(2.0)(1.0)
    assert type(ans) is np.float64 and tangent == pytest.approx(12.0)
    g, aux = sg.grad_and_aux(attributes)(2.0)
    assert aux == "float64" and g == pytest.approx(12.0)


def test_tuple_argnum_converts_each_argument():
    got = sg.grad(product, (0, 1))(2.0, 3.0)
    assert_tree_close(got, ag.grad(product, (0, 1))(2.0, 3.0))
    assert_tree_close(got, tuple(fd(product, (2.0, 3.0), i) for i in (0, 1)))


def squared_modulus(np_):
    def f(z):
        assert z.dtype == np.complex128
        return np_.real(z * np_.conj(z))

    return f


def test_complex_argument_is_complex128():
    got = sg.grad(squared_modulus(np))(1.0 + 2.0j)
    assert got == pytest.approx(ag.grad(squared_modulus(anp))(1.0 + 2.0j)) == 2.0 - 4.0j


def test_arguments_not_differentiated_stay_python_floats():
    def f(x, scale):
        assert type(scale) is float
        return x.shape == () and x * scale

    assert sg.grad(f)(2.0, 3.0) == pytest.approx(3.0)


# -- autograd's deprecated primitive method defvjp(vjpfun, argnum) ---------------------------


def old_style_scale(make_primitive):
    """``scale(x, y) = x * y ** 2`` given its VJPs with the deprecated ``defvjp``; the VJP
    for ``x`` reads the vector spaces it is handed (``vs``: x's, ``gvs``: g's)."""

    @make_primitive
    def scale(x, y):
        return x * y**2

    def vjp_x(g, ans, vs, gvs, x, y):
        assert vs.shape == np.shape(x) and gvs.shape == np.shape(g)
        return g * y**2

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scale.defvjp(vjp_x)
        scale.defvjp(lambda g, ans, vs, gvs, x, y: 2.0 * g * x * y, argnum=1)
    assert len(caught) == 2  # each call says that the method is deprecated
    return scale


def loss_of(scale, np_):
    def loss(x, y):
        return np_.sum(np_.sin(scale(x, y)) * x)

    return loss


X3 = np.array([0.3, -0.7, 1.1])
Y3 = np.array([0.9, 0.4, -1.3])


@pytest.mark.parametrize("argnum", [0, 1])
def test_old_style_defvjp_first_and_second_order(argnum):
    from autograd.core import primitive as ag_primitive

    from s2sgrad.compat.autograd.core import primitive

    loss = loss_of(old_style_scale(primitive), np)
    ag_loss = loss_of(old_style_scale(ag_primitive), anp)
    g = sg.grad(loss, argnum)(X3, Y3)
    assert_tree_close(g, numerical_grad(loss, (X3, Y3), argnum))
    assert_tree_close(g, ag.grad(ag_loss, argnum)(X3, Y3), rtol=1e-12)
    h = sg.hessian(loss, argnum)(X3, Y3)
    assert_tree_close(h, ag.hessian(ag_loss, argnum)(X3, Y3), rtol=1e-10)
    gradient = sg.grad(loss, argnum)
    for i in range(3):  # each row of the Hessian: differences of the gradient
        row = numerical_grad(lambda *a, i=i: gradient(*a)[i], (X3, Y3), argnum)
        assert_tree_close(h[i], row, rtol=1e-5, atol=1e-6)


def test_old_style_defvjp_check_grads_second_order():
    from s2sgrad.compat.autograd.extend import primitive
    from s2sgrad.compat.autograd.test_util import check_grads

    check_grads(loss_of(old_style_scale(primitive), np), modes=["rev"], order=2)(X3, Y3)


def test_old_style_defvjp_with_a_default_is_an_error_at_second_order():
    from s2sgrad.compat.autograd.extend import primitive
    from s2sgrad.errors import S2SGradError

    @primitive
    def times(x, c=2.0):
        return x * c

    with pytest.warns(DeprecationWarning):
        times.defvjp(lambda g, ans, vs, gvs, x, c=2.0: g * c)

    def loss(x):
        return np.sum(np.sin(times(x)))

    assert_tree_close(sg.grad(loss)(X3), numerical_grad(loss, (X3,), 0))
    with pytest.raises(S2SGradError):
        sg.hessian(loss)(X3)
