"""A mixture density network: one hidden layer, the output split into mixture logits,
means and log-scales, the negative log likelihood with scipy.special.logsumexp over the
components, the heads joined again with np.hstack for a penalty."""

import autograd.numpy as np
import autograd.scipy.special as sps
from autograd import grad, value_and_grad

N_COMPONENTS = 3
HIDDEN = 6
rs = np.random.RandomState(4)
x_train = np.linspace(-1, 1, 20)[:, np.newaxis]
y_train = np.sin(3 * x_train[:, 0]) + 0.2 * rs.randn(20)
LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


def unpack(params):
    W1 = params[:HIDDEN].reshape(1, HIDDEN)
    b1 = params[HIDDEN : 2 * HIDDEN]
    W2 = params[2 * HIDDEN : 2 * HIDDEN + HIDDEN * 3 * N_COMPONENTS].reshape(HIDDEN, -1)
    b2 = params[2 * HIDDEN + HIDDEN * 3 * N_COMPONENTS :]
    return W1, b1, W2, b2


def mdn_outputs(params, x):
    W1, b1, W2, b2 = unpack(params)
    h = np.tanh(x @ W1 + b1)
    out = h @ W2 + b2
    logits, mu, log_sigma = np.split(out, 3, axis=1)
    log_pi = logits - sps.logsumexp(logits, axis=1, keepdims=True)
    return log_pi, mu, log_sigma


def nll(params, x, y):
    log_pi, mu, log_sigma = mdn_outputs(params, x)
    z = (y[:, None] - mu) / np.exp(log_sigma)
    log_comp = -0.5 * z**2 - log_sigma - LOG_SQRT_2PI
    return -np.mean(sps.logsumexp(log_pi + log_comp, axis=1))


def loss(params):
    log_pi, mu, log_sigma = mdn_outputs(params, x_train)
    heads = np.hstack([mu, log_sigma])
    return nll(params, x_train, y_train) + 1e-3 * np.sum(heads**2)


def inputs():
    n = 2 * HIDDEN + HIDDEN * 3 * N_COMPONENTS + 3 * N_COMPONENTS
    return (np.random.RandomState(8).randn(n) * 0.3,)


def result():
    params = inputs()[0]
    vg = value_and_grad(loss)
    values = []
    for _ in range(4):
        v, g = vg(params)
        values.append(v)
        params -= 0.05 * g
    return np.array(values), grad(nll)(params, x_train, y_train)
