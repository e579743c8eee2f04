"""s2sgrad.compat.autograd's vector spaces, primitive tables, deprecated primitive methods,
autograd.util and operator names, each against autograd itself as the oracle and finite
differences (the checks must fail on a wrong rule)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

ag = pytest.importorskip("autograd")
import autograd.core as ag_core  # noqa: E402

import s2sgrad.compat.autograd as sg  # noqa: E402
from s2sgrad.compat.autograd import core as sg_core  # noqa: E402
from s2sgrad.compat.autograd import util as sg_util  # noqa: E402
from s2sgrad.compat.autograd.extend import defvjp, primitive, primitive_vjps  # noqa: E402
from s2sgrad.compat.autograd.test_util import check_grads  # noqa: E402
from s2sgrad.compat.autograd.vspace import vspace  # noqa: E402

R = np.random.RandomState(1).randn

VALUES = [
    np.zeros((3, 2)),
    0.0,
    1.0j * np.zeros((2, 1)),
    np.zeros(3, dtype=np.float32),
    [1.0, np.zeros((2, 1))],
    (1.0, np.zeros((2, 1))),
    {"a": 1.0, "b": np.zeros((2, 1))},
    {"x": [0.0, np.zeros((3, 1))], "y": ({"a": 0.0}, [0.0 + 0.0j])},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_vspace_matches_autograds(value):
    vs, ag_vs = vspace(value), ag_core.vspace(value)
    assert vs.size == ag_vs.size
    assert vs.iscomplex == ag_vs.iscomplex
    basis = list(vs.standard_basis())
    assert len(basis) == vs.size and all(vspace(e) == vs for e in basis)
    x, y = vs.randn(), vs.randn()
    assert vspace(x) == vs and vspace(vs.zeros()) == vs and vspace(vs.ones()) == vs
    assert np.isclose(vs.inner_prod(x, y), ag_vs.inner_prod(x, y))
    assert np.isclose(
        vs.inner_prod(vs.add(x, y), vs.scalar_mul(y, 0.3)),
        ag_vs.inner_prod(ag_vs.add(x, y), ag_vs.scalar_mul(y, 0.3)),
    )
    assert np.isclose(vs.inner_prod(vs.covector(x), y), ag_vs.inner_prod(ag_vs.covector(x), y))


def test_vspace_equality_and_errors():
    assert vspace(np.zeros(3)) == vspace(np.ones(3))
    assert vspace(np.zeros(3)) != vspace(np.zeros(4))
    assert vspace(np.zeros(3)) != vspace(np.zeros(3, dtype=np.float32))
    assert vspace([1.0, 2.0]) != vspace((1.0, 2.0))
    assert vspace({"a": 1.0}) != vspace({"b": 1.0})
    assert len({vspace(np.zeros(2)), vspace(np.ones(2))}) == 1
    with pytest.raises(TypeError, match="no vector space"):
        vspace("a string")


@pytest.mark.parametrize("value", VALUES[:3] + VALUES[4:7], ids=range(len(VALUES) - 2))
def test_vspace_operations_pass_check_grads(value):
    """The arithmetic is differentiated through its own rules, in both modes and order 2,
    and those rules agree with finite differences."""
    vs = vspace(value)
    check_grads(vs.add)(vs.randn(), vs.randn())
    check_grads(vs.scalar_mul)(vs.randn(), 0.7)
    check_grads(vs.scalar_mul, argnum=1)(vs.randn(), 0.7)
    check_grads(vs.inner_prod, argnum=(0, 1))(vs.randn(), vs.randn())


def _tree_fun(x):
    return {"s": np.sin(x), "rest": [x**2, (np.exp(x), {"t": np.sum(x)})]}


@pytest.mark.parametrize("modes", [["fwd"], ["rev"], ["fwd", "rev"]])
def test_check_grads_of_tree_outputs(modes):
    check_grads(_tree_fun, modes=modes)(R(3))
    check_grads(lambda a, b: {"p": a * b, "q": (a - b, [np.tanh(a)])}, argnum=(0, 1), modes=modes)(
        R(2), R(2)
    )


@pytest.mark.parametrize("scale, right", [(1.01, False), (1.0, True)])
def test_check_grads_catches_a_wrong_rule_with_a_dict_output(scale, right):
    @primitive
    def halves(x):
        return {"a": x / 2.0, "b": x}

    defvjp(halves, lambda ans, x: lambda g: g["a"] / 2.0 + scale * g["b"])
    if right:
        check_grads(halves, modes=["rev"], order=1)(R(3))
    else:
        with pytest.raises(AssertionError, match="VJP"):
            check_grads(halves, modes=["rev"], order=1)(R(3))


def _mul_primitives():
    @primitive
    def new_mul(x, y):
        return x * y

    @ag.extend.primitive
    def ag_mul(x, y):
        return x * y

    return new_mul, ag_mul


@pytest.mark.parametrize("style", ["defgrad", "defvjp"])
def test_deprecated_defgrad_and_old_defvjp_against_autograd(style):
    a, b = R(2, 2), R(2, 2)
    new_mul, ag_mul = _mul_primitives()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if style == "defgrad":
            new_mul.defgrad(lambda ans, x, y: lambda g: y * g)
            new_mul.defgrad(lambda ans, x, y: lambda g: x * g, argnum=1)
        else:
            new_mul.defvjp(lambda g, ans, vs, gvs, x, y: y * g)
            new_mul.defvjp(lambda g, ans, vs, gvs, x, y: x * g, argnum=1)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    ag.extend.defvjp(ag_mul, lambda ans, x, y: lambda g: y * g, lambda ans, x, y: lambda g: x * g)
    got = sg.grad(lambda x, y: np.sum(np.sin(new_mul(x, y))), (0, 1))(a, b)
    want = ag.grad(lambda x, y: ag.numpy.sum(ag.numpy.sin(ag_mul(x, y))), (0, 1))(a, b)
    assert all(np.allclose(g, w) for g, w in zip(got, want))
    check_grads(new_mul, argnum=(0, 1), modes=["rev"], order=1)(a, b)
    assert sorted(primitive_vjps[new_mul]) == [0, 1]


def test_old_defvjp_passes_vector_spaces_and_a_wrong_one_is_caught():
    seen = []

    @primitive
    def scaled(x):
        return 3.0 * x

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scaled.defvjp(lambda g, ans, vs, gvs, x: seen.append((vs, gvs)) or 3.01 * g)
    with pytest.raises(AssertionError, match="VJP"):
        check_grads(scaled, modes=["rev"], order=1)(R(3))
    assert seen[0] == (vspace(np.zeros(3)), vspace(np.zeros(3)))


def test_defvjp_is_zero():
    @primitive
    def const_like(x, y):
        return 0.0 * x * y

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        const_like.defvjp_is_zero([0, 1])
    check_grads(const_like, argnum=(0, 1), modes=["rev"], order=1)(R(2), R(2))
    assert primitive_vjps[const_like] == {0: None, 1: None}


def test_primitive_without_rules_raises_not_implemented():
    fun = primitive(lambda x: 2.0 * x)
    with pytest.raises(NotImplementedError, match="VJP"):
        sg.grad(fun)(1.0)
    with pytest.raises(NotImplementedError, match="JVP"):
        sg.deriv(fun)(1.0)
    with pytest.raises(NotImplementedError, match="VJP"):
        sg.grad(lambda x: np.sum(fun(x) ** 2))(R(3))


def test_primitive_vjps_table():
    @primitive
    def cube(x):
        return x**3

    assert cube not in primitive_vjps
    primitive_vjps[cube] = {0: lambda ans, x: lambda g: 3 * x**2 * g}
    assert np.isclose(sg.grad(cube)(2.0), 12.0)
    assert list(primitive_vjps[cube]) == [0] and cube in sg_core.primitive_vjps
    assert primitive_vjps.pop(cube) is not None and cube not in primitive_vjps
    assert primitive_vjps.pop(np.iscomplex, None) is None
    later = primitive(lambda x: x**3)
    primitive_vjps[later] = {0: lambda ans, x: lambda g: 3 * x**2 * g}
    del primitive_vjps[later]
    with pytest.raises(NotImplementedError):
        sg.grad(later)(2.0)


@pytest.mark.parametrize("fun", [lambda x: np.allclose(x, x * 3.0 / 3.0), lambda x: np.sum(x) > 0])
def test_grad_of_a_bool_or_int_output_is_a_type_error(fun):
    with pytest.raises(TypeError):
        sg.grad(fun)(R(3))
    with pytest.raises(TypeError):
        ag.grad(fun)(R(3))


def test_quick_grad_check():
    with pytest.warns(DeprecationWarning):
        sg_util.quick_grad_check(lambda x, y: x**2 + y, 1.0, (2.0,))

    @primitive
    def twice(x):
        return 2.0 * x

    defvjp(twice, lambda ans, x: lambda g: 2.1 * g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(AssertionError):
            sg_util.quick_grad_check(lambda x, k: np.sum(twice(x) * k), R(3), (1.5,))
    assert sg_util.subvals((1, 2, 3), [(0, 9), (2, 8)]) == (9, 2, 8)


@pytest.mark.parametrize(
    "op",
    ["grad", "elementwise_grad", "jacobian", "hessian", "value_and_grad", "make_vjp", "make_jvp"],
)
def test_operator_names_and_docs_match_autograd(op):
    def foo(x, y):
        return x * y

    mine, theirs = getattr(sg, op)(foo, 1), getattr(ag, op)(foo, 1)
    assert mine.__name__ == theirs.__name__
    assert mine.__doc__ == theirs.__doc__
    assert (
        sg.grad.__doc__.lstrip(" ").startswith("\n")
        and "Returns a function which" in sg.grad.__doc__.splitlines()[1]
    )


@pytest.mark.parametrize("fun", [lambda x: x * (1.0 + 0.2j), lambda x: np.exp(1j * x) * x])
def test_grad_of_a_complex_output_is_a_type_error_as_in_autograd(fun):
    with pytest.raises(TypeError, match="real scalar"):
        sg.grad(fun)(1.0)
    with pytest.raises(TypeError):
        ag.grad(fun)(1.0)
    assert np.isclose(
        sg.holomorphic_grad(fun)(1.0 + 0.0j), ag.holomorphic_grad(_ag(fun))(1.0 + 0.0j)
    )


def _ag(fun):
    return type(fun)(fun.__code__, {**fun.__globals__, "np": ag.numpy})


def _sin_primitive(maker_style):
    @primitive
    def sin_p(x):
        return np.sin(x)

    if maker_style == "lambda":
        defvjp(sin_p, lambda ans, x: lambda g: g * np.cos(x))
    else:

        def make_vjp(ans, x):
            c = np.cos(x)

            def vjp(g):
                return g * c

            return vjp

        defvjp(sin_p, make_vjp)
    return sin_p


@pytest.mark.parametrize("maker_style", ["lambda", "def"])
def test_primitive_with_vjp_makers_differentiates_twice(maker_style):
    """The makers' own code is differentiated again: order-2 checks in both modes, and
    Hessians of functions using the primitive, against autograd."""
    sin_p = _sin_primitive(maker_style)
    x = R(3)
    check_grads(sin_p, modes=["rev"])(x)
    check_grads(sin_p)(x)
    check_grads(lambda v: np.sum(sin_p(v) * v**2))(x)
    got = sg.hessian(lambda v: np.sum(sin_p(v) * v**2))(x)
    want = ag.hessian(lambda v: ag.numpy.sum(ag.numpy.sin(v) * v**2))(x)
    assert np.allclose(got, want)


def test_order_two_catches_a_wrong_rule_inside_a_maker():
    """The maker of sin_p calls cos_p, whose JVP is wrong: the VJP's values are right
    (first order passes) and its derivative in x is wrong (second order fails)."""

    @primitive
    def cos_p(x):
        return np.cos(x)

    sg.extend.defjvp(cos_p, lambda g, ans, x: -1.01 * g * np.sin(x))

    @primitive
    def sin_p(x):
        return np.sin(x)

    defvjp(sin_p, lambda ans, x: lambda g: g * cos_p(x))
    check_grads(sin_p, modes=["rev"], order=1)(R(3))
    with pytest.raises(AssertionError, match="vjp_"):
        check_grads(sin_p, modes=["rev"], order=2)(R(3))


def test_deprecated_defgrad_and_is_zero_check_at_order_two():
    new_mul, _ = _mul_primitives()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        new_mul.defgrad(lambda ans, x, y: lambda g: y * g)
        new_mul.defgrad(lambda ans, x, y: lambda g: x * g, argnum=1)
    check_grads(lambda x, y: new_mul(x, y), argnum=(0, 1), modes=["rev"])(R(2, 2), R(2, 2))

    @primitive
    def zero_mul(x, y):
        return 0 * x * y

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zero_mul.defvjp_is_zero([0, 1])
    check_grads(lambda x, y: zero_mul(x, y), argnum=(0, 1), modes=["rev"])(R(2, 2), R(2, 2))


def test_box_is_autograds_traced_value():
    """extend.Box is the tracer's (autograd's rkhs.py subclasses it; the tracer is tested in
    tests/test_autograd_examples_s22.py); a value of a class without a box is refused."""
    from s2sgrad.compat.autograd.extend import Box
    from s2sgrad.compat.autograd.tracer import new_box

    assert Box is sg.tracer.Box and isinstance(new_box(1.0, 0, None), Box)
    with pytest.raises(TypeError, match="Can't differentiate w.r.t. type"):
        new_box(object(), 0, None)
    with pytest.raises(AttributeError):
        sg.extend.no_such_name  # noqa: B018
