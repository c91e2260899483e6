"""gc_paused: no collection inside, the collector's state restored after, nested pauses included."""

from __future__ import annotations

import gc

import pytest

from generator.gc_pause import gc_paused


def test_paused_inside_and_restored_by_the_outermost_pause():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not resume collection early
    assert gc.isenabled()


def test_restored_after_an_error_and_left_off_if_it_was_off():
    with pytest.raises(ValueError):
        with gc_paused():
            raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
