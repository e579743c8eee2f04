"""A network whose parameters live in a dict with f-string keys ("W1", "b1", ...), built
and read in loops over range(len(sizes) - 1), as tutorials written from scratch do."""

import autograd.numpy as np
from autograd import grad, value_and_grad

SIZES = [5, 8, 6, 3]
CONFIG = {"l2": 1e-3, "act": "relu", "eps": 1e-12}


def init_params(sizes, seed=0):
    rs = np.random.RandomState(seed)
    params = {}
    for i in range(1, len(sizes)):
        params[f"W{i}"] = rs.randn(sizes[i - 1], sizes[i]) * np.sqrt(2.0 / sizes[i - 1])
        params[f"b{i}"] = np.zeros(sizes[i]) + 0.01 * i
    return params


def relu(z):
    return np.maximum(z, 0.0)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def forward(params, X):
    n_layers = len(params) // 2
    A = X
    for l in range(1, n_layers):
        Z = np.dot(A, params["W" + str(l)]) + params["b%d" % l]  # noqa: UP031
        A = relu(Z) if CONFIG["act"] == "relu" else np.tanh(Z)
    return softmax(np.dot(A, params[f"W{n_layers}"]) + params[f"b{n_layers}"])


def loss(params, X, Y):
    probs = forward(params, X)
    m = X.shape[0]
    ce = -np.sum(Y * np.log(probs + CONFIG["eps"])) / m
    reg = 0.0
    for key in params:
        if key.startswith("W"):
            reg = reg + np.sum(params[key] ** 2)
    return ce + 0.5 * CONFIG["l2"] * reg


def inputs():
    rs = np.random.RandomState(7)
    X = rs.randn(12, SIZES[0])
    labels = rs.randint(0, SIZES[-1], size=12)
    Y = np.eye(SIZES[-1])[labels]
    return init_params(SIZES), X, Y


def result():
    params, X, Y = inputs()
    vg = value_and_grad(loss)
    history = []
    for it in range(4):
        val, grads = vg(params, X, Y)
        params = {k: params[k] - 0.1 * grads[k] for k in params}
        history.append(val)
    return np.array(history), grad(loss)(params, X, Y)
