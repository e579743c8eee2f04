"""A mixture density network written as a small class: the hidden layers are a list of
(W, b) tuples walked with zip over activations, the head's output is cut with np.split
into mixture logits, means and log-scales, and the negative log-likelihood uses
scipy.special.logsumexp over the components."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def softplus(x):
    return np.logaddexp(0.0, x)


class MDN:
    def __init__(self, n_components, activations=(np.tanh, softplus)):
        self.k = n_components
        self.activations = activations

    def hidden(self, layers, x):
        for (W, b), act in zip(layers, self.activations):
            x = act(np.dot(x, W) + b)
        return x

    def heads(self, params, x):
        *layers, (W, b) = params
        out = np.dot(self.hidden(layers, x), W) + b
        logits, means, log_scales = np.split(out, 3, axis=1)
        log_pi = logits - logsumexp(logits, axis=1, keepdims=True)
        return log_pi, means, log_scales

    def nll(self, params, x, y):
        log_pi, mu, log_s = self.heads(params, x)
        z = (y[:, None] - mu) / np.exp(log_s)
        comp = -0.5 * z**2 - log_s - 0.5 * np.log(2 * np.pi)
        return -np.mean(logsumexp(log_pi + comp, axis=1))


MODEL = MDN(3)


def loss(params, x, y):
    return MODEL.nll(params, x, y)


def init(sizes, rs, scale=0.3):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    rs = npr.RandomState(18)
    x = np.linspace(-1.0, 1.0, 12)[:, None]
    y = np.sin(3 * x[:, 0]) + 0.1 * rs.randn(12)
    return init([1, 6, 5, 9], rs), x, y
