"""A 1-d convolutional classifier written with Python loops: each output position is a
slice of the padded input times the kernel, collected with list.append and np.stack,
then ReLU, max-pooling by a loop over windows, and a softmax cross-entropy head."""

import autograd.numpy as np
import autograd.numpy.random as npr


def conv1d(x, kernels, bias, pad=1):
    # x: (length, channels); kernels: (width, channels, filters)
    width = kernels.shape[0]
    xp = np.concatenate([np.zeros((pad, x.shape[1])), x, np.zeros((pad, x.shape[1]))])
    outputs = []
    for i in range(xp.shape[0] - width + 1):
        window = xp[i : i + width]
        outputs.append(np.tensordot(window, kernels, axes=([0, 1], [0, 1])) + bias)
    return np.stack(outputs)


def max_pool(h, size=2):
    pooled = []
    for start in range(0, h.shape[0] - size + 1, size):
        pooled.append(np.max(h[start : start + size], axis=0))
    return np.array(pooled)


def log_softmax(z):
    return z - np.log(np.sum(np.exp(z - np.max(z)))) - np.max(z)


def predict(params, x):
    kernels, bias, W, b = params
    h = np.maximum(conv1d(x, kernels, bias), 0.0)
    return log_softmax(max_pool(h).ravel() @ W + b)


rs = npr.RandomState(2908)
SIGNALS = [rs.randn(8, 2) for _ in range(3)]
LABELS = [0, 2, 1]


def loss(params):
    total = 0.0
    for x, label in zip(SIGNALS, LABELS):
        total = total - predict(params, x)[label]
    return total / len(SIGNALS)


def inputs():
    r = npr.RandomState(8)
    return ((0.5 * r.randn(3, 2, 3), 0.1 * np.ones(3), 0.3 * r.randn(12, 3), np.zeros(3)),)
