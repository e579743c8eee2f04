"""Seq2seq: RNN encoder, decoder with dot-product attention over encoder states, teacher forcing."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def softmax(x, axis=-1):
    return np.exp(x - logsumexp(x, axis=axis, keepdims=True))


def encoder(params, src):
    h = np.zeros(params["enc_W"].shape[1])
    hs = []
    for tok in src:
        h = np.tanh(params["emb"][tok] @ params["enc_U"] + h @ params["enc_W"])
        hs.append(h)
    return np.array(hs), h


def decoder_step(params, h, prev_tok, enc_states):
    scores = enc_states @ h
    alpha = softmax(scores)
    context = alpha @ enc_states
    h = np.tanh(params["emb"][prev_tok] @ params["dec_U"] + h @ params["dec_W"] + context)
    logits = h @ params["out"]
    return h, logits - logsumexp(logits)


def loss(params):
    total = 0.0
    for src, tgt in PAIRS:
        enc_states, h = encoder(params, src)
        prev = 0
        for tok in tgt:
            h, logp = decoder_step(params, h, prev, enc_states)
            total = total - logp[tok]
            prev = tok
    return total / len(PAIRS)


V, E, H = 5, 3, 4
PAIRS = [([1, 2, 3], [3, 2, 1]), ([4, 1], [1, 4])]


def inputs():
    rs = npr.RandomState(0)
    return (
        {
            "emb": rs.randn(V, E) * 0.5,
            "enc_U": rs.randn(E, H) * 0.5,
            "enc_W": rs.randn(H, H) * 0.5,
            "dec_U": rs.randn(E, H) * 0.5,
            "dec_W": rs.randn(H, H) * 0.5,
            "out": rs.randn(H, V) * 0.5,
        },
    )
