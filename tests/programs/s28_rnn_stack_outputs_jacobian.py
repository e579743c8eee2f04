"""A vanilla Elman RNN language model over integer token sequences: embeddings are
rows picked by token index, hidden states are collected by a list comprehension-driven
helper and np.stack-ed, the log-softmax loss picks target log-probabilities by
integer-array indexing, and result() also takes the jacobian of the final hidden state
with respect to the initial one."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, jacobian
from autograd.scipy.special import logsumexp

V, H = 5, 4


def step(params, h, tok):
    return np.tanh(params["E"][tok] + h @ params["W_hh"] + params["b"])


def hidden_states(params, tokens, h0):
    hs, h = [], h0
    for tok in tokens:
        h = step(params, h, tok)
        hs.append(h)
    return np.stack(hs)


def sequence_nll(params, tokens, h0=None):
    h0 = np.zeros(H) if h0 is None else h0
    hs = hidden_states(params, tokens[:-1], h0)
    logits = hs @ params["W_out"]
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    return -np.sum(logp[np.arange(len(tokens) - 1), tokens[1:]])


rs = npr.RandomState(2819)
CORPUS = [rs.randint(0, V, size=n) for n in (6, 4, 8)]


def loss(params):
    return sum(sequence_nll(params, seq) for seq in CORPUS) / sum(len(s) - 1 for s in CORPUS)


def inputs():
    r = npr.RandomState(19)
    return (
        {
            "E": 0.5 * r.randn(V, H),
            "W_hh": 0.4 * r.randn(H, H),
            "b": np.zeros(H),
            "W_out": 0.5 * r.randn(H, V),
        },
    )


def result():
    params = inputs()[0]
    final_h = lambda h0: hidden_states(params, CORPUS[0], h0)[-1]  # noqa: E731
    return grad(loss)(params), jacobian(final_h)(0.1 * np.ones(H))
