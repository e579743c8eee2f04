"""Methods that change their object: ``self.coef_ = theta[:-1]`` in a ``set_params``
called from the differentiated code. Such a method is a callee that returns its object
after its result, each ``self.a = v`` a new value of ``self`` (as in the ``__init__`` of
an object made in the function, :mod:`.records`); the call site binds the object back:

    self.set_params(theta)    ->    set_params_returned = self.__class__.set_params(self, theta)
                                    self = set_params_returned[1]

    def set_params(self, t):        def set_params(self, t):
        self.coef_ = t[:-1]              self = object_with(self, 'coef_', t[:-1])
                                         return (None, self)

``self.coef_`` read afterwards (here or in ``self.predict(X)``) is then the field of the
new object, and the derivative flows back to ``theta`` in every mode. The primal call
is ``changed_by(method)(obj, ...)``, which runs the method on a copy of the object and
returns the copy after the result. An object the differentiated function reads from
outside (a module-level model, the object of a bound method) is followed the same way in
a local of the function (:func:`track_outside_objects`), and its attributes are written
back to it when the function returns (``outside_state``), as a call of the function
leaves them.
"""

from __future__ import annotations

import inspect
import types

import gast

from .. import anno, runtime
from ..errors import TransformError, UnsupportedSyntaxError
from ..parsing import _MISSING, parse_function
from ..syntax import assign, call, const, name, walk
from .changed import own_nodes
from .kinds import common_item_kind, object_kind, sub_kind
from .other_readers import (
    _ARGUMENT,
    _Argument,
    _check_other_readers,
    _check_single_reference,
    _class_of_found,
    _free,
    _user_object_call,
    _user_value,
)
from .records import _check_init_node, made_class, made_kind, store_attribute
from .tables import _describe, _is_user_class

_MEMO: dict = {}  # (class, code) -> does the method change its object


def changes_self(cls, fn, kind=None) -> bool:
    """Does the method ``fn`` of ``cls`` assign attributes of its first parameter, itself
    or through other methods of ``cls`` it calls on it (``self.set_params(w)``)? ``kind``:
    the object's kind where the caller knows it (the objects its ``__init__`` was given),
    else what ``__init__`` makes (:func:`~.records.made_kind`)."""
    return _changes(cls, fn, set(), kind)


def _changes(cls, fn, active: set, kind=None) -> bool:
    if not isinstance(fn, types.FunctionType) or not fn.__code__.co_argcount:
        return False
    kind = _object_kind(cls, kind)
    key = (cls, fn.__code__, kind)
    if key in _MEMO:
        return _MEMO[key]
    if key in active:
        return False  # recursion: its own assignments are found at the outer call
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return False  # no source: the call is an error where it is lowered
    me = (node.args.posonlyargs + node.args.args)[0].id
    active.add(key)
    try:
        found = any(_changes_at(n, cls, me, active, kind) for n in own_nodes(node.body))
    finally:
        active.discard(key)
    if found or not active:  # a False found inside a recursion cut short may be partial
        _MEMO[key] = found
    return found


def _object_kind(cls, kind):
    """``kind`` if it is one of an object of ``cls`` that says its attributes, else the
    kind ``cls.__init__`` makes."""
    if isinstance(kind, tuple) and kind[0] == "object" and kind[1] is cls and len(kind) > 2:
        return kind
    return made_kind(cls)


def _changes_at(n, cls, me: str, active: set, kind=None) -> bool:
    """Does the node ``n`` of a method of ``cls`` (its object ``me``, of ``kind``) assign
    an attribute of ``me``, or call a method that changes ``me`` or an object it holds?"""
    if _is_attribute_of(n, me) and isinstance(n.ctx, gast.Store):
        return True
    if isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute):
        owner, sub = _receiver(cls, n.func.value, me, kind)  # self.m(), self.bn.forward()
        method = inspect.getattr_static(owner, n.func.attr, None) if owner else None
        return _changes(owner, method, active, sub)
    if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id == me:
        return _changes(cls, inspect.getattr_static(cls, "__call__", None), active, kind)
    return bool(_changed_list(n, cls, me, active, kind))


