"""Categorical encodings and class imbalance, with the leaks each one invites.

Included by docs/05-ml-pipeline/01-data-preprocessing.md. Block 1 target-encodes six rows by hand
(in-sample, smoothed, out-of-fold). Block 2 shows on pure-noise categories that in-sample target
encoding leaks and that out-of-fold encoding (ours and scikit-learn's TargetEncoder) does not.
Block 3 counts hashing collisions. Block 4 computes balanced class weights and checks the gradient
of the weighted log loss by central differences. Block 5 runs SMOTE, implemented from scratch in
NumPy, on four points. Block 6 compares imbalance remedies and measures how closely balanced class
weights at threshold 0.5 match an unweighted model thresholded at the prevalence; block 7 shows the
leak of oversampling before the split; block 8 shows that ROC-AUC ignores the class ratio and
average precision does not.
"""

import math

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import KFold, train_test_split
from sklearn.preprocessing import TargetEncoder
from sklearn.tree import DecisionTreeClassifier


# --8<-- [start:target]
def target_encode(cat_fit, y_fit, cat_apply, m=0.0, prior=None):
    """Smoothed target encoding (Micci-Barreca 2001, Eq. 7 with a fixed smoothing m).

    enc(c) = (sum of y over rows of category c + m * prior) / (n_c + m); unseen categories get
    the prior.

    Parameters
    ----------
    cat_fit : ndarray of shape (n,)
        Integer category codes of the rows whose targets are used.
    y_fit : ndarray of shape (n,)
        Targets of those rows (0/1 or real).
    cat_apply : ndarray of shape (n_apply,)
        Codes to encode.
    m : float
        Smoothing strength in pseudo-rows; 0 gives the raw category mean.
    prior : float, optional
        Global mean; defaults to y_fit.mean().

    Returns
    -------
    ndarray of shape (n_apply,)
        Encoded values.

    """
    prior = y_fit.mean() if prior is None else prior
    size = max(cat_fit.max(), cat_apply.max()) + 1
    sums = np.bincount(cat_fit, weights=y_fit, minlength=size)
    counts = np.bincount(cat_fit, minlength=size).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        enc = (sums + m * prior) / (counts + m)
    enc[counts + m == 0] = prior
    return enc[cat_apply]


def target_encode_oof(cat, y, m=0.0, n_folds=5, seed=0):
    """Out-of-fold target encoding: each row is encoded by statistics of the other folds.

    Parameters
    ----------
    cat : ndarray of shape (n,)
        Integer category codes of the training rows.
    y : ndarray of shape (n,)
        Their targets.
    m : float
        Smoothing strength, as in target_encode.
    n_folds : int
        Number of folds (n for leave-one-out).
    seed : int
        Seed of the fold shuffling.

    Returns
    -------
    ndarray of shape (n,)
        Encoding of every training row computed without its own target.

    """
    out = np.empty(len(y))
    for fit_idx, app_idx in KFold(n_folds, shuffle=True, random_state=seed).split(cat):
        out[app_idx] = target_encode(cat[fit_idx], y[fit_idx], cat[app_idx], m)
    return out
# --8<-- [end:target]


def block_hand_target():
    """Print block 1: target encodings of six rows."""
    cat = np.array([0, 0, 0, 1, 1, 2])
    y = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    print("Block 1: six rows, city a a a b b c, label 1 0 1 1 1 0, prior "
          f"{y.mean():.4f}")
    naive = target_encode(cat, y, cat)
    smooth = target_encode(cat, y, cat, m=2.0)
    loo = target_encode_oof(cat, y, n_folds=6)
    print("  in-sample mean:  ", " ".join(f"{v:.4f}" for v in naive))
    print("  smoothed, m = 2: ", " ".join(f"{v:.4f}" for v in smooth))
    print("  leave-one-out:   ", " ".join(f"{v:.4f}" for v in loo))
    assert naive[5] == y[5]  # a singleton category encodes its own label exactly


