"""autograd's ``Box``: a value inside a trace (see :mod:`.tracer`, which records the NumPy
calls made on boxes), and ``new_box``/``isbox``. s2sgrad's own derivatives never box a
value; a program boxes one by tracing, or subclasses ``Box`` for a class of its own."""

from __future__ import annotations


class Box:
    """A value inside a trace: ``_value``, ``_trace`` (its depth) and ``_node``.
    ``SomeBox.register(value_type)`` boxes values of ``value_type`` in ``SomeBox``."""

    type_mappings: dict = {}
    types: set = set()

    __slots__ = ["_value", "_trace", "_node"]

    def __init__(self, value, trace, node):
        self._value = value
        self._node = node
        self._trace = trace

    def __bool__(self):
        return bool(self._value)

    def __str__(self):
        return f"Autograd {type(self).__name__} with value {self._value}"

    @classmethod
    def register(cls, value_type):
        Box.types.add(cls)
        Box.type_mappings[value_type] = cls
        Box.type_mappings[cls] = cls


# how a primitive called with traced values becomes one node (set by .tracer, which
# extend's primitives do not import)
primitive_tracers: list = []

box_type_mappings = Box.type_mappings
box_types = Box.types


def new_box(value, trace, node):
    try:
        return box_type_mappings[type(value)](value, trace, node)
    except KeyError:
        raise TypeError(f"Can't differentiate w.r.t. type {type(value)}") from None


def isbox(x) -> bool:
    """Whether ``x`` is a traced value (s2sgrad's derivatives never box one)."""
    return type(x) in box_types


__all__ = ["Box", "box_type_mappings", "box_types", "isbox", "new_box"]
