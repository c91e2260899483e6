"""What a training run did, in four defined words, computed from its numbers.

Each run gets one label (checked in this order):

* **diverged**: the loss became NaN or infinite, or the final training loss is
  more than :data:`DIVERGE_FACTOR` times the initial loss.
* **collapsed to chance**: training moved the weights far (by at least
  :data:`MOVED` of their initial norm) and left a network that says "no idea"
  for every image: the mean entropy of its predicted class distribution on
  validation is at least :data:`UNIFORM_ENTROPY` of the maximum (uniform
  outputs), and its validation accuracy is within :data:`CHANCE_MARGIN` of
  guessing. A loss near ln 2 (two classes) after large steps is this case; a
  network that barely moved from its (also near-uniform) start is too slow.
* **too slow**: the training loss fell by less than :data:`TOO_SLOW` of the
  initial loss within the budget.
* **converged**: none of the above: the loss fell by at least half and the
  network tells the classes apart.

Training losses are the final weights evaluated on the training split, like
the initial loss and the validation loss (not Keras' running mean over an
epoch). Across seeds, a setting's label is the label all its seeds share, or
``"mixed"`` with the count of each (see :func:`combined`).
"""

from __future__ import annotations

from collections import Counter

DIVERGE_FACTOR = 2.0
UNIFORM_ENTROPY = 0.9
CHANCE_MARGIN = 0.1
TOO_SLOW = 0.5
MOVED = 0.5
LABELS = ("converged", "too slow", "collapsed to chance", "diverged")


def label(initial_loss: float | None, final: float | None, accuracy: float | None, entropy: float | None,
          moved: float | None, num_classes: int) -> str:
    """The label of one run from its numbers (None: not finite): initial and final training loss,
    validation accuracy, output entropy (share of ln K) and weight change (share of the initial norm)."""
    if final is None or initial_loss is None or final > DIVERGE_FACTOR * initial_loss:
        return "diverged"
    if (moved is not None and moved >= MOVED and entropy is not None and entropy >= UNIFORM_ENTROPY and accuracy is not None
            and accuracy <= 1.0 / num_classes + CHANCE_MARGIN):
        return "collapsed to chance"
    if initial_loss - final < TOO_SLOW * initial_loss:
        return "too slow"
    return "converged"


def combined(labels: list[str]) -> str:
    """``"converged"`` when every seed agrees, else ``"mixed: 3 converged, 2 collapsed to chance"``."""
    counts = Counter(labels)
    if len(counts) == 1:
        return labels[0]
    return "mixed: " + ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def seed_labels(pooled, keys: list[str]) -> dict[str, list[str]]:
    """Per setting key, the label of each seed, from the per-seed metrics ``initial_loss`` and, per key,
    ``final_loss``, ``final_val_accuracy``, ``output_entropy`` and ``weight_change`` (and ``chance_accuracy``)."""
    out = {}
    for key in keys:
        out[key] = [label(m["initial_loss"], m["final_loss"][key], m["final_val_accuracy"][key],
                          m["output_entropy"][key], m["weight_change"][key], round(1 / m["chance_accuracy"]))
                    for m in (r["metrics"] for r in pooled.runs)]
    return out

