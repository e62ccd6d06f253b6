"""Feature extraction, partial and full fine-tuning against training from scratch, and forgetting.

Included by docs/03-optimization-training/02-transfer-learning.md (Transfer Learning). The data
are generated so that the amount of shared structure is known exactly. Six hidden factors
z ~ N(0, I) are mixed linearly into 30 observed features with a little noise. The class of an
example is the argmax of four linear scores of products and squares of factors, so no linear
model on the raw features can find it:

* source task: 4 classes from products and squares of factors z1, z2, z3, 3,000 labels;
* similar target: 4 new classes built from the same three factors (new weights);
* dissimilar target: 4 classes built from factors z4, z5, z6, which the source task ignores.

A 30-64-32-4 ReLU network is pretrained on the source task. On each target, with 20, 200 or
2,000 labels, the script compares training from scratch, feature extraction (frozen body, new
head), partial fine-tuning (first layer frozen), full fine-tuning with one learning rate, and
full fine-tuning with ULMFiT's discriminative learning rates (each layer down divided by 2.6,
Howard & Ruder, 2018, section 3.2). It then measures how much of the source task each method
forgets, and how much elastic weight consolidation (Kirkpatrick et al., 2017) keeps.
It asserts that the backward pass and the penalty's gradient match central differences, that
feature extraction forgets nothing, and the orderings the article states.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # tiny matrices: threads only add overhead

import numpy as np  # noqa: E402

Params = list[list[np.ndarray]]  # [[W1, b1], [W2, b2], [W3, b3]]

D_OBS, N_CLASSES, SIZES = 30, 4, (30, 64, 32, 4)


# --8<-- [start:data]
def make_world(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw the fixed parts of the synthetic world: the mixing matrix and three label rules.

    Returns
    -------
    dict
        "mix": (6, 30) matrix from factors to observed features; "source", "similar",
        "dissimilar": (6, 4) weights of the class scores on each rule's six nonlinear features.
    """
    return {"mix": rng.normal(size=(6, D_OBS)) / np.sqrt(6),
            "source": rng.normal(size=(6, N_CLASSES)),
            "similar": rng.normal(size=(6, N_CLASSES)),
            "dissimilar": rng.normal(size=(6, N_CLASSES))}


def sample(world: dict, task: str, n: int, rng: np.random.Generator) -> tuple:
    """Draw n labelled examples of a task.

    Parameters
    ----------
    world : dict
        Output of :func:`make_world`.
    task : {"source", "similar", "dissimilar"}
        Which label rule to use; "dissimilar" reads factors 4-6, the others factors 1-3.
    n : int
        Number of examples.
    rng : np.random.Generator
        Source of randomness.

    Returns
    -------
    x : np.ndarray, shape (n, 30)
        Observed features, z @ mix plus Gaussian noise of standard deviation 0.05.
    y : np.ndarray of int, shape (n,)
        Class in {0, 1, 2, 3}: argmax of phi(z) @ weights, phi = pairwise products and
        squares minus 1 of the three factors the task reads.
    """
    z = rng.normal(size=(n, 6))
    u = z[:, 3:] if task == "dissimilar" else z[:, :3]
    phi = np.column_stack([u[:, 0] * u[:, 1], u[:, 1] * u[:, 2], u[:, 0] * u[:, 2],
                           u[:, 0] ** 2 - 1, u[:, 1] ** 2 - 1, u[:, 2] ** 2 - 1])
    x = z @ world["mix"] + 0.05 * rng.normal(size=(n, D_OBS))
    return x, np.argmax(phi @ world[task], axis=1)
# --8<-- [end:data]


def init(sizes: tuple[int, ...], rng: np.random.Generator) -> Params:
    """He-initialized weights (He et al., 2015) and zero biases for consecutive layer widths."""
    return [[rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b)), np.zeros(b)]
            for a, b in zip(sizes[:-1], sizes[1:], strict=True)]


def forward(params: Params, x: np.ndarray) -> list[np.ndarray]:
    """Activations of every layer: [X, H1, H2, logits], ReLU on the hidden layers."""
    acts = [x]
    for i, (w, b) in enumerate(params):
        z = acts[-1] @ w + b
        acts.append(np.maximum(z, 0.0) if i < len(params) - 1 else z)
    return acts


