"""Library calls whose arguments are user functions: ``scipy.integrate.odeint(func, ...)``
and autograd's ``fixed_point(f, ...)`` (through s2sgrad.compat), whose derivatives need
the derivative of that function (s2sgrad.runtime.functions), against central finite
differences and against autograd as the oracle."""

import functools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from autograd.builtins import tuple as ag_tuple
from autograd.scipy.integrate import odeint as ag_odeint
from gradcheck import assert_tree_close, numerical_grad
from scipy.integrate import odeint

import s2sgrad

TIGHT = {"rtol": 1e-12, "atol": 1e-12}  # FD through an adaptive solver needs tight solves
T = np.linspace(0.0, 1.0, 5)
Y0 = np.array([1.0, 0.5])
A = np.array([[-0.1, 2.0], [-2.0, -0.1]])


def linear(y, s, A):
    return np.dot(A, y)


def cubic(y, s, A):
    return np.dot(y**3, A)


def forced(y, s, A, b, k):
    return np.tanh(np.dot(A, y)) + b * np.sin(k * s)


def ag_linear(y, s, A):
    return anp.dot(A, y)


def ag_cubic(y, s, A):
    return anp.dot(y**3, A)


def ag_forced(y, s, A, b, k):
    return anp.tanh(anp.dot(A, y)) + b * anp.sin(k * s)


def fd(f, args, argnum):
    return numerical_grad(f, args, argnum, eps=1e-5)


def close(a, b, tol=2e-6):
    assert_tree_close(a, b, rtol=tol, atol=tol)


# -- odeint: reverse mode against finite differences and autograd ------------------------


@pytest.mark.parametrize(
    "field, ag_field", [(linear, ag_linear), (cubic, ag_cubic)], ids=["linear", "cubic"]
)
def test_odeint_grad_in_y0_t_and_args(field, ag_field):
    def loss(A, y0, t):
        return np.sum(np.sin(odeint(field, y0, t, args=(A,), **TIGHT)))

    def ag_loss(A, y0, t):
        return anp.sum(anp.sin(ag_odeint(ag_field, y0, t, ag_tuple((A,)), **TIGHT)))

    args = (A, Y0, T)
    grads = s2sgrad.grad(loss, argnums=(0, 1, 2))(*args)
    oracle = autograd.grad(ag_loss, argnum=(0, 1, 2))(*args)
    for i, (g, o) in enumerate(zip(grads, oracle)):
        close(g, fd(loss, args, i))
        close(g, o)


def test_odeint_several_args_with_a_constant():
    """A float, an array and a matrix in args, and an int (no derivative)."""

    def loss(A, b, k, y0):
        return np.sum(odeint(forced, y0, T, args=(A, b, k), **TIGHT) ** 2)

    def ag_loss(A, b, k, y0):
        return anp.sum(ag_odeint(ag_forced, y0, T, ag_tuple((A, b, k)), **TIGHT) ** 2)

    b = np.array([0.3, -0.2])
    args = (A, b, 1.5, Y0)
    grads = s2sgrad.grad(loss, argnums=(0, 1, 2, 3))(*args)
    oracle = autograd.grad(ag_loss, argnum=(0, 1, 2, 3))(*args)
    for i, (g, o) in enumerate(zip(grads, oracle)):
        close(g, fd(loss, args, i))
        close(g, o)
    # an int argument is a constant of the field
    g = s2sgrad.grad(lambda A: np.sum(odeint(forced, Y0, T, args=(A, b, 2), **TIGHT)))(A)
    close(g, fd(lambda A: np.sum(odeint(forced, Y0, T, args=(A, b, 2), **TIGHT)), (A,), 0))


def test_odeint_lambda_local_def_and_tfirst():
    def with_lambda(k):
        return np.sum(odeint(lambda y, s, k: -k * y * y, Y0, T, args=(k,), **TIGHT))

    def with_def(k):
        def field(y, s, k):
            return -k * np.sin(y) + s

        return np.sum(odeint(field, Y0, T, args=(k,), **TIGHT))

    def with_tfirst(k):
        return np.sum(odeint(lambda s, y, k: -k * y + s, Y0, T, args=(k,), tfirst=True, **TIGHT))

    for f in (with_lambda, with_def, with_tfirst):
        g = s2sgrad.grad(f)(0.7)
        close(g, fd(f, (0.7,), 0))
        value, g2 = s2sgrad.value_and_grad(f)(0.7)
        assert value == pytest.approx(f(0.7)) and g2 == pytest.approx(g)


