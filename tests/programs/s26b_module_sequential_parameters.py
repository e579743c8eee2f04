"""A PyTorch-flavoured module system written for autograd: a Module base class whose
__call__ forwards to forward(), Linear/Tanh/ReLU/Softplus layers, and a Sequential
container whose parameters() is the flat list of every layer's arrays; forward slices
that flat list layer by layer (``params[i:i + n]``) so grad sees one list argument.
Layers are created by an init helper (Xavier/He by name) and a config dict at module
level; training in result() is plain SGD over the list with a print callback."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

CONFIG = {"sizes": [3, 16, 16, 1], "init": "xavier", "lr": 0.05, "epochs": 8, "seed": 2643}


def init_weight(rs, n_in, n_out, scheme="xavier"):
    if scheme == "xavier":
        scale = np.sqrt(2.0 / (n_in + n_out))
    elif scheme == "he":
        scale = np.sqrt(2.0 / n_in)
    else:
        raise ValueError(f"unknown init {scheme!r}")
    return scale * rs.randn(n_in, n_out)


class Module:
    def parameters(self):
        return []

    def __call__(self, params, x):
        return self.forward(params, x)


class Linear(Module):
    def __init__(self, n_in, n_out, rs, scheme="xavier"):
        self.W = init_weight(rs, n_in, n_out, scheme)
        self.b = np.zeros(n_out)

    def parameters(self):
        return [self.W, self.b]

    def forward(self, params, x):
        W, b = params
        return np.dot(x, W) + b

    def __repr__(self):
        return f"Linear({self.W.shape[0]}, {self.W.shape[1]})"


class Tanh(Module):
    def forward(self, params, x):
        return np.tanh(x)


class ReLU(Module):
    def forward(self, params, x):
        return np.maximum(x, 0.0)


class Softplus(Module):
    def __init__(self, beta=1.0):
        self.beta = beta

    def forward(self, params, x):
        return np.logaddexp(0.0, self.beta * x) / self.beta


class Sequential(Module):
    def __init__(self, *layers):
        self.layers = list(layers)

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def forward(self, params, x):
        i = 0
        for layer in self.layers:
            n = len(layer.parameters())
            x = layer(params[i : i + n], x)
            i += n
        assert i == len(params)
        return x


def build(config):
    rs = npr.RandomState(config["seed"])
    sizes = config["sizes"]
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(n_in, n_out, rs, config["init"]))
        if k < len(sizes) - 2:
            layers.append(Tanh() if k % 2 == 0 else Softplus(beta=2.0))
    return Sequential(*layers)


MODEL = build(CONFIG)
rs = npr.RandomState(7)
X = rs.randn(32, 3)
Y = np.sin(X[:, :1]) + 0.5 * X[:, 1:2] * X[:, 2:]


def mse(params, x, y):
    pred = MODEL(params, x)
    assert pred.shape == y.shape
    return np.mean((pred - y) ** 2)


def loss(params):
    return mse(params, X, Y) + 1e-3 * sum(np.sum(p**2) for p in params[::2])


def inputs():
    return (MODEL.parameters(),)


def result():
    params = MODEL.parameters()
    g = grad(loss)
    losses = []
    for epoch in range(CONFIG["epochs"]):
        grads = g(params)
        params = [p - CONFIG["lr"] * dp for p, dp in zip(params, grads)]
        losses.append(loss(params))
        if epoch % 4 == 0:
            print(f"epoch {epoch}: loss={losses[-1]:.5f}")
    return params, np.array(losses)


if __name__ == "__main__":
    print(MODEL.layers)
    result()
