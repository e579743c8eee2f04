"""s2sgrad.compat.autograd's test_util, core, wrap_util, tracer and the operators added
for autograd's own test suite (benchmarks/autograd_suite.py): each against finite
differences and autograd as the oracle; the checks must catch a wrong derivative."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402

import s2sgrad.compat.autograd as sg  # noqa: E402
from s2sgrad.compat.autograd import core as sg_core  # noqa: E402
from s2sgrad.compat.autograd.extend import defvjp, primitive  # noqa: E402
from s2sgrad.compat.autograd.misc import const_graph  # noqa: E402
from s2sgrad.compat.autograd.test_util import (  # noqa: E402
    check_equivalent,
    check_grads,
    combo_check,
    scalar_close,
)
from s2sgrad.compat.autograd.tracer import isbox  # noqa: E402
from s2sgrad.compat.autograd.wrap_util import unary_to_nary  # noqa: E402

R = np.random.RandomState(0).randn


@pytest.mark.parametrize(
    "fun, args, argnum",
    [
        (np.sin, (R(3),), 0),
        (lambda x, y: np.sum(x * np.tanh(y)), (R(3), R(3)), (0, 1)),
        (lambda x, y: x @ y, (R(2, 3), R(3, 4)), 1),
        (lambda x: (np.sin(x), x**2), (R(3),), 0),
        (lambda x: [np.exp(x), np.sum(x)], (R(2, 2),), 0),
        (lambda a, b: a * b**2, (1.3, 0.7), (0, 1)),
    ],
)
@pytest.mark.parametrize("modes", [["fwd"], ["rev"], ["fwd", "rev"]])
def test_check_grads_passes_right_derivatives(fun, args, argnum, modes):
    check_grads(fun, argnum, modes=modes, order=2)(*args)


def _wrong(scale_vjp, scale_jvp):
    """sin with its derivative scaled: 1.0 is right, anything else wrong."""

    @primitive
    def f(x):
        return np.sin(x)

    defvjp(f, lambda ans, x: lambda g: scale_vjp * g * np.cos(x))
    sg.extend.defjvp(f, lambda g, ans, x: scale_jvp * g * np.cos(x))
    return f


@pytest.mark.parametrize("mode, order", [("rev", 1), ("fwd", 1), ("rev", 2), ("fwd", 2)])
def test_check_grads_catches_wrong_first_derivatives(mode, order):
    f = _wrong(1.1, 1.0) if mode == "rev" else _wrong(1.0, 0.9)
    with pytest.raises(AssertionError):
        check_grads(f, modes=[mode], order=order)(R(3))
    check_grads(_wrong(1.0, 1.0), modes=[mode], order=1)(R(3))


def test_combo_check_covers_every_combination(monkeypatch):
    import s2sgrad.compat.autograd.test_util as tu

    seen = []
    real = tu.check_grads

    def recording(fun, *a, **k):
        inner = real(fun, *a, **k)

        def run(*args, **kwargs):
            seen.append((len(args), kwargs["axis"], kwargs["keepdims"]))
            return inner(*args, **kwargs)

        return run

    monkeypatch.setattr(tu, "check_grads", recording)
    tu.combo_check(
        lambda x, axis, keepdims: np.sum(x**2, axis=axis, keepdims=keepdims),
        [0],
        order=1,
        modes=["rev"],
    )([R(2, 3), R(3, 3)], axis=[None, 0, 1], keepdims=[True, False])
    assert sorted(seen, key=str) == sorted(
        [(1, a, k) for a in (None, 0, 1) for k in (True, False)] * 2, key=str
    )
    monkeypatch.undo()
    combo_check(np.sum, [0])([R(2, 3), R(3)], axis=[None, 0], keepdims=[True, False])


def test_check_grads_rejects_orders_it_does_not_check():
    with pytest.raises(ValueError, match="order 1, 2 and 3"):
        check_grads(np.sin, order=4)(R(2))
    with pytest.raises(ValueError, match="modes"):
        check_grads(np.sin, modes=["backward"])(R(2))


def test_check_equivalent_and_scalar_close():
    a = R(3)
    check_equivalent(a, a.copy())
    with pytest.raises(AssertionError):
        check_equivalent(a, a + 1.0)
    with pytest.raises(AssertionError):
        check_equivalent(a, a[:2])
    assert scalar_close(1.0, 1.0 + 1e-9) and not scalar_close(1.0, 1.1)


@unary_to_nary
def _grad_by_core(fun, x):
    vjp, _ = sg_core.make_vjp(fun, x)
    return vjp(1.0)


@pytest.mark.parametrize(
    "fun", [lambda x, y: x * np.sin(y), lambda x, y: x / y + y**x, lambda x, y: np.hypot(x, y)]
)
def test_core_make_vjp_through_unary_to_nary(fun):
    x, y = 0.7, 1.8
    for argnum in (0, 1):
        got = _grad_by_core(fun, argnum)(x, y)
        assert np.isclose(got, ag.grad(_anp(fun), argnum)(x, y))
    both = _grad_by_core(fun, (0, 1))(x, y)
    assert np.allclose(both, [numerical_grad(fun, (x, y), 0), numerical_grad(fun, (x, y), 1)])


def _anp(fun):
    """The same lambda with autograd.numpy as np, for the oracle."""
    return type(fun)(fun.__code__, {**fun.__globals__, "np": anp})


def test_core_make_jvp():
    x = R(3)
    out, t = sg_core.make_jvp(lambda v: np.sin(v) * v, x)(np.ones(3))
    assert np.allclose(out, np.sin(x) * x)
    assert np.allclose(t, np.cos(x) * x + np.sin(x))


@pytest.mark.parametrize("f", [lambda z: z * (1.0 + 0.2j), lambda z: z**3, lambda z: np.exp(z)])
def test_holomorphic_grad(f):
    z = 0.4 + 0.3j
    got = sg.holomorphic_grad(f)(z)
    want = ag.holomorphic_grad(_anp(f))(z)
    assert np.isclose(got, want)
    h = 1e-6
    assert np.isclose(got, (f(z + h) - f(z - h)) / (2 * h))


@pytest.mark.parametrize("g", [None, lambda y: np.sum(np.sin(y)) + np.sum(y) ** 2])
def test_make_ggnvp(g):
    A = R(4, 3)

    def f(x):
        return np.tanh(A @ x)

    x, v = R(3), R(3)
    got = (sg.make_ggnvp(f) if g is None else sg.make_ggnvp(f, g))(x)(v)
    J = s2sgrad.jacfwd(f)(x)
    y = f(x)
    H = np.eye(4) if g is None else s2sgrad.hessian(g)(y)
    assert_tree_close(got, J.T @ H @ J @ v)
    ag_f = lambda x: anp.tanh(A @ x)  # noqa: E731
    want = ag.make_ggnvp(ag_f)(x)(v) if g is None else None
    if want is not None:
        assert_tree_close(got, want)


def test_checkpoint_gives_the_same_gradient():
    def seg(h, w):
        for _ in range(3):
            h = np.tanh(h * w)
        return h

    cp = sg.checkpoint(seg)

    def loss(w):
        return np.sum(cp(np.ones(3), w))

    w = R(3)
    want = numerical_grad(lambda w: np.sum(seg(np.ones(3), w)), (w,), 0)
    assert_tree_close(sg.grad(loss)(w), want)


def test_const_graph_binds_arguments_and_isbox():
    f = const_graph(lambda x, y, z: x + 2 * y + 3 * z, 1.0, z=3.0)
    assert f(2.0) == 14.0
    value, g = sg.value_and_grad(lambda x: np.sum(x**2))(R(2))
    assert not isbox(value) and not isbox(g)


@pytest.mark.parametrize("v_shape", [(5, 4, 3), (5, 4), (5,)])
def test_tensor_jacobian_product_contracts_leading_axes(v_shape):
    a = R(5, 4, 3)
    v = R(*v_shape)
    got = sg.tensor_jacobian_product(lambda a: np.roll(np.sin(a), 1))(a, v)
    want = ag.tensor_jacobian_product(lambda a: anp.roll(anp.sin(a), 1))(a, v)
    assert got.shape == want.shape and np.allclose(got, want)
    J = s2sgrad.jacrev(lambda a: np.roll(np.sin(a), 1))(a)
    assert np.allclose(got, np.tensordot(v, J, axes=v.ndim))


def test_forward_over_a_gradient_with_callees_reuses_its_instance():
    """jvp of a gradient whose function calls another: the recompute variant is made once
    per unit, and stays right when the callee changes."""

    def helper(x):
        return np.sin(x) * x

    def f(x):
        return np.sum(helper(x) ** 2)

    g = s2sgrad.grad(f)
    x, t = R(3), R(3)
    first = s2sgrad.jvp(g, (x,), (t,))[1]
    again = s2sgrad.jvp(g, (x,), (t,))[1]
    assert np.allclose(first, again)
    assert np.allclose(first, s2sgrad.hessian(f)(x) @ t)
    assert np.allclose(first, ag.hessian(lambda x: anp.sum((anp.sin(x) * x) ** 2))(x) @ t)


@pytest.mark.parametrize(
    "fun, x",
    [
        (np.fft.fft, R(4)),
        (lambda z: z**2 * np.exp(z), R(3) + 1j * R(3)),
        (lambda z: np.abs(z) ** 2, R(3) + 1j * R(3)),
        (lambda x: np.fft.rfft(x * x), R(6)),
    ],
)
def test_check_grads_of_complex_functions(fun, x):
    check_grads(fun)(x)
    ag_fun = _anp(fun) if fun.__name__ == "<lambda>" else ag.numpy.fft.fft
    want = ag.make_vjp(ag_fun)(x)[0](np.ones_like(fun(x)))
    got = sg.make_vjp(fun)(x)[0](np.ones_like(fun(x)))
    assert np.allclose(got, want)


def _eig_values_and_moduli(x):
    w, v = np.linalg.eig(x)
    return w, np.abs(v)


def test_check_grads_of_a_tuple_with_complex_items():
    # the projection of a tuple output holding complex arrays is the real inner product
    rng = np.random.default_rng(0)
    for shape in ((4, 4), (2, 3, 3)):
        check_grads(_eig_values_and_moduli)(rng.normal(size=shape) + 1j * rng.normal(size=shape))


def test_check_grads_catches_a_conjugated_vjp():
    @primitive
    def f(z):
        return z * (2.0 + 1.0j)

    defvjp(f, lambda ans, z: lambda g: np.conj(g * (2.0 + 1.0j)))
    with pytest.raises(AssertionError):
        check_grads(f, modes=["rev"], order=1)(R(3) + 1j * R(3))


@pytest.mark.parametrize(
    "argnum, arg_lists",
    [
        ([1], (["ij->ji"], [R(3, 4)])),
        ([1, 2], (["ij,jk->ik"], [R(2, 3)], [R(3, 4)])),
        ([1, 2], (["...k,...nk->..."], [R(3, 5)], [R(3, 2, 5)])),
        ([0, 2], ([R(2, 3)], [(0, 1)], [R(3, 4)], [(1, 2)], [(0, 2)])),
        ([0, 2], ([R(2, 3)], [[Ellipsis, 1]], [R(3, 4)], [[1, 2]], [[Ellipsis, 2]])),
    ],
)
def test_combo_check_passes_strings_and_sublists_through(argnum, arg_lists):
    """Non-array arguments (an einsum format, sublists, Ellipsis) are not differentiated."""
    combo_check(np.einsum, argnum)(*arg_lists)


def test_jvp_of_varargs_with_a_string_item_against_autograd():
    def f(*args):
        return np.einsum(*args) ** 2

    a, b, t = R(2, 3), R(3, 4), R(2, 3)
    _, got = s2sgrad.jvp(f, ("ij,jk->ik", a, b), (None, t, None))
    want = ag.make_jvp(lambda x: anp.einsum("ij,jk->ik", x, b) ** 2)(a)(t)[1]
    assert np.allclose(got, want)


def test_combo_check_catches_a_wrong_rule_beside_a_string_argument():
    @primitive
    def contract(spec, x):
        return np.einsum(spec, x)

    defvjp(contract, None, lambda ans, spec, x: lambda g: 1.01 * np.einsum("ij->ji", g))
    sg.extend.defjvp(contract, None, lambda g, ans, spec, x: np.einsum(spec, g))
    with pytest.raises(AssertionError, match="VJP"):
        combo_check(contract, [1], modes=["rev"], order=1)(["ij->ji"], [R(3, 4)])
    combo_check(contract, [1], modes=["fwd"], order=1)(["ij->ji"], [R(3, 4)])


@pytest.mark.parametrize(
    "fun, x", [(np.sign, 1.3), (np.ceil, R(3)), (np.floor, R(2, 2)), (np.round, 0.7)]
)
def test_zero_derivative_functions_through_varargs(fun, x):
    """A *args function whose gradient is identically zero (compat's wrapper of a NumPy
    function): each item's gradient is a zero of its own shape, as autograd gives."""
    check_grads(fun)(x)
    want = ag.grad(lambda v: anp.sum(getattr(anp, fun.__name__)(v)))(x)

    def f(*args):
        return np.sum(fun(args[0]))

    got = s2sgrad.grad(f)(x)
    assert np.shape(got) == np.shape(want) and np.all(got == 0) and np.all(want == 0)
    _, (g_x, g_other) = s2sgrad.vjp(f, (x, 2.0), 1.0)
    assert np.shape(g_x) == np.shape(x) and np.all(g_x == 0) and g_other == 0.0


