"""Gradient descent, momentum, Nesterov, RMSProp, Adam and AdamW from scratch in NumPy.

Included by docs/00-ml-fundamentals/02-core-concepts.md (Core Concepts: optimization and
regularization). The script prints the numbers of the article's worked examples and asserts
every claim the article makes about them:

1. gradient descent on a 1-D quadratic with three learning rates (converges, oscillates,
   diverges) and the 2 / lambda_max stability threshold on a 2-D quadratic;
2. gradient descent, momentum, Nesterov, RMSProp and Adam on one ill-conditioned 2-D quadratic,
   with the stability limits of heavy ball and Nesterov and the best constant-step rates;
3. Adam's bias correction at t = 1, 2, 3 and the size of the uncorrected step later on;
4. L2 regularization in the loss versus decoupled weight decay (AdamW), under SGD and Adam.
"""

from collections.abc import Callable

import numpy as np

GradFn = Callable[[np.ndarray], np.ndarray]


# --8<-- [start:quadratic]
def quadratic_loss(theta: np.ndarray, a: np.ndarray) -> float:
    """Return the quadratic loss 0.5 * theta^T A theta.

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Parameter vector.
    a : np.ndarray, shape (k, k)
        Symmetric positive definite curvature matrix (the Hessian of the loss).

    Returns
    -------
    float
        The loss value, unitless.

    """
    return float(0.5 * theta @ a @ theta)


