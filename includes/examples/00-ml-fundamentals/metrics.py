"""Classification and regression metrics implemented from scratch in NumPy.

Included by docs/00-ml-fundamentals/index.md (the output in "Worked example", the functions in
"Implementation"; the formulas are those of "Evaluation metrics"). It builds the confusion matrix
of 16 scored labels at a threshold of 0.5, derives accuracy, precision, recall and F1, computes
ROC-AUC twice (area under the ROC curve, and the fraction of correctly ordered positive-negative
pairs), shows how accuracy misleads on a 1 % positive class, and computes MSE, RMSE, MAE and R^2
for a small regression. Each number is checked against scikit-learn.
"""

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)


# --8<-- [start:classification]
def confusion(y, y_pred):
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


def classification_metrics(y, y_pred):
    """Accuracy, precision, recall and F1 from hard predictions.

    Parameters
    ----------
    y, y_pred : ndarray of shape (n,)
        True and predicted labels in {0, 1}.

    Returns
    -------
    dict
        Keys ``accuracy``, ``precision``, ``recall``, ``f1``. A ratio whose denominator is 0
        (no predicted positives, no actual positives, or precision and recall both 0) is
        reported as 0.0, as scikit-learn does with ``zero_division=0``.

    Notes
    -----
    F1 is the harmonic mean of precision and recall, 1 - E for van Rijsbergen's (1979)
    effectiveness measure E with alpha = 1/2.

    """
    tp, fp, fn, tn = confusion(y, y_pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": (tp + tn) / (tp + fp + fn + tn),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def roc_curve_points(y, scores):
    """ROC curve: false and true positive rates as the threshold sweeps from high to low.

    Tied scores enter the curve together, which draws a diagonal segment.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}; both classes must occur.
    scores : ndarray of shape (n,)
        Real-valued scores; larger means "more likely positive".

    Returns
    -------
    fp_rate, tp_rate, thresholds : ndarray of shape (m + 1,)
        Points of the curve from (0, 0) to (1, 1); ``m`` is the number of distinct scores and
        ``thresholds[0]`` is ``inf``.

    Raises
    ------
    ValueError
        If only one class is present.

    Notes
    -----
    Fawcett (2006): one point per distinct threshold, tied scores joined by a diagonal.

    """
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC needs both classes")
    thresholds = np.concatenate([[np.inf], np.unique(scores)[::-1]])
    tp_rate = np.array([np.sum((scores >= t) & (y == 1)) / n_pos for t in thresholds])
    fp_rate = np.array([np.sum((scores >= t) & (y == 0)) / n_neg for t in thresholds])
    return fp_rate, tp_rate, thresholds


def auc_trapezoid(fp_rate, tp_rate):
    """Area under a piecewise-linear curve by the trapezoidal rule.

    Parameters
    ----------
    fp_rate, tp_rate : ndarray of shape (m,)
        Curve points sorted by increasing ``fp_rate``.

    Returns
    -------
    float
        Area in [0, 1].

    """
    return float(np.sum(np.diff(fp_rate) * (tp_rate[1:] + tp_rate[:-1]) / 2))


def auc_pairs(y, scores):
    """ROC-AUC as the fraction of positive-negative pairs ordered correctly (ties count 1/2).

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    scores : ndarray of shape (n,)
        Real-valued scores.

    Returns
    -------
    float
        Estimate of P(s_pos > s_neg) + 0.5 * P(s_pos = s_neg) for the score s_pos of a random
        positive and s_neg of a random negative.

    Notes
    -----
    The Mann-Whitney U statistic divided by n_pos * n_neg; Hanley & McNeil (1982).

    """
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    pos, neg = scores[y == 1], scores[y == 0]
    diff = pos[:, None] - neg[None, :]  # shape (n_pos, n_neg)
    return float(np.mean((diff > 0) + 0.5 * (diff == 0)))
# --8<-- [end:classification]


# --8<-- [start:regression]
def regression_metrics(y, y_hat):
    """MSE, RMSE, MAE and the coefficient of determination R^2.

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Targets and predictions.

    Returns
    -------
    dict
        Keys ``mse``, ``rmse``, ``mae``, ``r2``.

    Raises
    ------
    ValueError
        If all targets are equal (R^2 has a zero denominator).

    """
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    ss_tot = np.sum((y - y.mean()) ** 2)
    if ss_tot == 0:
        raise ValueError("R^2 is undefined for constant targets")
    mse = np.mean((y - y_hat) ** 2)
    return {
        "mse": float(mse),
        "rmse": float(np.sqrt(mse)),
        "mae": float(np.mean(np.abs(y - y_hat))),
        "r2": float(1 - np.sum((y - y_hat) ** 2) / ss_tot),
    }
# --8<-- [end:regression]


def main():
    """Print the worked-example numbers and check them against scikit-learn."""
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    s = np.array([0.95, 0.85, 0.70, 0.55, 0.40, 0.30,
                  0.80, 0.48, 0.45, 0.40, 0.35, 0.20, 0.15, 0.10, 0.05, 0.02])
    y_pred = (s >= 0.5).astype(int)
    tp, fp, fn, tn = confusion(y, y_pred)
    print("Confusion matrix at threshold 0.5 (16 examples, 6 positive)")
    print(f"{'':14}{'pred 1':>8}{'pred 0':>8}")
    print(f"{'actual 1':14}{tp:>8}{fn:>8}")
    print(f"{'actual 0':14}{fp:>8}{tn:>8}")
    m = classification_metrics(y, y_pred)
    for k, v in m.items():
        print(f"{k:10} {v:.4f}")
    assert abs(m["accuracy"] - accuracy_score(y, y_pred)) < 1e-12
    assert abs(m["precision"] - precision_score(y, y_pred)) < 1e-12
    assert abs(m["recall"] - recall_score(y, y_pred)) < 1e-12
    assert abs(m["f1"] - f1_score(y, y_pred)) < 1e-12

    print()
    print("Moving the threshold trades precision for recall")
    print(f"{'threshold':>9}{'precision':>11}{'recall':>8}{'F1':>8}")
    for t in (0.3, 0.5, 0.7):
        mt = classification_metrics(y, (s >= t).astype(int))
        print(f"{t:>9.1f}{mt['precision']:>11.4f}{mt['recall']:>8.4f}{mt['f1']:>8.4f}")

    print()
    fp_rate, tp_rate, _ = roc_curve_points(y, s)
    auc_t = auc_trapezoid(fp_rate, tp_rate)
    auc_p = auc_pairs(y, s)
    n_pairs = int(np.sum(y == 1) * np.sum(y == 0))
    print(f"ROC-AUC, trapezoid under the ROC curve  : {auc_t:.4f}")
    print(f"ROC-AUC, ordered pairs {auc_p * n_pairs:.1f} of {n_pairs}       : {auc_p:.4f}")
    print(f"ROC-AUC, sklearn.metrics.roc_auc_score  : {roc_auc_score(y, s):.4f}")
    assert abs(auc_t - roc_auc_score(y, s)) < 1e-12
    assert abs(auc_p - roc_auc_score(y, s)) < 1e-12

    print()
    print("Class imbalance: 1000 examples, 10 positive")
    y_imb = np.zeros(1000, dtype=int)
    y_imb[:10] = 1
    always_negative = np.zeros(1000, dtype=int)
    screener = np.zeros(1000, dtype=int)
    screener[:8] = 1  # finds 8 of the 10 positives ...
    screener[10:50] = 1  # ... at the price of 40 false alarms
    for name, pred in (("always negative", always_negative), ("screener", screener)):
        mi = classification_metrics(y_imb, pred)
        print(f"  {name:16} accuracy {mi['accuracy']:.4f}  precision {mi['precision']:.4f}"
              f"  recall {mi['recall']:.4f}  F1 {mi['f1']:.4f}")
    assert classification_metrics(y_imb, always_negative)["accuracy"] > \
        classification_metrics(y_imb, screener)["accuracy"]

    print()
    y_r = np.array([3.0, 5.0, 2.0, 8.0, 6.0, 4.0])
    y_hat_r = np.array([2.5, 5.0, 3.0, 7.0, 6.5, 4.5])
    r = regression_metrics(y_r, y_hat_r)
    print(f"Regression: y = {y_r.tolist()}, y_hat = {y_hat_r.tolist()}")
    for k, v in r.items():
        print(f"{k:5} {v:.4f}")
    mean_only = regression_metrics(y_r, np.full_like(y_r, y_r.mean()))
    print(f"R^2 of always predicting the mean {y_r.mean():.4f}: {mean_only['r2']:.4f}")
    assert abs(r["mse"] - mean_squared_error(y_r, y_hat_r)) < 1e-12
    assert abs(r["mae"] - mean_absolute_error(y_r, y_hat_r)) < 1e-12
    assert abs(r["r2"] - r2_score(y_r, y_hat_r)) < 1e-12


if __name__ == "__main__":
    main()