@pytest.mark.parametrize(
    "fun, args, argnum",
    [
        (lambda x: np.sin(x) * x**2, (R(3),), 0),
        (np.dot, (R(2, 3), R(3)), (0, 1)),
        (np.outer, (R(3) + 1j * R(3), R(2)), (0, 1)),
        (lambda x, y: np.tensordot(x, y, axes=1) ** 2, (R(2, 3), R(3, 2)), (0, 1)),
        (lambda x, y: (np.exp(x) * y, np.sum(x / y)), (R(2), R(2) + 3.0), (0, 1)),
        (np.tensordot, (R(2, 2), R(2, 2)), (0, 1)),
    ],
)
@pytest.mark.parametrize("modes", [["fwd"], ["rev"], ["fwd", "rev"]])
def test_check_grads_order_three(fun, args, argnum, modes):
    kwargs = {"axes": 2} if fun is np.tensordot else {}
    check_grads(fun, argnum, modes=modes, order=3)(*args, **kwargs)


X0 = np.array([0.4, -0.3])


def _square_jvp_wrong(primals, tangents):
    return primals[0] ** 2, 2.1 * primals[0] * tangents[0]


def _square_jvp_right(primals, tangents):
    return primals[0] ** 2, 2.0 * primals[0] * tangents[0]


