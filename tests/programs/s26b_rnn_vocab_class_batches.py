"""A word-level Elman RNN language model with a Vocab class (__len__, __getitem__ giving
an index, an <unk> fallback via dict.get, encode() of a sentence), sentences padded to
one length with a pad id and a mask, batches transposed with zip(*...), embeddings by
fancy indexing, and a masked cross-entropy averaged over real tokens. Parameters are a
dict; gradient clipping by global norm is done in result()'s training loop."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad

CORPUS = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "a cat saw a dog",
    "the dog saw the cat on the mat",
]


class Vocab:
    PAD, UNK = "<pad>", "<unk>"

    def __init__(self, sentences, min_count=1):
        counts = {}
        for s in sentences:
            for w in s.split():
                counts[w] = counts.get(w, 0) + 1
        words = sorted(w for w, c in counts.items() if c >= min_count)
        self.itos = [self.PAD, self.UNK] + words
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def __getitem__(self, word):
        return self.stoi.get(word, self.stoi[self.UNK])

    def encode(self, sentence):
        return [self[w] for w in sentence.split()]


VOCAB = Vocab(CORPUS)
EMBED, HIDDEN = 4, 6


def pad_batch(seqs, pad_id=0):
    T = max(len(s) for s in seqs)
    padded = [s + [pad_id] * (T - len(s)) for s in seqs]
    mask = [[1.0] * len(s) + [0.0] * (T - len(s)) for s in seqs]
    return np.array(padded), np.array(mask)


TOKENS, MASK = pad_batch([VOCAB.encode(s) for s in CORPUS])


def init_params(seed=0):
    rs = npr.RandomState(seed)
    V = len(VOCAB)
    return {
        "E": 0.3 * rs.randn(V, EMBED),
        "Wx": 0.3 * rs.randn(EMBED, HIDDEN),
        "Wh": 0.3 * rs.randn(HIDDEN, HIDDEN),
        "bh": np.zeros(HIDDEN),
        "Wo": 0.3 * rs.randn(HIDDEN, V),
        "bo": np.zeros(V),
    }


def log_softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def lm_loss(params, tokens=TOKENS, mask=MASK):
    B, T = tokens.shape
    h = np.zeros((B, HIDDEN))
    total, count = 0.0, 0.0
    steps = list(zip(*tokens.tolist()))
    for t in range(T - 1):
        x = params["E"][np.array(steps[t])]
        h = np.tanh(x @ params["Wx"] + h @ params["Wh"] + params["bh"])
        logp = log_softmax(h @ params["Wo"] + params["bo"])
        target = tokens[:, t + 1]
        m = mask[:, t + 1]
        total = total - np.sum(m * logp[np.arange(B), target])
        count += np.sum(m)
    return total / count


def loss(params):
    return lm_loss(params)


def inputs():
    return (init_params(3),)


def clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = min(1.0, max_norm / (norm + 1e-12))
    return {k: g * scale for k, g in grads.items()}, norm


def result():
    params = init_params(3)
    vg = value_and_grad(loss)
    norms = []
    for it in range(6):
        value, grads = vg(params)
        grads, norm = clip_by_global_norm(grads, 1.0)
        norms.append(norm)
        params = {k: params[k] - 0.5 * grads[k] for k in params}
    return params, np.array(norms), VOCAB["zebra"] == VOCAB[Vocab.UNK]
