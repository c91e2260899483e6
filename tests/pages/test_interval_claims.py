"""Claims judged on the seeds: lower/higher/between against intervals, with located, explained failures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from factory import entry_yaml, make_project

from generator.content.corpus import load_corpus
from generator.demos.seed_stats import interval
from generator.errors import BuildFailed
from generator.pages.site import build_site

SEEDS = [0, 1, 2, 3, 4]


def measured(*values):
    return interval(list(values), SEEDS)


@dataclass
class SeededResult:
    """A demo result measured on five seeds (the attributes of generator.demos.DemoResult)."""

    name: str = "sweep"
    title: str = "Sweep"
    key: str = "abcdef0123456789"
    seeds: tuple = tuple(SEEDS)
    intervals: dict = field(default_factory=lambda: {
        "val_loss": {"0.1": measured(0.20, 0.22, 0.21, 0.19, 0.23),
                     "0.3": measured(0.21, 0.20, 0.23, 0.18, 0.22),       # a tie with 0.1 across seeds
                     "0.001": measured(0.60, 0.62, 0.61, 0.63, 0.59),
                     "3.0": measured(0.70, None, 0.69, 0.71, 0.70)},     # one seed diverged
    })
    metrics: dict = field(default_factory=lambda: {
        "val_loss": {"0.1": 0.21, "0.3": 0.208, "0.001": 0.61, "3.0": None}, "label": "converged"})
    histories: dict = field(default_factory=lambda: {str(s): {} for s in SEEDS})
    table: dict = field(default_factory=lambda: {"columns": ["rate"], "rows": [[0.1]]})
    figures: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=lambda: {"date": "2026-12-02", "seeds": SEEDS})
    source_path: str = "training_demos/sweep.py"


RESULTS = {"sweep": SeededResult(), "other": SeededResult(name="other")}


def claim(**fields) -> str:
    lines = ["claims:", "  - says: The claim."]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def build(tmp_path, extra: str):
    return build_site(load_corpus(make_project(tmp_path, {"a.yml": entry_yaml("a", "Q?", extra=extra)})), RESULTS)


def errors(tmp_path, **fields) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        build(tmp_path, claim(**fields))
    return [e.format() for e in info.value.errors]


def test_a_paired_difference_that_excludes_zero_holds_and_the_card_shows_the_intervals(tmp_path):
    page = build(tmp_path, claim(lower="demos.sweep.val_loss[\"0.1\"]", than="demos.sweep.val_loss[\"0.001\"]"))
    card = page.pages["questions/a.md"]
    assert "The claim. — verified by `sweep` run `abcdef012345` of 2026-12-02" in card
    assert "0.21 \\(95% CI 0.19 to 0.23, 5 seeds\\)" in card and "0.61 \\(95% CI 0.59 to 0.63, 5 seeds\\)" in card
    assert "paired difference over the same seeds -0.4 \\(95% CI -0.435 to -0.365, 5 seeds\\)" in card


def test_a_tie_fails_saying_it_holds_on_the_means_but_not_across_the_seeds(tmp_path):
    assert errors(tmp_path, lower="demos.sweep.val_loss[\"0.3\"]", than="demos.sweep.val_loss[\"0.1\"]") == [
        "content/entries/a.yml:11:12: error: claim does not hold across the seeds: \"The claim.\" "
        "(demos.sweep.val_loss[\"0.3\"] = 0.208 (95% CI 0.184 to 0.232, 5 seeds); demos.sweep.val_loss[\"0.1\"] = "
        "0.21 (95% CI 0.19 to 0.23, 5 seeds); paired difference over the same seeds -0.002 (95% CI -0.0224 to "
        "0.0184, 5 seeds) includes 0: it holds on the means but not across the seeds) (hint: the latest demo runs "
        "do not support the answer: update the text and the claim)"]


def test_results_of_two_demos_need_intervals_that_do_not_overlap(tmp_path):
    assert errors(tmp_path, lower="demos.sweep.val_loss[\"0.3\"]", than="demos.other.val_loss[\"0.1\"]")[0].endswith(
        "; the intervals overlap: it holds on the means but not across the seeds) (hint: the latest demo runs do "
        "not support the answer: update the text and the claim)")
    build(tmp_path / "ok", claim(higher="demos.other.val_loss[\"0.001\"]", than="demos.sweep.val_loss[\"0.1\"]"))


def test_numbers_and_ranges_need_the_whole_interval(tmp_path):
    build(tmp_path / "a", claim(lower="demos.sweep.val_loss[\"0.1\"]", than=0.3))
    build(tmp_path / "b", claim(value="demos.sweep.val_loss[\"0.1\"]", between="[0.15, 0.25]"))
    assert errors(tmp_path / "c", value="demos.sweep.val_loss[\"0.1\"]", between="[0.2, 0.25]") == [
        "content/entries/a.yml:11:12: error: claim does not hold across the seeds: \"The claim.\" "
        "(demos.sweep.val_loss[\"0.1\"] = 0.21 (95% CI 0.19 to 0.23, 5 seeds); the mean is in [0.2, 0.25] but the "
        "interval is not: the seeds do not support it) (hint: the latest demo runs do not support the answer: "
        "update the text and the claim)"]
    assert "the mean is lower but the interval reaches past 0.22" in errors(
        tmp_path / "d", lower="demos.sweep.val_loss[\"0.1\"]", than=0.22)[0]


def test_a_seed_that_diverged_a_result_without_an_interval_and_a_missing_seed(tmp_path):
    assert errors(tmp_path / "a", higher="demos.sweep.val_loss[\"3.0\"]", than=0.5)[0].startswith(
        "content/entries/a.yml:11:13: error: claim does not hold across the seeds: \"The claim.\" "
        "(demos.sweep.val_loss[\"3.0\"] = not finite in 1 of 5 seeds)")
    assert errors(tmp_path / "b", lower="demos.sweep.label", than=0.5) == [
        "content/entries/a.yml:11:12: error: claim refers to a result it cannot judge: demos.sweep result label has "
        "no interval: it is not a number measured on each seed ('converged'); state it with 'expect:' (hint: "
        "'python -m generator demos show NAME' lists every result with its interval)"]
    assert errors(tmp_path / "c", lower="demos.sweep.val_loss[\"0.01\"]", than=0.5) == [
        "content/entries/a.yml:11:12: error: claim refers to a result it cannot judge: demos.sweep.val_loss has no "
        "result '0.01'; it has: 0.1, 0.3, 0.001, 3.0 (hint: 'python -m generator demos show NAME' lists every "
        "result with its interval)"]
    missing_seed = "demos.sweep.histories['7'] == 1"
    assert errors(tmp_path / "d", expect=f'"{missing_seed}"') == [
        "content/entries/a.yml:11:13: error: claim refers to an unknown result: demos.sweep.histories has no key "
        "'7'; it has: 0, 1, 2, 3, 4"]


def test_a_claim_must_have_exactly_one_form(tmp_path):
    both = errors(tmp_path, lower="demos.sweep.val_loss[\"0.1\"]", higher="demos.sweep.val_loss[\"0.3\"]", than=1)
    assert len(both) == 1 and "write either 'lower' or 'higher', not both" in both[0]
    alone = errors(tmp_path / "b", lower="demos.sweep.val_loss[\"0.1\"]")
    assert len(alone) == 1 and "'lower' and 'higher' need 'than'" in alone[0]
