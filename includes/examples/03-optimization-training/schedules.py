"""Learning-rate schedules, the linear scaling rule with warmup, and the learning-rate range test.

Included by docs/03-optimization-training/index.md (Optimization & Training), whose figure
includes/figures/03-optimization-training/lr_schedules.py plots these same functions. The script
prints the values the article quotes and asserts the claims it makes about them:

1. step, exponential, cosine with warm restarts (SGDR), linear warmup + cosine and one-cycle
   schedules over 100 steps, at chosen steps;
2. the Transformer's inverse-square-root schedule at its peak;
3. the linear scaling rule and gradual warmup of Goyal et al. (2017) for a batch of 8192;
4. a learning-rate range test on a logistic regression, checked against fixed-rate runs.
"""

import numpy as np
from sklearn.datasets import make_classification


# --8<-- [start:schedules]
def step_decay(t: int, eta0: float, milestones: tuple[int, ...], gamma: float = 0.1) -> float:
    """Piecewise-constant schedule: multiply by ``gamma`` at every milestone passed.

    Parameters
    ----------
    t : int
        Step (or epoch) index, starting at 0.
    eta0 : float
        Initial learning rate.
    milestones : tuple of int
        Steps at which the rate drops, e.g. epochs 30, 60, 80 in Goyal et al. (2017).
    gamma : float
        Factor applied at each milestone.

    Returns
    -------
    float
        eta0 * gamma ** (number of milestones <= t).
    """
    return eta0 * gamma ** sum(t >= m for m in milestones)


def exponential_decay(t: int, eta0: float, gamma: float) -> float:
    """Exponential schedule eta0 * gamma ** t.

    Parameters
    ----------
    t : int
        Step index, starting at 0.
    eta0 : float
        Initial learning rate.
    gamma : float
        Decay factor per step, in (0, 1).

    Returns
    -------
    float
        The learning rate at step ``t``.
    """
    return eta0 * gamma**t


def cosine_warm_restarts(t: float, eta_max: float, eta_min: float, t0: int,
                         t_mult: int = 1) -> float:
    """Cosine annealing with warm restarts, SGDR (Loshchilov & Hutter, 2016, eq. 5).

    eta = eta_min + (eta_max - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2, where T_cur counts
    the steps since the last restart and the cycle length T_i starts at ``t0`` and is
    multiplied by ``t_mult`` after every restart.

    Parameters
    ----------
    t : float
        Steps (or epochs, possibly fractional) since the start of training, >= 0.
    eta_max, eta_min : float
        Rate at the start of each cycle and the floor it anneals towards.
    t0 : int
        Length of the first cycle.
    t_mult : int
        Growth factor of the cycle length, 1 or more.

    Returns
    -------
    float
        The learning rate at ``t``.
    """
    t_cur, t_i = t, t0
    while t_cur >= t_i:
        t_cur -= t_i
        t_i *= t_mult
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * t_cur / t_i))


def warmup_cosine(t: int, eta_max: float, warmup: int, total: int,
                  eta_min: float = 0.0) -> float:
    """Linear warmup to ``eta_max`` over ``warmup`` steps, then one cosine decay to ``eta_min``.

    Parameters
    ----------
    t : int
        Step index, 0 <= t < total.
    eta_max : float
        Peak learning rate, reached at step ``warmup - 1``.
    warmup : int
        Number of warmup steps, >= 1.
    total : int
        Total number of steps.
    eta_min : float
        Final learning rate.

    Returns
    -------
    float
        eta_max * (t + 1) / warmup during warmup, then the cosine of SGDR without restarts.
    """
    if t < warmup:
        return eta_max * (t + 1) / warmup
    progress = (t - warmup) / (total - warmup)
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * progress))