def block_target_leak():
    """Print block 2: in-sample versus out-of-fold target encoding on noise categories."""
    rng = np.random.default_rng(0)
    n, n_cat = 3000, 1000
    cat = rng.integers(0, n_cat, size=n)
    signal = rng.normal(size=n)
    y = (signal + rng.normal(size=n) > 0).astype(float)  # the category carries no information
    tr, te = np.arange(2000), np.arange(2000, n)
    print(f"\nBlock 2: {n_cat} random categories with no information, 1 real feature, "
          "2000 train / 1000 test rows")
    print("  encoding                  coef(cat)  train AUC  test AUC")
    te_enc = target_encode(cat[tr], y[tr], cat[te])
    sk = TargetEncoder(target_type="binary", cv=KFold(5, shuffle=True, random_state=0))
    variants = {
        "in-sample mean": (target_encode(cat[tr], y[tr], cat[tr]), te_enc),
        "out-of-fold, 5 folds": (target_encode_oof(cat[tr], y[tr]), te_enc),
        "TargetEncoder (sklearn)": (sk.fit_transform(cat[tr].reshape(-1, 1), y[tr]).ravel(),
                                    sk.transform(cat[te].reshape(-1, 1)).ravel()),
    }
    aucs = {}
    for name, (e_tr, e_te) in variants.items():
        A_tr = np.column_stack([signal[tr], e_tr])
        A_te = np.column_stack([signal[te], e_te])
        model = LogisticRegression().fit(A_tr, y[tr])
        a_tr = roc_auc_score(y[tr], model.decision_function(A_tr))
        a_te = roc_auc_score(y[te], model.decision_function(A_te))
        aucs[name] = (a_tr, a_te)
        print(f"  {name:24s}  {model.coef_[0, 1]:9.3f}  {a_tr:9.4f}  {a_te:8.4f}")
    assert aucs["in-sample mean"][0] > aucs["out-of-fold, 5 folds"][0] + 0.03
    assert aucs["in-sample mean"][1] < aucs["out-of-fold, 5 folds"][1]


def block_hashing():
    """Print block 3: collisions when hashing K categories into m buckets."""
    k, m = 1000, 1024
    names = [f"user_{i}" for i in range(k)]
    H = FeatureHasher(n_features=m, input_type="string", alternate_sign=False)
    cols = H.transform([[s] for s in names]).tocsr().indices
    counts = np.bincount(cols, minlength=m)
    used = int((counts > 0).sum())
    shared = int(counts[counts > 1].sum())
    expected = m * (1 - (1 - 1 / m) ** k)
    p_share = 1 - (1 - 1 / m) ** (k - 1)
    print(f"\nBlock 3: hashing {k} categories into {m} columns")
    print(f"  distinct columns used {used}, expected {expected:.1f}")
    print(f"  categories that share their column: {shared}, expected {k * p_share:.1f}")
    assert abs(used - expected) < 40 and abs(shared - k * p_share) < 60


# --8<-- [start:weights]
def balanced_weights(y):
    """Class weights n / (k * n_c), scikit-learn's class_weight="balanced" (King & Zeng 2001).

    Parameters
    ----------
    y : ndarray of shape (n,)
        Integer class labels 0..k-1, every class present.

    Returns
    -------
    ndarray of shape (k,)
        Weight of each class; each class then carries total weight n / k.

    """
    counts = np.bincount(y)
    return len(y) / (len(counts) * counts)


def weighted_log_loss(theta, X, y, s):
    """Sample-weighted binary cross-entropy (1/n) sum_i s_i * ce(sigmoid(x_i . theta), y_i).

    Parameters
    ----------
    theta : ndarray of shape (d,)
        Weights (include a column of ones in X for the bias).
    X : ndarray of shape (n, d)
        Inputs, rows are examples.
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    s : ndarray of shape (n,)
        Per-example weights, e.g. the class weight of each row's label.

    Returns
    -------
    loss : float
        Weighted mean loss in nats.
    grad : ndarray of shape (d,)
        Gradient (1/n) X^T (s * (p - y)).

    """
    z = X @ theta
    p = 1 / (1 + np.exp(-z))
    ce = np.logaddexp(0, z) - y * z  # -y log p - (1 - y) log(1 - p), computed stably
    return np.mean(s * ce), X.T @ (s * (p - y)) / len(y)
