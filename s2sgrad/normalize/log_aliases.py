"""Logs reached under other names: the container a function logs to (``LOG.append(v)``,
``self.history.append(v)``, ``self.cache[k] = v``) holds plain values, so it must not be
read back anywhere in the differentiated program. The log's own name is followed by
:mod:`s2sgrad.normalize.outside_logs`; these are the other ways to reach the same object:

    h = T.history                      # a module-level (or closure) alias of the log
    def loss(x):
        T.history.append(v)
        return v + h[-1]               # the log, read back as h

    class Tracker:
        @property
        def last(self):                # a property that reads the log
            return self.history[-1]

and a function the differentiated program calls that reads the log through a name of
its own (a global alias, a closure cell).
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
import types

import gast

from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import walk
from .tables import CALLED_VALUE


def _free(info, name_id):
    """The value of the free name ``name_id`` (closure cell, then module global), without
    remembering it as a transform's assumption."""
    if name_id in info.closure:
        return info.closure[name_id]
    return info.globals.get(name_id, _MISSING)


def _holders(value):
    """The attributes of a user object (``{name: value}``), the arguments a
    ``functools.partial`` binds; empty for other values."""
    if isinstance(value, functools.partial):
        return {**dict(enumerate(value.args)), **value.keywords}
    if isinstance(value, (types.ModuleType, type, types.FunctionType)):
        return {}
    try:
        return dict(vars(value))
    except TypeError:
        return {}


def log_object(info, receiver):
    """The container ``receiver`` (``LOG``, ``T.history`` of free names) holds when the
    function is transformed; _MISSING where it rests on a local name (a method's
    ``self``)."""
    if isinstance(receiver, gast.Name):
        return _free(info, receiver.id)
    if isinstance(receiver, gast.Attribute) and isinstance(receiver.value, gast.Name):
        base = _free(info, receiver.value.id)
        return _holders(base).get(receiver.attr, _MISSING) if base is not _MISSING else base
    return _MISSING


def aliased(body, info, local_names, log, key) -> bool:
    """Is the container ``log`` (logged to as ``key``: ``"LOG"`` or ``("T", "history")``)
    also reachable in ``body`` under a free name other than ``key`` (a module-level
    ``h = T.history``, another object holding the same list)?"""
    if log is _MISSING or not isinstance(log, (list, dict, set)):
        return False
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if not isinstance(node, gast.Name) or node.id in local_names:
            continue
        value = _free(info, node.id)
        if value is log and node.id != key:
            return True
        for attr, held in _holders(value).items():
            if held is log and (node.id, attr) != key:
                return True
    return False


def reads_alias(fun, logs, read) -> str | None:
    """The name under which the user function ``fun`` (whose reads are ``read``, as
    :func:`s2sgrad.normalize.outside_logs._log_uses` gives them) reaches one of the
    containers ``logs``, through its globals or closure cells; None where it does not."""
    given = list(fun.__defaults__ or ()) + list((fun.__kwdefaults__ or {}).values())
    if any(value is log for value in given for log in logs):
        return "its default argument"  # def peek(h=LOG)
    cells = dict(zip(fun.__code__.co_freevars, fun.__closure__ or ()))
    for name_id in sorted(read):
        if name_id.startswith("."):
            continue
        if name_id in cells:
            try:
                value = cells[name_id].cell_contents
            except ValueError:
                continue
        else:
            value = fun.__globals__.get(name_id, _MISSING)
        if any(value is log for log in logs):
            return name_id
        for attr, held in _holders(value).items():
            if "." + attr in read and any(held is log for log in logs):
                return name_id + "." + attr
    return None


def properties_read(body, info) -> list:
    """``(node, getter)`` for each attribute read in ``body`` that is a property of a
    user class of the function's module, or of the class of the free object it is read
    from: code that runs there as a call does."""
    classes = [v for v in info.globals.values() if isinstance(v, type)]
    out = []
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if not isinstance(node, gast.Attribute) or not isinstance(node.ctx, gast.Load):
            continue
        owners = list(classes)
        if isinstance(node.value, gast.Name):
            base = _free(info, node.value.id)
            if base is not _MISSING:
                owners += type(base).__mro__
        for cls in owners:
            member = vars(cls).get(node.attr)
            if isinstance(member, property) and member.fget is not None:
                out.append((node, member.fget))
                break
    return out


