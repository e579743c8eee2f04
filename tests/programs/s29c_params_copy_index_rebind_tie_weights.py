"""An autoencoder with tied weights written by copying the parameter list and rebinding an
item: params = list(params), then params[2] = params[0].T makes the decoder weight the
encoder's transpose before the layers are read back by index; the loss is the
reconstruction error plus a sparsity penalty on the code."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29038)
X = rs.randn(10, 5)


def loss(params):
    params = list(params)
    params[2] = params[0].T
    W_enc, b_enc, W_dec, b_dec = params
    code = np.tanh(np.dot(X, W_enc) + b_enc)
    recon = np.dot(code, W_dec) + b_dec
    return np.mean((recon - X) ** 2) + 0.01 * np.mean(np.abs(code))


def inputs():
    r = npr.RandomState(38)
    return ([0.4 * r.randn(5, 3), np.zeros(3), np.zeros((3, 5)), np.zeros(5)],)