DECAY = functools.partial(linear, A=-np.eye(2) * 0.5)


def test_odeint_partial_made_outside():
    def loss(y0):
        return np.sum(odeint(DECAY, y0, T, **TIGHT) ** 2)

    close(s2sgrad.grad(loss)(Y0), fd(loss, (Y0,), 0))


@s2sgrad.custom_vjp
def soft(x):
    return np.log1p(np.exp(x))


soft.defvjp(lambda x: (soft(x), x), lambda x, g: (g / (1.0 + np.exp(-x)),))


def soft_field(y, s, A):
    return soft(np.dot(A, y)) - y


def test_odeint_field_with_a_custom_rule():
    def loss(A):
        return np.sum(odeint(soft_field, Y0, T, args=(A,), **TIGHT))

    close(s2sgrad.grad(loss)(A), fd(loss, (A,), 0))


def test_odeint_vjp_of_the_trajectory():
    def traj(A, y0):
        return odeint(cubic, y0, T, args=(A,), **TIGHT)

    ct = np.random.RandomState(0).randn(len(T), 2)
    out, (dA, dy0) = s2sgrad.vjp(traj, (A, Y0), ct)
    ag_vjp, _ = autograd.make_vjp(
        lambda A, y0: ag_odeint(ag_cubic, y0, T, ag_tuple((A,)), **TIGHT), argnum=(0, 1)
    )(A, Y0)
    ag_dA, ag_dy0 = ag_vjp(ct)
    np.testing.assert_allclose(out, traj(A, Y0))
    close(dA, ag_dA)
    close(dy0, ag_dy0)


def test_odeint_jvp_matches_reverse_mode():
    def loss(A, y0, t):
        return np.sum(np.cos(odeint(cubic, y0, t, args=(A,), **TIGHT)))

    rs = np.random.RandomState(1)
    args = (A, Y0, T)
    tangents = (rs.randn(2, 2), rs.randn(2), rs.randn(len(T)) * 0.1)
    grads = s2sgrad.grad(loss, argnums=(0, 1, 2))(*args)
    value, dot = s2sgrad.jvp(loss, args, tangents)
    assert value == pytest.approx(loss(*args))
    expected = sum(np.sum(g * v) for g, v in zip(grads, tangents))
    assert dot == pytest.approx(expected, rel=1e-6, abs=1e-7)
    # one tangent at a time, including only the times
    for i in range(3):
        one = tuple(v if j == i else np.zeros_like(v) for j, v in enumerate(tangents))
        _, dot_i = s2sgrad.jvp(loss, args, one)
        assert dot_i == pytest.approx(np.sum(grads[i] * tangents[i]), rel=1e-6, abs=1e-7)


def test_odeint_jvp_of_the_trajectory_against_finite_differences():
    def traj(k):
        return odeint(lambda y, s, k: -k * y**2 + np.sin(s), Y0, T, args=(k,), **TIGHT)

    _, dot = s2sgrad.jvp(traj, (0.8,), (1.0,))
    expected = (traj(0.8 + 1e-5) - traj(0.8 - 1e-5)) / 2e-5
    np.testing.assert_allclose(dot, expected, rtol=1e-5, atol=1e-7)


def init_layers(rs, sizes):
    return [(rs.randn(m, n) * 0.3, rs.randn(n) * 0.3) for m, n in zip(sizes[:-1], sizes[1:])]


def nn_field(y, s, params):
    for W, b in params:
        out = np.dot(y, W) + b
        y = np.tanh(out)
    return out


def ag_nn_field(y, s, params):
    for W, b in params:
        out = anp.dot(y, W) + b
        y = anp.tanh(out)
    return out


