"""Realistic-looking Markdown for synthetic entries: prose, headings, lists, code, tables, admonitions.

Deterministic for a given ``random.Random``. Words are lowercase ASCII so that
phrases can double as slugs; nothing produced is raw HTML (the answer policy
rejects it) or Jinja syntax.
"""

from __future__ import annotations

import random

NOUNS = ("learning rate", "gradient", "loss", "optimizer", "batch size", "weight", "epoch", "schedule", "momentum",
         "validation set", "network", "layer", "activation", "step size", "curvature", "warm up", "decay factor",
         "training run", "checkpoint", "feature map", "convolution", "dropout rate", "regularizer", "minimum",
         "plateau", "baseline", "metric", "dataset", "sample", "parameter")
VERBS = ("changes", "controls", "reduces", "increases", "stabilises", "limits", "shapes", "scales", "dominates",
         "slows", "speeds up", "hides", "reveals", "smooths", "amplifies")
ADJ = ("large", "small", "noisy", "stable", "adaptive", "constant", "early", "late", "sharp", "flat", "typical",
       "careful", "aggressive", "modest", "default")
LINKS = ("however", "in practice", "as a rule", "for example", "on the other hand", "in most cases", "by contrast")


def phrase(rng: random.Random, words: int) -> str:
    """``words`` lowercase words (adjectives and nouns), slug-safe once spaces become hyphens."""
    out: list[str] = []
    while len(out) < words:
        out += rng.choice(ADJ + NOUNS).split()
    return " ".join(out[:words])


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(('A', 'The', 'Every'))} {rng.choice(ADJ)} {rng.choice(NOUNS)} {rng.choice(VERBS)} the " \
        f"{rng.choice(NOUNS)}"
    r = rng.random()
    if r < 0.3:
        s += f", {rng.choice(LINKS)}, when the {rng.choice(NOUNS)} is {rng.choice(ADJ)}"
    elif r < 0.5:
        s += f" by about {rng.choice((2, 3, 10, 30, 100))} times"
    elif r < 0.65:
        s += f" (see `{rng.choice(('lr', 'beta_1', 'epsilon', 'decay_steps', 'clipnorm'))}`)"
    elif r < 0.75:
        s += f" and **{rng.choice(NOUNS)}** matters more than the {rng.choice(NOUNS)}"
    return s + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def _code(rng: random.Random) -> str:
    lr = rng.choice(("1e-3", "3e-4", "0.01", "0.1"))
    lines = ["```python", "import tensorflow as tf", "",
             f"schedule = tf.keras.optimizers.schedules.ExponentialDecay({lr}, decay_steps={rng.randint(100, 5000)}, "
             f"decay_rate={rng.choice(('0.9', '0.96', '0.5'))})",
             "opt = tf.keras.optimizers.Adam(learning_rate=schedule)",
             "model.compile(optimizer=opt, loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])",
             f"history = model.fit(x_train, y_train, epochs={rng.randint(5, 50)}, batch_size={rng.choice((32, 64, 128))},",
             "                    validation_split=0.2)",
             "print(min(history.history[\"val_loss\"]))", "```"]
    return "\n".join(lines)


def _table(rng: random.Random) -> str:
    rows = ["| learning rate | final loss | accuracy |", "|---|---|---|"]
    for lr in ("0.001", "0.01", "0.1", "1.0"):
        rows.append(f"| {lr} | {rng.uniform(0.05, 2.5):.3f} | {rng.uniform(0.4, 0.99):.1%} |")
    return "\n".join(rows)


def _bullets(rng: random.Random, ordered: bool) -> str:
    items = []
    for k in range(rng.randint(3, 5)):
        mark = f"{k + 1}." if ordered else "-"
        items.append(f"{mark} **{phrase(rng, 2).capitalize()}.** {sentence(rng)} {sentence(rng)}")
    return "\n".join(items)


def answer_markdown(rng: random.Random, words: int = 500) -> str:
    """About ``words`` words of Markdown in the style of the real entries."""
    blocks = [paragraph(rng, rng.randint(2, 4))]
    count = len(blocks[0].split())
    kinds = ["heading", "para", "bullets", "para", "code", "heading", "para", "numbered", "table", "note", "para"]
    i = 0
    while count < words:
        kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(kinds)
        i += 1
        if kind == "heading":
            block = f"### {phrase(rng, rng.randint(2, 5)).capitalize()}"
        elif kind == "para":
            block = paragraph(rng, rng.randint(3, 6))
        elif kind in ("bullets", "numbered"):
            block = _bullets(rng, kind == "numbered")
        elif kind == "code":
            block = _code(rng)
        elif kind == "table":
            block = _table(rng)
        else:
            block = f"!!! note \"{phrase(rng, 3).capitalize()}\"\n\n    {paragraph(rng, 2)}"
        blocks.append(block)
        count += len(block.split())
    return "\n\n".join(blocks) + "\n"
