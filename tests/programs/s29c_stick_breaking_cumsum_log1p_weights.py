"""A truncated Dirichlet-process mixture of 1-D Gaussians with stick-breaking weights: the
sticks are sigmoids of unconstrained values, the remaining stick lengths come from
np.cumprod of (1 - v) shifted by a concatenated one, and the mixture log likelihood is a
logsumexp over components; parameters are a list [stick logits, means, log scales]."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

K = 5
rs = npr.RandomState(29049)
DATA = np.concatenate([rs.randn(10) - 2, rs.randn(8) * 0.5 + 1, rs.randn(5) * 0.3 + 3])


def stick_breaking(logits):
    v = 1.0 / (1.0 + np.exp(-logits))
    remaining = np.concatenate([np.ones(1), np.exp(np.cumsum(np.log1p(-v)))[:-1]])
    w = v * remaining
    return np.concatenate([w, 1 - np.sum(w, keepdims=True)])


def loss(params):
    logits, means, log_scales = params
    weights = stick_breaking(logits)
    scales = np.exp(log_scales)
    z = (DATA[:, None] - means[None, :]) / scales[None, :]
    log_comp = -0.5 * z**2 - log_scales - 0.5 * np.log(2 * np.pi)
    return -np.sum(logsumexp(np.log(weights) + log_comp, axis=1))


def inputs():
    r = npr.RandomState(49)
    return ([0.3 * r.randn(K - 1), np.linspace(-2, 3, K), np.zeros(K)],)
