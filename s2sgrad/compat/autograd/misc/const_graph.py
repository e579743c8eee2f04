"""``autograd.misc.const_graph``: autograd records the graph of ``fun`` once and replays
it; s2sgrad has no graph (it caches the transformed code of a function instead), so
the function returned here calls ``fun`` each time, with the same values."""

from __future__ import annotations

import functools


def const_graph(fun, *args, **kwargs):
    """``fun`` with ``args`` and ``kwargs`` bound in front, as autograd's ``const_graph``
    returns it (the values are those of ``fun``; Python side effects of ``fun`` happen
    on every call, where autograd's replay skips them)."""
    bound = functools.partial(fun, *args, **kwargs)

    @functools.wraps(fun)
    def call(*more, **more_kwargs):
        return bound(*more, **more_kwargs)

    return call


__all__ = ["const_graph"]
