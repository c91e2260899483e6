"""generator/scaffold.py: `new` makes files that pass `check` as they are."""

from factory import make_project, run_cli

OFF = {"KB_DEMO_CONFIG": "off"}


def test_new_entry_passes_check(tmp_path):
    root = make_project(tmp_path)
    result = run_cli("new", "entry", "--topic", "training", "--question", "Why is my loss NaN?",
                     "--author", "Kim Lee", "--yes", root=root, env=OFF)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created content/entries/dltf/why-is-my-loss-nan.yml")
    check = run_cli("check", root=root, env=OFF)
    assert check.returncode == 0, check.stderr
    assert "content/entries/dltf/why-is-my-loss-nan.yml: still holds the scaffold's 'Replace this ...' text" in check.stderr
    again = run_cli("new", "entry", "--topic", "training", "--question", "Why is my loss NaN?",
                    "--author", "Kim Lee", "--yes", root=root, env=OFF)
    assert "why-is-my-loss-nan-2.yml" in again.stdout


def test_new_quiz_passes_check(tmp_path):
    root = make_project(tmp_path)
    result = run_cli("new", "quiz", "--topic", "using", "--title", "Using the network", "--yes", root=root, env=OFF)
    assert result.returncode == 0, result.stderr
    assert (root / "quizzes" / "using-the-network.yml").exists()
    check = run_cli("check", root=root, env=OFF)
    assert check.returncode == 0, check.stderr


def test_new_with_unknown_topic_or_missing_values(tmp_path):
    root = make_project(tmp_path)
    result = run_cli("new", "entry", "--topic", "trainig", "--question", "Q?", "--author", "A", "--yes", root=root, env=OFF)
    assert result.returncode == 1
    assert result.stderr.strip() == "content/taxonomy.yml: error: unknown topic 'trainig' (hint: did you mean 'training'?)"
    result = run_cli("new", "entry", "--topic", "training", "--yes", root=root, env=OFF)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: missing --question and --author "
                                     "(hint: pass them as flags, or run in a terminal to be asked)")


def test_a_missing_topic_is_one_line_and_a_default_quiz_id_has_no_quiz_prefix(tmp_path):
    root = make_project(tmp_path)
    result = run_cli("new", "entry", "--question", "Q?", "--author", "A", "--yes", root=root, env=OFF)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: missing --topic (hint: pass --topic ID, one of the topics of "
                                     "content/taxonomy.yml: training, using)")
    made = run_cli("new", "quiz", "--topic", "training", "--yes", root=root, env=OFF)
    assert made.returncode == 0, made.stderr
    assert (root / "quizzes" / "training-the-network.yml").exists()


def test_the_topic_prompt_asks_again_after_a_typo(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    from factory import REPO
    root = make_project(tmp_path)
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "new", "entry",
                             "--question", "Why?", "--author", "Ada Tester"], cwd=REPO, stdin=follower,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **OFF})
    os.close(follower)
    os.write(leader, b"trainig\ntraining\n")
    out, err = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, err
    assert "unknown topic 'trainig' (did you mean 'training'?)" in err
    assert out.count("Topic id: ") == 2 and "created content/entries/dltf/why.yml" in out  # (input() prompts on stdout)
