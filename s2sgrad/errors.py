"""One exception hierarchy; every transformation error points at the user's source."""

from __future__ import annotations

import contextlib
import re


class S2SGradError(Exception):
    """Base class of all errors raised by s2sgrad."""


class TransformError(S2SGradError):
    """The function cannot be differentiated as written.

    The message names the file, line and column, quotes the line, marks the
    column and ends with a hint, like a compiler diagnostic.
    """

    def __init__(
        self,
        message: str,
        filename: str | None = None,
        lineno: int | None = None,
        col: int | None = None,
        line: str | None = None,
        hint: str | None = None,
    ):
        self.msg = message
        self.filename = filename
        self.lineno = lineno
        self.col = col
        self.line = line
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.filename or ""
        if self.filename and self.lineno is not None:
            where += f":{self.lineno}"
            if self.col is not None:
                where += f":{self.col + 1}"
        text = f"{where}: {self.msg}" if where else self.msg
        if self.line is not None:
            text += f"\n    {self.line.strip()}"
            if self.col is not None:
                indent = len(self.line) - len(self.line.lstrip())
                text += "\n    " + " " * max(self.col - indent, 0) + "^"
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text


class SourceUnavailableError(TransformError):
    """The source of a function cannot be found (builtins, C functions, exec)."""


class SourceMismatchError(SourceUnavailableError):
    """The source found for a function is not the code that runs (file edited after import,
    a function made by exec under a real file name): it is never differentiated."""


class UnsupportedSyntaxError(TransformError):
    """A language construct s2sgrad cannot differentiate."""


class InPlaceArgumentError(UnsupportedSyntaxError, TypeError):
    """An item write or append changes an argument the caller sees (``A[1] = b`` on an
    argument); a ``TypeError`` too, as autograd raises for item assignment to a traced
    array."""


class NonDifferentiableError(TransformError):
    """A call with no derivative rule receives a differentiated value."""


class DerivativeNotImplementedError(NonDifferentiableError, NotImplementedError):
    """A call whose rule takes no derivative for the options or values it gets (the norm
    ``ord=1`` of a matrix, ``np.pad(mode="maximum")``), found when the derivative runs; a
    ``NotImplementedError`` too."""


def caller_place(generated: bool = True) -> tuple[str, int, str] | None:
    """``(filename, lineno, code)`` of the innermost frame running neither s2sgrad's own
    files nor the code it generates: the user's line that called the derivative (None
    past a generated function's frame or a transformation's unless ``generated``: a call
    made by a derivative as it runs or as it is made, whose errors that places itself)."""
    import linecache
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__)) + os.sep
    pipeline = here + "pipeline.py"
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not generated and (filename.startswith("<s2sgrad ") or filename == pipeline):
            return None
        own = filename.startswith(("<s2sgrad ", "<frozen ", here)) or filename == _CONTEXTLIB
        if not own:
            return filename, frame.f_lineno, linecache.getline(filename, frame.f_lineno).strip()
        frame = frame.f_back
    return None


_CONTEXTLIB = contextlib.__file__  # the frames of s2sgrad's context managers

_PLACED = re.compile(r"^[^\s:]+(:[^\s:]+)*:\d+: ")


class _AtCaller:
    """An error found when a derivative is called (bad arguments): its message starts
    with the user's ``file:line`` of that call, like a compiler's, and quotes it."""

    filename: str | None = None
    lineno: int | None = None

    def __init__(self, *args):
        if isinstance(self, TransformError):  # VarArgsError: placed at the def already
            super().__init__(*args)
            return
        place = caller_place() if len(args) == 1 and isinstance(args[0], str) else None
        if place is not None and not _PLACED.match(args[0]):
            self.filename, self.lineno, code = place
            text = f"{self.filename}:{self.lineno}: {args[0]}"
            args = (f"{text}\n    {code}" if code else text,)
        super().__init__(*args)


class GradientArgumentError(_AtCaller, S2SGradError, ValueError):
    """Bad argnums/argnames or non-differentiable inputs, or tangents and cotangents not
    shaped like what they go with, found at call time (at the user's line of the call)."""


class ArgumentTypeError(_AtCaller, S2SGradError, TypeError):
    """A derivative called with arguments of the wrong kind (``primals`` not a tuple, more
    positional arguments than the function takes), at the user's line of the call."""


class VarArgsError(UnsupportedSyntaxError, GradientArgumentError):
    """Arguments to differentiate reach the function through ``*args`` (a decorator's
    wrapper, say): reported at its ``def`` line."""


def source_missing(message: str, filename: str, lineno, hint: str) -> SourceUnavailableError:
    """``message`` at ``filename`` and ``lineno``; for a function made by ``exec`` or
    ``eval`` (its file is ``<string>``), at the user's line that called the derivative."""
    place = caller_place() if filename.startswith("<") else None
    if place is None:
        return SourceUnavailableError(message, filename, lineno, hint=hint)
    message += f" (defined in {filename})"
    return SourceUnavailableError(message, place[0], place[1], None, place[2] or None, hint)


def expect_function(fun, what: str, usage: str = "") -> None:
    """Raise :class:`ArgumentTypeError` at the caller's line where ``fun``, given to the
    transformation ``what`` (used as ``usage``), cannot be called (``grad(3.0)``)."""
    if not callable(fun) and not isinstance(fun, (classmethod, staticmethod)):  # see parsing
        usage = usage or f"{what}(f)(x), the derivative of f at x"
        raise ArgumentTypeError(
            f"{what} takes the function to differentiate, and was given "
            f"{type(fun).__name__} {_shown(fun)}: write {usage}"
        )


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def varargs_error(fn, message: str) -> VarArgsError:
    """A :class:`VarArgsError` with ``message`` at the ``def`` line of ``fn``."""
    return def_error(
        fn, message, "give the function (or the wrapper) explicit parameters", VarArgsError
    )


def def_error(fn, message: str, hint: str, cls: type = TransformError) -> TransformError:
    """A ``cls`` error with ``message`` at the ``def`` line of the function ``fn`` (no
    location where ``fn`` has none)."""
    import linecache

    code = getattr(fn, "__code__", None)
    filename = code.co_filename if code is not None else None
    lineno = code.co_firstlineno if code is not None else None
    line = linecache.getline(filename, lineno) if filename else ""
    while line.lstrip().startswith("@"):  # co_firstlineno is the first decorator's line
        lineno += 1
        line = linecache.getline(filename, lineno)
    if not line.lstrip().startswith(("def ", "async def ")) and "lambda" not in line:
        filename = lineno = line = None
    col = len(line) - len(line.lstrip()) if line else None
    return cls(message, filename, lineno, col, line or None, hint)


class DerivativeStepError(S2SGradError):
    """A tangent statement inside a try body raised: the derivative cannot go on, and the
    user's except clauses do not catch it (runtime.exceptions.tangent_step)."""
