"""Weight initialization: activation scale through 50 layers, and why all-equal weights fail.

Included by docs/03-optimization-training/index.md (Optimization & Training). The script prints
the numbers of the article's worked example and asserts every claim the article makes:

1. the variances that Xavier/Glorot and He initialization give to the weights;
2. the standard deviation of the activations at layers 0, 10, ..., 50 of a 50-layer, 256-wide
   fully connected network for zeros, a small normal (std 0.01), Xavier with tanh, Xavier with
   ReLU and He with ReLU, plus the gradient scale that comes back to layer 1;
3. the symmetry problem: a 2-4-1 network whose weights all start equal keeps four identical
   hidden units however long it trains, while a random start breaks the tie. The network's
   hand-written gradient is checked against central differences first.
"""

import numpy as np

WIDTH, DEPTH, N_EXAMPLES = 256, 50, 100


# --8<-- [start:init]
def init_weights(scheme: str, n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """Draw a weight matrix for a fully connected layer.

    Parameters
    ----------
    scheme : str
        ``"zeros"``; ``"small"``: normal with standard deviation 0.01;
        ``"xavier"``: uniform on [-a, a] with a = sqrt(6 / (n_in + n_out)), so that
        Var = 2 / (n_in + n_out) (Glorot & Bengio, 2010, eq. 16);
        ``"he"``: normal with Var = 2 / n_in (He et al., 2015, eq. 10).
    n_in, n_out : int
        Fan-in and fan-out of the layer.
    rng : np.random.Generator
        Source of randomness.

    Returns
    -------
    np.ndarray, shape (n_in, n_out)
        The weights; the layer computes X @ W for a batch X of shape (n, n_in).

    Raises
    ------
    ValueError
        If ``scheme`` is not one of the four names.
    """
    if scheme == "zeros":
        return np.zeros((n_in, n_out))
    if scheme == "small":
        return rng.normal(0.0, 0.01, size=(n_in, n_out))
    if scheme == "xavier":
        a = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-a, a, size=(n_in, n_out))
    if scheme == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    raise ValueError(f"unknown scheme {scheme!r}")
# --8<-- [end:init]


ACTIVATIONS = {
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}


