"""Score matching for a 1-D energy-based model: the model's score d/dx log p(x) and its
derivative come from autograd.elementwise_grad applied inside the loss (twice), the
Hyvarinen objective 0.5 s^2 + ds/dx averaged over data; differentiated in the
parameters of the energy (a small tanh net plus a quadratic)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import elementwise_grad


def log_density(x, params):
    w1, b1, w2 = params[:3], params[3:6], params[6:9]
    h = np.tanh(np.outer(x, w1) + b1)
    return np.dot(h, w2) - 0.5 * np.exp(params[9]) * x**2


def loss(params, x):
    score = elementwise_grad(log_density)(x, params)
    dscore = elementwise_grad(elementwise_grad(log_density))(x, params)
    return np.mean(0.5 * score**2 + dscore)


def inputs():
    rs = npr.RandomState(80)
    return 0.5 * rs.randn(10), rs.randn(12) * 0.8 + 0.5
