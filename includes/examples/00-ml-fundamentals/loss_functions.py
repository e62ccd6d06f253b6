"""Regression and classification losses computed from scratch on a handful of numbers.

Included by docs/00-ml-fundamentals/index.md (the output in "Worked example", the functions in
"Implementation"; the formulas are those of "Loss functions"). It shows how mean squared error,
mean absolute error and the Huber loss react to one outlier, which constant each loss picks as
the best single prediction (mean, median, Huber estimate), how binary cross-entropy punishes
confident mistakes, the softmax cross-entropy of one example and its gradient, and the hinge loss
of a few margins. MSE, MAE, binary cross-entropy and hinge are checked against scikit-learn; the
Huber loss against its second form, the Moreau envelope min_s 0.5 (r - s)^2 + delta |s|; every
printed gradient against central finite differences.
"""

import numpy as np
from sklearn.metrics import hinge_loss, log_loss, mean_absolute_error, mean_squared_error


# --8<-- [start:regression]
def mse(y, y_hat):
    """Mean squared error.

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Targets and predictions, in the unit of the target.

    Returns
    -------
    float
        Mean of the squared residuals, in the squared unit of the target.

    Notes
    -----
    Least squares, Legendre (1805).

    """
    r = np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)
    return float(np.mean(r**2))


def mae(y, y_hat):
    """Mean absolute error.

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Targets and predictions, in the unit of the target.

    Returns
    -------
    float
        Mean of the absolute residuals, in the unit of the target.

    """
    r = np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)
    return float(np.mean(np.abs(r)))


def huber(y, y_hat, delta=1.0):
    """Huber loss, averaged over examples.

    Quadratic for residuals with absolute value up to ``delta``, linear beyond:
    ``0.5 * r**2`` if ``|r| <= delta`` else ``delta * |r| - 0.5 * delta**2``.

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Targets and predictions, in the unit of the target.
    delta : float, default 1.0
        Threshold between the quadratic and the linear part, in the unit of the target.

    Returns
    -------
    float
        Mean Huber loss.

    Raises
    ------
    ValueError
        If ``delta`` is not positive.

    Notes
    -----
    Huber (1964), "Robust Estimation of a Location Parameter", the function rho with k = delta.

    """
    if delta <= 0:
        raise ValueError("delta must be positive")
    r = np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))
    per_example = np.where(r <= delta, 0.5 * r**2, delta * r - 0.5 * delta**2)
    return float(np.mean(per_example))
# --8<-- [end:regression]