def _changed_list(n, cls, me: str, active: set, kind=None):
    """The attribute of ``me`` for the loop ``n`` (``for layer in self.layers``, also in
    ``enumerate``) over a list of objects (as ``kind`` says) whose methods its body calls
    to change them (see :mod:`.changed_items`); else None."""
    if not isinstance(n, gast.For):
        return None
    it, target = n.iter, n.target
    if (
        isinstance(it, gast.Call)
        and isinstance(it.func, gast.Name)
        and it.func.id in ("enumerate", "zip")
        and it.args
        and isinstance(target, gast.Tuple)
        and len(target.elts) == (2 if it.func.id == "enumerate" else len(it.args))
    ):  # for i, layer in enumerate(self.layers); for layer, p in zip(self.layers, ps)
        pairs = [(it.args[0], target.elts[1])] if it.func.id == "enumerate" else []
        pairs += list(zip(it.args, target.elts)) if it.func.id == "zip" else []
        it, target = next(((a, t) for a, t in pairs if _is_attribute_of(a, me)), (it, target))
    if not (_is_attribute_of(it, me) and isinstance(target, gast.Name)):
        return None
    held = sub_kind(_object_kind(cls, kind), it.attr)
    if not (isinstance(held, tuple) and held[0] in ("items", "each")):
        return None
    for k in held[2] if held[0] == "items" else (held[1],):
        if isinstance(k, tuple) and k[0] == "object" and _is_user_class(k[1]):
            if any(_changes_at(m, k[1], target.id, active, k) for m in own_nodes(n.body)):
                return it.attr
    return None


def _receiver(cls, node, me: str, kind=None):
    """The class and kind of the object ``node`` is in a method of ``cls`` (of ``kind``)
    whose object is ``me``: ``cls`` for ``me``, the class ``kind`` (or ``__init__``)
    gives an attribute for ``me.a``; else ``(None, None)``."""
    if isinstance(node, gast.Name) and node.id == me:
        return cls, kind
    if _is_attribute_of(node, me):
        held = sub_kind(_object_kind(cls, kind), node.attr)
        if isinstance(held, tuple) and held[0] == "object" and _is_user_class(held[1]):
            return held[1], held
    return None, None


def _receiver_class(cls, node, me: str):
    """The class of :func:`_receiver`."""
    return _receiver(cls, node, me)[0]


def attribute_owner(low, node) -> str | None:
    """``self`` for ``self.bn.forward(x)`` where ``self`` is an object the function
    follows (:func:`_followed`): the call's change of ``self.bn`` is then a change of
    ``self`` too; else None."""
    func = node.func
    if (
        isinstance(func, gast.Attribute)
        and isinstance(func.value, gast.Attribute)
        and isinstance(func.value.value, gast.Name)
        and _followed(low, func.value.value)
    ):
        return func.value.value.id
    return None


def _is_attribute_of(node, me: str) -> bool:
    return (
        isinstance(node, gast.Attribute)
        and isinstance(node.value, gast.Name)
        and node.value.id == me
    )


def returning_self(fn: gast.FunctionDef, spec, info, classes=None) -> str | None:
    """For a method its caller calls for its change of the object (``("self_changes",)``
    in ``spec``): make every ``return v`` return ``(v, self)`` (in place); the name of
    ``self``, else None."""
    if not any(e[0] == "self_changes" for e in spec):
        return None
    me = (fn.args.posonlyargs + fn.args.args)[0].id
    cls = (classes or {}).get(me)
    check_plain_uses(fn.body, me, info, "the object the method changes", cls)
    for node in own_nodes(fn.body):  # not the returns of its local defs
        if isinstance(node, gast.Return):
            value = node.value if node.value is not None else const(None)
            node.value = gast.copy_location(
                gast.Tuple(elts=[value, name(me)], ctx=gast.Load()), node
            )
    if not fn.body or not isinstance(fn.body[-1], gast.Return):
        end = gast.Return(value=gast.Tuple(elts=[const(None), name(me)], ctx=gast.Load()))
        fn.body.append(gast.copy_location(end, fn.body[-1]) if fn.body else end)
    return me


