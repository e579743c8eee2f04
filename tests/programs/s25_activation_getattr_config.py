"""An MLP built from a config dict: each layer's activation is looked up by name with
getattr(np, name) ("tanh", "sin") or from a dict of user functions ("relu", "swish"),
the layer sizes and the names read from the config; the parameters are a list of
[W, b] lists and the loss a cross-entropy with the logits shifted by their max."""

import autograd.numpy as np
import autograd.numpy.random as npr

CONFIG = {"sizes": [3, 6, 5, 4, 2], "activations": ["tanh", "relu", "sin", "swish"]}


def relu(x):
    return np.maximum(x, 0.0)


def swish(x):
    return x / (1.0 + np.exp(-x))


CUSTOM = {"relu": relu, "swish": swish}


def get_activation(name):
    if name in CUSTOM:
        return CUSTOM[name]
    return getattr(np, name)


rs = npr.RandomState(2508)
X = rs.randn(16, 3)
T = rs.randint(0, 2, size=16)


def network(params, x):
    acts = CONFIG["activations"]
    for (W, b), name in zip(params[:-1], acts[:-1]):
        x = get_activation(name)(np.dot(x, W) + b)
    W, b = params[-1]
    return get_activation(acts[-1])(np.dot(x, W) + b)


def loss(params):
    logits = network(params, X)
    logits = logits - np.max(logits, axis=1, keepdims=True)
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(T)), T])


def inputs():
    r = npr.RandomState(6)
    sizes = CONFIG["sizes"]
    return ([[0.7 * r.randn(m, n), 0.1 * r.randn(n)] for m, n in zip(sizes[:-1], sizes[1:])],)
