"""A function that changes a differentiated parameter with ``p op= ...`` is differentiated
with ``p`` rebound (as under autograd, whose traced arrays are never changed in place).
Given an array that another argument shares (``f(y, y)``, ``f(y, y[::-1])``, ``f(y, [y])``),
the function itself sees the change through the other argument and the derivative does not:
s2sgrad's own error at the ``p op= ...`` line, not a value and gradient of another function.

    >>> import numpy as np
    >>> def f(a, b):
    ...     return np.sum(a * b)
    >>> y = np.ones(3)
    >>> check_unshared(f, {"a": y, "b": y}, ["a"])  # no op=: nothing to check
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types

import numpy as np

from .augmented import augmented_params
from .errors import InPlaceArgumentError


def check_unshared(fun, named: dict, wrt) -> None:
    """Raise s2sgrad's error where a parameter in ``wrt`` that ``fun`` changes with
    ``p op= ...`` (itself or in a function it passes it to) is given an array that another
    argument of ``named`` (parameter name -> value) is, views or holds."""
    for p in wrt:
        value = named.get(p)
        if not isinstance(value, np.ndarray):
            continue
        other = next((q for q, w in named.items() if q != p and _shares(value, w, 0)), None)
        if other is None or p not in augmented_params(fun):
            continue
        filename, lineno, col, line = _augmented_line(fun, p)
        raise InPlaceArgumentError(
            f"in-place change of the argument {p!r}, which the argument {other!r} shares, "
            f"cannot be differentiated: the function sees the change through {other!r}, "
            f"where the derivative rebinds {p!r}",
            filename,
            lineno,
            col,
            line,
            hint=f"pass a copy ({p}.copy()), or make one first in the function: {p} = {p}.copy()",
        )


def _shares(a: np.ndarray, w, depth: int) -> bool:
    """Does ``w`` (an array, or a list, tuple or dict of them, or an object's arrays) share
    memory with ``a``?"""
    if depth > 8:
        return False
    if isinstance(w, np.ndarray):
        try:
            return bool(np.shares_memory(a, w, max_work=10**6))
        except np.exceptions.TooHardError:
            return True
    if isinstance(w, (list, tuple)):
        return any(_shares(a, v, depth + 1) for v in w)
    if isinstance(w, dict):
        return any(_shares(a, v, depth + 1) for v in w.values())
    fields = getattr(w, "__dict__", None)
    if isinstance(fields, dict) and not isinstance(w, (type, types.ModuleType)):
        return any(_shares(a, v, depth + 1) for v in fields.values())
    return False


def _augmented_line(fun, p: str):
    """``(file, line, column, text)`` of the first ``p op= ...`` in ``fun`` (else of its
    ``def``: the change is made in a function it passes ``p`` to)."""
    code = fun.__code__
    filename, first = code.co_filename, code.co_firstlineno
    try:
        lines, start = inspect.getsourcelines(fun)
    except (OSError, TypeError):
        return filename, first, None, None
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return filename, first, None, lines[0]
    indent = len(lines[0]) - len(lines[0].lstrip())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == p
        ):
            return (
                filename,
                start + node.lineno - 1,
                node.col_offset + indent,
                lines[node.lineno - 1],
            )
    return filename, start, indent, lines[0]
