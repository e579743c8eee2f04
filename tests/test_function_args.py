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


def test_odeint_in_a_loop_with_its_args_changing():
    """Each call's adjoint reads the args and states of its own iteration."""

    def loss(k, y0):
        y, total = y0, 0.0
        for _ in range(3):
            k = k * 1.1
            ys = odeint(lambda y, s, k: -k * y + 0.1 * np.sin(y), y, T, args=(k,), **TIGHT)
            y = ys[-1]
            total = total + np.sum(ys**2)
        return total

    args = (0.5, Y0)
    grads = s2sgrad.grad(loss, argnums=(0, 1))(*args)
    close(grads[0], fd(loss, args, 0))
    close(grads[1], fd(loss, args, 1))
    _, dot = s2sgrad.jvp(loss, args, (1.0, np.zeros(2)))
    assert dot == pytest.approx(grads[0], rel=1e-7)


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

    def with_lambda(k):
        return np.sum(odeint(lambda y, s, k: -k * y, Y0, T, args=(k,)))

    for f in (loss, with_lambda):
        with pytest.raises(NotImplementedError, match="second derivatives of scipy.integrate"):
            s2sgrad.hessian(f)(0.5)


def test_odeint_full_output_is_an_error():
    def loss(k):
        return np.sum(odeint(linear, Y0, T, args=(-k * np.eye(2),), full_output=1)[0])

    with pytest.raises((ValueError, s2sgrad.TransformError)):
        s2sgrad.grad(loss)(0.5)


# -- autograd's fixed_point through s2sgrad.compat ---------------------------------------------

from autograd.misc.fixed_points import fixed_point as ag_fixed_point  # noqa: E402

from s2sgrad.compat.autograd.misc.fixed_points import fixed_point  # noqa: E402


def distance(x, y):
    return np.max(np.abs(x - y))


def ag_distance(x, y):
    return anp.max(anp.abs(x - y))


def newton_sqrt(a):
    return lambda x: 0.5 * (x + a / x)


def descent_sqrt(a):
    return lambda x: x - 0.05 * (x**2 - a)


def sqrt_by(step, a):
    return fixed_point(step, a, 10.0, distance, 1e-12)


@pytest.mark.parametrize("step", [newton_sqrt, descent_sqrt])
def test_fixed_point_sqrt_first_and_second_derivatives(step):
    def sqrt(a):
        return fixed_point(step, a, 10.0, distance, 1e-12)

    def ag_sqrt(a):
        return ag_fixed_point(step, a, 10.0, ag_distance, 1e-12)

    assert sqrt(2.0) == pytest.approx(np.sqrt(2.0), abs=1e-9)
    g = s2sgrad.grad(sqrt)(2.0)
    assert g == pytest.approx(0.5 / np.sqrt(2.0), rel=1e-8)
    assert g == pytest.approx(autograd.grad(ag_sqrt)(2.0), rel=1e-10)
    gg = s2sgrad.grad(s2sgrad.grad(sqrt))(2.0)
    assert gg == pytest.approx(-0.25 * 2.0**-1.5, rel=1e-6)
    assert gg == pytest.approx(autograd.grad(autograd.grad(ag_sqrt))(2.0), rel=1e-8)
    _, dot = s2sgrad.jvp(sqrt, (2.0,), (1.0,))
    assert dot == pytest.approx(g, rel=1e-8)


def equilibrium(params):
    W, b = params

    def step(z):
        return np.tanh(np.dot(W, z) + b)

    return step


def ag_equilibrium(params):
    W, b = params

    def step(z):
        return anp.tanh(anp.dot(W, z) + b)

    return step


RS = np.random.RandomState(3)
W0, B0, TARGET = RS.randn(3, 3) * 0.3, RS.randn(3), RS.randn(3)


def deq_loss(W, b):
    z = fixed_point(equilibrium, (W, b), np.zeros(3), distance, 1e-13)
    return np.sum((z - TARGET) ** 2) + 0.1 * np.sum(W**2)


def ag_deq_loss(W, b):
    z = ag_fixed_point(ag_equilibrium, ag_tuple((W, b)), np.zeros(3), ag_distance, 1e-13)
    return anp.sum((z - TARGET) ** 2) + 0.1 * anp.sum(W**2)


