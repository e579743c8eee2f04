"""Derivatives made outside the differentiated function and called in it, written with
autograd: tests/test_stored_derivatives.py loads this file as written (the oracle), with
its imports switched to s2sgrad.compat.autograd, and with s2sgrad's own grad,
value_and_grad, hessian and jacfwd/jacrev. Each ``loss_<case>`` is differentiated in its
first argument at ``args_<case>()``."""

import functools
import types

import autograd.numpy as np
from autograd import elementwise_grad, grad, hessian, jacobian, value_and_grad

XS = np.linspace(-1.0, 2.0, 6)


def net(x, params):
    W1, b1, W2 = params
    h = np.tanh(np.outer(x, W1) + b1)
    return np.dot(h, W2)


def params0():
    rs = np.random.RandomState(3)
    return [rs.randn(4) * 0.7, rs.randn(4) * 0.3, rs.randn(4) * 0.6]


def poly(x, w):
    return np.sum(np.sin(x * w) * x**2 + w * x**3)


# -- globals ---------------------------------------------------------------------------------
u_x = elementwise_grad(net, 0)
u_xx = elementwise_grad(u_x, 0)
u_xxx = elementwise_grad(u_xx, 0)
poly_x = grad(poly, 0)
poly_w = grad(poly, 1)
poly_both = grad(poly, (0, 1))
poly_vg = value_and_grad(poly, 1)
poly_xx = grad(lambda x, w: np.sum(poly_x(x, w) ** 2), 0)
poly_h = hessian(poly, 0)
poly_j = jacobian(lambda x, w: np.tanh(x * w) * x, 0)
d_tanh = elementwise_grad(np.tanh)


def cubic(x, w):
    return np.sin(x * w) * x**3


cubic_xx = grad(grad(cubic, 0), 0)
DERIVS = {"u_x": u_x, "u_xx": u_xx}
DERIV_LIST = [u_x, u_xx, poly_x]


def loss_global_first(params):
    return np.sum(u_x(XS, params) ** 2)


def loss_global_second(params):
    return np.mean((u_xx(XS, params) + net(XS, params)) ** 2)


def loss_global_third(params):
    return np.sum(u_xxx(XS, params) ** 2)


def loss_pinn(params):
    residual = u_xx(XS, params) + np.sin(XS) * net(XS, params)
    boundary = net(np.array([-1.0, 2.0]), params) ** 2
    slope = (u_x(np.array([0.0]), params) - 1.0) ** 2
    return np.mean(residual**2) + np.sum(boundary) + np.sum(slope)


def loss_in_x(x, params):
    return np.sum(u_xx(x, params) * u_x(x, params))


def loss_dict_item(params):
    return np.sum(DERIVS["u_xx"](XS, params) ** 2) + np.sum(DERIVS["u_x"](XS, params))


def loss_list_item(params):
    total = 0.0
    for k in range(2):
        total = total + np.sum(DERIV_LIST[k](XS, params) ** 2)
    return total


def loss_default(params, d=u_xx):
    return np.sum(d(XS, params) ** 2)


def loss_passed(params, d):
    return np.sum(d(XS, params) * XS)


def loss_keyword(params):
    return np.sum(u_x(XS, params=params) ** 2)


def loss_grad_in_x(w):
    return poly_x(XS, w) @ XS + np.sum(poly_x(XS * w, 2.0) ** 2)


def loss_grad_in_w(w):
    return poly_w(XS, w) ** 2


def loss_grad_tuple(w):
    gx, gw = poly_both(XS, w)
    return np.sum(gx**2) * gw


def loss_value_and_grad(w):
    v, g = poly_vg(XS, w)
    return v * g + g**2


def loss_grad_of_grad(w):
    return np.sum(poly_xx(XS, w) * XS)


def loss_grad_grad_object(w):
    return cubic_xx(0.7, w) * w + cubic_xx(w, 1.5)


def loss_hessian(w):
    return np.sum(poly_h(XS[:3], w) * np.outer(XS[:3], XS[3:]))


def loss_jacobian(w):
    return np.sum(poly_j(XS, w) ** 2)


def loss_numpy_function(w):
    return np.sum(d_tanh(XS * w) * XS)


def inner_loss(w, x):
    return np.sum(np.tanh(x @ w) ** 2)


inner_grad = grad(inner_loss, 0)
X_META = np.linspace(-1.0, 1.0, 12).reshape(4, 3)


def loss_maml(w):
    w2 = w
    for _ in range(2):
        w2 = w2 - 0.3 * inner_grad(w2, X_META)
    return inner_loss(w2, X_META + 0.5)


def make_closure_loss():
    d2 = elementwise_grad(elementwise_grad(net, 0), 0)

    def loss(params):
        return np.sum(d2(XS, params) ** 2)

    return loss


loss_closure = make_closure_loss()


def loss_nested_def(params):
    def residual(x):
        return u_xx(x, params) + net(x, params)

    return np.sum(residual(XS) ** 2)


def loss_lambda_inline(w):
    return np.sum(grad(lambda x: np.sum(poly_x(x, w) ** 2))(XS[:2] * w))


class Model:
    """A network whose derivatives are attributes, made from a bound method."""

    def __init__(self, scale):
        self.scale = scale
        self.u_x = elementwise_grad(self.u, 0)
        self.u_xx = elementwise_grad(self.u_x, 0)

    def u(self, x, params):
        return self.scale * net(x, params)


MODEL = Model(1.5)
SPACE = types.SimpleNamespace(u_x=u_x)


def loss_attribute(params):
    return np.sum(MODEL.u_xx(XS, params) ** 2) + np.sum(SPACE.u_x(XS, params))


def loss_method(params):
    return MODEL_LOSS.residual(params)


class PinnLoss:
    def __init__(self, model):
        self.model = model

    def residual(self, params):
        return np.sum((self.model.u_xx(XS, params) + self.model.u(XS, params)) ** 2)


MODEL_LOSS = PinnLoss(MODEL)


def loss_partial_target(w):
    return np.sum(d_poly_partial(XS, w) ** 2)


d_poly_partial = elementwise_grad(functools.partial(poly, w=2.0))


ARGS = {
    "global_first": lambda: (params0(),),
    "global_second": lambda: (params0(),),
    "pinn": lambda: (params0(),),
    "in_x": lambda: (XS * 0.5, params0()),
    "dict_item": lambda: (params0(),),
    "list_item": lambda: (params0(),),
    "default": lambda: (params0(),),
    "passed": lambda: (params0(), u_xx),
    "keyword": lambda: (params0(),),
    "grad_in_x": lambda: (0.7,),
    "grad_in_w": lambda: (0.7,),
    "grad_tuple": lambda: (0.7,),
    "value_and_grad": lambda: (0.7,),
    "grad_of_grad": lambda: (0.7,),
    "hessian": lambda: (0.7,),
    "grad_grad_object": lambda: (0.7,),
    "jacobian": lambda: (0.7,),
    "numpy_function": lambda: (0.7,),
    "maml": lambda: (np.array([0.3, -0.5, 0.8]),),
    "closure": lambda: (params0(),),
    "nested_def": lambda: (params0(),),
    "lambda_inline": lambda: (0.7,),
    "attribute": lambda: (params0(),),
    "method": lambda: (params0(),),
}
