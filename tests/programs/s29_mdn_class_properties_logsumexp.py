"""A mixture density network as a class: the hidden layer and the three heads (mixture
logits, means, log standard deviations) are read from a flat parameter vector through
an unpacking method with a list of shapes, and the negative log likelihood uses
logsumexp over the components; num_params is a property used by inputs()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


class MDN:
    def __init__(self, n_hidden=5, n_components=3):
        self.n_hidden = n_hidden
        self.n_components = n_components
        self.shapes = [
            ("W1", (1, n_hidden)),
            ("b1", (n_hidden,)),
            ("W_pi", (n_hidden, n_components)),
            ("W_mu", (n_hidden, n_components)),
            ("W_sigma", (n_hidden, n_components)),
        ]

    @property
    def num_params(self):
        return sum(int(np.prod(shape)) for _, shape in self.shapes)

    def unpack(self, flat):
        params, offset = {}, 0
        for name, shape in self.shapes:
            size = int(np.prod(shape))
            params[name] = flat[offset : offset + size].reshape(shape)
            offset += size
        return params

    def nll(self, flat, x, y):
        p = self.unpack(flat)
        h = np.tanh(x[:, None] @ p["W1"] + p["b1"])
        log_pi = h @ p["W_pi"]
        log_pi = log_pi - logsumexp(log_pi, axis=1, keepdims=True)
        mu = h @ p["W_mu"]
        log_sigma = h @ p["W_sigma"]
        z = (y[:, None] - mu) / np.exp(log_sigma)
        log_comp = -0.5 * z**2 - log_sigma - 0.5 * np.log(2 * np.pi)
        return -np.mean(logsumexp(log_pi + log_comp, axis=1))


MODEL = MDN()
rs = npr.RandomState(2920)
Y_DATA = rs.uniform(-1, 1, size=25)
X_DATA = Y_DATA + 0.3 * np.sin(3 * Y_DATA) + 0.05 * rs.randn(25)


def loss(flat):
    return MODEL.nll(flat, X_DATA, Y_DATA)


def inputs():
    return (0.5 * npr.RandomState(20).randn(MODEL.num_params),)
