"""A one-layer convolutional classifier on 6x6 images: patches are gathered by
integer-array indexing (im2col), the convolution is an einsum over patches and filters,
ReLU is np.maximum, pooling is a reshape and mean, then a dense softmax layer."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

H = W = 6
K = 3
N_FILT = 2
N_CLASS = 2


def im2col_indices(h, w, k):
    rows = np.arange(h - k + 1)[:, None, None, None] + np.arange(k)[None, None, :, None]
    cols = np.arange(w - k + 1)[None, :, None, None] + np.arange(k)[None, None, None, :]
    return rows, cols


ROWS, COLS = im2col_indices(H, W, K)


def conv2d(images, filters, bias):
    patches = images[:, ROWS, COLS]  # (n, oh, ow, k, k)
    out = np.einsum("nijkl,fkl->nfij", patches, filters)
    return out + bias[None, :, None, None]


def avg_pool(x, size=2):
    n, f, h, w = x.shape
    return x.reshape(n, f, h // size, size, w // size, size).mean(axis=(3, 5))


def predict(params, images):
    filters, bias, W_out, b_out = params
    hidden = np.maximum(0.0, conv2d(images, filters, bias) + 0.1)
    pooled = avg_pool(hidden)
    flat = pooled.reshape(len(images), -1)
    logits = flat @ W_out + b_out
    return logits - logsumexp(logits, axis=1, keepdims=True)


rs = npr.RandomState(2802)
IMAGES = rs.randn(8, H, W)
IMAGES[:4, 2:4, :] += 1.5
LABELS = np.array([0] * 4 + [1] * 4)


def loss(params):
    logp = predict(params, IMAGES)
    return -np.mean(logp[np.arange(len(LABELS)), LABELS])


def inputs():
    r = npr.RandomState(1)
    n_flat = N_FILT * ((H - K + 1) // 2) ** 2
    return (
        [
            0.4 * r.randn(N_FILT, K, K),
            0.1 * r.randn(N_FILT),
            0.3 * r.randn(n_flat, N_CLASS),
            np.zeros(N_CLASS),
        ],
    )


def result():
    params = inputs()[0]
    g = grad(loss)
    for _ in range(3):
        params = [p - 0.5 * dp for p, dp in zip(params, g(params))]
    return loss(params)
