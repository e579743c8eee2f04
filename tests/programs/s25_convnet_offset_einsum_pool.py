"""A small convnet in the style of autograd's convnet example, written without
scipy.signal: a WeightsParser that hands out named slices of one flat parameter vector,
the convolution as a sum over kernel offsets of np.einsum on shifted views, max pooling
by reshaping into blocks and taking the max over the block axes, and a softmax
cross-entropy with logsumexp(keepdims=True)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


class WeightsParser(object):  # noqa: UP004
    """A helper class to index into a parameter vector."""

    def __init__(self):
        self.idxs_and_shapes = {}
        self.N = 0

    def add_weights(self, name, shape):
        start = self.N
        self.N += int(np.prod(shape))
        self.idxs_and_shapes[name] = (slice(start, self.N), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)


def conv_valid(images, filters):
    # images: (batch, in_ch, H, W); filters: (k, k, in_ch, out_ch)
    k = filters.shape[0]
    H, W = images.shape[2] - k + 1, images.shape[3] - k + 1
    out = 0.0
    for i in range(k):
        for j in range(k):
            patch = images[:, :, i : i + H, j : j + W]
            out = out + np.einsum("bchw,cd->bdhw", patch, filters[i, j])
    return out


def max_pool(x, size=2):
    b, c, h, w = x.shape
    blocks = x.reshape(b, c, h // size, size, w // size, size)
    return np.max(np.max(blocks, axis=5), axis=3)


parser = WeightsParser()
parser.add_weights("conv", (3, 3, 1, 4))
parser.add_weights("conv_b", (1, 4, 1, 1))
parser.add_weights("dense", (4 * 2 * 2, 3))
parser.add_weights("dense_b", (3,))

rs = npr.RandomState(2502)
IMAGES = rs.randn(5, 1, 6, 6)
LABELS = np.eye(3)[rs.randint(0, 3, size=5)]


def predictions(W_vect, images):
    h = np.tanh(conv_valid(images, parser.get(W_vect, "conv")) + parser.get(W_vect, "conv_b"))
    h = max_pool(h)
    h = h.reshape((h.shape[0], -1))
    logits = np.dot(h, parser.get(W_vect, "dense")) + parser.get(W_vect, "dense_b")
    return logits - logsumexp(logits, axis=1, keepdims=True)


def loss(W_vect):
    log_prior = -0.5 * 1e-2 * np.dot(W_vect, W_vect)
    log_lik = np.sum(predictions(W_vect, IMAGES) * LABELS)
    return -(log_prior + log_lik) / IMAGES.shape[0]


def inputs():
    return (0.3 * npr.RandomState(1).randn(parser.N),)
