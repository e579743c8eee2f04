"""autograd's public API on top of s2sgrad: switch a program by changing its imports.

    import s2sgrad.compat.autograd.numpy as np      # was: import autograd.numpy as np
    from s2sgrad.compat.autograd import grad        # was: from autograd import grad

    def loss(w, x):
        return np.sum(np.tanh(x @ w) ** 2)

    grad(loss)(np.ones(3), np.eye(3))

``s2sgrad.compat.autograd.numpy`` is NumPy (its ``random`` and ``fft`` are NumPy's,
``linalg`` is NumPy's with ``T`` and ``_dot``) with autograd's ``make_diagonal`` and
``where`` (keywords; Python values stay Python) added, so the functions a program calls
are NumPy's own and s2sgrad's rules apply to them unchanged;
``s2sgrad.compat.autograd.scipy`` is SciPy, imported on first use.
The differential operators keep autograd's signatures (``argnum``, gradients shaped
like their argument, outputs of size 1 accepted as scalars) and map onto
:mod:`s2sgrad`'s transformations.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import Callable

import numpy as _numpy

from ... import rules as _rules
from ... import runtime as _runtime
from ... import stored as _stored
from ... import transforms as _transforms
from ...api import grad as _grad
from ...api import hessian as _hessian
from ...api import value_and_grad as _value_and_grad
from ...custom import CustomVJP, calling
from ...custom import checkpoint as _checkpoint
from ...errors import ArgumentTypeError, GradientArgumentError, TransformError
from ...parsing import bound_method_function as _bound_method_function
from ._alias import Alias
from ._where import at_user_line, user_frame
from .extend import primitive

# ``import s2sgrad.compat.autograd.numpy as np`` binds NumPy with autograd's few extra
# names (its own objects for all of NumPy's); random and fft are NumPy's modules
_linalg = Alias(
    f"{__name__}.numpy.linalg",
    _numpy.linalg,
    T=_runtime.autograd_transpose,
    _dot=_runtime.autograd_dot,
)
numpy = Alias(
    f"{__name__}.numpy",
    _numpy,
    linalg=_linalg,
    make_diagonal=_runtime.autograd_make_diagonal,
    where=_runtime.autograd_where,
    __s2s_numpy__=True,  # NumPy for generated code: its own names are primitives with rules
)
numpy.numpy_wrapper = numpy  # autograd.numpy.numpy_wrapper: where autograd defines them
for _sub, _module in (("", numpy), (".linalg", _linalg), (".numpy_wrapper", numpy)):
    sys.modules[f"{__name__}.numpy{_sub}"] = _module
for _sub in ("random", "fft"):
    sys.modules[f"{__name__}.numpy.{_sub}"] = getattr(_numpy, _sub)


class _Boxes(types.ModuleType):
    """``autograd.numpy.numpy_boxes``: the trace's box classes (:mod:`.tracer`, imported on
    first use). s2sgrad's own derivatives box nothing, so ``isinstance(x, ArrayBox)``
    holds only inside a trace."""

    def __getattr__(self, attr):
        from . import tracer

        if attr in ("ArrayBox", "Box"):
            return getattr(tracer, attr)
        raise AttributeError(f"module {self.__name__!r} has no attribute {attr!r}")


numpy.numpy_boxes = sys.modules[f"{__name__}.numpy.numpy_boxes"] = _Boxes(
    f"{__name__}.numpy.numpy_boxes"
)

_REMADE = ("grad", "value_and_grad", "elementwise_grad", "jacobian", "hessian")
_SCALAR_ONLY = "the differentiated function must return a scalar"
_REAL_ONLY = "the differentiated function must return a real scalar"


def _core(fun, nargs: int = 1):
    """What s2sgrad differentiates for ``fun`` called with ``nargs`` arguments: the s2sgrad
    transformation behind a function this module returned, ``fun`` itself, or for a NumPy
    function (``elementwise_grad(np.tanh)``) a Python function that calls it."""
    core = getattr(fun, "_s2sgrad", None)
    if core is not None:
        return core
    if isinstance(fun, _Derivative) and _stored.recipe(fun):
        # jacobian(jacobian(f)): the Python function that computes the inner derivative by
        # calling it, differentiated as a nested derivative
        return _stored.as_function(fun)
    if isinstance(fun, CustomVJP) or (
        not isinstance(fun, types.FunctionType) and _rules.lookup(fun) is not None
    ):
        return _calling(fun, nargs)  # a primitive: differentiated by its rules, as a callee
    return fun


def _calling(fun, nargs: int):
    """A Python function of ``nargs`` positional arguments (and any keywords) that returns
    ``fun(*args, **kw)``."""
    return calling(fun, [f"x{i}" for i in range(nargs)])


def _check_argnum(argnum):
    nums = (argnum,) if _is_int(argnum) else argnum
    if not isinstance(nums, (tuple, list)) or not nums or not all(_is_int(a) for a in nums):
        raise GradientArgumentError(f"argnum must be an int or a tuple of ints, got {argnum!r}")
    return argnum if _is_int(argnum) else tuple(argnum)


def _is_int(a) -> bool:
    return isinstance(a, int) and not isinstance(a, bool)


def _as_arrays(args, argnum):
    """``args`` with each differentiated Python float (complex) made an ``np.float64``
    (``np.complex128``): autograd presents such a value as a 0-d array (``x.shape``,
    ``x.dtype``), and results computed from it are NumPy scalars, as in autograd."""
    nums = (argnum,) if _is_int(argnum) else argnum
    args = list(args)
    for a in nums:
        if -len(args) <= a < len(args) and type(args[a]) in _SCALAR_TYPES:
            args[a] = _SCALAR_TYPES[type(args[a])](args[a])
    return tuple(args)


_SCALAR_TYPES = {float: _numpy.float64, complex: _numpy.complex128}


def _pick(values, argnum):
    return values[argnum] if _is_int(argnum) else tuple(values[a] for a in argnum)


def _replace(args, argnum, new):
    args = list(args)
    if _is_int(argnum):
        args[argnum] = new
    else:
        for a, v in zip(argnum, new):
            args[a] = v
    return tuple(args)


class _Derivative:
    """A function returned by :func:`grad` and friends; ``_s2sgrad`` is the s2sgrad
    transformation it calls, so that nesting (``grad(grad(f))``) composes in s2sgrad."""

    def __init__(self, call: Callable, core, fun, what: str, argnum=None):
        self._call = call
        self._s2sgrad = core
        name = getattr(fun, "__name__", "fun")
        # named and documented as autograd names its operators' results
        self.__name__ = (
            f"{what}_of_{name}" if argnum is None else f"{what}_of_{name}_wrt_argnum_{argnum}"
        )
        self.__qualname__ = self.__name__
        self.__doc__ = (
            f"    {what} of function {name}"
            + ("" if argnum is None else f" with respect to argument number {argnum}")
            + f". Takes the\n    same arguments as {name} but returns the {what}.\n    "
        )
        self._what = what
        self._fun = fun
        self._argnum = None  # the argument a gradient is taken in, for nesting
        if what in _REMADE:  # how it was made, for a call inside a derivative: s2sgrad.stored
            self.__s2s_made__ = (
                None
                if isinstance(fun, functools.partial)
                else (getattr(sys.modules[__name__], what), fun, argnum)
            )

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __repr__(self):
        return f"<s2sgrad.compat.autograd.{self._what} of {self._fun!r}>"


def _size_one(fun, args, kwargs, argnum, exc, with_value):
    """autograd accepts an output of size 1 (shape ``(1,)``, ``(1, 1)``) as a scalar:
    differentiate its sum instead. The function runs once more after the error."""
    ans = fun(*args, **kwargs)
    if isinstance(ans, (tuple, list)) or _numpy.size(ans) != 1:
        raise exc
    if _numpy.asarray(ans).dtype.kind not in "fc":  # a bool or an int: no gradient
        raise TypeError(str(exc)) from exc
    g = _grad(_summed(fun, len(args), bool(kwargs)), argnums=argnum)(*args, **kwargs)
    return (ans, g) if with_value else g


def _autograd_names(fun) -> list[str]:
    """Global names of ``fun`` bound to autograd itself (a program half switched)."""
    names = []
    for name, value in getattr(fun, "__globals__", {}).items():
        where = (
            value.__name__
            if isinstance(value, types.ModuleType)
            else getattr(value, "__module__", None)
        )
        if isinstance(where, str) and (where == "autograd" or where.startswith("autograd.")):
            names.append(name)
    return names


def _explain_autograd_imports(fun, exc: TransformError):
    """Re-raise ``exc`` with a hint when ``fun``'s module still imports autograd."""
    names = _autograd_names(fun)
    if names:
        listed = ", ".join(sorted(names))
        hint = (
            f"this module imports autograd itself ({listed}), whose wrapped functions "
            "s2sgrad cannot read: import from s2sgrad.compat.autograd instead "
            "(e.g. import s2sgrad.compat.autograd.numpy as np)"
        )
        raise type(exc)(exc.msg, exc.filename, exc.lineno, exc.col, exc.line, hint) from exc


