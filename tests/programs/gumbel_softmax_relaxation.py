"""A discrete latent variable relaxed by Gumbel-softmax: fixed Gumbel noise -log(-log(U)),
a temperature, samples softmax((logits + g) / tau) fed to a decoder, a KL to the uniform
prior over categories; the straight loss differentiated in the encoder logits' weights."""

import autograd.numpy as np
import autograd.numpy.random as npr


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def loss(params, X, U, tau=0.7):
    W_enc, W_dec = params
    logits = np.dot(X, W_enc)
    gumbel = -np.log(-np.log(U))
    y = softmax((logits + gumbel) / tau)
    recon = np.dot(y, W_dec)
    q = softmax(logits)
    K = logits.shape[1]
    kl = np.sum(q * (np.log(q + 1e-10) - np.log(1.0 / K)), axis=1)
    return np.mean(np.sum((recon - X) ** 2, axis=1) + kl)


def inputs():
    rs = npr.RandomState(86)
    X = rs.randn(6, 4)
    return (0.5 * rs.randn(4, 3), 0.5 * rs.randn(3, 4)), X, rs.uniform(0.05, 0.95, size=(6, 3))
