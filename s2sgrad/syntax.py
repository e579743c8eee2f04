"""Small builders and scanners for gast nodes.

assign("dx", call("unbroadcast", name("g"), name("x")))   ->   dx = unbroadcast(g, x)
"""

from __future__ import annotations

from ast import AST
from collections import deque

import gast


def clone(node):
    """A deep copy of a gast tree (much faster than copy.deepcopy).

    Attributes that are not nodes (positions, annotations such as the resolved
    object of a call, :mod:`s2sgrad.anno`) are shared with the original.
    """
    if isinstance(node, list):
        return [clone(x) for x in node]
    if not isinstance(node, gast.AST):
        return node
    new = node.__class__.__new__(node.__class__)
    target = new.__dict__
    for key, value in node.__dict__.items():
        target[key] = clone(value) if isinstance(value, (gast.AST, list)) else value
    return new


def walk(node):
    """Every node under ``node``, itself first, in ``ast.walk``'s breadth-first order
    (a third of a transform's time went to ``ast.walk`` and its nested generators)."""
    todo = deque([node])
    pop, push = todo.popleft, todo.append
    while todo:
        node = pop()
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        push(item)
            elif isinstance(value, AST):
                push(value)
        yield node


def iter_child_nodes(node):
    """The direct children of ``node``, in field order (``ast.iter_child_nodes``)."""
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, AST):
                    yield item
        elif isinstance(value, AST):
            yield value


def walk_local(stmts):
    """Nodes under ``stmts``, not entering nested functions, lambdas or classes."""
    stack = list(stmts)
    while stack:
        node = stack.pop()
        yield node
        for child in iter_child_nodes(node):
            if not isinstance(child, (gast.FunctionDef, gast.Lambda, gast.ClassDef)):
                stack.append(child)


def rewrite_blocks(stmts: list, each, enter_defs: bool = True) -> list:
    """``stmts`` with every statement list under them rewritten, inner blocks first:
    each statement becomes the list ``each(stmt)`` returns. Nested ``def`` and ``class``
    bodies are rewritten too unless ``enter_defs`` is false."""
    out = []
    for stmt in stmts:
        if enter_defs or not isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(stmt, field, None)
                if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                    setattr(stmt, field, rewrite_blocks(block, each, enter_defs))
            for handler in getattr(stmt, "handlers", None) or []:
                handler.body = rewrite_blocks(handler.body, each, enter_defs)
        out.extend(each(stmt))
    return out


def locate(stmt, like):
    """``stmt`` with ``like``'s position given to each of its nodes that has none."""
    for n in gast.walk(stmt):
        if isinstance(n, (gast.stmt, gast.expr)) and not hasattr(n, "lineno"):
            gast.copy_location(n, like)
            n.end_lineno = getattr(like, "end_lineno", None)
    return stmt


def name(id: str, store: bool = False) -> gast.Name:
    ctx = gast.Store() if store else gast.Load()
    return gast.Name(id=id, ctx=ctx, annotation=None, type_comment=None)


def const(value) -> gast.Constant:
    return gast.Constant(value=value, kind=None)


def dotted(path: str) -> gast.expr:
    """``"np.linalg.norm"`` -> the Attribute chain that reads it."""
    head, *rest = path.split(".")
    node = name(head)
    for part in rest:
        node = gast.Attribute(value=node, attr=part, ctx=gast.Load())
    return node


def call(func: gast.expr | str, *args: gast.expr, **keywords: gast.expr) -> gast.Call:
    if isinstance(func, str):
        func = dotted(func)
    kws = [gast.keyword(arg=k, value=v) for k, v in keywords.items()]
    return gast.Call(func=func, args=list(args), keywords=kws)


