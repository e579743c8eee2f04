"""An HMM with Gaussian emissions: the forward recursion in log space is a generator
that yields the log alpha vector at each step, the emission log densities come from
norm.logpdf, and the log likelihood is logsumexp of the last yielded vector, read by a
for loop that keeps the last item. Parameters are a list [pi logits, A logits, means,
log stds]."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm

rs = npr.RandomState(2914)
OBS = np.concatenate([rs.randn(5) - 2.0, rs.randn(6) + 2.0, rs.randn(4) - 2.0])


def log_normalise(logits, axis=-1):
    return logits - logsumexp(logits, axis=axis, keepdims=True)


def forward_messages(params, obs):
    pi_logits, A_logits, means, log_stds = params
    log_pi = log_normalise(pi_logits)
    log_A = log_normalise(A_logits, axis=1)
    log_alpha = log_pi + norm.logpdf(obs[0], means, np.exp(log_stds))
    yield log_alpha
    for x in obs[1:]:
        emission = norm.logpdf(x, means, np.exp(log_stds))
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + emission
        yield log_alpha


def loss(params):
    last = None
    for log_alpha in forward_messages(params, OBS):
        last = log_alpha
    return -logsumexp(last)


def inputs():
    r = npr.RandomState(14)
    return ([r.randn(2), r.randn(2, 2), np.array([-1.0, 1.0]), np.zeros(2)],)
