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


# autograd's tracing machinery: what a program that walks autograd's computation graph imports
_TRACING = ("Node", "trace", "Box", "new_box", "toposort", "box_type_mappings", "Tracer")


def __getattr__(name: str):
    """autograd's tracer (``Node``, ``trace``, ``Box``) records a graph of the operations a
    function runs; s2sgrad reads the function's source instead, so there is no graph to walk."""
    if name in _TRACING:
        raise ImportError(
            f"s2sgrad.compat.autograd.tracer has no {name}: s2sgrad transforms the function's "
            "source and records no graph of its operations (autograd's tracer does); to see "
            "what s2sgrad computes, print its generated derivative with "
            "s2sgrad.source(fun) (or python -m s2sgrad show)"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
