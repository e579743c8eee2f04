"""A derivative bound to a name inside the differentiated function and called later
(``df = grad(f)``, then ``df(v)`` in a loop): each call is the nested ``grad(f)(v)``
(normalize.derivative_names). It was "grad(...) made inside a differentiated function can
only be called where it is made". A name read otherwise (passed to a function, returned)
or bound again is still that error."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad
from s2sgrad.compat import autograd as ag
from s2sgrad.compat.autograd import numpy as anp

X = np.array([0.5, -0.3, 1.2])


def cube(x):
    return x**3 + np.sin(x)


def called_in_a_loop(p):
    df = ag.grad(cube)
    t = 0.0
    for v in p:
        t = t + df(v) * v
    return t


def local_lambda_argnum(p):
    f = lambda a, b: anp.sin(a) * b**2  # noqa: E731
    dfdb = ag.grad(f, 1)
    return dfdb(p[0], p[1]) * p[2] + dfdb(p[2], p[0])


def value_and_grad_named(p):
    vg = s2sgrad.value_and_grad(cube)
    v, g = vg(p[0])
    return v * g + p[1]


def local_def_called_in_a_lambda(p):
    def energy(x):
        return anp.sum(x**2) * x[0]

    force = ag.grad(energy)
    step = lambda x: x - 0.1 * force(x)  # noqa: E731
    return anp.sum(step(step(p)) ** 2)


def soft(x):
    return anp.tanh(x) * x


def elementwise_named(p):
    d = ag.elementwise_grad(soft)
    return anp.sum(d(p) * p)


def passed_as_a_value(p):
    df = ag.grad(cube)
    return apply(df, p[0])


def apply(f, x):
    return f(x)


def bound_twice(p):
    df = ag.grad(cube)
    t = df(p[0])
    df = ag.grad(np.sin)
    return t + df(p[1])


@pytest.mark.parametrize(
    "f",
    [
        called_in_a_loop,
        local_lambda_argnum,
        value_and_grad_named,
        local_def_called_in_a_lambda,
        elementwise_named,
    ],
)
def test_named_derivative_called(f):
    check_all_modes(f, X)


@pytest.mark.parametrize("f", [passed_as_a_value, bound_twice])
def test_named_derivative_read_otherwise_refused(f):
    check_rejected(f, X, "can only be called where it is made")
