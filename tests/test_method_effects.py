"""A method called for its change of objects another method makes (session 31).

``NET.set_b(params)`` whose loop over ``self.layers`` calls ``self.set_one(layer, v)``,
and ``set_one`` assigns ``layer.b = v``: the call's result is not used, and s2sgrad read
``set_b``'s code as changing nothing (no store in it, ``set_one`` not a module-level
function), so it was dropped from the derivative: the gradient was silently zero. A method
the code calls on an object (``obj.name(...)``) now counts as any function of that name in
the user's classes of the module, so such a call is s2sgrad's own error at the user's line;
the changes s2sgrad follows (``layer.b = v`` or ``layer.put(v)`` in the loop of the method
itself) keep their derivative. An installed library's method (``logger.debug``) is read as
before, and a method that changes an object held in a list (``NET.layers[0].put(v)``) is
no longer said to be a container's append."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

P = np.array([0.5, -0.1])
X = np.array([0.3, -0.2])


class Layer:
    def __init__(self):
        self.b = 0.0

    def out(self, x):
        return np.tanh(x + self.b)

    def put(self, v):
        self.b = v


class Net:
    def __init__(self):
        self.layers = [Layer(), Layer()]

    def set_one(self, layer, v):
        layer.b = v

    def set_direct(self, params):
        for layer, v in zip(self.layers, params):
            layer.b = v

    def set_via(self, params):
        for layer, v in zip(self.layers, params):
            self.set_one(layer, v)

    def set_put(self, params):
        for layer, v in zip(self.layers, params):
            layer.put(v)

    def forward(self, x):
        for layer in self.layers:
            x = layer.out(x)
        return x


NET = Net()


def set_through_another_method(params):
    NET.set_via(params)
    return np.sum(NET.forward(X))


def set_through_another_method_local(params):
    net = Net()
    net.set_via(params)
    return np.sum(net.forward(X))


def load(net, params):
    for layer, v in zip(net.layers, params):
        net.set_one(layer, v)


def set_by_a_function_calling_the_method(params):
    load(NET, params)
    return np.sum(NET.forward(X))


def put_on_a_held_layer(params):
    NET.layers[0].put(params[0])
    return np.sum(NET.forward(X)) * params[1]


def set_directly(params):
    NET.set_direct(params)
    return np.sum(NET.forward(X))


def set_by_put(params):
    NET.set_put(params)
    return np.sum(NET.forward(X))


def set_by_put_local(params):
    net = Net()
    net.set_put(params * 2.0)
    return np.sum(net.forward(X))


@pytest.mark.parametrize("f", [set_through_another_method, set_through_another_method_local])
def test_change_through_another_method_refused(f):
    check_rejected(f, P, "is not used, so the call is made for a change")


def test_function_calling_a_changing_method_refused():
    check_rejected(set_by_a_function_calling_the_method, P, "the result of 'load' is not used")


def test_method_of_a_held_object_is_not_said_to_be_an_append():
    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
        s2sgrad.grad(put_on_a_held_layer)(P)
    assert "list or dict held in another container" not in str(info.value)
    assert "'NET.layers[0].put' is not used" in str(info.value)


@pytest.mark.parametrize("f", [set_directly, set_by_put, set_by_put_local])
def test_followed_changes_keep_their_derivative(f):
    check_all_modes(f, P, hess=f is set_directly)  # a Hessian through put is refused
    assert np.abs(s2sgrad.grad(f)(P.copy())).min() > 0.1  # not the dropped call's zero
