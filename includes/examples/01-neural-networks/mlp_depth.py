"""Depth against width: a narrow deep ReLU network whose pieces double with every layer.

Included by docs/01-neural-networks/index.md (section on width and depth). The tent map
t(x) = 2 ReLU(x) - 4 ReLU(x - 1/2) is one hidden layer of two ReLU units; composing it k times
gives a sawtooth with 2^k linear pieces on [0, 1] (the construction of Telgarsky, 2015/2016).
A network with one hidden layer of m ReLU units and a scalar input is piecewise linear with at
most m + 1 pieces, so it needs at least 2^k - 1 units to represent the same function; the script
builds one with 2^k units and checks that it agrees with the deep network everywhere.
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


# --8<-- [start:sawtooth]
def deep_sawtooth(x, k):
    """Compose the tent map k times: k hidden layers of 2 ReLU units each.

    Each layer computes t(h) = 2 ReLU(h) - 4 ReLU(h - 1/2), which maps [0, 1] onto [0, 1]
    (Telgarsky, 2016, the function used for the depth separation).

    Parameters
    ----------
    x : ndarray of shape (n,)
        Inputs in [0, 1].
    k : int
        Number of layers (compositions).

    Returns
    -------
    ndarray of shape (n,)
        The sawtooth with 2^(k-1) teeth and 2^k linear pieces.

    """
    h = x
    for _ in range(k):
        h = 2.0 * relu(h) - 4.0 * relu(h - 0.5)
    return h


def shallow_equivalent(x, k):
    """One hidden layer of 2^k ReLU units that reproduces deep_sawtooth(x, k) on [0, 1].

    A piecewise linear function on [0, 1] with breakpoints t_1 < ... < t_m equals
    s_0 ReLU(x) + sum_j (s_j - s_{j-1}) ReLU(x - t_j), where s_j is the slope after t_j.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Inputs in [0, 1].
    k : int
        Depth of the deep network to imitate.

    Returns
    -------
    ndarray of shape (n,)
        Same values as the deep network.

    """
    pieces = 2 ** k
    breaks = np.arange(pieces) / pieces                  # 0 and the 2^k - 1 kinks
    slopes = pieces * (-1.0) ** np.arange(pieces)        # +2^k, -2^k, +2^k, ...
    weights = np.diff(slopes, prepend=0.0)               # change of slope at each break
    return relu(x[:, None] - breaks[None, :]) @ weights
# --8<-- [end:sawtooth]


def count_pieces(y, x):
    """Count the linear pieces of a sampled piecewise linear function.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Function values on the grid.
    x : ndarray of shape (n,)
        Sorted grid whose spacing divides every piece evenly.

    Returns
    -------
    int
        One plus the number of slope changes.

    """
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(~np.isclose(slopes[1:], slopes[:-1])))


def main():
    """Print the pieces, units and parameters of deep and shallow networks for k = 1..6."""
    x = np.linspace(0.0, 1.0, 2 ** 12 + 1)
    print("k  pieces  deep: units  params   shallow: units needed  units built  params")
    for k in range(1, 7):
        deep = deep_sawtooth(x, k)
        shallow = shallow_equivalent(x, k)
        assert np.allclose(deep, shallow)
        pieces = count_pieces(deep, x)
        assert pieces == 2 ** k
        deep_params = 4 + 6 * (k - 1) + 3      # first layer 2+2, then 2x2+2 each, output 2+1
        shallow_params = 3 * 2 ** k + 1        # 2^k weights and biases in, 2^k weights + 1 out
        print(f"{k}  {pieces:6d}  {2 * k:11d}  {deep_params:6d}   {2 ** k - 1:21d}  "
              f"{2 ** k:11d}  {shallow_params:6d}")
    print("deep and shallow networks agree on all 4097 grid points for every k")


if __name__ == "__main__":
    main()
