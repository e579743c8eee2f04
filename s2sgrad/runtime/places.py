"""Errors raised while generated code runs, placed at the user's line that the
innermost generated function differentiates (read from its ``# line`` comments).
"""

from __future__ import annotations

import numpy as np


def _lacking(what, operation, g, hint):
    """Raise: ``what`` needs ``operation``, which ``g``'s array library does not have."""
    library = type(g).__module__.split(".")[0]
    not_implemented(f"{what} needs {operation}, which {library} arrays do not provide; {hint}")


def not_implemented(text: str):
    """Raise s2sgrad's DerivativeNotImplementedError (a NotImplementedError too) at the
    user's line: ``text`` is ``"what; hint"``, found when the derivative runs (a
    NotImplementedError of ``text`` where s2sgrad is not installed: ahead-of-time modules)."""
    message, _, hint = text.removeprefix("s2sgrad: ").partition("; ")
    _unsupported(message, hint, "DerivativeNotImplementedError")


# generated file name -> {generated line: user line} (filled when a unit is compiled)
USER_LINES: dict[str, dict[int, int]] = {}
# generated file name -> the file its unit was made from: the user's, or for code made from
# generated code (forward over reverse) that generated file
USER_FILES: dict[str, str] = {}


def _user_place():
    """``(filename, lineno, code)`` of the user's line that the innermost generated
    function is differentiating (see :func:`generated_place`); None when not found."""
    import sys

    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.startswith("<s2sgrad "):
        frame = frame.f_back
    if frame is None:
        return None
    filename = frame.f_globals.get("__file__", "<unknown>")
    return generated_place(frame.f_code.co_filename, frame.f_lineno, filename)


def generated_place(generated, lineno, filename=None):
    """``(filename, lineno, code)`` of the user's line behind line ``lineno`` of the
    generated file ``generated``: its entry in ``USER_LINES`` (a statement of the forward
    sweep), else the ``# line`` comment above it. Code made from generated code names
    lines of that code in its comments: they are looked up in turn, down to the user's.
    ``filename``: the user's file where ``USER_FILES`` does not say it (an ahead-of-time
    module); None when not found."""
    import linecache
    import sys

    # looked up through sys.modules: an ahead-of-time module has a copy of this helper
    places = sys.modules.get("s2sgrad.runtime.places")
    lines, files = getattr(places, "USER_LINES", {}), getattr(places, "USER_FILES", {})
    source = files.get(generated, filename)
    user = lines.get(generated, {}).get(lineno)
    if user is not None:  # USER_LINES names the user's own lines
        while source is not None and source.startswith("<s2sgrad ") and source in files:
            source = files[source]
        if source is None or source.startswith("<s2sgrad "):
            return None
        return source, user, linecache.getline(source, user).strip()
    for line in reversed(linecache.getlines(generated)[:lineno]):
        text = line.strip()
        if text.startswith("# line "):
            where, _, code = text[len("# line ") :].partition(": ")
            if source is not None and source.startswith("<s2sgrad "):
                return generated_place(source, int(where))
            return (source, int(where), code) if source is not None else None
    return None


def note_user_line(exc: BaseException) -> None:
    """Add to ``exc``, raised while generated code ran (an IndexError of the user's own
    indexing, a shape error of NumPy), a note naming the user's line that the innermost
    generated function was running; the exception itself is unchanged. Once per exception;
    on Python 3.10, which has no ``add_note``, the note is set as PEP 678's ``__notes__``
    list, which 3.10's traceback does not print. The exception leaves the derivative: the managers
    of its with blocks that the exception unwound are left first (runtime.contexts)."""
    from .contexts import leave_managers

    leave_managers(exc)

    if getattr(exc, "_s2s_noted", False):
        return
    tb, frame, lineno = exc.__traceback__, None, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<s2sgrad "):
            frame, lineno = tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
    if frame is None:
        return
    place = generated_place(
        frame.f_code.co_filename, lineno, frame.f_globals.get("__file__", "<unknown>")
    )
    if place is None:
        return
    exc._s2s_noted = True
    filename, user, code = place
    if isinstance(exc, (TypeError, AttributeError)):
        _object_arrays(exc, frame, place)
    _add_note(exc, f"s2sgrad: raised by the derivative of {filename}:{user}: {code}")


def _object_arrays(exc, frame, place) -> None:
    """Raise s2sgrad's error at the user's line for a TypeError of NumPy (``np.log`` of a
    Python float, an ``object`` result added into a float array) in generated code that
    holds a NumPy array of dtype ``object``: the derivative computes with arrays of
    numbers, and an object array (a constant, or a value made from one) mixed with
    differentiated values is not one."""
    code = frame.f_code
    held = [n for n, v in frame.f_locals.items() if _is_object_array(v)]
    # the user's names first: the globals and closure values the derivative reads
    names = [n for n in code.co_names if _is_object_array(frame.f_globals.get(n))]
    names += [n for n in code.co_freevars if n in held]
    if not held and not names:
        return
    listed = ", ".join(names or held)
    import sys

    errors = sys.modules.get("s2sgrad.errors")
    if errors is None:  # an ahead-of-time module: the exception as it is
        return
    import linecache

    filename, lineno, code = place
    line = linecache.getline(filename, lineno)
    col = len(line) - len(line.lstrip()) if line.strip() else None
    raise errors.UnsupportedSyntaxError(
        f"a NumPy array of dtype object ({listed}) meets differentiated values here, and "
        f"their derivative computes with arrays of numbers ({type(exc).__name__}: {exc})",
        filename,
        lineno,
        col,
        line if col is not None else code,
        "give the array a number dtype where it is made, e.g. np.asarray(c, dtype=float)",
    ) from exc


