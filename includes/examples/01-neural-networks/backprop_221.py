"""Backpropagation by hand on a 2-2-1 network: every forward and backward number, printed.

Included by docs/01-neural-networks/02-backpropagation.md ("Worked example" shows the output,
"Implementation" the forward and backward functions). The network has two inputs, two sigmoid
hidden units and one sigmoid output unit, and is trained with binary cross-entropy averaged over
the batch (here a batch of one example, so the average is the loss of that example). The script
prints the forward values, every backward quantity, a central-difference check of all nine
partial derivatives, one gradient-descent step and the loss before and after it, and, for
comparison, the output error signal that the squared error would have produced.
"""

import numpy as np

# The example: one input row, its label, and the initial parameters (batch-first shapes).
X = np.array([[1.0, 2.0]])  # (n, d) = (1, 2)
Y = np.array([[1.0]])  # (n, 1)
PARAMS = {
    "W1": np.array([[0.1, 0.3], [-0.2, 0.4]]),  # (d, d1) = (2, 2); column j feeds hidden unit j
    "b1": np.array([0.1, -0.2]),  # (d1,) = (2,)
    "W2": np.array([[0.5], [-0.6]]),  # (d1, 1) = (2, 1)
    "b2": np.array([0.1]),  # (1,)
}
LEARNING_RATE = 0.5


# --8<-- [start:forward_backward]
def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), element-wise; any shape in, same shape out."""
    return 1.0 / (1.0 + np.exp(-z))


def forward(params, X, Y):
    """Forward pass of the 2-2-1 network with binary cross-entropy averaged over the batch.

    Parameters
    ----------
    params : dict of ndarray
        ``W1`` (d, d1), ``b1`` (d1,), ``W2`` (d1, 1), ``b2`` (1,).
    X : ndarray of shape (n, d)
        Inputs, one example per row.
    Y : ndarray of shape (n, 1)
        Labels in {0, 1}.

    Returns
    -------
    loss : float
        Mean binary cross-entropy in nats.
    cache : dict of ndarray
        ``Z1``, ``A1`` of shape (n, d1) and ``Z2``, ``Y_hat`` of shape (n, 1), kept for the
        backward pass.
    """
    Z1 = X @ params["W1"] + params["b1"]  # (n, d1) pre-activations of the hidden layer
    A1 = sigmoid(Z1)  # (n, d1) hidden activations
    Z2 = A1 @ params["W2"] + params["b2"]  # (n, 1) output logit
    Y_hat = sigmoid(Z2)  # (n, 1) predicted probability of class 1
    loss = -np.mean(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat))
    return float(loss), {"Z1": Z1, "A1": A1, "Z2": Z2, "Y_hat": Y_hat}


def backward(params, X, Y, cache):
    """Backward pass: the gradient of the mean loss with respect to every parameter.

    Parameters
    ----------
    params : dict of ndarray
        As in :func:`forward`.
    X, Y : ndarray of shape (n, d) and (n, 1)
        The batch the forward pass saw.
    cache : dict of ndarray
        The intermediate values returned by :func:`forward`.

    Returns
    -------
    dict of ndarray
        ``delta2`` (n, 1) and ``delta1`` (n, d1), the error signals dL/dZ2 and dL/dZ1, ``dA1``
        (n, d1), and ``W1``, ``b1``, ``W2``, ``b2`` with the shapes of the parameters.

    Notes
    -----
    Sigmoid output with binary cross-entropy gives dL/dZ2 = (Y_hat - Y) / n; the sigmoid's
    derivative is a (1 - a). The chain rule is applied layer by layer as in Rumelhart, Hinton &
    Williams (1986).
    """
    n = X.shape[0]
    delta2 = (cache["Y_hat"] - Y) / n  # (n, 1)  dL/dZ2
    grads = {"delta2": delta2}
    grads["W2"] = cache["A1"].T @ delta2  # (d1, 1)
    grads["b2"] = delta2.sum(axis=0)  # (1,)
    grads["dA1"] = delta2 @ params["W2"].T  # (n, d1)  dL/dA1
    grads["delta1"] = grads["dA1"] * cache["A1"] * (1 - cache["A1"])  # (n, d1)  dL/dZ1
    grads["W1"] = X.T @ grads["delta1"]  # (d, d1)
    grads["b1"] = grads["delta1"].sum(axis=0)  # (d1,)
    return grads
# --8<-- [end:forward_backward]


def numerical_gradient(params, X, Y, eps=1e-6):
    """Central-difference estimate of the gradient, one parameter entry at a time.

    Parameters
    ----------
    params : dict of ndarray
        As in :func:`forward`; entries are perturbed in place and restored.
    X, Y : ndarray
        The batch.
    eps : float, default 1e-6
        Half-width h of the difference (L(w + h) - L(w - h)) / (2 h); its error is O(h^2).

    Returns
    -------
    dict of ndarray
        Estimates with the shapes of the parameters.
    """
    out = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            old = value[idx]
            value[idx] = old + eps
            plus, _ = forward(params, X, Y)
            value[idx] = old - eps
            minus, _ = forward(params, X, Y)
            value[idx] = old
            grad[idx] = (plus - minus) / (2 * eps)
        out[name] = grad
    return out


def half_squared_error(z2, y=1.0):
    """Squared error 0.5 (sigmoid(z2) - y)^2 of one example as a function of its logit z2."""
    return 0.5 * (sigmoid(z2) - y) ** 2


def fmt(a):
    """Format an array's entries with four decimals and an explicit sign, row by row."""
    rows = np.atleast_2d(a)
    return "; ".join(", ".join(f"{v:+.4f}" for v in row) for row in rows)


