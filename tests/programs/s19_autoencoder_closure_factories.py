"""An autoencoder whose encoder and decoder are closures made inside the loss by
factories over the differentiated weights (tied weights), with a factory returning
both a closure and its size."""

import autograd.numpy as np
import autograd.numpy.random as npr


def make_layer(W, b, act=np.tanh):
    def layer(x):
        return act(np.dot(x, W) + b)

    return layer


def make_decoder(W, c):
    n_out = W.shape[0]

    def decode(h):
        return np.dot(h, W.T) + c

    return decode, n_out


DATA = npr.RandomState(1912).randn(12, 5)


def loss(params):
    W, b, c = params["W"], params["b"], params["c"]
    encode = make_layer(W, b)
    decode, n_out = make_decoder(W, c)
    recon = decode(encode(DATA))
    return np.sum((recon - DATA) ** 2) / (len(DATA) * n_out) + 1e-3 * np.sum(W**2)


def inputs():
    rs = npr.RandomState(19121)
    return ({"W": 0.3 * rs.randn(5, 3), "b": np.zeros(3), "c": np.zeros(5)},)
