"""Semi-supervised learning on the digits data: few labels, many unlabelled examples.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (semi-supervised section).
From the 898 training images of ``load_digits`` it keeps the labels of 3 or 10 per class and
compares: logistic regression on the labelled images only; self-training (pseudo-labelling) with
scikit-learn's ``SelfTrainingClassifier`` at two confidence thresholds; and label spreading
(Zhou et al. 2004), which propagates labels along a k-nearest-neighbour graph.
"""

import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.semi_supervised import LabelSpreading, SelfTrainingClassifier


def hide_labels(y, per_class, rng):
    """Keep per_class labels of every class and mark the rest unlabelled (-1).

    Parameters
    ----------
    y : ndarray of shape (n,)
        Integer class labels.
    per_class : int
        Labels kept per class.
    rng : numpy.random.Generator
        Source of randomness for choosing which labels to keep.

    Returns
    -------
    ndarray of shape (n,)
        Copy of y with all but per_class labels of each class replaced by -1, the marker
        scikit-learn's semi-supervised estimators use for an unlabelled example.

    """
    keep = np.concatenate(
        [rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in np.unique(y)]
    )
    y_semi = np.full_like(y, -1)
    y_semi[keep] = y[keep]
    return y_semi


# --8<-- [start:compare]
def compare(X_tr, y_semi, y_tr, X_te, y_te):
    """Print test accuracy of supervised-only, self-training and label-spreading models.

    Self-training (pseudo-labelling, after Lee 2013) refits the classifier on its own confident
    predictions; label spreading (Zhou et al. 2004) diffuses labels over a 7-nearest-neighbour
    graph of all training images.

    Parameters
    ----------
    X_tr : ndarray of shape (n, d)
        Training images, labelled and unlabelled.
    y_semi : ndarray of shape (n,)
        Training labels with -1 for the hidden ones.
    y_tr : ndarray of shape (n,)
        All true training labels, used only to score the pseudo-labels.
    X_te, y_te : ndarray
        Test images and labels.

    Returns
    -------
    dict
        Test accuracy per method name.
    """
    lab = y_semi != -1
    acc = {"supervised": LogisticRegression(max_iter=2000)
           .fit(X_tr[lab], y_tr[lab]).score(X_te, y_te)}
    print(f"  supervised only (logistic regression) {acc['supervised']:.3f}")
    for threshold in (0.5, 0.7):
        st = SelfTrainingClassifier(LogisticRegression(max_iter=2000), threshold=threshold)
        st.fit(X_tr, y_semi)
        added = st.labeled_iter_ > 0                    # 0: labelled from the start
        correct = np.mean(st.transduction_[added] == y_tr[added])
        n_cls = len(np.unique(st.transduction_[added]))
        acc[f"self-training {threshold}"] = st.score(X_te, y_te)
        print(f"  self-training, threshold {threshold}: {st.score(X_te, y_te):.3f}"
              f"  ({added.sum()} pseudo-labels in {n_cls} classes, {correct:.1%} correct)")
    spread = LabelSpreading(kernel="knn", n_neighbors=7).fit(X_tr, y_semi)
    acc["label spreading"] = spread.score(X_te, y_te)
    print(f"  label spreading (7-NN graph)          {acc['label spreading']:.3f}")
    return acc
# --8<-- [end:compare]


def main():
    """Print test accuracies for each method and label budget, and check the claims."""
    warnings.simplefilter("ignore")   # lbfgs convergence chatter on tiny labelled sets
    X, y = load_digits(return_X_y=True)
    X = X / 16.0                       # pixel intensities 0..16 -> 0..1
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    rng = np.random.default_rng(0)
    print(f"digits: {len(X_tr)} training images, {len(X_te)} test images, test accuracy below")
    for per_class in (3, 10):
        y_semi = hide_labels(y_tr, per_class, rng)
        print(f"\n{(y_semi != -1).sum()} labels ({per_class} per class)")
        acc = compare(X_tr, y_semi, y_tr, X_te, y_te)
        assert acc["label spreading"] > acc["supervised"]
        if per_class == 3:
            assert acc["self-training 0.7"] < acc["supervised"] < acc["self-training 0.5"]


if __name__ == "__main__":
    main()
