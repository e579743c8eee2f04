"""``autograd.misc``: :func:`flatten`, the optimizers and :func:`const_graph`."""

from .const_graph import const_graph
from .flatten import flatten, flatten_func

__all__ = ["const_graph", "flatten", "flatten_func"]
