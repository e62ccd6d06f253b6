"""Threshold metrics, ranking metrics, cost-based thresholds and multi-class averaging.

ROC-AUC by pair counting, step-wise average precision and the rest are written from scratch in
NumPy and checked against scikit-learn.

Included by docs/00-ml-fundamentals/03-model-evaluation.md ("Worked example" and
"Implementation"). Ten scored examples (four positive, one positive-negative tie) give a
confusion matrix small enough to check by hand; generated Gaussian scores show ROC-AUC staying
put while average precision falls as positives become rare; generated calibrated probabilities
show that the cost-minimizing threshold is c_FP / (c_FP + c_FN); a ten-example, three-class
problem shows macro, weighted and micro averaging.
"""

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    fbeta_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)


# --8<-- [start:counts]
def confusion_counts(y, y_pred):
    """Count the four cells of a binary confusion matrix.

    Parameters
    ----------
    y, y_pred : ndarray of shape (n,)
        True and predicted labels in {0, 1}; 1 is the positive class.

    Returns
    -------
    tuple of int
        ``(tp, fp, fn, tn)``.

    """
    y, y_pred = np.asarray(y), np.asarray(y_pred)
    tp = int(np.sum((y == 1) & (y_pred == 1)))
    fp = int(np.sum((y == 0) & (y_pred == 1)))
    fn = int(np.sum((y == 1) & (y_pred == 0)))
    tn = int(np.sum((y == 0) & (y_pred == 0)))
    return tp, fp, fn, tn


def f_beta(precision, recall, beta):
    """Weighted harmonic mean of precision and recall.

    Parameters
    ----------
    precision, recall : float
        Values in [0, 1].
    beta : float
        Positive weight; recall counts ``beta`` times as much as precision.

    Returns
    -------
    float
        ``(1 + beta^2) P R / (beta^2 P + R)``, or 0.0 when both are 0.

    Notes
    -----
    van Rijsbergen (1979), Chapter 7: F_beta = 1 - E with alpha = 1 / (beta^2 + 1).

    """
    denom = beta**2 * precision + recall
    return (1 + beta**2) * precision * recall / denom if denom else 0.0
# --8<-- [end:counts]


# --8<-- [start:ranking]
def auc_pair_count(y, scores):
    """ROC-AUC as the fraction of positive-negative pairs ranked correctly, ties counting 1/2.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}; both classes must occur.
    scores : ndarray of shape (n,)
        Real-valued scores; larger means "more likely positive".

    Returns
    -------
    float
        U / (n_pos * n_neg), the Mann-Whitney U statistic of the positives' scores divided by
        the number of pairs.

    Raises
    ------
    ValueError
        If one class is absent.

    Notes
    -----
    Mann & Whitney (1947); its reading as the area under the ROC curve is Hanley & McNeil (1982).
    Memory is O(n_pos * n_neg); use ``auc_rank_sum`` for large inputs.

    """
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    pos, neg = scores[y == 1], scores[y == 0]
    if pos.size == 0 or neg.size == 0:
        raise ValueError("AUC needs at least one positive and one negative")
    diff = pos[:, None] - neg[None, :]  # shape (n_pos, n_neg)
    return float(np.sum(diff > 0) + 0.5 * np.sum(diff == 0)) / (pos.size * neg.size)


def auc_rank_sum(y, scores):
    """ROC-AUC from the rank sum of the positives, in O(n log n).

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}; both classes must occur.
    scores : ndarray of shape (n,)
        Real-valued scores.

    Returns
    -------
    float
        (R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg), with R_pos the sum of the positives'
        ranks (1 = lowest score, ties get their average rank).

    Notes
    -----
    The rank-sum form of U, Mann & Whitney (1947).

    """
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(scores.size)
    ranks[order] = np.arange(1, scores.size + 1)
    # average the ranks within each run of tied scores
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    for start, c in zip(first, counts, strict=True):
        ranks[order[start:start + c]] = start + (c + 1) / 2
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def average_precision(y, scores):
    """Step-wise average precision, AP = sum_k (R_k - R_{k-1}) P_k, without interpolation.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}; at least one positive.
    scores : ndarray of shape (n,)
        Real-valued scores; tied scores enter together as one threshold.

    Returns
    -------
    float
        Average precision in [0, 1]; equals scikit-learn's ``average_precision_score``.

    """
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    thresholds = np.unique(scores)[::-1]  # from the highest score down
    n_pos = np.sum(y == 1)
    ap, prev_recall = 0.0, 0.0
    for t in thresholds:
        flagged = scores >= t
        tp = np.sum(flagged & (y == 1))
        precision, recall = tp / np.sum(flagged), tp / n_pos
        ap += (recall - prev_recall) * precision
        prev_recall = recall
    return float(ap)
