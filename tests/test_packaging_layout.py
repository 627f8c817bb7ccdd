"""The package list in pyproject.toml covers app/kutip, and resources install inside it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kutip.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_under_app_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"]) - {"kutip._resources"}
    on_disk = {
        ".".join(init.parent.relative_to(ROOT / "app").parts)
        for init in (ROOT / "app" / "kutip").rglob("__init__.py")
    }
    assert listed == on_disk


def test_resources_are_found_through_the_package() -> None:
    assert resource_path("codebooks", "participation-factors.toml").is_file()
    assert resource_path("demo", "demo.toml").is_file()
    assert resource_path("locale", "id", "LC_MESSAGES", "kutip.po").is_file()


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0].strip() for block in readme.split("```sh\n")[1:]]
    install_and_open, install_and_test = blocks[0], blocks[1]
    assert "kutip demo" in install_and_open
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci_lines


def test_ci_and_the_readme_install_tesseracts_data_for_ocr() -> None:
    # The OCR tests skip without it: CI must install it, and the README name it.
    packages = "tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng"
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    ci = " ".join((ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ").split())
    assert packages in readme
    assert packages in ci


def test_the_readme_shows_every_screenshot_and_a_script_makes_each() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]+\]\((docs/screenshot-[\w-]+\.png)\)", readme))
    made = {f"docs/{path.name}" for path in (ROOT / "docs").glob("screenshot-*.png")}
    assert shown == made
    scripts = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "tests" / "gui").glob("screenshots*.py")
    )
    for image in made:
        assert f'"{Path(image).name}"' in scripts, f"no script draws {image}"