def quadratic_grad(theta: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Return the gradient A theta of the quadratic loss 0.5 * theta^T A theta.

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Parameter vector.
    a : np.ndarray, shape (k, k)
        Symmetric curvature matrix.

    Returns
    -------
    np.ndarray, shape (k,)
        The gradient of the loss at ``theta``.

    """
    return a @ theta
# --8<-- [end:quadratic]


# --8<-- [start:optimizers]
def gradient_descent(grad: GradFn, theta0: np.ndarray, eta: float, steps: int) -> np.ndarray:
    """Run plain gradient descent, theta <- theta - eta * grad(theta) (Cauchy, 1847).

    Parameters
    ----------
    grad : callable
        Maps a parameter vector of shape (k,) to its gradient, shape (k,).
    theta0 : np.ndarray, shape (k,)
        Starting point.
    eta : float
        Learning rate, > 0.
    steps : int
        Number of updates.

    Returns
    -------
    np.ndarray, shape (steps + 1, k)
        The trajectory, starting with ``theta0``.

    """
    theta = theta0.astype(float).copy()
    path = [theta.copy()]
    for _ in range(steps):
        theta = theta - eta * grad(theta)
        path.append(theta.copy())
    return np.array(path)


def momentum(grad: GradFn, theta0: np.ndarray, eta: float, mu: float, steps: int,
             nesterov: bool = False) -> np.ndarray:
    """Run classical momentum or Nesterov accelerated gradient in velocity form.

    Classical (Polyak, 1964):   v_t = mu v_{t-1} - eta grad(theta_{t-1})
    Nesterov (Sutskever et al., 2013, eq. 3-4):
                                v_t = mu v_{t-1} - eta grad(theta_{t-1} + mu v_{t-1})
    Both then set theta_t = theta_{t-1} + v_t, with v_0 = 0.

    Parameters
    ----------
    grad : callable
        Maps a parameter vector of shape (k,) to its gradient, shape (k,).
    theta0 : np.ndarray, shape (k,)
        Starting point.
    eta : float
        Learning rate, > 0.
    mu : float
        Momentum coefficient in [0, 1).
    steps : int
        Number of updates.
    nesterov : bool
        Evaluate the gradient at the look-ahead point theta + mu v.

    Returns
    -------
    np.ndarray, shape (steps + 1, k)
        The trajectory, starting with ``theta0``.

    """
    theta = theta0.astype(float).copy()
    v = np.zeros_like(theta)
    path = [theta.copy()]
    for _ in range(steps):
        g = grad(theta + mu * v) if nesterov else grad(theta)
        v = mu * v - eta * g
        theta = theta + v
        path.append(theta.copy())
    return np.array(path)


def rmsprop(grad: GradFn, theta0: np.ndarray, eta: float, steps: int, rho: float = 0.9,
            eps: float = 1e-8) -> np.ndarray:
    """Run RMSProp (Hinton, Srivastava & Swersky, 2012, Coursera lecture 6e).

    s_t = rho s_{t-1} + (1 - rho) g_t^2,  theta_t = theta_{t-1} - eta g_t / (sqrt(s_t) + eps).

    Parameters
    ----------
    grad : callable
        Maps a parameter vector of shape (k,) to its gradient, shape (k,).
    theta0 : np.ndarray, shape (k,)
        Starting point.
    eta : float
        Learning rate, > 0.
    steps : int
        Number of updates.
    rho : float
        Decay of the running mean of squared gradients (0.9 in the lecture).
    eps : float
        Small constant that keeps the division finite.

    Returns
    -------
    np.ndarray, shape (steps + 1, k)
        The trajectory, starting with ``theta0``.

    """
    theta = theta0.astype(float).copy()
    s = np.zeros_like(theta)
    path = [theta.copy()]
    for _ in range(steps):
        g = grad(theta)
        s = rho * s + (1 - rho) * g**2
        theta = theta - eta * g / (np.sqrt(s) + eps)
        path.append(theta.copy())
    return np.array(path)


def adam(grad: GradFn, theta0: np.ndarray, steps: int, eta: float = 1e-3, beta1: float = 0.9,
         beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.0,
         decoupled: bool = False) -> np.ndarray:
    """Run Adam (Kingma & Ba, 2014, Algorithm 1), optionally with L2 or decoupled decay.

    g_t = grad(theta_{t-1}) [+ lambda theta_{t-1} if L2 in the loss]
    m_t = beta1 m_{t-1} + (1 - beta1) g_t,   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
    m_hat = m_t / (1 - beta1^t),             v_hat = v_t / (1 - beta2^t)
    theta_t = theta_{t-1} - eta (m_hat / (sqrt(v_hat) + eps) [+ lambda theta_{t-1} if AdamW])

    The decoupled form is AdamW (Loshchilov & Hutter, 2017, Algorithm 2) with the decay scaled
    by the learning rate, as PyTorch's ``torch.optim.AdamW`` implements it.

    Parameters
    ----------
    grad : callable
        Maps a parameter vector of shape (k,) to the gradient of the data loss, shape (k,).
    theta0 : np.ndarray, shape (k,)
        Starting point.
    steps : int
        Number of updates.
    eta : float
        Learning rate (alpha in the paper), default 0.001.
    beta1, beta2 : float
        Decay rates of the first and second moment estimates, defaults 0.9 and 0.999.
    eps : float
        Constant added to sqrt(v_hat), default 1e-8.
    weight_decay : float
        Regularization strength lambda, >= 0.
    decoupled : bool
        False: add lambda * theta to the gradient (L2 in the loss). True: AdamW.

    Returns
    -------
    np.ndarray, shape (steps + 1, k)
        The trajectory, starting with ``theta0``.

    """
    theta = theta0.astype(float).copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    path = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad(theta)
        if not decoupled:
            g = g + weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        update = m_hat / (np.sqrt(v_hat) + eps)
        if decoupled:
            update = update + weight_decay * theta
        theta = theta - eta * update
        path.append(theta.copy())
    return np.array(path)
# --8<-- [end:optimizers]


def central_difference(f: Callable[[np.ndarray], float], x: np.ndarray,
                       h: float = 1e-6) -> np.ndarray:
    """Approximate the gradient of ``f`` at ``x`` by central differences.

    Parameters
    ----------
    f : callable
        Scalar function of a vector of shape (k,).
    x : np.ndarray, shape (k,)
        Point of evaluation.
    h : float
        Step of the difference quotient.

    Returns
    -------
    np.ndarray, shape (k,)
        (f(x + h e_i) - f(x - h e_i)) / (2 h) for every coordinate i.

    """
    out = np.zeros_like(x, dtype=float)
    for i in range(x.size):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        out[i] = (f(x + e) - f(x - e)) / (2 * h)
    return out


def learning_rate_demo() -> None:
    """Print gradient descent on L = 0.5 * 4 * theta^2 for three learning rates."""
    a = np.array([[4.0]])
    print("1) Gradient descent on L(theta) = 0.5 * 4 * theta^2, theta_0 = 1, limit 2/4 = 0.5")
    paths = {}
    for eta in (0.1, 0.45, 0.55):
        path = gradient_descent(lambda th: quadratic_grad(th, a), np.array([1.0]), eta, 6)[:, 0]
        paths[eta] = path
        factor = 1 - eta * 4.0
        iterates = " ".join(f"{x:+.4f}" for x in path)
        print(f"   eta={eta:.2f}  factor 1-eta*4={factor:+.2f}  theta: {iterates}")
    # Each step multiplies theta by exactly (1 - 4 eta).
    for eta, path in paths.items():
        assert np.allclose(path[1:], (1 - 4 * eta) * path[:-1])
    assert np.all(np.diff(paths[0.1]) < 0) and np.all(paths[0.1] > 0)  # monotone
    assert np.all(np.diff(np.abs(paths[0.45])) < 0)  # shrinks while flipping sign
    assert np.all(paths[0.45][1::2] < 0) and np.all(paths[0.45][::2] > 0)
    assert np.all(np.diff(np.abs(paths[0.55])) > 0)  # diverges

    a2 = np.diag([1.0, 50.0])
    limit = 2 / np.linalg.eigvalsh(a2).max()
    print(f"   2-D, A = diag(1, 50): limit 2/lambda_max = {limit:.3f}")
    for eta in (0.039, 0.041):
        rho = np.abs(np.linalg.eigvals(np.eye(2) - eta * a2)).max()
        end = gradient_descent(lambda th: quadratic_grad(th, a2), np.array([2.0, 1.0]), eta, 300)
        print(f"   eta={eta:.3f}  spectral radius of I - eta A = {rho:.3f}  "
              f"loss after 300 steps = {quadratic_loss(end[-1], a2):.3e}")
        assert (rho < 1) == (eta < limit)
        assert (quadratic_loss(end[-1], a2) < 1e-3) == (eta < limit)


def optimizer_race() -> None:
    """Print the trajectories of five optimizers on 0.5 * theta^T diag(1, 50) theta."""
    a = np.diag([1.0, 50.0])
    theta0 = np.array([2.0, 1.0])

    def grad(th: np.ndarray) -> np.ndarray:
        return quadratic_grad(th, a)

    # The analytic gradient agrees with central differences.
    numeric = central_difference(lambda th: quadratic_loss(th, a), theta0)
    assert np.allclose(numeric, grad(theta0), atol=1e-5)

    steps = 100
    runs = {
        "GD        eta=0.01": gradient_descent(grad, theta0, 0.01, steps),
        "Momentum  eta=0.01 mu=0.9": momentum(grad, theta0, 0.01, 0.9, steps),
        "Nesterov  eta=0.01 mu=0.9": momentum(grad, theta0, 0.01, 0.9, steps, nesterov=True),
        "RMSProp   eta=0.05 rho=0.9": rmsprop(grad, theta0, 0.05, steps),
        "Adam      eta=0.1 (betas 0.9, 0.999)": adam(grad, theta0, steps, eta=0.1),
    }
    print()
    print("2) Five optimizers on L = 0.5 * theta^T diag(1, 50) theta, theta_0 = (2, 1), loss 27")
    print("   each pair is (flat coordinate, steep coordinate)")
    losses = {}
    for name, path in runs.items():
        losses[name] = np.array([quadratic_loss(th, a) for th in path])
        first = "  ".join(f"({th[0]:+.3f}, {th[1]:+.3f})" for th in path[1:4])
        print(f"   {name}")
        print(f"      theta_1..3: {first}")
        curve = "  ".join(f"t={t}: {losses[name][t]:.2e}" for t in (1, 3, 10, 50, 100))
        print(f"      loss {curve}")
    gd, mom, nag, rms, adm = (losses[k] for k in runs)
    assert all(curve[-1] < curve[0] for curve in losses.values())
    assert mom[-1] < gd[-1] / 1000 and nag[-1] < gd[-1] / 1000  # momentum wins at t = 100
    assert mom[3] > mom[1] and nag[3] < mom[3] / 5  # heavy ball overshoots; look-ahead damps it
    # Adam's first step is eta * g / (|g| + eps): about eta in every coordinate.
    g1 = grad(theta0)
    step1 = runs["Adam      eta=0.1 (betas 0.9, 0.999)"][1] - theta0
    assert np.allclose(step1, -0.1 * g1 / (np.abs(g1) + 1e-8))
    # RMSProp has no bias correction: its first step is eta / sqrt(1 - rho) = 3.16 eta.
    step1 = runs["RMSProp   eta=0.05 rho=0.9"][1] - theta0
    assert np.allclose(np.abs(step1), 0.05 / np.sqrt(0.1), rtol=1e-6)
    assert rms[-1] > rms[50]  # constant-eta RMSProp ends up hovering, not converging

    # Stability limits on the steep direction (lambda = 50, mu = 0.9): heavy ball needs
    # eta * lambda < 2 (1 + mu); Nesterov needs eta * lambda < 2 (1 + mu) / (1 + 2 mu).
    hb_limit, nag_limit = 2 * 1.9 / 50, 2 * 1.9 / 2.8 / 50

    def iteration_radius(eta: float, lam: float, mu: float, nesterov: bool) -> float:
        # theta_t = a theta_{t-1} - b theta_{t-2}: the spectral radius of its 2 x 2 companion.
        c = eta * lam
        a, b = ((1 - c) * (1 + mu), (1 - c) * mu) if nesterov else (1 + mu - c, mu)
        return float(np.abs(np.linalg.eigvals(np.array([[a, -b], [1.0, 0.0]]))).max())

    for limit, nesterov in ((hb_limit, False), (nag_limit, True)):
        assert iteration_radius(0.999 * limit, 50.0, 0.9, nesterov) < 1
        assert iteration_radius(1.001 * limit, 50.0, 0.9, nesterov) > 1
    hb = quadratic_loss(momentum(grad, theta0, 0.03, 0.9, steps)[-1], a)
    nag03 = quadratic_loss(momentum(grad, theta0, 0.03, 0.9, steps, nesterov=True)[-1], a)
    print(f"   Stable eta for mu=0.9: heavy ball < {hb_limit:.4f}, Nesterov < {nag_limit:.4f}")
    print(f"   At eta=0.03 after {steps} steps: heavy ball loss {hb:.2e}, "
          f"Nesterov loss {nag03:.2e}")
    assert hb < 1e-3 and nag03 > 1e10

    # Best constant-parameter rates on this quadratic (condition number kappa = 50).
    kappa = 50.0
    gd_rate = (kappa - 1) / (kappa + 1)
    hb_rate = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    eta_hb, mu_hb = 4 / (np.sqrt(50.0) + 1) ** 2, hb_rate**2  # Polyak's tuning
    radii = []
    for lam in (1.0, 50.0):  # heavy ball on one eigen-direction is a 2 x 2 linear map
        companion = np.array([[1 + mu_hb - eta_hb * lam, -mu_hb], [1.0, 0.0]])
        radii.append(np.abs(np.linalg.eigvals(companion)).max())
    print(f"   Best per-step contraction, kappa = 50: GD (kappa-1)/(kappa+1) = {gd_rate:.4f}, "
          f"heavy ball = {max(radii):.4f}")
    # Gradient descent with the best constant step 2 / (lambda_min + lambda_max) = 2 / 51.
    gd_radius = np.abs(np.linalg.eigvals(np.eye(2) - 2 / 51 * a)).max()
    assert np.isclose(gd_radius, gd_rate) and np.isclose(max(radii), hb_rate)


def bias_correction_demo() -> None:
    """Print Adam's raw and bias-corrected moments for a constant gradient g = 1."""
    beta1, beta2, g = 0.9, 0.999, 1.0
    m = v = 0.0
    print()
    print("3) Adam moments for a constant gradient g = 1 (beta1 = 0.9, beta2 = 0.999)")
    print("   t   m_t     m_hat   v_t       v_hat   step without / with correction")
    for t in (1, 2, 3):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        raw_step, step = m / np.sqrt(v), m_hat / np.sqrt(v_hat)
        print(f"   {t}   {m:.4f}  {m_hat:.4f}  {v:.6f}  {v_hat:.4f}  "
              f"{raw_step:.4f} / {step:.4f}  (times eta)")
        assert np.isclose(m, 1 - beta1**t) and np.isclose(m_hat, g) and np.isclose(v_hat, g**2)
    # Without correction the excess first grows, then fades only over thousands of steps.
    ts = np.arange(1, 20_001)
    all_ratios = (1 - beta1**ts) / np.sqrt(1 - beta2**ts)
    assert np.isclose(all_ratios[0], (1 - beta1) / np.sqrt(1 - beta2))  # 3.1623 at t = 1
    peak = int(ts[np.argmax(all_ratios)])
    ratios = {t: all_ratios[t - 1] for t in (100, 1000, 5000)}
    print(f"   uncorrected / corrected step: peak {all_ratios[peak - 1]:.4f} at t={peak}, "
          + ", ".join(f"t={t}: {r:.4f}" for t, r in ratios.items()))
    assert 10 < peak < 20 and ratios[100] > 3 and ratios[1000] > 1.2 and ratios[5000] < 1.01


def weight_decay_demo() -> None:
    """Print L2-in-the-loss versus decoupled weight decay under SGD and under Adam."""
    scales = np.array([10.0, 0.01])  # one weight with large gradients, one with tiny ones
    state = {"t": 0}

    def noisy_grad(theta: np.ndarray) -> np.ndarray:
        # Zero-mean data gradient that flips sign every step: no net pull on either weight.
        state["t"] += 1
        return scales * (-1.0) ** state["t"]

    theta0 = np.array([1.0, 1.0])
    eta, lam, steps = 0.01, 0.1, 1000
    print()
    print(f"4) Weight decay, lambda = {lam}, eta = {eta}, {steps} steps, theta_0 = (1, 1),")
    print("   data gradients +-10 (weight 1) and +-0.01 (weight 2), zero on average")

    # SGD: L2 in the loss and decoupled decay are the same update.
    state["t"] = 0
    sgd_l2 = theta0.copy()
    for _ in range(steps):
        sgd_l2 = sgd_l2 - eta * (noisy_grad(sgd_l2) + lam * sgd_l2)
    state["t"] = 0
    sgd_wd = theta0.copy()
    for _ in range(steps):
        sgd_wd = (1 - eta * lam) * sgd_wd - eta * noisy_grad(sgd_wd)
    print(f"   SGD + L2 in loss   : ({sgd_l2[0]:.4f}, {sgd_l2[1]:.4f})")
    print(f"   SGD + weight decay : ({sgd_wd[0]:.4f}, {sgd_wd[1]:.4f})")
    assert np.allclose(sgd_l2, sgd_wd)

    state["t"] = 0
    adam_l2 = adam(noisy_grad, theta0, steps, eta=eta, weight_decay=lam)[-1]
    state["t"] = 0
    adamw = adam(noisy_grad, theta0, steps, eta=eta, weight_decay=lam, decoupled=True)[-1]
    print(f"   Adam + L2 in loss  : ({adam_l2[0]:.4f}, {adam_l2[1]:.4f})")
    print(f"   AdamW (decoupled)  : ({adamw[0]:.4f}, {adamw[1]:.4f})")
    print(f"   (1 - eta*lambda)^{steps} = {(1 - eta * lam) ** steps:.4f}")
    # Under Adam+L2 the large-gradient weight barely decays and the small one collapses;
    # AdamW shrinks both by about (1 - eta*lambda)^steps.
    assert adam_l2[0] > 0.85 and abs(adam_l2[1]) < 0.05
    assert np.allclose(adamw, (1 - eta * lam) ** steps, atol=0.02)


def main() -> None:
    """Print every worked example of the article and check its claims."""
    learning_rate_demo()
    optimizer_race()
    bias_correction_demo()
    weight_decay_demo()


if __name__ == "__main__":
    main()
