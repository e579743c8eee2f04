"""The managers of ``with`` blocks in a derivative's primal sweep (see
:mod:`s2sgrad.normalize.contexts`): entered and left as the ``with`` statement does. When
an exception leaves a derivative, its entry point leaves the managers that the frames the
exception unwound had entered, with the exception, as Python would have."""

from __future__ import annotations


class OpenManagers:
    """The ``(manager, frame)`` pairs entered and not yet left, innermost last, per thread."""

    local = None  # a threading.local, made when the first manager is entered

    @staticmethod
    def stack() -> list:
        if OpenManagers.local is None:
            import threading

            OpenManagers.local = threading.local()
        stack = getattr(OpenManagers.local, "managers", None)
        if stack is None:
            stack = OpenManagers.local.managers = []
        return stack


def enter_context(manager):
    """``with manager:`` entering its block: the value ``as`` binds."""
    import sys

    value = type(manager).__enter__(manager)
    OpenManagers.stack().append((manager, sys._getframe(1)))
    return value


def exit_context(manager):
    """``with manager:`` leaving its block without an exception."""
    OpenManagers.stack().pop()
    type(manager).__exit__(manager, None, None, None)


def leave_managers(exc: BaseException) -> None:
    """Leave, with ``exc``, the managers still open in the frames ``exc`` unwound."""
    if OpenManagers.local is None:
        return
    stack = OpenManagers.stack()
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    while stack and any(stack[-1][1] is f for f in frames):
        manager, _ = stack.pop()
        if type(manager).__exit__(manager, type(exc), exc, exc.__traceback__):
            from ..errors import TransformError

            raise TransformError(
                f"{type(manager).__name__} suppressed the {type(exc).__name__} raised in its "
                "with block, but a derivative cannot go on after the block",
                hint="catch the exception outside the differentiated function",
            ) from exc
