"""Signal and gradient flow through a deep plain network at initialization.

A 30-layer fully connected network of width 64 is run forward and backward on one random batch
with four set-ups: sigmoid with Glorot initialization, ReLU with variance 1/d, ReLU with He
initialization (variance 2/d), and ReLU residual blocks. For each, the script prints the size of
the activations and of the weight gradients at the first and the last layer, which are the
numbers behind the "training challenges" section of docs/02-deep-learning/index.md
("Deep Learning Overview"). Backpropagation is checked against central differences.
"""

import numpy as np

DEPTH, WIDTH, BATCH = 30, 64, 128


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), element-wise; any shape."""
    return 1.0 / (1.0 + np.exp(-z))


ACTIVATIONS = {
    # name: (function, derivative as a function of the pre-activation z)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1.0 - sigmoid(z))),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}


def init_weights(rng, depth, width, variance):
    """Draw ``depth`` square weight matrices with i.i.d. N(0, variance) entries.

    Parameters
    ----------
    rng : numpy.random.Generator
    depth, width : int
        Number of layers and units per layer.
    variance : float
        Variance of each weight, e.g. 2 / (d_in + d_out) for Glorot & Bengio (2010),
        2 / d_in for He et al. (2015).

    Returns
    -------
    list of ndarray, each of shape (width, width)
    """
    return [rng.normal(0.0, np.sqrt(variance), size=(width, width)) for _ in range(depth)]


# --8<-- [start:backprop]
def forward_backward(X, Y, weights, activation, residual=False, branch_scale=1.0):
    """Forward and backward pass of a plain or residual fully connected network.

    Plain layer: ``A_l = act(A_{l-1} @ W_l)``. Residual block in the pre-activation form of
    He et al. (2016), "Identity Mappings in Deep Residual Networks":
    ``A_l = A_{l-1} + branch_scale * act(A_{l-1}) @ W_l``. Loss: half the
    mean over examples of the squared error of the last layer, ``0.5 * sum((A_L - Y)**2) / n``.
    Biases are zero and omitted.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Input batch, one example per row.
    Y : ndarray of shape (n, d)
        Targets for the last layer.
    weights : list of ndarray of shape (d, d)
    activation : str
        Key of ``ACTIVATIONS``.
    residual : bool
        Whether each layer adds its input back (identity shortcut).
    branch_scale : float
        Factor on the residual branch.

    Returns
    -------
    loss : float
    acts : list of ndarray of shape (n, d)
        Activations ``A_0 = X, A_1, ..., A_L``.
    dacts : list of ndarray of shape (n, d)
        ``dLoss/dA_l`` for ``l = 0, ..., L``.
    grads : list of ndarray of shape (d, d)
        ``dLoss/dW_l`` for every layer, same order as ``weights``.
    """
    act, dact = ACTIVATIONS[activation]
    n = X.shape[0]
    acts = [X]
    for W in weights:
        A = acts[-1]
        acts.append(A + branch_scale * act(A) @ W if residual else act(A @ W))
    loss = 0.5 * np.sum((acts[-1] - Y) ** 2) / n

    dA = (acts[-1] - Y) / n  # dLoss/dA_L
    dacts, grads = [dA], [None] * len(weights)
    for k in reversed(range(len(weights))):
        A, W = acts[k], weights[k]  # input and weights of layer k + 1
        if residual:
            H = act(A)
            grads[k] = branch_scale * H.T @ dA
            dA = dA + (branch_scale * dA @ W.T) * dact(A)  # identity path carries dA unchanged
        else:
            dZ = dA * dact(A @ W)  # chain rule through the activation
            grads[k] = A.T @ dZ  # dLoss/dW = A^T dZ
            dA = dZ @ W.T
        dacts.append(dA)
    return loss, acts, dacts[::-1], grads
# --8<-- [end:backprop]


def check_gradients(rng):
    """Compare backpropagation with central differences on a small network.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the random inputs, targets and weights.

    Returns
    -------
    float
        Largest relative error over the checked entries, for plain and residual networks.
    """
    X = rng.normal(size=(8, 5))
    Y = rng.normal(size=(8, 5))
    worst = 0.0
    for activation, residual in (("sigmoid", False), ("relu", False), ("relu", True)):
        weights = init_weights(rng, 4, 5, 2.0 / 5)
        _, _, _, grads = forward_backward(X, Y, weights, activation, residual, 0.5)
        for layer in range(4):
            for i, j in ((0, 0), (2, 3), (4, 1)):
                eps = 1e-5
                weights[layer][i, j] += eps
                up = forward_backward(X, Y, weights, activation, residual, 0.5)[0]
                weights[layer][i, j] -= 2 * eps
                down = forward_backward(X, Y, weights, activation, residual, 0.5)[0]
                weights[layer][i, j] += eps
                numeric = (up - down) / (2 * eps)
                exact = grads[layer][i, j]
                rel = abs(numeric - exact) / max(1e-8, abs(numeric) + abs(exact))
                worst = max(worst, rel)
    return worst


def rms(a):
    """Root mean square of an array's entries."""
    return float(np.sqrt(np.mean(a**2)))