def main():
    """Print the worked example and assert that every claim about it holds."""
    loss, cache = forward(PARAMS, X, Y)
    print("Forward pass (x = (1, 2), y = 1)")
    print(f"  Z1    = {fmt(cache['Z1'])}")
    print(f"  A1    = {fmt(cache['A1'])}")
    print(f"  Z2    = {fmt(cache['Z2'])}")
    print(f"  y_hat = {cache['Y_hat'][0, 0]:.4f}")
    print(f"  loss  = {loss:.4f}   (binary cross-entropy, -log y_hat)")

    g = backward(PARAMS, X, Y, cache)
    a1 = cache["A1"]
    print("Backward pass")
    print(f"  delta2 = y_hat - y      = {fmt(g['delta2'])}")
    print(f"  dL/dW2 = A1^T delta2    = {fmt(g['W2'].T)}   (as a row)")
    print(f"  dL/db2                  = {fmt(g['b2'])}")
    print(f"  dL/dA1 = delta2 W2^T    = {fmt(g['dA1'])}")
    print(f"  sigma'(Z1) = A1(1 - A1) = {fmt(a1 * (1 - a1))}")
    print(f"  delta1 = dA1 * sigma'   = {fmt(g['delta1'])}")
    print(f"  dL/dW1 = X^T delta1     = {fmt(g['W1'])}   (rows: x1, x2)")
    print(f"  dL/db1                  = {fmt(g['b1'])}")

    num = numerical_gradient(PARAMS, X, Y)
    print("Central-difference check, h = 1e-6")
    worst = 0.0
    for name in ("W1", "b1", "W2", "b2"):
        diff = np.max(np.abs(g[name] - num[name]))
        worst = max(worst, diff)
        print(f"  {name}: max |analytic - numeric| = {diff:.1e}")
    assert worst < 1e-9, worst

    new = {k: v - LEARNING_RATE * g[k] for k, v in PARAMS.items()}
    new_loss, new_cache = forward(new, X, Y)
    print(f"One gradient-descent step, learning rate {LEARNING_RATE}")
    print(f"  W1 = {fmt(new['W1'])}")
    print(f"  b1 = {fmt(new['b1'])}")
    print(f"  W2 = {fmt(new['W2'].T)}   (as a row)")
    print(f"  b2 = {fmt(new['b2'])}")
    print(f"  y_hat {cache['Y_hat'][0, 0]:.4f} -> {new_cache['Y_hat'][0, 0]:.4f}")
    print(f"  loss  {loss:.4f} -> {new_loss:.4f}")
    assert new_loss < loss

    # The same output error under the squared error 0.5 (y_hat - y)^2 instead of cross-entropy.
    y_hat = cache["Y_hat"][0, 0]
    delta2_mse = (y_hat - 1.0) * y_hat * (1 - y_hat)
    z2 = cache["Z2"][0, 0]
    numeric = (half_squared_error(z2 + 1e-6) - half_squared_error(z2 - 1e-6)) / 2e-6
    assert abs(numeric - delta2_mse) < 1e-9
    print("For comparison, squared error 0.5 (y_hat - y)^2 at the same output")
    print(f"  delta2 = (y_hat - y) y_hat (1 - y_hat) = {delta2_mse:+.4f}"
          f"   (cross-entropy: {g['delta2'][0, 0]:+.4f})")


if __name__ == "__main__":
    main()
