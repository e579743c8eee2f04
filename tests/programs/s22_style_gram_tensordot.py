"""Neural style transfer on a tiny random "network": feature maps from a list of 1x1
channel-mixing layers (np.tensordot over the channel axis) with softplus, the Gram matrix
of each layer's features, a style loss against the style image's Gram matrices weighted
per layer, and a content loss at the last layer; differentiated in the image."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2210)
C, HW = 3, (4, 4)
LAYERS = [0.6 * rs.randn(4, C), 0.6 * rs.randn(5, 4)]
STYLE = rs.rand(C, *HW)
CONTENT = rs.rand(C, *HW)
STYLE_WEIGHTS = [1.0, 0.5]


def softplus(x):
    return np.logaddexp(0.0, x)


def features(image):
    maps = []
    h = image
    for W in LAYERS:
        h = softplus(np.tensordot(W, h, axes=([1], [0])))
        maps.append(h)
    return maps


def gram(fmap):
    flat = fmap.reshape(fmap.shape[0], -1)
    return np.dot(flat, flat.T) / flat.shape[1]


STYLE_GRAMS = [gram(f) for f in features(STYLE)]
CONTENT_LAST = features(CONTENT)[-1]


def loss(image, alpha=1.0, beta=10.0):
    maps = features(image)
    style = sum(w * np.sum((gram(f) - g) ** 2) for w, f, g in zip(STYLE_WEIGHTS, maps, STYLE_GRAMS))
    content = np.mean((maps[-1] - CONTENT_LAST) ** 2)
    return alpha * content + beta * style


def inputs():
    return (0.5 * (STYLE + CONTENT),)