def main():
    """Print activation and gradient sizes per set-up and check the claims of the article."""
    rng = np.random.default_rng(0)
    worst = check_gradients(rng)
    print(f"backprop vs central differences, largest relative error: {worst:.1e}")
    assert worst < 1e-6

    X = rng.normal(size=(BATCH, WIDTH))
    Y = rng.normal(size=(BATCH, WIDTH))
    d = WIDTH
    setups = [
        ("sigmoid, Glorot 1/d", "sigmoid", 2.0 / (d + d), False, 1.0),
        ("ReLU, variance 1/d", "relu", 1.0 / d, False, 1.0),
        ("ReLU, He 2/d", "relu", 2.0 / d, False, 1.0),
        ("ReLU residual, 1/sqrt(L)", "relu", 2.0 / d, True, 1.0 / np.sqrt(DEPTH)),
    ]
    print(f"\n{DEPTH} layers of width {WIDTH}, batch of {BATCH}, same input for every set-up")
    rows = []
    back, grad_first = {}, {}
    for name, activation, variance, residual, scale in setups:
        weights = init_weights(np.random.default_rng(1), DEPTH, WIDTH, variance)
        _, acts, dacts, grads = forward_backward(X, Y, weights, activation, residual, scale)
        back[name] = np.linalg.norm(dacts[0]) / np.linalg.norm(dacts[-1])
        grad_first[name] = np.linalg.norm(grads[0])
        rows.append((name, rms(acts[1]), rms(acts[-1]), back[name], back[name] ** (1 / DEPTH),
                     grad_first[name], np.linalg.norm(grads[-1])))
    print("\nforward pass")
    print(f"{'set-up':24s} | rms A_1 | rms A_30")
    for name, a1, a_last, *_ in rows:
        print(f"{name:24s} | {a1:7.3f} | {a_last:8.2e}")
    print("\nbackward pass")
    print(f"{'set-up':24s} | dA_0/dA_30 | per layer | grad W_1 | grad W_30")
    for name, _, _, ratio, per_layer, g_first, g_last in rows:
        print(f"{name:24s} | {ratio:10.2e} | {per_layer:9.3f} | {g_first:8.2e} | {g_last:9.2e}")

    # The He ratio above exceeds 1 because dLoss/dA_30 = (A_30 - Y) / n contains the output,
    # which the forward pass already stretched along the directions the layers amplify most.
    # Send back a random gradient instead: targets chosen so that dLoss/dA_30 = G.
    weights = init_weights(np.random.default_rng(1), DEPTH, WIDTH, 2.0 / d)
    _, acts, _, _ = forward_backward(X, Y, weights, "relu")
    G = np.random.default_rng(2).normal(size=(BATCH, WIDTH))
    _, _, dacts, _ = forward_backward(X, acts[-1] - BATCH * G, weights, "relu")
    assert np.allclose(dacts[-1], G)
    random_ratio = np.linalg.norm(dacts[0]) / np.linalg.norm(dacts[-1])
    print(f"\nReLU, He 2/d, random output gradient: dA_0/dA_30 = {random_ratio:.2f}, "
          f"{random_ratio ** (1 / DEPTH):.3f} per layer")
    assert 0.5 < random_ratio < 2.0 < back["ReLU, He 2/d"]

    # The claims the article makes from these numbers.
    sig, small, he, res = (s[0] for s in setups)
    assert back[sig] < 1e-10  # sigmoid: the backward signal vanishes
    assert back[small] < 1e-3  # variance 1/d: forward and backward both shrink by 2**-0.5 a layer
    assert 0.1 < back[he] < 10 and 0.1 < back[res] < 10  # kept across 30 layers
    assert grad_first[he] > 1e5 * grad_first[small]  # five orders of magnitude

    # The sigmoid derivative is at most 1/4, reached at z = 0.
    z = np.linspace(-10, 10, 20001)
    dsig = ACTIVATIONS["sigmoid"][1](z)
    print(f"max of sigmoid'(z): {dsig.max():.4f} at z = {z[dsig.argmax()]:.1f}; "
          f"0.25**{DEPTH} = {0.25**DEPTH:.1e}")
    assert abs(dsig.max() - 0.25) < 1e-12


if __name__ == "__main__":
    main()
