"""Objects given to the ``__init__`` of an object whose methods change them through
the attribute holding them (``NeuralNetwork(layers)`` storing ``self.layers = layers``,
its ``forward`` looping ``layer.forward_pass(X)`` that sets ``self.layer_input``).
s2sgrad follows the change in new values of the object (:mod:`.self_changes`,
:mod:`.changed_items`); another name for what was given would keep it as it was, so
what is given must be made for the object: a display of new objects
(``NeuralNetwork([Dense(W1), Tanh()])``), a new object (``Net(BN())``), or a local
bound to one and read nowhere else."""

from __future__ import annotations

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import walk
from .dataclass_inits import source_init
from .init_fields import _field_chains
from .self_changes import changed_holdings


def check_given_holdings(low, body, changed: dict) -> None:
    """For each local ``var`` of ``changed`` (``{var: (class, kind)}``, objects made in
    the function that their methods change), what its constructor call gives to an
    attribute the methods change through is made for it (see the module's docstring)."""
    for var, (cls, kind) in sorted(changed.items()):
        held = changed_holdings(cls, kind)
        init = source_init(cls)
        if not held or init is None:
            continue
        given = {attr: p for attr, _, (p,) in _parameter_fields(init) if attr in held}
        if not given:
            continue
        names = _init_params(init)
        for value in low.assigned_values.get(var, ()):
            if not isinstance(value, gast.Call):
                continue
            bound = dict(zip(names, value.args))
            bound.update((k.arg, k.value) for k in value.keywords if k.arg is not None)
            for attr, param in sorted(given.items()):
                arg = bound.get(param)
                if arg is not None and not _made_here(low, body, arg):
                    raise low.info.error(
                        arg,
                        f"{cls.__name__} keeps this in .{attr}, and its methods change "
                        "what it holds in place: another name for it would keep it as it "
                        "was before the change",
                        f"make it in the call ({cls.__name__}([Dense(W1), Tanh()]) or "
                        f"{cls.__name__}(Layer(...))), or bind it to a name read only here",
                        UnsupportedSyntaxError,
                    )


def _parameter_fields(init) -> list:
    return [f for f in _field_chains(init) if f[1] == "parameter"]


def _init_params(init) -> list:
    code = init.__code__
    return list(code.co_varnames[1 : code.co_argcount])


def _made_here(low, body, arg) -> bool:
    """Is ``arg`` new objects: a display or comprehension of calls, a call of a class, or
    a local bound only to such values and read only here?"""
    if isinstance(arg, (gast.List, gast.Tuple)):
        return bool(arg.elts) and all(_new_object(low, e) for e in arg.elts)
    if isinstance(arg, gast.ListComp):
        return _new_object(low, arg.elt)
    if isinstance(arg, gast.Call):
        return _new_object(low, arg)
    if isinstance(arg, gast.Name) and arg.id in low.locals and arg.id not in low.own_params:
        defs = low.assigned_values.get(arg.id, ())
        reads = [
            n
            for n in walk(gast.Module(body=body, type_ignores=[]))
            if isinstance(n, gast.Name) and n.id == arg.id and isinstance(n.ctx, gast.Load)
        ]
        return bool(defs) and len(reads) == 1 and all(_made_here(low, body, v) for v in defs)
    return False


def _new_object(low, node) -> bool:
    return isinstance(node, gast.Call) and isinstance(low.resolve_call(node), type)
