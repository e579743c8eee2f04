"""``extend``, ``update``, ``setdefault`` (and ``insert`` into a changed argument) of a
list or dict a function owns, as the appends and item writes they make, for
:mod:`s2sgrad.normalize.changes`:

    out.extend(ys)              ->  for item in ys:
                                        out.append(item)
    cache.setdefault("k", v)    ->  if "k" not in cache:
                                        cache["k"] = v
"""

from __future__ import annotations

import gast

from ..syntax import assign, call, clone, name, walk


class ContainerMethods:
    """Container method lowering of :class:`~s2sgrad.normalize.changes._CallSites`."""

    def container_method(self, stmt):
        """``c.extend(e)``, ``c.update(...)``, ``c.setdefault(k, v)`` of a local list or
        dict as appends and item writes; None for any other statement."""
        value = stmt.value if isinstance(stmt, (gast.Expr, gast.Assign)) else None
        if not (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and isinstance(value.func.value, gast.Name)
            and self.kinds.get(value.func.value.id) is not None
            and not any(isinstance(a, gast.Starred) for a in value.args)
        ):
            return None
        c, method, args = value.func.value.id, value.func.attr, value.args
        kind = self.kinds[c]
        plain = isinstance(stmt, gast.Expr)
        if method not in ("extend", "update", "setdefault", "insert"):
            return None
        if method == "insert" and (c not in self.own or not plain or len(args) != 2):
            return None  # a local list: the lowering's own insert
        if c not in self.checked:
            self.checked.add(c)
            self.check_alias(c, f"{c}.{method}()")
        if method == "insert" and kind == "list" and not value.keywords:
            out = []
            at = self.atom(args[0], "index", out)
            head = gast.Subscript(
                value=name(c), slice=gast.Slice(lower=None, upper=at, step=None), ctx=gast.Load()
            )
            tail = gast.Subscript(
                value=name(c),
                slice=gast.Slice(lower=clone(at), upper=None, step=None),
                ctx=gast.Load(),
            )
            item = gast.List(elts=[args[1]], ctx=gast.Load())
            joined = gast.BinOp(
                left=gast.BinOp(left=head, op=gast.Add(), right=item), op=gast.Add(), right=tail
            )
            out.append(assign(c, joined))
            return [located(s, stmt) for s in out]
        if (method, kind, len(args), plain) == ("extend", "list", 1, True) and not value.keywords:
            item = self.names("item")
            append = call(gast.Attribute(value=name(c), attr="append", ctx=gast.Load()), name(item))
            loop = gast.For(
                target=name(item, store=True),
                iter=args[0],
                body=[gast.Expr(value=append)],
                orelse=[],
                type_comment=None,
            )
            return [located(loop, stmt)]
        if method == "update" and kind == "dict" and plain and len(args) <= 1:
            return [located(s, stmt) for s in self.update(c, args, value.keywords)]
        if (
            method == "setdefault"
            and kind == "dict"
            and len(args) == 2
            and not value.keywords
            and (plain or len(stmt.targets) == 1)
        ):
            out = []
            key = self.atom(args[0], "key", out)
            missing = gast.Compare(left=clone(key), ops=[gast.NotIn()], comparators=[name(c)])
            out.append(gast.If(test=missing, body=[_item_write(c, key, args[1])], orelse=[]))
            if not plain:
                read = gast.Subscript(value=name(c), slice=clone(key), ctx=gast.Load())
                out.append(gast.Assign(targets=stmt.targets, value=read, type_comment=None))
            return [located(s, stmt) for s in out]
        return None

    def update(self, c, args, keywords) -> list:
        """The item writes of ``c.update(args, **keywords)``."""
        out = []
        if args and isinstance(args[0], gast.Dict) and None not in args[0].keys:
            out += [_item_write(c, k, v) for k, v in zip(args[0].keys, args[0].values)]
        elif args:
            key, value = self.names("key"), self.names("value")
            target = gast.Tuple(
                elts=[name(key, store=True), name(value, store=True)], ctx=gast.Store()
            )
            items = call(gast.Attribute(value=args[0], attr="items", ctx=gast.Load()))
            body = [_item_write(c, name(key), name(value))]
            out.append(gast.For(target=target, iter=items, body=body, orelse=[], type_comment=None))
        for k in keywords:
            if k.arg is None:
                return [
                    gast.Expr(
                        value=call(
                            gast.Attribute(value=name(c), attr="update", ctx=gast.Load()), *args
                        )
                    )
                ]
            out.append(_item_write(c, gast.Constant(value=k.arg, kind=None), k.value))
        return out


def _item_write(c: str, key, value) -> gast.Assign:
    target = gast.Subscript(value=name(c), slice=clone(key), ctx=gast.Store())
    return gast.Assign(targets=[target], value=value, type_comment=None)


def located(tree, stmt):
    """``tree`` with ``stmt``'s position on every node that has none."""
    for node in walk(tree):
        if isinstance(node, (gast.stmt, gast.expr)) and getattr(node, "lineno", None) is None:
            gast.copy_location(node, stmt)
    return tree