# --8<-- [end:ranking]


# --8<-- [start:averaging]
def per_class_prf(y, y_pred, k):
    """One-vs-rest precision, recall and F1 for each of k classes, plus the class supports.

    Parameters
    ----------
    y, y_pred : ndarray of shape (n,)
        True and predicted class indices in {0, ..., k - 1}.
    k : int
        Number of classes.

    Returns
    -------
    p, r, f, support : ndarray of shape (k,)
        Precision, recall, F1 (0.0 where undefined) and the number of true examples per class.

    """
    p, r, f, support = (np.zeros(k) for _ in range(4))
    for c in range(k):
        tp, fp, fn, _ = confusion_counts(y == c, y_pred == c)
        p[c] = tp / (tp + fp) if tp + fp else 0.0
        r[c] = tp / (tp + fn) if tp + fn else 0.0
        f[c] = f_beta(p[c], r[c], 1.0)
        support[c] = tp + fn
    return p, r, f, support


def averaged_f1(y, y_pred, k):
    """Macro, weighted and micro averages of F1.

    Parameters
    ----------
    y, y_pred : ndarray of shape (n,)
        True and predicted class indices in {0, ..., k - 1}.
    k : int
        Number of classes.

    Returns
    -------
    dict
        ``macro``: unweighted mean over classes; ``weighted``: mean weighted by support;
        ``micro``: F1 of the pooled counts, which equals accuracy for single-label data.

    """
    _, _, f, support = per_class_prf(y, y_pred, k)
    tp = sum(confusion_counts(y == c, y_pred == c)[0] for c in range(k))
    fp = sum(confusion_counts(y == c, y_pred == c)[1] for c in range(k))
    fn = sum(confusion_counts(y == c, y_pred == c)[2] for c in range(k))
    return {
        "macro": float(f.mean()),
        "weighted": float(np.sum(f * support) / support.sum()),
        "micro": 2 * tp / (2 * tp + fp + fn),
    }
# --8<-- [end:averaging]


def uniform_cost(t, c_fp, c_fn):
    """Return the expected cost per example of threshold t for uniform calibrated scores.

    Parameters
    ----------
    t : float
        Threshold in [0, 1]; scores at or above it are flagged positive.
    c_fp, c_fn : float
        Cost of one false positive and of one false negative; correct decisions cost 0.

    Returns
    -------
    float
        c_FP (1 - t)^2 / 2 + c_FN t^2 / 2, minimized at t = c_FP / (c_FP + c_FN) (Elkan, 2001).

    """
    return c_fp * (1 - t) ** 2 / 2 + c_fn * t**2 / 2


