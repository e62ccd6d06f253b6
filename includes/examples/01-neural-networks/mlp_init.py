"""Why initialization matters: equal weights stay equal, badly scaled ones vanish or explode.

Included by docs/01-neural-networks/index.md (paragraph on initialization). Part 1 starts a
2-3-1 network with all weights equal, into and out of the hidden layer, and shows, by central
differences, that every hidden unit receives the same gradient, so gradient descent can never tell
them apart. Part 2 pushes a batch through ten ReLU layers of width 256 and prints the spread of the
activations for three weight scales, one of them He et al.'s (2015) variance 2 / d_in.
"""

import numpy as np


def relu(z):
    """Rectified linear unit max(0, z), element by element.

    Parameters
    ----------
    z : ndarray of any shape
        Pre-activations.

    Returns
    -------
    ndarray of the same shape
        ``max(0, z)``.

    """
    return np.maximum(0.0, z)


def loss(W1, b1, W2, b2, X, y):
    """Half mean squared error of a one-hidden-layer tanh network.

    Parameters
    ----------
    W1 : ndarray of shape (d, m)
        First-layer weights.
    b1 : ndarray of shape (m,)
        First-layer biases.
    W2 : ndarray of shape (m, 1)
        Output weights.
    b2 : ndarray of shape (1,)
        Output bias.
    X : ndarray of shape (n, d)
        Inputs.
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    float
        (1 / 2n) sum (y_hat - y)^2.

    """
    y_hat = (np.tanh(X @ W1 + b1) @ W2 + b2)[:, 0]
    return float(np.mean((y_hat - y) ** 2) / 2)


def central_difference(f, x, h=1e-6):
    """Numerical gradient (f(x + h e_j) - f(x - h e_j)) / (2 h) for every entry j of x.

    Parameters
    ----------
    f : callable
        Scalar function of an array shaped like x.
    x : ndarray of any shape
        Point at which to differentiate (not modified).
    h : float
        Step size.

    Returns
    -------
    ndarray of the same shape as x
        Approximate gradient; its error is of order h squared.

    """
    grad = np.zeros_like(x, dtype=float)
    for j in np.ndindex(x.shape):
        up, down = x.astype(float), x.astype(float)
        up[j] += h
        down[j] -= h
        grad[j] = (f(up) - f(down)) / (2.0 * h)
    return grad


def symmetry_demo(rng):
    """Show that equal initial weights give every hidden unit the same gradient."""
    X = rng.normal(size=(8, 2))
    y = rng.normal(size=8)
    W1, b1 = np.full((2, 3), 0.5), np.zeros(3)
    W2, b2 = np.full((3, 1), 0.5), np.zeros(1)
    print("1. Constant initialization, 2-3-1 tanh network: gradient of the loss w.r.t. W1")
    for step in range(3):
        g = central_difference(lambda W, V=W2: loss(W, b1, V, b2, X, y), W1)
        g2 = central_difference(lambda V, W=W1: loss(W, b1, V, b2, X, y), W2)
        units = ", ".join(f"[{a:.4f}, {b:.4f}]" for a, b in g.T)
        print(f"step {step}: one column per hidden unit {units}")
        assert np.allclose(g, g[:, :1]) and np.allclose(W1, W1[:, :1])
        W1, W2 = W1 - 0.5 * g, W2 - 0.5 * g2
    print("the three hidden units stay identical: the layer acts like a single unit")


# --8<-- [start:scale]
def activation_spread(scale, depth=10, width=256, n=512, seed=0):
    """Measure the spread of the activations after each of `depth` ReLU layers.

    Weights are drawn from N(0, scale^2 / width), so scale = sqrt(2) is He initialization
    (He et al., 2015, Section 2.2); biases are zero and the input is standard normal.

    Parameters
    ----------
    scale : float
        Multiplier of 1 / sqrt(width) in the weight standard deviation.
    depth, width, n : int
        Number of layers, units per layer, examples in the batch.
    seed : int
        Seed of the random generator.

    Returns
    -------
    list of float
        One standard deviation per layer.

    """
    rng = np.random.default_rng(seed)
    H = rng.normal(size=(n, width))
    spread = []
    for _ in range(depth):
        W = rng.normal(0.0, scale / np.sqrt(width), size=(width, width))
        H = relu(H @ W)
        spread.append(float(H.std()))
    return spread
# --8<-- [end:scale]


def main():
    """Run both demonstrations."""
    symmetry_demo(np.random.default_rng(0))
    print()
    print("2. Spread of the activations through 10 ReLU layers of width 256")
    print("weight std         layer 1      layer 5     layer 10")
    for label, scale in [("0.5 / sqrt(d)", 0.5), ("sqrt(2 / d) (He)", np.sqrt(2.0)),
                         ("3 / sqrt(d)", 3.0)]:
        s = activation_spread(scale)
        print(f"{label:17s} {s[0]:9.3e}  {s[4]:9.3e}  {s[9]:9.3e}")
    he = activation_spread(np.sqrt(2.0))
    assert 0.5 < he[-1] / he[0] < 2.0
    assert activation_spread(0.5)[-1] < 1e-3 and activation_spread(3.0)[-1] > 1e3


if __name__ == "__main__":
    main()
