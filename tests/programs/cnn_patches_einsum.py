"""A small convnet: convolution by explicit patch extraction + np.einsum, max pooling by reshape."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(0)
images = rs.randn(3, 1, 6, 6)
labels = np.array([0, 2, 1])


def conv2d(x, w):
    # x: (N, C, H, W), w: (F, C, kh, kw) -> (N, F, H-kh+1, W-kw+1), valid mode
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    oh, ow = H - kh + 1, W - kw + 1
    patches = np.stack(
        [x[:, :, i : i + kh, j : j + kw] for i in range(oh) for j in range(ow)], axis=1
    )
    patches = patches.reshape(N, oh, ow, C, kh, kw)
    return np.einsum("nhwcij,fcij->nfhw", patches, w)


def maxpool2(x):
    N, F, H, W = x.shape
    x = x.reshape(N, F, H // 2, 2, W // 2, 2)
    return np.max(np.max(x, axis=5), axis=3)


def logsoftmax(z):
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def predict(params, x):
    w_conv, b_conv, w_fc = params
    h = np.maximum(conv2d(x, w_conv) + b_conv[None, :, None, None], 0.0)
    h = maxpool2(h)
    h = h.reshape(h.shape[0], -1)
    return logsoftmax(np.dot(h, w_fc))


def loss(params):
    logp = predict(params, images)
    return -np.mean(logp[np.arange(len(labels)), labels])


def inputs():
    r = npr.RandomState(1)
    return ([r.randn(2, 1, 3, 3) * 0.5, r.randn(2) * 0.1 + 0.2, r.randn(8, 3) * 0.5],)
