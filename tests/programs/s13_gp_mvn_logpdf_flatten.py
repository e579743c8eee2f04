"""GP regression whose marginal likelihood is autograd.scipy.stats.multivariate_normal
.logpdf of the targets; hyperparameters are a dict of log-values flattened with
autograd.misc.flatten and optimised with adam on the flat vector."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.multivariate_normal as mvn
from autograd import grad
from autograd.misc import flatten
from autograd.misc.optimizers import adam


def rbf(X1, X2, lengthscale, variance):
    sq = np.sum((X1[:, None, :] - X2[None, :, :]) ** 2, axis=-1)
    return variance * np.exp(-0.5 * sq / lengthscale**2)


def neg_log_marginal(hypers, X, y):
    ls, var, noise = (
        np.exp(hypers["log_ls"]),
        np.exp(hypers["log_var"]),
        np.exp(hypers["log_noise"]),
    )
    K = rbf(X, X, ls, var) + (noise + 1e-6) * np.eye(len(X))
    return -mvn.logpdf(y, np.zeros(len(X)), K)


def data():
    rs = npr.RandomState(136)
    X = np.sort(rs.uniform(-3, 3, size=(12, 1)), axis=0)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(12)
    return X, y


X, Y = data()
HYPERS = {"log_ls": np.array(0.1), "log_var": np.array(-0.2), "log_noise": np.array(-2.0)}
FLAT, UNFLATTEN = flatten(HYPERS)


def loss(flat):
    return neg_log_marginal(UNFLATTEN(flat), X, Y)


def inputs():
    return (FLAT.copy(),)


def result():
    objective = lambda x, i: loss(x)  # noqa: E731
    x = adam(grad(objective), FLAT.copy(), step_size=0.05, num_iters=6)
    return UNFLATTEN(x)
