"""The demo project: shipped fictional material, imported and pre-coded on the user's machine.

``resources/demo/demo.toml`` says which transcripts belong to which case (with attributes) and
which quotes are coded how. Offsets are found by locating each quote in the imported canonical
text, so they are right by construction whatever the text's encoding details.
"""

from __future__ import annotations

import html
import io
import re
import tempfile
import tomllib
from pathlib import Path

import platformdirs

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.model import AttributeScope, AttributeType
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project
from kutip.resources import resource_path
from kutip.services.importing import import_paths
from kutip.store import edit_log

DEMO_FILE_NAME = "kutip-demo.kutip"
#: The project setting naming the demo's last logged step when it was built (see
#: ``has_own_changes``).
BUILT_STEP_KEY = "demo_built_step"


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


def has_own_changes(project: Project) -> bool:
    """Whether the user changed the demo since it was built: its last step (the newest edit
    neither undone nor an undo) is not the one the build ended with. An edit made and undone
    again is no change; undoing one of the demo's own steps is. A demo made by a Kutip that
    did not record its last step counts as changed: nothing tells whether it was."""
    built = project.setting(BUILT_STEP_KEY)
    step = edit_log.last_step(project.store)
    return built is None or str(step[0] if step else "") != built


def demo_has_own_changes(directory: Path) -> bool:
    """Whether ``directory`` holds a demo project the user has changed (False: no demo)."""
    path = directory / DEMO_FILE_NAME
    if not path.exists():
        return False
    with Project.open(path, read_only=True) as project:
        return has_own_changes(project)


def build_demo(directory: Path, progress: Progress | None = None) -> Path:
    """Write a fresh demo project into ``directory`` (replacing an earlier demo) and return it.

    The demo is built beside the target and moved over it only when complete, so a cancelled
    or failed build leaves any earlier demo as it was, and one open elsewhere is not replaced.
    Callers ask first when the earlier demo has the user's own changes (``demo_has_own_changes``).
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
    with (
        Project.create(path, name=_("Kutip demo: social media and the 2024 election")) as project,
        tempfile.TemporaryDirectory(prefix="kutip-demo-") as scratch,
    ):
        _step(progress, 0, _("Importing the demo material"))
        articles = {
            article["source"]: _write_article_pdf(material / article["source"], article, scratch)
            for article in plan.get("articles", [])
        }
        report = import_paths(
            project, [material / "references.bib", *articles.values(), material / "transcripts"]
        )
        if report.failed or report.problems:
            reasons = [failure.message for failure in report.failed] + report.problems
            raise KnownError("; ".join(reasons))
        imported = {path: edit.value for path, edit in report.imported}
        source_ids = {
            path.relative_to(material).as_posix(): source_id
            for path, source_id in imported.items()
            if path.is_relative_to(material)
        }
        for article in plan.get("articles", []):
            source_id = imported[articles[article["source"]]]
            source_ids[article["source"]] = source_id
            if project.sources.get(source_id).bib_key != article["citekey"]:
                project.references.link_source(source_id, article["citekey"])
        _step(progress, 1, _("Adding cases"))
        for case in plan.get("cases", []):
            case_id = project.cases.add(case["name"]).value
            project.cases.link_source(case_id, source_ids[case["source"]])
            for name, value in case.get("attributes", {}).items():
                attribute = project.cases.find_attribute(name, AttributeScope.CASE)
                if attribute is None:
                    attribute_id = project.cases.add_attribute(name, _attribute_type(value)).value
                else:
                    attribute_id = attribute.id
                project.cases.set_attribute_value(attribute_id, case_id, value)
        _step(progress, 2, _("Coding the demo passages"))
        for coding in plan.get("codings", []):
            source_id = source_ids[coding["source"]]
            start, end = _locate(project.sources.text(source_id), coding["quote"], coding["source"])
            project.codings.apply(
                source_id, start, end, project.codes.find(coding["code"]).id,
                memo=coding.get("memo", ""),
            )  # fmt: skip
        project.memos.add(
            _("About this demo"),
            _(
                "All interviews and articles in this project are fictional, written to show "
                "what Kutip does. They are not research data."
            ),
        )
        step = edit_log.last_step(project.store)
        # Not an edit of its own (it would be the last step): written beside the history.
        with project.store.transaction() as rec:
            rec.insert("project", {"key": BUILT_STEP_KEY, "value": str(step[0] if step else "")})
        progress.report(3, 3, "")


def _locate(text: str, quote: str, where: str) -> tuple[int, int]:
    """Where a quote stands in a source's text, whatever line breaks the PDF put between words."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    if match is None:
        raise KnownError(f"demo.toml: quote not found in {where}: {quote[:40]}…")
    return match.start(), match.end()


def _write_article_pdf(text_file: Path, article: dict[str, object], folder: str) -> Path:
    """Typeset a fictional article as journal pages numbered from its first page."""
    from kutip.ingest.pdf.reader import MUPDF_LOCK

    with MUPDF_LOCK:
        return _typeset_article(text_file, article, folder)


def _typeset_article(text_file: Path, article: dict[str, object], folder: str) -> Path:
    import pymupdf

    title, notice, *paragraphs = [
        block.strip() for block in text_file.read_text(encoding="utf-8").split("\n") if block
    ]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    story = pymupdf.Story(
        f"<h2>{html.escape(title)}</h2><p><i>{html.escape(notice)}</i></p>{body}",
        user_css="body {font-family: serif; font-size: 10.5pt; line-height: 1.35;} "
        "h2 {font-size: 15pt;} p {margin-bottom: 6pt; text-align: justify;}",
    )
    page_box = pymupdf.paper_rect("a5")
    frame = pymupdf.Rect(48, 56, page_box.width - 48, page_box.height - 56)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    more = True
    while more:
        device = writer.begin_page(page_box)
        more, _filled = story.place(frame)
        story.draw(device)
        writer.end_page()
    writer.close()
    first_page = int(str(article["first_page"]))
    document = pymupdf.open("pdf", buffer.getvalue())
    document.set_page_labels([{"startpage": 0, "prefix": "", "style": "D",
                               "firstpagenum": first_page}])  # fmt: skip
    for index in range(document.page_count):
        page = document[index]
        page.insert_text((page_box.width / 2 - 8, page_box.height - 30), str(first_page + index),
                         fontsize=9, fontname="tiro")  # fmt: skip
    document.set_metadata({"title": title, "subject": notice, "creator": "Kutip demo"})
    path = Path(folder) / f"{text_file.stem}.pdf"
    document.save(path)
    document.close()
    return path
