"""Functions whose outputs carry no derivative: shape queries, comparisons, indices,
integer-valued or piecewise-constant functions (derivative 0 almost everywhere, as in
autograd and JAX), and random draws from shapes alone. (``np.sign`` has a rule: of a
complex ``z`` it is ``z / |z|``, smooth away from 0; rules/complex.py.)

A function belongs here only if its result does not depend smoothly on any argument.
Audited (issue 10): ``linspace``/``logspace`` (smooth in start/stop) and ``heaviside``
(linear in its second argument) have rules; ``histogram`` (bin edges and weights),
``arange`` (smooth in start/step), ``random.normal``/``uniform`` (reparametrizable in their
parameters), ``random.choice``/``permutation`` (select entries) and ``sorted`` left this
list, so a differentiated value reaching them is an error; ``divmod`` has a rule (its
remainder, rules/python.py).
"""

from __future__ import annotations

from .registry import nondifferentiable

nondifferentiable(
    # shapes, sizes and types
    "numpy.shape",
    "numpy.ndim",
    "numpy.size",
    "numpy.result_type",
    "numpy.broadcast_shapes",
    "numpy.iscomplexobj",
    "numpy.isrealobj",
    "numpy.isscalar",
    "numpy.einsum_path",  # a contraction order (for einsum's optimize=)
    # new arrays from shapes, or with values that do not depend on the argument's values
    "numpy.zeros",
    "numpy.ones",
    "numpy.empty",
    "numpy.eye",
    "numpy.identity",
    "numpy.tri",
    "numpy.indices",
    "numpy.zeros_like",
    "numpy.ones_like",
    "numpy.empty_like",
    # indices and counts
    "numpy.argmax",
    "numpy.argmin",
    "numpy.argsort",
    "numpy.argwhere",
    "numpy.nonzero",
    "numpy.flatnonzero",
    "numpy.count_nonzero",
    "numpy.searchsorted",
    "numpy.digitize",
    # piecewise constant: derivative 0 almost everywhere
    "numpy.signbit",
    "numpy.floor",
    "numpy.ceil",
    "numpy.round",
    "numpy.around",
    "numpy.rint",
    "numpy.trunc",
    "numpy.fix",
    "numpy.floor_divide",
    # integer and boolean casts (np.int64(x), as int(x) and x.astype(int)): piecewise constant
    "numpy.int8",
    "numpy.int16",
    "numpy.int32",
    "numpy.int64",
    "numpy.intp",
    "numpy.int_",
    "numpy.uint8",
    "numpy.uint16",
    "numpy.uint32",
    "numpy.uint64",
    "numpy.uintp",
    "numpy.bool_",
    "numpy.bool",
    # booleans
    "numpy.isnan",
    "numpy.isinf",
    "numpy.isfinite",
    "numpy.isposinf",
    "numpy.isneginf",
    "numpy.isreal",
    "numpy.iscomplex",
    "numpy.isnat",
    "numpy.greater",
    "numpy.less",
    "numpy.equal",
    "numpy.not_equal",
    "numpy.greater_equal",
    "numpy.less_equal",
    "numpy.logical_and",
    "numpy.logical_or",
    "numpy.logical_not",
    "numpy.logical_xor",
    "numpy.all",
    "numpy.any",
    "numpy.allclose",
    "numpy.isclose",
    "numpy.array_equal",
    # random draws whose arguments are shapes, bounds of integers or seeds
    "numpy.random.rand",
    "numpy.random.randn",
    "numpy.random.randint",
    "numpy.random.default_rng",
    "numpy.random.seed",
    # Python
    "builtins.len",
    "builtins.range",
    "builtins.slice",  # an index (x[i:i + n] read back from generated code)
    "builtins.int",
    "builtins.bool",
    "builtins.str",
    "builtins.isinstance",
    "builtins.print",
    "builtins.type",
    "builtins.round",
    "builtins.hasattr",
    "builtins.repr",
    "builtins.any",
    "builtins.all",
    "math.floor",
    "math.ceil",
    "math.isnan",
    "math.isinf",
    "math.isfinite",
    "math.trunc",
)
