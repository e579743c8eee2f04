"""A user-written Nesterov optimizer for flat vectors turned into one on parameter trees
with autograd's @unflatten_optimizer decorator, used to fit a dict-of-arrays softmax
regression with a label-smoothing cross-entropy; the loss reads the dict by keys, uses
np.log of a softmax computed with keepdims, and result() returns the fitted dict and
the callback's record of gradient norms."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import unflatten_optimizer


@unflatten_optimizer
def nesterov(grad, x, callback=None, num_iters=50, step_size=0.1, mass=0.9):
    velocity = np.zeros(len(x))
    for i in range(num_iters):
        g = grad(x + mass * velocity, i)
        if callback:
            callback(x, i, g)
        velocity = mass * velocity - step_size * g
        x = x + velocity
    return x


rs = npr.RandomState(2515)
X = rs.randn(30, 4)
LABELS = rs.randint(0, 3, size=30)
SMOOTH = 0.1
ONE_HOT = (1 - SMOOTH) * np.eye(3)[LABELS] + SMOOTH / 3


def softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def loss(params):
    probs = softmax(X @ params["W"] + params["b"])
    return -np.mean(np.sum(ONE_HOT * np.log(probs), axis=1)) + 1e-3 * np.sum(params["W"] ** 2)


def inputs():
    r = npr.RandomState(15)
    return ({"W": 0.1 * r.randn(4, 3), "b": np.zeros(3)},)


def result():
    norms = []

    def callback(params, i, g):
        norms.append(np.sqrt(np.sum(g["W"] ** 2) + np.sum(g["b"] ** 2)))

    fitted = nesterov(lambda p, i: grad(loss)(p), inputs()[0], callback=callback, num_iters=8)
    return fitted, np.array(norms)
