"""Feature engineering against representation learning on two concentric circles.

A linear classifier cannot separate two concentric rings in the raw coordinates. It can once a
person adds the engineered feature x1**2 + x2**2, and it can on the hidden layer of a small
neural network that was trained end to end and found such a feature by itself. The script fits
all three, prints their test accuracies and how closely the network's learned score tracks the
hand-made radius feature. Included by docs/02-deep-learning/index.md ("Deep Learning Overview").
"""

import numpy as np
from sklearn.datasets import make_circles
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), element-wise; any shape."""
    return 1.0 / (1.0 + np.exp(-z))


# --8<-- [start:mlp]
def mlp_loss_and_grads(params, X, y):
    """Binary cross-entropy of a one-hidden-layer tanh network and its gradients.

    ``H = tanh(X @ W1 + b1)``, ``z = H @ w2 + b2``, ``p = sigmoid(z)``,
    ``loss = -mean(y log p + (1 - y) log(1 - p))``. The gradient of the loss with respect to
    the logits is ``(p - y) / n`` (Rumelhart, Hinton & Williams, 1986, for the backward pass).

    Parameters
    ----------
    params : dict
        ``W1`` of shape (d, h), ``b1`` of shape (h,), ``w2`` of shape (h,), ``b2`` a float.
    X : ndarray of shape (n, d)
        Inputs, one example per row.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    loss : float
    grads : dict
        Same keys and shapes as ``params``.
    """
    n = X.shape[0]
    H = np.tanh(X @ params["W1"] + params["b1"])  # (n, h): the learned features
    p = sigmoid(H @ params["w2"] + params["b2"])  # (n,)
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    dz = (p - y) / n  # dLoss/dz
    dH = np.outer(dz, params["w2"]) * (1 - H**2)  # tanh'(a) = 1 - tanh(a)**2
    grads = {"W1": X.T @ dH, "b1": dH.sum(axis=0), "w2": H.T @ dz, "b2": dz.sum()}
    return float(loss), grads


def train_mlp(X, y, hidden=4, lr=0.5, steps=4000, seed=0):
    """Train the network of :func:`mlp_loss_and_grads` with full-batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
    hidden : int
        Width h of the hidden layer.
    lr : float
        Learning rate.
    steps : int
        Number of gradient steps.
    seed : int
        Seed of the Glorot-uniform initialization (Glorot & Bengio, 2010).

    Returns
    -------
    dict
        Trained parameters.
    """
    rng = np.random.default_rng(seed)
    d = X.shape[1]
    limit = np.sqrt(6.0 / (d + hidden))
    params = {"W1": rng.uniform(-limit, limit, size=(d, hidden)), "b1": np.zeros(hidden),
              "w2": rng.uniform(-limit, limit, size=hidden), "b2": 0.0}
    for _ in range(steps):
        _, grads = mlp_loss_and_grads(params, X, y)
        for key in params:
            params[key] = params[key] - lr * grads[key]
    return params
# --8<-- [end:mlp]


def check_gradients(params, X, y, eps=1e-6):
    """Largest relative difference between backprop and central differences over all entries.

    Parameters
    ----------
    params : dict
        As for :func:`mlp_loss_and_grads`.
    X, y : ndarray
        A small batch.
    eps : float
        Step of the central difference.

    Returns
    -------
    float
    """
    _, grads = mlp_loss_and_grads(params, X, y)
    worst = 0.0
    for key in params:
        base = np.array(params[key], dtype=float)
        for i in np.ndindex(base.shape):
            shifted = []
            for step in (eps, -eps):
                moved = base.copy()
                moved[i] += step
                shifted.append(mlp_loss_and_grads({**params, key: moved}, X, y)[0])
            numeric = (shifted[0] - shifted[1]) / (2 * eps)
            exact = np.asarray(grads[key])[i]
            worst = max(worst, abs(numeric - exact) / max(1e-8, abs(numeric) + abs(exact)))
    return worst


def main():
    """Print the accuracies and check the claims of the article."""
    X, y = make_circles(n_samples=400, noise=0.1, factor=0.5, random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

    def radius_feature(A):
        return np.column_stack([A, (A**2).sum(axis=1)])  # engineered: x1, x2, x1^2 + x2^2

    raw = LogisticRegression().fit(X_tr, y_tr)
    engineered = LogisticRegression().fit(radius_feature(X_tr), y_tr)
    params = train_mlp(X_tr, y_tr)
    H_te = np.tanh(X_te @ params["W1"] + params["b1"])
    z_te = H_te @ params["w2"] + params["b2"]
    acc_raw = raw.score(X_te, y_te)
    acc_eng = engineered.score(radius_feature(X_te), y_te)
    acc_mlp = np.mean((z_te > 0) == y_te)
    loss_tr, _ = mlp_loss_and_grads(params, X_tr, y_tr)

    print(f"{len(y_tr)} training and {len(y_te)} test points on two rings (radii 1 and 0.5)")
    print(f"logistic regression on (x1, x2)                 test accuracy {acc_raw:.3f}")
    print(f"logistic regression on (x1, x2, x1^2 + x2^2)    test accuracy {acc_eng:.3f}")
    print(f"2-4-1 tanh network, learned features            test accuracy {acc_mlp:.3f}")
    print(f"network training loss (binary cross-entropy)    {loss_tr:.4f}")
    r2 = (X_te**2).sum(axis=1)
    corr = np.corrcoef(z_te, r2)[0, 1]
    print(f"correlation of the network's logit with x1^2 + x2^2 on test points: {corr:.3f}")

    worst = check_gradients(params, X_tr[:10], y_tr[:10])
    print(f"backprop vs central differences, largest relative error: {worst:.1e}")

    assert acc_raw < 0.7  # a line cannot separate the rings
    assert acc_eng > 0.95 and acc_mlp > 0.95  # the right feature, engineered or learned
    assert corr < -0.9  # the learned score is (minus) a radius: inner ring is class 1
    assert worst < 1e-6


if __name__ == "__main__":
    main()
