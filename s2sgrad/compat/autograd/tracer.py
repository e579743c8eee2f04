"""``autograd.tracer.getval``: the value without its derivative, i.e. s2sgrad's
:func:`~s2sgrad.stop_gradient`."""

from ...custom import stop_gradient as getval

__all__ = ["getval"]