def followable(low, obj, node) -> bool:
    """Can the object ``obj`` (an atom) of the call ``node`` of a method that changes it be
    bound to the object the method returns? A local of the function or a temporary made
    by a constructor (``Net(3).fit(w)``), not a parameter (an object of the caller's: its
    change stays an error at the method's line) unless the function follows it already
    (the object of a method called for its change, of an ``__init__``, of the outside)."""
    if not isinstance(obj, gast.Name):
        return False
    if _followed(low, obj) or attribute_owner(low, node) is not None:
        return True
    if obj.id in low.own_params:
        return False
    given = node.func.value if isinstance(node.func, gast.Attribute) else node.args[0]
    return obj.id in low.locals or (isinstance(given, gast.Call) and obj.id in low.fresh.generated)


def _followed(low, obj) -> bool:
    return obj.id in (low.changed_self, low.init_self) or obj.id in low.followed


def self_changing_call(low, obj, fn, args, keywords, call_node, node, hint):
    """``obj.m(args)`` (or ``Cls.m(obj, args)``) of a method that changes ``obj``
    (:func:`changes_self`): the call returning the object after its result, ``obj``
    bound to it (and, for ``self.bn.forward(x)``, ``self`` to a copy holding it); the
    result's node."""
    method = fn.__name__
    owner = attribute_owner(low, node)
    followed = _followed(low, obj) or owner is not None
    used = not (isinstance(low.current, gast.Expr) and low.current.value is node)
    if used and _returns_self(fn):  # fitted = model.set_params(w): another name for it
        raise low.info.error(
            node,
            f"{method}() returns the object it changes, and a second name for the object "
            "would keep it as it was before its next change",
            f"call {method}() as a statement and go on using {_text(obj)}",
            UnsupportedSyntaxError,
        )
    anno.set(call_node, "self_changes", True)
    out = low.make_call(fn, args, keywords, call_node, hint)
    returned = low.bind(out, f"{method.strip('_') or 'call'}_returned").id
    item = gast.Subscript(value=name(returned), slice=const(1), ctx=gast.Load())
    rebound = assign(obj.id, gast.copy_location(item, node))
    if not followed:  # an object made here: validate rejects aliases of obj
        anno.set(rebound, "inplace", f".{method}()")
    low.emit(rebound, node)
    if owner is not None:  # self.bn changed: self = object_with(self, 'bn', bn)
        target = gast.Attribute(value=name(owner), attr=node.func.value.attr, ctx=gast.Store())
        store_attribute(low, gast.copy_location(target, node), name(obj.id), low.current)
    return gast.copy_location(
        gast.Subscript(value=name(returned), slice=const(0), ctx=gast.Load()), node
    )


def _returns_self(fn) -> bool:
    """Does a ``return`` of the method ``fn`` return its first parameter?"""
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return False
    me = (node.args.posonlyargs + node.args.args)[0].id
    return any(
        isinstance(n, gast.Return) and isinstance(n.value, gast.Name) and n.value.id == me
        for n in own_nodes(node.body)
    )


def check_plain_uses(stmts, var: str, info, what: str, cls=None, kind=None) -> None:
    """``var`` (an object whose methods change it, followed as a new value at each change)
    may be read for its attributes and methods, given as the first argument of a call
    and returned; any other read could keep the object as it was before a change. So may
    an attribute of it (of class ``cls``, ``kind``) holding an object its methods change
    through it (``self.bn.forward(x)``, :func:`changed_holdings`): ``bn = model.bn``
    would keep ``bn`` as it was."""
    parents = {}
    module = gast.Module(body=stmts, type_ignores=[])
    for node in walk(module):
        for child in gast.iter_child_nodes(node):
            parents[child] = node
    for node in walk(module):
        if not (isinstance(node, gast.Name) and node.id == var):
            continue
        parent = parents.get(node)
        if isinstance(parent, gast.Attribute) and _is_user_class(cls):
            _check_held_uses(parent, parents, (cls, kind), var, info)
        if isinstance(node.ctx, gast.Store) or isinstance(parent, gast.Attribute):
            continue  # model = ... is checked elsewhere; model.coef_, model.fit(...)
        if isinstance(parent, gast.Return) or (
            isinstance(parent, gast.Call)
            and (parent.func is node or (parent.args and parent.args[0] is node))
        ):
            continue  # return model, model(x) of its __call__, f(model, ...)
        raise info.error(
            node,
            f"{var} ({what}) is used here as a value, which could keep it as it was "
            "before a method changed it",
            f"read its attributes ({var}.a) or call its methods, and pass it to a function "
            "as the first argument only",
            UnsupportedSyntaxError,
        )


