"""A network whose weights live in one flat vector, read through a WeightsParser object
made at module level (autograd's examples/convnet.py style): add_weights records a slice
and a shape per name, get(vect, name) reshapes the slice; a conv layer by np.einsum over
image patches, a dense layer, and a log-softmax loss with an L2 prior on the vector."""

import autograd.numpy as np
import autograd.numpy.random as npr


class WeightsParser:
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


parser = WeightsParser()
parser.add_weights("filters", (2, 1, 3, 3))
parser.add_weights("conv_bias", (1, 2, 1, 1))
parser.add_weights("dense_W", (2 * 3 * 3, 3))
parser.add_weights("dense_b", (3,))


def patches(images, k=3):
    N, C, H, W = images.shape
    rows = []
    for i in range(H - k + 1):
        cols = [images[:, :, i : i + k, j : j + k] for j in range(W - k + 1)]
        rows.append(np.stack(cols, axis=2))
    return np.stack(rows, axis=2)  # (N, C, out_h, out_w, k, k)


def predict(W_vect, images):
    filters = parser.get(W_vect, "filters")
    conv = np.einsum("ncijab,fcab->nfij", patches(images), filters) + parser.get(
        W_vect, "conv_bias"
    )
    h = np.tanh(conv).reshape((images.shape[0], -1))
    logits = np.dot(h, parser.get(W_vect, "dense_W")) + parser.get(W_vect, "dense_b")
    return logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))


def loss(W_vect, images, labels, L2_reg=0.01):
    log_prior = -L2_reg * np.dot(W_vect, W_vect)
    log_lik = np.sum(predict(W_vect, images) * labels)
    return -(log_lik + log_prior) / images.shape[0]


def inputs():
    rs = npr.RandomState(107)
    images = rs.randn(4, 1, 5, 5)
    labels = np.eye(3)[np.array([0, 2, 1, 2])]
    return 0.3 * rs.randn(parser.N), images, labels
