"""A character RNN trained with teacher forcing, written like a from-scratch tutorial:
the hidden state starts as np.zeros((1, H)), the loop is over
enumerate(zip(inputs, targets)), the cross-entropy is accumulated with += and averaged
with /=, and gradient clipping is applied to the result of grad."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

V, H = 5, 6
TEXT = [0, 1, 2, 3, 1, 4, 2, 0, 3]


def one_hot(i):
    v = np.zeros((1, V))
    v[0, i] = 1.0
    return v


def loss(params):
    Wxh, Whh, Why, bh, by = params["Wxh"], params["Whh"], params["Why"], params["bh"], params["by"]
    h = np.zeros((1, H))
    total = 0.0
    for t, (ch, nxt) in enumerate(zip(TEXT[:-1], TEXT[1:])):
        h = np.tanh(np.dot(one_hot(ch), Wxh) + np.dot(h, Whh) + bh)
        logits = np.dot(h, Why) + by
        logp = logits - np.log(np.sum(np.exp(logits)))
        total += -logp[0, nxt] * (1.0 + 0.1 * t)
    total /= len(TEXT) - 1
    return total


def inputs():
    rs = npr.RandomState(1515)
    return (
        {
            "Wxh": 0.3 * rs.randn(V, H),
            "Whh": 0.3 * rs.randn(H, H),
            "Why": 0.3 * rs.randn(H, V),
            "bh": np.zeros((1, H)),
            "by": np.zeros((1, V)),
        },
    )


def result():
    params = inputs()[0]
    for _ in range(3):
        grads = grad(loss)(params)
        for k in params:
            params[k] = params[k] - 0.1 * np.clip(grads[k], -1.0, 1.0)
    return params
