"""A batch-norm layer over NCHW feature maps as written for a small conv net: the mean and
variance are taken over axis=(0, 2, 3) with keepdims, the scale and shift broadcast
from shape (1, C, 1, 1), and a 1x1 convolution (np.einsum over the channel axis) and
global average pooling follow; the loss is a squared error on the pooled features,
differentiated in a list [gamma, beta, W1x1]."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29050)
FEATS = rs.randn(4, 3, 5, 5) * 2 + 1
TARGET = rs.randn(4, 2)


def batchnorm(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=(0, 2, 3), keepdims=True)
    var = np.var(x, axis=(0, 2, 3), keepdims=True)
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma.reshape(1, -1, 1, 1) * x_hat + beta.reshape(1, -1, 1, 1)


def loss(params):
    gamma, beta, W = params
    h = np.maximum(batchnorm(FEATS, gamma, beta), 0.0)
    out = np.einsum("nchw,oc->nohw", h, W)
    pooled = out.mean(axis=(2, 3))
    return np.mean((pooled - TARGET) ** 2)


def inputs():
    r = npr.RandomState(50)
    return ([np.ones(3) + 0.1 * r.randn(3), 0.1 * r.randn(3), 0.5 * r.randn(2, 3)],)