def _check_held_uses(node, parents, owner, var: str, info) -> None:
    """``node`` (``var.a``, ``var.a.b``...) read as a value where ``a`` holds an object
    that methods of ``owner`` (class, kind) change through it: an error; ``var.a.m(x)``
    and ``var.a.w`` (a method, an attribute of the held object not itself such an
    object) are reads."""
    text = f"{var}.{node.attr}"
    while owner is not list and node.attr in changed_holdings(*owner):
        owner = changed_holdings(*owner)[node.attr]
        parent = parents.get(node)
        if owner is list and _list_read(node, parents):
            return  # for layer in self.layers, len(self.layers), self.layers[0].W
        if isinstance(parent, gast.Attribute) and parent.value is node:
            node, text = parent, f"{text}.{parent.attr}"
            continue
        if isinstance(node.ctx, gast.Store):
            return  # model.bn = BN(): a new object in the attribute
        raise info.error(
            node,
            f"{text} holds an object that the methods of {var} change through it, and a "
            "second name for it would keep it as it was before the change",
            f"read its attributes ({text}.a) or call its methods through {text}",
            UnsupportedSyntaxError,
        )


def _list_read(node, parents) -> bool:
    """Is ``node`` (a list of objects changed in loops over it) read by a loop over it
    (``enumerate`` of it too), by ``len``, or for an attribute of one item?"""
    parent = parents.get(node)
    if isinstance(parent, gast.Call) and parent.args and parent.args[0] is node:
        if isinstance(parent.func, gast.Name) and parent.func.id == "len":
            return True
        node, parent = parent, parents.get(parent)  # enumerate(self.layers)
    if isinstance(parent, gast.Subscript) and isinstance(parent.slice, gast.Slice):
        node, parent = parent, parents.get(parent)  # for layer in self.layers[:-1]
    if isinstance(parent, (gast.For, gast.comprehension)) and parent.iter is node:
        return True  # read item by item as the loop runs, after the changes before it
    return (
        isinstance(parent, gast.Subscript)
        and isinstance(parent.slice, gast.Constant)
        and isinstance(parents.get(parent), gast.Attribute)
    )


_HOLDINGS: dict = {}  # (class, kind) -> {attribute: (class, kind) of what it holds}


def changed_holdings(cls, kind=None) -> dict:
    """``{attribute: (class, kind)}`` of the attributes of ``cls`` (as ``kind``, or its
    ``__init__``, makes them) holding an object that a method of ``cls`` changes through
    the attribute (``self.bn.forward(x)`` of a ``forward`` that sets ``self.mean``);
    ``list`` for a list of objects a loop changes (``for layer in self.layers:
    layer.forward(x)``)."""
    kind = _object_kind(cls, kind)
    if (cls, kind) in _HOLDINGS:
        return _HOLDINGS[cls, kind]
    _HOLDINGS[cls, kind] = out = {}
    for klass in cls.__mro__:
        if klass is object or not _user_value(klass):
            continue
        for fn in vars(klass).values():
            if not isinstance(fn, types.FunctionType) or not fn.__code__.co_argcount:
                continue
            try:
                node, _ = parse_function(fn)
            except TransformError:
                continue
            me = (node.args.posonlyargs + node.args.args)[0].id
            for n in own_nodes(node.body):
                listed = _changed_list(n, cls, me, set(), kind)
                if listed is not None:  # for layer in self.layers: layer.forward(x)
                    out.setdefault(listed, list)
                if (
                    isinstance(n, gast.Call)
                    and isinstance(n.func, gast.Attribute)
                    and _is_attribute_of(n.func.value, me)
                ):
                    owner, sub = _receiver(cls, n.func.value, me, kind)
                    method = inspect.getattr_static(owner, n.func.attr, None) if owner else None
                    if owner is not None and changes_self(owner, method, sub):
                        out.setdefault(n.func.value.attr, (owner, sub))
    return out


