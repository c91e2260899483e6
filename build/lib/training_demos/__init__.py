"""TensorFlow demos about the learning rate, run at build time by :mod:`generator.demos`.

Each demo is one module that declares a literal ``DEMO = {...}`` dict (read with
``ast.literal_eval``, so the registry never imports the module) and a
``run(params, ctx) -> dict`` function. Modules without ``DEMO`` are shared helpers:
``datasets`` (data loading and splits), ``training`` (the model and a Trainer),
``plotting`` (deterministic SVG figures) and ``results`` (number formatting).

TensorFlow, Keras, scikit-learn and matplotlib are imported inside functions only,
never at module top, so importing any module here stays cheap.
"""