def backward(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params, list]:
    """Mean cross-entropy, its gradients, and the per-example output errors of every layer.

    Softmax with cross-entropy gives dL/dlogits = (softmax - one_hot) / n; each layer then
    passes D W^T masked by its ReLU to the layer below.

    Parameters
    ----------
    params : Params
        Network weights.
    x : np.ndarray, shape (n, 30)
        Inputs.
    y : np.ndarray of int, shape (n,)
        Classes.

    Returns
    -------
    loss : float
        Mean cross-entropy.
    grads : Params
        dL/dW and dL/db for every layer, same shapes as ``params``.
    deltas : list of np.ndarray
        Per-example errors n * dL/dz of every layer, used by :func:`fisher_diagonal`.
    """
    acts = forward(params, x)
    logits = acts[-1] - acts[-1].max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    n = len(y)
    loss = float(-np.mean(np.log(p[np.arange(n), y])))
    d = p.copy()
    d[np.arange(n), y] -= 1.0
    grads: Params = [[]] * len(params)
    deltas = [None] * len(params)
    for i in range(len(params) - 1, -1, -1):
        deltas[i] = d
        grads[i] = [acts[i].T @ d / n, d.sum(axis=0) / n]
        if i > 0:
            d = (d @ params[i][0].T) * (acts[i] > 0)
    return loss, grads, deltas


# --8<-- [start:ewc]
def fisher_diagonal(params: Params, x: np.ndarray, y: np.ndarray) -> Params:
    """Diagonal of the empirical Fisher information on the data of the old task.

    F_i = mean over examples of (d log p(y | x) / d theta_i)^2. For a weight the per-example
    gradient is the outer product h d^T, so its square averages to (H^2)^T (D^2) / n and the
    loop over examples disappears. Kirkpatrick et al. (2017) use the Fisher at the old optimum;
    taking the observed labels (the empirical Fisher) is the usual approximation.

    Returns
    -------
    Params
        Same shapes as ``params``, all entries non-negative.
    """
    acts = forward(params, x)
    _, _, deltas = backward(params, x, y)
    return [[acts[i].T ** 2 @ deltas[i] ** 2 / len(y), np.mean(deltas[i] ** 2, axis=0)]
            for i in range(len(params))]


def ewc_penalty(params: Params, anchor: Params, fisher: Params, lam: float) -> tuple:
    """Elastic weight consolidation: sum_i lam/2 F_i (theta_i - theta*_i)^2 and its gradient.

    Kirkpatrick et al. (2017). With F_i = 1 for every parameter it is the L2-SP
    penalty of Li, Grandvalet & Davoine (2018): plain weight decay towards the pretrained
    weights instead of towards zero.

    Parameters
    ----------
    params, anchor, fisher : Params
        Current weights, the weights after the old task (theta*), and the Fisher diagonal;
        only the layers listed in all three are penalized.
    lam : float
        Strength lambda of the penalty.

    Returns
    -------
    value : float
    grads : Params
        lam F_i (theta_i - theta*_i) for each penalized tensor.
    """
    value, grads = 0.0, []
    for layer, ref, f in zip(params, anchor, fisher, strict=False):
        grads.append([lam * fj * (p - r) for p, r, fj in zip(layer, ref, f, strict=True)])
        value += sum(0.5 * lam * float(np.sum(fj * (p - r) ** 2))
                     for p, r, fj in zip(layer, ref, f, strict=True))
    return value, grads
# --8<-- [end:ewc]


