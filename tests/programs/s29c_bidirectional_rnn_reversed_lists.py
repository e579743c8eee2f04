"""A bidirectional tanh RNN tagger: the forward pass runs over the rows of the sequence,
the backward pass over reversed(seq) and its states are put back in order with [::-1];
each position concatenates both states (zip of the two lists) for a per-position softmax
over tags, and the loss is the summed tag cross-entropy. Parameters are a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

H = 4
rs = npr.RandomState(29046)
SEQ = rs.randn(7, 3)
TAGS = rs.randint(0, 3, size=7)


def run(W, U, seq):
    h = np.zeros(H)
    states = []
    for x in seq:
        h = np.tanh(np.dot(W, x) + np.dot(U, h))
        states.append(h)
    return states


def loss(params):
    fwd = run(params["Wf"], params["Uf"], SEQ)
    bwd = run(params["Wb"], params["Ub"], reversed(SEQ))[::-1]
    total = 0.0
    for (hf, hb), tag in zip(zip(fwd, bwd), TAGS):
        logits = np.dot(params["V"], np.concatenate([hf, hb]))
        total = total + logsumexp(logits) - logits[tag]
    return total


def inputs():
    r = npr.RandomState(46)
    return (
        {
            "Wf": 0.4 * r.randn(H, 3),
            "Uf": 0.3 * r.randn(H, H),
            "Wb": 0.4 * r.randn(H, 3),
            "Ub": 0.3 * r.randn(H, H),
            "V": 0.4 * r.randn(3, 2 * H),
        },
    )
