"""One build of a site folder at a time; a killed build leaves nothing behind for the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from factory import REPO, entry_yaml, make_project, run_cli

HOLD = """
import sys, time
from pathlib import Path
from generator.build.lock import site_lock
with site_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_build_of_the_same_folder_stops_with_one_line(tmp_path):
    root = make_project(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(root / "site")], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("build", "--demos", "off", root=root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0] == (
            f"site/: error: another build of this folder is running (process {holder.pid}) "
            "(hint: wait for it to finish, or stop it; builds of one site folder run one at a time)")
    finally:
        holder.kill()
        holder.wait()
    assert run_cli("build", "--demos", "off", root=root).returncode == 0  # the lock died with its holder


def test_a_build_killed_midway_leaves_no_staging_and_the_next_build_has_a_site(tmp_path):
    many = {f"e{i}.yml": entry_yaml(f"e{i}", f"Question {i}?") for i in range(300)}  # seconds of page writing
    root = make_project(tmp_path, many)
    build = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--demos", "off"],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(root.glob(".site.new-*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build finished before it could be stopped"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert list(root.glob(".site.new-*"))  # what a killed build leaves
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").is_file()
    deadline = time.monotonic() + 20
    while list(root.glob(".site.new-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(root.glob(".site.new-*"))


def test_a_build_after_a_kill_between_the_renames_puts_the_last_site_back(tmp_path):
    root = make_project(tmp_path)
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    os.replace(root / "site", root / ".site.old-12345")  # the first rename happened, the second did not
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0, result.stderr
    assert "note: site/ was missing after an interrupted build: the last complete site was put back" in result.stderr
    assert (root / "site/index.html").is_file()
