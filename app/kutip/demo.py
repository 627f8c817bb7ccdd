"""The demo project: shipped fictional material, imported and pre-coded on the user's machine.

``resources/demo/demo.toml`` says which transcripts belong to which case (with attributes) and
which quotes are coded how. Offsets are found by locating each quote in the imported canonical
text, so they are right by construction whatever the text's encoding details.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.model import AttributeScope, AttributeType
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project
from kutip.resources import resource_path

DEMO_FILE_NAME = "kutip-demo.kutip"


def default_demo_dir() -> Path:
    return platformdirs.user_data_path("kutip", appauthor=False) / "demo"


def _attribute_type(value: object) -> AttributeType:
    if isinstance(value, bool):
        return AttributeType.BOOLEAN
    if isinstance(value, int):
        return AttributeType.INTEGER
    if isinstance(value, float):
        return AttributeType.FLOAT
    return AttributeType.TEXT


def build_demo(directory: Path, progress: Progress | None = None) -> Path:
    """Write a fresh demo project into ``directory`` (replacing an earlier demo) and return it.

    The demo is built beside the target and moved over it only when complete, so a cancelled
    or failed build leaves any earlier demo as it was, and one open elsewhere is not replaced.
    """
    progress = progress or NoProgress()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / DEMO_FILE_NAME
    if path.exists():
        Project.open(path).close()  # refuses, with a clear message, a demo open elsewhere
    building = directory / f"{DEMO_FILE_NAME}.building"
    building.unlink(missing_ok=True)
    try:
        _fill_demo(building, progress)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
    building.replace(path)
    return path


def _step(progress: Progress, done: int, message: str) -> None:
    if progress.cancelled:
        raise Cancelled
    progress.report(done, 3, message)


def _fill_demo(path: Path, progress: Progress) -> None:
    material = resource_path("demo")
    plan = tomllib.loads((material / "demo.toml").read_text(encoding="utf-8"))
    with Project.create(path, name=_("Kutip demo: social media and the 2024 election")) as project:
        _step(progress, 0, _("Importing the demo material"))
        report = project.import_paths([material / "articles", material / "transcripts"])
        if report.failed:
            raise KnownError("; ".join(reason for _path, reason in report.failed))
        source_ids = {
            path.relative_to(material).as_posix(): edit.value for path, edit in report.imported
        }
        _step(progress, 1, _("Adding cases"))
        for case in plan.get("cases", []):
            case_id = project.add_case(case["name"]).value
            project.link_source_to_case(case_id, source_ids[case["source"]])
            for name, value in case.get("attributes", {}).items():
                attribute = project.find_attribute(name, AttributeScope.CASE)
                if attribute is None:
                    attribute_id = project.add_attribute(name, _attribute_type(value)).value
                else:
                    attribute_id = attribute.id
                project.set_attribute_value(attribute_id, case_id, value)
        _step(progress, 2, _("Coding the demo passages"))
        for coding in plan.get("codings", []):
            source_id = source_ids[coding["source"]]
            text = project.source_text(source_id)
            start = text.find(coding["quote"])
            if start < 0:
                raise KnownError(f"demo.toml: quote not found in {coding['source']}")
            project.apply_code(
                source_id,
                start,
                start + len(coding["quote"]),
                project.find_code(coding["code"]).id,
                memo=coding.get("memo", ""),
            )
        project.add_memo(
            _("About this demo"),
            _(
                "All interviews and articles in this project are fictional, written to show "
                "what Kutip does. They are not research data."
            ),
        )
        progress.report(3, 3, "")
