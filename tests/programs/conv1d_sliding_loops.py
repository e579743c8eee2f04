"""A 1-D convolutional layer written with Python loops over window positions (x[i:i+k]),
max-pooling with np.max over reshaped windows, a ReLU via np.maximum, then a dense
readout; parameters unpacked from a list with indexing by position."""

import autograd.numpy as np
from autograd import grad

rs = np.random.RandomState(0)
SIGNAL = rs.randn(4, 12)  # 4 examples, 12 samples each
LABELS = np.array([1.0, -1.0, 1.0, -1.0])
K = 3
N_FILTERS = 2


def conv1d(x, filters, bias):
    n_out = x.shape[0] - K + 1
    rows = []
    for f in range(N_FILTERS):
        row = [np.sum(x[i : i + K] * filters[f]) + bias[f] for i in range(n_out)]
        rows.append(np.array(row))
    return np.stack(rows)  # (filters, n_out)


def maxpool(h, size=2):
    n = h.shape[1] // size
    return np.max(h[:, : n * size].reshape(h.shape[0], n, size), axis=2)


def predict(params, x):
    filters, bias, w_out = params[0], params[1], params[2]
    h = np.maximum(conv1d(x, filters, bias), 0.0)
    return np.sum(maxpool(h).ravel() * w_out)


def loss(params):
    total = 0.0
    for i in range(len(SIGNAL)):
        margin = LABELS[i] * predict(params, SIGNAL[i])
        total = total + np.log1p(np.exp(-margin))
    return total / len(SIGNAL)


def inputs():
    r = np.random.RandomState(2)
    n_pooled = N_FILTERS * ((12 - K + 1) // 2)
    return ([r.randn(N_FILTERS, K), r.randn(N_FILTERS) * 0.1, r.randn(n_pooled) * 0.3],)


def result():
    x = inputs()[0]
    g = grad(loss)
    for _ in range(2):
        step = g(x)
        x = [a - 0.01 * b for a, b in zip(x, step)] if isinstance(x, list) else x - 0.01 * step
    return x
