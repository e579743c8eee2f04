"""Softmax regression trained with autograd.misc.optimizers.sgd (momentum) on minibatches
chosen by the iteration number; the objective reads the batch with a slice computed
from i, the callback records the full training loss and the norm of the gradient in a
dict of lists, and prints every few steps."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import sgd
from autograd.scipy.special import logsumexp

rs = npr.RandomState(2627)
N, D, C, BATCH = 36, 4, 3, 12
X = rs.randn(N, D)
Y = np.argmax(X @ rs.randn(D, C), axis=1)
ONE_HOT = np.eye(C)[Y]


def batch_loss(W, i):
    start = (i * BATCH) % N
    xb, yb = X[start : start + BATCH], ONE_HOT[start : start + BATCH]
    logits = xb @ W
    return -np.sum(yb * (logits - logsumexp(logits, axis=1, keepdims=True))) / BATCH


def loss(W):
    return batch_loss(W, 1) + 0.01 * np.sum(W**2)


def inputs():
    return (0.1 * npr.RandomState(27).randn(D, C),)


def result():
    history = {"loss": [], "grad_norm": []}

    def callback(W, i, g):
        history["loss"].append(sum(batch_loss(W, j) for j in range(N // BATCH)))
        history["grad_norm"].append(np.linalg.norm(g))
        if i % 5 == 0:
            print("step", i, "loss", history["loss"][-1])

    W = sgd(grad(batch_loss), inputs()[0], callback=callback, num_iters=12, step_size=0.3, mass=0.8)
    return W, np.array(history["loss"]), np.array(history["grad_norm"])
