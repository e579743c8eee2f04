"""params = [(W, b), ...], trained with autograd.misc.optimizers.adam and a callback that
prints the loss every few iterations, as in autograd's README."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


def init_random_params(scale, layer_sizes, rs=npr.RandomState(0)):  # noqa: B008
    return [
        (scale * rs.randn(m, n), scale * rs.randn(n))
        for m, n in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def neural_net_predict(params, inputs):
    for W, b in params[:-1]:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    W_out, b_out = params[-1]
    return np.dot(inputs, W_out) + b_out


def l2_norm(params):
    return sum(np.sum(W**2) + np.sum(b**2) for W, b in params)


inputs_x = np.linspace(-3, 3, 15).reshape((15, 1))
targets = np.cos(inputs_x) + 0.1 * inputs_x**2


def loss(params):
    preds = neural_net_predict(params, inputs_x)
    return np.mean((preds - targets) ** 2) + 0.001 * l2_norm(params)


def inputs():
    return (init_random_params(0.3, [1, 6, 6, 1], rs=npr.RandomState(0)),)


def result():
    def objective(params, t):
        return loss(params)

    trace = []

    def callback(params, t, g):
        if t % 5 == 0:
            value = objective(params, t)
            print("Iteration {} train loss {:.4f}".format(t, value))  # noqa: UP032
            trace.append(value)

    trained = adam(grad(objective), inputs()[0], step_size=0.02, num_iters=20, callback=callback)
    return trained, np.array(trace)
