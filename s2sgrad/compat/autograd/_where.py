"""Errors at the user's line: an s2sgrad error raised while transforming one of this
package's small wrappers (the function ``check_grads`` differentiates for ``np.dot``
and its keywords, ``grad(np.tanh)``'s caller) names the user's line that asked for
the derivative instead of the wrapper's."""

from __future__ import annotations

import linecache
import os
import sys

from ...errors import TransformError

_HERE = os.path.dirname(os.path.abspath(__file__))


def _ours(filename) -> bool:
    return bool(filename) and os.path.abspath(filename).startswith(_HERE + os.sep)


def user_frame():
    """``(filename, lineno)`` of the innermost caller outside this package."""
    frame = sys._getframe(1)
    while frame is not None and _ours(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return None
    return frame.f_code.co_filename, frame.f_lineno


def at_user_line(exc: TransformError, where):
    """``exc`` moved to ``where`` (from :func:`user_frame`) when it names a line of this
    package; otherwise ``exc`` itself (it already names the user's code)."""
    if where is None or not _ours(exc.filename):
        return exc
    filename, lineno = where
    line = linecache.getline(filename, lineno) or None
    moved = type(exc)(exc.msg, filename, lineno, None, line, exc.hint)
    moved.__cause__ = exc
    return moved
