"""Grid search versus random search, and early stopping with patience, in NumPy.

Included by docs/00-ml-fundamentals/02-core-concepts.md (Core Concepts: optimization and
regularization). The script prints the numbers of the article's worked examples and asserts
every claim the article makes about them:

1. with 9 trials and one hyperparameter that matters, a 3 x 3 grid tries 3 values of it and
   random search tries 9, and random search finds a better configuration on average
   (Bergstra & Bengio, 2012), and 60 random trials land one in the best 5 % with
   probability 1 - 0.95^60;
2. early stopping with patience on a regression with as many weights as examples, trained by
   gradient descent, stops near the minimum of the validation loss, long before training ends.
"""

import numpy as np


# --8<-- [start:search]
def validation_loss(log_lr: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Return a synthetic validation loss that depends mostly on the learning rate.

    Parameters
    ----------
    log_lr : np.ndarray, any shape
        log10 of the learning rate, in [-5, -1].
    other : np.ndarray, same shape as ``log_lr``
        A second hyperparameter in [0, 1] that barely matters.

    Returns
    -------
    np.ndarray, same shape as the inputs
        (log_lr + 2.6)^2 + 0.02 * (other - 0.5)^2: best at a learning rate of about 0.0025.

    """
    return (log_lr + 2.6) ** 2 + 0.02 * (other - 0.5) ** 2


def grid_trials(per_axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the per_axis x per_axis grid over log_lr in [-5, -1] and other in [0, 1].

    Parameters
    ----------
    per_axis : int
        Number of values per hyperparameter.

    Returns
    -------
    tuple of np.ndarray, each of shape (per_axis**2,)
        The log learning rates and the other hyperparameter of every trial.

    """
    g1, g2 = np.meshgrid(np.linspace(-5, -1, per_axis), np.linspace(0, 1, per_axis))
    return g1.ravel(), g2.ravel()


def random_trials(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return n configurations drawn uniformly from the same box as the grid.

    The learning rate is drawn uniformly in log space, as Bergstra & Bengio (2012) recommend
    for scale-type hyperparameters.

    Parameters
    ----------
    n : int
        Number of trials.
    rng : np.random.Generator
        Source of randomness.

    Returns
    -------
    tuple of np.ndarray, each of shape (n,)
        The log learning rates and the other hyperparameter of every trial.

    """
    return rng.uniform(-5, -1, n), rng.uniform(0, 1, n)
# --8<-- [end:search]


# --8<-- [start:early_stopping]
def train_with_early_stopping(x_tr: np.ndarray, y_tr: np.ndarray, x_va: np.ndarray,
                              y_va: np.ndarray, eta: float, max_epochs: int,
                              patience: int) -> tuple[np.ndarray, int, int, list[float]]:
    """Fit linear least squares by full-batch gradient descent with early stopping.

    After every epoch the validation MSE is measured; training stops once it has not improved
    for ``patience`` consecutive epochs, and the weights of the best epoch are returned
    (Prechelt, 1998, compares this kind of stopping rule).

    Parameters
    ----------
    x_tr : np.ndarray, shape (n, d)
        Training inputs.
    y_tr : np.ndarray, shape (n,)
        Training targets.
    x_va : np.ndarray, shape (m, d)
        Validation inputs.
    y_va : np.ndarray, shape (m,)
        Validation targets.
    eta : float
        Learning rate.
    max_epochs : int
        Upper bound on the number of epochs.
    patience : int
        Epochs without improvement tolerated before stopping, >= 1.

    Returns
    -------
    best_theta : np.ndarray, shape (d,)
        Weights at the epoch with the lowest validation MSE.
    best_epoch : int
        That epoch (1-based).
    stop_epoch : int
        The epoch at which training stopped.
    val_curve : list of float
        Validation MSE after every epoch that ran.

    """
    n, d = x_tr.shape
    theta = np.zeros(d)
    best_theta, best_val, best_epoch, waited = theta.copy(), np.inf, 0, 0
    val_curve: list[float] = []
    for epoch in range(1, max_epochs + 1):
        theta = theta - eta * x_tr.T @ (x_tr @ theta - y_tr) / n
        val = float(np.mean((x_va @ theta - y_va) ** 2))
        val_curve.append(val)
        if val < best_val:
            best_theta, best_val, best_epoch, waited = theta.copy(), val, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_theta, best_epoch, epoch, val_curve
    return best_theta, best_epoch, max_epochs, val_curve
# --8<-- [end:early_stopping]


def search_demo() -> None:
    """Compare a 3 x 3 grid with 9 random trials, once and over 1000 repetitions."""
    rng = np.random.default_rng(0)
    g_lr, g_other = grid_trials(3)
    r_lr, r_other = random_trials(9, rng)
    grid_best = validation_loss(g_lr, g_other).min()
    rand_best = validation_loss(r_lr, r_other).min()
    print("1) 9 trials; validation loss = (log10 lr + 2.6)^2 + 0.02 * (other - 0.5)^2")
    print(f"   grid   : distinct learning rates {np.unique(g_lr).size}, "
          f"best loss {grid_best:.4f}")
    print(f"   random : distinct learning rates {np.unique(r_lr).size}, "
          f"best loss {rand_best:.4f}")
    repeats = np.array([validation_loss(*random_trials(9, rng)).min() for _ in range(1000)])
    print(f"   over 1000 random searches: mean best {repeats.mean():.4f}, "
          f"beats the grid in {np.mean(repeats < grid_best):.1%}")
    hits = 1 - 0.95**60
    print(f"   P(at least one of 60 random trials in the best 5%) = 1 - 0.95^60 = {hits:.4f}")
    assert np.unique(g_lr).size == 3 and np.unique(r_lr).size == 9
    assert repeats.mean() < grid_best and np.mean(repeats < grid_best) > 0.8
    # Check the rule by simulation on this search space: the best 5 % is the set of
    # configurations whose loss is below the 5 % quantile of the loss under random sampling.
    sim = np.random.default_rng(1)
    cutoff = np.quantile(validation_loss(*random_trials(1_000_000, sim)), 0.05)
    lr_s, other_s = random_trials(60 * 20_000, sim)
    found = (validation_loss(lr_s, other_s) < cutoff).reshape(20_000, 60).any(axis=1)
    assert abs(found.mean() - hits) < 0.01


def early_stopping_demo() -> None:
    """Train a 25-feature regression on 25 examples and stop early with patience 20."""
    rng = np.random.default_rng(0)
    n, d, noise = 25, 25, 0.5
    w_true = rng.normal(size=d) / np.sqrt(d)
    x_tr = rng.normal(size=(n, d))
    y_tr = x_tr @ w_true + noise * rng.normal(size=n)
    x_va = rng.normal(size=(200, d))
    y_va = x_va @ w_true + noise * rng.normal(size=200)
    _, best_epoch, stop_epoch, curve = train_with_early_stopping(
        x_tr, y_tr, x_va, y_va, eta=0.01, max_epochs=3000, patience=20)
    full = train_with_early_stopping(x_tr, y_tr, x_va, y_va, eta=0.01, max_epochs=3000,
                                     patience=10**9)[3]
    print()
    print(f"2) Early stopping: {n} examples, {d} features, noise sd {noise}, patience 20")
    epochs = (1, 100, best_epoch, 1000, 3000)
    print(f"   validation MSE at epochs {', '.join(map(str, epochs))}: "
          + ", ".join(f"{full[e - 1]:.3f}" for e in epochs))
    print(f"   best epoch {best_epoch} (val MSE {curve[best_epoch - 1]:.3f}), "
          f"stopped at epoch {stop_epoch} instead of 3000")
    assert stop_epoch == best_epoch + 20
    assert best_epoch == int(np.argmin(full)) + 1  # the smooth curve has a single minimum
    assert full[-1] > 1.5 * min(full)  # training to the end overfits


def main() -> None:
    """Print every worked example of the article and check its claims."""
    search_demo()
    early_stopping_demo()


if __name__ == "__main__":
    main()