def one_cycle(t: int, total: int, eta_max: float, div: float = 10.0, final_div: float = 100.0,
              final_frac: float = 0.1, momenta: tuple[float, float] = (0.95, 0.85)
              ) -> tuple[float, float]:
    """One-cycle policy (Smith, 2018): up, down, then annihilate; momentum moves inversely.

    The rate rises linearly from eta_max / div to eta_max over the first half of the cycle,
    falls back over the second half, and the last ``final_frac`` of training decays it linearly
    to eta_max / (div * final_div). Momentum goes from momenta[0] down to momenta[1] and back,
    and stays at momenta[0] in the last phase.

    Parameters
    ----------
    t : int
        Step index, 0 <= t <= total.
    total : int
        Total number of steps.
    eta_max : float
        Peak learning rate, e.g. from a learning-rate range test.
    div : float
        Ratio between the peak and the starting rate.
    final_div : float
        Ratio between the starting rate and the final rate.
    final_frac : float
        Fraction of the steps spent in the last, annihilation phase.
    momenta : tuple of float
        Momentum at the ends of the cycle and at its middle.

    Returns
    -------
    (float, float)
        Learning rate and momentum at step ``t``.
    """
    lo, hi = eta_max / div, eta_max
    half = total * (1 - final_frac) / 2
    mom_hi, mom_lo = momenta
    if t <= half:
        f = t / half
        return lo + f * (hi - lo), mom_hi - f * (mom_hi - mom_lo)
    if t <= 2 * half:
        f = (t - half) / half
        return hi - f * (hi - lo), mom_lo + f * (mom_hi - mom_lo)
    f = (t - 2 * half) / (total - 2 * half)
    return lo - f * (lo - lo / final_div), mom_hi


def inverse_sqrt(t: int, d_model: int, warmup: int = 4000) -> float:
    """Return the rate of the Transformer schedule (Vaswani et al., 2017, eq. 3).

    eta = d_model^-0.5 * min(t^-0.5, t * warmup^-1.5): linear warmup, then decay as 1/sqrt(t).

    Parameters
    ----------
    t : int
        Step number, starting at 1.
    d_model : int
        Model width (512 for the base Transformer).
    warmup : int
        Warmup steps (4000 in the paper).

    Returns
    -------
    float
        The learning rate at step ``t``.

    Raises
    ------
    ValueError
        If ``t`` < 1.
    """
    if t < 1:
        raise ValueError("the step number starts at 1")
    return d_model**-0.5 * min(t**-0.5, t * warmup**-1.5)
# --8<-- [end:schedules]


# --8<-- [start:scaling]
def linear_scaling(eta_ref: float, batch: int, batch_ref: int = 256) -> float:
    """Linear scaling rule (Goyal et al., 2017): k times the batch, k times the rate.

    Parameters
    ----------
    eta_ref : float
        Learning rate tuned for ``batch_ref`` (0.1 for ResNet-50 with 256 images).
    batch, batch_ref : int
        New and reference mini-batch sizes.

    Returns
    -------
    float
        eta_ref * batch / batch_ref.
    """
    return eta_ref * batch / batch_ref


def gradual_warmup(t: int, eta_ref: float, k: float, warmup_steps: int) -> float:
    """Gradual warmup of Goyal et al. (2017): from eta to k * eta in equal increments.

    Parameters
    ----------
    t : int
        Step index, starting at 0.
    eta_ref : float
        Learning rate of the small-batch reference.
    k : float
        Ratio of the new batch size to the reference one.
    warmup_steps : int
        Number of steps to reach k * eta (5 epochs in the paper).

    Returns
    -------
    float
        The learning rate at step ``t``; k * eta_ref once the warmup is over.
    """
    if t >= warmup_steps:
        return k * eta_ref
    return eta_ref + (k * eta_ref - eta_ref) * t / warmup_steps
# --8<-- [end:scaling]


