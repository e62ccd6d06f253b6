"""Data leakage in numbers: preprocessing fitted before cross-validation versus inside a Pipeline.

Included by docs/05-ml-pipeline/index.md (ML Pipeline). On the diabetes data set (442 patients,
10 real features) with 2,000 extra columns of Gaussian noise, a univariate feature selector
keeps the 10 columns most correlated with the target, then a ridge model is fitted. The script
scores the same procedure twice with 5-fold cross-validation:

- leaky: scaler and selector fitted once on all 442 rows, then only the model is cross-validated;
- honest: scaler, selector and model in one ``Pipeline``, refitted inside every fold.

It repeats both with the target randomly permuted, where the honest answer is "no signal"
(R2 at or below 0), and it measures the much smaller leak of an unsupervised scaler alone.
"""

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.feature_selection import SelectKBest, f_regression
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 0


def with_noise(n_noise: int = 2000, seed: int = SEED):
    """Raw diabetes features with ``n_noise`` standard-normal columns appended.

    Parameters
    ----------
    n_noise : int
        Number of pure-noise columns.
    seed : int
        Seed of ``np.random.default_rng`` for the noise.

    Returns
    -------
    tuple
        X of shape (442, 10 + n_noise) and y of shape (442,).

    """
    X, y = load_diabetes(return_X_y=True, scaled=False)
    rng = np.random.default_rng(seed)
    return np.hstack([X, rng.normal(size=(X.shape[0], n_noise))]), y


# --8<-- [start:leak]
def leaky_vs_honest(X: np.ndarray, y: np.ndarray, k: int = 10) -> tuple[float, float, int]:
    """Mean 5-fold CV R2 of scale -> select k -> ridge, fitted before CV and inside CV.

    Parameters
    ----------
    X : np.ndarray, shape (n, d)
    y : np.ndarray, shape (n,)
    k : int
        Number of columns the selector keeps (ranked by the F statistic of f_regression).

    Returns
    -------
    tuple
        (leaky R2, honest R2, how many of the k columns chosen on all rows are noise columns).

    """
    folds = KFold(n_splits=5, shuffle=True, random_state=SEED)
    # Leaky: the selector sees every row's target, including the rows each fold validates on.
    prep = make_pipeline(StandardScaler(), SelectKBest(f_regression, k=k)).fit(X, y)
    leaky = cross_val_score(Ridge(alpha=1.0), prep.transform(X), y, cv=folds, scoring="r2")
    # Honest: the same steps in one Pipeline, refitted on the training part of every fold.
    pipe = Pipeline([("scale", StandardScaler()),
                     ("select", SelectKBest(f_regression, k=k)),
                     ("model", Ridge(alpha=1.0))])
    honest = cross_val_score(pipe, X, y, cv=folds, scoring="r2")
    n_noise_kept = int((prep[-1].get_support(indices=True) >= 10).sum())
    return leaky.mean(), honest.mean(), n_noise_kept
# --8<-- [end:leak]


def scaler_leak(seed: int = SEED) -> tuple[float, float]:
    """Mean 5-fold CV R2 of a 15-nearest-neighbour regressor, scaler fit before CV vs inside.

    Parameters
    ----------
    seed : int
        Seed of the fold shuffling.

    Returns
    -------
    tuple
        (R2 with the scaler fitted on all rows, R2 with the scaler inside the pipeline).

    """
    X, y = load_diabetes(return_X_y=True, scaled=False)
    folds = KFold(n_splits=5, shuffle=True, random_state=seed)
    knn = KNeighborsRegressor(n_neighbors=15)
    leaky = cross_val_score(knn, StandardScaler().fit_transform(X), y, cv=folds, scoring="r2")
    honest = cross_val_score(make_pipeline(StandardScaler(), knn), X, y, cv=folds, scoring="r2")
    return leaky.mean(), honest.mean()


def main() -> None:
    """Print the leakage numbers of the article and check the claims made about them."""
    X, y = with_noise()
    print(f"X {X.shape}: 10 real columns + {X.shape[1] - 10} noise columns")

    leaky, honest, n_noise = leaky_vs_honest(X, y)
    print(f"real target     : leaky CV R2 {leaky:.4f}, pipeline CV R2 {honest:.4f} "
          f"(selector fitted on all rows kept {n_noise} noise columns of 10)")
    assert leaky > honest

    y_perm = np.random.default_rng(SEED).permutation(y)
    leaky_p, honest_p, n_noise_p = leaky_vs_honest(X, y_perm)
    print(f"permuted target : leaky CV R2 {leaky_p:.4f}, pipeline CV R2 {honest_p:.4f} "
          f"(selector fitted on all rows kept {n_noise_p} noise columns of 10)")
    assert leaky_p > 0.0 >= honest_p

    s_leaky, s_honest = scaler_leak()
    print(f"scaler only     : leaky CV R2 {s_leaky:.4f}, pipeline CV R2 {s_honest:.4f} "
          f"(difference {s_leaky - s_honest:+.4f})")
    assert abs(s_leaky - s_honest) < abs(leaky - honest)


if __name__ == "__main__":
    main()