def _chain(square_jvp):
    """``sum(x ** 4)`` whose VJP calls ``cube``, whose JVP calls ``square``: only the
    third derivative (forward mode over cube's JVP) reaches square's JVP rule."""
    square = s2sgrad.custom_vjp(lambda x: x**2)
    square.defjvp(square_jvp)
    cube = s2sgrad.custom_vjp(lambda x: x**3)

    def cube_jvp(primals, tangents):
        return primals[0] ** 3, 3.0 * square(primals[0]) * tangents[0]

    def cube_fwd(x):
        return x**3, x

    def cube_bwd(x, g):
        return (g * 3.0 * x**2,)

    cube.defvjp(cube_fwd, cube_bwd).defjvp(cube_jvp)
    quartic = s2sgrad.custom_vjp(lambda x: x**4)

    def quartic_fwd(x):
        return x**4, x

    def quartic_bwd(x, g):
        return (g * 4.0 * cube(x),)

    # a forward rule too (session 26): forward mode through a rule with a VJP only takes
    # its Jacobian from the VJP, one derivative; the third order goes forward twice through
    # f's call of quartic, which is an error without one (it differentiated the body before)
    quartic.defvjp(quartic_fwd, quartic_bwd).defjvp(
        lambda p, t: (p[0] ** 4, 4.0 * cube(p[0]) * t[0])
    )

    def f(x):
        return np.sum(quartic(x))

    return f


