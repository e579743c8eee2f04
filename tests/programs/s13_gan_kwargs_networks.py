"""A GAN whose networks are built by a helper taking **kwargs (activation, output
activation by name looked up in a dict of functions); the discriminator's loss is
differentiated with respect to its parameter dict, with label smoothing."""

import autograd.numpy as np
import autograd.numpy.random as npr

ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "linear": lambda z: z,
}


def network(params, x, **kwargs):
    act = ACTIVATIONS[kwargs.get("activation", "tanh")]
    out_act = ACTIVATIONS[kwargs.get("output", "linear")]
    h = act(np.dot(x, params["W1"]) + params["b1"])
    return out_act(np.dot(h, params["W2"]) + params["b2"])


def loss(d_params, g_params, real, z, smooth=0.9):
    fake = network(g_params, z, activation="relu")
    d_real = network(d_params, real, output="sigmoid")
    d_fake = network(d_params, fake, output="sigmoid")
    eps = 1e-8
    return -np.mean(smooth * np.log(d_real + eps) + np.log(1.0 - d_fake + eps))


def init(rs, n_in, n_hidden, n_out):
    return {
        "W1": 0.5 * rs.randn(n_in, n_hidden),
        "b1": np.zeros(n_hidden),
        "W2": 0.5 * rs.randn(n_hidden, n_out),
        "b2": np.zeros(n_out),
    }


def inputs():
    rs = npr.RandomState(163)
    return init(rs, 2, 4, 1), init(rs, 3, 4, 2), rs.randn(8, 2) + 1.0, rs.randn(8, 3)
