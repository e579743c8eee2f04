"""Code that treats arrays like Python sequences: a mixture log-likelihood computed by
iterating over the rows of a differentiated means array (for mu in means), builtin sum()
over an array of log weights and over a list of per-component terms, zip of an array
with a list, max() of a list of arrays, abs() and ** on scalars, and a final
float-free return of a NumPy scalar."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2509)
DATA = np.vstack([rs.randn(15, 2) + 2.0, rs.randn(15, 2) - 1.0])


def component_logpdf(x, mu, log_s):
    s = np.exp(log_s)
    return -0.5 * np.sum(((x - mu) / s) ** 2, axis=1) - 2 * log_s - np.log(2 * np.pi)


def loss(params):
    means, log_scales, logits = params
    log_w = logits - np.log(sum(np.exp(logits)))
    terms = []
    for mu, log_s, lw in zip(means, log_scales, log_w):
        terms.append(component_logpdf(DATA, mu, log_s) + lw)
    biggest = terms[0]
    for t in terms[1:]:
        biggest = np.maximum(biggest, t)
    ll = biggest + np.log(sum(np.exp(t - biggest) for t in terms))
    penalty = sum(abs(m) ** 2 for m in means[:, 0])
    return -np.mean(ll) + 0.01 * penalty


def inputs():
    return (
        (
            np.array([[1.0, 1.5], [-0.5, -0.8], [0.2, 0.1]]),
            np.array([0.1, -0.2, 0.3]),
            np.array([0.0, 0.5, -0.5]),
        ),
    )
