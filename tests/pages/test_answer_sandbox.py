"""generator/pages/answer_sandbox.py: what an answer's template may do, and the limits on how much."""

from __future__ import annotations

import pytest

from generator.demos.lookup import fmt, pct
from generator.pages.answer_sandbox import NotAllowed, OverLimit, answer_env, limited, render_limited

ENV = answer_env({"fmt": fmt, "pct": pct}, finalize=lambda v: v if isinstance(v, str) else fmt(v))


def render(source: str, seconds: float = 2.0, **ctx) -> str:
    return limited(lambda: render_limited(ENV.checked_template(source), **ctx), seconds=seconds)


def claim(source: str, **ctx):
    return limited(lambda: ENV.checked_expression(source)(**ctx))


def test_what_answers_write_renders_as_before():
    assert render('{{ "%g" | format(x) }} to {{ xs | map("fmt") | join(", ") }}; {{ 0.875 | pct }} ~ {{ 3 ~ "x" }}',
                  x=0.001, xs=[0.1, 1.0]) == "0.001 to 0.1, 1; 87.5% ~ 3x"
    assert render("{% for r in xs %}{{ loop.index }}:{{ r * 2 }} {% else %}none{% endfor %}"
                  "{% if xs | length > 1 %}many{% endif %}", xs=[1, 2]) == "1:2 2:4 many"
    assert claim("x ** 2 > 3 and 'a' * 3 == 'aaa'", x=2) is True


@pytest.mark.parametrize("source", [
    "{{ 'a' * 10**9 }}", "{{ 'ab ' * 10**7 }}", "{{ [0] * 10**9 }}", "{{ 7 ** 999999999 }}",
    "{{ 'x' | center(10**9) }}", "{{ '%999999999d' | format(1) }}", "{{ '%*d' | format(10**8, 1) }}",
    "{{ '%999999999d' % 1 }}", "{{ (['a' * 100000] * 100000) | join }}", "{{ ('x' * 100000) | list | join('y' * 150000) }}",
    "{{ ('a' * 100000) | replace('a', 'a' * 100000) }}", "{{ ('a' * 150000) ~ ('b' * 150000) }}",
    "{{ ('a' * 100000) + ('b' * 150000) }}", "{{ ('a\\n' * 90000) | indent(1000) }}",
])
def test_a_value_past_the_size_limit_is_refused_before_it_is_made(source):
    with pytest.raises(OverLimit, match="over the limit of"):
        render(source)


def test_loops_stop_at_the_step_limit_and_output_at_the_size_limit():
    with pytest.raises(OverLimit, match="100,000 loop steps"):
        render("{% for a in 'x' * 200000 %}{% for b in 'y' * 200000 %}{% endfor %}{% endfor %}")
    with pytest.raises(OverLimit, match="wrote more than 200,000 characters"):
        render("{% for a in 'x' * 1000 %}{{ 'y' * 1000 }}{% endfor %}")
    with pytest.raises(OverLimit, match="made more than 5,000,000 characters"):
        render("{% for a in 'x' * 100000 %}{{ ('ab' * 100000) | upper | length }}{% endfor %}")


def test_a_slow_template_is_stopped_at_its_time_limit():
    # ~100,000 wordwraps of 2,000 characters: minutes of work, stopped at the limit
    with pytest.raises(OverLimit, match="used more than 0.2 s of processor time"):
        render("{% for a in 'x' * 100000 %}{{ ('ab' * 1000) | wordwrap(1) | length }}{% endfor %}", seconds=0.2)


@pytest.mark.parametrize(("source", "message"), [
    ("{% set x = 1 %}", "the {% set %} tag cannot be used in an answer"),
    ("{% macro m() %}{% endmacro %}", "the {% macro %} tag cannot be used in an answer"),
    ("{% include 'x' %}", "the {% include %} tag cannot be used in an answer"),
    ("{{ lipsum(10**9) }}", "calling lipsum is not allowed"),
    ("{{ range(10) | list }}", "calling range is not allowed"),
    ("{{ 'a'.center(10**9) }}", "calling a method is not allowed"),
    ("{{ 'x' | xmlattr }}", "the filter 'xmlattr' cannot be used here"),
    ("{{ [1, 2] | random }}", "the filter 'random' cannot be used here"),
    ("{% for a in 'xy' recursive %}{% endfor %}", "recursive loops cannot be used"),
])
def test_what_answers_cannot_use_is_named_at_its_line(source, message):
    with pytest.raises(NotAllowed, match="^" + message.replace("{", "\\{").replace("(", "\\(")) as caught:
        render("First line.\n" + source)
    assert caught.value.lineno == 2


def test_claims_are_bounded_and_call_nothing():
    with pytest.raises(OverLimit, match="845,098,039 digits"):
        claim("7 ** 999999999 > 3")
    with pytest.raises(NotAllowed, match="claims call nothing"):
        claim("figure('a', 'b') == 1")


def test_with_demos_off_a_filtered_result_says_so_instead_of_a_made_up_number():
    from generator.demos.lookup import UNAVAILABLE, Unavailable
    text = render('at {{ demos.s.rates | length }} rates, from {{ "%g" | format(demos.s.rates[0]) }}', demos=Unavailable())
    assert text == f"at {UNAVAILABLE} rates, from {UNAVAILABLE}"
