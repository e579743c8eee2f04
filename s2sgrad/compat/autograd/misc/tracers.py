"""``autograd.misc.tracers``: where autograd defines :func:`const_graph`."""

from .const_graph import const_graph

__all__ = ["const_graph"]
