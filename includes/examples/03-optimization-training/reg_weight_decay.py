"""L2 regularization against weight decay: equal under SGD, different under Adam (hence AdamW).

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). The script prints the numbers of the article's worked example and asserts:

1. the gradient of the L2-penalized squared error is (data gradient) + lam * theta, checked by
   central differences;
2. one SGD step on the L2-penalized loss equals one step of weight decay with decay factor
   lam' = eta * lam (Loshchilov & Hutter, 2017, Proposition 1);
3. under Adam the L2 gradient is divided by sqrt(v_hat): weights with large gradients decay
   about sqrt(v_hat) times more slowly than intended, weights with tiny gradients collapse;
   AdamW (decoupled weight decay) gives every weight the same half-life ln 2 / (eta * lam).
"""

import numpy as np

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8  # Adam defaults of Kingma & Ba (2014)


def penalized_loss(theta: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> float:
    """Half mean squared error of a linear model plus (lam / 2) ||theta||^2.

    Parameters
    ----------
    theta : np.ndarray, shape (d,)
        Weights.
    x : np.ndarray, shape (n, d)
        Inputs, one example per row.
    y : np.ndarray, shape (n,)
        Targets.
    lam : float
        L2 strength, >= 0.

    Returns
    -------
    float
        (1 / 2n) ||X theta - y||^2 + (lam / 2) ||theta||^2.
    """
    r = x @ theta - y
    return float(0.5 * np.mean(r**2) + 0.5 * lam * theta @ theta)


def penalized_gradient(theta: np.ndarray, x: np.ndarray, y: np.ndarray,
                       lam: float) -> np.ndarray:
    """Gradient X^T (X theta - y) / n + lam * theta of :func:`penalized_loss`, shape (d,)."""
    return x.T @ (x @ theta - y) / len(y) + lam * theta


# --8<-- [start:steps]
def sgd_l2_step(theta: np.ndarray, grad: np.ndarray, eta: float, lam: float) -> np.ndarray:
    """One SGD step on the loss plus (lam / 2) ||theta||^2: theta - eta * (grad + lam * theta)."""
    return theta - eta * (grad + lam * theta)


def sgd_decay_step(theta: np.ndarray, grad: np.ndarray, eta: float,
                   decay: float) -> np.ndarray:
    """One SGD step with weight decay: shrink by (1 - decay), then step on the data gradient.

    Hanson & Pratt (1988) and Loshchilov & Hutter (2017, eq. 1) write weight decay this way;
    with decay = eta * lam it equals :func:`sgd_l2_step` (their Proposition 1).
    """
    return (1.0 - decay) * theta - eta * grad


def adam_run(grads: np.ndarray, theta0: np.ndarray, eta: float, lam: float,
             mode: str) -> np.ndarray:
    """Run Adam with no decay, with L2 in the gradient, or with decoupled decay (AdamW).

    Adam is Algorithm 1 of Kingma & Ba (2014); "l2" adds lam * theta to the gradient before
    the moment estimates (what torch.optim.Adam's weight_decay does); "adamw" shrinks theta by
    (1 - eta * lam) outside the adaptive step, as torch.optim.AdamW does (Loshchilov & Hutter,
    2017, Algorithm 2 with the schedule multiplier folded into eta).

    Parameters
    ----------
    grads : np.ndarray, shape (T, d)
        Data gradient at each step 1..T.
    theta0 : np.ndarray, shape (d,)
        Starting weights.
    eta : float
        Learning rate.
    lam : float
        L2 strength or weight decay coefficient.
    mode : str
        "none", "l2" or "adamw".

    Returns
    -------
    np.ndarray, shape (T + 1, d)
        The weights before the first step and after every step.

    Raises
    ------
    ValueError
        If ``mode`` is not one of the three names.
    """
    if mode not in ("none", "l2", "adamw"):
        raise ValueError(f"unknown mode {mode!r}")
    theta = theta0.astype(float).copy()
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    path = [theta.copy()]
    for t, g in enumerate(grads, start=1):
        if mode == "l2":
            g = g + lam * theta                  # the penalty's gradient joins the moments
        m = BETA1 * m + (1 - BETA1) * g
        v = BETA2 * v + (1 - BETA2) * g * g
        m_hat, v_hat = m / (1 - BETA1**t), v / (1 - BETA2**t)
        step = eta * m_hat / (np.sqrt(v_hat) + EPS)
        if mode == "adamw":
            step = step + eta * lam * theta      # decay outside the adaptive scaling
        theta = theta - step
        path.append(theta.copy())
    return np.array(path)
# --8<-- [end:steps]


def central_difference(fun, theta: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences, shape of ``theta``."""
    grad = np.zeros_like(theta)
    for k in range(len(theta)):
        e = np.zeros_like(theta)
        e[k] = step
        grad[k] = (fun(theta + e) - fun(theta - e)) / (2.0 * step)
    return grad


def half_life(path: np.ndarray) -> list[int]:
    """First step at which each weight's magnitude is at most half its start (-1 if never)."""
    below = np.abs(path) <= 0.5 * np.abs(path[0])
    return [int(np.argmax(col)) if col.any() else -1 for col in below.T]


def main() -> None:
    """Print the worked-example numbers and assert the article's claims."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 3))
    y = x @ np.array([0.5, -1.0, 2.0]) + 0.1 * rng.standard_normal(8)
    theta = np.array([1.0, -2.0, 0.5])
    eta, lam = 0.1, 0.01

    print("1. Gradient of the L2-penalized loss")
    grad_data = penalized_gradient(theta, x, y, 0.0)
    numeric = central_difference(lambda t: penalized_loss(t, x, y, lam), theta)
    analytic = penalized_gradient(theta, x, y, lam)
    print("data gradient          ", np.array2string(grad_data, precision=4))
    print("data + lam * theta     ", np.array2string(analytic, precision=4))
    gap = np.max(np.abs(numeric - analytic))
    print(f"max |analytic - central difference| = {gap:.1e}")
    assert gap < 1e-8

    print(f"\n2. One SGD step, eta = {eta}, lam = {lam}")
    a = sgd_l2_step(theta, grad_data, eta, lam)
    b = sgd_decay_step(theta, grad_data, eta, eta * lam)
    print("L2 in the loss         ", np.array2string(a, precision=6))
    print(f"weight decay {eta * lam:.3f}     ", np.array2string(b, precision=6))
    print(f"max difference {np.max(np.abs(a - b)):.1e}; decay factor 1 - eta*lam = "
          f"{1 - eta * lam:.3f}")
    assert np.allclose(a, b, rtol=0.0, atol=1e-15)

    print("\n3. Adam: gradients alternating +-s, eta = 0.01, lam = 0.1, 20000 steps")
    sizes = np.array([10.0, 0.1, 0.001])
    eta, lam, steps = 0.01, 0.1, 20000
    signs = np.where(np.arange(1, steps + 1) % 2 == 0, 1.0, -1.0)
    grads = signs[:, None] * sizes[None, :]
    theta0 = np.ones(3)
    paths = {mode: adam_run(grads, theta0, eta, lam, mode) for mode in ("none", "l2", "adamw")}
    lives = {mode: half_life(p) for mode, p in paths.items()}
    print("gradient size s          " + "".join(f"{s:>9g}" for s in sizes))
    print("no decay: final weight   " + "".join(f"{w:9.4f}" for w in paths["none"][-1]))
    print("Adam + L2: half-life     " + "".join(f"{h:9d}" for h in lives["l2"]))
    print("  ln 2 * s / (eta * lam) " + "".join(f"{np.log(2) * s / (eta * lam):9.1f}"
                                               for s in sizes))
    print("AdamW: half-life         " + "".join(f"{h:9d}" for h in lives["adamw"]))
    print(f"  ln 2 / (eta * lam)     {np.log(2) / (eta * lam):9.1f}")
    assert min(lives["none"]) == -1, "without decay nothing halves"
    assert len(set(lives["adamw"])) == 1, "AdamW decays every weight at the same rate"
    assert abs(lives["adamw"][0] - np.log(2) / (eta * lam)) < 0.05 * np.log(2) / (eta * lam)
    predicted = np.log(2) * sizes[0] / (eta * lam)
    assert abs(lives["l2"][0] - predicted) < 0.05 * predicted, "large-gradient weight: slow"
    assert lives["l2"][2] < lives["adamw"][2] / 10, "tiny-gradient weight collapses"


if __name__ == "__main__":
    main()
