"""``autograd.tracer``: ``getval`` is s2sgrad's :func:`~s2sgrad.stop_gradient`,
``primitive`` marks a function with hand-written derivatives (see :mod:`.extend`).

s2sgrad transforms source instead of tracing, so no value is ever boxed: ``isbox``
is False for every value (a gradient, a value inside the differentiated function).
"""

from ...custom import stop_gradient as getval
from .extend import primitive


def isbox(x) -> bool:
    """False: s2sgrad never wraps values in boxes (autograd's tracer does)."""
    return False


__all__ = ["getval", "isbox", "primitive"]
