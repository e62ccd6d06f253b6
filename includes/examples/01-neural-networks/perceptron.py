"""The perceptron learning rule, its mistake bound, its failure on XOR, and a 2-2-1 fix.

Included by docs/01-neural-networks/01-perceptrons-and-activations.md (Perceptrons & Activation
Functions). The script prints the numbers of the article's worked example and asserts every
claim the article makes about them:

1. the perceptron learning rule on the AND function, traced update by update, and on a random
   linearly separable set, with the number of updates against Novikoff's bound (R / gamma)^2;
2. the same rule on XOR: it never reaches zero errors and its weights cycle;
3. the best purely linear model of XOR (least squares), which predicts 0.5 everywhere;
4. two hand-set 2-2-1 networks that compute XOR exactly, one with step units (OR and AND)
   and one with ReLU units (Goodfellow, Bengio & Courville, 2016, section 6.1).
"""

import numpy as np
from sklearn.svm import LinearSVC

X_GATE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_AND = np.array([-1, -1, -1, 1])
Y_XOR = np.array([-1, 1, 1, -1])


# --8<-- [start:perceptron]
def step(z: np.ndarray) -> np.ndarray:
    """Return the Heaviside step used by the perceptron: 1 where z > 0, else 0.

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.

    Returns
    -------
    np.ndarray, same shape as ``z``
        Zeros and ones (floats).
    """
    return (z > 0).astype(float)


def perceptron_train(x: np.ndarray, y: np.ndarray, eta: float = 1.0, max_epochs: int = 100,
                     trace: list | None = None) -> tuple[np.ndarray, float, int, list[int]]:
    """Train a perceptron with the error-correction rule (Rosenblatt, 1958; Novikoff, 1962).

    Examples are visited in order. On a mistake, y_i (w^T x_i + b) <= 0, the rule sets
    w <- w + eta * y_i * x_i and b <- b + eta * y_i; correct examples change nothing.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs, one example per row.
    y : np.ndarray, shape (n,)
        Labels in {-1, +1}.
    eta : float
        Learning rate, > 0. Starting from zero weights it only rescales w and b, so the
        sequence of mistakes does not depend on it.
    max_epochs : int
        Number of passes over the data before giving up.
    trace : list or None
        If a list is given, one tuple (epoch, i, w, b) is appended after every update.

    Returns
    -------
    w : np.ndarray, shape (d,)
        Final weights.
    b : float
        Final bias.
    updates : int
        Total number of updates (mistakes) made.
    errors_per_epoch : list of int
        Number of mistakes in each epoch; training stops after the first epoch without one.

    Raises
    ------
    ValueError
        If a label is not -1 or +1.
    """
    if not np.all(np.isin(y, (-1, 1))):
        raise ValueError("labels must be -1 or +1")
    w, b, updates, errors_per_epoch = np.zeros(x.shape[1]), 0.0, 0, []
    for epoch in range(1, max_epochs + 1):
        errors = 0
        for i in range(len(y)):
            if y[i] * (x[i] @ w + b) <= 0:          # a mistake (a tie counts as one)
                w = w + eta * y[i] * x[i]
                b = b + eta * y[i]
                errors += 1
                if trace is not None:
                    trace.append((epoch, i, w.copy(), b))
        updates += errors
        errors_per_epoch.append(errors)
        if errors == 0:
            break
    return w, b, updates, errors_per_epoch
# --8<-- [end:perceptron]


def novikoff_bound(x: np.ndarray, y: np.ndarray, w_sep: np.ndarray, b_sep: float) -> tuple:
    """Return R, gamma and the mistake bound (R / gamma)^2 for a given separator.

    The bias is absorbed by appending a constant 1 to every input, as in Novikoff's
    homogeneous setting: R = max_i ||(x_i, 1)||, and gamma is the smallest margin
    y_i u^T (x_i, 1) of the unit vector u = (w_sep, b_sep) / ||(w_sep, b_sep)|| (Novikoff, 1962).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Labels in {-1, +1}.
    w_sep : np.ndarray, shape (d,)
        Weights of a separating hyperplane.
    b_sep : float
        Its bias.

    Returns
    -------
    (float, float, float)
        R, gamma and (R / gamma)^2.

    Raises
    ------
    ValueError
        If the hyperplane does not separate the data (gamma <= 0).
    """
    xa = np.hstack([x, np.ones((len(x), 1))])
    u = np.append(w_sep, b_sep)
    u = u / np.linalg.norm(u)
    gamma = float(np.min(y * (xa @ u)))
    if gamma <= 0:
        raise ValueError("the given hyperplane does not separate the data")
    r = float(np.max(np.linalg.norm(xa, axis=1)))
    return r, gamma, (r / gamma) ** 2