# --8<-- [start:finetune]
def train(params: Params, x: np.ndarray, y: np.ndarray, lrs: list[float], steps: int,
          rng: np.random.Generator, ewc: tuple | None = None, batch: int = 128) -> Params:
    """Adam (Kingma & Ba, 2014) with one learning rate per layer; a rate of 0 freezes a layer.

    Parameters
    ----------
    params : Params
        Starting weights, updated in place and returned.
    x, y : np.ndarray
        Training data, shapes (n, 30) and (n,).
    lrs : list of float
        Learning rate of each layer, bottom first. Feature extraction is [0, 0, eta];
        partial fine-tuning [0, eta, eta]; discriminative rates [eta/2.6^2, eta/2.6, eta].
    steps : int
        Number of updates, each on a mini-batch of min(batch, n) examples.
    rng : np.random.Generator
        Draws the mini-batches.
    ewc : tuple or None
        (anchor, fisher, lam) to add the elastic weight consolidation penalty.
    batch : int
        Mini-batch size.
    """
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    for t in range(1, steps + 1):
        idx = rng.choice(len(y), size=min(batch, len(y)), replace=False)
        _, grads, _ = backward(params, x[idx], y[idx])
        if ewc is not None:
            _, pen = ewc_penalty(params, *ewc)
            for i, layer in enumerate(pen):
                grads[i] = [g + q for g, q in zip(grads[i], layer, strict=True)]
        for i, lr in enumerate(lrs):
            if lr == 0.0:
                continue                      # frozen: no update, no optimizer state needed
            for j, g in enumerate(grads[i]):
                m[i][j] = 0.9 * m[i][j] + 0.1 * g
                v[i][j] = 0.999 * v[i][j] + 0.001 * g**2
                m_hat, v_hat = m[i][j] / (1 - 0.9**t), v[i][j] / (1 - 0.999**t)
                params[i][j] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    return params


def transfer(pretrained: Params, rng: np.random.Generator) -> Params:
    """Copy the pretrained body (all layers but the head) and put a fresh 32-to-4 head on top."""
    return [[p.copy() for p in layer] for layer in pretrained[:-1]] + init((32, 4), rng)
# --8<-- [end:finetune]