def logistic_loss_grad(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy of a logistic regression and its gradient.

    Parameters
    ----------
    w : np.ndarray, shape (d,)
        Weights (the last feature column is a constant 1, so the bias is included).
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    loss : float
        mean(log(1 + exp(z)) - y z) with z = X w, computed stably.
    grad : np.ndarray, shape (d,)
        X^T (sigmoid(z) - y) / n.
    """
    z = x @ w
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid without overflow
    return loss, x.T @ (p - y) / len(y)


def make_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Generate a standardized 20-feature binary classification set with a bias column.

    Parameters
    ----------
    rng : np.random.Generator
        Supplies the seed for scikit-learn's generator.

    Returns
    -------
    x : np.ndarray, shape (2000, 21)
        Standardized features plus a final column of ones.
    y : np.ndarray, shape (2000,)
        Labels in {0, 1}.
    """
    x, y = make_classification(n_samples=2000, n_features=20, n_informative=5,
                               random_state=int(rng.integers(1 << 31)))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return np.hstack([x, np.ones((len(x), 1))]), y.astype(float)


# --8<-- [start:range_test]
def lr_range_test(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, lr_min: float = 1e-4,
                  lr_max: float = 100.0, steps: int = 200, batch: int = 32,
                  beta: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """Learning-rate range test (Smith, 2017, section 3.3) with an exponential sweep.

    Train from scratch with mini-batch SGD while the rate grows geometrically from ``lr_min``
    to ``lr_max``; record the mini-batch loss, smoothed by a bias-corrected moving average.
    Stop once the smoothed loss exceeds four times its best value.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Labels in {0, 1}.
    rng : np.random.Generator
        Draws the mini-batches.
    lr_min, lr_max : float
        Ends of the sweep.
    steps : int
        Number of mini-batch steps of the full sweep.
    batch : int
        Mini-batch size.
    beta : float
        Smoothing factor of the moving average of the loss.

    Returns
    -------
    lrs : np.ndarray, shape (m,)
        The rates tried, m <= steps.
    smoothed : np.ndarray, shape (m,)
        The smoothed loss recorded at each rate.
    """
    w = np.zeros(x.shape[1])
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))
    avg, best, smoothed = 0.0, np.inf, []
    for i, lr in enumerate(lrs):
        idx = rng.choice(len(y), size=batch, replace=False)
        loss, grad = logistic_loss_grad(w, x[idx], y[idx])
        avg = beta * avg + (1 - beta) * loss
        smoothed.append(avg / (1 - beta ** (i + 1)))
        best = min(best, smoothed[-1])
        if smoothed[-1] > 4 * best:
            break
        w -= lr * grad
    return lrs[: len(smoothed)], np.array(smoothed)
# --8<-- [end:range_test]


def train_fixed(x: np.ndarray, y: np.ndarray, lr: float, rng: np.random.Generator,
                epochs: int = 3, batch: int = 32) -> float:
    """Train the logistic regression with a constant rate and return its full training loss.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Labels in {0, 1}.
    lr : float
        Constant learning rate.
    rng : np.random.Generator
        Shuffles the data every epoch.
    epochs, batch : int
        Passes over the data and mini-batch size.

    Returns
    -------
    float
        Loss on the whole training set after training (inf if it overflowed).
    """
    w = np.zeros(x.shape[1])
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            w -= lr * logistic_loss_grad(w, x[idx], y[idx])[1]
    loss = logistic_loss_grad(w, x, y)[0]
    return loss if np.isfinite(loss) else np.inf


