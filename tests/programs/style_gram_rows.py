"""Style-transfer losses on the image itself: feature maps built row by row in nested loops,
Gram matrices, content loss and total variation."""

import autograd.numpy as np

rs = np.random.RandomState(0)
filters = rs.randn(3, 2, 2)
style_img = rs.rand(5, 5)
content_img = rs.rand(5, 5)


def features(img):
    maps = []
    for f in filters:
        m = np.zeros((4, 4))
        out = []
        for i in range(4):
            out.append([np.sum(img[i : i + 2, j : j + 2] * f) for j in range(4)])
        maps.append(np.maximum(np.array(out) + m, 0))
    return np.stack(maps).reshape(len(filters), -1)


def gram(F):
    return np.dot(F, F.T) / F.size


STYLE = gram(features(style_img))
CONTENT = features(content_img)


def loss(img):
    F = features(img)
    style = np.sum((gram(F) - STYLE) ** 2)
    content = np.mean((F - CONTENT) ** 2)
    tv = np.sum(np.abs(img[1:, :] - img[:-1, :])) + np.sum(np.abs(img[:, 1:] - img[:, :-1]))
    return style + content + 1e-3 * tv


def inputs():
    return (np.random.RandomState(3).rand(5, 5),)