def read_back_changed(low, node, hint):
    """``changed_by(Cls.m)(obj, ...)`` of generated code read back (forward over reverse):
    the call of the method it was made from, returning the object after its result as
    before (its caller binds the object itself); None for any other call."""
    func = node.func
    if not (
        isinstance(func, gast.Call)
        and len(func.args) == 1
        and low.info.filename.startswith("<s2sgrad ")  # a name reserved there
        and low.resolve_call(func) is runtime.changed_by
        and node.args
    ):
        return None
    inner = func.args[0]
    fn = _MISSING
    if (  # obj.__class__.m
        isinstance(inner, gast.Attribute)
        and isinstance(inner.value, gast.Attribute)
        and inner.value.attr == "__class__"
        and isinstance(inner.value.value, gast.Name)
    ):
        cls = _local_class(low, inner.value.value.id)
        fn = inspect.getattr_static(cls, inner.attr, _MISSING) if cls is not None else _MISSING
    elif isinstance(inner, (gast.Name, gast.Attribute)):
        fn = low.free_value(inner)
    if not isinstance(fn, types.FunctionType):
        raise low.info.error(
            node,
            "cannot tell which method changes the object here",
            "differentiate the function once, not a derivative of it",
            UnsupportedSyntaxError,
        )
    if isinstance(node.args[0], gast.Name):
        _local_class(low, node.args[0].id)  # known to the calls of its methods after this
    made = gast.copy_location(gast.Call(func=inner, args=node.args, keywords=node.keywords), node)
    anno.set(made, "self_changes", True)
    return low.make_call(fn, node.args, node.keywords, made, hint)


def _local_class(low, var: str):
    """The class of the object the local ``var`` holds: the lowering's, else that of the
    object of the free name it is bound to (``model = MODEL`` read back)."""
    if var in low.classes:
        return low.classes[var]
    if var in low.rebound_params:
        return low.rebound_params[var]
    for value in low.assigned_values.get(var, ()):
        cls = None
        if isinstance(value, gast.Name):
            found = low.free_value(value)
            cls = type(found) if found is not _MISSING else None
        elif _field_read(low, value) is not None:  # bn = tree_field(self, 'bn'), self.bn
            owner, attr = _field_read(low, value)
            cls = _receiver_class(
                _local_class(low, owner),
                gast.Attribute(value=name(owner), attr=attr, ctx=gast.Load()),
                owner,
            )
        elif isinstance(value, gast.Call) and low.resolve_call(value) is runtime.outside_copy:
            given = value.args[0] if value.args else None
            found = low.free_value(given) if given is not None else _MISSING
            cls = type(found) if found is not _MISSING else None  # acc = outside_copy(ACC)
            if cls is None and isinstance(given, gast.Name):  # of a parameter
                cls = low.classes.get(given.id)
        elif isinstance(value, gast.Call):  # initialised(Acc)(acc_new) read back
            cls = made_class(low, value)
        elif isinstance(value, gast.Subscript):  # layer = layers[0] (changed_items)
            kind = _list_kind(low, value.value)
            if not isinstance(value.slice, gast.Constant):
                kind = ("items", list, (common_item_kind(kind),))
            kind = sub_kind(kind, getattr(value.slice, "value", 0))
            cls = kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None
        if cls is not None and _is_user_class(cls):
            low.classes[var] = cls
            return cls
    return None


