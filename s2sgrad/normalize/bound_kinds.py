"""The object kinds of locals bound by assignments, asked once per lowering.

``u2 = u1 * u1`` asks the kind of ``u1`` twice, and every statement of a straight-line
function asks about the names before it: each answer is kept until the facts it rests on
(the kinds and classes of names, the values bound to locals) change.
"""

from __future__ import annotations


class _Watched(dict):
    """A dict that calls ``changed()`` before each change of its items."""

    def __init__(self, items, changed):
        super().__init__(items)
        self._changed = changed

    def __setitem__(self, key, value):
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._changed()
        super().__delitem__(key)

    def _changing(method):
        def wrapped(self, *args, **kwargs):
            self._changed()
            return getattr(dict, method)(self, *args, **kwargs)

        wrapped.__name__ = method
        return wrapped

    update = _changing("update")
    pop = _changing("pop")
    popitem = _changing("popitem")
    setdefault = _changing("setdefault")
    clear = _changing("clear")
    __ior__ = _changing("__ior__")
    del _changing


def _watched(attr: str) -> property:
    """An attribute holding a :class:`_Watched` dict: assigning it, or changing its items,
    forgets the kinds found so far."""
    slot = "_" + attr

    def get(self):
        return getattr(self, slot)

    def put(self, value):
        self.forget_kinds()
        setattr(self, slot, _Watched(value, self.forget_kinds))

    return property(get, put)


def _object_class(kind):
    return kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None


class BoundKinds:
    """The kinds of bound locals (a mixin of :class:`~s2sgrad.normalize.lowering._Lowering`,
    which answers ``static_object_kind``)."""

    object_kinds = _watched("object_kinds")  # name -> its object kind, where it says more
    classes = _watched("classes")  # name -> the user class of the object it holds
    single_defs = _watched("single_defs")  # local name -> the values its assignments bind
    argument_kinds = _watched("argument_kinds")  # rebound parameter -> its argument's kind

    def init_bound_kinds(self) -> None:
        self.seen_defs: set[str] = set()  # the names asked about now, outermost first
        self.assumed_kinds: set[str] = set()  # names whose kind bound_kind assumes now
        self.kind_cuts = 0  # how often bound_kind met a name it is still asking about
        self.bound_memo: dict = {}
        self.object_kinds, self.classes, self.single_defs, self.argument_kinds = {}, {}, {}, {}

    def forget_kinds(self) -> None:
        """Forget the kinds found: what they rest on changes now."""
        self.bound_memo = {}

    def cut_kind(self) -> None:
        """Count a name met inside its own question (``p = p + v``)."""
        self.kind_cuts += 1

    def bound_kind(self, var):
        """The kind of what every assignment binds the local ``var`` to, or None. A name
        rebound from its own value (``p = Vec(x, y)``, then ``p = p + v * dt``) has the
        kind of its other values when, given that kind, every value has it. An answer that
        no cycle cut short is kept while the facts stay as they are."""
        key = (var, frozenset(self.assumed_kinds))
        if key in self.bound_memo:
            return self.bound_memo[key]
        cuts = self.kind_cuts
        kind = self._bound_kind(var)
        if self.kind_cuts == cuts:  # no name was cut short as its own question's
            self.bound_memo[key] = kind
        return kind

    def _bound_kind(self, var):
        values = self.single_defs[var]
        self.seen_defs.add(var)
        try:
            kinds = {self.static_object_kind(v) for v in values}
            if var in self.argument_kinds:  # a parameter: the argument's kind, then these
                kinds.add(self.argument_kinds[var])
            if len(kinds) == 1:
                return kinds.pop()
            if len(kinds) != 2 or None not in kinds:
                return None  # no values, or values of several kinds
            (seed,) = kinds - {None}
            if _object_class(seed) is None:
                return None
            # the assumption, checked on every value: the answers found under it are kept
            # under its name in their keys, the others stay true once it is dropped
            dict.__setitem__(self.object_kinds, var, seed)
            self.assumed_kinds.add(var)
            try:
                again = [self.static_object_kind(v) for v in values]
            finally:
                dict.__delitem__(self.object_kinds, var)
                self.assumed_kinds.discard(var)
            return seed if all(k == seed for k in again) else None
        finally:
            self.seen_defs.discard(var)
