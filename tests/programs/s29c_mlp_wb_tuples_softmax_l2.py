"""A classifier MLP from a list of (W, b) tuples as the autograd examples build it: init by
a list comprehension over zip(layer_sizes[:-1], layer_sizes[1:]), forward by
`for W, b in params[:-1]` with relu and a log-softmax last layer, the log posterior with
an L2 prior summed over the parameters with a generator, and accuracy printed by the
callback of sgd in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import sgd
from autograd.scipy.special import logsumexp


def init_random_params(scale, layer_sizes, rs=npr.RandomState(0)):  # noqa: B008
    return [
        (scale * rs.randn(m, n), scale * rs.randn(n))
        for m, n in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def relu(x):
    return np.maximum(0, x)


def neural_net_predict(params, inputs):
    for W, b in params[:-1]:
        inputs = relu(np.dot(inputs, W) + b)
    W, b = params[-1]
    outputs = np.dot(inputs, W) + b
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


def l2_norm(params):
    return sum(np.sum(p**2) for layer in params for p in layer)


def log_posterior(params, inputs, targets, L2_reg):
    log_prior = -L2_reg * l2_norm(params)
    log_lik = np.sum(neural_net_predict(params, inputs) * targets)
    return log_prior + log_lik


def accuracy(params, inputs, targets):
    target_class = np.argmax(targets, axis=1)
    predicted_class = np.argmax(neural_net_predict(params, inputs), axis=1)
    return np.mean(predicted_class == target_class)


rs = npr.RandomState(29017)
X = rs.randn(30, 4)
T = np.eye(3)[np.argmax(X[:, :3] + 0.3 * X[:, 3:], axis=1)]


def loss(params):
    return -log_posterior(params, X, T, 0.01) / len(X)


def inputs():
    return (init_random_params(0.3, [4, 7, 3], rs=npr.RandomState(17)),)


def result():
    accs = []

    def objective(params, it):
        return loss(params)

    def print_perf(params, it, gradient):
        if it % 4 == 0:
            accs.append(accuracy(params, X, T))

    trained = sgd(grad(objective), inputs()[0], step_size=0.2, num_iters=12, callback=print_perf)
    return trained, np.array(accs)
