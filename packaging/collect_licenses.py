"""Put the licences of everything in a built bundle into its ``licenses/`` folder.

Run by build.sh with the build environment's Python, after PyInstaller::

    python packaging/collect_licenses.py BUNDLE_DIR [SOURCE_DIR]

It writes BUNDLE_DIR/licenses/:
- Kutip's own licence (SOURCE_DIR/LICENSE or COPYING, when the checkout has one);
- THIRD-PARTY.txt: every Python distribution Kutip needs at run time (its requirements,
  followed recursively), with version and licence, and each one's licence files beside it;
- Python's licence, and the LGPL/GPL texts that Qt for Python (PySide6) is offered under (its
  wheels ship none); the Apache-2.0 text, when the bundle holds Tesseract's language data;
- on Debian and derivatives, the copyright file of each Debian package a bundled system library
  came from (GLib, X11 and XCB libraries, FreeType, ...).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)


def runtime_distributions(root: str = "kutip") -> list[Distribution]:
    """``root`` and every distribution its requirements pull in on this platform."""
    seen: dict[str, Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        seen[key] = dist
        for spec in dist.requires or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_of(dist: Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    text = (meta.get("License") or "").strip().splitlines()
    return "; ".join(classifiers) or (text[0] if text else "see its licence files")


def copy_distribution_licences(dist: Distribution, folder: Path) -> list[str]:
    copied = []
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if parts and parts[0].endswith(".dist-info") and LICENCE_FILE.search(parts[-1]):
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, folder / parts[-1])
                copied.append(parts[-1])
    return copied


def debian_copyrights(bundle: Path, target: Path) -> list[str]:
    """Copy /usr/share/doc/PKG/copyright for each Debian package a bundled library came from."""
    if shutil.which("dpkg-query") is None:
        return []
    names = sorted({p.name for p in bundle.rglob("*.so*") if p.is_file() or p.is_symlink()})
    packages: set[str] = set()
    # one query for all: dpkg-query exits 1 when some pattern matches nothing, and still
    # prints the others
    found = subprocess.run(
        ["dpkg-query", "-S", *(f"*/{name}" for name in names)],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in found.stdout.splitlines():
        package = line.split(":", 1)[0]
        if "," not in package:
            packages.add(package)
    copied = []
    for package in sorted(packages):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copyright_file, target / f"{package}.copyright")
            copied.append(package)
    return copied


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[0])
    source = Path(argv[1]) if len(argv) > 1 else None
    out = bundle / "licenses"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    lines = [
        "Kutip is free software under the GNU Affero General Public License, version 3 or later",
        "(AGPL-3.0-or-later). This bundle also contains the software below, each under its own",
        "licence; the licence texts are in this folder.",
        "",
    ]
    if source is not None:
        for name in ("LICENSE", "LICENSE.txt", "COPYING"):
            if (source / name).is_file():
                shutil.copyfile(source / name, out / "Kutip-LICENSE.txt")
                break
        else:
            lines += [
                "(This build's checkout had no LICENSE file; the licence's text is at",
                "https://www.gnu.org/licenses/agpl-3.0.txt.)",
                "",
            ]
            print("collect_licenses.py: the checkout has no LICENSE file", file=sys.stderr)

    lines += ["Python distributions:", ""]
    for dist in runtime_distributions():
        name, version = dist.metadata["Name"], dist.version
        if name.lower() == "kutip":
            continue
        folder = out / "python" / name
        copied = copy_distribution_licences(dist, folder)
        if copied:
            where = f"python/{name}/"
        elif name.lower().startswith(("pyside6", "shiboken6")):
            where = "LGPL-3.0.txt, GPL-3.0.txt: its wheel has no licence file"
        else:
            where = "no licence file in its wheel"
        lines.append(f"  {name} {version}: {licence_of(dist)} ({where})")

    lines += ["", "Python itself:", ""]
    python_licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    if python_licence.is_file():
        shutil.copyfile(python_licence, out / "Python-LICENSE.txt")
        lines.append(f"  Python {sys.version.split()[0]}: PSF-2.0 (Python-LICENSE.txt)")
    else:
        lines.append(
            f"  Python {sys.version.split()[0]}: PSF-2.0 (https://docs.python.org/3/license.html)"
        )

    for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        shutil.copyfile(HERE / "licenses" / text, out / text)
    lines += [
        "",
        "Qt 6 and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public",
        "License version 3 (LGPL-3.0.txt, which builds on GPL-3.0.txt). Their libraries are",
        "separate shared libraries in _internal/PySide6 and can be replaced by the user.",
        "PyMuPDF and MuPDF are used under the GNU Affero General Public License version 3.",
    ]

    trained = sorted(p.name for p in bundle.rglob("*.traineddata"))
    if trained:  # Windows and macOS bundles bring Tesseract's data for OCR
        shutil.copyfile(HERE / "licenses" / "Apache-2.0.txt", out / "Apache-2.0.txt")
        lines += [
            f"Tesseract's language data ({', '.join(trained)}, from tessdata_fast) is used",
            "under the Apache License 2.0 (Apache-2.0.txt).",
        ]

    system = debian_copyrights(bundle, out / "system")
    if system:
        lines += ["", "System libraries, by Debian package (system/PKG.copyright):", ""]
        lines += [f"  {package}" for package in system]

    (out / "THIRD-PARTY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"licences: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