def accuracy(params: Params, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of examples whose largest logit is the true class."""
    return float(np.mean(np.argmax(forward(params, x)[-1], axis=1) == y))


def gradient_check(params: Params, x: np.ndarray, y: np.ndarray, ewc: tuple,
                   step: float = 1e-6) -> float:
    """Largest gap between the analytic gradient of loss + EWC penalty and central differences.

    Returns
    -------
    float
        max over every weight and bias of |analytic - (f(p + h) - f(p - h)) / (2 h)|.
    """
    def objective() -> float:
        return backward(params, x, y)[0] + ewc_penalty(params, *ewc)[0]

    _, grads, _ = backward(params, x, y)
    _, pen = ewc_penalty(params, *ewc)
    worst = 0.0
    for i, layer in enumerate(params):
        for j, p in enumerate(layer):
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + step
                up = objective()
                p[idx] = old - step
                down = objective()
                p[idx] = old
                analytic = grads[i][j][idx] + (pen[i][j][idx] if i < len(pen) else 0.0)
                worst = max(worst, abs((up - down) / (2 * step) - analytic))
    return worst


METHODS = {  # name: (start from the pretrained body?, learning rate of each layer, bottom first)
    "scratch": (False, [1e-2, 1e-2, 1e-2]),
    "feature extraction": (True, [0.0, 0.0, 1e-2]),
    "partial (layer 1 frozen)": (True, [0.0, 1e-2, 1e-2]),
    "full, one rate": (True, [1e-2, 1e-2, 1e-2]),
    "full, discriminative": (True, [1e-2 / 2.6**2, 1e-2 / 2.6, 1e-2]),
}


def main() -> None:
    """Print the worked-example numbers and check the claims the article makes."""
    rng = np.random.default_rng(0)
    world = make_world(rng)
    x_src, y_src = sample(world, "source", 3000, rng)
    x_src_test, y_src_test = sample(world, "source", 2000, rng)

    # --8<-- [start:pretrain]
    pretrained = train(init(SIZES, rng), x_src, y_src, [1e-2] * 3, steps=1000, rng=rng)
    # --8<-- [end:pretrain]
    src_acc = accuracy(pretrained, x_src_test, y_src_test)
    print(f"Pretrained on the source task (3,000 labels): source test accuracy {src_acc:.3f}")

    tiny = init((30, 5, 4, 4), rng)
    for layer in tiny:      # non-zero biases keep every pre-activation off the ReLU kink at 0
        layer[1] += 0.5 * rng.normal(size=layer[1].shape)
    xg, yg = sample(world, "source", 6, rng)
    anchor = [[p + 0.1 * rng.normal(size=p.shape) for p in layer] for layer in tiny[:-1]]
    fisher = fisher_diagonal(tiny, xg, yg)[:-1]
    err = gradient_check(tiny, xg, yg, (anchor, fisher, 3.0))
    print(f"Gradient check (cross-entropy + EWC penalty): max error {err:.1e}")
    assert err < 1e-6

    results = {}
    seeds = (1, 2, 3)
    print("\nTarget test accuracy, mean of 3 draws of the labelled set")
    print("(columns: number of labelled target examples)")
    for task in ("similar", "dissimilar"):
        x_test, y_test = sample(world, task, 2000, rng)
        header = "".join(f"{f'n = {n}':>9s}" for n in (20, 200, 2000))
        print(f"\n  {task + ' target':<26s}{header}")
        for name, (pretrain, lrs) in METHODS.items():
            row = []
            for n in (20, 200, 2000):
                accs = []
                for seed in seeds:
                    r = np.random.default_rng(100 * seed + n)
                    x_tr, y_tr = sample(world, task, n, r)
                    start = transfer(pretrained, r) if pretrain else init(SIZES, r)
                    model = train(start, x_tr, y_tr, lrs, steps=200, rng=r)
                    accs.append(accuracy(model, x_test, y_test))
                row.append(float(np.mean(accs)))
            results[task, name] = row
            print(f"  {name:<26s}" + "".join(f"{a:9.3f}" for a in row))

    sim = {name: results["similar", name] for name in METHODS}
    dis = {name: results["dissimilar", name] for name in METHODS}
    # Similar target, few labels: every pretrained start beats scratch.
    assert all(sim[name][0] > sim["scratch"][0] + 0.05 for name in METHODS if name != "scratch")
    # Dissimilar target: frozen features are the worst choice at every size.
    assert all(dis["feature extraction"][i] < dis["scratch"][i] for i in range(3))
    # With many labels, full fine-tuning is at least as good as scratch on the similar target.
    assert sim["full, one rate"][2] >= sim["scratch"][2] - 0.01
    # The orderings the article quotes: similar target with 200 and 2,000 labels ...
    tuned = ("partial (layer 1 frozen)", "full, one rate", "full, discriminative")
    assert sim["feature extraction"][1] < sim["scratch"][1]
    assert all(sim[name][i] > sim["scratch"][i] for name in tuned for i in (1, 2))
    assert sim["full, discriminative"][0] > sim["full, one rate"][0]
    # ... and dissimilar target: scratch wins with few labels, one rate edges past it with many.
    assert all(dis["scratch"][i] > dis[name][i] for name in METHODS if name != "scratch"
               for i in (0, 1))
    assert dis["full, one rate"][2] > dis["scratch"][2] > dis["full, discriminative"][2]

    print("\nForgetting: similar target with 200 labels;")
    print("the old head is put back on the fine-tuned body to test the source task")
    r = np.random.default_rng(7)
    x_tr, y_tr = sample(world, "similar", 200, r)
    x_test, y_test = sample(world, "similar", 2000, r)
    fisher = fisher_diagonal(pretrained, x_src, y_src)
    anchor = [[p.copy() for p in layer] for layer in pretrained[:-1]]
    runs = [("feature extraction", [0.0, 0.0, 1e-2], None),
            ("full, one rate", [1e-2, 1e-2, 1e-2], None),
            ("full, discriminative", [1e-2 / 2.6**2, 1e-2 / 2.6, 1e-2], None),
            ("full, one rate + EWC", [1e-2, 1e-2, 1e-2], (anchor, fisher[:-1], 1000.0))]
    kept, reached = {}, {}
    for name, lrs, ewc in runs:
        model = train(transfer(pretrained, np.random.default_rng(8)), x_tr, y_tr, lrs,
                      steps=200, rng=np.random.default_rng(9), ewc=ewc)
        old = model[:-1] + [pretrained[-1]]
        kept[name] = accuracy(old, x_src_test, y_src_test)
        reached[name] = accuracy(model, x_test, y_test)
        print(f"  {name:<24s} target {reached[name]:.3f}   "
              f"source (old head) {kept[name]:.3f}")
    assert kept["feature extraction"] == src_acc
    assert kept["full, one rate"] < src_acc - 0.1
    assert kept["full, one rate + EWC"] > kept["full, discriminative"] > kept["full, one rate"]
    assert max(reached, key=reached.get) == "full, one rate + EWC"


if __name__ == "__main__":
    main()