def callee_logs(fun, logged) -> list:
    """The containers the user function ``fun`` logs to (``logged``, as
    :func:`s2sgrad.normalize.outside_logs._log_uses` gives them): ``LOG`` through its
    globals or closure cells; ``.history`` as that attribute of each user object it
    names."""
    cells = {}
    for name_id, cell in zip(fun.__code__.co_freevars, fun.__closure__ or ()):
        try:
            cells[name_id] = cell.cell_contents
        except ValueError:
            pass
    values = [cells.get(n, fun.__globals__.get(n, _MISSING)) for n in fun.__code__.co_names]
    values += list(cells.values())
    out = [cells.get(n, fun.__globals__.get(n)) for n in logged if not n.startswith(".")]
    for value in values:
        held = _holders(value)
        out += [held[log[1:]] for log in logged if log.startswith(".") and log[1:] in held]
    return [log for log in out if isinstance(log, (list, dict, set))]


def alias_reads(body, info, logs) -> tuple[set, set]:
    """The free names of ``body`` that hold one of the containers ``logs``, and the
    attributes read in ``body`` of free objects that hold one (``R.store``)."""
    names, attrs = set(), set()
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Name) and any(_free(info, node.id) is log for log in logs):
            names.add(node.id)
        elif isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name):
            held = _holders(_free(info, node.value.id)).get(node.attr, _MISSING)
            if any(held is log for log in logs):
                attrs.add(node.attr)
    return names, attrs


def binds_log(called, logs) -> bool:
    """Is ``called`` a ``functools.partial`` that binds one of the containers ``logs``?"""
    if not isinstance(called, functools.partial):
        return False
    bound = called.args + tuple(called.keywords.values())
    return any(value is log for value in bound for log in logs)


def record_aliases(fn, writes) -> set:
    """The free names of ``fn`` that hold a container it writes records into (the
    ``outside_item`` calls ``writes``) under a name of their own (``C = CALLS``)."""
    held = [log_object(fn.info, w.args[0]) for w in writes if isinstance(w.args[0], gast.Name)]
    held = [c for c in held if isinstance(c, (list, dict, set))]
    return alias_reads(fn.body, fn.info, held)[0] if held else set()


def any_attribute(read, logs) -> list:
    """``[".history"]`` for a callee that reads attributes by a name it computes or
    through the object's namespace (``getattr(o, name)``, ``vars(o)``, ``o.__dict__``),
    ``".history"`` one of the attribute logs among ``logs``; empty otherwise."""
    attributes = sorted(log for log in logs if log.startswith("."))
    if attributes and read & {"getattr", "vars", ".__dict__"}:
        return attributes[:1]
    return []


def _calls_a_value(fun) -> bool:
    """Does the code of ``fun`` call a value known only when it runs: an item
    (``FUNCS[k]()``), a call's result, or one of its own names (``g = FUNCS[k]; g()``)?"""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fun)))
    except (OSError, TypeError, SyntaxError):
        return True  # not known: as if it did
    own = set(fun.__code__.co_varnames) | set(fun.__code__.co_cellvars)
    if fun.__name__ == "<lambda>":  # its line: the lambdas' bodies only
        tree = ast.Module(
            body=[ast.Expr(n.body) for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            isinstance(node.func, (ast.Subscript, ast.Call))
            or isinstance(node.func, ast.Name)
            and node.func.id in own
        ):
            return True
    return False


def check_value_calls(fn, logs_here: bool, calls, reachable) -> None:
    """Where the differentiated program logs (``logs_here``), a call of a value known only
    when the code runs (``FUNCS["last"]()``, ``layer(h)``), here or in a function called
    here (``calls``: ``(node, called)``), is an error: s2sgrad cannot see whether it
    reads the log back, and what it read there would carry no derivative."""
    if not logs_here:
        return
    for node, called in calls:
        if called is CALLED_VALUE or any(_calls_a_value(f) for f in reachable(called)):
            raise fn.info.error(
                node,
                "this call runs a function known only when the code runs, in a function "
                "that logs values outside itself (LOG.append(v)): s2sgrad cannot see "
                "whether it reads the log back, which would carry no derivative",
                "call the function by its name, or keep the log out of the differentiated "
                "function (log from the optimiser's callback)",
                UnsupportedSyntaxError,
            )


def own_names(code) -> set:
    """The local names of ``code`` and of the functions defined in it (a closure's own
    ``args`` is not a name of the module)."""
    out = set(code.co_varnames) | set(code.co_cellvars)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            out |= own_names(const)
    return out
