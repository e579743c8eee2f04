"""autograd's WeightsParser habit as a class with __getitem__-style access: add_weights
records each named block's slice and shape in a dict, get(vect, name) reshapes the slice,
and the network reads its layers by name from one flat parameter vector; the loss is a
softmax cross-entropy plus an L2 term over the whole vector."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


class WeightsParser:
    def __init__(self):
        self.idxs_and_shapes = {}
        self.num_weights = 0

    def add_weights(self, name, shape):
        start = self.num_weights
        self.num_weights += int(np.prod(shape))
        self.idxs_and_shapes[name] = (slice(start, self.num_weights), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)


parser = WeightsParser()
parser.add_weights("W1", (3, 5))
parser.add_weights("b1", (5,))
parser.add_weights("W2", (5, 3))
parser.add_weights("b2", (3,))

rs = npr.RandomState(29037)
X = rs.randn(15, 3)
T = np.eye(3)[rs.randint(0, 3, size=15)]


def predict(w, X):
    h = np.tanh(np.dot(X, parser.get(w, "W1")) + parser.get(w, "b1"))
    logits = np.dot(h, parser.get(w, "W2")) + parser.get(w, "b2")
    return logits - logsumexp(logits, axis=1, keepdims=True)


def loss(w):
    return -np.sum(predict(w, X) * T) / len(X) + 1e-3 * np.dot(w, w)


def inputs():
    return (0.3 * npr.RandomState(37).randn(parser.num_weights),)
