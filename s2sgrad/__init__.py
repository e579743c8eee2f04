"""s2sgrad: source-to-source automatic differentiation for Python and NumPy.

    >>> import numpy as np, s2sgrad
    >>> s2sgrad.grad(lambda x: np.sum(x ** 2))(np.arange(3.0))
    array([0., 2., 4.])
"""

from .aot import emit
from .api import grad, source, stages, value_and_grad
from .custom import checkpoint, custom_jvp, custom_vjp, register_vjp, stop_gradient
from .errors import (
    GradientArgumentError,
    NonDifferentiableError,
    S2SGradError,
    SourceUnavailableError,
    TransformError,
    UnsupportedSyntaxError,
)
from .pipeline import clear_cache, stats
from .transforms import hessian, hvp, jacfwd, jacrev, jvp, vjp

__version__ = "0.1.0"

__all__ = [
    "grad", "value_and_grad", "source", "stages", "jvp", "vjp", "jacfwd", "jacrev",
    "hessian", "hvp",
    "emit", "clear_cache", "stats", "custom_vjp", "custom_jvp", "register_vjp",
    "stop_gradient", "checkpoint", "S2SGradError",
    "TransformError", "SourceUnavailableError", "UnsupportedSyntaxError",
    "NonDifferentiableError", "GradientArgumentError", "__version__",
]