def _explain_vector_spaces(args, exc: GradientArgumentError):
    """Re-raise ``exc`` saying why when an argument is a value of a class given a vector
    space with ``VSpace.register`` (autograd's rkhs.py differentiates in such a function)."""
    from .vspace import VSpace

    for value in args:
        if type(value) in VSpace.mappings:
            raise GradientArgumentError(
                f"{exc}: its class has a vector space ({type(value).__name__} is registered "
                "with VSpace.register), but s2sgrad's generated derivatives hold cotangents as "
                "floats, arrays and their containers, never as members of a vector space of "
                "your own (autograd's boxes can carry one); differentiate in the arrays the "
                "value holds instead (its coefficients, say)"
            ) from exc


def _scalar_grad(fun, argnum, with_value: bool, what: str):
    argnum = _check_argnum(argnum)
    if isinstance(fun, functools.partial):
        return _partial_grad(fun, argnum, with_value, what)
    make = _value_and_grad if with_value else _grad
    core = make(_core(fun), argnums=argnum)
    by_arity = {1: core}  # a NumPy function is wrapped for each number of arguments
    wrapped = _core(fun) is not fun and getattr(fun, "_s2sgrad", None) is None

    def call(*args, **kwargs):
        args = _as_arrays(args, argnum)
        inner = core
        if wrapped:
            inner = by_arity.get(len(args))
            if inner is None:
                inner = by_arity[len(args)] = make(_core(fun, len(args)), argnums=argnum)
        try:
            return inner(*args, **kwargs)
        except TransformError as exc:
            _explain_autograd_imports(fun, exc)
            moved = at_user_line(exc, user_frame())
            if moved is exc:
                raise
            raise moved from exc
        except GradientArgumentError as exc:
            _explain_vector_spaces(args, exc)
            raise
        except ValueError as exc:
            if str(exc).startswith(_REAL_ONLY):  # a complex output: autograd's TypeError
                raise TypeError(str(exc)) from exc
            if not str(exc).startswith(_SCALAR_ONLY) or getattr(fun, "_s2sgrad", None) is not None:
                raise
            return _size_one(fun, args, kwargs, argnum, exc, with_value)

    result = _Derivative(call, core, fun, what, argnum)
    result._argnum = argnum
    return result