def _is_object_array(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype == object


def _add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)``, or its effect on Python 3.10 (PEP 678's ``__notes__``)."""
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    else:
        exc.__notes__ = [*getattr(exc, "__notes__", ()), note]


def _unsupported(message: str, hint: str, error: str = "UnsupportedSyntaxError"):
    """Raise s2sgrad's ``error`` (a TransformError) at the user's line for a case found at
    run time (a TypeError naming it, or a NotImplementedError for a
    DerivativeNotImplementedError, where s2sgrad is not loaded: ahead-of-time modules)."""
    import sys

    place = _user_place()
    hint = hint or None
    errors = sys.modules.get("s2sgrad.errors")  # not imported: ahead-of-time modules
    if errors is None:
        plain = NotImplementedError if error == "DerivativeNotImplementedError" else TypeError
        raise plain(f"{message}; {hint}" if hint else message)
    cls = getattr(errors, error)
    if place is None:
        raise cls(message, hint=hint)
    import linecache

    filename, lineno, code = place
    line = linecache.getline(filename, lineno)  # the statement's column: where it starts
    if not line.strip():
        raise cls(message, filename, lineno, None, code, hint)
    raise cls(message, filename, lineno, len(line) - len(line.lstrip()), line, hint)


def _user_line() -> str:
    """``" (at file:line: code)"`` for the user's line that the innermost generated
    function is differentiating (see :func:`_user_place`), else of the user's call of the
    derivative (:func:`_caller_place`); "" when neither is found."""
    place = _user_place() or _caller_place()
    if place is None:
        return ""
    filename, lineno, code = place
    return f" (at {filename}:{lineno}: {code})"


def _numeric(value) -> bool:
    """Could ``value`` carry a derivative: a float or complex number or array, or a
    tuple or list holding one?"""
    if isinstance(value, tuple | list):
        return any(_numeric(v) for v in value)
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return getattr(dtype, "kind", "") in "fc"
    return isinstance(value, float | complex)


def _nonzero(tangent) -> bool:
    if isinstance(tangent, tuple | list):
        return any(_nonzero(v) for v in tangent)
    return _numeric(tangent) and bool(np.any(tangent))


def underived_value(value, what):
    """``value`` (reverse mode), given where a rule takes no derivative, when it cannot
    carry one (an integer, a string, an option); else the rule's error at the user's line."""
    if _numeric(value):
        _unsupported(
            f"{what}, but it receives a differentiated value there",
            "wrap that argument in s2sgrad.stop_gradient(...) if no gradient should flow "
            "through it",
            "NonDifferentiableError",
        )
    return value


def stateless_function(fn, what):
    """``fn``, a function value taken from a container that holds differentiated values
    too (``(W, b), act = layer``), when it cannot carry one of them: a NumPy or builtin
    function, or a def or lambda whose closure, defaults and bound arguments hold no
    number, array or container. Anything else (a closure over an array, a bound method,
    an object) is s2sgrad's error at the user's line: its derivative would be lost."""
    if not _stateless(fn, 3):
        _unsupported(
            f"{what}, {_shown(fn)}, sits in a container with differentiated values and may "
            "hold some itself (a closure, a bound method or an object), whose derivative "
            "is not taken",
            "keep the functions apart from the arrays (zip(layers, acts)) or pass the "
            "values to the function as arguments",
            "NonDifferentiableError",
        )
    return fn


def _shown(fn) -> str:
    text = repr(fn)
    return text if len(text) <= 60 else text[:57] + "..."


def _stateless(fn, depth) -> bool:
    import functools
    import types

    if depth < 0:
        return False
    if isinstance(fn, np.ufunc):
        return True
    if isinstance(fn, types.BuiltinFunctionType):
        owner = getattr(fn, "__self__", None)
        return owner is None or isinstance(owner, types.ModuleType)
    if isinstance(fn, functools.partial):
        return _stateless(fn.func, depth - 1) and all(
            _constant(v, depth - 1) for v in (*fn.args, *fn.keywords.values())
        )
    if isinstance(fn, types.FunctionType):
        cells = []
        for c in fn.__closure__ or ():
            try:
                cells.append(c.cell_contents)
            except ValueError:  # not bound yet: holds nothing
                pass
        held = (*cells, *(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values())
        return all(_constant(v, depth - 1) for v in held)
    module = getattr(type(fn), "__module__", "") or ""
    return module.startswith("numpy") and not hasattr(fn, "__self__")  # np.sum


def _constant(value, depth) -> bool:
    """Can ``value``, held by a function, not be (or hold) a differentiated value?"""
    import types

    if value is None or isinstance(value, (bool, int, str, bytes, np.integer, np.bool_)):
        return True
    if isinstance(value, (type, types.ModuleType)):
        return True
    if isinstance(value, tuple):
        return all(_constant(v, depth - 1) for v in value)
    return callable(value) and _stateless(value, depth)


def underived_tangent(tangent, what):
    """``tangent`` (forward mode) of a value given where a rule takes no derivative, when
    it is absent or zero; else the rule's error at the user's line."""
    if _nonzero(tangent):
        underived_value(1.0, what)
    return tangent


def no_derivative(what):
    """Raised where a rule has no derivative in an argument that is differentiated."""
    not_implemented(
        f"{what}; wrap that argument in s2sgrad.stop_gradient(...) if no gradient should "
        "flow through it"
    )


def _caller_place():
    """``(filename, lineno, code)`` of the innermost frame that is neither generated code
    nor s2sgrad's own: the user's line that called the derivative; None if there is none."""
    import linecache
    import os
    import sys

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(("<s2sgrad ", "<frozen ", package)):
            return filename, frame.f_lineno, linecache.getline(filename, frame.f_lineno).strip()
        frame = frame.f_back
    return None
