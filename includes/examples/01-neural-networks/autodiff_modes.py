"""Forward-mode and reverse-mode automatic differentiation, each in a few lines, on one loss.

Included by docs/01-neural-networks/02-backpropagation.md ("Forward mode and reverse mode").
The loss of the article's 2-2-1 network is written once, as plain scalar arithmetic, and
differentiated two ways with respect to its nine parameters: forward mode with dual numbers
(one pass per parameter, Wengert 1964) and reverse mode with a recorded tape (one forward and
one backward pass, Linnainmaa 1970). Both must reproduce the gradient that backprop_221.py
computes with matrices, and the script counts the passes and elementary operations each needs.
"""

import math

import numpy as np
from backprop_221 import PARAMS, X, Y, backward, forward

COUNT = {"ops": 0}  # elementary operations performed, for the cost comparison


# --8<-- [start:dual]
class Dual:
    """A number a + b eps with eps^2 = 0: ``val`` carries f, ``dot`` carries df/dt along a seed."""

    def __init__(self, val, dot=0.0):
        self.val, self.dot = val, dot

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        COUNT["ops"] += 1
        return Dual(self.val + other.val, self.dot + other.dot)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        COUNT["ops"] += 1
        return Dual(self.val * other.val, self.dot * other.val + self.val * other.dot)

    def sigmoid(self):
        """Return sigmoid(val) with tangent s (1 - s) dot."""
        COUNT["ops"] += 1
        s = 1.0 / (1.0 + math.exp(-self.val))
        return Dual(s, s * (1 - s) * self.dot)

    def log(self):
        """Return log(val) with tangent dot / val."""
        COUNT["ops"] += 1
        return Dual(math.log(self.val), self.dot / self.val)

    __radd__, __rmul__ = __add__, __mul__
# --8<-- [end:dual]


# --8<-- [start:tape]
class Var:
    """A node of the computational graph: its value, its parents with local derivatives, a grad."""

    def __init__(self, val, parents=()):
        self.val, self.parents, self.grad = val, parents, 0.0
        COUNT["ops"] += 1 if parents else 0

    def __add__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return Var(self.val + other.val, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return Var(self.val * other.val, ((self, other.val), (other, self.val)))

    def sigmoid(self):
        """Return sigmoid(val); local derivative s (1 - s)."""
        s = 1.0 / (1.0 + math.exp(-self.val))
        return Var(s, ((self, s * (1 - s)),))

    def log(self):
        """Return log(val); local derivative 1 / val."""
        return Var(math.log(self.val), ((self, 1.0 / self.val),))

    __radd__, __rmul__ = __add__, __mul__

    def backward(self):
        """Set ``grad`` of every node to d(self)/d(node): one sweep in reverse topological order."""
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent, _ in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = 1.0
        for node in reversed(order):  # every node's grad is complete before it is passed on
            for parent, local in node.parents:
                COUNT["ops"] += 1
                parent.grad += local * node.grad  # chain rule, summed over all paths
# --8<-- [end:tape]


# --8<-- [start:loss]
def loss_221(t, x=(1.0, 2.0), y=1.0):
    """Binary cross-entropy of the 2-2-1 network as scalar code, for Dual, Var or float inputs.

    Parameters
    ----------
    t : sequence of 9 numbers
        W1[0,0], W1[0,1], W1[1,0], W1[1,1], b1[0], b1[1], W2[0,0], W2[1,0], b2[0].
    x : pair of float
        The input example.
    y : float
        Its label, 0 or 1.

    Returns
    -------
    Same type as the entries of ``t``
        -(y log y_hat + (1 - y) log(1 - y_hat)).
    """
    a0 = (x[0] * t[0] + x[1] * t[2] + t[4]).sigmoid()  # hidden unit 1
    a1 = (x[0] * t[1] + x[1] * t[3] + t[5]).sigmoid()  # hidden unit 2
    y_hat = (a0 * t[6] + a1 * t[7] + t[8]).sigmoid()
    return -1.0 * (y * y_hat.log() + (1.0 - y) * (1.0 + -1.0 * y_hat).log())
# --8<-- [end:loss]


def main():
    """Differentiate the 2-2-1 loss in both modes and compare with matrix backpropagation."""
    theta = [float(v) for v in np.concatenate([PARAMS[k].ravel() for k in ("W1", "b1", "W2")]
                                              + [PARAMS["b2"]])]
    _, cache = forward(PARAMS, X, Y)
    g = backward(PARAMS, X, Y, cache)
    reference = np.concatenate([g[k].ravel() for k in ("W1", "b1", "W2", "b2")])

    COUNT["ops"] = 0
    plain = loss_221([Dual(v) for v in theta]).val
    ops_f = COUNT["ops"]

    COUNT["ops"] = 0
    forward_grad = []
    for i in range(len(theta)):  # one pass per input direction e_i
        seeded = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(theta)]
        forward_grad.append(loss_221(seeded).dot)
    ops_forward_mode = COUNT["ops"]

    COUNT["ops"] = 0
    nodes = [Var(v) for v in theta]
    out = loss_221(nodes)
    ops_tape = COUNT["ops"]
    out.backward()
    ops_reverse_mode = COUNT["ops"]
    reverse_grad = [v.grad for v in nodes]

    print(f"loss of the 2-2-1 network: {plain:.4f}; one evaluation = {ops_f} elementary ops")
    print("parameter  forward mode  reverse mode  matrix backprop")
    names = ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "b1[1]", "b1[2]", "W2[1]", "W2[2]", "b2"]
    for name, a, b, c in zip(names, forward_grad, reverse_grad, reference, strict=True):
        print(f"{name:9s}  {a:+12.4f}  {b:+12.4f}  {c:+15.4f}")
    print(f"forward mode: {len(theta)} passes, {ops_forward_mode} ops in total")
    print(f"reverse mode: 1 forward pass ({ops_tape} ops, all values stored) + 1 backward pass "
          f"({ops_reverse_mode - ops_tape} edge updates) = {ops_reverse_mode} ops")
    assert np.allclose(forward_grad, reference, atol=1e-12)
    assert np.allclose(reverse_grad, reference, atol=1e-12)
    assert ops_forward_mode == len(theta) * ops_f

    # A Jacobian-vector product needs one forward pass, whatever the direction v.
    v = np.linspace(-1.0, 1.0, len(theta))
    jvp = loss_221([Dual(a, b) for a, b in zip(theta, v, strict=True)]).dot
    print(f"one forward pass along v = linspace(-1, 1, 9): directional derivative {jvp:+.4f}"
          f" = grad . v = {float(reference @ v):+.4f}")
    assert abs(jvp - reference @ v) < 1e-12


if __name__ == "__main__":
    main()
