"""The states of random number generators around a forward pass that a derivative runs
twice (a callee of a Hessian's gradient, a checkpoint): the second run starts from the
states the first started from and so draws the same numbers, and the generators are then
put back where they were, as one run of the function leaves them (see :mod:`s2sgrad.draws`).
"""

from __future__ import annotations

import numpy as np


def random_states(*generators) -> list:
    """``(generator, state)`` of each generator (``np.random``: NumPy's global one;
    Python's ``random`` module and ``random.Random`` objects too)."""
    return [(g, _state(g)) for g in generators]


def set_random_states(states: list) -> list:
    """Put each generator of ``states`` (from :func:`random_states`) in its state there;
    the states they were in before."""
    before = random_states(*(g for g, _ in states))
    for g, state in states:
        if _is_python_random(g):
            g.setstate(state)
        elif g is np.random:
            np.random.set_state(state)
        elif isinstance(g, np.random.Generator):
            g.bit_generator.state = state
        else:
            g.set_state(state)
    return before


def _is_python_random(g) -> bool:
    import random

    return g is random or (isinstance(g, random.Random) and not isinstance(g, random.SystemRandom))


def _state(g):
    if _is_python_random(g):
        return g.getstate()
    if g is np.random:
        return np.random.get_state()
    if isinstance(g, np.random.Generator):
        return g.bit_generator.state
    if isinstance(g, np.random.RandomState):
        return g.get_state()
    raise TypeError(
        f"a derivative that runs a forward pass twice replays its random draws, but they "
        f"come from a {type(g).__name__}, not a numpy.random.RandomState or Generator (or a "
        f"random.Random); "
        "draw the numbers before the differentiated function and pass them in"
    )