def numerical_check(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> float:
    """Largest gap between the analytic logistic gradient and central differences."""
    w = rng.normal(size=x.shape[1])
    h = 1e-6
    num = np.array([(logistic_loss_grad(w + h * e, x, y)[0]
                     - logistic_loss_grad(w - h * e, x, y)[0]) / (2 * h)
                    for e in np.eye(len(w))])
    return float(np.max(np.abs(num - logistic_loss_grad(w, x, y)[1])))


def schedule_table() -> None:
    """Print the five schedules of the figure at chosen steps and check their landmarks."""
    total, eta = 100, 0.1
    steps = (0, 5, 9, 10, 25, 30, 45, 50, 70, 90, 99)
    rows = {
        "step (x0.1 at 30, 60, 80)": [step_decay(t, eta, (30, 60, 80)) for t in steps],
        "exponential (0.96 per step)": [exponential_decay(t, eta, 0.96) for t in steps],
        "SGDR (T0 = 10, T_mult = 2)": [cosine_warm_restarts(t, eta, 0.0, 10, 2) for t in steps],
        "warmup 10 + cosine": [warmup_cosine(t, eta, 10, total) for t in steps],
        "one-cycle (peak at 45)": [one_cycle(t, total, eta)[0] for t in steps],
        "one-cycle momentum": [one_cycle(t, total, eta)[1] for t in steps],
    }
    print(f"1) Schedules over {total} steps, peak rate {eta}")
    print(f"   {'step':<28}" + "".join(f"{t:>8}" for t in steps))
    for name, values in rows.items():
        print(f"   {name:<28}" + "".join(f"{v:8.4f}" for v in values))

    # Landmarks the article states.
    assert step_decay(29, eta, (30, 60, 80)) == eta and np.isclose(
        step_decay(85, eta, (30, 60, 80)), eta * 1e-3)
    # SGDR restarts at 10 and 30 (cycles of 10, then 20, then 40 steps), mid-cycle is the mean.
    assert cosine_warm_restarts(10, eta, 0.0, 10, 2) == eta
    assert cosine_warm_restarts(30, eta, 0.0, 10, 2) == eta
    assert np.isclose(cosine_warm_restarts(20, eta, 0.0, 10, 2), eta / 2)
    assert np.isclose(cosine_warm_restarts(50, eta, 0.0, 10, 2), eta / 2)
    assert np.isclose(warmup_cosine(9, eta, 10, total), eta)
    assert np.isclose(warmup_cosine(55, eta, 10, total), eta / 2)
    lr_peak, mom_peak = one_cycle(45, total, eta)
    assert np.isclose(lr_peak, eta) and np.isclose(mom_peak, 0.85)
    assert np.isclose(one_cycle(100, total, eta)[0], eta / 1000)


def transformer_and_scaling() -> None:
    """Print the inverse-square-root schedule and the linear scaling rule with warmup."""
    peak = inverse_sqrt(4000, 512)
    print()
    print("2) Transformer schedule, d_model = 512, 4000 warmup steps")
    print("   step        " + "".join(f"{t:>10}" for t in (1, 1000, 4000, 16000, 100000)))
    print("   rate        " + "".join(f"{inverse_sqrt(t, 512):10.2e}"
                                       for t in (1, 1000, 4000, 16000, 100000)))
    assert peak == max(inverse_sqrt(t, 512) for t in range(1, 20000))
    assert np.isclose(inverse_sqrt(16000, 512), peak / 2)  # 4x the steps, half the rate

    eta_ref, batch = 0.1, 8192
    k = batch / 256
    eta_big = linear_scaling(eta_ref, batch)
    per_epoch = 1_281_167 // batch  # ImageNet-1k training images per step of 8192
    warm = 5 * per_epoch
    print()
    print(f"3) Linear scaling rule: batch 256 -> {batch} (k = {k:.0f}), "
          f"rate 0.1 -> {eta_big:.1f}")
    print(f"   gradual warmup over 5 epochs = {warm} steps of {batch} images:")
    print("   " + ", ".join(f"step {t}: {gradual_warmup(t, eta_ref, k, warm):.3f}"
                           for t in (0, warm // 4, warm // 2, warm)))
    assert np.isclose(eta_big, 3.2) and np.isclose(gradual_warmup(warm, eta_ref, k, warm), 3.2)


def range_test_demo(rng: np.random.Generator) -> None:
    """Run the learning-rate range test and compare its suggestion with fixed-rate runs."""
    x, y = make_data(rng)
    err = numerical_check(x[:200], y[:200], rng)
    lrs, smoothed = lr_range_test(x, y, rng)
    best = int(np.argmin(smoothed))
    slope = np.gradient(smoothed, np.log(lrs))
    steepest = int(np.argmin(slope[: best + 1]))
    suggestion = lrs[best] / 10
    print()
    print("4) Learning-rate range test, logistic regression, 2000 examples x 20 features, "
          "batch 32")
    print(f"   gradient check, max |analytic - central difference| = {err:.1e}")
    print(f"   sweep 1e-04 -> 1e+02 stopped after {len(lrs)} of 200 steps at rate {lrs[-1]:.2f}")
    print(f"   lowest smoothed loss {smoothed[best]:.4f} at rate {lrs[best]:.3f}; "
          f"steepest descent at rate {lrs[steepest]:.3f}; suggestion {suggestion:.3f}")
    assert err < 1e-8 and len(lrs) < 200

    print("   constant rate, 3 epochs:   rate -> final training loss")
    results = {}
    for lr in (0.001, 0.01, 0.1, 1.0, 10.0, 100.0):
        results[lr] = train_fixed(x, y, lr, rng)
        print(f"   {lr:>24g} -> {results[lr]:.4f}")
    loss_suggested = train_fixed(x, y, suggestion, rng)
    print(f"   {'suggestion ' + format(suggestion, '.3f'):>24} -> {loss_suggested:.4f}")
    finite = {lr: v for lr, v in results.items() if np.isfinite(v)}
    # The suggested rate trains within 3 % of the best rate of the grid; far too high is worse.
    assert loss_suggested < 1.03 * min(finite.values())
    assert results[100.0] > 2 * min(finite.values()) and results[0.001] > 1.2 * loss_suggested


def main() -> None:
    """Print every number of the worked example and check its claims."""
    rng = np.random.default_rng(0)
    schedule_table()
    transformer_and_scaling()
    range_test_demo(rng)


if __name__ == "__main__":
    main()
