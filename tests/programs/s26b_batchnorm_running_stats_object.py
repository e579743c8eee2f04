"""Batch normalisation as a layer object in training mode: forward() normalises by the
batch statistics and updates the running mean and variance stored on the object in
place (``self.running_mean = m * self.running_mean + (1 - m) * mean``, values taken
with getattr-free plain attribute writes); a ``training`` flag switches to the running
statistics for evaluation. The network is Linear -> BatchNorm -> ReLU -> Linear with
gamma/beta in the parameter dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class BatchNorm1d:
    def __init__(self, num_features, momentum=0.9, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.training = True
        self.num_batches_tracked = 0

    def forward(self, x, gamma, beta):
        if self.training:
            mean = np.mean(x, axis=0)
            var = np.var(x, axis=0)
            m = self.momentum
            n = x.shape[0]
            self.running_mean = m * self.running_mean + (1 - m) * mean
            self.running_var = m * self.running_var + (1 - m) * var * n / (n - 1)
            self.num_batches_tracked += 1
        else:
            mean, var = self.running_mean, self.running_var
        x_hat = (x - mean) / np.sqrt(var + self.eps)
        return gamma * x_hat + beta

    def eval(self):
        self.training = False
        return self

    def train(self):
        self.training = True
        return self


class Net:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rs = npr.RandomState(seed)
        self.params = {
            "W1": rs.randn(n_in, n_hidden) * np.sqrt(2.0 / n_in),
            "b1": np.zeros(n_hidden),
            "gamma": np.ones(n_hidden),
            "beta": np.zeros(n_hidden),
            "W2": rs.randn(n_hidden, n_out) * np.sqrt(1.0 / n_hidden),
            "b2": np.zeros(n_out),
        }
        self.bn = BatchNorm1d(n_hidden)

    def __call__(self, params, x):
        h = np.dot(x, params["W1"]) + params["b1"]
        h = self.bn.forward(h, params["gamma"], params["beta"])
        h = np.maximum(h, 0.0) + 0.01 * np.minimum(h, 0.0)
        return np.dot(h, params["W2"]) + params["b2"]


rs = npr.RandomState(2645)
X = rs.randn(24, 5) * np.array([1.0, 3.0, 0.5, 2.0, 1.0]) + 2.0
Y = np.tanh(X[:, :2] - 2.0).sum(axis=1, keepdims=True)
NET = Net(5, 6, 1, seed=3)


def loss(params):
    pred = NET(params, X)
    return np.mean((pred - Y) ** 2)


def inputs():
    return ({k: v + 0.01 for k, v in NET.params.items()},)


def result():
    net = Net(5, 6, 1, seed=3)
    params = dict(net.params)

    def objective(p):
        return np.mean((net(p, X) - Y) ** 2)

    g = grad(objective)
    for step in range(10):
        grads = g(params)
        params = {k: params[k] - 0.05 * grads[k] for k in params}
    net.bn.eval()
    held_out = np.mean((net(params, X[:8]) - Y[:8]) ** 2)
    return params, held_out, net.bn.num_batches_tracked