def _list_kind(low, seq):
    """The kind of the list ``seq``, or of the first display a local ``seq`` is bound to
    (``layers = [...]``, later ``layers = layers_items``: see :mod:`.changed_items`)."""
    kind = low.static_object_kind(seq)
    if kind is None and isinstance(seq, gast.Name):
        for value in low.assigned_values.get(seq.id, ()):
            kind = low.static_object_kind(value)
            field = _field_read(low, value)  # layers = tree_field(self, 'layers')
            if kind is None and field is not None and _local_class(low, field[0]):
                owner = low.given_kinds.get(field[0])  # the kind the caller gave self
                owner = _object_kind(_local_class(low, field[0]), owner)
                kind = sub_kind(owner, field[1])
            if kind is not None:
                break
    return kind


def rebound_parameters(body, classes: dict, params) -> dict:
    """``{parameter: class}`` for the parameters of generated code (read back) holding an
    object of a user class that the code rebinds only to new values of the object:
    ``self = set_params_returned[1]``, ``self = self_with_W`` (see :func:`_local_class`)."""
    out = {p: c for p, c in classes.items() if p in params and _is_user_class(c)}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Assign):
            for t in node.targets:
                if isinstance(t, gast.Name) and t.id in out and not _new_value(node.value):
                    del out[t.id]
        elif isinstance(node, (gast.AugAssign, gast.For)) and isinstance(node.target, gast.Name):
            out.pop(node.target.id, None)
    return out


def _new_value(value) -> bool:
    return isinstance(value, gast.Name) or (
        isinstance(value, gast.Subscript)
        and isinstance(value.value, gast.Name)
        and isinstance(value.slice, gast.Constant)
        and value.slice.value == 1
    )


def changed_locals(low, body, params) -> dict:
    """``{local: (class, kind)}`` of the locals of ``body`` (objects made in the function,
    ``m = Logistic()``) on which it calls a method that changes them (``m.set_params(w)``),
    after checking that they are read only for their attributes and methods
    (:func:`check_plain_uses`)."""
    out = {}
    for n in own_nodes(body):
        if not isinstance(n, gast.Call):
            continue
        obj, method = n.func, "__call__"  # net(X) of its __call__
        if isinstance(obj, gast.Attribute):
            obj, method = obj.value, obj.attr  # net.fit(w)
        if (
            isinstance(obj, gast.Name)
            and obj.id in low.classes
            and obj.id not in params
            and _is_user_class(low.classes[obj.id])
        ):
            cls = low.classes[obj.id]
            kind = low.static_object_kind(obj)  # the objects given to __init__
            if changes_self(cls, inspect.getattr_static(cls, method, None), kind):
                out[obj.id] = (cls, kind)
    for var, (cls, kind) in sorted(out.items()):
        check_plain_uses(body, var, low.info, "an object a method of it changes", cls, kind)
    return out


def check_outside_change(low, method, node, owner) -> None:
    """``MODEL.fit(w)`` of a method ``method`` that changes ``MODEL`` (``owner``), an
    object read from outside a function the differentiated one calls, or called through a
    name bound to the method (``fit = MODEL.fit``): an error (the differentiated function
    follows such an object where it calls the method on its name,
    :func:`track_outside_objects`)."""
    if changes_self(type(method.__self__), method.__func__):
        raise low.info.error(
            node,
            f"{method.__func__.__name__}() changes the attributes of {_text(owner)}, an "
            "object read from outside the function, which s2sgrad follows only where the "
            "differentiated function reads it by a name (MODEL.fit(w)) and calls the method",
            f"call the method in the differentiated function on a name of its own, or "
            f"pass {_text(owner)} to this function as its first argument",
            UnsupportedSyntaxError,
        )


def check_self_change(node, me: str, info) -> None:
    """The checks of an ``__init__`` of an object made in the function
    (:func:`~s2sgrad.normalize.records.init_self`) for a method changing its object
    ``me``."""
    _check_init_node(node, me, info, "the object the method changes")


