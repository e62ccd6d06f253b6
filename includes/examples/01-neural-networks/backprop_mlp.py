"""A two-layer softmax MLP written from scratch, with its gradients checked by central differences.

Included by docs/01-neural-networks/02-backpropagation.md ("Implementation" and "Gradient
checking"). The network is ReLU hidden layer -> softmax output, trained with cross-entropy
averaged over the batch on the Iris data set that ships with scikit-learn. The script checks the
per-example identity dL/dz = y_hat - y for softmax with cross-entropy, compares every analytic
gradient of the full network with a central-difference estimate (relative error, float64 and
float32), and then trains the network with full-batch gradient descent.
"""

import numpy as np
from sklearn.datasets import load_iris


# --8<-- [start:mlp]
def softmax(Z):
    """Row-wise softmax of logits Z of shape (n, k); subtracting the row max avoids overflow."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def init_params(d, h, k, rng, dtype=np.float64):
    """He-initialized weights and zero biases for a d-h-k network.

    Parameters
    ----------
    d, h, k : int
        Input width, hidden width and number of classes.
    rng : numpy.random.Generator
        Source of the random weights.
    dtype : numpy dtype, default float64

    Returns
    -------
    dict of ndarray
        ``W1`` (d, h), ``b1`` (h,), ``W2`` (h, k), ``b2`` (k,). Weights are drawn from
        N(0, 2 / fan_in), He et al. (2015), eq. 10.
    """
    return {
        "W1": (rng.normal(size=(d, h)) * np.sqrt(2.0 / d)).astype(dtype),
        "b1": np.zeros(h, dtype=dtype),
        "W2": (rng.normal(size=(h, k)) * np.sqrt(2.0 / h)).astype(dtype),
        "b2": np.zeros(k, dtype=dtype),
    }


def forward(params, X, Y):
    """Forward pass and mean cross-entropy.

    Parameters
    ----------
    params : dict of ndarray
        As returned by :func:`init_params`.
    X : ndarray of shape (n, d)
        Inputs, one example per row.
    Y : ndarray of shape (n, k)
        One-hot labels.

    Returns
    -------
    loss : float
        Cross-entropy averaged over the n examples, in nats.
    cache : dict of ndarray
        ``Z1``, ``A1`` (n, h) and ``P`` (n, k), the predicted probabilities.
    """
    Z1 = X @ params["W1"] + params["b1"]  # (n, h)
    A1 = np.maximum(Z1, 0)  # (n, h) ReLU
    Z2 = A1 @ params["W2"] + params["b2"]  # (n, k) logits
    P = softmax(Z2)  # (n, k)
    loss = -np.mean(np.sum(Y * np.log(P), axis=1))
    return float(loss), {"Z1": Z1, "A1": A1, "P": P}


def backward(params, X, Y, cache):
    """Gradients of the mean cross-entropy with respect to all four parameter arrays.

    Parameters
    ----------
    params, X, Y : as in :func:`forward`
    cache : dict of ndarray
        The intermediate values returned by :func:`forward`.

    Returns
    -------
    dict of ndarray
        ``W1``, ``b1``, ``W2``, ``b2``, each with the shape of its parameter.

    Notes
    -----
    Softmax followed by cross-entropy gives dL/dZ2 = (P - Y) / n (the 1/n because the loss is a
    mean); the ReLU passes the upstream gradient where Z1 > 0 and blocks it elsewhere.
    """
    n = X.shape[0]
    delta2 = (cache["P"] - Y) / n  # (n, k)  dL/dZ2
    dW2 = cache["A1"].T @ delta2  # (h, k)
    db2 = delta2.sum(axis=0)  # (k,)
    dA1 = delta2 @ params["W2"].T  # (n, h)
    delta1 = dA1 * (cache["Z1"] > 0)  # (n, h)  dL/dZ1
    dW1 = X.T @ delta1  # (d, h)
    db1 = delta1.sum(axis=0)  # (h,)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
# --8<-- [end:mlp]


# --8<-- [start:gradcheck]
def numerical_gradient(f, params, eps):
    """Central differences (f(w + eps) - f(w - eps)) / (2 eps) for every entry of every array.

    Parameters
    ----------
    f : callable
        Takes no argument and returns the loss for the current contents of ``params``.
    params : dict of ndarray
        Perturbed in place, one entry at a time, and restored.
    eps : float
        Step h; the truncation error is O(h^2), the rounding error O(machine epsilon / h).

    Returns
    -------
    dict of ndarray
        Estimates with the shapes of the parameters.
    """
    grads = {}
    for name, value in params.items():
        g = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            old = value[idx]
            value[idx] = old + eps
            plus = f()
            value[idx] = old - eps
            minus = f()
            value[idx] = old
            g[idx] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads


def relative_error(a, b):
    """Return ||a - b|| / (||a|| + ||b||), or 0 if both are zero (Euclidean norms, all entries)."""
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
# --8<-- [end:gradcheck]


def one_example_softmax_check():
    """Check dL/dz = y_hat - y for one example with three logits, by central differences."""
    z = np.array([[2.0, 1.0, -1.0]])
    y = np.array([[0.0, 1.0, 0.0]])

    def loss_of(z_):
        return -float(np.sum(y * np.log(softmax(z_))))

    y_hat = softmax(z)
    analytic = y_hat - y
    numeric = np.zeros_like(z)
    for j in range(3):
        e = np.zeros_like(z)
        e[0, j] = 1e-6
        numeric[0, j] = (loss_of(z + e) - loss_of(z - e)) / 2e-6
    print("Softmax with cross-entropy, one example: z = (2, 1, -1), second class is the true one")
    print("  y_hat     = " + ", ".join(f"{v:.4f}" for v in y_hat[0]))
    print("  y_hat - y = " + ", ".join(f"{v:+.4f}" for v in analytic[0]))
    print("  numeric   = " + ", ".join(f"{v:+.4f}" for v in numeric[0]))
    assert np.isclose(y_hat.sum(), 1.0)
    assert np.allclose(analytic, numeric, atol=1e-9)


def gradient_check(X, Y, dtype, eps):
    """Relative error between backprop and central differences on a fresh network."""
    params = init_params(X.shape[1], 8, Y.shape[1], np.random.default_rng(1), dtype)
    Xc, Yc = X.astype(dtype), Y.astype(dtype)
    _, cache = forward(params, Xc, Yc)
    analytic = backward(params, Xc, Yc, cache)
    numeric = numerical_gradient(lambda: forward(params, Xc, Yc)[0], params, eps)
    errors = {name: relative_error(analytic[name], numeric[name]) for name in params}
    kink = float(np.min(np.abs(cache["Z1"])))
    max_shift = eps * max(1.0, float(np.max(np.abs(Xc))))  # how far one perturbation moves Z1
    return errors, kink, max_shift


def main():
    """Print the checks and the training run; assert every claim the article makes."""
    one_example_softmax_check()

    iris = load_iris()
    X = (iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)  # (150, 4) standardized
    Y = np.eye(3)[iris.target]  # (150, 3) one-hot
    rng = np.random.default_rng(0)
    batch = rng.choice(len(X), size=20, replace=False)

    print("Gradient check on a 4-8-3 network, batch of 20 Iris flowers")
    for dtype, eps in ((np.float64, 1e-6), (np.float32, 1e-3)):
        errors, kink, shift = gradient_check(X[batch], Y[batch], dtype, eps)
        line = ", ".join(f"{k} {v:.1e}" for k, v in errors.items())
        print(f"  {np.dtype(dtype).name}, h = {eps:.0e}: relative error {line}")
        if dtype is np.float64:
            assert max(errors.values()) < 1e-7, errors
            print(f"  smallest |Z1| = {kink:.1e}, largest shift of Z1 by a perturbation = "
                  f"{shift:.1e}: no ReLU kink is crossed")
            assert kink > shift

    params = init_params(4, 16, 3, rng)
    print("Full-batch gradient descent, 4-16-3 network, learning rate 0.5, 150 examples")
    losses = []
    for step in range(301):
        loss, cache = forward(params, X, Y)
        losses.append(loss)
        if step % 50 == 0:
            acc = np.mean(cache["P"].argmax(axis=1) == iris.target)
            print(f"  step {step:3d}: loss {loss:.4f}, training accuracy {acc:.3f}")
        grads = backward(params, X, Y, cache)
        for name in params:
            params[name] -= 0.5 * grads[name]
    assert losses[-1] < 0.1 * losses[0]


if __name__ == "__main__":
    main()