def test_fixed_point_tuple_parameter_def_step():
    """An equilibrium layer: a = (W, b), f returns a def reading both."""
    args = (W0, B0)
    grads = s2sgrad.grad(deq_loss, argnums=(0, 1))(*args)
    oracle = autograd.grad(ag_deq_loss, argnum=(0, 1))(*args)
    for i, (g, o) in enumerate(zip(grads, oracle)):
        close(g, o, tol=1e-9)
        close(g, fd(deq_loss, args, i), tol=1e-6)
    value, (gW, _) = s2sgrad.value_and_grad(deq_loss, argnums=(0, 1))(*args)
    assert value == pytest.approx(deq_loss(*args)) and np.allclose(gW, grads[0])
    tangents = (RS.randn(3, 3), RS.randn(3))
    _, dot = s2sgrad.jvp(deq_loss, args, tangents)
    assert dot == pytest.approx(sum(np.sum(g * v) for g, v in zip(grads, tangents)), rel=1e-8)


def test_fixed_point_hessian():
    def loss(b):
        return deq_loss(W0, b)

    def ag_loss(b):
        return ag_deq_loss(W0, b)

    h = s2sgrad.hessian(loss)(B0)
    np.testing.assert_allclose(h, autograd.hessian(ag_loss)(B0), rtol=1e-7, atol=1e-9)
    grad = s2sgrad.grad(loss)
    rows = [(grad(B0 + e * 1e-5) - grad(B0 - e * 1e-5)) / 2e-5 for e in np.eye(3)]
    np.testing.assert_allclose(h, np.array(rows), rtol=1e-5, atol=1e-6)


def test_fixed_point_second_derivative_with_a_lambda_written_in_the_call():
    def sqrt(a):
        return fixed_point(lambda a: lambda x: 0.5 * (x + a / x), a, 10.0, distance, 1e-12)

    assert s2sgrad.grad(s2sgrad.grad(sqrt))(2.0) == pytest.approx(-0.25 * 2.0**-1.5, rel=1e-6)
    assert s2sgrad.hessian(sqrt)(2.0) == pytest.approx(-0.25 * 2.0**-1.5, rel=1e-6)


def test_fixed_point_array_parameter_lambda_written_in_the_call():
    def loss(a):
        x = fixed_point(lambda a: lambda x: 0.5 * (x + a / x), a, np.ones(3), distance, 1e-12)
        return np.sum(np.sin(x))

    a = np.array([2.0, 3.0, 5.0])
    np.testing.assert_allclose(
        s2sgrad.grad(loss)(a), np.cos(np.sqrt(a)) * 0.5 / np.sqrt(a), rtol=1e-9
    )
    ct = np.array([1.0, -2.0, 0.5])
    out, (da,) = s2sgrad.vjp(
        lambda a: fixed_point(newton_sqrt, a, np.ones(3), distance, 1e-12), (a,), ct
    )
    np.testing.assert_allclose(out, np.sqrt(a))
    np.testing.assert_allclose(da, ct * 0.5 / np.sqrt(a), rtol=1e-9)


def shadowing(a):
    scale = 0.5
    a = a * scale / 0.5

    def step(x):
        scale = 0.5 * a  # a local of the step with the name of one of f's: not inlined
        return x - 0.1 * (x - scale)

    return step


def test_fixed_point_step_with_its_own_locals():
    def loss(a):
        return fixed_point(shadowing, a, 0.0, distance, 1e-13) ** 2

    assert s2sgrad.grad(loss)(3.0) == pytest.approx(2 * 1.5 * 0.5, rel=1e-9)


def two_parameters(a, c=1.0):
    return lambda x: x - 0.1 * (x - a * c)


def not_a_step(a):
    return newton_sqrt(a)


def test_fixed_point_errors_name_the_user_function():
    for f in (two_parameters, not_a_step):

        def loss(a, f=f):
            return fixed_point(f, a, 1.0, distance, 1e-10)

        with pytest.raises(s2sgrad.UnsupportedSyntaxError) as exc:
            s2sgrad.grad(loss)(2.0)
        assert "test_function_args.py" in str(exc.value) and "fixed_point" in str(exc.value)

    def closure(k):
        def f(a):
            return lambda x: x - 0.1 * (x - a * k)

        return fixed_point(f, 1.0, 1.0, distance, 1e-10)

    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="'k'"):
        s2sgrad.grad(closure)(2.0)


def aot_odeint_loss(A):
    return np.sum(odeint(linear, Y0, T, args=(A,)))


def test_emit_of_a_derivative_that_differentiates_a_function_value_is_an_error():
    from s2sgrad import aot

    with pytest.raises(s2sgrad.TransformError, match="odeint's func"):
        aot.module_source(aot_odeint_loss)
