"""s2sgrad: source-to-source automatic differentiation for Python and NumPy.

>>> import numpy as np, s2sgrad
>>> s2sgrad.grad(lambda x: np.sum(x ** 2))(np.arange(3.0))
array([0., 2., 4.])
"""

from . import function_values as _function_values  # noqa: F401  (connects runtime.functions)
from ._version import __version__
from .aot import emit
from .api import grad, hessian, hvp, source, stages, value_and_grad
from .custom import checkpoint, custom_jvp, custom_vjp, register_vjp, stop_gradient
from .errors import (
    ArgumentTypeError,
    DerivativeNotImplementedError,
    GradientArgumentError,
    InPlaceArgumentError,
    NonDifferentiableError,
    S2SGradError,
    SourceMismatchError,
    SourceUnavailableError,
    TransformError,
    UnsupportedSyntaxError,
)
from .pipeline import clear_cache, stats
from .runtime.seeds import ComplexOutputError  # raised by generated code: in the runtime
from .transforms import jacfwd, jacrev, jvp, vjp

__all__ = [
    "grad",
    "value_and_grad",
    "source",
    "stages",
    "jvp",
    "vjp",
    "jacfwd",
    "jacrev",
    "hessian",
    "hvp",
    "emit",
    "clear_cache",
    "stats",
    "custom_vjp",
    "custom_jvp",
    "register_vjp",
    "stop_gradient",
    "checkpoint",
    "S2SGradError",
    "TransformError",
    "SourceUnavailableError",
    "SourceMismatchError",
    "UnsupportedSyntaxError",
    "NonDifferentiableError",
    "DerivativeNotImplementedError",
    "GradientArgumentError",
    "ArgumentTypeError",
    "InPlaceArgumentError",
    "ComplexOutputError",
    "__version__",
]
