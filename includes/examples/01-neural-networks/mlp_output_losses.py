"""Output layers paired with their losses: the gradient with respect to the logits is p - y.

Included by docs/01-neural-networks/index.md (section on output layers and losses). For the three
standard pairings (linear + squared error, sigmoid + binary cross-entropy, softmax +
cross-entropy) and for the multi-label case, the script checks the analytic gradient with
respect to the logits against central differences. It then shows what the mismatched pairing,
sigmoid + squared error, does to the gradient of a confidently wrong example.
"""

import numpy as np


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), computed without overflow.

    Parameters
    ----------
    z : ndarray of any shape
        Logits.

    Returns
    -------
    ndarray of the same shape
        Probabilities in (0, 1).

    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# --8<-- [start:pairings]
def linear_mse(Z, Y):
    """Identity output with half the squared error, averaged over the batch.

    L = (1 / 2n) sum_i ||z_i - y_i||^2; dL/dZ = (Z - Y) / n (least squares: Legendre, 1805;
    Gauss, 1809).

    Parameters
    ----------
    Z : ndarray of shape (n, k)
        Logits, which are the predictions themselves.
    Y : ndarray of shape (n, k)
        Real-valued targets.

    Returns
    -------
    loss : float
        Loss in squared target units.
    grad : ndarray of shape (n, k)
        Gradient of the loss with respect to Z.

    """
    n = len(Z)
    return float(np.sum((Z - Y) ** 2) / (2 * n)), (Z - Y) / n


def sigmoid_bce(Z, Y):
    """Sigmoid output per unit with binary cross-entropy, summed over units, mean over batch.

    L = -(1/n) sum_i sum_j [y log p + (1 - y) log(1 - p)], p = sigmoid(z); dL/dZ = (P - Y) / n.
    With k = 1 this is the binary case; with k > 1 it is multi-label classification.

    Parameters
    ----------
    Z : ndarray of shape (n, k)
        Logits.
    Y : ndarray of shape (n, k)
        Labels in {0, 1}, one independent label per unit.

    Returns
    -------
    loss : float
        Mean negative log-likelihood in nats.
    grad : ndarray of shape (n, k)
        Gradient of the loss with respect to Z.

    """
    n = len(Z)
    loss = np.sum(Y * np.logaddexp(0.0, -Z) + (1 - Y) * np.logaddexp(0.0, Z)) / n
    return float(loss), (sigmoid(Z) - Y) / n


def softmax_ce(Z, Y):
    """Softmax output with categorical cross-entropy, mean over the batch.

    L = -(1/n) sum_i sum_j y_ij log softmax(z_i)_j; dL/dZ = (softmax(Z) - Y) / n
    (softmax: Bridle, 1990). The log-softmax is computed as z - logsumexp(z).

    Parameters
    ----------
    Z : ndarray of shape (n, k)
        Logits.
    Y : ndarray of shape (n, k)
        One-hot targets; each row sums to 1.

    Returns
    -------
    loss : float
        Mean negative log-likelihood in nats.
    grad : ndarray of shape (n, k)
        Gradient of the loss with respect to Z.

    """
    n = len(Z)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / n), (np.exp(log_p) - Y) / n


def sigmoid_mse(Z, Y):
    """Pair a sigmoid output with half the squared error (the mismatched pairing).

    L = (1 / 2n) sum (p - y)^2, p = sigmoid(z); dL/dZ = (P - Y) * P * (1 - P) / n, by the chain
    rule with dp/dz = p (1 - p).

    Parameters
    ----------
    Z : ndarray of shape (n, k)
        Logits.
    Y : ndarray of shape (n, k)
        Labels in {0, 1}.

    Returns
    -------
    loss : float
        Loss.
    grad : ndarray of shape (n, k)
        Gradient of the loss with respect to Z.

    """
    n = len(Z)
    P = sigmoid(Z)
    return float(np.sum((P - Y) ** 2) / (2 * n)), (P - Y) * P * (1 - P) / n
# --8<-- [end:pairings]


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


def main():
    """Check every pairing's logit gradient, then compare BCE and MSE on a sigmoid output."""
    rng = np.random.default_rng(0)
    n, k = 3, 4
    Z = rng.normal(scale=2.0, size=(n, k))
    cases = [
        ("linear + squared error (regression)", linear_mse, rng.normal(size=(n, k))),
        ("sigmoid + BCE (binary, k = 1)", sigmoid_bce, rng.integers(0, 2, size=(n, 1))),
        ("sigmoid + BCE (multi-label)", sigmoid_bce, rng.integers(0, 2, size=(n, k))),
        ("softmax + cross-entropy (multi-class)", softmax_ce, np.eye(k)[rng.integers(0, k, n)]),
        ("sigmoid + squared error (mismatched)", sigmoid_mse, rng.integers(0, 2, size=(n, k))),
    ]
    print(f"Gradient with respect to the logits, batch of n = {n}, checked by central differences")
    for name, pairing, Y in cases:
        Zc = Z[:, : Y.shape[1]]
        loss, grad = pairing(Zc, Y)
        numeric = central_difference(lambda v, p=pairing, t=Y: p(v, t)[0], Zc)
        err = np.abs(grad - numeric).max()
        assert err < 1e-8, name
        print(f"{name:38s} loss {loss:.4f}  max |analytic - numeric| < 1e-8: {err < 1e-8}")
    # For the matched pairings the gradient is literally (prediction - target) / n.
    _, g = softmax_ce(Z, cases[3][2])
    assert np.allclose(g * n, np.exp(Z) / np.exp(Z).sum(1, keepdims=True) - cases[3][2])
    assert np.allclose(g.sum(axis=1), 0.0)   # softmax gradients sum to zero over classes

    print()
    print("One example with label y = 1, increasingly confidently wrong (n = 1)")
    print("logit z    p = sigmoid(z)   dBCE/dz    d(squared error)/dz")
    for z in (0.0, -2.0, -4.0, -6.0, -8.0):
        zz, yy = np.array([[z]]), np.array([[1.0]])
        g_bce, g_mse = sigmoid_bce(zz, yy)[1][0, 0], sigmoid_mse(zz, yy)[1][0, 0]
        print(f"{z:7.1f}    {sigmoid(zz)[0, 0]:.4f}          {g_bce:8.4f}   {g_mse:8.4f}")
    assert abs(sigmoid_mse(np.array([[-8.0]]), np.array([[1.0]]))[1][0, 0]) < 1e-3


if __name__ == "__main__":
    main()
