"""A tiny recurrent network: the loop is differentiated as written."""

import numpy as np

import s2sgrad


def rnn_loss(W, xs):
    h = np.zeros(W.shape[0])
    for x in xs:
        h = np.tanh(W @ h + x)
    return np.sum(h * h)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    W, xs = rng.normal(size=(4, 4)) * 0.5, rng.normal(size=(6, 4))
    g = s2sgrad.grad(rnn_loss)
    print(g(W, xs))
    print(g.source_for(W, xs))
