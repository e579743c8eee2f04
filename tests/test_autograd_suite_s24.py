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


# -- autograd.numpy's own names: make_diagonal, where with keywords, linalg.T and _dot --------

import s2sgrad.compat.autograd.numpy as cnp  # noqa: E402

from s2sgrad.compat.autograd.test_util import check_grads  # noqa: E402

RS = np.random.RandomState(24)


def test_compat_numpy_is_numpy_with_autograds_names():
    import s2sgrad.compat.autograd.numpy.linalg as cla
    import s2sgrad.compat.autograd.numpy.numpy_wrapper as wrapper

    assert cnp.sum is np.sum and cnp.linalg.pinv is np.linalg.pinv and cnp.pi == np.pi
    assert cnp.random is np.random and cnp.fft is np.fft and cla is cnp.linalg
    assert wrapper.make_diagonal is cnp.make_diagonal and cnp.where is not np.where
    assert {"make_diagonal", "where"} <= set(dir(cnp)) and "T" in dir(cla)
    for name in ("make_diagonal", "where"):
        assert hasattr(anp, name) and hasattr(cnp, name)
    assert hasattr(anp.linalg, "_dot") and hasattr(cla, "_dot") and hasattr(cla, "T")


@pytest.mark.parametrize(
    ("shape", "offset", "axis1", "axis2"),
    [((4,), 0, -1, -2), ((3, 4), 0, -1, -2), ((3, 4), 1, 0, 2), ((2, 3), -2, 1, 0)],
)
def test_make_diagonal_values(shape, offset, axis1, axis2):
    D = RS.randn(*shape)
    A = cnp.make_diagonal(D, offset=offset, axis1=axis1, axis2=axis2)
    assert A.ndim == D.ndim + 1
    np.testing.assert_array_equal(np.diagonal(A, offset, axis1, axis2), D)
    assert np.count_nonzero(A) == D.size  # zeros off the diagonal
    if (offset, axis1, axis2) == (0, -1, -2):  # all autograd's make_diagonal takes
        np.testing.assert_array_equal(A, anp.make_diagonal(D, axis1=-1, axis2=-2))


def test_make_diagonal_refuses_bad_axes():
    with pytest.raises(ValueError, match="cannot be the same"):
        cnp.make_diagonal(np.ones(3), axis1=0, axis2=-2)
    with pytest.raises(np.exceptions.AxisError):
        cnp.make_diagonal(np.ones(3), axis1=0, axis2=2)


W36 = RS.randn(3, 6, 6)


def diagonal_loss(D):
    return np.sum(np.sin(cnp.make_diagonal(D, 2, 1, 2)) * W36 + cnp.make_diagonal(D, 2, 1, 2) ** 2)


def ag_diagonal_loss(D):
    return anp.sum(anp.sin(anp.make_diagonal(D, 0, -1, -2)) * W36[..., :4, :4])


def sg_diagonal_loss_ag_axes(D):
    return np.sum(np.sin(cnp.make_diagonal(D, 0, -1, -2)) * W36[..., :4, :4])


def test_make_diagonal_derivatives():
    D = RS.randn(3, 4)
    assert_tree_close(sg.grad(diagonal_loss)(D), numerical_grad(diagonal_loss, (D,), 0))
    got = sg.grad(sg_diagonal_loss_ag_axes)(D)
    assert_tree_close(got, ag.grad(ag_diagonal_loss)(D), rtol=1e-12)
    check_grads(diagonal_loss, modes=["fwd", "rev"], order=2)(D)
    alone = sg.grad(lambda D: np.sum(cnp.make_diagonal(D, 0, -1, -2) ** 2))(D)
    assert alone.flags.writeable  # not np.diagonal's read-only view
    np.testing.assert_allclose(alone, 2.0 * D, rtol=1e-14)


def keyword_where(x, y):
    return np.sum(cnp.where(condition=x > 0.2, x=np.sin(x) * y, y=y**2))


