"""Loss curves for diagnosis, from small networks actually trained here in NumPy.

Shown in docs/03-optimization-training/index.md. Left: a one-hidden-layer ReLU network
(10 inputs, 64 units, He initialization) fitted by mini-batch SGD (batch 32) to 1000 examples
of scikit-learn's Friedman #1 regression problem with four learning rates; the training loss
(half the mean squared error on the whole training set) is recorded after every update. Too
low a rate crawls; a moderate one falls smoothly; a rate near the stability limit spikes by two
orders of magnitude in its first updates, recovers and ends lowest; a rate above the limit
overflows within a handful of updates. Right: a wider
ReLU network (20 inputs, 128 units) trained with Adam on only 100 examples of a
classification problem with 10 % flipped labels; the training cross-entropy goes to zero while
the validation cross-entropy, on 1000 held-out examples, bottoms out and then climbs.
"""

import numpy as np
from figure_style import COLORS, plt, save
from sklearn.datasets import make_classification, make_friedman1


def forward_backward(params, x, y, loss="mse"):
    """Loss and gradients of y_hat = relu(X W1 + b1) w2 + b2.

    Parameters
    ----------
    params : list of np.ndarray
        [W1 (d, h), b1 (h,), w2 (h,), b2 (1,)].
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Targets (real numbers for "mse", labels in {0, 1} for "bce").
    loss : str
        "mse": half the mean squared error; "bce": binary cross-entropy on the logit y_hat.

    Returns
    -------
    float, list of np.ndarray
        The loss and its gradients with respect to the four parameter arrays.
    """
    w1, b1, w2, b2 = params
    z = x @ w1 + b1
    h = np.maximum(z, 0.0)
    out = h @ w2 + b2[0]
    if loss == "mse":
        r = out - y
        value = 0.5 * np.mean(r**2)
    else:
        value = np.mean(np.logaddexp(0.0, out) - y * out)
        r = 0.5 * (1.0 + np.tanh(0.5 * out)) - y  # sigmoid(out) - y
    n = len(y)
    d = np.outer(r, w2) * (z > 0)
    return float(value), [x.T @ d / n, d.sum(axis=0) / n, h.T @ r / n, np.array([r.mean()])]


def init(d, h, rng):
    """He-initialized weights for the hidden layer, 1/h variance for the output layer."""
    return [rng.normal(0.0, np.sqrt(2.0 / d), (d, h)), np.zeros(h),
            rng.normal(0.0, np.sqrt(1.0 / h), h), np.zeros(1)]


def sgd_curve(x, y, lr, epochs, rng, batch=32):
    """Train with mini-batch SGD and record the full training loss after every update.

    Returns
    -------
    np.ndarray
        Training loss after updates 1, 2, ...; the run stops at the first value that is not
        finite or exceeds 1e6 (the next update would overflow).
    """
    params = init(x.shape[1], 64, rng)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            with np.errstate(all="ignore"):
                grads = forward_backward(params, x[idx], y[idx])[1]
                params = [p - lr * g for p, g in zip(params, grads, strict=True)]
                losses.append(forward_backward(params, x, y)[0])
            if not np.isfinite(losses[-1]) or losses[-1] > 1e6:
                return np.array(losses)
    return np.array(losses)


def adam_curves(x, y, xv, yv, lr, epochs, rng, batch=20, hidden=128):
    """Train with Adam (Kingma & Ba, 2014) and record training and validation loss per epoch."""
    params = init(x.shape[1], hidden, rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    train = [forward_backward(params, x, y, "bce")[0]]
    valid = [forward_backward(params, xv, yv, "bce")[0]]
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            grads = forward_backward(params, x[idx], y[idx], "bce")[1]
            t += 1
            for i, g in enumerate(grads):
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g**2
                m_hat, v_hat = m[i] / (1 - 0.9**t), v[i] / (1 - 0.999**t)
                params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        train.append(forward_backward(params, x, y, "bce")[0])
        valid.append(forward_backward(params, xv, yv, "bce")[0])
    return np.array(train), np.array(valid)


rng = np.random.default_rng(0)

# Left: learning rates on a regression problem.
x, y = make_friedman1(n_samples=1000, n_features=10, noise=1.0, random_state=0)
x = (x - x.mean(axis=0)) / x.std(axis=0)
y = (y - y.mean()) / y.std()
runs = [(0.001, "0.001: too low, still falling at the end", COLORS[0]),
        (0.03, "0.03: smooth and steady", COLORS[2]),
        (0.2, "0.2: spikes early, then the lowest loss", COLORS[6]),
        (0.3, "0.3: too high", COLORS[4])]

fig, (ax_lr, ax_fit) = plt.subplots(1, 2, figsize=(10.5, 4.3))
for lr, label, color in runs:
    losses = sgd_curve(x, y, lr, 30, np.random.default_rng(2))
    steps = np.arange(1, len(losses) + 1)
    finite = np.isfinite(losses) & (losses <= 1e6)
    if not finite.all():
        label += f", loss {losses[-1]:.0e} after {len(losses)} updates"
    ax_lr.plot(steps[finite], losses[finite], color=color, label=label, linewidth=1.3)
    if not finite.all():
        last = np.flatnonzero(finite)[-1]
        ax_lr.plot(steps[last], losses[last], "x", color=color, markersize=9, mew=2)
ax_lr.set_xscale("log")
ax_lr.set_yscale("log")
ax_lr.set_xlim(1, 960)
ax_lr.set_xlabel("update (log scale; 32 updates per epoch, 30 epochs)")
ax_lr.set_ylabel("training loss (log scale)")
ax_lr.set_title("Learning rate: SGD on a 10-64-1 ReLU network", fontsize=10)
ax_lr.legend(fontsize=8, loc="upper right")

# Right: overfitting on a small, noisy training set.
xc, yc = make_classification(n_samples=1100, n_features=20, n_informative=4, n_redundant=2,
                             flip_y=0.1, random_state=0)
mean, std = xc[:100].mean(axis=0), xc[:100].std(axis=0)
xc = (xc - mean) / std
train, valid = adam_curves(xc[:100], yc[:100].astype(float), xc[100:], yc[100:].astype(float),
                           0.001, 300, np.random.default_rng(1))
epochs = np.arange(len(train))
best = int(np.argmin(valid))
ax_fit.plot(epochs, train, color=COLORS[0], label="training loss")
ax_fit.plot(epochs, valid, color=COLORS[1], label="validation loss")
ax_fit.axvline(best, color=COLORS[7], linestyle=":", linewidth=1.0)
ax_fit.annotate(f"best validation loss {valid[best]:.2f}\nat epoch {best}: stop here",
                xy=(best, valid[best]), xytext=(best + 20, 0.25), fontsize=8,
                color=COLORS[7], arrowprops={"arrowstyle": "->", "color": COLORS[7]})
ax_fit.annotate(f"epoch {epochs[-1]}: training {train[-1]:.3f},\nvalidation {valid[-1]:.2f}",
                xy=(epochs[-1], valid[-1]), xytext=(170, 1.2), fontsize=8, color=COLORS[1])
ax_fit.set_xlim(0, epochs[-1])
ax_fit.set_ylim(0, 1.5)
ax_fit.set_xlabel("epoch")
ax_fit.set_ylabel("cross-entropy")
ax_fit.set_title("Overfitting: Adam on 100 noisy examples", fontsize=10)
ax_fit.legend(fontsize=8, loc="upper left")

fig.tight_layout()
save(fig, "loss_curves.svg")
