"""Depth efficiency: a deep, narrow ReLU network against a shallow, wide one.

Composing the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) with itself k times gives a
sawtooth with 2**k linear pieces on [0, 1]. A ReLU network with k hidden layers of two units
computes it exactly; a network with one hidden layer needs 2**k units, because each unit adds at
most one kink. The script builds both networks, checks that they agree, counts the linear pieces
and the parameters, and prints the numbers used in the worked example of the article
docs/02-deep-learning/index.md ("Deep Learning Overview").
"""

import numpy as np


def relu(z):
    """Rectified linear unit, max(0, z), element-wise.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    ndarray of the same shape as ``z``.
    """
    return np.maximum(z, 0.0)


# --8<-- [start:deep]
def deep_sawtooth_params(k):
    """Weights of a ReLU network with ``k`` hidden layers of width 2 computing t composed k times.

    Layer l computes ``h = relu(a @ W + b)``; the tent map of the previous layer,
    ``2 h_1 - 4 h_2``, is folded into the weights of the next layer, so every hidden layer has
    the same 2 x 2 weight matrix. Construction of Telgarsky (2016), section 3.

    Parameters
    ----------
    k : int
        Number of hidden layers (compositions of the tent map), ``k >= 1``.

    Returns
    -------
    list of (W, b)
        ``k`` hidden layers (``W`` of shape (1, 2) for the first, (2, 2) after it; ``b`` of
        shape (2,)) followed by the linear output layer (``W`` of shape (2, 1), ``b`` of (1,)).

    Raises
    ------
    ValueError
        If ``k < 1``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    bias = np.array([0.0, -0.5])
    first = (np.array([[1.0, 1.0]]), bias)  # pre-activations x and x - 1/2
    tent = np.array([[2.0], [-4.0]])  # t = 2 relu(x) - 4 relu(x - 1/2)
    later = (tent @ np.array([[1.0, 1.0]]), bias)  # feed t into the next pair of units
    return [first] + [later] * (k - 1) + [(tent, np.array([0.0]))]


def forward(params, x):
    """Evaluate a ReLU network (ReLU on every layer except the last) on scalar inputs.

    Parameters
    ----------
    params : list of (W, b)
        Layers as returned by :func:`deep_sawtooth_params` or :func:`shallow_sawtooth_params`.
    x : ndarray of shape (n,)
        Inputs.

    Returns
    -------
    ndarray of shape (n,)
        Network outputs.
    """
    a = x.reshape(-1, 1)
    for W, b in params[:-1]:
        a = relu(a @ W + b)
    W, b = params[-1]
    return (a @ W + b).ravel()
# --8<-- [end:deep]


# --8<-- [start:shallow]
def shallow_sawtooth_params(k):
    """One-hidden-layer ReLU network equal to the k-fold tent map on [0, 1].

    The sawtooth has kinks at j / 2**k for j = 1, ..., 2**k - 1 and slope +-2**k. Unit j
    computes relu(x - j / 2**k); its output weight is the change of slope at that kink
    (2**k for the unit at 0, then -2 * 2**k, +2 * 2**k, ... alternately).

    Parameters
    ----------
    k : int
        Number of compositions, ``k >= 1``.

    Returns
    -------
    list of (W, b)
        Hidden layer (``W`` of shape (1, 2**k), ``b`` of shape (2**k,)) and output layer
        (``W`` of shape (2**k, 1), ``b`` of shape (1,)).
    """
    m = 2**k
    knots = np.arange(m) / m
    slope_change = np.where(np.arange(m) % 2 == 1, -2.0, 2.0) * m
    slope_change[0] = m
    return [(np.ones((1, m)), -knots), (slope_change.reshape(-1, 1), np.array([0.0]))]
# --8<-- [end:shallow]


def count_pieces(f, grid):
    """Count the maximal linear pieces of a piecewise linear function sampled on a grid.

    Parameters
    ----------
    f : ndarray of shape (n,)
        Function values at ``grid``.
    grid : ndarray of shape (n,)
        Increasing sample points that include every kink of the function.

    Returns
    -------
    int
        One plus the number of places where the slope changes.
    """
    slopes = np.diff(f) / np.diff(grid)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > 1e-6))


def n_params(params):
    """Total number of weights and biases of a network given as a list of (W, b)."""
    return sum(W.size + b.size for W, b in params)


def main():
    """Print the worked-example numbers and check the claims of the article."""
    x0 = 0.3
    print(f"Tracing x = {x0} through the deep network, one tent map per hidden layer")
    a = x0
    for layer in range(1, 4):
        h1, h2 = relu(a), relu(a - 0.5)
        a = 2 * h1 - 4 * h2
        print(f"  layer {layer}: relu(a) = {h1:.1f}, relu(a - 0.5) = {h2:.1f}, "
              f"t(a) = 2*{h1:.1f} - 4*{h2:.1f} = {a:.1f}")
    out = forward(deep_sawtooth_params(3), np.array([x0]))[0]
    assert abs(out - a) < 1e-12

    grid = np.arange(2**14 + 1) / 2**14  # dyadic grid: contains every kink, exact in float64
    print()
    print(" k | pieces | deep units | params | shallow units | params | max diff")
    for k in (1, 2, 3, 4, 6, 8, 10):
        deep, shallow = deep_sawtooth_params(k), shallow_sawtooth_params(k)
        f_deep, f_shallow = forward(deep, grid), forward(shallow, grid)
        pieces = count_pieces(f_deep, grid)
        units_deep, units_shallow = 2 * k, 2**k
        diff = np.max(np.abs(f_deep - f_shallow))
        print(f"{k:2d} | {pieces:6d} | {units_deep:10d} | {n_params(deep):6d} | "
              f"{units_shallow:13d} | {n_params(shallow):6d} | {diff:.1e}")
        assert pieces == 2**k  # each composition doubles the number of pieces
        assert n_params(deep) == 6 * k + 1 and n_params(shallow) == 3 * 2**k + 1
        assert diff == 0.0  # the two networks compute the same function exactly
        assert count_pieces(f_shallow, grid) <= units_shallow + 1

    # A one-hidden-layer network with m units has at most m + 1 pieces: random check.
    rng = np.random.default_rng(0)
    worst = 0
    for _ in range(200):
        m = 5
        params = [(rng.normal(size=(1, m)), rng.normal(size=m)),
                  (rng.normal(size=(m, 1)), rng.normal(size=1))]
        kinks = -params[0][1] / params[0][0].ravel()
        fine = np.union1d(np.linspace(-5.0, 5.0, 1001), kinks[np.abs(kinks) < 5.0])
        worst = max(worst, count_pieces(forward(params, fine), fine) - m)
    assert worst <= 1
    print()
    print(f"200 random one-hidden-layer nets with 5 units: at most {5 + worst} pieces each")

    # Parameter sharing: a dense layer against a 3 x 3 convolution on a 224 x 224 x 3 image.
    dense = 224 * 224 * 3 * 64 + 64
    conv = 3 * 3 * 3 * 64 + 64
    print(f"224x224x3 image to 64 units, dense layer: {dense:,} parameters")
    print(f"224x224x3 image to 64 channels, 3x3 convolution: {conv:,} parameters")


if __name__ == "__main__":
    main()
