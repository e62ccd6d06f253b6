"""Figure: the sawtooth computed by composing a two-unit ReLU layer k = 1, 2, 3 and 4 times.

Shown in docs/01-neural-networks/index.md (section on width and depth). Each extra layer of two
ReLU units doubles the number of linear pieces (2, 4, 8, 16), the construction Telgarsky (2016)
uses to separate deep from shallow networks. The curves are computed here with NumPy, with the
same tent map as includes/examples/01-neural-networks/mlp_depth.py.
"""

import numpy as np
from figure_style import COLORS, plt, save


def tent_layers(x, k):
    """Apply t(h) = 2 ReLU(h) - 4 ReLU(h - 1/2) k times.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Inputs in [0, 1].
    k : int
        Number of layers.

    Returns
    -------
    ndarray of shape (n,)
        Values in [0, 1], a sawtooth with 2^k linear pieces.

    """
    h = x
    for _ in range(k):
        h = 2.0 * np.maximum(0.0, h) - 4.0 * np.maximum(0.0, h - 0.5)
    return h


x = np.linspace(0.0, 1.0, 2 ** 10 + 1)
fig, axes = plt.subplots(1, 4, figsize=(10, 2.6), sharey=True)
for k, ax in enumerate(axes, start=1):
    ax.plot(x, tent_layers(x, k), color=COLORS[0])
    ax.set_title(f"{k} layer{'s' if k > 1 else ''}, {2 * k} units: {2 ** k} pieces", fontsize=9)
    ax.set_xlabel("input x")
    ax.set_xticks([0, 0.5, 1])
axes[0].set_ylabel("network output")
axes[0].set_yticks([0, 0.5, 1])
fig.tight_layout()
save(fig, "mlp_sawtooth.svg")
