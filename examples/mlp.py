"""A tiny two-layer network, used by the README's code-generation examples.

python -m s2sgrad show examples.mlp:loss --argnums 1,2
python -m s2sgrad compile examples.mlp:loss --argnums 1,2 -o mlp_grad.py
"""

import numpy as np

DECAY = 1e-3  # a module global: the generated code reads it, the emitted module imports it


def layer(x, w):
    return np.tanh(x @ w)


def loss(x, w1, w2):
    h = layer(x, w1)
    err = h @ w2 - 1.0
    return np.sum(err**2) + DECAY * np.sum(w1 * w1)
