"""An MLP whose activation is chosen by a string argument with a default, through an
if/elif chain that binds `act` to np.tanh, a relu lambda or a leaky-relu def (the form
tutorials write before they learn about dicts); the loss passes the name on to the
forward function, which is called twice with different names."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3042)
X = rs.randn(16, 3)
Y = np.sin(X[:, :1]) - 0.5 * X[:, 2:]


def forward(params, x, activation="tanh"):
    if activation == "tanh":
        act = np.tanh
    elif activation == "relu":
        act = lambda z: np.maximum(z, 0.0)  # noqa: E731
    else:

        def act(z):
            return np.where(z > 0, z, 0.1 * z)

    for W, b in params[:-1]:
        x = act(x @ W + b)
    W, b = params[-1]
    return x @ W + b


def loss(params, activation="relu"):
    main = np.mean((forward(params, X, activation) - Y) ** 2)
    smooth = np.mean((forward(params, X) - Y) ** 2)
    leaky = np.mean((forward(params, X, activation="leaky") - Y) ** 2)
    return main + 0.5 * smooth + 0.25 * leaky


def inputs():
    r = npr.RandomState(42)
    return ([(0.5 * r.randn(3, 5), 0.1 * r.randn(5)), (0.5 * r.randn(5, 1), np.zeros(1))],)
