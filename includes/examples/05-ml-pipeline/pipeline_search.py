"""A complete scikit-learn pipeline with a cross-validated search, on the diabetes data set.

Included by docs/05-ml-pipeline/index.md (ML Pipeline). The script walks through the phases of
the article on a data set that ships inside scikit-learn (442 patients, 10 raw features, target a
measure of disease progression one year later):

1. framing: the metric is the mean absolute error (MAE) and the baseline to beat predicts the
   training mean;
2. a ``Pipeline`` whose ``ColumnTransformer`` standardizes the nine numeric columns and one-hot
   encodes ``sex``, a column that holds only the codes 1 and 2 and is treated as categorical here;
3. a ``GridSearchCV`` over two model families with 5-fold cross-validation on the training split;
4. one final score on the untouched test split;
5. a numerical check of the ridge gradient stated in the article, and the stationarity of the
   fitted ridge model;
6. reproducibility: a fingerprint of the data and an identical second run.
"""

import hashlib

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_diabetes
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import GridSearchCV, KFold, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 0
NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def load_split(seed: int = SEED):
    """Load the raw diabetes data and split it 80/20 into training and test parts.

    Parameters
    ----------
    seed : int
        Seed of the random split.

    Returns
    -------
    tuple of np.ndarray
        ``X_train`` (353, 10), ``X_test`` (89, 10), ``y_train`` (353,), ``y_test`` (89,).
        Features are in their original units (``scaled=False``); column 1 (sex) is 1 or 2.

    """
    X, y = load_diabetes(return_X_y=True, scaled=False)
    return train_test_split(X, y, test_size=0.2, random_state=seed)


# --8<-- [start:pipeline]
def build_search(seed: int = SEED) -> GridSearchCV:
    """Build the preprocessing + model pipeline and the grid search around it.

    Every data-dependent step (scaler means and deviations, encoder categories, model weights)
    sits inside the pipeline, so each cross-validation fold refits it on its own training part.

    Parameters
    ----------
    seed : int
        Seed of the fold shuffling.

    Returns
    -------
    GridSearchCV
        Unfitted search; ``fit(X, y)`` expects X of shape (n, 10) in the column order of NAMES.

    """
    numeric = [0, 2, 3, 4, 5, 6, 7, 8, 9]          # everything except sex
    categorical = [1]                             # sex, coded 1 or 2
    prep = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    pipe = Pipeline([("prep", prep), ("model", Ridge())])
    grid = [
        {"model": [Ridge()], "model__alpha": [0.1, 1.0, 10.0, 100.0]},
        {"model": [KNeighborsRegressor()], "model__n_neighbors": [5, 15, 30]},
    ]
    folds = KFold(n_splits=5, shuffle=True, random_state=seed)
    return GridSearchCV(pipe, grid, cv=folds, scoring="neg_mean_absolute_error", n_jobs=1)
# --8<-- [end:pipeline]


def ridge_loss(w: np.ndarray, b: float, Z: np.ndarray, y: np.ndarray, lam: float) -> float:
    """Ridge objective as scikit-learn minimizes it: ||y - Zw - b||^2 + lam * ||w||^2.

    Hoerl & Kennard (1970); the intercept b is not penalized.

    Parameters
    ----------
    w : np.ndarray, shape (d,)
        Weights.
    b : float
        Intercept.
    Z : np.ndarray, shape (n, d)
        Preprocessed inputs.
    y : np.ndarray, shape (n,)
        Targets.
    lam : float
        Regularization strength, >= 0.

    Returns
    -------
    float
        The objective, in squared target units.

    """
    r = y - Z @ w - b
    return float(r @ r + lam * w @ w)


def ridge_grad(w: np.ndarray, b: float, Z: np.ndarray, y: np.ndarray, lam: float):
    """Gradient of ``ridge_loss``: (-2 Z^T r + 2 lam w, -2 sum(r)) with r = y - Zw - b.

    Parameters
    ----------
    w, b, Z, y, lam
        As in ``ridge_loss``.

    Returns
    -------
    tuple
        ``grad_w`` of shape (d,) and ``grad_b``, a float.

    """
    r = y - Z @ w - b
    return -2.0 * Z.T @ r + 2.0 * lam * w, float(-2.0 * r.sum())


