"""A mixture of linear experts with softmax gating: the experts' outputs stacked with
np.stack along a new axis, combined with np.einsum("ne,nek->nk"), a load-balancing
penalty on the mean gate, and the gate temperature as a Python float constant."""

import autograd.numpy as np
from autograd import grad

N_EXPERTS = 3
TEMPERATURE = 0.7
rs = np.random.RandomState(0)
X = rs.randn(10, 4)
Y = np.stack([np.sin(X[:, 0]), np.cos(X[:, 1])], axis=1)


def softmax(z, axis=1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def loss(params):
    gate_W, experts = params["gate"], params["experts"]
    gates = softmax(np.dot(X, gate_W) / TEMPERATURE)  # (n, e)
    outs = np.stack([np.dot(X, W) + b for W, b in experts], axis=1)  # (n, e, k)
    pred = np.einsum("ne,nek->nk", gates, outs)
    balance = np.sum((gates.mean(axis=0) - 1.0 / N_EXPERTS) ** 2)
    return np.mean((pred - Y) ** 2) + 0.1 * balance


def inputs():
    r = np.random.RandomState(1)
    return (
        {
            "gate": r.randn(4, N_EXPERTS) * 0.3,
            "experts": [(r.randn(4, 2) * 0.3, np.zeros(2)) for _ in range(N_EXPERTS)],
        },
    )


def result():
    p = inputs()[0]
    g = grad(loss)(p)
    return {
        "gate": p["gate"] - 0.1 * g["gate"],
        "experts": [
            (W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in zip(p["experts"], g["experts"])
        ],
    }
