"""Metadata on syntax nodes, through one small API that fails loudly on a missing key.

    anno.set(node, "fn", np.tanh)   # the call resolves to np.tanh
    anno.get(node, "fn")            # np.tanh; MissingAnnotation if the node has none
    anno.get(node, "fn", None)      # None for a node without one (an explicit default)
    anno.has(node, "append")

:data:`KEYS` lists every key, who sets it and what it means; any other key is an error.
A key is stored as the node attribute ``s2s_<key>``, which ``copy.copy`` and
:func:`s2sgrad.syntax.clone` carry over.
"""

from __future__ import annotations

KEYS = {
    "fn": "Call: the object the call resolves to (normalize)",
    "append": "Expr: (list name, appended value node) of ``xs.append(v)`` (normalize)",
    "pop": "Call: the list name of ``xs.pop()`` (normalize)",
    "extreme_start": "Name: the start of ``np.max``/``np.min`` lowered from ``initial=`` "
    "(normalize.masked): the plain reduction's own initial=",
    "dict_keys": "Call: iterates the keys of a dict, which carry no derivative (normalize)",
    "maybe_keys": "Call: sorted(x) of a name that may hold a dict (validate.sorted_keys)",
    "inplace": (
        "Assign: ``y = y + v`` that was ``y += v``, in place on arrays; the "
        'operator, ``"+="`` (normalize)'
    ),
    "aug_item": "Assign: ``xs[i] = ...`` that was ``xs[i] += v``: changes the item (normalize)",
    "augmented": "BinOp: ``a + v`` standing for ``a += v`` in the values a name is bound to, "
    "its ``__iadd__`` first (normalize.lowering, operator_results)",
    "primal_only": "If: the test of a lowered exit flag, which has no adjoint (exits)",
    "loop": "For/While: the reverse.LoopInfo of the loop (reverse)",
    "line": "stmt: the user line an adjoint statement differentiates (reverse, pipeline)",
    "spec": "Call: what the call site fixes of a user callee (normalize.call_spec)",
    "changes": "Call: (parameter or free name, kind) of each list or dict a user callee "
    "changes in place and returns after its result (normalize.changes)",
    "returns_changes": "Call: of a local def rewritten to take the variables of its "
    "function it changes and return copies of them after its result (normalize.changes)",
    "temporaries": "FunctionDef: the names of temporaries the enclosing function's "
    "lowering wrote into this local def (normalize.changes), generated names in its own",
    "written": "Call: the method as the user wrote it (``m.update``), for errors (normalize)",
    "consumed": "Call: an iterable a loop or a call consumes in order, at once (normalize)",
    "read_at_once": "Call: a dict view an argument reads whole, as ``list(d.values())`` "
    "(normalize)",
    "self_changes": "Call: of a method that changes its object, returning it after its "
    "result (normalize.self_changes)",
    "lambda": "FunctionDef: a local def made from a lambda passed as an argument, named "
    '"the lambda" in errors (normalize.arguments); Lambda, FunctionDef: one made from a '
    'bound method passed so, its name in errors, "the method m.rhs" (normalize.bound_arguments)',
    "listed": "Call: a generator helper's call already lowered to its list (normalize)",
    "generator": "Call: ``first_items(gen, n, ...)`` of an endless generator a zip reads: "
    "the generator function's name, for validate's error (normalize.loops)",
    "positions": "Call: an itertools call over the positions of its items, made by "
    "normalize.iterator_calls (not made again)",
    "lazy_items": "Call: a generator helper's call whose items are read one by one (a loop, "
    "a comprehension), which NumPy runs as they are read (normalize.iterators); Assign: "
    "``seq = []`` of the list of a generator expression or map a for loop reads, the names "
    "they read: (any change in place, rebound) (normalize.expressions)",
    "copy_loop": "DictComp, For: the copy of a dict a local def changes, returned early "
    "(normalize.changes); its loop cannot raise, so a try body may hold it (normalize.tries)",
    "lazy_loop": "GeneratorExp, Call of map, ListComp: iterated by a for loop, which Python "
    "reads item by item (normalize.loops)",
    "cast": 'Call: its dtype argument makes an integer or boolean value, ``"none"`` (no '
    'derivative), a complex one, ``"complex"`` (the real part for a real argument), or one '
    'known only at run time, ``"checked"`` then (normalize.cast_of)',
    "attribute_log": "Call: ``outside_item(holder, k, v)`` of ``self.cache[k] = v``, an attribute "
    "the function only writes items of, or ``outside_log`` of ``self.history.append(v)``: the "
    "attribute's name (normalize.outside_logs)",
    "global_write": "Call: ``outside_global(name, v)`` of ``name = v`` of a name the function "
    "declares global, and the ``outside_item`` record it lowers to: the name "
    "(normalize.outside_logs)",
    "context": "Call: enters or leaves a with block's manager, the runtime helper it calls "
    "(normalize.contexts)",
    "try": "If: a try statement's body, its handlers' stubs in orelse; its "
    "normalize.tries.TryInfo (normalize.tries)",
    "try_step": "stmt of a try body: (the step it starts after, the step it completes) "
    "(normalize.tries)",
    "out": "Assign: an elementwise statement of grad's flat def whose operand of this name is "
    "dead after it and can take its result (reverse.buffers)",
    "spill": "Assign: an elementwise statement of grad's flat def whose operand of this index "
    "is a nested new array of the result's shape and dtype that can take the result, "
    "written so in a fusing backend's plain variant (reverse.buffers)",
    "same_kind": "Call: an object_with(self, 'layers', items) putting back the changed items "
    "of a list, of the classes the list held: the object keeps its kind (changed_items)",
    "made_kind": "Call: the object kind of Cls(...) made here, where its arguments say more "
    "than its class (a function given to __init__ and kept: self.act = act; records.py)",
    "made": "Call: the user class of an object made in the function, on its new_object(...) "
    "and on the call of its __init__ returning it (normalize.records)",
    "position": "Subscript: the int a free name indexing a sequence followed item by item "
    "holds (``args[ARGNUM]``; items.py)",
    "item_kind": "Subscript: the read of the item of a loop over a list of objects of one "
    "kind (a comprehension of them), and that object kind (normalize.loops)",
}

_MISSING = object()


class MissingAnnotation(KeyError):
    """A node lacks an annotation a pass relies on: a bug in the pass that should set it."""


def _attr(key: str) -> str:
    if key not in KEYS:
        raise KeyError(f"unknown node annotation {key!r}; known: {sorted(KEYS)}")
    return "s2s_" + key


def get(node, key: str, default=_MISSING):
    """The ``key`` annotation of ``node``; without one, ``default`` if given, else
    :class:`MissingAnnotation`."""
    value = getattr(node, _attr(key), _MISSING)
    if value is _MISSING:
        if default is _MISSING:
            raise MissingAnnotation(
                f"{type(node).__name__} node has no {key!r} annotation ({KEYS[key]})"
            )
        return default
    return value


def set(node, key: str, value) -> None:  # noqa: A001 (anno.set reads as intended)
    setattr(node, _attr(key), value)


def has(node, key: str) -> bool:
    return hasattr(node, _attr(key))
