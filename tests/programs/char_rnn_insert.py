"""Character RNN language model: one-hot rows of np.eye, the loss accumulated with +=,
states prepended with list.insert(0, h) and stacked with np.vstack."""

import autograd.numpy as np
from autograd.scipy.special import logsumexp

data = "abcabcbca"
vocab = sorted(set(data))
ix = {c: i for i, c in enumerate(vocab)}
V, H = len(vocab), 4


def loss(params, text=data):
    Wxh, Whh, Why, bh, by = params
    h = np.zeros((H, 1))
    loss_val = 0
    hs = []
    for t in range(len(text) - 1):
        x = np.eye(V)[ix[text[t]]].reshape(-1, 1)
        h = np.tanh(np.dot(Wxh, x) + np.dot(Whh, h) + bh)
        hs.insert(0, h)
        y = np.dot(Why, h) + by
        logp = y - logsumexp(y)
        loss_val += -logp[ix[text[t + 1]], 0]
    return loss_val + 1e-3 * np.sum(np.vstack(hs) ** 2)


def inputs():
    r = np.random.RandomState(0)
    return (
        [
            r.randn(H, V) * 0.3,
            r.randn(H, H) * 0.3,
            r.randn(V, H) * 0.3,
            np.zeros((H, 1)),
            np.zeros((V, 1)),
        ],
    )
