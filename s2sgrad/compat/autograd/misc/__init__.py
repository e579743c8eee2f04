"""``autograd.misc``: :func:`flatten` and the optimizers."""

from .flatten import flatten, flatten_func

__all__ = ["flatten", "flatten_func"]
