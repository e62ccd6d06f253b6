"""Depth efficiency: a deep, narrow ReLU network against a shallow, wide one.

Composing the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) with itself k times gives a
sawtooth with 2**k linear pieces (2**(k - 1) teeth) on [0, 1]. A ReLU network with k hidden
layers of two units computes it exactly; a network with one hidden layer of m units has at most
m + 1 pieces. The Neural Networks article (docs/01-neural-networks/index.md) shows the exact
construction up to k = 6; this script, included by docs/02-deep-learning/index.md ("Deep Learning
Overview"), traces one input through the deep network as a weight-matrix network, repeats the
exact comparison for k up to 10, and then asks what the exact count leaves open: how close a
one-hidden-layer network with fewer units can get. It fits such networks by least squares and
checks their mean absolute error against the lower bound (1/4)(1 - m / 2**(k - 1)) derived in
the article.
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


def mean_abs_error(f, g, grid):
    """Mean absolute difference of two functions on [0, 1], by the trapezoidal rule.

    Parameters
    ----------
    f, g : ndarray of shape (n,)
        Function values at ``grid``.
    grid : ndarray of shape (n,)
        Increasing, equally spaced points from 0 to 1.

    Returns
    -------
    float
        Approximation of the integral of ``|f - g|`` over [0, 1].
    """
    e = np.abs(f - g)
    return float(np.sum(e[:-1] + e[1:]) / 2 * (grid[1] - grid[0]))


def n_params(params):
    """Total number of weights and biases of a network given as a list of (W, b)."""
    return sum(W.size + b.size for W, b in params)


# --8<-- [start:fit]
def fit_one_hidden_layer(knots, grid, target):
    """Least-squares fit of a one-hidden-layer ReLU network whose units bend at ``knots``.

    With unit j computing ``relu(x - knots[j])`` and a first knot at 0, the network is any
    continuous piecewise linear function on [0, 1] that bends only at the knots. The fit
    projects ``target`` onto that space in the well-conditioned basis of hat functions, then
    writes the result as a network: output bias = value at 0, output weight of unit j = change
    of slope at ``knots[j]``.

    Parameters
    ----------
    knots : ndarray of shape (m,)
        Increasing kink positions in [0, 1), ``knots[0] == 0``; m is the number of hidden units.
    grid : ndarray of shape (n,)
        Increasing sample points in [0, 1], 0 and 1 included.
    target : ndarray of shape (n,)
        Values to fit at ``grid``.

    Returns
    -------
    list of (W, b)
        Hidden layer (``W`` of shape (1, m), ``b`` of shape (m,)) and output layer
        (``W`` of shape (m, 1), ``b`` of shape (1,)), usable with :func:`forward`.

    Raises
    ------
    ValueError
        If the first knot is not 0.
    """
    if knots[0] != 0.0:
        raise ValueError("the first knot must be 0")
    nodes = np.append(knots, 1.0)
    hats = np.stack([np.interp(grid, nodes, e) for e in np.eye(len(nodes))], axis=1)
    values = np.linalg.solve(hats.T @ hats, hats.T @ target)  # fitted values at the nodes
    slopes = np.diff(values) / np.diff(nodes)  # slope after each knot, shape (m,)
    out_w = np.diff(slopes, prepend=0.0)  # change of slope at each knot
    m = len(knots)
    return [(np.ones((1, m)), -knots), (out_w.reshape(-1, 1), values[:1])]
# --8<-- [end:fit]


def approximation_bound(m, k):
    """Lower bound on the mean absolute error of any m-unit one-hidden-layer ReLU network.

    Derived in the article: the network has at most m kinks, so at least 2**(k-1) - m of the
    sawtooth's teeth contain none; on each such tooth the network is affine, and no affine
    function has a mean absolute error below 1/4 there.

    Parameters
    ----------
    m : int
        Number of hidden units.
    k : int
        Number of compositions of the tent map (the sawtooth has 2**(k - 1) teeth).

    Returns
    -------
    float
        ``max(0, (1 - m / 2**(k - 1)) / 4)``.
    """
    return max(0.0, 0.25 * (1.0 - m / 2 ** (k - 1)))


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
    print("Exact representation")
    print(" k | pieces | deep units | params | shallow units | params | max diff")
    for k in (6, 8, 10):
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
    print(f"200 random one-hidden-layer nets with 5 units: at most {5 + worst} pieces each")

    # On one tooth, no affine function beats the constant 1/2 (mean absolute error 1/4).
    u = np.linspace(0.0, 1.0, 1001)
    tooth = 1.0 - np.abs(2.0 * u - 1.0)
    levels, slopes = np.linspace(0.0, 1.0, 101), np.linspace(-2.0, 2.0, 81)
    err = np.array([[mean_abs_error(tooth, c + s * (u - 0.5), u) for s in slopes]
                    for c in levels])
    i, j = np.unravel_index(err.argmin(), err.shape)
    print()
    print(f"Best affine fit to one tooth: level {levels[i]:.2f}, slope {slopes[j]:.2f}, "
          f"mean absolute error {err.min():.4f}")
    assert abs(err.min() - 0.25) < 1e-12 and (i, j) == (50, 40)

    # Approximation: least-squares one-hidden-layer fits with m < 2**k units.
    k = 6
    fit_grid = np.arange(2**12 + 1) / 2**12
    target = forward(deep_sawtooth_params(k), fit_grid)
    print(f"Approximating the k = {k} sawtooth ({2**k} pieces, {2 ** (k - 1)} teeth), "
          f"mean absolute error on [0, 1]")
    print("  m units | evenly spaced | on sawtooth kinks | lower bound")
    for m in (4, 8, 16, 32, 48, 63, 64):
        errors = []
        for knots in (np.arange(m) / m, np.arange(m) / 2**k):  # even; 0 and first m - 1 kinks
            net = fit_one_hidden_layer(knots, fit_grid, target)
            assert net[0][0].shape == (1, m)  # a network with m hidden units
            errors.append(mean_abs_error(forward(net, fit_grid), target, fit_grid))
        bound = approximation_bound(m, k)
        print(f"  {m:7d} | {errors[0]:13.4f} | {errors[1]:17.4f} | {bound:11.4f}")
        assert min(errors) >= bound - 1e-3  # the bound holds for every network
        if m == 2**k:
            assert max(errors) < 1e-9  # enough units at the right places: exact
    deep_err = mean_abs_error(forward(deep_sawtooth_params(k), fit_grid), target, fit_grid)
    print(f"  deep network, {2 * k} units: mean absolute error {deep_err:.4f}")
    assert deep_err == 0.0

    # Parameter sharing: a dense layer against a 3 x 3 convolution on a 224 x 224 x 3 image.
    dense = 224 * 224 * 3 * 64 + 64
    conv = 3 * 3 * 3 * 64 + 64
    print()
    print(f"224x224x3 image to 64 units, dense layer: {dense:,} parameters")
    print(f"224x224x3 image to 64 channels, 3x3 convolution: {conv:,} parameters")


if __name__ == "__main__":
    main()