def _partial_grad(fun: functools.partial, argnum, with_value: bool, what: str):
    """``grad(partial(f, *bound, **kw), argnum)``: the gradient of ``f`` in argument
    ``argnum + len(bound)``, called with the bound arguments in front."""

    def shifted(a):
        return a + len(fun.args) if a >= 0 else a

    inner_argnum = shifted(argnum) if _is_int(argnum) else tuple(map(shifted, argnum))
    inner = _scalar_grad(fun.func, inner_argnum, with_value, what)

    def call(*args, **kwargs):
        return inner(*fun.args, *args, **{**fun.keywords, **kwargs})

    return _Derivative(call, None, fun, what, argnum)


def grad(fun: Callable, argnum=0):
    """
    Returns a function which computes the gradient of scalar-valued ``fun`` with respect
    to positional argument ``argnum`` (an int, or a tuple of ints for a tuple of
    gradients), shaped like that argument (autograd's first line, which programs read).

    >>> import numpy as np
    >>> grad(lambda x: np.sum(x ** 2))(np.arange(3.0))
    array([0., 2., 4.])
    """
    return _scalar_grad(fun, argnum, False, "grad")


def value_and_grad(fun: Callable, argnum=0):
    """``(fun(*args), grad(fun, argnum)(*args))`` in one pass."""
    return _scalar_grad(fun, argnum, True, "value_and_grad")


