"""A small convolutional net with a hand-written im2col: patches are cut with a list
comprehension of slices and stacked, the convolution is one matrix product, 2x2 max
pooling is a reshape and .max, and a softmax cross-entropy head is fitted to labels
given as integers (picked with fancy indexing)."""

import autograd.numpy as np
import autograd.numpy.random as npr


def im2col(images, k):
    n, h, w = images.shape
    cols = [images[:, i : i + h - k + 1, j : j + w - k + 1] for i in range(k) for j in range(k)]
    return np.stack(cols, axis=-1)  # (n, h', w', k*k)


def conv(images, filters, bias):
    k = int(np.sqrt(filters.shape[0]))
    patches = im2col(images, k)
    return np.einsum("nhwp,pc->nhwc", patches, filters) + bias


def maxpool(x, size=2):
    n, h, w, c = x.shape
    x = x[:, : h // size * size, : w // size * size, :]
    x = x.reshape(n, h // size, size, w // size, size, c)
    return x.max(axis=(2, 4))


def logsoftmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def predict(params, images):
    filters, bias, W, b = params
    h = np.maximum(conv(images, filters, bias), 0.0)
    h = maxpool(h)
    h = h.reshape(h.shape[0], -1)
    return logsoftmax(np.dot(h, W) + b)


def loss(params, images, labels):
    logp = predict(params, images)
    return -np.mean(logp[np.arange(len(labels)), labels])


def inputs():
    rs = npr.RandomState(11)
    images = rs.randn(5, 7, 7)
    labels = np.array([0, 2, 1, 1, 0])
    params = [0.4 * rs.randn(9, 3), 0.1 * rs.randn(3), 0.3 * rs.randn(12, 3), np.zeros(3)]
    return params, images, labels
