"""A small Bayesian optimisation loop: a Gaussian process with an ARD squared-exponential
kernel (log hyperparameters in a dict) is refit by a few gradient steps of its log
marginal likelihood at every round, and the next query maximises an upper confidence
bound by projected gradient ascent (np.clip to the box) from several starts; grad is
taken inside the loop of the optimiser. loss is the negative log marginal likelihood."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, value_and_grad

BOUNDS = (-2.0, 2.0)


def objective(x):
    return np.sin(3 * x[..., 0]) + 0.5 * np.cos(2 * x[..., 1]) - 0.1 * np.sum(x**2, axis=-1)


def ard_kernel(hypers, A, B):
    ls = np.exp(hypers["log_lengthscales"])
    sq = np.sum(((A[:, None, :] - B[None, :, :]) / ls) ** 2, axis=-1)
    return np.exp(2 * hypers["log_amp"]) * np.exp(-0.5 * sq)


def neg_log_marginal(hypers, X, y):
    K = ard_kernel(hypers, X, X) + (np.exp(2 * hypers["log_noise"]) + 1e-8) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


def predict(hypers, X, y, Xs):
    K = ard_kernel(hypers, X, X) + (np.exp(2 * hypers["log_noise"]) + 1e-8) * np.eye(len(X))
    Ks = ard_kernel(hypers, Xs, X)
    mean = Ks @ np.linalg.solve(K, y)
    var = np.exp(2 * hypers["log_amp"]) - np.sum(Ks * np.linalg.solve(K, Ks.T).T, axis=1)
    return mean, var


def ucb(x, hypers, X, y, kappa=2.0):
    mean, var = predict(hypers, X, y, x[None, :])
    return mean[0] + kappa * np.sqrt(np.maximum(var[0], 1e-12))


rs = npr.RandomState(2605)
X0 = rs.uniform(*BOUNDS, size=(5, 2))
Y0 = objective(X0)
HYPERS = {"log_lengthscales": np.zeros(2), "log_amp": 0.0, "log_noise": -2.0}


def loss(hypers):
    return neg_log_marginal(hypers, X0, Y0)


def inputs():
    return ({"log_lengthscales": np.array([0.1, -0.2]), "log_amp": 0.1, "log_noise": -2.0},)


def result(rounds=3):
    X, y, hypers = X0, Y0, dict(HYPERS)
    fit = value_and_grad(neg_log_marginal)
    acq_grad = grad(ucb)
    history = []
    for r in range(rounds):
        for _ in range(10):
            value, g = fit(hypers, X, y)
            hypers = {k: hypers[k] - 0.05 * g[k] for k in hypers}
        best_x, best_val = None, -np.inf
        for start in np.linspace(-1.5, 1.5, 3):
            x = np.array([start, -start])
            for _ in range(15):
                x = np.clip(x + 0.1 * acq_grad(x, hypers, X, y), *BOUNDS)
            val = ucb(x, hypers, X, y)
            if val > best_val:
                best_x, best_val = x, val
        X = np.vstack([X, best_x])
        y = np.append(y, objective(best_x))
        history.append(value)
    return X, np.array(history), hypers
