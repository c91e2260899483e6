"""``demos show NAME``: every key with its value, in a syntax that answers and quizzes accept as printed."""

from __future__ import annotations

import re

import pytest

from generator.demos.demos_command import cli_main
from generator.demos.lookup import Demos, parse_path, path_text
from generator.pages.quiz_pages import demo_resolver
from generator.pages.templating import AnswerRenderer

LINE = re.compile(r"^(demos\.\S+) = (.+?)(?:  \(prints (.+)\))?$")

@pytest.mark.tensorflow
def test_every_printed_path_reads_the_printed_value_in_an_answer_and_in_a_quiz(session_cache, session_results, capsys):
    from factory import REPO
    resolve = demo_resolver(session_results)
    renderer = AnswerRenderer(session_results)
    for name in session_results:
        assert cli_main(["show", name, "--config", "quick", "--cache-dir", str(session_cache)], REPO) == 0
        lines = [m for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m]
        assert len(lines) >= 3, name
        for match in lines:
            path, value, prints = match.groups()
            found = resolve(path[len("demos."):])
            assert (f"{found:.6g}" if isinstance(found, float) else repr(found) if isinstance(found, str)
                    else str(found)) == value, path
            template = renderer.env.checked_template("{{ " + path + " }}")
            assert template.render(demos=Demos(session_results)) == (prints or value).strip("'"), path


def test_paths_read_and_write_in_the_answer_syntax():
    assert parse_path('demos.lr_sweep.final_loss["3.0"]') == ["lr_sweep", "final_loss", "3.0"]
    assert parse_path("quadratic.metrics.eigenvalues[2]") == ["quadratic", "metrics", "eigenvalues", 2]
    assert parse_path("lr_sweep.histories.loss.0") == ["lr_sweep", "histories", "loss", 0]
    assert parse_path("a['x y'][-1]") == ["a", "x y", -1]
    assert path_text(["lr_sweep", "final_loss", "3.0"]) == 'demos.lr_sweep.final_loss["3.0"]'
    with pytest.raises(ValueError, match="cannot read the path from"):
        parse_path('lr_sweep.final_loss["3.0"')


def test_an_unknown_or_stale_demo_is_one_line(tmp_path, capsys):
    from factory import REPO
    assert cli_main(["show", "lr_swep", "--config", "quick", "--cache-dir", str(tmp_path)], REPO) == 1
    assert capsys.readouterr().err.strip() == "error: there is no demo named 'lr_swep' (hint: did you mean 'lr_sweep'?)"
    assert cli_main(["show", "lr_sweep", "--config", "quick", "--cache-dir", str(tmp_path)], REPO) == 1
    assert "has no up-to-date result for config 'quick'" in capsys.readouterr().err
