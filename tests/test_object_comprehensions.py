"""Objects of user classes made from the differentiated values in a comprehension
(``layers = [Dense(W, b) for W, b in params]``, ``tuple(Dense.make(p) for p in ps)``),
then used in a loop (``layer.forward(h)``, ``layer(h)``): each item has the class of the
comprehension's element (normalize/kinds.py: the ``("each", kind)`` kind); and classes
with ``__slots__`` made in the function (runtime/trees.py: ``instance_attributes``)."""

import numpy as np
import pytest
from gradcheck import check_all_modes

import s2sgrad


class Dense:
    def __init__(self, W, b, scale=1.0):
        self.W = W
        self.b = b
        self.scale = scale

    @classmethod
    def from_pair(cls, pair):
        W, b = pair
        return cls(W, b, 0.5)

    def forward(self, h):
        return np.tanh(self.scale * (h * self.W + self.b))

    def __call__(self, h):
        return self.forward(h) if False else np.tanh(self.scale * (h * self.W + self.b))


class Slotted:
    __slots__ = ("w", "kind")

    def __init__(self, w, kind):
        self.w = w
        self.kind = kind

    def apply(self, h):
        return np.sin(h * self.w) if self.kind == "sin" else h * self.w


class SlottedChild(Slotted):
    __slots__ = ("extra",)

    def __init__(self, w, kind, extra):
        super().__init__(w, kind)
        self.extra = extra

    def apply(self, h):
        return Slotted.apply(self, h) + self.extra * h


def comprehension_method_loop(x):
    layers = [Dense(x[i], x[i + 1], i + 1.0) for i in range(2)]
    h = np.array([0.3, -0.2])
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h**2)


def comprehension_call_loop(x):
    layers = [Dense(x[i], 0.1 * x[i + 1]) for i in range(2)]
    h = np.array([0.3, -0.2])
    for layer in layers:
        h = layer(h)
    return np.sum(h)


def tuple_of_classmethod_objects(x):
    pairs = [(x[0], x[1]), (x[2], x[0] * x[1])]
    layers = tuple(Dense.from_pair(p) for p in pairs)
    h = np.array([0.5, 1.5])
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h)


def indexed_item_of_comprehension(x):
    layers = [Dense(x[i], x[2]) for i in range(2)]
    return np.sum(layers[1].forward(np.array([1.0, 2.0])) * layers[0].b)


def build_layers(x, n=2):
    masks = [np.arange(2) % 2 == k % 2 for k in range(n)]
    return [Dense(x[k] * m, x[k + 1]) for k, m in enumerate(masks)]


def run_layers(layers, h):
    for layer in layers:
        h = layer(h)
    return h


def layers_from_a_helper_passed_on(x):
    layers = build_layers(x)
    return np.sum(run_layers(layers, np.array([0.3, -0.2])) ** 2)


def slotted_objects(x):
    a = Slotted(x[0], "sin")
    b = SlottedChild(x[1], "lin", x[2])
    return np.sum(b.apply(a.apply(np.array([0.4, 0.9]))))


def test_objects_from_comprehensions():
    for f in (
        comprehension_method_loop,
        comprehension_call_loop,
        tuple_of_classmethod_objects,
        indexed_item_of_comprehension,
        layers_from_a_helper_passed_on,
    ):
        check_all_modes(f, [0.7, -0.4, 1.1], hess=False)


def test_objects_with_slots():
    check_all_modes(slotted_objects, [0.7, -0.4, 1.1])


def test_second_order_through_them_is_an_error_at_the_users_line():
    # forward over reverse reads the generated loop of appends back, whose items have
    # no class the lowering knows: an error, never a wrong Hessian
    x = np.array([0.7, -0.4, 1.1])
    with pytest.raises(s2sgrad.S2SGradError) as info:
        s2sgrad.hessian(comprehension_method_loop)(x)
    assert info.value.filename == __file__