def ag_keyword_where(x, y):
    return anp.sum(anp.where(condition=x > 0.2, x=anp.sin(x) * y, y=y**2))


def mixed_where(x, y):
    return np.sum(cnp.where(x > 0.2, np.sin(x), y=x * y))


def test_where_keywords_and_python_values():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
    condition = [True, False, True]
    for got in (cnp.where(condition, x, y), cnp.where(condition=condition, x=x, y=y)):
        np.testing.assert_array_equal(got, [1.0, 5.0, 3.0])
    np.testing.assert_array_equal(cnp.where(condition, x, y=y), [1.0, 5.0, 3.0])
    np.testing.assert_array_equal(cnp.where(condition)[0], [0, 2])
    for args in [(True, 1, 2), (True, 3.0, 4.0), (False, 1, 2.0), (True, [1, 2], [3, 4])]:
        got, want = cnp.where(*args), anp.where(*args)
        assert type(got) is type(want) and got == want
    got = cnp.where(True, np.float32(1.0), np.float32(2.0))
    assert got.dtype == np.float32 == anp.where(True, np.float32(1.0), np.float32(2.0)).dtype
    with pytest.raises(ValueError, match="both or neither"):
        cnp.where(condition, x)


@pytest.mark.parametrize("argnum", [0, 1])
def test_where_derivatives(argnum):
    x, y = RS.randn(5), RS.randn(5)
    got = sg.grad(keyword_where, argnum)(x, y)
    assert_tree_close(got, numerical_grad(keyword_where, (x, y), argnum))
    assert_tree_close(got, ag.grad(ag_keyword_where, argnum)(x, y), rtol=1e-12)
    assert_tree_close(
        sg.grad(mixed_where, argnum)(x, y), numerical_grad(mixed_where, (x, y), argnum)
    )
    check_grads(keyword_where, modes=["fwd", "rev"], order=2)(x, y)


def low_rank_pinv(x):
    return np.sum(np.linalg.pinv(cnp.linalg._dot(cnp.linalg.T(x), x)) * np.arange(x.shape[-1]))


def stacked_products(a, b):
    return np.sum(
        np.tanh(cnp.linalg._dot(a, cnp.linalg.T(b))) * cnp.linalg._dot(a, cnp.linalg.T(b)[..., :1])
    )


def ag_stacked_products(a, b):
    return anp.sum(
        anp.tanh(anp.linalg._dot(a, anp.linalg.T(b))) * anp.linalg._dot(a, anp.linalg.T(b)[..., :1])
    )


def test_linalg_dot_and_T_values():
    a, b = RS.randn(2, 3, 4), RS.randn(4, 5)
    np.testing.assert_allclose(cnp.linalg._dot(a, b), a @ b, rtol=1e-14)
    np.testing.assert_array_equal(cnp.linalg.T(a), np.swapaxes(a, 1, 2))


@pytest.mark.parametrize("argnum", [0, 1])
def test_linalg_dot_and_T_derivatives(argnum):
    a, b = RS.randn(2, 3, 4), RS.randn(2, 5, 4)
    got = sg.grad(stacked_products, argnum)(a, b)
    assert_tree_close(got, numerical_grad(stacked_products, (a, b), argnum), rtol=1e-5)
    assert_tree_close(got, ag.grad(ag_stacked_products, argnum)(a, b), rtol=1e-12)
    check_grads(stacked_products, modes=["fwd", "rev"], order=2)(a, b)


def test_pinv_of_a_low_rank_product():
    x = RS.randn(2, 5, 3)
    g = sg.grad(low_rank_pinv)(x)
    assert_tree_close(g, numerical_grad(low_rank_pinv, (x,), 0), rtol=1e-5, atol=1e-6)


IMPOSTOR = """
import types

import numpy

np = types.ModuleType("impostor")  # NumPy's functions, but not NumPy
np.sum, np.sin = numpy.sum, numpy.sin
np.__s2s_numpy__ = {mark!r}


def f(x):
    return np.sum(np.sin(x) * x)
"""