# --8<-- [end:weights]


def block_weights():
    """Print block 4: balanced weights and a central-difference check of the gradient."""
    rng = np.random.default_rng(0)
    y = np.array([0] * 950 + [1] * 50)
    w = balanced_weights(y)
    print("\nBlock 4: 950 negatives, 50 positives")
    print(f"  balanced weights: w0 = {w[0]:.4f}, w1 = {w[1]:.4f}, ratio {w[1] / w[0]:.1f}; "
          f"class totals {950 * w[0]:.1f} and {50 * w[1]:.1f}")
    assert np.isclose(950 * w[0], 500) and np.isclose(50 * w[1], 500)
    X = np.column_stack([np.ones(1000), rng.normal(size=(1000, 2))])
    theta = np.array([-0.5, 0.8, -0.3])
    s = w[y]
    loss, grad = weighted_log_loss(theta, X, y, s)
    h = 1e-6
    num = np.array([(weighted_log_loss(theta + h * e, X, y, s)[0]
                     - weighted_log_loss(theta - h * e, X, y, s)[0]) / (2 * h) for e in np.eye(3)])
    rel = np.abs(num - grad).max() / np.abs(grad).max()
    print(f"  weighted loss {loss:.4f}; gradient " + " ".join(f"{g:+.5f}" for g in grad))
    print("  central differences  " + " ".join(f"{g:+.5f}" for g in num) +
          f"; max relative error {rel:.1e}")
    assert rel < 1e-6
    # integer weight 3 on a row = three copies of that row (sum form of the loss)
    s3 = np.where(y == 1, 3.0, 1.0)
    dup = np.concatenate([np.arange(1000), np.repeat(np.arange(950, 1000), 2)])
    g_w = weighted_log_loss(theta, X, y, s3)[1] * 1000
    g_d = weighted_log_loss(theta, X[dup], y[dup], np.ones(len(dup)))[1] * len(dup)
    assert np.allclose(g_w, g_d)
    print("  weight 3 on positives gives the same summed gradient as 3 copies of them: True")


