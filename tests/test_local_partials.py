"""``functools.partial`` made inside the differentiated function (normalize.partials):
called, mapped, folded, of user and NumPy functions, with differentiated bound
arguments, checked against finite differences and autograd."""

from __future__ import annotations

import functools
from functools import partial

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(np):
    """The same functions over ``np`` (NumPy for s2sgrad, autograd.numpy for the oracle)."""

    def member_loss(w, X, y, scale=1.0):
        return scale * np.mean((np.dot(X, w) - y) ** 2)

    def ensemble(ws, X, y):
        f = partial(member_loss, X=X, y=y)
        return sum(map(f, ws)) / len(ws)

    def called(w, X, y):
        f = partial(member_loss, X=X)
        return f(w, y=y) + f(w, y=2 * y, X=X[::-1]) + f(w, y=y, scale=0.5)

    def bound_differentiated(w, X, y):  # the bound argument is the differentiated one
        f = partial(member_loss, w, scale=0.3)
        return sum(f(X[i : i + 2], y[i : i + 2]) for i in range(0, 6, 2))

    def bound_now(w, X, y):  # the partial keeps the value its argument had when made
        v = 2.0 * w
        f = partial(member_loss, v)
        v = v + 1.0
        return f(X, y) + np.sum(v**2)

    def numpy_function(w, X, y):
        total = partial(np.sum, axis=0)
        inner = partial(np.dot, X)
        return np.sum(total(np.tanh(inner(w))[:, None] * X) ** 2)

    def in_a_loop(w, X, y):
        out = 0.0
        for i in range(3):
            f = partial(member_loss, X=X * (i + 1.0), scale=w[i])
            out = out + f(w, y=y)
        return out

    def of_a_partial(w, X, y):
        f = partial(member_loss, w)
        g = partial(f, X)
        return g(y) + g(y=y[::-1])

    def of_a_local_function(w, X, y):
        def scaled(v, k):
            return np.sum(np.sin(k * np.dot(X, v)))

        f = partial(scaled, k=0.7)
        return f(w) + sum(map(f, [w, 2 * w]))

    def of_a_lambda(w, X, y):
        f = partial(lambda v, b, A: np.sum((np.dot(A, v) - b) ** 2), A=X)
        return f(w, b=y) + sum(map(f, [w, -w], [y, 2 * y]))

    def map_two_sequences(ws, X, y):
        f = partial(member_loss, y=y)
        return sum(map(f, ws, [X, 2 * X, X[::-1]]))

    def layer(h, W, act):
        return act(np.dot(h, W))

    def folded(Ws, X, y):
        step = partial(layer, act=np.tanh)
        return np.sum((functools.reduce(step, Ws, X)[:, 0] - y) ** 2)

    def in_a_callee(ws, X, y):
        return 2.0 * ensemble(ws, X, y) + called(ws[0], X, y)

    return {
        "ensemble": ensemble,
        "called": called,
        "bound_differentiated": bound_differentiated,
        "bound_now": bound_now,
        "numpy_function": numpy_function,
        "in_a_loop": in_a_loop,
        "of_a_partial": of_a_partial,
        "of_a_local_function": of_a_local_function,
        "folded": folded,
        "of_a_lambda": of_a_lambda,
        "map_two_sequences": map_two_sequences,
        "in_a_callee": in_a_callee,
    }


OURS, THEIRS = programs(np), programs(anp)
RS = np.random.RandomState(18)
X, Y = RS.randn(6, 3), RS.randn(6)
W = RS.randn(3)
WS = [RS.randn(3) for _ in range(3)]
LAYERS = [0.5 * RS.randn(3, 4), 0.5 * RS.randn(4, 1)]


@pytest.mark.parametrize(
    "name, first",
    [
        ("ensemble", WS),
        ("called", W),
        ("bound_differentiated", W),
        ("bound_now", W),
        ("numpy_function", W),
        ("in_a_loop", W),
        ("of_a_partial", W),
        ("of_a_local_function", W),
        ("folded", LAYERS),
        ("of_a_lambda", W),
        ("map_two_sequences", WS),
        ("in_a_callee", WS),
    ],
)
def test_partial_made_inside(name, first):
    g = check_grads(OURS[name], first, X, Y, argnums=(0, 1), rtol=1e-5)
    assert_tree_close(g, ag.grad(THEIRS[name], (0, 1))(first, X, Y), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["called", "bound_now", "in_a_loop", "numpy_function"])
def test_forward_mode(name):
    f = OURS[name]
    v = np.random.RandomState(3).randn(3)
    value, dot = s2sgrad.jvp(lambda w: f(w, X, Y), (W,), (v,))
    assert np.isclose(value, f(W, X, Y))
    assert np.isclose(dot, np.dot(numerical_grad(f, (W, X, Y), 0), v), rtol=1e-6)


def _member(w, X):
    return np.sum(np.dot(X, w) ** 2)


def returned(w):
    f = partial(_member, X=X)
    return f(w), f


def passed_on(w):
    f = partial(_member, X=X)
    return _apply(f, w)


def _apply(f, w):
    return f(w)


def stored(w):
    f = partial(_member, X=X)
    fs = [f]
    return fs[0](w)


def called_before_made(w):
    out = 0.0
    for i in range(2):
        if i > 0:
            out = out + f(w)  # noqa: F821
        f = partial(_member, X=X * i)  # noqa: F841
    return out


def test_passed_on_is_the_call_of_its_function():
    """A partial passed to a user function (normalize.passed_partials, more in
    tests/test_partial_values_s28.py)."""
    assert_tree_close(s2sgrad.grad(passed_on)(W), numerical_grad(passed_on, (W,), 0))


@pytest.mark.parametrize(
    "fun, words",
    [
        (returned, "not used as a value here"),
        (stored, "not used as a value here"),
        (called_before_made, "called before the line that makes it"),
    ],
)
def test_other_uses_are_refused_at_the_use(fun, words):
    import inspect

    with pytest.raises(UnsupportedSyntaxError, match=words) as info:
        s2sgrad.grad(fun)(W)
    assert f"{inspect.getsourcefile(fun)}:" in str(info.value)
