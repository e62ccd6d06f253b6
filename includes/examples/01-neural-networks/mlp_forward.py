"""A multilayer perceptron's forward pass, batch-first, with every claim of the article checked.

Included by docs/01-neural-networks/index.md (worked example and implementation). The script

1. runs a 784-128-10 network on a batch of four random inputs and prints every shape;
2. shows that two stacked linear layers equal one linear layer (W = W1 W2, b = b1 W2 + b2) and
   that a ReLU between them breaks the equality;
3. counts the parameters of a 784-128-10 network (101,770) and of the worked example's 2-3-1;
4. computes the worked example, a 2-3-1 network with given weights on two examples, down to its
   binary cross-entropy and the gradients with respect to the logits and the output weights,
   both checked against central differences.
"""

import numpy as np


def fmt(v, digits=4):
    """Format the entries of an array with a fixed number of decimals (and no negative zero).

    Parameters
    ----------
    v : array_like of any shape
        Values; they are flattened in row-major order.
    digits : int
        Decimals to print.

    Returns
    -------
    str
        For example ``[0.1000, -0.2500]``.

    """
    return "[" + ", ".join(f"{x + 0.0:.{digits}f}" for x in np.ravel(v)) + "]"


# --8<-- [start:forward]
def relu(z):
    """Rectified linear unit max(0, z), element by element (Nair & Hinton, 2010).

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


def dense(X, W, b, activation=None):
    """One fully connected layer on a batch: activation(X W + b).

    Parameters
    ----------
    X : ndarray of shape (n, d_in)
        Batch of inputs, one example per row.
    W : ndarray of shape (d_in, d_out)
        Weights; column j holds the incoming weights of unit j.
    b : ndarray of shape (d_out,)
        Biases, broadcast to every row.
    activation : callable or None
        Element-wise function; None means the identity (a linear layer).

    Returns
    -------
    ndarray of shape (n, d_out)
        The layer's output for every example.

    Raises
    ------
    ValueError
        If the inner dimensions of X and W do not match (raised by ``@``).

    """
    Z = X @ W + b
    return Z if activation is None else activation(Z)


def init_params(sizes, rng):
    """Draw weights with He scaling, N(0, 2 / d_in), and zero biases (He et al., 2015).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[d_0, d_1, ..., d_L]``, input width first.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    list of (ndarray, ndarray)
        ``(W, b)`` per layer with shapes ``(d_{l-1}, d_l)`` and ``(d_l,)``.

    """
    return [(rng.normal(0.0, np.sqrt(2.0 / d_in), size=(d_in, d_out)), np.zeros(d_out))
            for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=False)]


def mlp_logits(X, params):
    """Forward pass of a multilayer perceptron: ReLU hidden layers, linear last layer.

    Parameters
    ----------
    X : ndarray of shape (n, d_0)
        Batch of inputs.
    params : list of (ndarray, ndarray)
        ``(W, b)`` per layer, as returned by :func:`init_params`.

    Returns
    -------
    ndarray of shape (n, d_L)
        Logits; the output activation belongs to the loss (see mlp_output_losses.py).

    """
    H = X
    for W, b in params[:-1]:
        H = dense(H, W, b, relu)
    W, b = params[-1]
    return dense(H, W, b)


def softmax(Z):
    """Row-wise softmax exp(z_j) / sum_c exp(z_c), shifted by the row maximum for stability.

    Parameters
    ----------
    Z : ndarray of shape (n, k)
        Logits.

    Returns
    -------
    ndarray of shape (n, k)
        Probabilities; every row sums to 1.

    """
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def count_params(sizes):
    """Count the weights and biases of a fully connected network.

    Sum over layers of d_{l-1} * d_l + d_l.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[d_0, d_1, ..., d_L]``.

    Returns
    -------
    int
        Total number of trainable parameters.

    """
    return sum(d_in * d_out + d_out for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=False))
# --8<-- [end:forward]


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


def bce(z, y):
    """Mean binary cross-entropy of labels y under probabilities sigmoid(z), from the logits.

    Uses log(sigmoid(z)) = -log(1 + exp(-z)) and log(1 - sigmoid(z)) = -log(1 + exp(z)).

    Parameters
    ----------
    z : ndarray of shape (n,)
        Logits.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    float
        Mean negative log-likelihood in nats.

    """
    return float(np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)))


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


def shapes_demo(rng):
    """Print the shapes of a 784-128-10 forward pass on a batch of four inputs."""
    sizes = [784, 128, 10]
    params = init_params(sizes, rng)
    X = rng.random((4, 784))
    print("1. Forward pass of a 784-128-10 network on a batch of n = 4")
    (W1, b1), (W2, b2) = params
    H = dense(X, W1, b1, relu)
    Z = dense(H, W2, b2)
    P = softmax(Z)
    print(f"X {X.shape} @ W1 {W1.shape} + b1 {b1.shape} -> H {H.shape}")
    print(f"H {H.shape} @ W2 {W2.shape} + b2 {b2.shape} -> Z {Z.shape} -> softmax {P.shape}")
    print(f"rows of softmax sum to 1: {np.allclose(P.sum(axis=1), 1.0)}")
    assert np.allclose(Z, mlp_logits(X, params))
    assert np.allclose(P.sum(axis=1), 1.0)
    assert H.shape == (4, 128) and P.shape == (4, 10)
    y, y_hat = np.zeros(4), np.zeros((4, 1))
    print(f"shape bug: y {y.shape} - y_hat {y_hat.shape} broadcasts to {(y - y_hat).shape}")
    assert (y - y_hat).shape == (4, 4)


def collapse_demo(rng):
    """Show that two linear layers are one linear layer, and that a ReLU between them is not."""
    print()
    print("2. Two linear layers collapse into one")
    X = rng.normal(size=(50, 4))
    W1, b1 = rng.normal(size=(4, 6)), rng.normal(size=6)
    W2, b2 = rng.normal(size=(6, 3)), rng.normal(size=3)
    two_layers = dense(dense(X, W1, b1), W2, b2)
    W, b = W1 @ W2, b1 @ W2 + b2
    one_layer = dense(X, W, b)
    assert np.allclose(two_layers, one_layer)
    print(f"W1 {W1.shape} @ W2 {W2.shape} = W {W.shape}; b1 @ W2 + b2 = b {b.shape}")
    print(f"np.allclose(two layers, one layer): {np.allclose(two_layers, one_layer)}")
    # With a ReLU in between, even the best affine map (least squares) misses the outputs.
    with_relu = dense(dense(X, W1, b1, relu), W2, b2)
    X1 = np.hstack([X, np.ones((len(X), 1))])
    for name, target in [("linear-linear", two_layers), ("linear-ReLU-linear", with_relu)]:
        coef = np.linalg.lstsq(X1, target, rcond=None)[0]
        rms = np.sqrt(np.mean((X1 @ coef - target) ** 2))
        print(f"best single affine layer fitted to {name:18s} RMS error {rms:.4f}")
        assert (rms < 1e-10) == (name == "linear-linear")


def count_demo():
    """Count the parameters of the networks the article names."""
    print()
    print("3. Parameter counts")
    for sizes in ([784, 128, 10], [2, 3, 1]):
        per_layer = [f"{a}*{b} + {b} = {a * b + b:,}" for a, b in zip(sizes[:-1], sizes[1:],
                                                                         strict=False)]
        total = count_params(sizes)
        actual = sum(W.size + b.size for W, b in init_params(sizes, np.random.default_rng(0)))
        assert total == actual
        print(f"{'-'.join(map(str, sizes))}: " + "; ".join(per_layer) + f"; total {total:,}")
    assert count_params([784, 128, 10]) == 101_770
    total, first = count_params([784, 128, 10]), count_params([784, 128])
    macs = 784 * 128 + 128 * 10                          # one multiply-add per weight
    print(f"784-128-10: first layer holds {100 * first / total:.2f} % of the parameters")
    print(f"784-128-10: {4 * total:,} bytes in float32, {macs:,} multiply-adds per example")


# --8<-- [start:worked]
X_EX = np.array([[1.0, 2.0], [2.0, -1.0]])            # n = 2 examples, d = 2 features
Y_EX = np.array([1.0, 0.0])                           # binary labels
W1_EX = np.array([[0.5, -0.3, 0.8], [0.2, 0.4, -0.6]])  # (2, 3)
B1_EX = np.array([0.1, 0.0, -0.2])                    # (3,)
W2_EX = np.array([[1.0], [-2.0], [0.5]])              # (3, 1)
B2_EX = np.array([0.2])                               # (1,)
# --8<-- [end:worked]


def worked_example():
    """Print the 2-3-1 worked example and check its gradients by central differences."""
    print()
    print("4. Worked example: 2-3-1 network, ReLU hidden layer, sigmoid output, BCE loss")
    Z1 = X_EX @ W1_EX + B1_EX
    H = relu(Z1)
    z = (H @ W2_EX + B2_EX)[:, 0]
    p = sigmoid(z)
    loss = bce(z, Y_EX)
    for i in range(len(X_EX)):
        print(f"example {i + 1}: x = {fmt(X_EX[i], 1)}, y = {Y_EX[i]:.0f}")
        print(f"  Z1 = x W1 + b1 = {fmt(Z1[i])}")
        print(f"  H  = ReLU(Z1)  = {fmt(H[i])}")
        print(f"  z  = H W2 + b2 = {z[i]:.4f}, p = sigmoid(z) = {p[i]:.4f}, "
              f"loss = {bce(z[i:i + 1], Y_EX[i:i + 1]):.4f}")
    print(f"mean BCE over the batch: {loss:.4f}")

    grad_z = (p - Y_EX) / len(Y_EX)                      # dL/dz for the mean loss
    num_z = central_difference(lambda v: bce(v, Y_EX), z)
    grad_W2 = H.T @ grad_z[:, None]                      # dL/dW2 = H^T dL/dz
    num_W2 = central_difference(lambda W: bce((H @ W + B2_EX)[:, 0], Y_EX), W2_EX)
    print(f"dL/dz  = (p - y) / n = {fmt(grad_z)}, central differences {fmt(num_z)}")
    print(f"dL/dW2 = H^T dL/dz   = {fmt(grad_W2)}, central differences {fmt(num_W2)}")
    assert np.allclose(grad_z, num_z, atol=1e-8) and np.allclose(grad_W2, num_W2, atol=1e-8)

    W, b = W1_EX @ W2_EX, B1_EX @ W2_EX + B2_EX
    z_lin = (X_EX @ W + b)[:, 0]
    z_two = ((X_EX @ W1_EX + B1_EX) @ W2_EX + B2_EX)[:, 0]
    assert np.allclose(z_lin, z_two)
    print(f"without the ReLU: W = W1 W2 = {fmt(W)}, b = b1 W2 + b2 = {fmt(b)}")
    print(f"  logits {fmt(z_lin)} instead of {fmt(z)}")
    print(f"parameters: {count_params([2, 3, 1])}")


def main():
    """Run the four demonstrations in order."""
    rng = np.random.default_rng(0)
    shapes_demo(rng)
    collapse_demo(rng)
    count_demo()
    worked_example()


if __name__ == "__main__":
    main()