# --8<-- [start:smote]
def smote(X_min, n_new, k=5, rng=None):
    """SMOTE: synthetic minority examples on segments to near neighbours.

    Chawla, Bowyer, Hall & Kegelmeyer (2002), JAIR 16, Section 4.2: for a minority example x,
    pick one of its k nearest minority neighbours x_nn and return x + u (x_nn - x), u ~ U(0, 1).
    Base examples are drawn uniformly with replacement (as imbalanced-learn does), not in turn.

    Parameters
    ----------
    X_min : ndarray of shape (n_min, d)
        Minority-class examples, n_min > k.
    n_new : int
        Number of synthetic examples to create.
    k : int
        Number of nearest neighbours (5 in the paper).
    rng : numpy.random.Generator, optional
        Source of randomness.

    Returns
    -------
    X_new : ndarray of shape (n_new, d)
        Synthetic examples.
    base, nbr : ndarray of shape (n_new,)
        Row indices of the base example and of the neighbour used.
    u : ndarray of shape (n_new,)
        Interpolation factors in [0, 1).

    Raises
    ------
    ValueError
        If there are not more than k minority examples.

    """
    rng = np.random.default_rng(0) if rng is None else rng
    if len(X_min) <= k:
        raise ValueError("SMOTE needs more than k minority examples")
    d2 = ((X_min[:, None, :] - X_min[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d2, np.inf)
    knn = np.argsort(d2, axis=1)[:, :k]          # (n_min, k) neighbour indices
    base = rng.integers(0, len(X_min), size=n_new)
    nbr = knn[base, rng.integers(0, k, size=n_new)]
    u = rng.random(n_new)
    X_new = X_min[base] + u[:, None] * (X_min[nbr] - X_min[base])
    return X_new, base, nbr, u
# --8<-- [end:smote]


def block_smote_hand():
    """Print block 5: SMOTE with k = 2 on four minority points."""
    P = np.array([[1.0, 1.0], [2.0, 1.0], [1.0, 3.0], [4.0, 4.0]])
    X_new, base, nbr, u = smote(P, 3, k=2, rng=np.random.default_rng(0))
    print("\nBlock 5: SMOTE, k = 2, minority points P0 (1,1) P1 (2,1) P2 (1,3) P3 (4,4)")
    for xn, b, j, t in zip(X_new, base, nbr, u, strict=True):
        print(f"  base P{b}, neighbour P{j}, u = {t:.4f} -> ({xn[0]:.4f}, {xn[1]:.4f})")
        assert np.allclose(xn, P[b] + t * (P[j] - P[b])) and 0.0 <= t < 1.0
        assert j in np.argsort(((P - P[b]) ** 2).sum(1))[1:3]  # one of the 2 nearest to P[b]


def make_imbalanced(n, rng, prevalence=0.05):
    """Two Gaussian classes with identity covariance, 5 % positives, 4 features.

    Negatives ~ N(0, I), positives ~ N(mu, I) with mu = (1.2, 0.8, 0, 0); with equal covariances
    the true log-odds are linear in x, so logistic regression is well specified.

    Parameters
    ----------
    n : int
        Number of rows.
    rng : numpy.random.Generator
        Source of randomness.
    prevalence : float
        Fraction of positives.

    Returns
    -------
    X : ndarray of shape (n, 4)
        Inputs.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    """
    y = (rng.random(n) < prevalence).astype(int)
    X = rng.normal(size=(n, 4)) + np.outer(y, [1.2, 0.8, 0.0, 0.0])
    return X, y


def scores_at(y, p, thr):
    """Return precision, recall and F1 of the rule p >= thr (arrays of shape (n,))."""
    yhat = (p >= thr).astype(int)
    return (precision_score(y, yhat, zero_division=0.0), recall_score(y, yhat),
            f1_score(y, yhat))


def block_remedies():
    """Print block 6: imbalance remedies with logistic regression, 5 % positives.

    Also compares balanced class weights at threshold 0.5 with the unweighted model at the
    training prevalence: in the large-sample limit of a well-specified model the weights shift
    the intercept by log(n0 / n1) and the two rules coincide; on 3000 rows they nearly do.
    """
    X, y = make_imbalanced(6000, np.random.default_rng(0))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
    rng = np.random.default_rng(0)
    pos, neg = np.flatnonzero(y_tr == 1), np.flatnonzero(y_tr == 0)
    prev = y_tr.mean()
    print(f"\nBlock 6: {len(y_tr)} training rows, {len(pos)} positive ({prev:.4f}); "
          "logistic regression")
    print("  remedy                 thr   precision  recall     F1   ROC-AUC      AP")
    over = np.concatenate([neg, pos, rng.choice(pos, len(neg) - len(pos))])
    under = np.concatenate([rng.choice(neg, len(pos), replace=False), pos])
    X_syn = smote(X_tr[pos], len(neg) - len(pos), k=5, rng=rng)[0]
    X_sm = np.vstack([X_tr, X_syn])
    y_sm = np.concatenate([y_tr, np.ones(len(X_syn), dtype=int)])
    fits = [
        ("none", X_tr, y_tr, None, 0.5),
        ("none, threshold moved", X_tr, y_tr, None, prev),
        ("random oversampling", X_tr[over], y_tr[over], None, 0.5),
        ("random undersampling", X_tr[under], y_tr[under], None, 0.5),
        ("SMOTE", X_sm, y_sm, None, 0.5),
        ("class_weight=balanced", X_tr, y_tr, "balanced", 0.5),
    ]
    res, models = {}, {}
    for name, A, b, cw, thr in fits:
        model = LogisticRegression(class_weight=cw).fit(A, b)
        p = model.predict_proba(X_te)[:, 1]
        pr, rc, f1 = scores_at(y_te, p, thr)
        roc, ap = roc_auc_score(y_te, p), average_precision_score(y_te, p)
        res[name], models[name] = (rc, roc), model
        print(f"  {name:22s} {thr:.3f}  {pr:9.4f}  {rc:6.4f}  {f1:6.4f}  {roc:7.4f}  {ap:6.4f}")
    assert res["class_weight=balanced"][0] > res["none"][0] + 0.3
    assert abs(res["SMOTE"][1] - res["none"][1]) < 0.01  # ranking barely changes
    # balanced weights at 0.5 versus no weights at the prevalence: close, not identical
    plain, weighted = models["none"], models["class_weight=balanced"]
    agree = np.mean((plain.predict_proba(X_te)[:, 1] >= prev)
                    == (weighted.predict_proba(X_te)[:, 1] >= 0.5))
    shift = weighted.intercept_[0] - plain.intercept_[0]
    print(f"  balanced at 0.5 vs none at {prev:.4f}: same decision on {agree:.4f} of test rows")
    print(f"  intercept shift from the weights {shift:.3f}, log(n0/n1) = "
          f"{math.log((1 - prev) / prev):.3f}")
    assert agree > 0.95


def block_resample_leak():
    """Print block 7: random oversampling before versus after the split, decision tree."""
    X, y = make_imbalanced(6000, np.random.default_rng(0))
    rng = np.random.default_rng(1)
    print("\nBlock 7: random oversampling to 50/50, decision tree, F1 on the test part")
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    idx = np.concatenate([neg, pos, rng.choice(pos, len(neg) - len(pos))])
    A_tr, A_te, b_tr, b_te = train_test_split(X[idx], y[idx], test_size=0.5, random_state=0)
    f_leak = f1_score(b_te, DecisionTreeClassifier(random_state=0).fit(A_tr, b_tr).predict(A_te))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
    p, n_ = np.flatnonzero(y_tr == 1), np.flatnonzero(y_tr == 0)
    j = np.concatenate([n_, p, rng.choice(p, len(n_) - len(p))])
    tree = DecisionTreeClassifier(random_state=0).fit(X_tr[j], y_tr[j])
    f_ok = f1_score(y_te, tree.predict(X_te))
    print(f"  oversample, then split (leaky): F1 {f_leak:.4f}")
    print(f"  split, then oversample train:   F1 {f_ok:.4f}")
    assert f_leak > f_ok + 0.3


def block_pr_vs_roc():
    """Print block 8: the same score distributions at two class ratios."""
    rng = np.random.default_rng(0)
    s_pos = rng.normal(1.5, 1.0, size=1000)
    print("\nBlock 8: positive scores N(1.5, 1), negative scores N(0, 1), 1000 positives")
    auc_theory = 0.5 * (1 + math.erf(1.5 / 2))  # Phi(1.5 / sqrt(2)) = P(s_pos > s_neg)
    print(f"  population ROC-AUC Phi(1.5 / sqrt 2) = {auc_theory:.4f}")
    print("  negatives  prevalence  ROC-AUC      AP")
    for n_neg in (1000, 99000):
        s_neg = rng.normal(0.0, 1.0, size=n_neg)
        s = np.concatenate([s_pos, s_neg])
        y = np.concatenate([np.ones(1000), np.zeros(n_neg)])
        print(f"  {n_neg:9d}  {1000 / (1000 + n_neg):10.4f}  {roc_auc_score(y, s):7.4f}  "
              f"{average_precision_score(y, s):6.4f}")


def main():
    """Run the eight blocks."""
    block_hand_target()
    block_target_leak()
    block_hashing()
    block_weights()
    block_smote_hand()
    block_remedies()
    block_resample_leak()
    block_pr_vs_roc()


if __name__ == "__main__":
    main()