# --8<-- [start:propagate]
def propagate(scheme: str, activation: str, rng: np.random.Generator, depth: int = DEPTH,
              width: int = WIDTH, n: int = N_EXAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """Push a standard-normal batch forward through ``depth`` layers and a gradient back.

    Biases are zero. The backward pass starts from a standard-normal gradient at the output
    and applies dL/dA[l-1] = (dL/dA[l] * f'(Z[l])) @ W[l]^T, as backpropagation does.

    Parameters
    ----------
    scheme : str
        Initialization scheme, see :func:`init_weights`.
    activation : str
        ``"tanh"`` or ``"relu"``.
    rng : np.random.Generator
        Source of randomness for the data, the weights and the output gradient.
    depth, width, n : int
        Number of layers, units per layer and examples in the batch.

    Returns
    -------
    act_std : np.ndarray, shape (depth + 1,)
        Standard deviation of the activations after each layer; entry 0 is the input.
    grad_std : np.ndarray, shape (depth + 1,)
        Standard deviation of dL/dA[l]; entry ``depth`` is the output gradient.
    """
    f, df = ACTIVATIONS[activation]
    a = rng.standard_normal((n, width))
    act_std, weights, pre = [a.std()], [], []
    for _ in range(depth):
        w = init_weights(scheme, width, width, rng)
        z = a @ w
        a = f(z)
        weights.append(w)
        pre.append(z)
        act_std.append(a.std())
    grad = rng.standard_normal((n, width))
    grad_std = [grad.std()]
    for w, z in zip(reversed(weights), reversed(pre), strict=True):
        grad = (grad * df(z)) @ w.T
        grad_std.append(grad.std())
    return np.array(act_std), np.array(grad_std[::-1])
# --8<-- [end:propagate]


def mlp_loss_and_grads(w1: np.ndarray, w2: np.ndarray, x: np.ndarray,
                       y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean squared error of a one-hidden-layer tanh network and its gradients.

    y_hat = tanh(X W1) W2,  L = mean((y_hat - y)^2) / 2.

    Parameters
    ----------
    w1 : np.ndarray, shape (d, h)
        Input-to-hidden weights.
    w2 : np.ndarray, shape (h,)
        Hidden-to-output weights.
    x : np.ndarray, shape (n, d)
        Inputs, one example per row.
    y : np.ndarray, shape (n,)
        Targets.

    Returns
    -------
    loss : float
        Half the mean squared error.
    g1 : np.ndarray, shape (d, h)
        dL/dW1 = X^T ((r W2^T) * (1 - H^2)) / n with residual r = y_hat - y.
    g2 : np.ndarray, shape (h,)
        dL/dW2 = H^T r / n.
    """
    h = np.tanh(x @ w1)
    r = h @ w2 - y
    n = len(y)
    loss = float(0.5 * np.mean(r**2))
    g2 = h.T @ r / n
    g1 = x.T @ (np.outer(r, w2) * (1.0 - h**2)) / n
    return loss, g1, g2


def numerical_grad(fun, w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function of an array.

    Parameters
    ----------
    fun : callable
        Maps an array shaped like ``w`` to a float.
    w : np.ndarray
        Point at which to differentiate.
    h : float
        Step of the central difference.

    Returns
    -------
    np.ndarray
        (fun(w + h e_i) - fun(w - h e_i)) / (2 h) for every entry i, shaped like ``w``.
    """
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[i] = h
        grad[i] = (fun(w + step) - fun(w - step)) / (2 * h)
    return grad


def train_tiny(w1: np.ndarray, w2: np.ndarray, x: np.ndarray, y: np.ndarray, eta: float,
               steps: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Train the 2-4-1 tanh network by full-batch gradient descent.

    Parameters
    ----------
    w1 : np.ndarray, shape (d, h)
        Initial input-to-hidden weights.
    w2 : np.ndarray, shape (h,)
        Initial hidden-to-output weights.
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Targets.
    eta : float
        Learning rate.
    steps : int
        Number of updates.

    Returns
    -------
    w1, w2 : np.ndarray
        Trained weights, shapes (d, h) and (h,).
    loss : float
        Final training loss.
    """
    w1, w2 = w1.copy(), w2.copy()
    for _ in range(steps):
        _, g1, g2 = mlp_loss_and_grads(w1, w2, x, y)
        w1 -= eta * g1
        w2 -= eta * g2
    return w1, w2, mlp_loss_and_grads(w1, w2, x, y)[0]


def variance_check(rng: np.random.Generator) -> None:
    """Print the empirical weight variances of Xavier and He against their formulas."""
    n_in, n_out = 256, 128
    xavier = init_weights("xavier", n_in, n_out, rng)
    he = init_weights("he", n_in, n_out, rng)
    print(f"1) Weight variance for a {n_in} -> {n_out} layer")
    print(f"   Xavier: empirical {xavier.var():.6f}, 2/(n_in+n_out) = {2 / (n_in + n_out):.6f}")
    print(f"   He    : empirical {he.var():.6f}, 2/n_in          = {2 / n_in:.6f}")
    assert np.isclose(xavier.var(), 2 / (n_in + n_out), rtol=0.02)
    assert np.isclose(he.var(), 2 / n_in, rtol=0.02)


def depth_demo(rng: np.random.Generator) -> None:
    """Print activation and gradient scales through 50 layers for five set-ups."""
    cases = [("zeros", "tanh"), ("small", "tanh"), ("xavier", "tanh"), ("xavier", "relu"),
             ("he", "relu")]
    layers = list(range(0, DEPTH + 1, 10))
    print()
    print(f"2) Activation std through {DEPTH} layers of width {WIDTH} ({N_EXAMPLES} examples)")
    print("   init + act      " + "".join(f"{'layer ' + str(k):>11}" for k in layers)
          + "   grad std at layer 1")
    results = {}
    for scheme, act in cases:
        act_std, grad_std = propagate(scheme, act, rng)
        results[(scheme, act)] = (act_std, grad_std)
        row = "".join(f"{act_std[k]:11.3e}" for k in layers)
        print(f"   {scheme:>6} + {act:<4}  {row}   {grad_std[1]:.3e}")

    zeros, small, xav_tanh, xav_relu, he_relu = (results[c] for c in cases)
    # Zeros: every activation after the input is exactly 0, and so is the gradient.
    assert np.all(zeros[0][1:] == 0.0) and np.all(zeros[1][:-1] == 0.0)
    # Small normal: each layer multiplies the scale by about 0.01 * sqrt(256) = 0.16.
    assert small[0][10] < 1e-7 and small[0][50] < 1e-35
    # Xavier + tanh: E[tanh(z)^2] ~ q - 2 q^2 for small variance q, so q_l ~ 1/(2 l): the std
    # shrinks like 1/sqrt(2 l), slowly, while the backward signal keeps its size.
    for k in (10, 20, 30, 40, 50):
        assert np.isclose(xav_tanh[0][k], 1 / np.sqrt(2 * k), rtol=0.15)
    assert xav_tanh[1][1] > 0.1
    # Xavier + ReLU: the second moment halves at every layer, 2^-25 in std after 50 layers.
    assert xav_relu[0][50] < 1e-6 and xav_relu[1][1] < 1e-6
    # He + ReLU: the scale neither vanishes nor explodes, forward or backward. In expectation
    # E[a^2] stays 1, so the std of a ReLU output is sqrt(1 - 1/pi) = 0.8256; a finite-width
    # network drifts around that value.
    assert np.all((he_relu[0][1:] > 0.3) & (he_relu[0][1:] < 3))
    assert 0.1 < he_relu[1][1] / he_relu[1][DEPTH] < 10
    print(f"   1/sqrt(2 l) at l = 10, 50: {1 / np.sqrt(20):.4f}, {1 / np.sqrt(100):.4f};"
          f" sqrt(1 - 1/pi) = {np.sqrt(1 - 1 / np.pi):.4f}")
    per_layer = (xav_relu[0][50] / xav_relu[0][10]) ** (1 / 40)
    print(f"   Xavier + ReLU, std ratio per layer: {per_layer:.4f}"
          f" (1/sqrt(2) = {1 / np.sqrt(2):.4f})")
    assert np.isclose(per_layer, 1 / np.sqrt(2), atol=0.01)


def symmetry_demo(rng: np.random.Generator) -> None:
    """Show that equal initial weights give identical hidden units forever."""
    x = rng.standard_normal((64, 2))
    y = np.sin(x[:, 0]) + 0.5 * x[:, 1] ** 2

    # First check the hand-written gradient against central differences.
    w1 = rng.normal(0.0, 0.5, size=(2, 4))
    w2 = rng.normal(0.0, 0.5, size=4)
    _, g1, g2 = mlp_loss_and_grads(w1, w2, x, y)
    n1 = numerical_grad(lambda w: mlp_loss_and_grads(w, w2, x, y)[0], w1)
    n2 = numerical_grad(lambda w: mlp_loss_and_grads(w1, w, x, y)[0], w2)
    err = max(np.max(np.abs(g1 - n1)), np.max(np.abs(g2 - n2)))
    print()
    print("3) Symmetry in a 2-4-1 tanh network, 2000 steps of gradient descent, eta = 0.1")
    print(f"   gradient check, max |analytic - central difference| = {err:.1e}")
    assert err < 1e-8

    # All weights zero: the hidden layer outputs 0, so no weight receives any gradient.
    _, g1, g2 = mlp_loss_and_grads(np.zeros((2, 4)), np.zeros(4), x, y)
    print(f"   all-zero start: |dL/dW1| = {np.abs(g1).max():.1f}, "
          f"|dL/dW2| = {np.abs(g2).max():.1f}")
    assert np.all(g1 == 0.0) and np.all(g2 == 0.0)

    for name, w1_0, w2_0 in [("all 0.5", np.full((2, 4), 0.5), np.full(4, 0.5)),
                             ("random", rng.normal(0.0, 0.5, size=(2, 4)),
                              rng.normal(0.0, 0.5, size=4))]:
        w1_t, w2_t, loss = train_tiny(w1_0, w2_0, x, y, eta=0.1, steps=2000)
        spread = np.max(np.ptp(w1_t, axis=1))  # largest difference between hidden units
        print(f"   {name:>7} start: final loss {loss:.4f}, "
              f"largest difference between hidden units' weights {spread:.2e}")
        if name == "all 0.5":
            assert spread == 0.0 and np.ptp(w2_t) == 0.0
            sym_loss = loss
        else:
            assert spread > 0.1 and loss < sym_loss


def main() -> None:
    """Print every number of the worked example and check its claims."""
    rng = np.random.default_rng(0)
    variance_check(rng)
    depth_demo(rng)
    symmetry_demo(rng)


if __name__ == "__main__":
    main()
