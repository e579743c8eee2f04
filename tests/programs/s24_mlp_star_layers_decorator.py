"""An MLP whose layers are passed as *layers and whose options travel as **kwargs
(mlp(x, *layers, activation=np.tanh, final=None)), a dense helper with keyword-only
arguments, an L2-penalty decorator written with functools.wraps that wraps the data loss,
and a log-softmax cross entropy on integer labels."""

import functools

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2412)
X = rs.randn(16, 3)
LABELS = (X[:, 0] + X[:, 1] ** 2 > 0.5).astype(int) + (X[:, 2] > 0.8).astype(int)


def dense(x, layer, *, activation=None):
    W, b = layer
    z = x @ W + b
    return z if activation is None else activation(z)


def mlp(x, *layers, activation=np.tanh, **kwargs):
    for layer in layers[:-1]:
        x = dense(x, layer, activation=activation)
    return dense(x, layers[-1], activation=kwargs.get("final"))


def with_l2(strength):
    def decorate(f):
        @functools.wraps(f)
        def wrapped(params, *args, **kwargs):
            penalty = sum(np.sum(W**2) for W, _ in params)
            return f(params, *args, **kwargs) + strength * penalty

        return wrapped

    return decorate


def log_softmax(z):
    top = np.max(z, axis=1, keepdims=True)
    return z - top - np.log(np.sum(np.exp(z - top), axis=1, keepdims=True))


@with_l2(1e-2)
def cross_entropy(params, x, labels, **options):
    logits = mlp(x, *params, **options)
    return -np.mean(log_softmax(logits)[np.arange(len(labels)), labels])


def loss(params):
    return cross_entropy(params, X, LABELS, activation=np.tanh)


def inputs():
    init = npr.RandomState(9)
    sizes = [3, 6, 5, 3]
    return ([(0.5 * init.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])],)