def main():
    """Print the worked-example numbers and assert them against scikit-learn."""
    y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])
    s = np.array([0.90, 0.80, 0.70, 0.60, 0.60, 0.40, 0.35, 0.30, 0.20, 0.10])
    y_pred = (s >= 0.5).astype(int)
    tp, fp, fn, tn = confusion_counts(y, y_pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print("1. Ten scored examples, threshold 0.5")
    print(f"   TP {tp}  FP {fp}  FN {fn}  TN {tn}")
    print(f"   precision {precision:.4f}  recall {recall:.4f}  specificity {tn / (tn + fp):.4f}"
          f"  accuracy {(tp + tn) / len(y):.4f}")
    for beta in (0.5, 1.0, 2.0):
        fb = f_beta(precision, recall, beta)
        print(f"   F_beta with beta = {beta:.1f}: {fb:.4f}")
        assert abs(fb - fbeta_score(y, y_pred, beta=beta)) < 1e-12
    assert abs(precision - precision_score(y, y_pred)) < 1e-12
    assert abs(recall - recall_score(y, y_pred)) < 1e-12
    assert abs(f_beta(precision, recall, 1.0) - f1_score(y, y_pred)) < 1e-12

    print()
    print("2. Ranking metrics on the same ten examples")
    n_pairs = int(np.sum(y == 1) * np.sum(y == 0))
    auc_p = auc_pair_count(y, s)
    auc_r = auc_rank_sum(y, s)
    auc_sk = roc_auc_score(y, s)
    print(f"   correctly ordered pairs {auc_p * n_pairs:.1f} of {n_pairs}")
    print(f"   AUC by pair counting    {auc_p:.4f}")
    print(f"   AUC by rank sum         {auc_r:.4f}")
    print(f"   AUC by roc_auc_score    {auc_sk:.4f}")
    assert abs(auc_p - auc_sk) < 1e-12 and abs(auc_r - auc_sk) < 1e-12
    ap = average_precision(y, s)
    prec, rec, _ = precision_recall_curve(y, s)
    trapezoid = float(np.sum(-np.diff(rec) * (prec[1:] + prec[:-1]) / 2))
    print(f"   average precision, step-wise {ap:.4f}"
          f"  (average_precision_score {average_precision_score(y, s):.4f})")
    print(f"   area under the PR curve by trapezoids {trapezoid:.4f}")
    assert abs(ap - average_precision_score(y, s)) < 1e-12
    assert auc_pair_count(y, np.exp(3 * s)) == auc_p  # any increasing map keeps the ranks

    print()
    print("3. Same score distributions, rarer positives (positives ~ N(1, 1), negatives ~ N(0, 1))")
    rng = np.random.default_rng(0)
    n_pos = 500
    print(f"   {'negatives':>9} {'prevalence':>10} {'ROC-AUC':>8} {'AP':>7}")
    for n_neg in (500, 5_000, 50_000):
        yy = np.r_[np.ones(n_pos, dtype=int), np.zeros(n_neg, dtype=int)]
        ss = np.r_[rng.normal(1.0, 1.0, n_pos), rng.normal(0.0, 1.0, n_neg)]
        auc = auc_rank_sum(yy, ss)
        assert abs(auc - roc_auc_score(yy, ss)) < 1e-9
        apv = average_precision_score(yy, ss)
        print(f"   {n_neg:>9} {n_pos / (n_pos + n_neg):>10.4f} {auc:>8.4f} {apv:>7.4f}")

    print()
    print("4. Cost-based threshold on calibrated probabilities, c_FP = 1, c_FN = 5")
    p = rng.uniform(0.0, 1.0, 100_000)
    y_cal = (rng.uniform(0.0, 1.0, p.size) < p).astype(int)  # calibrated by construction
    c_fp, c_fn = 1.0, 5.0
    t_star = c_fp / (c_fp + c_fn)
    for t in (0.5, t_star):
        realized = (c_fp * np.sum((p >= t) & (y_cal == 0))
                    + c_fn * np.sum((p < t) & (y_cal == 1))) / p.size
        print(f"   threshold {t:.4f}: realized cost per example {realized:.4f}")
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    expected = [np.mean(np.where(p >= t, c_fp * (1 - p), c_fn * p)) for t in grid]
    print(f"   grid threshold with the least expected cost {grid[np.argmin(expected)]:.2f};"
          f" c_FP / (c_FP + c_FN) = {t_star:.4f}")
    assert abs(grid[np.argmin(expected)] - t_star) <= 0.01
    # closed form for uniform p: C(t) = c_FP (1 - t)^2 / 2 + c_FN t^2 / 2
    h = 1e-6
    for t in (0.3, t_star):
        formula = c_fn * t - c_fp * (1 - t)
        numeric = (uniform_cost(t + h, c_fp, c_fn) - uniform_cost(t - h, c_fp, c_fn)) / (2 * h)
        print(f"   dC/dt at t = {t:.4f}: formula {round(formula, 6) + 0.0:+.6f},"
              f" central difference {round(numeric, 6) + 0.0:+.6f}")
        assert abs(numeric - formula) < 1e-6

    print()
    print("5. Three classes with supports 6, 3 and 1")
    y3 = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 2])
    p3 = np.array([0, 0, 0, 0, 0, 1, 1, 1, 0, 0])
    prec3, rec3, f3, sup3 = per_class_prf(y3, p3, 3)
    for c in range(3):
        print(f"   class {c}: support {sup3[c]:.0f}  precision {prec3[c]:.4f}"
              f"  recall {rec3[c]:.4f}  F1 {f3[c]:.4f}")
    avg = averaged_f1(y3, p3, 3)
    for name, v in avg.items():
        print(f"   {name:8} F1 {v:.4f}")
        assert abs(v - f1_score(y3, p3, average=name, zero_division=0)) < 1e-12
    accuracy = float(np.mean(y3 == p3))
    print(f"   accuracy    {accuracy:.4f}")
    assert abs(avg["micro"] - accuracy) < 1e-12


if __name__ == "__main__":
    main()
