"""Session 24: classes of autograd's own tests that s2sgrad.compat.autograd failed (issue 12),
each checked against central finite differences and against autograd itself."""

from __future__ import annotations

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
