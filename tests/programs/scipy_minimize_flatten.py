"""The common autograd + SciPy pattern: parameters as a list of arrays, flattened with
autograd.misc.flatten, and scipy.optimize.minimize(..., jac=grad(objective), method=
"L-BFGS-B") on the flat vector."""

import autograd.numpy as np
from autograd import grad
from autograd.misc import flatten
from scipy.optimize import minimize

rs = np.random.RandomState(1)
X = rs.randn(20, 2)
T = (np.sin(X[:, 0]) * X[:, 1])[:, None]
init_params = [rs.randn(2, 5) * 0.5, np.zeros(5), rs.randn(5, 1) * 0.5, np.zeros(1)]
flat_init, unflatten = flatten(init_params)


def predict(params, x):
    W1, b1, W2, b2 = params
    return np.dot(np.tanh(np.dot(x, W1) + b1), W2) + b2


def objective(flat):
    params = unflatten(flat)
    return np.mean((predict(params, X) - T) ** 2) + 1e-3 * np.sum(flat**2)


def loss(flat):
    return objective(flat)


def inputs():
    return (flat_init.copy(),)


def result():
    res = minimize(
        objective, inputs()[0], jac=grad(objective), method="L-BFGS-B", options={"maxiter": 8}
    )
    return res.x