def function_def(
    fname: str, params: list[str], body: list, decorators: list | None = None
) -> gast.FunctionDef:
    """``def fname(*params): body``, its parameters plain positional ones."""
    args = gast.arguments(
        args=[
            gast.Name(id=p, ctx=gast.Param(), annotation=None, type_comment=None) for p in params
        ],
        posonlyargs=[],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    return gast.FunctionDef(
        name=fname,
        args=args,
        body=body,
        decorator_list=decorators or [],
        returns=None,
        type_comment=None,
        type_params=[],
    )


def assign(target: str | gast.expr, value: gast.expr) -> gast.Assign:
    if isinstance(target, str):
        target = name(target, store=True)
    return gast.Assign(targets=[target], value=value, type_comment=None)


def int_constant(node) -> int | None:
    """The int that the constant index ``node`` is (``2``, ``-1``; a bool is none), else
    None."""
    if isinstance(node, gast.Constant) and type(node.value) is int:
        return node.value
    if (
        isinstance(node, gast.UnaryOp)
        and isinstance(node.op, gast.USub)
        and isinstance(node.operand, gast.Constant)
        and type(node.operand.value) is int
    ):
        return -node.operand.value
    return None


def name_item(node) -> tuple[str, int] | None:
    """``(name, i)`` for ``node`` an item ``name[i]`` of a name at a non-negative int
    constant ``i``, else None."""
    if (
        isinstance(node, gast.Subscript)
        and isinstance(node.value, gast.Name)
        and isinstance(node.slice, gast.Constant)
        and type(node.slice.value) is int
    ):
        return node.value.id, node.slice.value
    return None


def is_atom(node) -> bool:
    return isinstance(node, (gast.Name, gast.Constant))


def names_in(node) -> set[str]:
    """All Name ids read or written anywhere under ``node``."""
    return {n.id for n in gast.walk(node) if isinstance(n, gast.Name)}


def _names_by_context(node, contexts) -> list[str]:
    out = []
    stack = [node]
    name_type, ast_type = gast.Name, gast.AST
    while stack:
        n = stack.pop()
        if n.__class__ is name_type:
            if n.ctx.__class__ in contexts:
                out.append(n.id)
            continue
        for field in n._fields:
            v = getattr(n, field, None)
            if isinstance(v, list):
                stack.extend(x for x in v if isinstance(x, ast_type))
            elif isinstance(v, ast_type):
                stack.append(v)
    return out


def stores_in(node) -> set[str]:
    """Name ids assigned anywhere under ``node``."""
    return set(_names_by_context(node, (gast.Store,)))


def all_names(node) -> set[str]:
    """Name ids read or written anywhere under ``node`` (fast ``names_in``)."""
    return set(_names_by_context(node, (gast.Store, gast.Load, gast.Param, gast.Del)))


def loads_in(node) -> list[str]:
    """Name ids read under ``node``, in order of appearance (a hot path: no ast.walk)."""
    out = []
    stack = [node]
    name_type, load_type, ast_type = gast.Name, gast.Load, gast.AST
    while stack:
        n = stack.pop()
        if n.__class__ is name_type:
            if n.ctx.__class__ is load_type:
                out.append(n.id)
            continue
        children = []
        for field in n._fields:
            v = getattr(n, field, None)
            if isinstance(v, list):
                children.extend(x for x in v if isinstance(x, ast_type))
            elif isinstance(v, ast_type):
                children.append(v)
        children.reverse()
        stack.extend(children)
    return out


class _Substitute(gast.NodeTransformer):
    def __init__(self, mapping: dict):
        self.mapping = mapping

    def visit_Name(self, node):
        if node.id not in self.mapping:
            return node
        new = self.mapping[node.id]
        if isinstance(new, str):
            return gast.Name(id=new, ctx=node.ctx, annotation=None, type_comment=None)
        new = clone(new)
        if isinstance(new, gast.Name):
            new.ctx = node.ctx
        return new


def substitute(node, mapping: dict):
    """Copy of ``node`` with each Name in ``mapping`` replaced (by a name or a node)."""
    return _Substitute(mapping).visit(clone(node))


class Names:
    """Fresh, readable, deterministic names that avoid every name already in use."""

    def __init__(self, taken, reserved=()):
        self.taken = set(taken)
        self.reserved = frozenset(reserved)  # never given out, but not in use either
        self.generated: set[str] = set()
        self.bases: dict[str, str] = {}  # generated name -> the name it was made from

    def __call__(self, base: str) -> str:
        given = base
        base = base.strip("_") or "t"
        out = base
        i = 2
        while out in self.taken or out in self.reserved:
            out = f"{base}_{i}"
            i += 1
        self.taken.add(out)
        self.generated.add(out)
        self.bases[out] = given
        return out

    def spelled(self, name: str) -> str:
        """The name the user wrote for ``name``: a comprehension's loop variable renamed
        apart (``k_2``) is ``k`` in their code and in the messages about it."""
        return self.bases.get(name, name)


def located_call(stmt):
    """The call a normal-form statement ``v = f(...)`` makes, where it has a location (an
    error then points at the call, not at the start of the statement), else ``stmt``."""
    value = getattr(stmt, "value", None)
    return value if getattr(value, "col_offset", None) is not None else stmt
