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
    "dict_keys": "Call: iterates the keys of a dict, which carry no derivative (normalize)",
    "inplace": (
        "Assign: ``y = y + v`` that was ``y += v``, in place on arrays; the "
        'operator, ``"+="`` (normalize)'
    ),
    "aug_item": "Assign: ``xs[i] = ...`` that was ``xs[i] += v``: changes the item (normalize)",
    "primal_only": "If: the test of a lowered exit flag, which has no adjoint (exits)",
    "loop": "For/While: the reverse.LoopInfo of the loop (reverse)",
    "line": "stmt: the user line an adjoint statement differentiates (reverse, pipeline)",
    "spec": "Call: what the call site fixes of a user callee (normalize.call_spec)",
    "changes": "Call: (parameter or free name, kind) of each list or dict a user callee "
    "changes in place and returns after its result (normalize.changes)",
    "written": "Call: the method as the user wrote it (``m.update``), for errors (normalize)",
    "consumed": "Call: an iterable a loop or a call consumes in order, at once (normalize)",
    "read_at_once": "Call: a dict view an argument reads whole, as ``list(d.values())`` "
    "(normalize)",
    "listed": "Call: a generator helper's call already lowered to its list (normalize)",
    "cast": 'Call: its dtype argument makes an integer or boolean value, ``"none"`` (no '
    'derivative), a complex one, ``"complex"`` (the real part for a real argument), or one '
    'known only at run time, ``"checked"`` then (normalize.cast_of)',
    "global_write": "Call: ``outside_global(name, v)`` of ``name = v`` of a name the function "
    "declares global, and the ``outside_item`` record it lowers to: the name "
    "(normalize.outside_logs)",
    "context": "Call: enters or leaves a with block's manager, the runtime helper it calls "
    "(normalize.contexts)",
    "try": "If: a try statement's body, its handlers' stubs in orelse; its "
    "normalize.tries.TryInfo (normalize.tries)",
    "try_step": "stmt of a try body: (the step it starts after, the step it completes) "
    "(normalize.tries)",
    "made": "Call: the user class of an object made in the function, on its new_object(...) "
    "and on the call of its __init__ returning it (normalize.records)",
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