def read_back_classes(low) -> None:
    """The classes of the locals of generated code read back that hold objects of user
    classes followed through changes (``acc = outside_copy(ACC)``, ``inner =
    tree_field(self, 'inner')`` of a ``self`` of known class, rebound only to new values
    of themselves), for the calls of their methods."""
    for _ in range(2):  # inner = tree_field(self, 'inner') after self's own class
        for var, values in low.assigned_values.items():
            if var in low.classes or var in low.own_params:
                continue
            plain = [v for v in values if not _new_value(v)]
            if plain and len(plain) == 1:
                _local_class(low, var)


def _field_read(low, value):
    """``(owner, attr)`` of ``owner.attr`` or ``tree_field(owner, 'attr')`` read back, of
    a local ``owner``; else None."""
    if isinstance(value, gast.Attribute) and isinstance(value.value, gast.Name):
        return value.value.id, value.attr
    if (
        isinstance(value, gast.Call)
        and low.resolve_call(value) is runtime.tree_field
        and len(value.args) == 2
        and isinstance(value.args[0], gast.Name)
        and isinstance(value.args[1], gast.Constant)
    ):
        return value.args[0].id, value.args[1].value
    return None


def changes_argument(low, fn, node) -> bool:
    """Is ``node`` a call ``fn(obj, ...)`` of a user function that changes the attributes
    of its first argument, an object of a user class held in a local (``method(self,
    w)`` of a bound method's wrapper, ``Model.step(model, w)``)?"""
    return (
        isinstance(fn, types.FunctionType)
        and bool(node.args)
        and isinstance(node.args[0], gast.Name)
        and node.args[0].id in low.classes
        and changes_self(low.classes[node.args[0].id], fn)
        and followable(low, node.args[0], node)
    )


def _text(node) -> str:
    return _describe(node).strip("'")


def outside_receivers(fn: gast.FunctionDef, info, params, classes=None) -> dict:
    """``{name: object}`` for the free names of ``fn`` (a module-level model, the object
    of a bound method) holding an object of a user class on which ``fn`` calls a method
    that changes it (:func:`changes_self`), and for its parameters of such a class
    (``classes``: the caller's objects), ``{name: _ARGUMENT}``."""
    classes = classes or {}
    assigned = {
        n.id for n in walk(fn) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
    }
    out = {}
    for n in own_nodes(fn.body):
        loop = _outside_loop(n, info, params, classes, assigned)
        if loop is not None and loop[0] not in out:  # for layer in NET.layers: layer.W = W
            out[loop[0]] = loop[1]
        if not isinstance(n, gast.Call):
            continue
        func = n.func
        if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
            var, method = func.value.id, func.attr  # MODEL.objective(w)
        elif isinstance(func, gast.Name) and _user_object_call(info, func.id):
            var, method = func.id, "__call__"  # NET(params, x) of a callable object
        elif isinstance(func, gast.Name) and n.args and isinstance(n.args[0], gast.Name):
            var, method = n.args[0].id, func.id  # method(self, w) of a bound method's wrapper
        else:
            continue
        if var in assigned or var in out:
            continue
        if var in params:  # loss(w, model): an object the caller gives
            cls, value = classes.get(var), _ARGUMENT
        else:
            value = _free(info, var)
            cls = type(value) if value is not _MISSING else None
        if not _is_user_class(cls):
            continue
        if isinstance(func, gast.Attribute) or method == "__call__":
            method = inspect.getattr_static(cls, method, None)
        else:
            method = _free(info, method)
        if value is _ARGUMENT:
            kind = getattr(classes, "kinds", {}).get(var)  # the caller's object's
        else:
            kind = object_kind(value)
        if changes_self(cls, method, kind):
            out[var] = value if value is not _ARGUMENT else _Argument(cls, kind)
    return out


