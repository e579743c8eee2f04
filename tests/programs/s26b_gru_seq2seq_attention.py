"""A GRU encoder-decoder with dot-product attention for a toy sequence-reversal task:
tokens are one-hot rows of np.eye(VOCAB), the encoder keeps every hidden state in a list
that np.stack turns into a memory matrix, and the decoder runs with teacher forcing,
attending over the memory at each step (softmax of scores, weighted sum) and scoring the
next token with a log-softmax. Parameters are a dict of dicts per module."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

VOCAB, HIDDEN, EMBED = 6, 5, 4
BOS = 0


def gru_params(rs, n_in, n_h):
    shapes = {
        "Wz": (n_in, n_h),
        "Uz": (n_h, n_h),
        "Wr": (n_in, n_h),
        "Ur": (n_h, n_h),
        "Wh": (n_in, n_h),
        "Uh": (n_h, n_h),
    }
    p = {name: rs.randn(*shape) * 0.3 for name, shape in shapes.items()}
    p.update(bz=np.zeros(n_h), br=np.zeros(n_h), bh=np.zeros(n_h))
    return p


def init(seed=0):
    rs = npr.RandomState(seed)
    return {
        "embed": rs.randn(VOCAB, EMBED) * 0.5,
        "enc": gru_params(rs, EMBED, HIDDEN),
        "dec": gru_params(rs, EMBED + HIDDEN, HIDDEN),
        "out": {"W": rs.randn(2 * HIDDEN, VOCAB) * 0.3, "b": np.zeros(VOCAB)},
    }


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_cell(p, x, h):
    z = sigmoid(x @ p["Wz"] + h @ p["Uz"] + p["bz"])
    r = sigmoid(x @ p["Wr"] + h @ p["Ur"] + p["br"])
    h_tilde = np.tanh(x @ p["Wh"] + (r * h) @ p["Uh"] + p["bh"])
    return (1 - z) * h + z * h_tilde


def encode(params, tokens):
    onehot = np.eye(VOCAB)[tokens]
    h = np.zeros(HIDDEN)
    states = []
    for x in onehot @ params["embed"]:
        h = gru_cell(params["enc"], x, h)
        states.append(h)
    return np.stack(states), h


def attend(memory, h):
    scores = memory @ h / np.sqrt(HIDDEN)
    weights = np.exp(scores - logsumexp(scores))
    return weights @ memory


def sequence_nll(params, source, target):
    memory, h = encode(params, source)
    prev = BOS
    nll = 0.0
    for tok in target:
        x = np.concatenate([params["embed"][prev], attend(memory, h)])
        h = gru_cell(params["dec"], x, h)
        context = attend(memory, h)
        logits = np.concatenate([h, context]) @ params["out"]["W"] + params["out"]["b"]
        nll = nll - (logits[tok] - logsumexp(logits))
        prev = tok
    return nll / len(target)


rs = npr.RandomState(2649)
PAIRS = [(seq, seq[::-1]) for seq in (list(rs.randint(1, VOCAB, size=n)) for n in (3, 4, 4))]


def loss(params):
    return sum(sequence_nll(params, src, tgt) for src, tgt in PAIRS) / len(PAIRS)


def inputs():
    return (init(1),)


def result():
    params = init(1)
    g = grad(loss)
    for it in range(3):
        grads = g(params)
        params = {
            "embed": params["embed"] - 0.2 * grads["embed"],
            **{
                m: {k: params[m][k] - 0.2 * grads[m][k] for k in params[m]}
                for m in ("enc", "dec", "out")
            },
        }
    return params, loss(params)