@pytest.mark.parametrize("mark", [None, "yes"])  # only True marks a module as NumPy
def test_np_must_be_numpy_or_marked_as_numpy(tmp_path, monkeypatch, mark):
    import importlib

    import s2sgrad
    from s2sgrad.errors import UnsupportedSyntaxError

    (tmp_path / f"impostor_{mark}.py").write_text(IMPOSTOR.format(mark=mark))
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(f"impostor_{mark}")
    x = RS.randn(3)
    with pytest.raises(UnsupportedSyntaxError, match="does not refer to NumPy"):
        s2sgrad.grad(module.f)(x)
    # s2sgrad.compat.autograd.numpy is NumPy for generated code (np.cos in the derivative)
    got = s2sgrad.grad(lambda x: cnp.sum(cnp.sin(cnp.make_diagonal(x, 0, -1, -2))))(x)
    np.testing.assert_allclose(got, np.cos(x), rtol=1e-14)


# -- misc.const_graph: traced once, replayed --------------------------------------------------


def test_const_graph_replays_like_autograd():
    from autograd.extend import primitive as ag_primitive
    from autograd.misc import const_graph as ag_const_graph

    from s2sgrad.compat.autograd.extend import primitive
    from s2sgrad.compat.autograd.misc import const_graph

    def make(make_primitive, np_, log):
        @make_primitive
        def noted(v, name):
            log.append(name)
            return v

        def f(a, b, c):
            log.append("body")
            pair = np_.stack([noted(a, "a"), np_.sin(noted(b, "b"))])
            return np_.sum(pair * c) + noted(c, "c")[0]

        return f

    ours, theirs = [], []
    f = const_graph(make(primitive, np, ours), np.array([0.5, 1.5]), c=np.array([2.0, 3.0]))
    g = ag_const_graph(
        make(ag_primitive, anp, theirs), np.array([0.5, 1.5]), c=np.array([2.0, 3.0])
    )
    for b in (np.array([0.1, 0.2]), np.array([-1.0, 0.7]), np.array([3.0, 4.0])):
        got, want = f(b), g(b)
        np.testing.assert_allclose(got, want, rtol=1e-14)
        np.testing.assert_allclose(
            got, np.sum(np.stack([[0.5, 1.5], np.sin(b)]) * [2.0, 3.0]) + 2.0
        )
    assert ours == theirs == ["body", "a", "b", "c", "b", "b"]  # replays: only the b-nodes


def test_const_graph_replays_a_derivative_inside():
    from s2sgrad.compat.autograd.misc import const_graph

    calls = []

    def slope(x, y):
        calls.append(None)
        return sg.grad(lambda u: np.sin(u) * u + u**3)(x * y)

    replayed = const_graph(slope)
    for x, y in [(0.3, 0.5), (1.0, 2.0), (-0.7, 0.4)]:
        want = numerical_grad(lambda u: np.sin(u) * u + u**3, (x * y,), 0)
        assert replayed(x, y) == pytest.approx(want, rel=1e-6)
        assert replayed(x, y) == pytest.approx(slope(x, y), rel=1e-14)
    assert len(calls) == 1 + 3  # the trace, then the direct calls only


def test_const_graph_refuses_a_function_whose_values_decide():
    from s2sgrad.compat.autograd.misc import const_graph

    def relu_sum(x):
        return np.sum(np.where(x > 0, x, 0.0))

    def branch(x):
        return x * 2.0 if x > 0 else -x

    with pytest.raises(TypeError, match="greater"):
        const_graph(relu_sum)(np.array([1.0, -1.0]))
    with pytest.raises(TypeError, match="decide"):
        const_graph(branch)(1.0)
    with pytest.raises(TypeError, match="not 'int'"):
        const_graph(lambda n: n * 2.0)(3)
    with pytest.raises(ValueError, match="does not depend"):
        const_graph(lambda x: 2.0)(1.0)
