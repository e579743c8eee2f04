"""Classes of problem found by session 19's real-style programs (tests/programs/s19_*.py)
and the blocked ones it unblocked: each test fails without its fix."""

from __future__ import annotations

from functools import partial

import numpy as np
from gradcheck import check_all_modes, check_rejected

X = np.array([0.3, -0.8, 1.2, 0.5, -0.1, 0.7])


# ---- a tuple of items of different shapes saved for its shape (runtime.shape_of) ------


def ragged_items(w):
    items = {}
    for k in ["a", "b"]:
        items[k] = (w * 2.0, (3, 2))  # an array and a shape: no array's shape
    return np.sum(items["a"][0] * np.sin(items["b"][0]))


def ragged_list(w):
    rows = []
    for i in range(2):
        row = [w[i:] * 1.5, i]
        rows.append(row)
    return np.sum(rows[0][0] ** 2) + np.sum(rows[1][0] ** 3)


def test_a_ragged_tuple_saved_for_its_shape():
    for f in (ragged_items, ragged_list):
        check_all_modes(f, X)


# ---- an __init__ filling self.offsets[k] after reading a class constant --------------


class Params:
    SHAPES = {"W": (2, 2), "b": (2,)}

    def __init__(self, vector):
        self.vector = vector
        self.offsets = {}
        start = 0
        for name, shape in self.SHAPES.items():  # a class constant read through self
            size = int(np.prod(shape))
            self.offsets[name] = (start, start + size, shape)
            start = start + size

    def __getitem__(self, name):
        start, stop, shape = self.offsets[name]
        return np.reshape(self.vector[start:stop], shape)


class Layout:
    LAYOUT = (("W", (2, 2), "tanh"), ("b", (2,), None))

    def __init__(self, w):
        self.layout = type(self).LAYOUT  # type(self): the class, no attribute of the object
        self.parts = {}
        i = 0
        for name, shape, act in self.LAYOUT:
            size = int(np.prod(shape))
            self.parts[name] = (np.reshape(w[i : i + size], shape), act)
            i = i + size

    def out(self, x):
        W, act = self.parts["W"]
        b, _ = self.parts["b"]
        h = np.dot(x, W) + b
        return np.tanh(h) if act == "tanh" else h


def params_loss(w):
    p = Params(w)
    return np.sum(np.dot(np.ones(2), p["W"]) * p["b"]) + np.sum(p["W"] ** 2)


def layout_loss(w):
    return np.sum(Layout(w).out(np.array([[0.5, -1.0], [2.0, 0.1]])) ** 2)


def test_an_init_container_after_a_class_constant():
    for f in (params_loss, layout_loss):
        check_all_modes(f, X)


# ---- the hessian of slices bounded by an object's fields (slice is an index) ---------


class Split:
    SIZES = {"a": 3, "b": 3}

    def __init__(self, w):
        self.w = w
        self.sizes = type(self).SIZES
        self.total = sum(Split.SIZES.values())

    def parts(self):
        out = []
        i = 0
        for k, n in self.sizes.items():
            out.append((k, self.w[i : i + n]))
            i = i + n
        return out


class ScaledSplit(Split):
    SCALE = 2.0

    def loss(self):
        return sum(np.sum(v**3) * self.SCALE for k, v in self.parts()) / self.total


def split_loss(w):
    return ScaledSplit(w).loss()


def test_slices_bounded_by_fields_of_an_object():
    check_all_modes(split_loss, X)


# ---- closure factories called in the loss (normalize/factories.py) --------------------


def make_encoder(W, b):
    def encode(x):
        return np.tanh(x * W + b)

    return encode


def make_decoder(W, c=0.5):
    scale = np.exp(c)  # a value of the factory the closure reads

    def decode(h):
        return scale * h * W + c

    return decode


def make_pair(W):
    enc = make_encoder(W, W[0])  # a factory calling a factory

    def penalty():
        return np.sum(W**2)

    return 2, enc, penalty


def closures_sharing_params(w):
    W, b = w[:3], w[3:]
    encode = make_encoder(W, b)
    decode = make_decoder(W)
    return np.sum(decode(encode(np.array([0.5, -1.0, 2.0]))) ** 2)


def factory_returning_a_tuple(w):
    n, enc, penalty = make_pair(w)
    return np.sum(enc(w) ** 2) * n + penalty()


def make_scaled(k):
    def f(x):
        return k * np.sin(x)

    return f


def factory_of_constants(w):
    f = make_scaled(3.0)  # no differentiated value in the closure
    return np.sum(f(w))


def test_closure_factories_called_in_the_loss():
    for f in (closures_sharing_params, factory_returning_a_tuple, factory_of_constants):
        check_all_modes(f, X)


def factory_in_a_loop(w):
    total = 0.0
    for i in range(2):
        f = make_encoder(w, w[i])  # not at the top level: called as written
        total = total + np.sum(f(w))
    return total


def test_a_factory_in_a_loop_is_still_an_error():
    check_rejected(factory_in_a_loop, X, "holds differentiated values")


# ---- a list of partials of several functions (normalize/partial_values.py) -----------


def rbf(x, y, lengthscale=1.0):
    return np.exp(-0.5 * (x - y) ** 2 / lengthscale**2)


def periodic(x, y, period=1.0, scale=1.0):
    return scale * np.cos(np.pi * (x - y) / period)


def mixed_partials_summed(w):
    ls, period = np.exp(w[0]), np.exp(w[1])
    kernels = [partial(rbf, lengthscale=ls), partial(periodic, period=period, scale=w[2])]
    return np.sum(sum(k(w, w[::-1]) for k in kernels))


def mixed_partials_loop(w):
    parts = [partial(rbf, w[3]), partial(periodic, w[4], scale=2.0)]
    total = 0.0
    for p in parts:
        total = total + np.sum(p(w))
    return total + np.sum(parts[1](w[::-1]))


def test_a_list_of_partials_of_several_functions():
    for f in (mixed_partials_summed, mixed_partials_loop):
        check_all_modes(f, X)


def make_layer(W, act=np.tanh):  # a module name as a default
    n_out = W.shape[0]

    def layer(x):
        return act(x * W)

    return layer, n_out  # a value of the factory returned with the closure


def factory_returning_a_local_value(w):
    layer, n = make_layer(w)
    return np.sum(layer(w[::-1]) ** 2) / n


def test_a_factory_returning_its_own_value_and_a_default():
    check_all_modes(factory_returning_a_local_value, X)