def test_order_three_catches_a_wrong_rule_only_third_derivatives_use():
    wrong = _chain(_square_jvp_wrong)
    check_grads(wrong, modes=["rev"], order=2)(X0.copy())
    with pytest.raises(AssertionError, match="vjp_vjp_f"):
        check_grads(wrong, modes=["rev"], order=3)(X0.copy())
    check_grads(_chain(_square_jvp_right), modes=["rev"], order=3)(X0.copy())


def test_errors_in_check_grads_name_the_users_line():
    """A function s2sgrad cannot differentiate, given to check_grads or grad directly:
    the error names this file's line, never compat's wrapper."""
    import inspect

    from s2sgrad.errors import TransformError

    line = inspect.currentframe().f_lineno + 2
    with pytest.raises(TransformError) as caught:
        check_grads(np.unwrap)(np.ones(3))
    assert caught.value.filename == __file__ and caught.value.lineno == line
    assert "unwrap" in str(caught.value) and "autograd/test_util.py" not in str(caught.value)
    with pytest.raises(TransformError) as caught:
        combo_check(np.unwrap, [0])([np.ones(3)])
    assert caught.value.filename == __file__


def test_check_grads_of_a_scipy_distribution_method():
    """Bound methods of SciPy's distributions keep their rules (they are not read as
    methods of a program's class)."""
    scipy_stats = pytest.importorskip("scipy.stats")
    check_grads(scipy_stats.norm.logpdf, modes=["rev"])(R(3), 0.5, 1.3)
    check_grads(scipy_stats.norm.pdf, argnum=(0, 2), modes=["rev"])(R(3), 0.5, 1.3)


def _asserting(x):
    assert np.allclose(x, (x * 3.0) / 3.0)  # rewritten by pytest in this module
    return np.sum(np.sin(x) * x)


def _asserting_two(x, y):
    assert x.shape == y.shape, "shapes differ"
    return np.sum(x * np.exp(y))


def test_asserts_rewritten_by_pytest_in_higher_derivatives():
    """pytest rewrites this module's asserts; s2sgrad's generated gradient (whose
    namespace holds the module's names) is not rewritten, so forward mode over it reads
    it as it was compiled."""
    x = R(3)
    check_grads(_asserting)(x)
    assert np.allclose(s2sgrad.hessian(_asserting)(x), ag.hessian(_anp(_asserting))(x))
    check_grads(_asserting_two, argnum=(0, 1), order=3)(x, R(3))
