"""The README's set-up commands are the ones CI runs."""

from conftest import REPO


def test_ci_runs_the_readme_test_command():
    ci_command = [line for line in (REPO / ".ci" / "run").read_text().splitlines()
                  if line and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert len(ci_command) == 1
    assert ci_command[0] in (REPO / "README.md").read_text()
