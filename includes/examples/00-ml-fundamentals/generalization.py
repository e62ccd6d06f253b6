"""Underfitting, overfitting and data leakage on small generated data sets.

Included by docs/00-ml-fundamentals/index.md (the output in "Worked example", the leak in
"Implementation"; the ideas are those of "Overfitting and underfitting" and "Data leakage"). Part 1
fits polynomials of growing degree to 12 noisy samples of a sine and prints training and validation
error. Part 2 shows two leaks that make pure noise look learnable: selecting features on the full
data set before cross-validation (Hastie, Tibshirani & Friedman 2009, Section 7.10.2), and exact
duplicates that land on both sides of a split.
"""

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline


def make_sine(n, noise, rng):
    """Sample ``y = sin(2 pi x) + noise`` at uniform random ``x`` in [0, 1].

    Parameters
    ----------
    n : int
        Number of samples.
    noise : float
        Standard deviation of the Gaussian noise added to ``y``.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    x, y : ndarray of shape (n,)
        Inputs and noisy targets.

    """
    x = rng.uniform(0.0, 1.0, n)
    return x, np.sin(2 * np.pi * x) + noise * rng.normal(size=n)


# --8<-- [start:capacity]
def polynomial_errors(x_tr, y_tr, x_va, y_va, degree):
    """Fit a least-squares polynomial and return training and validation MSE.

    Parameters
    ----------
    x_tr, y_tr : ndarray of shape (n_train,)
        Training inputs and targets.
    x_va, y_va : ndarray of shape (n_val,)
        Validation inputs and targets.
    degree : int
        Polynomial degree; the model has ``degree + 1`` parameters.

    Returns
    -------
    tuple of float
        ``(train_mse, val_mse)``.

    """
    poly = np.polynomial.Polynomial.fit(x_tr, y_tr, deg=degree)
    return (float(np.mean((poly(x_tr) - y_tr) ** 2)),
            float(np.mean((poly(x_va) - y_va) ** 2)))
# --8<-- [end:capacity]


def main():
    """Print training/validation errors and the leaked versus honest scores."""
    rng = np.random.default_rng(0)
    x_tr, y_tr = make_sine(12, 0.2, rng)
    x_va, y_va = make_sine(200, 0.2, rng)
    print("Polynomial fits to 12 noisy points of sin(2 pi x) (noise variance 0.04)")
    print(f"{'degree':>6}{'params':>8}{'train MSE':>11}{'val MSE':>10}")
    results = {}
    for degree in (0, 1, 3, 5, 9, 11):
        tr, va = polynomial_errors(x_tr, y_tr, x_va, y_va, degree)
        results[degree] = (tr, va)
        print(f"{degree:>6}{degree + 1:>8}{tr:>11.4f}{va:>10.4f}")
    train_errors = [results[d][0] for d in sorted(results)]
    assert all(a >= b - 1e-12 for a, b in zip(train_errors, train_errors[1:], strict=False))
    assert results[11][0] < 1e-10  # 12 parameters interpolate 12 points
    best = min(results, key=lambda d: results[d][1])
    print(f"lowest validation MSE at degree {best}")
    assert best not in (0, 1, 11)

    # Leak 1: choose features with the labels of all examples, then cross-validate.
    print()
    n, d, k = 100, 5000, 20
    X = rng.normal(size=(n, d))
    y = rng.integers(0, 2, size=n)  # labels are coin flips: nothing can be learned
    # --8<-- [start:leak]
    selected = SelectKBest(f_classif, k=k).fit(X, y).get_support()  # sees every label
    leaky = cross_val_score(LogisticRegression(), X[:, selected], y, cv=5).mean()
    honest_model = make_pipeline(SelectKBest(f_classif, k=k), LogisticRegression())
    honest = cross_val_score(honest_model, X, y, cv=5).mean()  # selection refit per fold
    # --8<-- [end:leak]
    print(f"Random labels, {n} examples, {d} noise features, keep {k}")
    print(f"  select on all data, then 5-fold CV : accuracy {leaky:.4f}")
    print(f"  select inside each fold (pipeline) : accuracy {honest:.4f}")
    assert leaky > 0.8 and honest < 0.7

    # Leak 2: every example appears twice, and a random split scatters the copies.
    print()
    X2 = rng.normal(size=(200, 10))
    y2 = rng.integers(0, 2, size=200)
    X_dup, y_dup = np.vstack([X2, X2]), np.concatenate([y2, y2])
    Xa, Xb, ya, yb = train_test_split(X_dup, y_dup, test_size=0.25, random_state=0)
    knn = KNeighborsClassifier(n_neighbors=1)
    dup_acc = knn.fit(Xa, ya).score(Xb, yb)
    in_train = {row.tobytes() for row in Xa}
    copies = np.mean([row.tobytes() in in_train for row in Xb])
    Xa, Xb, ya, yb = train_test_split(X2, y2, test_size=0.25, random_state=0)
    clean_acc = knn.fit(Xa, ya).score(Xb, yb)
    print("Random labels, 200 examples each stored twice, 1-nearest-neighbour classifier")
    print(f"  test rows with a copy in training : {copies:.4f}")
    print(f"  test accuracy with duplicates     : {dup_acc:.4f}")
    print(f"  test accuracy after deduplication : {clean_acc:.4f}")
    assert dup_acc > 0.7 and clean_acc < 0.65


if __name__ == "__main__":
    main()
