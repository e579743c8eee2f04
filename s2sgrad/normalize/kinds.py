"""What the lowering knows of the objects a function receives: their kinds (the class of
an object, the objects in its attributes, a list's items), method calls resolved by them,
and loops over lists of objects of several classes made once per item.

    for layer in layers:               layer = layers[0]
        h = layer.forward(h)     ->    h = layer.__class__.forward(layer, h)
                                       layer_2 = layers[1]
                                       h = layer_2.__class__.forward(layer_2, h)
"""

from __future__ import annotations

import inspect
import types

import gast
import numpy as np

from .. import anno, runtime
from ..kind_meets import _unflagged
from ..parsing import _MISSING
from ..syntax import assign, clone, const, int_constant, walk
from .folds import constant_fields, exact_types, shared_flags
from .made_kinds import made_kind_at, method_result_class
from .object_lists import comprehension_of_objects, returned_items_class
from .object_zips import _loop_name, bind_zipped, zipped_object_loop, zipped_sources
from .operator_results import helper_result_kind, method_result_kind, operator_result_kind
from .records import made_class, made_kind, read_back_getter
from .tables import _is_user_class, _is_user_tree, _written


def object_kind(value, depth: int = 0):
    """The kind of a parameter holding an instance of a user class: ``("object", cls)``,
    so that its method calls resolve to the class's functions; ``("object", cls, fields)``
    when some of its attributes hold such objects (``fields``: ``(name, kind)`` pairs, in
    name order), so that ``self.parser.get(v)`` resolves too; ``("items", list, kinds)``
    for a list or tuple of them (one kind per item: a loop over objects of several
    classes is unrolled); None for anything else."""
    t = type(value)
    if isinstance(value, tuple) and isinstance(getattr(t, "_fields", None), tuple):
        return ("namedtuple", t)  # a tree like a tuple, whose fields p.w are its items
    if (t is list or t is tuple) and value and depth < _OBJECT_DEPTH:
        first = object_kind(value[0], depth + 1)
        if first is None or first[0] == "items":
            return None  # the common case first: a list of arrays
        items = [first] + [object_kind(v, depth + 1) for v in value[1:]]
        if any(k is None or k[0] == "items" for k in items):
            return None
        return ("items", t, tuple(items))
    if (
        isinstance(
            value,
            (
                list,
                tuple,
                dict,
                set,
                str,
                bytes,
                int,
                float,
                complex,
                np.ndarray,
                np.generic,
                type,
                types.ModuleType,
                types.FunctionType,
                types.MethodType,
            ),
        )
        or value is None
    ):
        return None
    module = getattr(t, "__module__", None)  # a descriptor for Cython's function type on 3.10
    library = module.split(".")[0] if isinstance(module, str) else ""
    if library in ("builtins", "numpy", "scipy", "s2sgrad"):
        return None
    if hasattr(t, "__dataclass_fields__") and not hasattr(value, "__dict__"):
        return ("object", t)  # a dataclass with __slots__: no instance attribute hides a method
    if not hasattr(value, "__dict__"):
        return None
    attrs = vars(value)
    if any(callable(getattr(t, k, None)) for k in attrs):
        return None  # an instance attribute hides a method of the class: not the class's
    if depth >= _OBJECT_DEPTH:  # its flags still (normalize.folds)
        return ("object", t, tuple(sorted(constant_fields(value, attrs))))
    fields = []
    for k in sorted(a for a in attrs if isinstance(a, str)):
        v = attrs[k]
        if isinstance(v, (np.ndarray, float, int, str)):
            continue  # the common case first: data, not objects
        if isinstance(v, (types.FunctionType, np.ufunc)):
            # self.act = np.tanh, self.f = lambda z: ...: a function stored on the object,
            # called as self.act(x); the derivative is made for this one
            fields.append((k, ("function", v)))
            continue
        sub = object_kind(v, depth + 1)
        if sub is not None and sub[0] in ("object", "items"):
            fields.append((k, sub))
    # bool, None and str attributes: a test of one folds (normalize.folds)
    fields = sorted(fields + constant_fields(value, attrs))
    return ("object", t, tuple(fields)) if fields else ("object", t)


# how deep object_kind looks into the attributes and items of an object
_OBJECT_DEPTH = 3