def huber_location(y, delta=1.0, tol=1e-12):
    """Constant that minimizes the Huber loss (Huber's M-estimate of location).

    The derivative of the summed loss, ``-sum(clip(y - c, -delta, delta))``, is monotone in the
    constant ``c``, so bisection between ``min(y)`` and ``max(y)`` finds its root.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Observations.
    delta : float, default 1.0
        Huber threshold, in the unit of ``y``.
    tol : float, default 1e-12
        Width of the final bracket.

    Returns
    -------
    float
        The minimizing constant.

    Notes
    -----
    Huber (1964): the estimate T solves sum psi(x_i - T) = 0, with psi = clip(., -k, k).

    """
    y = np.asarray(y, dtype=float)
    lo, hi = float(y.min()), float(y.max())
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if np.sum(np.clip(y - mid, -delta, delta)) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# --8<-- [start:classification]
def binary_cross_entropy(y, p, eps=1e-12):
    """Binary cross-entropy (log loss), averaged over examples.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    p : ndarray of shape (n,)
        Predicted probabilities of class 1.
    eps : float, default 1e-12
        Probabilities are clipped to [eps, 1 - eps] so that log(0) never occurs.

    Returns
    -------
    float
        Mean negative log-likelihood in nats.

    Notes
    -----
    Negative log-likelihood of a Bernoulli model; the logarithmic scoring rule of Good (1952).

    """
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def softmax(z):
    """Row-wise softmax, shifted by the row maximum for numerical stability.

    Parameters
    ----------
    z : ndarray of shape (n, k)
        Logits, one row per example, one column per class.

    Returns
    -------
    ndarray of shape (n, k)
        Probabilities; every row sums to 1.

    Notes
    -----
    Bridle (1990).

    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def categorical_cross_entropy(Y, Z):
    """Softmax cross-entropy from logits, averaged over examples.

    Parameters
    ----------
    Y : ndarray of shape (n, k)
        One-hot targets.
    Z : ndarray of shape (n, k)
        Logits.

    Returns
    -------
    float
        Mean of ``-sum_j Y[i, j] * log(softmax(Z)[i, j])`` in nats.

    """
    Z = np.asarray(Z, dtype=float)
    m = Z.max(axis=1, keepdims=True)
    log_p = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(np.sum(Y * log_p, axis=1)))


def hinge(y, f):
    """Hinge loss, averaged over examples.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {-1, +1}.
    f : ndarray of shape (n,)
        Real-valued scores (decision function), not probabilities.

    Returns
    -------
    float
        Mean of ``max(0, 1 - y * f)``.

    Raises
    ------
    ValueError
        If a label is not -1 or +1.

    Notes
    -----
    The slack of the soft-margin support vector machine, Cortes & Vapnik (1995).

    """
    y = np.asarray(y, dtype=float)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("labels must be -1 or +1")
    return float(np.mean(np.maximum(0.0, 1.0 - y * np.asarray(f, dtype=float))))
# --8<-- [end:classification]


def main():
    """Print the worked-example numbers and check them."""
    # Regression: four good predictions, then one outlier target.
    y = np.array([2.5, 4.5, 5.0, 7.0, 20.0])
    y_hat = np.array([2.0, 5.0, 4.5, 8.0, 10.0])
    print("Regression losses (delta = 1 for Huber)")
    print(f"residuals y - y_hat: {np.round(y - y_hat, 2).tolist()}")
    print(f"{'':16}{'MSE':>9}{'MAE':>9}{'Huber':>9}")
    clean = (y[:4], y_hat[:4])
    rows = {"first 4 only": clean, "all 5": (y, y_hat)}
    values = {}
    for name, (a, b) in rows.items():
        values[name] = (mse(a, b), mae(a, b), huber(a, b))
        print(f"{name:16}" + "".join(f"{v:9.4f}" for v in values[name]))
    growth = [w / c for w, c in zip(values["all 5"], values["first 4 only"], strict=True)]
    print(f"{'growth factor':16}" + "".join(f"{g:9.2f}" for g in growth))
    r = y - y_hat
    print("gradient of the per-example loss w.r.t. y_hat:")
    print(f"  MSE term   -2 r     : {np.round(-2 * r, 2).tolist()}")
    print(f"  MAE term   -sign(r) : {np.round(-np.sign(r), 2).tolist()}")
    print(f"  Huber term -clip(r) : {np.round(-np.clip(r, -1, 1), 2).tolist()}")
    assert abs(mse(y, y_hat) - mean_squared_error(y, y_hat)) < 1e-12
    assert abs(mae(y, y_hat) - mean_absolute_error(y, y_hat)) < 1e-12
    # Huber is continuous at |r| = delta: both branches give delta**2 / 2.
    assert abs(huber([0.0], [1.0]) - 0.5) < 1e-15
    assert abs(huber([0.0], [1.0]) - huber([0.0], [1.0 + 1e-9])) < 1e-8
    # Huber's loss is the Moreau envelope of delta |s|; its minimizer s is soft thresholding.
    for ri in np.linspace(-3.0, 3.0, 61):
        s_opt = np.sign(ri) * max(abs(ri) - 1.0, 0.0)
        envelope = 0.5 * (ri - s_opt) ** 2 + abs(s_opt)
        assert abs(huber([ri], [0.0]) - envelope) < 1e-12
    # The printed gradient rows are the derivatives w.r.t. y_hat: central differences agree.
    h = 1e-6
    for loss, grad_row in ((mse, -2 * r), (mae, -np.sign(r)), (huber, -np.clip(r, -1, 1))):
        numeric = [(loss([yi], [fi + h]) - loss([yi], [fi - h])) / (2 * h)
                   for yi, fi in zip(y, y_hat, strict=True)]
        assert np.allclose(numeric, grad_row, atol=1e-6)

    # The best constant prediction under each loss.
    print()
    print("Best constant prediction for y =", y.tolist())
    best = {"MSE": float(y.mean()), "MAE": float(np.median(y)), "Huber": huber_location(y)}
    print(f"  MSE   -> mean        {y.mean():.4f}")
    print(f"  MAE   -> median      {np.median(y):.4f}")
    print(f"  Huber -> M-estimate  {best['Huber']:.4f}")
    losses = {"MSE": mse, "MAE": mae, "Huber": huber}
    for name, c in best.items():
        for step in (-1e-3, 1e-3):
            assert losses[name](y, np.full(5, c)) < losses[name](y, np.full(5, c + step))
    # Binary cross-entropy of one positive example at several predicted probabilities.
    print()
    print("Binary cross-entropy for a positive example (y = 1)")
    for p in (0.99, 0.9, 0.6, 0.5, 0.1, 0.01):
        print(f"  p = {p:<5} loss = {binary_cross_entropy([1], [p]):.4f}")
    y_b = np.array([1, 0, 1, 1, 0])
    p_b = np.array([0.9, 0.2, 0.7, 0.3, 0.4])
    bce = binary_cross_entropy(y_b, p_b)
    print(f"  mean over y={y_b.tolist()}, p={p_b.tolist()}: {bce:.4f}")
    assert abs(bce - log_loss(y_b, p_b)) < 1e-12

    # Softmax cross-entropy of one example with three classes, true class 0.
    print()
    z = np.array([[2.0, 1.0, 0.1]])
    Y = np.array([[1.0, 0.0, 0.0]])
    p = softmax(z)
    ce = categorical_cross_entropy(Y, z)
    print(f"Softmax of logits {z[0].tolist()}: [{', '.join(f'{v:.4f}' for v in p[0])}]")
    print(f"Categorical cross-entropy (true class 0): {ce:.4f} = -log({p[0, 0]:.4f})")
    grad = p - Y
    h = 1e-6
    numeric = np.array([
        (categorical_cross_entropy(Y, z + h * e) - categorical_cross_entropy(Y, z - h * e))
        / (2 * h)
        for e in np.eye(3)[:, None, :]
    ])
    print(f"Gradient w.r.t. logits, softmax(z) - y: [{', '.join(f'{v:.4f}' for v in grad[0])}]")
    assert np.allclose(numeric, grad[0], atol=1e-8)
    # The max shift changes nothing mathematically: compare with the textbook formula.
    assert np.allclose(p, np.exp(z) / np.exp(z).sum(), atol=1e-15)
    assert abs(p.sum() - 1.0) < 1e-12
    assert abs(ce + np.log(p[0, 0])) < 1e-12
    # Shifted logits that overflow exp() without the max shift give the same probabilities.
    assert np.allclose(softmax(z + 1000.0), p, atol=1e-15)
    # With two classes, softmax cross-entropy equals binary cross-entropy of the sigmoid.
    z2 = np.array([[0.0, 0.7]])
    sig = 1 / (1 + np.exp(-0.7))
    two_class = categorical_cross_entropy([[0.0, 1.0]], z2)
    assert abs(two_class - binary_cross_entropy([1], [sig])) < 1e-12

    # Hinge loss on margins y * f.
    print()
    y_h = np.array([1, 1, 1, -1, -1])
    f_h = np.array([2.0, 0.5, -0.5, -3.0, 0.2])
    print("Hinge loss max(0, 1 - y f)")
    for yi, fi in zip(y_h, f_h, strict=True):
        loss = hinge([yi], [fi])
        print(f"  y = {yi:+d}, f = {fi:+.1f}, margin = {yi * fi:+.1f}, loss = {loss:.1f}")
    print(f"  mean: {hinge(y_h, f_h):.4f}")
    assert abs(hinge(y_h, f_h) - hinge_loss(y_h, f_h)) < 1e-12


if __name__ == "__main__":
    main()
