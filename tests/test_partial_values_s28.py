"""``functools.partial`` made in the differentiated function and passed to user functions
(normalize.passed_partials): the callee calls it, several times, in a loop, or passes it
on; derivatives reach the bound values in reverse mode, forward mode and Hessians,
checked against finite differences (and autograd where it runs)."""

from __future__ import annotations

import types
from functools import partial

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad


def dynamics(state, t, damping=0.1, length=1.0, g=9.81):
    return np.array([state[1], -(g / length) * np.sin(state[0]) - damping * state[1]])


def rk4_step(f, y, t, dt, *args):
    k1 = f(y, t, *args)
    k2 = f(y + 0.5 * dt * k1, t + 0.5 * dt, *args)
    k3 = f(y + 0.5 * dt * k2, t + 0.5 * dt, *args)
    k4 = f(y + dt * k3, t + dt, *args)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def integrate(f, y, n, dt):  # passes the partial on, in a loop
    for i in range(n):
        y = rk4_step(f, y, i * dt, dt)
    return y


def kw_bound(p):
    f = partial(dynamics, damping=np.exp(p[0]), length=np.exp(p[1]))
    y = np.array([1.0, p[2]])
    for i in range(4):
        y = rk4_step(f, y, i * 0.1, 0.1)
    return np.sum(y**2)


def scaled(a, x, b):
    return a * np.tanh(b * x)


def apply_twice(f, x):
    return f(f(x, 0.5), b=1.5)


def positional_bound(p):
    f = partial(scaled, p[0] ** 2)
    return np.sum(apply_twice(f, p[1:]))


def two_levels(p):
    f = partial(dynamics, damping=p[0] * p[1], g=9.0 + p[2])
    return np.sum(integrate(f, np.array([0.5, -0.2]), 3, 0.05) ** 2)


def accumulate(f, x, n):
    total = 0.0
    for i in range(n):
        total = total + f(x * (i + 1.0))
    return total


def called_in_loop(p):
    w = np.exp(p[:2])
    f = partial(scaled, w[0], b=w[1])
    return np.sum(accumulate(f, p, 3))


def squash(f, x):
    return np.sum(f(x) ** 2)


def relay(f, x):
    return squash(f, x * 1.5)


def numpy_partial(p):
    f = partial(np.clip, a_min=0.0, a_max=1.0)
    return relay(f, np.sin(p) + 0.3)


def constant_bound(p):
    f = partial(dynamics, damping=0.3, length=2.0)
    return np.sum(rk4_step(f, p[:2], 0.0, 0.1) * p[2])


X0 = np.array([0.2, -0.1, 0.4])
CASES = [kw_bound, positional_bound, two_levels, called_in_loop, numpy_partial, constant_bound]


def _over_autograd(f):
    """``f`` with every function of this module reading autograd.numpy as ``np`` (the
    helpers it calls too), for autograd's gradient as a second oracle."""
    anp = pytest.importorskip("autograd.numpy")
    glob = dict(globals(), np=anp)
    for k, v in globals().items():
        if isinstance(v, types.FunctionType) and v.__module__ == __name__:
            glob[k] = types.FunctionType(v.__code__, glob, v.__name__, v.__defaults__)
    return glob[f.__name__]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_every_mode(f):
    check_all_modes(f, X0, oracle=False)  # finite differences: reverse, forward, Hessian
    autograd = pytest.importorskip("autograd")
    np.testing.assert_allclose(
        s2sgrad.grad(f)(X0.copy()), autograd.grad(_over_autograd(f))(X0.copy()), rtol=1e-8
    )


def test_several_partials_of_one_function():
    def loss(p):
        f = partial(dynamics, damping=p[0])
        h = partial(dynamics, damping=p[1], length=2.0)
        return np.sum(rk4_step(f, p[1:], 0.0, 0.1) + rk4_step(h, p[:2], 0.0, 0.2))

    check_all_modes(loss, X0, oracle=False)


def test_the_program_s28_pendulum():
    """The program's own construct: the partial made once, the trajectory of RK4 steps."""

    def loss(p):
        f = partial(dynamics, damping=np.exp(p[0]), length=np.exp(p[1]))
        ys = [np.array([1.0, 0.0])]
        for i in range(5):
            ys.append(rk4_step(f, ys[-1], i * 0.05, 0.05))
        return np.sum(np.stack(ys)[:, 0] ** 2)

    check_all_modes(loss, X0[:2], oracle=False)


def inspect_partial(f, x):
    return f.keywords["damping"] * x


def test_callee_using_the_partial_as_a_value_is_refused():
    def loss(p):
        f = partial(dynamics, damping=p[0])
        return np.sum(inspect_partial(f, p))

    import inspect

    source, start = inspect.getsourcelines(inspect_partial)
    check_rejected(
        loss, X0, "holds a functools.partial made by the caller", range(start, start + len(source))
    )


def test_partial_binding_a_function_is_refused():
    def loss(p):
        f = partial(scaled, b=np.tanh)
        return np.sum(apply_twice(f, p))

    check_rejected(loss, X0, "binds a function")


def test_partial_passed_to_a_builtin_is_still_refused():
    def loss(p):
        f = partial(scaled, 2.0, b=p[0])
        return np.sum(list(map(f, [p, p])))  # mapped: fine; sorted(key=f) is not

    check_all_modes(loss, X0, oracle=False)

    def bad(p):
        f = partial(scaled, 2.0, b=p[0])
        return np.sum(np.vectorize(f)(p))

    with pytest.raises(s2sgrad.errors.UnsupportedSyntaxError, match="not used as a value"):
        s2sgrad.grad(bad)(X0)


def apply_all(x, *fs):
    return sum(f(x) for f in fs)


def test_partial_passed_to_star_args_is_refused():
    def loss(p):
        f = partial(scaled, 2.0, b=p[0])
        return np.sum(apply_all(p, f))

    check_rejected(loss, X0, "the callee's *args or **kwargs")
