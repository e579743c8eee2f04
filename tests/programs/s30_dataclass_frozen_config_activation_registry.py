"""An MLP whose architecture comes from a frozen dataclass config built by a classmethod
from a plain dict; the activation is looked up by name in a module-level registry of
functions (ACTIVATIONS[cfg.activation]) and the output layer is linear."""

from dataclasses import dataclass, field

import autograd.numpy as np
import autograd.numpy.random as npr


def relu(x):
    return np.maximum(x, 0.0)


def softplus(x):
    return np.logaddexp(0.0, x)


ACTIVATIONS = {"tanh": np.tanh, "relu": relu, "softplus": softplus}


@dataclass(frozen=True)
class Config:
    sizes: tuple = (3, 6, 1)
    activation: str = "tanh"
    l2: float = 1e-3
    tags: list = field(default_factory=list)

    @classmethod
    def from_dict(cls, d):
        return cls(sizes=tuple(d["sizes"]), activation=d.get("activation", "tanh"), l2=d["l2"])

    @property
    def n_layers(self):
        return len(self.sizes) - 1


CFG = Config.from_dict({"sizes": [3, 6, 5, 1], "activation": "softplus", "l2": 0.01})
rs = npr.RandomState(3001)
X = rs.randn(20, 3)
Y = np.sin(X[:, :1]) + 0.1 * X[:, 1:2]


def forward(params, x, cfg=CFG):
    act = ACTIVATIONS[cfg.activation]
    for i, (W, b) in enumerate(params):
        x = x @ W + b
        if i < cfg.n_layers - 1:
            x = act(x)
    return x


def loss(params):
    pred = forward(params, X)
    reg = sum(np.sum(W**2) for W, _ in params)
    return np.mean((pred - Y) ** 2) + CFG.l2 * reg


def inputs():
    r = npr.RandomState(1)
    return (
        [(0.4 * r.randn(m, n), 0.1 * r.randn(n)) for m, n in zip(CFG.sizes[:-1], CFG.sizes[1:])],
    )
