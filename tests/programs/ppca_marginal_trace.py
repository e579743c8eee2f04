"""Probabilistic PCA by maximum marginal likelihood: C = W W^T + sigma^2 I, the Gaussian
log likelihood of centred data through slogdet and the trace of inv(C) S; trained with
autograd.misc.optimizers.adam on a list [W, log_sigma] with a callback that prints."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


def neg_log_marginal(params, S, n):
    W, log_sigma = params
    d = W.shape[0]
    C = np.dot(W, W.T) + np.exp(2 * log_sigma) * np.eye(d)
    sign, logdet = np.linalg.slogdet(C)
    assert sign > 0, "covariance must be positive definite"
    return 0.5 * n * (d * np.log(2 * np.pi) + logdet + np.trace(np.dot(np.linalg.inv(C), S)))


def loss(params, S, n):
    return neg_log_marginal(params, S, n) / n


def inputs():
    rs = npr.RandomState(19)
    Z = rs.randn(50, 2)
    X = np.dot(Z, rs.randn(2, 4)) + 0.3 * rs.randn(50, 4)
    Xc = X - X.mean(axis=0)
    S = np.dot(Xc.T, Xc) / len(X)
    return [0.5 * rs.randn(4, 2), np.array(0.0)], S, len(X)


def result():
    params, S, n = inputs()
    trace = []

    def objective(p, i):
        return loss(p, S, n)

    def callback(p, i, g):
        trace.append(objective(p, i))
        if i % 5 == 0:
            print("Iteration {} marginal {:.4f}".format(i, trace[-1]))  # noqa: UP032

    params = adam(grad(objective), params, step_size=0.05, num_iters=15, callback=callback)
    return params, np.array(trace)