def check_ridge_gradient(Z: np.ndarray, y: np.ndarray, lam: float, h: float = 1e-5) -> float:
    """Largest relative error between ``ridge_grad`` and central differences at a random point.

    Parameters
    ----------
    Z : np.ndarray, shape (n, d)
    y : np.ndarray, shape (n,)
    lam : float
    h : float
        Step of the central difference.

    Returns
    -------
    float
        max |analytic - numeric| / max(1, |numeric|) over all d + 1 coordinates.

    """
    rng = np.random.default_rng(SEED)
    w, b = rng.normal(size=Z.shape[1]), float(rng.normal())
    gw, gb = ridge_grad(w, b, Z, y, lam)
    errs = []
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h
        num = (ridge_loss(w + e, b, Z, y, lam) - ridge_loss(w - e, b, Z, y, lam)) / (2 * h)
        errs.append(abs(gw[j] - num) / max(1.0, abs(num)))
    num_b = (ridge_loss(w, b + h, Z, y, lam) - ridge_loss(w, b - h, Z, y, lam)) / (2 * h)
    errs.append(abs(gb - num_b) / max(1.0, abs(num_b)))
    return max(errs)


def fingerprint(*arrays: np.ndarray) -> str:
    """First 12 hex digits of the SHA-256 of the arrays' bytes: a version tag for a data set.

    Parameters
    ----------
    *arrays : np.ndarray
        Arrays to hash, in order.

    Returns
    -------
    str
        12 hexadecimal characters.

    """
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:12]


def describe(model) -> str:
    """Short name of a candidate model and its tuned settings, for the results table."""
    if isinstance(model, Ridge):
        return f"ridge alpha={model.alpha:g}"
    return f"k-NN k={model.n_neighbors}"


def main() -> None:
    """Print the numbers of the article's worked example and check its claims."""
    X_tr, X_te, y_tr, y_te = load_split()
    print(f"train {X_tr.shape}, test {X_te.shape}, sex codes {np.unique(X_tr[:, 1]).tolist()}")
    print(f"data fingerprint {fingerprint(X_tr, y_tr, X_te, y_te)}")

    # Phase 1: the baseline to beat.
    base = DummyRegressor(strategy="mean").fit(X_tr, y_tr)
    base_mae = mean_absolute_error(y_te, base.predict(X_te))
    print(f"baseline (predict train mean {base.constant_[0, 0]:.2f}): "
          f"test MAE {base_mae:.2f}, R2 {r2_score(y_te, base.predict(X_te)):.4f}")

    # Phases 6 and 8: model selection and tuning by 5-fold CV on the training split only.
    search = build_search().fit(X_tr, y_tr)
    res = search.cv_results_
    print("5-fold CV on the training split (MAE, mean and std over folds):")
    for i in np.argsort(res["rank_test_score"]):
        p = res["params"][i]
        model = p["model"].set_params(**{k[7:]: v for k, v in p.items() if k != "model"})
        print(f"  {describe(model):28s} {-res['mean_test_score'][i]:6.2f} "
              f"+- {res['std_test_score'][i]:5.2f}")
    best = search.best_estimator_
    print(f"best: {describe(best.named_steps['model'])}, CV MAE {-search.best_score_:.2f}")

    # Phase 7: one look at the test split.
    pred = best.predict(X_te)
    mae, r2 = mean_absolute_error(y_te, pred), r2_score(y_te, pred)
    print(f"test MAE {mae:.2f} (baseline {base_mae:.2f}, "
          f"{100 * (1 - mae / base_mae):.1f} % lower), R2 {r2:.4f}")
    assert mae < base_mae

    # The fitted preprocessing: 9 standardized columns + 2 one-hot columns for sex.
    prep = best.named_steps["prep"]
    Z_tr = prep.transform(X_tr)
    print(f"features after ColumnTransformer: {Z_tr.shape[1]} "
          f"(9 scaled + {len(prep.named_transformers_['cat'].categories_[0])} one-hot)")
    mean_ = prep.named_transformers_["num"].mean_
    print(f"scaler means learned on training rows only: age {mean_[0]:.2f}, bmi {mean_[1]:.2f}")

    # The ridge gradient of the article, checked by central differences, and stationarity.
    lam = 1.0
    err = check_ridge_gradient(Z_tr, y_tr, lam)
    print(f"ridge gradient vs central differences: max relative error {err:.1e}")
    assert err < 1e-6
    ridge = Ridge(alpha=lam).fit(Z_tr, y_tr)
    gw, gb = ridge_grad(ridge.coef_, float(ridge.intercept_), Z_tr, y_tr, lam)
    g0, _ = ridge_grad(np.zeros(Z_tr.shape[1]), 0.0, Z_tr, y_tr, lam)
    ratio = max(np.abs(gw).max(), abs(gb)) / np.abs(g0).max()
    print(f"gradient at scikit-learn's ridge solution / gradient at zero: {ratio:.1e}")
    assert ratio < 1e-8

    # Reproducibility: same data, same seeds, same code give the same search, bit for bit.
    again = build_search().fit(X_tr, y_tr)
    same = np.array_equal(again.cv_results_["mean_test_score"], res["mean_test_score"])
    same_pred = np.array_equal(again.best_estimator_.predict(X_te), pred)
    print(f"second run identical: CV scores {same}, test predictions {same_pred}")
    assert same and same_pred


if __name__ == "__main__":
    main()
