"""Constructs met while writing session 29's real-style programs (tests/programs/s29_*.py):
errors about a comprehension's loop variable name it as the user wrote it (``k``), not
by the name s2sgrad renamed it to (``k_2``); a method that stores on its object, called
on an item of a list of layers, is refused with a hint that reads as Python (it was
"write layer = layer .forward( ...")."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError


def late_bound_lambdas(w):
    fs = [lambda x: x * k for k in range(3)]  # noqa: B023 (late binding, as written)
    return sum(f(w) for f in fs).sum()


def shadowing_lambdas(w):
    k = 2.0
    fs = [lambda x: x * k for k in (w[0], w[1])]  # noqa: B023
    return k * sum(f(w) for f in fs).sum()


@pytest.mark.parametrize("fun", [late_bound_lambdas, shadowing_lambdas])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_lambda_reading_comprehension_variable_names_it_as_written(fun, mode):
    w = np.array([0.3, -0.7, 1.1])
    if mode == "grad":
        run = lambda: s2sgrad.grad(fun)(w)  # noqa: E731
    else:
        run = lambda: s2sgrad.jvp(fun, (w,), (np.ones(3),))  # noqa: E731
    with pytest.raises(UnsupportedSyntaxError) as info:
        run()
    message = str(info.value)
    assert "a lambda that reads 'k' of the enclosing function" in message, message
    assert "k_2" not in message, message
    assert "test_programs_s29.py" in message and "lambda x: x * k" in message


class CachingLayer:
    def __init__(self, scale):
        self.scale = scale
        self.layer_input = None

    def forward(self, x, w):
        self.layer_input = x
        return np.tanh(self.scale * w * x)


LAYERS = [CachingLayer(1.0), CachingLayer(0.5)]


def layers_storing_their_input(w):
    x = w
    for layer in LAYERS:
        x = layer.forward(x, w)
    return np.sum(x) + np.sum(LAYERS[0].layer_input)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_method_storing_on_a_shared_layer_has_a_readable_hint(mode):
    w = np.array([0.3, -0.7, 1.1])
    with pytest.raises(UnsupportedSyntaxError) as info:
        if mode == "grad":
            s2sgrad.grad(layers_storing_their_input)(w)
        else:
            s2sgrad.jvp(layers_storing_their_input, (w,), (np.ones(3),))
    message = str(info.value)
    assert "the loop changes the objects of this list" in message, message
    assert "for layer in LAYERS" in message and "test_programs_s29.py" in message
    assert "hint: make the list in the function" in message
    assert "layer = layer" not in message and ".copy()" not in message, message
