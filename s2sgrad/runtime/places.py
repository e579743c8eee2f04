"""Errors raised while generated code runs, placed at the user's line that the
innermost generated function differentiates (read from its ``# line`` comments).
"""

from __future__ import annotations


def _lacking(what, operation, g, hint):
    """Raise: ``what`` needs ``operation``, which ``g``'s array library does not have."""
    library = type(g).__module__.split(".")[0]
    raise NotImplementedError(f"s2sgrad: {what} needs {operation}, which {library} arrays "
                              f"do not provide{_user_line()}; {hint}")


def _user_place():
    """``(filename, lineno, code)`` of the user's line that the innermost generated
    function is differentiating, read from its line comments; None when not found."""
    import linecache
    import sys

    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.startswith("<s2sgrad "):
        frame = frame.f_back
    if frame is None:
        return None
    lines = linecache.getlines(frame.f_code.co_filename)[:frame.f_lineno]
    for line in reversed(lines):
        text = line.strip()
        if text.startswith("# line "):
            where, _, code = text[len("# line "):].partition(": ")
            return frame.f_globals.get("__file__", "<unknown>"), int(where), code
    return None


def _unsupported(message: str, hint: str):
    """Raise s2sgrad's UnsupportedSyntaxError at the user's line for a case found at run
    time (a TypeError naming it where s2sgrad is not installed: ahead-of-time modules)."""
    place = _user_place()
    try:
        from s2sgrad.errors import UnsupportedSyntaxError
    except ImportError:
        raise TypeError(f"{message}; {hint}") from None
    if place is None:
        raise UnsupportedSyntaxError(message, hint=hint)
    filename, lineno, code = place
    raise UnsupportedSyntaxError(message, filename, lineno, None, code, hint)


def _user_line() -> str:
    """``" (at file:line: code)"`` for the user's line that the innermost generated
    function is differentiating (see :func:`_user_place`); "" when not found."""
    place = _user_place()
    if place is None:
        return ""
    filename, lineno, code = place
    return f" (at {filename}:{lineno}: {code})"


def no_derivative(what):
    """Raised where a rule has no derivative in an argument that is differentiated."""
    raise NotImplementedError(f"s2sgrad: {what}; wrap that argument in "
                              "s2sgrad.stop_gradient(...) if no gradient should flow through it")
