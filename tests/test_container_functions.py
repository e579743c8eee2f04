"""A function value taken from a container that also holds differentiated arrays
(``(W, b), act = layer_and_act`` in a callee of ``functools.reduce(apply_layer,
zip(layers, acts), x)``): called as the function it is when the code runs, after a check
that it holds no differentiated value itself (activity.container_items,
runtime.stateless_function)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import NonDifferentiableError

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(np):
    """The same functions over ``np`` (NumPy for s2sgrad, autograd.numpy for the oracle)."""

    def relu6(x):
        return np.minimum(np.maximum(x, 0.0), 6.0)

    def apply_layer(h, layer_and_act):
        (W, b), act = layer_and_act
        return act(np.dot(h, W) + b)

    def reduced(layers, x):
        acts = [np.tanh, np.sin, lambda z: z]
        return np.sum(functools.reduce(apply_layer, zip(layers, acts), x) ** 2)

    def looped(layers, x):
        h = x
        for pair in zip(layers, [relu6, np.tanh, np.exp]):
            h = apply_layer(h, pair)
        return np.sum(h)

    power_of_two = functools.partial(np.power, 2)  # made outside: an int bound

    def triple(h, layer):
        W, b, act = layer
        return act(np.dot(h, W) + b)

    def triples(layers, x):
        acts = (np.tanh, relu6, power_of_two)
        h = x
        for (W, b), act in zip(layers, acts):
            h = triple(h, (W, b, act))
        return np.mean(h)

    def by_key(h, cfg):
        return cfg["act"](np.dot(h, cfg["W"])) * cfg["scale"]

    def keyed(layers, x):
        h = x
        for W, _ in layers:
            h = by_key(h, {"W": W, "act": np.tanh, "scale": 0.5})
        return np.sum(h**2)

    return {"reduced": reduced, "looped": looped, "triples": triples, "keyed": keyed}


OURS, THEIRS = programs(np), programs(anp)
RS = np.random.RandomState(54)
SIZES = [2, 4, 3, 1]
LAYERS = [(0.6 * RS.randn(m, n), 0.1 * RS.randn(n)) for m, n in zip(SIZES, SIZES[1:])]
X = RS.randn(7, 2)


@pytest.mark.parametrize("name", sorted(OURS))
def test_function_beside_differentiated_arrays(name):
    g = check_grads(OURS[name], LAYERS, X, argnums=(0, 1), rtol=1e-5)
    assert_tree_close(g, ag.grad(THEIRS[name], (0, 1))(LAYERS, X), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", sorted(OURS))
def test_forward_mode(name):
    f = OURS[name]
    v = np.random.RandomState(1).randn(*X.shape)
    value, dot = s2sgrad.jvp(lambda x: f(LAYERS, x), (X,), (v,))
    assert np.isclose(value, f(LAYERS, X))
    assert np.isclose(dot, np.sum(numerical_grad(f, (LAYERS, X), 1) * v), rtol=1e-6)


def _apply(h, layer_and_act):
    (W, b), act = layer_and_act
    return act(np.dot(h, W) + b)


class Scaled:
    def __init__(self, s):
        self.s = s

    def __call__(self, z):
        return self.s * z


def closure_over_differentiated(layers, x, s):
    acts = [lambda z: s * z, np.tanh, np.tanh]  # s is differentiated: refused
    return np.sum(functools.reduce(_apply, zip(layers, acts), x))


def object_holding_one(layers, x, s):
    acts = [Scaled(s), np.tanh, np.tanh]
    return np.sum(functools.reduce(_apply, zip(layers, acts), x))


def partial_of_one(layers, x, s):
    acts = [functools.partial(np.multiply, s), np.tanh, np.tanh]
    return np.sum(functools.reduce(_apply, zip(layers, acts), x))


@pytest.mark.parametrize("fun", [closure_over_differentiated, object_holding_one, partial_of_one])
def test_a_function_that_may_hold_differentiated_values_is_refused(fun):
    with pytest.raises((NonDifferentiableError, s2sgrad.errors.UnsupportedSyntaxError)):
        s2sgrad.grad(fun, (0, 2))(LAYERS, X, 0.7)
