"""The inside algorithm of a tiny probabilistic context-free grammar in Chomsky normal
form, as in a parsing course: chart cells in a dict keyed by (start, end) span tuples,
each holding log inside scores per nonterminal, filled bottom-up over span lengths and
split points with logsumexp; the log likelihood of two sentences is differentiated in the
unnormalised rule logits."""

import autograd.numpy as np
from autograd.scipy.special import logsumexp

N_NT, N_WORDS = 2, 3
SENTENCES = [[0, 1, 2, 1], [2, 0, 1]]


def log_normalise(binary_logits, lexical_logits):
    joint = np.concatenate([binary_logits.reshape(N_NT, -1), lexical_logits], axis=1)
    log_z = logsumexp(joint, axis=1, keepdims=True)
    binary = (binary_logits.reshape(N_NT, -1) - log_z).reshape(N_NT, N_NT, N_NT)
    return binary, lexical_logits - log_z


def inside(sentence, binary, lexical):
    n = len(sentence)
    chart = {}
    for i, word in enumerate(sentence):
        chart[(i, i + 1)] = lexical[:, word]
    for length in range(2, n + 1):
        for start in range(n - length + 1):
            end = start + length
            splits = []
            for mid in range(start + 1, end):
                left, right = chart[(start, mid)], chart[(mid, end)]
                splits.append(binary + left[None, :, None] + right[None, None, :])
            stacked = np.stack(splits)
            chart[(start, end)] = logsumexp(
                stacked.transpose((1, 0, 2, 3)).reshape(N_NT, -1), axis=1
            )
    return chart[(0, n)][0]


def loss(params):
    binary, lexical = log_normalise(params[: N_NT**3], params[N_NT**3 :].reshape(N_NT, N_WORDS))
    return -sum(inside(s, binary, lexical) for s in SENTENCES)


def inputs():
    return (0.3 * np.sin(np.arange(N_NT**3 + N_NT * N_WORDS)),)
