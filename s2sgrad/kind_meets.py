"""What the kinds of values say together (:mod:`s2sgrad.activity`): the meet of the
kinds of a name's values, and a kind without the constants it records."""

from __future__ import annotations

UNKNOWN = "unknown"  # a value of a name whose kind no assignment says


def _meet(a, b):
    """What the kinds ``a`` and ``b`` of two values of a name both say: the same kind, or,
    for objects of one class (lists of such objects), the facts they share (a changed
    attribute's constant dropped, ``self = object_with(self, 'W', W)``)."""
    if a is None:
        return b
    if b is None:
        return a
    if a == b:
        return a
    if not (isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0]):
        return UNKNOWN
    if a[0] in ("object", "items") and a[1] is not b[1]:
        return UNKNOWN
    if a[0] == "object":
        fa, fb = dict(a[2]) if len(a) > 2 else {}, dict(b[2]) if len(b) > 2 else {}
        shared = [(f, _meet(fa[f], fb[f])) for f in sorted(set(fa) & set(fb))]
        shared = [(f, k) for f, k in shared if k != UNKNOWN]
        return a[:2] + (tuple(shared),) if shared else a[:2]
    if a[0] == "items" and len(a[2]) == len(b[2]):
        items = tuple(_meet(x, y) for x, y in zip(a[2], b[2]))
        return UNKNOWN if UNKNOWN in items else ("items", a[1], items)
    if a[0] == "each":
        item = _meet(a[1], b[1])
        return UNKNOWN if item == UNKNOWN else ("each", item)
    return UNKNOWN


def _unflagged(kind):
    """``kind`` without the constants and attribute names it records (of its objects,
    and of the objects they hold): only their classes."""
    if not isinstance(kind, tuple):
        return kind
    if kind[0] == "items":
        return ("items", kind[1], tuple(_unflagged(k) for k in kind[2]))
    if kind[0] == "each":
        return ("each", _unflagged(kind[1]))
    if kind[0] == "object" and len(kind) > 2:
        kept = tuple((a, _unflagged(k)) for a, k in kind[2] if k[0] not in ("const", "names"))
        return kind[:2] + (kept,) if kept else kind[:2]
    return kind
