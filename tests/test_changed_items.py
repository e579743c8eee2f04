"""Loops over lists of objects whose methods change them (``self.layer_input = X`` in a
layer's ``forward``, as in layer classes written for hand-made backward passes): each
item is followed as a new value and put back into the list (s2sgrad/normalize/
changed_items.py). Checked against finite differences in every mode; names that would
keep the list or its items as they were before the change are errors at the user's line."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError
from tests.gradcheck import check_all_modes, numerical_grad

RS = np.random.RandomState(3)
X = RS.randn(4, 3)
Y = RS.randn(4, 2)
W2 = RS.randn(5, 2)


class Dense:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.layer_input = None

    def forward(self, X):
        self.layer_input = X
        return X @ self.W + self.b


class Tanh:
    def forward(self, X):
        self.out = np.tanh(X)
        return self.out


class Scale:
    def __init__(self, c):
        self.c = c
        self.calls = 0

    def forward(self, X):
        self.calls = self.calls + 1
        self.last = X * self.c
        return self.last


class Net:
    def __init__(self, W1):
        self.layers = [Dense(W1, np.zeros(5)), Tanh(), Dense(W2, np.zeros(2))]

    def predict(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X


class Stack:
    def __init__(self, W1):
        self.layers = [Scale(1.5), Dense(W1, 0.1 * np.ones(5)), Scale(0.5), Tanh()]

    def predict(self, X):
        for i, layer in enumerate(self.layers):
            X = layer.forward(X) + 0.01 * i
        return X


class Chain:
    def __init__(self, W1):
        self.layers = [Dense(W1 * (k + 1), np.zeros(5)) for k in range(2)]

    def run(self, X):
        X = X @ np.ones((3, 5))
        for layer in self.layers:
            X = np.tanh(layer.forward(X[:, :3]))
        return X


def local_several(W1):
    layers = [Dense(W1, np.zeros(5)), Tanh(), Dense(W2, np.zeros(2))]
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum((h - Y) ** 2) + np.sum(layers[2].layer_input ** 2) + np.sum(layers[1].out)


def local_one_class(W1):
    layers = [Dense(W1 * (k + 1), np.zeros(5)) for k in range(3)]
    h = X
    for layer in layers:
        h = np.tanh(layer.forward(h)[:, :3])
    return np.sum(h**2) + np.sum(layers[1].layer_input * 0.5)


def in_method(W1):
    net = Net(W1)
    out = net.predict(X)
    return np.sum((out - Y) ** 2) + np.sum(net.layers[2].layer_input)


def enumerated(W1):
    net = Stack(W1)
    out = net.predict(X)
    out = net.predict(out[:, :3])
    return np.sum(out**2) + net.layers[0].calls * np.sum(net.layers[2].last)


def one_class_in_method(W1):
    chain = Chain(W1)
    return np.sum(chain.run(X) ** 2) + np.sum(chain.layers[1].layer_input)


@pytest.mark.parametrize("fn", [local_several, local_one_class, in_method, enumerated])
def test_changed_items_are_followed(fn):
    check_all_modes(fn, 0.3 * RS.randn(3, 5), hess=False)


@pytest.mark.parametrize("fn", [local_several, in_method])
def test_changed_items_hessian(fn):
    check_all_modes(fn, 0.3 * RS.randn(3, 2)[:, :1] @ np.ones((1, 5)), hess=True)


def test_the_state_is_as_python_leaves_it():
    W1 = 0.3 * RS.randn(3, 5)
    net = Net(W1)
    net.predict(X)
    value, _ = s2sgrad.value_and_grad(in_method)(W1)
    assert value == pytest.approx(in_method(W1))


def aliased_list(W1):
    layers = [Dense(W1, np.zeros(5)), Tanh()]
    other = layers
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h) + np.sum(other[0].layer_input)


def named_item(W1):
    first = Dense(W1, np.zeros(5))
    layers = [first, Tanh()]
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h) + np.sum(first.layer_input)


def read_inside(W1):
    layers = [Dense(W1, np.zeros(5)), Tanh()]
    h = X
    for layer in layers:
        h = layer.forward(h) + np.sum(layers[0].b)
    return np.sum(h)


def held_list(W1):
    net = Net(W1)
    layers = net.layers
    out = net.predict(X)
    return np.sum(out) + np.sum(layers[0].layer_input)


def given_list(W1, layers):
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h)


@pytest.mark.parametrize(
    "fn, text",
    [
        (aliased_list, "other = layers"),
        (named_item, "for layer in layers"),
        (read_inside, "layers[0].b"),
        (held_list, "layers = net.layers"),
    ],
)
def test_other_names_for_changed_items_are_errors(fn, text):
    with pytest.raises(UnsupportedSyntaxError) as e:
        s2sgrad.grad(fn)(0.3 * RS.randn(3, 5))
    assert "test_changed_items.py" in str(e.value)
    assert text in str(e.value)


class Stacked:
    def __init__(self):
        self.layers = [Dense(np.zeros((3, 5)), 0.0), Scale(2.0)]

    def loss(self, W1):
        total = 0.0
        for layer in self.layers:
            total = total + np.sum(layer.forward(X @ W1[:, :3]) ** 2)
        return total + np.sum(self.layers[0].layer_input)


def test_a_bound_method_of_an_object_whose_loop_changes_its_items():
    model = Stacked()
    check_all_modes(lambda w: model.loss(w), 0.3 * RS.randn(3, 5))
    assert model.layers[1].calls > 0  # the state written back, as Python leaves it


class NeuralNetwork:
    """Layers given to __init__ (ML-from-scratch style), changed by forward."""

    def __init__(self, layers):
        self.layers = layers

    def forward(self, X):
        out = X
        for layer in self.layers:
            out = layer.forward(out)
        return out


def given_inline(W1):
    net = NeuralNetwork([Dense(W1, np.zeros(5)), Tanh(), Dense(W2, np.zeros(2))])
    out = net.forward(X)
    return np.sum((out - Y) ** 2) + np.sum(net.layers[2].layer_input)


def given_by_a_local(W1):
    layers = [Dense(W1, 0.5 * np.ones(5)), Tanh()]
    net = NeuralNetwork(layers)
    out = net.forward(X)
    out = net.forward(out[:, :3] * 2.0)
    return np.sum(out**2) + np.sum(net.layers[1].out * net.layers[0].layer_input[:, :1])


def given_keyword(W1):
    net = NeuralNetwork(layers=[Scale(2.0), Dense(W1, np.zeros(5))])
    return np.sum(np.tanh(net.forward(X))) + net.layers[0].calls


@pytest.mark.parametrize("fn", [given_inline, given_by_a_local, given_keyword])
def test_layers_given_to_init_are_followed(fn):
    check_all_modes(fn, 0.3 * RS.randn(3, 5))


def given_and_read(W1):
    layers = [Dense(W1, np.zeros(5)), Tanh()]
    net = NeuralNetwork(layers)
    out = net.forward(X)
    return np.sum(out) + np.sum(layers[1].out * W1[0, 0])


def given_named_item(W1):
    first = Dense(W1, np.zeros(5))
    net = NeuralNetwork([first, Tanh()])
    out = net.forward(X)
    return np.sum(out) + np.sum(first.layer_input)


def given_list_aliased(W1):
    net = NeuralNetwork([Dense(W1, np.zeros(5)), Tanh()])
    held = net.layers
    out = net.forward(X)
    return np.sum(out) + np.sum(held[1].out * W1[0, 0])


FIRST = Dense(np.ones((3, 5)), 0.0)
OUTSIDE = NeuralNetwork([FIRST, Tanh()])


def outside_network(W1):
    out = OUTSIDE.forward(X @ W1[:, :3])
    return np.sum(out**2) + np.sum(OUTSIDE.layers[0].layer_input * W1[0, 0])


def test_a_module_level_network_is_followed_and_written_back():
    check_all_modes(outside_network, 0.3 * RS.randn(3, 5))
    W1 = 0.3 * RS.randn(3, 5)
    s2sgrad.grad(outside_network)(W1)
    np.testing.assert_allclose(OUTSIDE.layers[0].layer_input, X @ W1[:, :3])  # as Python
    assert type(OUTSIDE.layers[0].layer_input) is np.ndarray
    assert OUTSIDE.layers[0] is FIRST  # written into the layer: the same object, as Python


def outside_alias(W1):
    out = OUTSIDE.forward(X @ W1[:, :3])
    return np.sum(out) + np.sum(FIRST.layer_input * W1[0, 0])


def first_input():
    return FIRST.layer_input


def outside_alias_read_elsewhere(W1):
    out = OUTSIDE.forward(X @ W1[:, :3])
    return np.sum(out) + np.sum(first_input() * W1[0, 0])


@pytest.mark.parametrize(
    "fn, text",
    [
        (given_and_read, "NeuralNetwork(layers)"),
        (given_named_item, "NeuralNetwork([first, Tanh()])"),
        (given_list_aliased, "held = net.layers"),
        (outside_alias, "FIRST refers to OUTSIDE or to an object it holds"),
        (outside_alias_read_elsewhere, "first_input() reads OUTSIDE through its own name"),
    ],
)
def test_other_names_for_given_layers_are_errors(fn, text):
    with pytest.raises(UnsupportedSyntaxError) as e:
        s2sgrad.grad(fn)(0.3 * RS.randn(3, 5))
    assert "test_changed_items.py" in str(e.value)
    assert text in str(e.value)


class Sized:
    """A layer made from its sizes; the loss sets its weights (set_weights or .W = W)."""

    def __init__(self, n_in, n_out):
        self.W = np.zeros((n_in, n_out))
        self.b = np.zeros(n_out)

    def set_weights(self, W, b):
        self.W = W
        self.b = b

    def forward(self, X):
        self.layer_input = X
        return np.tanh(X @ self.W + self.b)


class SizedNet:
    def __init__(self, sizes):
        self.layers = [Sized(m, n) for m, n in zip(sizes[:-1], sizes[1:])]

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X


def set_by_method(params):
    layers = [Sized(3, 4), Sized(4, 2)]
    for layer, (W, b) in zip(layers, params):  # the same loop name twice
        layer.set_weights(W, b)
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum((h - Y) ** 2) + np.sum(layers[1].layer_input)


def set_by_store(params):
    layers = [Sized(3, 4), Sized(4, 2)]
    for i, (W, b) in enumerate(params):
        pass
    for layer, (W, b) in zip(layers, params):
        layer.W = W
        layer.b = b * 2.0
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h**2) + i


def set_in_net(params):
    net = SizedNet([3, 4, 2])
    for layer, (W, b) in zip(net.layers, params):
        layer.set_weights(W, b)
    return np.sum((net.forward(X) - Y) ** 2) + np.sum(net.layers[0].W)


SIZED = SizedNet([3, 4, 2])


def set_in_outside_net(params):
    for layer, (W, b) in zip(SIZED.layers, params):  # a module-level network
        layer.W = W
        layer.b = b
    return np.sum((SIZED.forward(X) - Y) ** 2)


class CalledLayer:
    def __init__(self, W):
        self.W = W

    def __call__(self, X):
        self.seen = X
        return np.tanh(X @ self.W)


class CalledNet:
    def __init__(self, W1):
        self.layers = [CalledLayer(W1), CalledLayer(np.ones((4, 2)))]

    def __call__(self, X):
        for layer in self.layers:
            X = layer(X)
        return X


def set_by_call(params):
    net = CalledNet(params[0][0])
    return np.sum(net(X) ** 2) + np.sum(net.layers[1].seen * params[1][1][0])


PARAMS = [(0.4 * RS.randn(3, 4), 0.1 * RS.randn(4)), (0.4 * RS.randn(4, 2), 0.1 * RS.randn(2))]


def _check_params_gradient(fn):
    """grad(fn)(PARAMS), a list of (W, b) pairs, against central differences leaf by leaf."""
    got = s2sgrad.grad(fn)(PARAMS)
    expected = numerical_grad(fn, (PARAMS,), 0)
    for g_pair, e_pair in zip(got, expected):
        for g, e in zip(g_pair, e_pair):
            np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)
    return got


@pytest.mark.parametrize(
    "fn", [set_by_method, set_by_store, set_in_net, set_in_outside_net, set_by_call]
)
def test_weights_set_on_the_items_of_a_list(fn):
    got = _check_params_gradient(fn)
    tangent = [tuple(np.ones_like(a) for a in p) for p in PARAMS]
    _, dot = s2sgrad.jvp(fn, (PARAMS,), (tangent,))
    expected = sum(np.sum(g) for p in got for g in p)
    np.testing.assert_allclose(dot, expected, rtol=1e-6)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Activated:
    def __init__(self, n_in, n_out, activation=np.tanh):
        self.W = np.zeros((n_in, n_out))
        self.b = np.zeros(n_out)
        self.activation = activation

    def __call__(self, X):
        self.output = self.activation(X @ self.W + self.b)
        return self.output


class Holder:
    def __init__(self, layers):
        self.layers = layers


MIXED = Holder([Activated(3, 4), Activated(4, 2, activation=_sigmoid)])  # two kinds
MIXED_LIST = [Activated(3, 4), Activated(4, 2, activation=_sigmoid)]


def zip_over_mixed_items(params):
    for layer, (W, b) in zip(MIXED.layers, params):
        layer.W = W
        layer.b = b
    h = X
    for layer in MIXED.layers:
        h = layer(h)
    return np.sum((h - Y) ** 2) + np.sum(MIXED.layers[0].output)


def zip_over_a_module_list(params):
    for layer, (W, b) in zip(MIXED_LIST, params):
        layer.W = W
        layer.b = b
    return np.sum(MIXED_LIST[1](MIXED_LIST[0](X)))


def test_a_zip_over_objects_of_several_kinds():
    _check_params_gradient(zip_over_mixed_items)


def test_a_zip_shorter_than_its_objects_is_an_error():
    with pytest.raises(ValueError, match="zip\\(\\) over 2 objects and a shorter sequence"):
        s2sgrad.grad(zip_over_mixed_items)(PARAMS[:1])


def test_a_module_level_list_of_changed_objects_is_an_error():
    with pytest.raises(UnsupportedSyntaxError, match="the loop changes the objects") as e:
        s2sgrad.grad(zip_over_a_module_list)(PARAMS)
    assert "zip(MIXED_LIST, params)" in str(e.value)


class Counted:
    def __init__(self):
        self.calls = 0

    def forward(self, X):
        self.calls = self.calls + 1
        return X * 2.0


class ReadsItselfInTheLoop:
    def __init__(self):
        self.layers = [Counted(), Counted()]

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X) + sum(m.calls for m in self.layers)
        return X


def reads_the_list_in_the_loop(W1):
    net = ReadsItselfInTheLoop()
    return np.sum(net.forward(X @ W1[:, :3]))


def test_the_owner_read_in_a_changing_loop_is_an_error():
    with pytest.raises(UnsupportedSyntaxError, match="puts back when it ends") as e:
        s2sgrad.grad(reads_the_list_in_the_loop)(0.3 * RS.randn(3, 5))
    assert "sum(m.calls for m in self.layers)" in str(e.value)


FLAGGED = Holder([Activated(3, 4), Activated(4, 2, activation=_sigmoid)])
for _layer in FLAGGED.layers:
    _layer.W, _layer.b, _layer.output = None, None, None  # constants until the loss sets them


def outputs_read_after(params):
    for layer, (W, b) in zip(FLAGGED.layers, params):
        layer.W = W
        layer.b = b
    h = X
    for layer in FLAGGED.layers:
        h = layer(h)
    return np.sum(h**2) + sum(np.mean(layer.output**2) for layer in FLAGGED.layers[:-1])


def test_constants_of_the_items_no_longer_hold_once_the_loop_sets_them():
    _check_params_gradient(outputs_read_after)
