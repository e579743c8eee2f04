"""A small CNN from scratch: convolution by im2col with precomputed index arrays (the
cs231n recipe: x_padded[:, k, i, j] with broadcast integer arrays), max pooling by
reshape and np.max, then a softmax classifier."""

import autograd.numpy as np
import autograd.numpy.random as npr


def im2col_indices(C, H, W, fh, fw, stride=1):
    out_h = (H - fh) // stride + 1
    out_w = (W - fw) // stride + 1
    i0 = np.tile(np.repeat(np.arange(fh), fw), C)
    i1 = stride * np.repeat(np.arange(out_h), out_w)
    j0 = np.tile(np.arange(fw), fh * C)
    j1 = stride * np.tile(np.arange(out_w), out_h)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), fh * fw).reshape(-1, 1)
    return k, i, j, out_h, out_w


def conv_forward(x, w, b, pad=1):
    N, C, H, W = x.shape
    F, _, fh, fw = w.shape
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    k, i, j, out_h, out_w = im2col_indices(C, H + 2 * pad, W + 2 * pad, fh, fw)
    cols = x_padded[:, k, i, j]  # (N, C*fh*fw, out_h*out_w)
    out = np.einsum("fk,nkp->nfp", w.reshape(F, -1), cols) + b[None, :, None]
    return out.reshape(N, F, out_h, out_w)


def max_pool_2x2(x):
    N, C, H, W = x.shape
    return np.max(x.reshape(N, C, H // 2, 2, W // 2, 2), axis=(3, 5))


def loss(params, images, labels):
    w1, b1, w2, b2 = params
    h = np.tanh(conv_forward(images, w1, b1))
    h = max_pool_2x2(h)
    h = h.reshape(h.shape[0], -1)
    scores = np.dot(h, w2) + b2
    scores = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = scores - np.log(np.sum(np.exp(scores), axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(labels)), labels])


def inputs():
    rs = npr.RandomState(41)
    images = rs.randn(3, 2, 4, 4)
    params = (0.4 * rs.randn(3, 2, 3, 3), 0.1 * rs.randn(3), 0.4 * rs.randn(12, 3), np.zeros(3))
    return params, images, np.array([0, 2, 1])
