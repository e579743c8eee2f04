"""A mixture of linear experts with a softmax gating network: expert predictions for all
experts at once by np.einsum('nd,kdo->nko'), gate probabilities by a softmax, and the
negative log likelihood of a Gaussian mixture over experts with a shared noise scale."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

K, D, O = 3, 2, 1
rs = npr.RandomState(3031)
X = rs.uniform(-2, 2, (30, D))
Y = np.where(X[:, :1] > 0, 2 * X[:, 1:], -X[:, 1:]) + 0.1 * rs.randn(30, 1)


def gate_log_probs(G, x):
    logits = x @ G
    return logits - logsumexp(logits, axis=1, keepdims=True)


def loss(params):
    experts, G, log_sigma = params["experts"], params["gate"], params["log_sigma"]
    preds = np.einsum("nd,kdo->nko", X, experts)
    sq = np.sum((preds - Y[:, None, :]) ** 2, axis=2)
    log_lik = -0.5 * sq / np.exp(2 * log_sigma) - O * (log_sigma + 0.5 * np.log(2 * np.pi))
    return -np.mean(logsumexp(gate_log_probs(G, X) + log_lik, axis=1))


def inputs():
    r = npr.RandomState(31)
    return ({"experts": r.randn(K, D, O), "gate": r.randn(D, K), "log_sigma": np.array(-0.5)},)
