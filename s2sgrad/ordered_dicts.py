"""``collections.OrderedDict(...)`` made in a function read as ``dict(...)`` (``{}`` when
empty; dicts keep insertion order since Python 3.7), before any analysis sees the
function:

    acts = OrderedDict()              ->    acts = {}
    acts["h1"] = np.tanh(x @ W)             acts["h1"] = np.tanh(x @ W)

so the dicts a program builds with it are differentiated like dict displays. Only where
nothing can tell the two apart: each mention of the class is a call of it, nothing in the
function calls ``move_to_end`` or ``popitem`` (whose ``last`` is OrderedDict's own), and,
unless the file names the class only in its calls and imports (no ``isinstance(x,
OrderedDict)`` a caller could run), no such dict is returned or yielded.
"""

from __future__ import annotations

import builtins
import collections
import tokenize

import gast

from .syntax import clone, name, stores_in, walk

_NOISE = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT}
_OWN_METHODS = {"move_to_end", "popitem"}
# builtins whose result never is the dict passed to them
_READERS = {"len", "sorted", "list", "tuple", "set", "sum", "min", "max", "any", "all"}


def _is_ordered_dict(node, info, local: set) -> bool:
    if isinstance(node, gast.Name):
        return node.id not in local and info.lookup(node.id) is collections.OrderedDict
    return (
        isinstance(node, gast.Attribute)
        and node.attr == "OrderedDict"
        and isinstance(node.value, gast.Name)
        and node.value.id not in local
        and info.lookup(node.value.id) is collections
    )


def _file_only_calls(lines: list) -> bool:
    """Does the function's file name ``OrderedDict`` only to call it (and import it)? Then
    no code of the file tests for the class, and a returned dict is not told apart."""
    try:
        tokens = list(tokenize.generate_tokens(iter(lines).__next__))
    except (tokenize.TokenError, SyntaxError):
        return False
    start, importing = True, False
    code = [t for t in tokens if t.type not in _NOISE]
    for k, tok in enumerate(code):
        if tok.type == tokenize.NEWLINE:
            start, importing = True, False
            continue
        if start:
            importing = tok.string in ("import", "from")
            start = False
        if tok.type == tokenize.NAME and tok.string == "OrderedDict" and not importing:
            if k + 1 == len(code) or code[k + 1].string != "(":
                return False
    return True


def _may_hold(value, made: set, calls: list, info) -> bool:
    """May ``value`` (a returned expression) be or hold one of the dicts: a name of
    ``made`` or a call of ``calls`` anywhere but read through (``d["w"]``, ``d.values()``,
    ``for k in d``, ``len(d)``)?"""
    inside = list(walk(value))
    read = set()
    for v in inside:
        if isinstance(v, (gast.Subscript, gast.Attribute)):
            read.add(id(v.value))
        elif isinstance(v, gast.comprehension):
            read.add(id(v.iter))
        elif (
            isinstance(v, gast.Call)
            and isinstance(v.func, gast.Name)
            and v.func.id in _READERS
            and info.lookup(v.func.id) is getattr(builtins, v.func.id)
        ):
            read.update(id(a) for a in v.args)
    return any(
        (isinstance(v, gast.Name) and v.id in made and id(v) not in read)
        or any(v is c for c in calls)
        for v in inside
    )


def lower_ordered_dicts(fn: gast.FunctionDef, info) -> gast.FunctionDef:
    """``fn`` with its ``OrderedDict(...)`` calls ``dict(...)`` where that changes nothing a
    program can see (see the module docstring); ``fn`` itself otherwise."""
    nodes = list(walk(fn))
    if not any(
        (isinstance(n, gast.Name) and n.id == "OrderedDict")
        or (isinstance(n, gast.Attribute) and n.attr == "OrderedDict")
        for n in nodes
    ):
        return fn
    local = stores_in(fn) | {a.id for a in walk(fn.args) if isinstance(a, gast.Name)}
    if "dict" in local or info.lookup("dict") is not dict:
        return fn
    calls = [n for n in nodes if isinstance(n, gast.Call) and _is_ordered_dict(n.func, info, local)]
    called = {id(c.func) for c in calls}
    mentions = [n for n in nodes if _is_ordered_dict(n, info, local)]
    if not calls or any(id(m) not in called for m in mentions):
        return fn  # isinstance(x, OrderedDict), a subclass, passed on: left as written
    if any(isinstance(n, gast.Attribute) and n.attr in _OWN_METHODS for n in nodes):
        return fn
    made = {
        t.id
        for n in nodes
        if isinstance(n, gast.Assign) and any(n.value is c for c in calls)
        for t in n.targets
        if isinstance(t, gast.Name)
    }
    if not _file_only_calls(info.lines):  # a caller may test for the class: keep it
        for n in nodes:
            if isinstance(n, (gast.Return, gast.Yield, gast.YieldFrom)) and n.value is not None:
                if _may_hold(n.value, made, calls, info):
                    return fn
    return _Lower(info, local).visit(clone(fn))


class _Lower(gast.NodeTransformer):
    def __init__(self, info, local: set):
        self.info, self.local = info, local

    def visit_Call(self, node):
        self.generic_visit(node)
        if not _is_ordered_dict(node.func, self.info, self.local):
            return node
        if not node.args and not node.keywords:  # a display: what the analyses know best
            return gast.copy_location(gast.Dict(keys=[], values=[]), node)
        node.func = gast.copy_location(name("dict"), node.func)
        return node