def max_margin_separator(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the unit vector u with the largest margin min_i y_i u^T (x_i, 1), and that margin.

    Every separating u gives a valid Novikoff bound; the largest margin gives the tightest.
    It is the hard-margin support vector machine through the origin in the augmented space,
    solved here by scikit-learn's LinearSVC (hinge loss, no separate intercept, very large C).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs (the bias becomes an extra constant-1 coordinate).
    y : np.ndarray, shape (n,)
        Labels in {-1, +1}, linearly separable.

    Returns
    -------
    (np.ndarray, float)
        The unit vector u, shape (d + 1,), and its margin gamma.
    """
    xa = np.hstack([x, np.ones((len(x), 1))])
    svm = LinearSVC(fit_intercept=False, loss="hinge", C=1e6, tol=1e-12, max_iter=1_000_000)
    v = svm.fit(xa, y).coef_.ravel()
    u = v / np.linalg.norm(v)
    return u, float(np.min(y * (xa @ u)))


# --8<-- [start:xor_nets]
def xor_step_network(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compute XOR with a hand-set 2-2-1 network of step units: OR and not AND.

    Hidden unit 1 fires for x1 + x2 > 0.5 (OR), unit 2 for x1 + x2 > 1.5 (AND); the output
    fires for h1 - h2 > 0.5, i.e. OR but not AND (Minsky & Papert, 1969, discuss such
    two-layer constructions).

    Parameters
    ----------
    x : np.ndarray, shape (n, 2)
        Binary inputs.

    Returns
    -------
    h : np.ndarray, shape (n, 2)
        Hidden activations (OR, AND).
    y_hat : np.ndarray, shape (n,)
        Outputs in {0, 1}.
    """
    w1 = np.array([[1.0, 1.0], [1.0, 1.0]])          # (d_in, d_hidden) = (2, 2)
    b1 = np.array([-0.5, -1.5])
    w2 = np.array([1.0, -1.0])                       # (d_hidden,)
    b2 = -0.5
    h = step(x @ w1 + b1)
    return h, step(h @ w2 + b2)


def xor_relu_network(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compute XOR with the ReLU network of Goodfellow, Bengio & Courville (2016), section 6.1.

    h = max(0, x W + c) with W = [[1, 1], [1, 1]], c = (0, -1); y = h w with w = (1, -2).

    Parameters
    ----------
    x : np.ndarray, shape (n, 2)
        Binary inputs.

    Returns
    -------
    h : np.ndarray, shape (n, 2)
        Hidden activations.
    y_hat : np.ndarray, shape (n,)
        Outputs, exactly 0 or 1 on the four binary inputs.
    """
    w1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    c = np.array([0.0, -1.0])
    w2 = np.array([1.0, -2.0])
    h = np.maximum(0.0, x @ w1 + c)
    return h, h @ w2
# --8<-- [end:xor_nets]


def fmt(v: np.ndarray) -> str:
    """Format a vector with 4 decimals, e.g. '(1.0000, -2.0000)'."""
    return "(" + ", ".join(f"{round(float(a), 4) + 0.0:.4f}" for a in np.atleast_1d(v)) + ")"


def main() -> None:
    """Print the worked-example numbers and assert the article's claims."""
    print("1. Perceptron on AND (labels -1/+1, eta = 1, zero start)")
    trace: list = []
    w, b, updates, errs = perceptron_train(X_GATE, Y_AND, trace=trace)
    for epoch, i, wt, bt in trace:
        print(f"   epoch {epoch}, example {i} {fmt(X_GATE[i])}: w = {fmt(wt)}, b = {bt:.4f}")
    print(f"   mistakes per epoch: {errs}")
    print(f"   total updates: {updates}; final w = {fmt(w)}, b = {b:.4f}")
    print(f"   final scores w.x + b on the four inputs: {fmt(X_GATE @ w + b)}")
    assert errs[-1] == 0 and np.all(np.sign(X_GATE @ w + b) == Y_AND)
    r, gamma, bound = novikoff_bound(X_GATE, Y_AND, np.array([1.0, 1.0]), -1.5)
    print(f"   separator (1, 1, -1.5): R = {r:.4f}, gamma = {gamma:.4f}, "
          f"bound (R/gamma)^2 = {bound:.2f}")
    assert updates <= bound
    u, gamma_best = max_margin_separator(X_GATE, Y_AND)
    print(f"   max-margin separator: u = {fmt(u)}, gamma = {gamma_best:.4f}")
    assert np.isclose(gamma_best, gamma, atol=1e-6)  # (1, 1, -1.5) is already the best one
    # eta only rescales the weights when starting from zero.
    w5, b5, updates5, _ = perceptron_train(X_GATE, Y_AND, eta=0.5)
    assert updates5 == updates and np.allclose(w5, 0.5 * w) and np.isclose(b5, 0.5 * b)

    print("\n   Random separable set: n = 100, d = 2, true separator (2, -1), bias 0.5")
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(400, 2))
    w_true, b_true = np.array([2.0, -1.0]), 0.5
    score = (x @ w_true + b_true) / np.linalg.norm(np.append(w_true, b_true))
    keep = np.abs(score) > 0.05                      # leave a gap around the boundary
    x, y = x[keep][:100], np.where(score[keep][:100] > 0, 1, -1)
    assert len(y) == 100
    w, b, updates, errs = perceptron_train(x, y, max_epochs=1000)
    r, gamma, bound = novikoff_bound(x, y, w_true, b_true)
    print(f"   epochs = {len(errs)}, updates = {updates}, "
          f"R = {r:.4f}, gamma = {gamma:.4f}, bound = {bound:.1f}")
    assert errs[-1] == 0 and updates <= bound
    _, gamma_best = max_margin_separator(x, y)
    print(f"   max-margin separator: gamma = {gamma_best:.4f}, "
          f"bound = {(r / gamma_best) ** 2:.1f}")
    assert gamma_best >= gamma and updates <= (r / gamma_best) ** 2

    print("\n2. Perceptron on XOR (1000 epochs)")
    w, b, updates, errs = perceptron_train(X_GATE, Y_XOR, max_epochs=1000)
    visited: list = []
    perceptron_train(X_GATE, Y_XOR, max_epochs=1000, trace=visited)
    states = {tuple(np.append(wt, bt)) for _, _, wt, bt in visited}
    print(f"   mistakes in the first 5 epochs: {errs[:5]}; in the last 5: {errs[-5:]}")
    print(f"   min mistakes in any epoch: {min(errs)}; total updates: {updates}")
    print(f"   distinct (w1, w2, b) visited: {len(states)}")
    assert len(errs) == 1000 and all(e == 4 for e in errs)   # never converges
    assert updates == 4000 and len(states) == 4      # the weights cycle through 4 states

    print("\n3. Best linear model of XOR (least squares on 0/1 targets)")
    xa = np.hstack([X_GATE, np.ones((4, 1))])
    t = (Y_XOR > 0).astype(float)
    coef, *_ = np.linalg.lstsq(xa, t, rcond=None)
    print(f"   w = {fmt(coef[:2])}, b = {coef[2]:.4f}, predictions = {fmt(xa @ coef)}")
    assert np.allclose(xa @ coef, 0.5)

    print("\n4. Hand-set 2-2-1 networks")
    h, out = xor_step_network(X_GATE)
    for xi, hi, oi in zip(X_GATE, h, out, strict=True):
        print(f"   step: x = {fmt(xi)} -> h = (OR, AND) = {fmt(hi)} -> y = {oi:.0f}")
    assert np.array_equal(out, t)
    h, out = xor_relu_network(X_GATE)
    for xi, hi, oi in zip(X_GATE, h, out, strict=True):
        print(f"   ReLU: x = {fmt(xi)} -> h = {fmt(hi)} -> y = {oi:.4f}")
    assert np.array_equal(out, t)
    # In hidden space the four points are linearly separable: a perceptron converges there.
    _, _, updates_h, errs_h = perceptron_train(h, Y_XOR)
    print(f"   perceptron on the ReLU hidden codes: {updates_h} updates, "
          f"{len(errs_h)} epochs, converged = {errs_h[-1] == 0}")
    assert errs_h[-1] == 0


if __name__ == "__main__":
    main()
