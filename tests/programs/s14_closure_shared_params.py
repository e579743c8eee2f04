"""A model built from closures: make_encoder and make_decoder return inner functions that
close over slices of the differentiated parameters, and the loss composes them (an
autoencoder with tied biases)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def make_encoder(W, b):
    def encode(x):
        return np.tanh(np.dot(x, W) + b)

    return encode


def make_decoder(W, c):
    def decode(h):
        return np.dot(h, W.T) + c

    return decode


def data():
    return npr.RandomState(1427).randn(10, 5)


X = data()


def loss(params):
    W, b, c = params
    encode = make_encoder(W, b)
    decode = make_decoder(W, c)
    recon = decode(encode(X))
    return np.mean(np.sum((recon - X) ** 2, axis=1)) + 1e-2 * np.sum(W**2)


def inputs():
    rs = npr.RandomState(14271)
    return ((0.3 * rs.randn(5, 3), np.zeros(3), np.zeros(5)),)