def sub_kind(kind, key):
    """The kind of attribute ``key`` (a str) or item ``key`` (an int) of a value of
    ``kind`` (see :func:`object_kind`), or None when the kind does not say."""
    if not isinstance(kind, tuple):
        return None
    if kind[0] == "object" and len(kind) > 2 and isinstance(key, str):
        return dict(kind[2]).get(key)
    if kind[0] == "items" and type(key) is int and -len(kind[2]) <= key < len(kind[2]):
        return kind[2][key]
    if kind[0] == "each" and type(key) is int:
        return kind[1]
    return None


def common_item_kind(kind):
    """The kind every item of a value of ``kind`` has (a list of objects of one kind): the
    flags they do not share (``Dense("tanh")``, ``Dense(None)``) left out. ``("each",
    kind)``: a list made by a comprehension of objects of one kind, of any length."""
    if isinstance(kind, tuple) and kind[0] == "each":
        return kind[1]
    if not (isinstance(kind, tuple) and kind[0] == "items"):
        return None
    if len(set(kind[2])) == 1:
        return kind[2][0]
    return shared_flags(kind[2])


def _items_kind(low, seq):
    """The kind of the list of objects ``seq``, without the constants it records of them
    where the function follows objects it changes (their attributes may have been set
    since: ``layer.W = W`` in a loop before)."""
    kind = low.static_object_kind(seq)
    return _unflagged(kind) if low.followed or low.changed_items else kind


def loop_targets(body, stores: dict) -> frozenset:
    """The names ``body`` binds only as the item of for loops and comprehensions (``for
    layer in xs``, also ``for i, layer in enumerate(xs)`` and ``for layer, p in zip(xs,
    ps)``), in more than one."""
    counts: dict = {}
    for n in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(n, (gast.For, gast.comprehension)):  # a comprehension's own scope
            targets = n.target.elts if isinstance(n.target, gast.Tuple) else [n.target]
            for t in targets:
                if isinstance(t, gast.Name):
                    counts[t.id] = counts.get(t.id, 0) + 1
    return frozenset(v for v, c in counts.items() if c > 1 and stores.get(v) == c)


class ObjectClasses(dict):
    """``{parameter: class}``, with ``kinds``: ``{parameter: kind}`` for the parameters whose
    kind says more than the class (the objects in its attributes, or its items), and
    ``types``: the exact types a parameter can have (:func:`~.folds.exact_types`)."""

    kinds: dict
    types: dict


def object_classes(kinds: dict) -> dict:
    """``{parameter: class}`` for the parameters of object kind in ``kinds``."""
    out = ObjectClasses(
        (p, k[1])
        for p, k in kinds.items()
        if isinstance(k, tuple) and k[0] in ("object", "namedtuple", "frozen", "dict")
    )
    out.kinds = {
        p: k
        for p, k in kinds.items()
        if isinstance(k, tuple) and (k[0] in ("items", "each") or (k[0] == "object" and len(k) > 2))
    }
    out.types = exact_types(kinds)
    return out


def _object_class(kind):
    """The class of an object kind, or None."""
    return kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None


# the hint of the error at a call of a user class that receives a differentiated value
USER_OBJECT_HINT = (
    "an object of a user class built from differentiated values (Model(params)) is "
    "differentiated when its class has an __init__ of its own in Python source, and no "
    "__slots__, __new__, __setattr__ or __getattr__: give it one, make the object outside "
    "and pass the values to its methods (model.loss(params, ...)), or use a dataclass or "
    "NamedTuple"
)