def grad_named(fun: Callable, argname: str):
    """The gradient with respect to the argument called ``argname``."""
    names = list(inspect.signature(fun).parameters)
    if argname not in names:
        raise GradientArgumentError(
            f"{getattr(fun, '__name__', fun)!r} has no argument {argname!r}"
        )
    return grad(fun, names.index(argname))


def multigrad_dict(fun: Callable):
    """Gradients with respect to every positional argument, as a dict keyed by name.

    >>> import numpy as np
    >>> multigrad_dict(lambda a, b: a * b)(2.0, 3.0)
    {'a': 3.0, 'b': 2.0}
    """
    sig = inspect.signature(fun)
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [n for n, p in sig.parameters.items() if p.kind in kinds]
    if list(sig.parameters) != names:
        raise GradientArgumentError(
            "multigrad_dict needs a function whose arguments are all "
            "positional (no *args, **kwargs or keyword-only ones)"
        )

    def gradfun(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        values = [bound.arguments[n] for n in names]
        grads = grad(fun, tuple(range(len(names))))(*values)
        return dict(zip(names, grads))

    return _Derivative(gradfun, None, fun, "multigrad_dict")


def _summed(fun, nargs: int, keywords: bool = False):
    """A Python function of ``nargs`` positional arguments returning ``np.sum(fun(*args))``
    (``keywords``: and any keywords, ``np.sum(fun(*args, **kw))``): its gradient is
    ``ones @ J``, the seed autograd uses for non-scalar outputs."""
    if isinstance(fun, types.MethodType):  # self.u: the method with self a constant
        fun = _bound_method_function(fun)
    if keywords:
        return _summed_keywords(fun, nargs)
    if nargs == 1:

        def total(x):
            return _numpy.sum(fun(x))
    elif nargs == 2:

        def total(x, y):
            return _numpy.sum(fun(x, y))
    elif nargs == 3:

        def total(x, y, z):
            return _numpy.sum(fun(x, y, z))
    elif nargs == 4:

        def total(x, y, z, w):
            return _numpy.sum(fun(x, y, z, w))
    else:
        raise GradientArgumentError(
            f"{getattr(fun, '__name__', fun)!r} is called with "
            f"{nargs} arguments; elementwise_grad and size-1 outputs "
            "take at most 4 positional arguments"
        )
    total.__name__ = f"sum_of_{getattr(fun, '__name__', 'fun')}".replace("<lambda>", "lambda")
    return total


def _summed_keywords(fun, nargs: int):
    """:func:`_summed` of a call with keywords (held fixed: they are not differentiated)."""
    if nargs == 1:

        def total(x, **kw):
            return _numpy.sum(fun(x, **kw))
    elif nargs == 2:

        def total(x, y, **kw):
            return _numpy.sum(fun(x, y, **kw))
    elif nargs == 3:

        def total(x, y, z, **kw):
            return _numpy.sum(fun(x, y, z, **kw))
    elif nargs == 4:

        def total(x, y, z, w, **kw):
            return _numpy.sum(fun(x, y, z, w, **kw))
    else:
        raise GradientArgumentError(
            f"{getattr(fun, '__name__', fun)!r} is called with "
            f"{nargs} arguments; elementwise_grad and size-1 outputs "
            "take at most 4 positional arguments"
        )
    total.__name__ = f"sum_of_{getattr(fun, '__name__', 'fun')}".replace("<lambda>", "lambda")
    return total


def elementwise_grad(fun: Callable, argnum=0):
    """``ones @ J``: the sum of each column of ``fun``'s Jacobian (its diagonal when the
    Jacobian is diagonal), shaped like argument ``argnum``.

    Of a gradient (``elementwise_grad(elementwise_grad(f))``) it is the Hessian of the
    summed function times ones, by forward mode over the gradient (the Hessian is
    symmetric, so ``ones @ H == H @ ones``).
    """
    argnum = _check_argnum(argnum)
    inner = getattr(fun, "_s2sgrad", None)
    if inner is not None:
        if getattr(fun, "_argnum", None) != argnum or not _is_int(argnum):
            raise GradientArgumentError(
                "elementwise_grad of a gradient needs the same single "
                "argnum as the inner derivative"
            )

        # one forward pass over the level below, staged (not a function s2sgrad reads), so
        # that it nests to any depth: elementwise_grad of this is forward mode over it
        below = getattr(fun, "_core_for", None) or (lambda nargs, keywords=False: inner)
        core = _AlongOnes(below, argnum)

        def of_gradient(*args, **kwargs):
            return core(*args, **kwargs)

        result = _Derivative(of_gradient, core, fun, "elementwise_grad", argnum)
        result._argnum = argnum
        result._core_for = lambda nargs, keywords=False: core
        return result
    by_arity: dict = {}

    def core_for(nargs, keywords=False):
        core = by_arity.get((nargs, keywords))
        if core is None:
            summed = _summed(fun, nargs, keywords)
            core = by_arity[nargs, keywords] = _grad(summed, argnums=argnum)
        return core

    def call(*args, **kwargs):
        args = _as_arrays(args, argnum)
        if kwargs and isinstance(fun, types.FunctionType):  # u_x(x, params=p): by position
            bound = inspect.signature(fun).bind(*args, **kwargs)
            if not bound.kwargs:
                args, kwargs = bound.args, {}
        return core_for(len(args), bool(kwargs))(*args, **kwargs)

    result = _Derivative(call, core_for(1), fun, "elementwise_grad", argnum)
    result._argnum = argnum
    result._core_for = core_for  # the derivative for each number of arguments (keywords?)
    return result


class _AlongOnes(_transforms.Directional):
    """The derivative of ``below(len(args))``, a derivative staged for that many arguments,
    along ones in argument ``argnum``: ``elementwise_grad`` of a derivative."""

    def __init__(self, below, argnum):
        super().__init__(below, self._ones)
        self.below = below
        self.argnum = argnum

    def _ones(self, args):
        return _replace([None] * len(args), self.argnum, _ones_like(args[self.argnum]))

    def _stage(self, args, kwargs=None):
        below = _transforms.Directional(self.below(len(args), bool(kwargs)), self._ones)
        return below._stage(args, kwargs)


def _ones_like(x):
    return 1.0 if isinstance(x, float) else _numpy.ones_like(x, dtype=float)


def make_vjp(fun: Callable, argnum=0):
    """``make_vjp(fun, argnum)(*args) -> (vjp, ans)`` where ``vjp(g)`` is ``g @ J`` for
    argument ``argnum``; each ``vjp`` call runs the generated derivative once."""
    argnum = _check_argnum(argnum)

    def call(*args, **kwargs):  # keywords are held fixed, as in autograd
        args = _as_arrays(args, argnum)
        ans = fun(*args, **kwargs)

        def vjp(g):
            if isinstance(ans, (tuple, list, dict)):
                raise TypeError("make_vjp needs a function returning one array or float")
            if _numpy.shape(g) != _numpy.shape(ans):
                raise GradientArgumentError(
                    f"vjp: the cotangent has shape {_numpy.shape(g)} but the "
                    f"output has shape {_numpy.shape(ans)}"
                )
            _, cts = _transforms.vjp_kw(_core(fun, len(args)), args, g, kwargs)
            return _pick(cts, argnum)

        return vjp, ans

    return _Derivative(call, None, fun, "make_vjp", argnum)


def make_jvp(fun: Callable, argnum=0):
    """``make_jvp(fun, argnum)(*args)(v) -> (ans, J @ v)`` (forward mode)."""
    argnum = _check_argnum(argnum)

    def call(*args, **kwargs):  # keywords are held fixed, as in autograd
        args = _as_arrays(args, argnum)

        def jvp(v):
            tangents = _replace([None] * len(args), argnum, v)
            return _transforms.jvp_kw(_core(fun, len(args)), args, tangents, kwargs)

        return jvp

    return _Derivative(call, None, fun, "make_jvp", argnum)


def deriv(fun: Callable, argnum=0):
    """The derivative of ``fun`` along a tangent of ones (forward mode)."""
    argnum = _check_argnum(argnum)
    if not _is_int(argnum):
        raise GradientArgumentError("deriv takes one argnum")

    def call(*args, **kwargs):
        ones = (
            1.0 if isinstance(args[argnum], float) else _numpy.ones_like(args[argnum], dtype=float)
        )
        return make_jvp(fun, argnum)(*args, **kwargs)(ones)[1]

    return _Derivative(call, None, fun, "deriv", argnum)


def jacobian(fun: Callable, argnum=0):
    """The Jacobian, of shape ``out.shape + in.shape``, by reverse mode (forward mode
    when ``fun`` is itself a derivative, e.g. ``jacobian(grad(f))``)."""
    argnum = _check_argnum(argnum)
    core = _core(fun)
    if getattr(core, "__s2s_transformed__", False) or isinstance(
        core, _transforms.ForwardDerivative
    ):
        inner = _transforms.jacfwd(core, argnum)
    else:
        inner = _transforms.jacrev(core, argnum)
    nested = inner if isinstance(inner, _transforms.ForwardDerivative) else None

    def call(*args, **kwargs):
        return inner(*_as_arrays(args, argnum), **kwargs)

    return _Derivative(call, nested, fun, "jacobian", argnum)


def hessian(fun: Callable, argnum=0):
    """The Hessian of scalar ``fun``: shape ``in.shape + in.shape`` (forward over reverse)."""
    argnum = _check_argnum(argnum)
    if not _is_int(argnum):
        raise GradientArgumentError("hessian takes one argnum")
    inner = _hessian(_core(fun), argnum)

    def call(*args, **kwargs):
        return inner(*_as_arrays(args, argnum), **kwargs)

    return _Derivative(call, None, fun, "hessian", argnum)


def hessian_tensor_product(fun: Callable, argnum=0):
    """``hessian_tensor_product(fun, argnum)(*args, v)``: the Hessian with respect to
    argument ``argnum`` contracted with ``v`` over all of ``v``'s axes."""
    argnum = _check_argnum(argnum)
    if not _is_int(argnum):
        raise GradientArgumentError("hessian_tensor_product takes one argnum")
    gradient = _grad(_core(fun), argnums=argnum)

    def call(*args, **kwargs):  # (*args, v, **kwargs), as autograd's
        *args, v = args
        tangents = _replace([None] * len(args), argnum, v)
        return _transforms.jvp_kw(gradient, tuple(args), tangents, kwargs)[1]

    return _Derivative(call, None, fun, "hessian_tensor_product", argnum)


hessian_vector_product = hessian_tensor_product


def make_hvp(fun: Callable, argnum=0):
    """``make_hvp(fun, argnum)(*args) -> (hvp, gradient)`` where ``hvp(v)`` is ``H @ v``."""
    argnum = _check_argnum(argnum)
    if not _is_int(argnum):
        raise GradientArgumentError("make_hvp takes one argnum")
    gradient = _grad(_core(fun), argnums=argnum)

    def call(*args, **kwargs):
        g = gradient(*args, **kwargs)

        def hvp(v):
            tangents = _replace([None] * len(args), argnum, v)
            return _transforms.jvp_kw(gradient, args, tangents, kwargs)[1]

        return hvp, g

    return _Derivative(call, None, fun, "make_hvp", argnum)


def vector_jacobian_product(fun: Callable, argnum=0):
    """``vector_jacobian_product(fun, argnum)(*args, v)``: ``v`` contracted with the leading
    ``v.ndim`` axes of the Jacobian of ``fun`` in argument ``argnum`` (``v @ J`` when ``v``
    has the output's shape), of shape ``out.shape[v.ndim:] + arg.shape``."""
    make = make_vjp(fun, argnum)

    def call(*args, **kwargs):  # (*args, v, **kwargs), as autograd's
        *args, v = args
        vjp, ans = make(*args, **kwargs)
        if _numpy.shape(v) == _numpy.shape(ans):
            return vjp(v)
        if _numpy.shape(ans)[: _numpy.ndim(v)] != _numpy.shape(v):
            raise ValueError(
                f"vector_jacobian_product: v has shape {_numpy.shape(v)}, which "
                f"is not a leading part of the output's {_numpy.shape(ans)}"
            )
        if not _is_int(argnum):
            raise GradientArgumentError(
                "vector_jacobian_product with a tuple argnum needs v of the output's shape"
            )
        rest = _numpy.shape(ans)[_numpy.ndim(v) :]
        rows = []
        for k in _numpy.ndindex(*rest):
            seed = _numpy.zeros(_numpy.shape(ans))
            seed[(Ellipsis, *k)] = v
            rows.append(vjp(seed))
        return _numpy.reshape(_numpy.stack(rows), rest + _numpy.shape(args[argnum]))

    return _Derivative(call, None, fun, "vector_jacobian_product", argnum)


tensor_jacobian_product = vector_jacobian_product


def grad_and_aux(fun: Callable, argnum=0):
    """For ``fun`` returning ``(loss, aux)``: ``(grad of loss, aux)``."""
    argnum = _check_argnum(argnum)
    core = _value_and_grad(_core(fun), argnums=argnum)

    def call(*args, **kwargs):
        value, g = core(*_as_arrays(args, argnum), **kwargs)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            what = f"a {type(value).__name__}" + (
                f" of {len(value)} items" if isinstance(value, (tuple, list)) else ""
            )
            raise ArgumentTypeError(
                f"grad_and_aux needs a function returning a pair (loss, aux), and "
                f"{getattr(fun, '__name__', 'the function')}() returned {what}"
                f"{_return_place(fun)}"
            )
        return g, value[1]

    return _Derivative(call, None, fun, "grad_and_aux", argnum)


def _return_place(fun) -> str:
    """``" (at file:line: code)"`` of the last ``return`` (or the lambda) of ``fun``."""
    try:
        lines, start = inspect.getsourcelines(fun)
    except (OSError, TypeError):
        return ""
    for i in range(len(lines) - 1, -1, -1):
        code = lines[i].strip()
        if code.startswith("return") or " return " in code or "lambda" in code:
            return f" (at {fun.__code__.co_filename}:{start + i}: {code})"
    return ""


def holomorphic_grad(fun: Callable, argnum=0):
    """The complex derivative ``f'(z)`` of a holomorphic ``fun``: the gradient of its real
    part in autograd's convention (``df/dx - 1j df/dy`` of ``Re f`` is ``f'``)."""

    def real_part(*args, **kwargs):
        return _numpy.real(fun(*args, **kwargs))

    real_part.__name__ = f"real_part_of_{getattr(fun, '__name__', 'fun')}".replace(
        "<lambda>", "lambda"
    )
    return _Derivative(grad(real_part, argnum), None, fun, "holomorphic_grad", argnum)


def _half_squared_norm(x):
    return 0.5 * _numpy.sum(x**2, axis=-1)


def make_ggnvp(f: Callable, g: Callable = _half_squared_norm, f_argnum=0):
    """``make_ggnvp(f, g, f_argnum)(*args) -> ggnvp`` where ``ggnvp(v)`` is the generalized
    Gauss-Newton product ``J^T H J v``: ``J`` the Jacobian of ``f`` in argument
    ``f_argnum``, ``H`` the Hessian of scalar ``g`` at ``f(*args)``."""
    f_argnum = _check_argnum(f_argnum)
    if not _is_int(f_argnum):
        raise GradientArgumentError("make_ggnvp takes one f_argnum")
    grad_g = _grad(_core(g))

    def call(*args, **kwargs):  # keywords of f, held fixed
        y = f(*args, **kwargs)

        def ggnvp(v):
            tangents = _replace([None] * len(args), f_argnum, v)
            jv = _transforms.jvp_kw(_core(f, len(args)), args, tangents, kwargs)[1]
            hjv = _transforms.jvp(grad_g, (y,), (jv,))[1]
            return _transforms.vjp_kw(_core(f, len(args)), args, hjv, kwargs)[1][f_argnum]

        return ggnvp

    return _Derivative(call, None, f, "make_ggnvp", f_argnum)


checkpoint = _checkpoint

__all__ = [
    "holomorphic_grad",
    "make_ggnvp",
    "checkpoint",
    "grad",
    "value_and_grad",
    "elementwise_grad",
    "jacobian",
    "hessian",
    "hessian_tensor_product",
    "hessian_vector_product",
    "make_vjp",
    "make_jvp",
    "make_hvp",
    "vector_jacobian_product",
    "tensor_jacobian_product",
    "grad_and_aux",
    "deriv",
    "grad_named",
    "multigrad_dict",
    "primitive",
    "numpy",
    "dict",
    "isinstance",
    "list",
    "tuple",
    "type",
]

from .builtins import dict, isinstance, list, tuple, type  # noqa: E402  (they are Python's)