def test_odeint_neural_ode_loss():
    """ode_net's loss: a list of (W, b) layers in args, an L1 loss on the trajectory."""
    params = init_layers(np.random.RandomState(0), [2, 8, 2])
    target = odeint(linear, Y0, T, args=(A,))

    def loss(params):
        pred = odeint(nn_field, Y0, T, (params,), rtol=1e-10, atol=1e-10)
        return np.mean(np.abs(pred - target))

    def ag_loss(params):
        pred = ag_odeint(ag_nn_field, Y0, T, ag_tuple((params,)), rtol=1e-10, atol=1e-10)
        return anp.mean(anp.abs(pred - target))

    grads = s2sgrad.grad(loss)(params)
    assert isinstance(grads, list) and all(isinstance(layer, tuple) for layer in grads)
    close(grads, autograd.grad(ag_loss)(params), tol=1e-6)
    close(grads, fd(loss, (params,), 0), tol=1e-5)


def test_compat_odeint_is_scipys_and_differentiable():
    from s2sgrad.compat.autograd.scipy.integrate import odeint as compat_odeint

    from s2sgrad.compat.autograd import grad
    from s2sgrad.compat.autograd.builtins import tuple as compat_tuple

    assert compat_odeint is odeint

    def loss(A):
        return np.sum(compat_odeint(cubic, Y0, T, compat_tuple((A,)), **TIGHT))

    def ag_loss(A):
        return anp.sum(ag_odeint(ag_cubic, Y0, T, ag_tuple((A,)), **TIGHT))

    close(grad(loss)(A), autograd.grad(ag_loss)(A))


# -- odeint: what is not differentiated is an error at the user's line -----------------------


def test_odeint_closure_over_a_differentiated_value_is_an_error():
    def loss(k):
        def field(y, s):
            return -k * y

        return np.sum(odeint(field, Y0, T))

    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as exc:
        s2sgrad.grad(loss)(0.5)
    assert "test_function_args.py" in str(exc.value) and "'k'" in str(exc.value)
    assert "return np.sum(odeint(field, Y0, T))" in str(exc.value)
    with pytest.raises(s2sgrad.UnsupportedSyntaxError):
        s2sgrad.jvp(loss, (0.5,), (1.0,))


def make_field(k):
    def field(y, s):
        return -k * y

    return field


class Field:
    def __init__(self, k):
        self.k = k

    def __call__(self, y, s):
        return -self.k * y * y


SLOW = Field(0.3)


def test_odeint_callable_object():
    def loss(y0):
        return np.sum(odeint(SLOW, y0, T, **TIGHT))

    close(s2sgrad.grad(loss)(Y0), fd(loss, (Y0,), 0))
    _, dot = s2sgrad.jvp(loss, (Y0,), (np.ones(2),))
    assert dot == pytest.approx(np.sum(fd(loss, (Y0,), 0)), rel=1e-6)


def test_odeint_function_made_from_a_differentiated_value_is_an_error():
    def returned(k):
        field = make_field(k)
        return np.sum(odeint(field, Y0, T))

    def made(k):
        return np.sum(odeint(Field(k), Y0, T))

    with pytest.raises(s2sgrad.TransformError) as exc:
        s2sgrad.grad(returned)(0.5)
    assert "test_function_args.py" in str(exc.value)
    with pytest.raises(s2sgrad.NonDifferentiableError) as exc:
        s2sgrad.grad(made)(0.5)
    assert "test_function_args.py" in str(exc.value) and "args=" in str(exc.value)
    assert "odeint(Field(k), Y0, T)" in str(exc.value)
    with pytest.raises(s2sgrad.NonDifferentiableError):
        s2sgrad.jvp(made, (0.5,), (1.0,))


def test_odeint_second_derivatives_are_an_error():
    def loss(k):
        return np.sum(odeint(linear, Y0, T, args=(-k * np.eye(2),)))

    with pytest.raises(NotImplementedError, match="second derivatives of scipy.integrate.odeint"):
        s2sgrad.hessian(loss)(0.5)


def test_odeint_full_output_is_an_error():
    def loss(k):
        return np.sum(odeint(linear, Y0, T, args=(-k * np.eye(2),), full_output=1)[0])

    with pytest.raises((ValueError, s2sgrad.TransformError)):
        s2sgrad.grad(loss)(0.5)
