"""Negative transfer on real data: features of a digits-0-to-4 network used for digits 5 to 9.

Included by docs/03-optimization-training/02-transfer-learning.md (Transfer Learning). The data
are scikit-learn's 8 x 8 handwritten digits (load_digits, 1,797 images that ship with the
library). A one-hidden-layer network (64 ReLU units) is trained on the digits 0-4; its hidden
layer is then used as a frozen feature extractor for the digits 5-9, with 1, 5 or 20 labelled
images per class, and compared with a logistic regression on the raw pixels. The source task is
small and narrow and raw pixels are already a good representation of these images, so the
transferred features lose: the script asserts that they do, for every label budget.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # tiny matrices: threads only add overhead

import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402


# --8<-- [start:features]
def hidden_features(net: MLPClassifier, x: np.ndarray) -> np.ndarray:
    """ReLU activations of the first hidden layer of a fitted MLPClassifier.

    Parameters
    ----------
    net : MLPClassifier
        Fitted with activation="relu".
    x : np.ndarray, shape (n, 64)
        Pixel values scaled to [0, 1].

    Returns
    -------
    np.ndarray, shape (n, hidden units)
        max(0, X W1 + b1): the representation the network learned for its own task.
    """
    return np.maximum(x @ net.coefs_[0] + net.intercepts_[0], 0.0)
# --8<-- [end:features]


def main() -> None:
    """Print the worked-example numbers and check that the transferred features lose."""
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    source = y < 5
    net = MLPClassifier(hidden_layer_sizes=(64,), max_iter=600, random_state=0)
    net.fit(x[source], y[source])
    print(f"Network trained on digits 0-4 ({source.sum()} images), "
          f"training accuracy {net.score(x[source], y[source]):.3f}")

    rng = np.random.default_rng(0)
    xt, yt = x[~source], y[~source]
    order = rng.permutation(len(yt))
    pool, test = order[: len(yt) // 2], order[len(yt) // 2:]
    print(f"Digits 5-9: labelled examples drawn from {len(pool)} images, "
          f"tested on {len(test)}")
    print("Test accuracy, mean of 10 draws of the labelled examples")
    print("  labels per class   raw pixels   frozen 0-4 features")
    for m in (1, 5, 20):
        pixels, features = [], []
        for draw in range(10):
            r = np.random.default_rng(draw)
            idx = np.concatenate([r.choice(pool[yt[pool] == c], m, replace=False)
                                  for c in range(5, 10)])
            clf = LogisticRegression(max_iter=5000).fit(xt[idx], yt[idx])
            pixels.append(clf.score(xt[test], yt[test]))
            clf = LogisticRegression(max_iter=5000).fit(hidden_features(net, xt[idx]), yt[idx])
            features.append(clf.score(hidden_features(net, xt[test]), yt[test]))
        print(f"  {m:16d}   {np.mean(pixels):10.3f}   {np.mean(features):19.3f}")
        assert np.mean(features) < np.mean(pixels)


if __name__ == "__main__":
    main()
