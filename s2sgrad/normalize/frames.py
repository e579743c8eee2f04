"""Calls that read the function's local variables by name, behind s2sgrad's back: an error.

    eval("x[0] * 2")           # reads x from the caller's frame
    locals()["y"]              # the frame's variables as a dict
    sys._getframe().f_locals   # the same

The derivative follows values through the statements that name them; a value read
through the frame is a constant to it, so the gradient would drop that path silently.
``eval(s, namespace)`` and ``exec(s, namespace)`` read only the namespace given, which
the activity analysis sees like any other argument.
"""

from __future__ import annotations

import inspect
import sys

from ..errors import UnsupportedSyntaxError

# what reads the frame, and when: "always", or "bare" (with no namespace argument)
_FRAME_READERS = {
    id(locals): ("locals()", "always"),
    id(vars): ("vars()", "bare"),
    id(eval): ("eval()", "bare"),
    id(exec): ("exec()", "bare"),
    id(sys._getframe): ("sys._getframe()", "always"),
    id(inspect.currentframe): ("inspect.currentframe()", "always"),
    id(inspect.stack): ("inspect.stack()", "always"),
}


def _namespace_given(node, what: str) -> bool:
    """Does the call pass the namespace it reads (``vars(obj)``, ``eval(s, ns)``)?"""
    keys = {k.arg for k in node.keywords}
    if what == "vars()":
        return bool(node.args) or None in keys
    return len(node.args) >= 2 or bool(keys & {"globals", "locals", None})


def check_frame_reads(info, node, target) -> None:
    """An error at ``node``, a call of ``target``, where it reads the calling function's
    local variables through its frame rather than by name."""
    found = _FRAME_READERS.get(id(target))
    if found is None:
        return
    what, when = found
    if when == "bare" and _namespace_given(node, what):
        return
    raise info.error(
        node,
        f"{what} reads the function's local variables through its frame, which "
        "s2sgrad cannot follow: the gradient through them would be lost",
        "name the variables in the code (write the expression itself), or pass "
        "eval/exec a namespace dict of the values it reads: eval(s, {'x': x})",
        UnsupportedSyntaxError,
    )


def check_frame_reader_value(info, node, value) -> None:
    """An error at ``node``, a name or attribute read as a value (``e = eval``), where it
    is one of the functions that read the calling function's frame: calls of it would be
    calls of a value, which s2sgrad does not check."""
    found = _FRAME_READERS.get(id(value))
    if found is None:
        return
    raise info.error(
        node,
        f"{found[0][:-2]} is used here as a value: a call of it reads the local variables "
        "of the function that calls it, which s2sgrad cannot follow",
        "call it directly, with a namespace dict of the values it reads: eval(s, {'x': x})",
        UnsupportedSyntaxError,
    )
