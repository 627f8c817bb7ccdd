"""packaging/: the desktop integration files validate, the icons are what they say, the
PyInstaller spec takes nothing from the build machine, and (with KUTIP_PACKAGING=1) build.sh
builds a bundle from a clean checkout that passes its smoke checks.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kutip.project import Project
from kutip.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SHARE = PACKAGING / "linux" / "share"
APP_ID = "id.kutip.Kutip"
DESKTOP = SHARE / "applications" / f"{APP_ID}.desktop"
METAINFO = SHARE / "metainfo" / f"{APP_ID}.metainfo.xml"
MIME = SHARE / "mime" / "packages" / f"{APP_ID}.xml"
HICOLOR = SHARE / "icons" / "hicolor"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is not installed (Debian: apt-get install desktop-file-utils appstream)"
        )
    return path


def _run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False, **kwargs
    )


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


# -- the desktop file ----------------------------------------------------------------------


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = _run(_tool("desktop-file-validate"), DESKTOP)
    problems = [
        line for line in result.stdout.splitlines() if re.search(r": (error|warning): ", line)
    ]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_desktop_file_opens_kutip_projects() -> None:
    entry = _desktop_entry()
    assert entry["Exec"] == "kutip %f"
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == "application/x-kutip;"
    assert entry["Categories"] == "Office;Education;Science;"


# -- the MIME type -------------------------------------------------------------------------


ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)")


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match[1]
    if code[:1] == b"x":
        return bytes([int(code[1:], 16)])
    if code[:1] in b"01234567":
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"t": b"\t", b"r": b"\r"}.get(code, code)


def _magic_value(match: ET.Element) -> bytes:
    """The bytes a shared-mime-info <match> looks for (string with C escapes, or big32)."""
    kind, value = match.get("type"), match.get("value", "")
    if kind == "big32":
        return struct.pack(">I", int(value, 0))
    assert kind == "string", kind
    return ESCAPE.sub(_unescape, value.encode("latin-1"))


def _matches(match: ET.Element, data: bytes) -> bool:
    offset = int(match.get("offset", "0"))
    wanted = _magic_value(match)
    if data[offset : offset + len(wanted)] != wanted:
        return False
    children = match.findall(f"{MIME_NS}match")
    return not children or any(_matches(child, data) for child in children)


def test_mime_magic_tells_a_kutip_project_from_another_sqlite_database(tmp_path: Path) -> None:
    mime_type = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert mime_type is not None and mime_type.get("type") == "application/x-kutip"
    assert mime_type.find(f"{MIME_NS}glob").get("pattern") == "*.kutip"  # type: ignore[union-attr]
    rules = mime_type.findall(f"{MIME_NS}magic/{MIME_NS}match")
    assert rules

    with Project.create(tmp_path / "real.kutip", coder="tester"):
        pass
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()

    project_header = (tmp_path / "real.kutip").read_bytes()[:100]
    assert any(_matches(rule, project_header) for rule in rules)
    assert not any(_matches(rule, other.read_bytes()[:100]) for rule in rules)


def test_mime_package_compiles_with_update_mime_database(tmp_path: Path) -> None:
    tool = _tool("update-mime-database")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME, packages)
    result = _run(tool, tmp_path / "mime")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    assert (tmp_path / "mime" / "application" / "x-kutip.xml").is_file()


def test_gio_recognises_a_project_by_its_content(tmp_path: Path) -> None:
    gio = _tool("gio")
    update = _tool("update-mime-database")
    data = tmp_path / "data"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME, data / "mime" / "packages")
    assert _run(update, data / "mime").returncode == 0
    with Project.create(tmp_path / "real.kutip", coder="tester"):
        pass
    renamed = tmp_path / "no-suffix"
    shutil.copy(tmp_path / "real.kutip", renamed)
    environment = {**os.environ, "XDG_DATA_HOME": str(data), "XDG_DATA_DIRS": "/usr/share"}
    result = _run(gio, "info", "-a", "standard::content-type", renamed, env=environment)
    assert "application/x-kutip" in result.stdout, result.stdout + result.stderr


# -- AppStream -----------------------------------------------------------------------------


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = _run(_tool("appstreamcli"), "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_agrees_with_the_desktop_file_and_the_mime_type() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("project_license") == "AGPL-3.0-or-later"
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("provides/mediatype") == "application/x-kutip"
    assert component.find("content_rating") is not None
    releases = [r.get("version") for r in component.findall("releases/release")]
    assert "0.1.0" in releases
    image = component.findtext("screenshots/screenshot/image") or ""
    assert image.startswith("https://")


# -- icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_theme_icon_has_its_size(size: int) -> None:
    assert _png_size(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def test_icons_are_made_from_one_svg() -> None:
    master = ROOT / "resources" / "icons" / "kutip.svg"
    ET.parse(master)  # well-formed
    assert (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == master.read_bytes()
    assert _png_size(ROOT / "resources" / "icons" / "kutip-256.png") == (256, 256)


def test_the_installed_package_ships_the_window_icon() -> None:
    assert resource_path("icons", "kutip.svg").is_file()
    assert _png_size(resource_path("icons", "kutip-256.png")) == (256, 256)


def test_windows_and_macos_icons_hold_every_size() -> None:
    ico = (PACKAGING / "windows" / "kutip.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sides = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sides

    icns = (PACKAGING / "macos" / "kutip.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = set(), 8
    while offset < len(icns):
        kind, length = (
            icns[offset : offset + 4],
            struct.unpack(">I", icns[offset + 4 : offset + 8])[0],
        )
        assert icns[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.add(kind)
        offset += length
    assert offset == len(icns)
    assert {b"icp4", b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds


# -- the PyInstaller spec and the scripts --------------------------------------------------

ABSOLUTE_PATH = re.compile(r"^(/[\w.~-]|[A-Za-z]:[\\/]|\\\\|~[/\\])")


def test_spec_has_no_absolute_paths() -> None:
    tree = ast.parse((PACKAGING / "kutip.spec").read_text(encoding="utf-8"))
    absolute = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ABSOLUTE_PATH.match(node.value)
    ]
    assert absolute == []


def test_shell_scripts_parse() -> None:
    for script, shell in (
        (PACKAGING / "build.sh", "bash"),
        (PACKAGING / "linux" / "install.sh", "sh"),
    ):
        assert os.access(script, os.X_OK), f"{script} is not executable"
        result = _run(shell, "-n", script)
        assert result.returncode == 0, result.stderr


# -- the build itself ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("KUTIP_PACKAGING") != "1",
    reason="builds the PyInstaller bundle (minutes, needs PyPI): set KUTIP_PACKAGING=1",
)
def test_build_sh_builds_a_bundle_that_passes_its_smoke_checks(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: build.sh builds from a clone")
    checkout = tmp_path / "checkout"
    clone = _run("git", "clone", "--quiet", ROOT, checkout)
    assert clone.returncode == 0, clone.stderr
    out = tmp_path / "out"
    result = _run("bash", checkout / "packaging" / "build.sh", "--out", out, timeout=30 * 60)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert result.stdout.rstrip().splitlines()[-1] == "SMOKE OK"
    assert (out / "kutip" / "kutip").is_file()
    tarballs = list(out.glob("kutip-*-linux-*.tar.gz"))
    assert len(tarballs) == 1
    checksums = (out / "SHA256SUMS").read_text(encoding="utf-8")
    assert tarballs[0].name in checksums
    assert _run("sha256sum", "--check", "SHA256SUMS", cwd=out).returncode == 0
