"""Make every icon file from the master SVG, resources/icons/kutip.svg.

Run it after changing the SVG (it needs PySide6, which Kutip installs anyway) and commit what
it writes::

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

It writes
- resources/icons/kutip-256.png: the window icon for platforms without SVG icons;
- packaging/linux/share/icons/hicolor/: the SVG as scalable/apps/id.kutip.Kutip.svg and a PNG
  for each of SIZES as <n>x<n>/apps/id.kutip.Kutip.png (the freedesktop icon theme layout);
- packaging/windows/kutip.ico: PNG-compressed images, 16 to 256 px (Windows Vista and later);
- packaging/macos/kutip.icns: PNG images, 16 to 1024 px (16@2x to 512@2x for Retina).

ICO and ICNS files are written here, not by Pillow, so no other tool is needed.
"""

from __future__ import annotations

import shutil
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "resources" / "icons" / "kutip.svg"
APP_ID = "id.kutip.Kutip"
HICOLOR = ROOT / "packaging" / "linux" / "share" / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size (the @2x types share sizes with others).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` × ``size`` image, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 0)  # quality 0: the strongest compression
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (a size of 256 is written as 0)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file of PNG elements: 'icns', total length, then (type, length, data) each."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        print(f"{MASTER}: not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted({*SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")

    write(ROOT / "resources" / "icons" / "kutip-256.png", pngs[256])
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MASTER, scalable)
    print(f"wrote {scalable.relative_to(ROOT)}")
    for size in SIZES:
        write(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png", pngs[size])
    write(ROOT / "packaging" / "windows" / "kutip.ico", ico({s: pngs[s] for s in ICO_SIZES}))
    write(ROOT / "packaging" / "macos" / "kutip.icns", icns(pngs))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
