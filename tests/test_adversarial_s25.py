"""Adversarial programs of session 25 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected, numerical_grad

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# The auxiliary outputs of a nested value_and_grad, and the items of a nested jvp's
# tuple output, got no derivative in reverse mode: their adjoint is forward mode over the
# inner gradient along its seed, whose items for them were the 0.0 placeholder, so the
# `if nonzero(d):` blocks they reach were skipped (x's gradient in `aux ** 2` was 0)


def _loss_and_scaled(y, c):
    return np.sum(y**2 * c), y * 3.0


def _loss_and_list(y, c):
    return np.sum(y**2) * c, [y * c, 2.0]


def _loss_and_dict(y):
    return np.sum(y**2), {"s": np.sum(y), "name": "text"}


def _sum_and_scaled(y):
    return np.sum(y**2), y * 3.0


def aux_read(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_scaled)(x[1:], x[0])
    return np.sum(aux**2)


def aux_times_gradient(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_scaled)(x[1:], x[0])
    return v + np.sum(aux * g)


def aux_of_a_lambda(x):
    (v, aux), g = s2sgrad.value_and_grad(lambda y: (np.sum(y**2 * x[0]), y * 3))(x[1:])
    return v + np.sum(g * aux)


def aux_list(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_list, argnums=0)(x[1:], x[0])
    return np.sum(aux[0] ** 2) * aux[1] + v


def aux_dict_with_text(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_dict)(x)
    return aux["s"] ** 2 + np.sum(g)


def jvp_of_a_tuple_output(x):
    out, t = s2sgrad.jvp(_sum_and_scaled, (x,), (np.ones(4),))
    return out[0] * np.sum(t[1] * out[1])


def _oracle_aux_read(x):
    return anp.sum((x[1:] * 3.0) ** 2)


def _oracle_aux_times_gradient(x):
    y, c = x[1:], x[0]
    g = autograd.grad(lambda y: anp.sum(y**2 * c))(y)
    return anp.sum(y**2 * c) + anp.sum(y * 3.0 * g)


def _oracle_aux_of_a_lambda(x):
    y = x[1:]
    g = autograd.grad(lambda y: anp.sum(y**2 * x[0]))(y)
    return anp.sum(y**2 * x[0]) + anp.sum(g * y * 3)


def _oracle_aux_list(x):
    y, c = x[1:], x[0]
    return anp.sum((y * c) ** 2) * 2.0 + anp.sum(y**2) * c


def _oracle_aux_dict_with_text(x):
    return anp.sum(x) ** 2 + anp.sum(autograd.grad(lambda y: anp.sum(y**2))(x))


def _oracle_jvp_of_a_tuple_output(x):
    t1 = autograd.make_jvp(lambda y: y * 3.0)(x)(anp.ones(4))[1]
    return anp.sum(x**2) * anp.sum(t1 * x * 3.0)


@pytest.mark.parametrize(
    "f, oracle",
    [
        (aux_read, _oracle_aux_read),
        (aux_times_gradient, _oracle_aux_times_gradient),
        (aux_of_a_lambda, _oracle_aux_of_a_lambda),
        (aux_list, _oracle_aux_list),
        (aux_dict_with_text, _oracle_aux_dict_with_text),
        (jvp_of_a_tuple_output, _oracle_jvp_of_a_tuple_output),
    ],
)
def test_auxiliary_outputs_of_nested_derivatives_are_differentiated(f, oracle):
    x = np.array(X)
    np.testing.assert_allclose(oracle(x), f(x), rtol=1e-12)
    np.testing.assert_allclose(
        s2sgrad.grad(f)(x.copy()), autograd.grad(oracle)(x), rtol=1e-10, atol=1e-12
    )
    check_all_modes(f, X, oracle=False)  # autograd cannot run s2sgrad's inner transforms


# Second derivatives at a point where an adjoint is the float 0.0: generated reverse code
# skips the block of an adjoint that is still the 0.0 placeholder (`if nonzero(dt):`), and
# forward mode over it (hessian, grad of grad, jvp of grad, hvp) took that test as it was,
# so an adjoint computed as 0.0 (`dt = dresult * 2.0 * t` at t == 0.0 of Python floats)
# dropped its tangent: the Hessian of (a - 1) ** 2 through a callee at a == 1.0 was 0.0


def _squared(t):
    return t * t


def through_a_callee(a):
    return _squared(a - 1.0) + a


def through_a_dict(a):
    d = {"u": a - 1.0}
    return d["u"] ** 2


def through_a_list_item(a):
    u = [a - 1.0, a]
    return u[0] * u[0] + u[1]


def through_a_list_loop(a):
    u = a - 1.0
    s = 0.0
    for v in [u, u * 2.0, u * 3.0]:
        s = s + v * v
    return s


def through_appends(a):
    xs = []
    for i in range(3):
        xs.append((a - 1.0) * i)
    return sum(v * v for v in xs)


def through_a_while_loop(a):
    s = 0.0
    k = 0
    while k < 3:
        s = s + _squared(a - 1.0) * k
        k = k + 1
    return s


def through_a_dict_in_a_loop(a):
    d = {"s": 0.0}
    for _ in range(2):
        d["s"] = d["s"] + (a - 1.0) ** 2
    return d["s"]


def dict_values_summed(a):
    d = {"a": a - 1.0, "b": 2.0 * (a - 1.0)}
    return sum(v * v for v in d.values())


def sorted_items(a):
    return sum(v * v for v in sorted([a - 1.0, 2 * (a - 1.0), a]))


def pairs_of_a_list(a):
    xs = [(a - 1.0, 1.0), (2.0, a - 1.0)]
    return sum(p * q * p for p, q in xs) + sum(q * q for p, q in xs)


def cubed_through_a_callee(a):
    return _squared(a - 1.0) * (a - 1.0) + _squared(a)


@pytest.mark.parametrize(
    "f",
    [
        through_a_callee,
        through_a_dict,
        through_a_list_item,
        through_a_list_loop,
        through_appends,
        through_a_while_loop,
        through_a_dict_in_a_loop,
        dict_values_summed,
        sorted_items,
        pairs_of_a_list,
        cubed_through_a_callee,
    ],
)
@pytest.mark.parametrize("a", [1.0, 1.25])
def test_second_derivatives_where_a_float_adjoint_is_zero(f, a):
    expected = autograd.hessian(f)(a)
    eps = 1e-4
    np.testing.assert_allclose((f(a + eps) - 2 * f(a) + f(a - eps)) / eps**2, expected, atol=1e-4)
    assert expected != 0.0
    for second in (
        s2sgrad.hessian(f)(a),
        s2sgrad.grad(s2sgrad.grad(f))(a),
        s2sgrad.jvp(s2sgrad.grad(f), (a,), (1.0,))[1],
        s2sgrad.hvp(f, (a,), (1.0,)),
        s2sgrad.jacfwd(s2sgrad.grad(f))(a),
    ):
        np.testing.assert_allclose(second, expected, rtol=1e-10)


def test_a_third_derivative_where_a_float_adjoint_is_zero():
    third = autograd.grad(autograd.grad(autograd.grad(cubed_through_a_callee)))(1.0)
    assert third == 6.0
    got = s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(cubed_through_a_callee)))(1.0)
    np.testing.assert_allclose(got, third, rtol=1e-10)


# The adjoint of a nested jacobian of a function returning a tuple, list or dict (a tree of
# Jacobians, as jacfwd/jacrev give) treated the tree as one array: NumPy stacked its items
# and the inner gradient got a seed of the wrong structure (a ValueError naming a vjp the
# program never called), or a ragged array


def _two_scalars(y, c):
    return np.sum(y**2) * c, np.sum(np.sin(y)) * c


def _two_arrays(y, c):
    return [y * c, y**2]


def _array_and_sum(y, c):
    return {"a": y**2 * c, "b": np.sum(y) * c}


def _pair_of_floats(y, c):
    return y * c, y**2


W3 = np.array([1.0, 2.0, 3.0])
M3 = np.arange(9.0).reshape(3, 3)


def jacrev_of_two_scalars(x):
    J = s2sgrad.jacrev(_two_scalars)(x[1:], x[0])
    return np.sum(J[0] * W3) + np.sum(J[1] ** 2)


def jacfwd_of_two_scalars(x):
    J = s2sgrad.jacfwd(_two_scalars)(x[1:], x[0])
    return np.sum(J[1] * W3) * J[0][0]


def jacrev_of_a_list(x):
    J = s2sgrad.jacrev(_two_arrays)(x[1:], x[0])
    return np.sum(J[0] * M3) + np.sum(J[1] * M3**2)


def jacrev_of_a_dict(x):
    J = s2sgrad.jacrev(_array_and_sum)(x[1:], x[0])
    return np.sum(J["a"] * M3) + np.sum(J["b"] ** 2)


def jacrev_of_floats(x):
    J = s2sgrad.jacrev(_pair_of_floats)(x[1], x[0])
    return J[0] * 2.0 + J[1] * x[2]


def _oracle_jacrev_of_two_scalars(x):
    y, c = x[1:], x[0]
    return anp.sum(2 * y * c * W3) + anp.sum((anp.cos(y) * c) ** 2)


def _oracle_jacfwd_of_two_scalars(x):
    y, c = x[1:], x[0]
    return anp.sum(anp.cos(y) * c * W3) * 2 * y[0] * c


def _oracle_jacrev_of_a_list(x):
    y, c = x[1:], x[0]
    return anp.sum(anp.eye(3) * c * M3) + anp.sum(anp.diag(2 * y) * M3**2)


def _oracle_jacrev_of_a_dict(x):
    y, c = x[1:], x[0]
    return anp.sum(anp.diag(2 * y * c) * M3) + anp.sum((anp.ones(3) * c) ** 2)


def _oracle_jacrev_of_floats(x):
    return x[0] * 2.0 + 2 * x[1] * x[2]


@pytest.mark.parametrize(
    "f, oracle",
    [
        (jacrev_of_two_scalars, _oracle_jacrev_of_two_scalars),
        (jacfwd_of_two_scalars, _oracle_jacfwd_of_two_scalars),
        (jacrev_of_a_list, _oracle_jacrev_of_a_list),
        (jacrev_of_a_dict, _oracle_jacrev_of_a_dict),
        (jacrev_of_floats, _oracle_jacrev_of_floats),
    ],
)
def test_nested_jacobians_of_tree_outputs_are_differentiated(f, oracle):
    x = np.array(X)
    np.testing.assert_allclose(oracle(x), f(x), rtol=1e-12)
    expected = autograd.grad(oracle)(x)
    np.testing.assert_allclose(numerical_grad(f, (x,), 0), expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(s2sgrad.grad(f)(x.copy()), expected, rtol=1e-10, atol=1e-12)
    value, g = s2sgrad.value_and_grad(f)(x.copy())
    np.testing.assert_allclose(value, f(x), rtol=1e-12)
    np.testing.assert_allclose(g, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(s2sgrad.vjp(f, (x.copy(),), 1.0)[1][0], expected, rtol=1e-10)


# Arrays made by np.arange, np.geomspace, np.logspace (and np.tri, np.indices) are new:
# changing one in place was refused as "may share memory with another value" (they have
# no derivative rule, so the in-place check did not know them as allocators)


def arange_plus_in_place(x):
    a = np.arange(4.0)
    a += x**2
    return np.sum(a * x)


def arange_of_ints_changed(x):
    a = np.arange(4)
    a += 1
    a[0] = 7
    return np.sum(a * x)


def arange_item_written(x):
    a = np.arange(4.0)
    a[1] = x[0] * x[2]
    return np.sum(a * x)


def geomspace_scaled_in_place(x):
    a = np.geomspace(1.0, 8.0, 4)
    a *= x
    b = np.logspace(0.0, 1.0, 4)
    b[2:] = x[:2] ** 3
    return np.sum(a**2) + np.sum(b * x)


@pytest.mark.parametrize(
    "f",
    [arange_plus_in_place, arange_of_ints_changed, arange_item_written, geomspace_scaled_in_place],
)
def test_new_arrays_of_allocators_without_rules_change_in_place(f):
    check_all_modes(f, X)


def arange_aliased_then_changed(x):
    a = np.arange(4.0)
    b = a
    a += x
    return np.sum(b * x)


def test_an_alias_of_an_arange_changed_in_place_is_still_refused():
    check_rejected(arange_aliased_then_changed, X, "alias would see the change")
