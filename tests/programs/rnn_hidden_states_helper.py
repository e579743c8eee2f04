"""RNN whose helper runs the whole sequence and appends each hidden state to a list the
caller owns (and extends it with the final output); the loss reads the states back."""

import autograd.numpy as np
import autograd.numpy.random as npr


def rnn_step(params, h, x):
    return np.tanh(np.dot(x, params["Wx"]) + np.dot(h, params["Wh"]) + params["b"])


def run_sequence(params, xs, states):
    h = np.zeros(params["Wh"].shape[0])
    for x in xs:
        h = rnn_step(params, h, x)
        states.append(h)
    states.extend([np.dot(h, params["Wout"])])
    return h


def loss(params, xs, targets):
    states = []
    last = run_sequence(params, xs, states)
    fit = 0.0
    for t in range(len(xs)):
        fit = fit + np.sum((states[t] - targets[t]) ** 2)
    return fit + np.sum(states[-1] ** 2) + 0.1 * np.sum(last)


def inputs():
    rs = npr.RandomState(42)
    params = {
        "Wx": 0.5 * rs.randn(2, 3),
        "Wh": 0.5 * rs.randn(3, 3),
        "b": 0.1 * rs.randn(3),
        "Wout": rs.randn(3, 2),
    }
    return params, rs.randn(4, 2), rs.randn(4, 3)
