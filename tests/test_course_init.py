"""``init DIR``: a new course that checks, builds (real demo, quick) and verifies as made; refusals are one line."""

from __future__ import annotations

import subprocess

import pytest
from factory import run_cli


@pytest.mark.tensorflow
def test_a_new_course_builds_with_its_demo_and_passes_verify(tmp_path):
    course = tmp_path / "course"
    made = run_cli("init", str(course), "--title", "Deep learning basics", "--author", "Sam Rivera")
    assert made.returncode == 0, made.stderr
    assert (course / "requirements.txt").read_text().splitlines()[-1].startswith("lr-knowledge-base")
    assert sorted(p.name for p in (course / "training_demos").iterdir()) == [
        "__init__.py", "_template.py", "datasets.py", "labels.py", "plotting.py", "results.py", "training.py", "two_rates.py"]
    assert not [p for p in tmp_path.iterdir() if p.name != "course"]  # (made in a staging folder, then renamed)
    env = {"KB_DEMO_CONFIG": "quick", "KB_DEMO_CACHE_DIR": str(tmp_path / "cache")}
    built = run_cli("build", "--site-dir", str(course / "test-site"), root=course, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    checked = run_cli("check", root=course, env=env)  # results are fresh now: references and the claim are checked
    assert checked.returncode == 0 and "not fresh" not in checked.stderr, checked.stderr
    assert run_cli("verify", str(course / "test-site"), root=course).returncode == 0
    page = (course / "test-site/questions/why-does-the-learning-rate-matter/index.html").read_text()
    assert "Sam Rivera" in page and "Deep learning basics" in page and "two_rates" in page
    assert (course / "test-site/quizzes/learning-rate/index.html").is_file()
    dry = subprocess.run(["make", "-n", "test"], cwd=course, capture_output=True, text=True)
    assert dry.returncode == 0 and "kbgen check" in dry.stdout and "kbgen verify test-site" in dry.stdout, dry.stderr


def test_init_refuses_a_folder_in_use_and_needs_an_author(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used/notes.txt").write_text("mine")
    refused = run_cli("init", str(tmp_path / "used"), "--author", "Sam Rivera")
    assert refused.returncode == 1 and refused.stderr.strip() == (
        f"error: {tmp_path / 'used'} is not an empty folder (hint: choose a new or empty folder)")
    nobody = run_cli("init", str(tmp_path / "new"), env={"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
                                                          "HOME": str(tmp_path)})
    assert nobody.returncode == 1 and "pass --author" in nobody.stderr and not (tmp_path / "new").exists()
