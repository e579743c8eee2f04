"""Numbers read back from text made from differentiated values.

    s = str(x[0])              s is text made from x: no derivative reaches it
    y = float(s) * x[1]        error: float(s) is x[0] again, its derivative lost

``str``, ``repr``, ``format``, f-strings and ``%`` formatting carry no derivative (a
string is not a number), which is right while the text stays text: a log line, a
message, an aux output.  Parsed back (``float(s)``, ``Decimal(s)``, ``np.array(strs,
dtype=float)``, a callee that parses it), it is the value again, and a derivative of 0
through it would be wrong.  The text's readers are followed by name (through
containers, slices, string methods and callees); a piecewise-constant function of it
(``len(s)``, ``int(s)``, ``s == "0"``) ends that, as its derivative is 0 almost
everywhere.  Text read back into a differentiated value, or returned as the value
differentiated, is s2sgrad's error at that line.
"""

from __future__ import annotations

import builtins

import gast

from . import anno, rules
from .errors import NonDifferentiableError
from .syntax import loads_in

_ENCODERS = (builtins.str, builtins.repr, builtins.ascii, builtins.format)
# holding a text beside other values is not reading it back
_HOLDERS = (gast.Tuple, gast.List, gast.Dict, gast.Set)
_HOLDER_CALLS = (builtins.list, builtins.tuple, builtins.dict)


def _encodes(value, active) -> bool:
    """Is ``value`` text made from a differentiated value?"""
    if isinstance(value, gast.JoinedStr):
        return any(n in active for n in loads_in(value))
    if isinstance(value, gast.BinOp) and isinstance(value.op, gast.Mod):
        left = value.left
        if isinstance(left, gast.JoinedStr) or (
            isinstance(left, gast.Constant) and isinstance(left.value, str)
        ):
            return any(n in active for n in loads_in(value.right))
    if isinstance(value, gast.Call) and anno.get(value, "fn", None) in _ENCODERS:
        return any(n in active for n in loads_in(value))
    return False


def _ends(value) -> bool:
    """Does ``value`` end the text's flow (a piecewise-constant function of it)?"""
    if isinstance(value, gast.Compare):
        return True
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.Not):
        return True
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        return fn not in _ENCODERS and rules.is_nondifferentiable(fn)
    return False


def text_names(defs, active) -> set[str]:
    """The names that may hold text made from differentiated values, or values read
    back from it."""
    text: set[str] = set()
    changed = True
    while changed:
        changed = False
        for n, value, _ in defs:
            if n in text:
                continue
            if isinstance(value, gast.For):
                reads = loads_in(value.iter)
                made = any(r in text for r in reads)
            else:
                made = _encodes(value, active) or (
                    not _ends(value) and any(r in text for r in loads_in(value))
                )
            if made:
                text.add(n)
                changed = True
    return text


def _holds(value, stmt, containers) -> bool:
    """Does ``n = value`` only hold the text beside other values (a display, an append,
    an item of a list)?"""
    if isinstance(value, _HOLDERS) or isinstance(stmt, gast.Expr):
        return True
    if isinstance(value, gast.Call) and anno.get(value, "fn", None) in _HOLDER_CALLS:
        return True
    target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
    return isinstance(target, gast.Subscript) and target.value.id in containers


def check_readbacks(fn, defs, analysis) -> None:
    """Raise where text made from a differentiated value flows back into a differentiated
    value or into the value differentiated. Generated code transformed again (a Hessian)
    is not checked: its user's code was."""
    if fn.info.filename.startswith("<s2sgrad "):
        return
    active = analysis.active
    text = text_names(defs, active)
    if not text:
        return
    for n, value, stmt in defs:
        if n not in active or isinstance(value, gast.For):
            continue
        if _holds(value, stmt, analysis.containers):
            continue
        if any(r in text for r in loads_in(value)):
            raise _error(fn, value if hasattr(value, "lineno") else stmt)
    result = analysis.tuples.get(fn.result)
    first = result.elts[0] if isinstance(result, gast.Tuple) and result.elts else None
    outputs = loads_in(first) if first is not None else [fn.result]
    if any(r in text for r in outputs):
        located = [s for n, _, s in defs if n in outputs] or [None]
        raise _error(fn, located[-1])


def _error(fn, node):
    return fn.info.error(
        node,
        "a value read back from text made from a differentiated value (str, repr, "
        "format, an f-string) is used here: its derivative is lost",
        "use the value itself, or s2sgrad.stop_gradient(value) for a constant; format "
        "values only to print or log them",
        NonDifferentiableError,
    )
