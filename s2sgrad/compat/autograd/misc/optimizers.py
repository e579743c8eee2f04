"""``autograd.misc.optimizers``: sgd (with momentum), rmsprop and adam on trees, and
``unflatten_optimizer``, which makes an optimizer of flat vectors one on trees.

Each takes ``grad(x, i)`` (the gradient at ``x`` in iteration ``i``), a starting
point ``x0`` (an array, or a tree of tuples, lists and dicts of arrays) and an
optional ``callback(x, i, g)`` called before each step, and returns the final
point with the structure of ``x0``. These are plain NumPy loops: nothing here is
differentiated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from .flatten import flatten


def unflatten_optimizer(optimize: Callable) -> Callable:
    """An optimizer written for flat vectors (``optimize(grad, x0, callback, ...)`` with
    ``grad(x, i)`` and ``callback(x, i, g)`` on 1-d arrays) made one on trees, as
    autograd's decorator of the same name does::

        @unflatten_optimizer
        def descent(grad, x, callback=None, num_iters=10, step_size=0.1):
            for i in range(num_iters):
                x = x - step_size * grad(x, i)
            return x
    """

    @functools.wraps(optimize)
    def on_trees(grad, x0, callback=None, *args, **kwargs):
        flat0, unflatten = flatten(x0)

        def flat_grad(x, i):
            return flatten(grad(unflatten(x), i))[0]

        def flat_callback(x, i, g):
            return callback(unflatten(x), i, unflatten(g))

        out = optimize(flat_grad, flat0, flat_callback if callback else None, *args, **kwargs)
        return unflatten(out)

    return on_trees


def _run(grad, x0, callback, num_iters: int, step: Callable, state: list):
    """Iterate ``x = step(x, g, i, state)`` on the flattened tree."""
    x, unflatten = flatten(x0)
    for i in range(num_iters):
        g = flatten(grad(unflatten(x), i))[0]
        if callback:
            callback(unflatten(x), i, unflatten(g))
        x = step(x, g, i, state)
    return unflatten(x)


def sgd(grad, x0, callback=None, num_iters=200, step_size=0.1, mass=0.9):
    """Gradient descent with momentum ``mass``."""

    def step(x, g, i, state):
        state[0] = mass * state[0] - (1.0 - mass) * g
        return x + step_size * state[0]

    return _run(grad, x0, callback, num_iters, step, [np.zeros(flatten(x0)[0].size)])


def rmsprop(grad, x0, callback=None, num_iters=100, step_size=0.1, gamma=0.9, eps=10**-8):
    """Steps scaled by a running root-mean-square of the gradient."""

    def step(x, g, i, state):
        state[0] = state[0] * gamma + g**2 * (1 - gamma)
        return x - step_size * g / (np.sqrt(state[0]) + eps)

    return _run(grad, x0, callback, num_iters, step, [np.ones(flatten(x0)[0].size)])


def adam(grad, x0, callback=None, num_iters=100, step_size=0.001, b1=0.9, b2=0.999, eps=10**-8):
    """Adam (Kingma and Ba, 2015): bias-corrected running moments of the gradient."""

    def step(x, g, i, state):
        first, second = state
        first = (1 - b1) * g + b1 * first
        second = (1 - b2) * (g**2) + b2 * second
        state[:] = first, second
        unbiased_first = first / (1 - b1 ** (i + 1))
        unbiased_second = second / (1 - b2 ** (i + 1))
        return x - step_size * unbiased_first / (np.sqrt(unbiased_second) + eps)

    size = flatten(x0)[0].size
    return _run(grad, x0, callback, num_iters, step, [np.zeros(size), np.zeros(size)])


__all__ = ["sgd", "rmsprop", "adam", "unflatten_optimizer", "flatten"]