def _outside_loop(n, info, params, classes, assigned):
    """``(name, object)`` for a loop ``n`` of the differentiated function over a list an
    outside object (or an argument) holds whose items its body changes
    (:func:`_changed_list`); else None."""
    if not isinstance(n, gast.For):
        return None
    for var in sorted({m.id for m in walk(n.iter) if isinstance(m, gast.Name)} - assigned):
        if var in params:
            cls, value = classes.get(var), None
            kind = getattr(classes, "kinds", {}).get(var)
        else:
            value = _free(info, var)
            cls = type(value) if value is not _MISSING else None
            kind = object_kind(value) if value is not _MISSING else None
        if _is_user_class(cls) and _changed_list(n, cls, var, set(), kind) is not None:
            return var, (value if value is not None else _Argument(cls, kind))
    return None


def _owned_parts(value, kind, depth: int = 0) -> list:
    """The objects (and lists of them) that a followed ``value`` (or, for an argument,
    the classes of those) holds in attributes its methods change through
    (:func:`changed_holdings`): other names for them would see Python's change in place."""
    cls = _class_of_found(value)
    out: list = []
    if depth > 3:
        return out
    for attr, held in sorted(changed_holdings(cls, kind).items()):
        sub = sub_kind(_object_kind(cls, kind), attr)
        if isinstance(value, _Argument):
            if held is list:
                items = sub[2] if sub[0] == "items" else (sub[1],)
                out += [k[1] for k in items if isinstance(k, tuple) and k[0] == "object"]
            else:
                out.append(held[0])
            continue
        part = getattr(value, attr, None)
        if part is None:
            continue
        out.append(part)
        parts = list(part) if held is list and isinstance(part, (list, tuple)) else [part]
        for p in parts:
            if held is list:
                out.append(p)
            out += _owned_parts(p, object_kind(p), depth + 1)
    return out


def track_outside_objects(fn: gast.FunctionDef, info, params, names, classes=None) -> dict:
    """Follow the objects :func:`outside_receivers` finds in locals of ``fn`` (in place):
    ``model = MODEL`` first, every read of ``MODEL`` a read of ``model``. ``{local:
    (free name, class)}``, for :func:`written_back`."""
    found = outside_receivers(fn, info, set(params), classes)
    if not found:
        return {}
    parts = {var: _owned_parts(value, _found_kind(value)) for var, value in found.items()}
    _check_single_reference(fn, info, found, parts)
    _check_other_readers(fn, info, found, parts)
    for var, value in found.items():
        what = "an object the function's calls change"
        check_plain_uses(fn.body, var, info, what, _class_of_found(value), _found_kind(value))
    out = {}
    body = fn.body
    doc = body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant)
    for var, value in sorted(found.items()):
        local = names(var.strip("_").lower() or "obj")
        for n in walk(gast.Module(body=body, type_ignores=[])):
            if isinstance(n, gast.Name) and n.id == var:
                n.id = local
        first = gast.copy_location(assign(local, name(var)), body[1 if doc else 0])
        body.insert(1 if doc else 0, first)
        out[local] = (var, _class_of_found(value))
    return out


def _found_kind(value):
    return value.kind if isinstance(value, _Argument) else object_kind(value)


def written_back(body: list, followed: dict) -> None:
    """Before the return that ends the lowered ``body``, ``outside_state(MODEL, model)``
    for each object :func:`track_outside_objects` followed: the attributes the calls
    changed, written back to the object."""
    if not followed:
        return
    for stmt in body:  # model = MODEL: a copy of it, which the write-back leaves alone
        if (
            isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id in followed
            and isinstance(stmt.value, gast.Name)
            and stmt.value.id == followed[stmt.targets[0].id][0]
        ):
            copy = gast.copy_location(call(name("outside_copy"), stmt.value), stmt.value)
            anno.set(copy, "fn", runtime.outside_copy)
            stmt.value = copy
    ret = body[-1]
    assert isinstance(ret, gast.Return) and not any(
        isinstance(n, gast.Return) for n in own_nodes(body[:-1])
    ), "a lowered body returns at its end only"
    for local, (var, _) in followed.items():
        write = gast.copy_location(call(name("outside_state"), name(var), name(local)), ret)
        anno.set(write, "fn", runtime.outside_state)
        body.insert(len(body) - 1, gast.copy_location(gast.Expr(value=write), ret))