class ObjectKinds:
    """Object kind methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def static_object_kind(self, node):
        """The object kind (see :func:`~s2sgrad.normalize.tables.object_kind`) of ``node``,
        a name, an attribute chain or a constant item of one, when the kinds of the
        parameters or the values of the free names say it; else None."""
        if isinstance(node, gast.Name):
            if node.id in self.object_kinds:
                return self.object_kinds[node.id]
            if node.id in self.single_defs:
                if node.id not in self.seen_defs:
                    # layer = layers[0]: the kind of what every assignment binds it to
                    return self.bound_kind(node.id)
                self.cut_kind()  # p = p + v: asked again inside its own question
            if node.id in self.locals:
                return None
            value = self.free_value(node)
            return None if value is _MISSING else object_kind(value)
        if isinstance(node, gast.Attribute):
            return sub_kind(self.static_object_kind(node.value), node.attr)
        if isinstance(node, (gast.List, gast.Tuple)) and node.elts:  # [Lin(w), Lin(v)]
            items = tuple(self.static_object_kind(e) for e in node.elts)
            if any(k is None or k[0] == "items" for k in items):
                return None
            return ("items", list if isinstance(node, gast.List) else tuple, items)
        if (
            isinstance(node, gast.Call)
            and self.resolve_call(node) is runtime.tree_field
            and len(node.args) == 2
            and isinstance(node.args[1], gast.Constant)
        ):  # tree_field(self, 'first') read back: the kind of that attribute
            return sub_kind(self.static_object_kind(node.args[0]), node.args[1].value)
        if isinstance(node, (gast.BinOp, gast.UnaryOp)):  # p + v * dt of Vec objects
            return operator_result_kind(self, node)
        made = comprehension_of_objects(node)
        if made is not None:  # [Layer(p) for p in params]: items of one class
            item = self.static_object_kind(made)
            return ("each", item) if isinstance(item, tuple) and item[0] == "object" else None
        if isinstance(node, gast.Call):  # Cls(...), initialised(Cls)(...) read back
            cls = made_class(self, node)
            returned = method_result_kind(self, node) if cls is None else None
            if returned is not None:  # p.__class__.__add__(p, q) read back: what it returns
                return returned
            returned = self.method_result_class(node) if cls is None else None
            if returned is not None:  # system = system.step(dt) returning System(...)
                return made_kind(returned)
            if cls is None:  # flow = build_flow(params) returning [Layer(p) for ...]
                target = self.free_value(node.func)
                if all(k.arg for k in node.keywords) and not any(
                    isinstance(a, gast.Starred) for a in node.args
                ):
                    args = [self.operand_class(a) for a in node.args]
                    named = {k.arg: self.operand_class(k.value) for k in node.keywords}
                    returned = helper_result_kind(target, args, named)  # return p + v * dt
                    if returned is not None:
                        return returned
                items = returned_items_class(target, trees=True) if target is not _MISSING else None
                return None if items is None else ("each", made_kind(items))
            return self.made_kind_at(cls, node)
        if isinstance(node, gast.Subscript):
            whole = self.static_object_kind(node.value)
            if isinstance(node.slice, gast.Constant):
                return sub_kind(whole, node.slice.value)
            if int_constant(node.slice) is not None:  # layers[-1]
                return sub_kind(whole, int_constant(node.slice))
            if not isinstance(node.slice, (gast.Slice, gast.Tuple)):
                return common_item_kind(whole)  # layers[i] of a list of one kind
        return None

    def made_kind_at(self, cls, node):
        return made_kind_at(self, cls, node)  # made_kinds.py

    def method_result_class(self, node):
        return method_result_class(self, node)  # made_kinds.py

    def mark_item_kind(self, obj, kind) -> None:
        """Annotate the read ``obj = seq[k]`` just emitted with the item's kind."""
        last = self.out[-1] if self.out else None
        if (
            isinstance(obj, gast.Name)
            and isinstance(last, gast.Assign)
            and isinstance(last.targets[0], gast.Name)
            and last.targets[0].id == obj.id
            and isinstance(last.value, gast.Subscript)
        ):
            anno.set(last.value, "item_kind", kind)

    def read_back_method_call(self, node, hint):
        """``obj.__class__.f(obj, x)`` and ``obj.__class__.f.__func__(obj.__class__, x)`` (a
        classmethod): generated code read back (forward over reverse), the class known from
        the kinds; None for any other call."""
        func = node.func
        owner = func.value
        getter = read_back_getter(self, node, hint)  # obj.__class__.p.fget(obj)
        if getter is not None:
            return getter
        if (
            func.attr == "__func__"
            and isinstance(owner, gast.Attribute)
            and isinstance(owner.value, gast.Attribute)
            and owner.value.attr == "__class__"
            and isinstance(owner.value.value, gast.Name)
        ):
            # generated code read back: obj.__class__.f.__func__(obj.__class__, x) of a
            # classmethod f
            cls = self.classes.get(owner.value.value.id) or _object_class(
                self.static_object_kind(owner.value.value)
            )
            static = inspect.getattr_static(cls, owner.attr, None) if cls else None
            if isinstance(static, classmethod):
                self.remember_method(cls, owner.attr, static)
                return self.make_call(static.__func__, node.args, node.keywords, node, hint)
        if (
            isinstance(owner, gast.Attribute)
            and owner.attr == "__class__"
            and isinstance(owner.value, gast.Name)
            and (
                owner.value.id in self.classes
                or _object_class(self.static_object_kind(owner.value)) is not None
            )
        ):
            # generated code read back (forward over reverse): obj.__class__.f(obj, x)
            cls = self.classes.get(owner.value.id) or _object_class(
                self.static_object_kind(owner.value)
            )
            static = inspect.getattr_static(cls, func.attr, None)
            if isinstance(static, (types.FunctionType, staticmethod)):
                self.remember_method(cls, func.attr, static)
                fn = static.__func__ if isinstance(static, staticmethod) else static
                return self.make_call(fn, node.args, node.keywords, node, hint)
        return None

    def typed_method_call(self, node, hint):
        """``(obj, lowered)``: ``obj`` the atom of the object; ``lowered`` the call of the
        method of the object's class, which its kind says, or None."""
        func = node.func
        known = self.static_object_kind(func.value)
        obj = self.atom(func.value, hint)
        if isinstance(func.value, gast.Subscript) and _object_class(known) is not None:
            self.mark_item_kind(obj, known)  # hs[0].nll(x): its kind for the method's self
        method = func.attr
        made = self.resolve_call(func.value) if isinstance(func.value, gast.Call) else None
        if isinstance(obj, gast.Name) and _is_user_class(made):
            self.classes[obj.id] = made  # SquareLoss().loss(y, p): an object made here
            if isinstance(known, tuple) and known[0] == "object" and known[1] is made:
                self.object_kinds[obj.id] = known  # Layer(W, b, act=np.sin)(x): its act
        if (
            isinstance(obj, gast.Name)
            and obj.id not in self.classes
            and isinstance(known, tuple)
            and known[0] == "object"
        ):
            # self.parser.get(v), layers[0].forward(x): an object whose class the kind of
            # the object or list it is read from says
            self.classes[obj.id] = known[1]
            self.object_kinds[obj.id] = known
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        if (_is_user_class(cls) or _is_user_tree(cls)) and isinstance(
            inspect.getattr_static(cls, method, None),
            (types.FunctionType, staticmethod, classmethod),
        ):
            # before the array and dict methods: parser.get(v) of a user class is its own
            return obj, self.class_method_call(cls, obj, node, hint)
        field = sub_kind(
            self.object_kinds.get(obj.id) if isinstance(obj, gast.Name) else known, method
        )
        if isinstance(field, tuple) and field[0] == "function":
            # self.act(z) where instance attribute act holds a function: that function
            # (an instance attribute is not bound to the object)
            called = gast.Call(func=clone(func), args=node.args, keywords=node.keywords)
            gast.copy_location(called, node)
            return obj, _written(
                self.make_call(field[1], node.args, node.keywords, called, hint), func
            )
        if _object_class(field) is not None and isinstance(
            inspect.getattr_static(field[1], "__call__", None), types.FunctionType
        ):
            # self.act(z) where attribute act holds an object of a class with __call__
            held = gast.Attribute(value=clone(obj), attr=method, ctx=gast.Load())
            called = gast.Call(
                func=gast.Attribute(value=held, attr="__call__", ctx=gast.Load()),
                args=node.args,
                keywords=node.keywords,
            )
            for n in walk(called):
                gast.copy_location(n, node)
            return obj, self.method_call(called, hint)
        return obj, None

    def _object_loop(self, node):
        """``(sequence, index name or None, item name)`` of ``for layer in layers`` or
        ``for i, layer in enumerate(layers)`` whose item name only the loop binds; else
        None."""
        target, it, index = node.target, node.iter, None
        if self._enumerated(it, target) and all(isinstance(e, gast.Name) for e in target.elts):
            it, index, target = it.args[0], target.elts[0].id, target.elts[1]
        if isinstance(target, gast.Name) and _loop_name(self, target.id) and target.id != index:
            return it, index, target.id
        return None

    def _enumerated(self, it, target) -> bool:
        """Is ``for i, item in enumerate(xs)`` the loop's form (``it``, ``target``)?"""
        return (
            isinstance(it, gast.Call)
            and self.resolve_call(it) is enumerate
            and len(it.args) == 1
            and not it.keywords
            and isinstance(target, gast.Tuple)
            and len(target.elts) == 2
        )

    def loop_item_kinds(self, node) -> list:
        """``[(item name, sequence node, kind)]`` of a loop over a list of objects of one
        kind (the kind of a parameter or the value of a free name says), or over
        ``zip(...)`` of such lists and others (``for layer, p in zip(self.layers, ps)``)."""
        loop = self._object_loop(node)
        target, it = node.target, node.iter
        if self._enumerated(it, target):
            target, it = target.elts[1], it.args[0]  # for i, (layer, p) in enumerate(zip(...))
        if loop is not None:
            pairs = [(loop[2], loop[0])]
        elif (
            isinstance(it, gast.Call)
            and self.resolve_call(it) is zip
            and not it.keywords
            and isinstance(target, gast.Tuple)
            and len(target.elts) == len(it.args)
            and not any(isinstance(a, gast.Starred) for a in it.args)
        ):
            pairs = [
                (t.id, a)
                for t, a in zip(target.elts, it.args)
                if isinstance(t, gast.Name) and _loop_name(self, t.id)
            ]
        else:
            return []
        out = []
        for item, seq in pairs:
            kind = common_item_kind(_items_kind(self, seq))
            if isinstance(kind, tuple) and kind[0] == "object":
                out.append((item, seq, kind))
        return out

    def object_loop(self, node):
        """``(sequence, index name or None, item name, kind, zipped)`` of ``for layer in
        layers`` (``enumerate``, or ``zip`` with ``zipped`` the other parts) over a list
        of objects of several
        classes (its kind, or its value for a free name, says which, item by item: the
        derivative is made for those and checked on every call); else None."""
        loop, zipped = self._object_loop(node), None
        if loop is None:  # for layer, (W, b) in zip(model.layers, params)
            loop, zipped = zipped_object_loop(self, node)
        kind = _items_kind(self, loop[0]) if loop is not None else None
        if (
            not (isinstance(kind, tuple) and kind[0] == "items")
            or common_item_kind(kind) is not None
            or not all(k[0] == "object" for k in kind[2])
            or any(
                isinstance(n, (gast.Break, gast.Continue, gast.Return))
                for n in walk(gast.Module(body=node.body, type_ignores=[]))
            )
        ):
            return None
        return (*loop, kind, zipped)

    def unroll_objects(self, node, loop, put_back=None) -> None:
        """The loop ``node`` over a list of objects of several classes (``loop``, see
        :meth:`object_loop`): the body once per item, each with its own name for the
        item, so that each method call resolves to its class's function; with
        ``put_back(item, k)``, the statement after each that puts item ``k`` back."""
        it, index, target, kind, zipped = loop
        seq = self.atom(it, "items")
        sources = zipped_sources(self, node, zipped, len(kind[2]))
        for j, item in enumerate(kind[2]):
            own = self.fresh(target)
            self.locals.add(own)
            self.classes[own] = item[1]
            self.object_kinds[own] = item
            if put_back is not None:
                self.followed.add(own)  # changed by the body: a new value each change
                self.changed_items.add(own)
            if index is not None:
                self.emit(assign(index, const(j)), node)
            read = gast.Subscript(value=clone(seq), slice=const(j), ctx=gast.Load())
            anno.set(read, "item_kind", item)  # its kind for the callees (activity)
            self.emit(assign(own, read), node)
            bind_zipped(self, sources, j, node)
            body = clone(node.body)
            for n in walk(gast.Module(body=body, type_ignores=[])):
                if isinstance(n, gast.Name) and n.id == target:
                    n.id = own
            self.out.extend(self.block(body))
            if put_back is not None:
                self.emit(put_back(own, const(j)), node)
            self.current = node
