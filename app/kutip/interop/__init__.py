"""REFI-QDA exchange: QDPX projects and QDC codebooks, out of and into Kutip projects.

A service over the ``Project`` facade: it reads and writes projects only through it (never the
store, the CLI or the GUI).

Public API
----------
``export_qdpx(project, path, progress=None) -> None``
    The whole project as a ``.qdpx`` archive (``project.qde`` + ``sources/``), valid against
    the REFI-QDA Project schema: users (coders), the code tree with colours, descriptions and
    memos, text sources (``internal://GUID.txt``, plus the original .docx), PDF sources (the
    original PDF with its text as ``Representation``), every coding with its coder, date and
    memo, cases with their sources (or parts) and variables, source variables, the journal.
    GUIDs are the project's and stable from one export to the next. Positions are code points,
    end exclusive. The file replaces ``path`` only once complete.

``export_qdc(project, path) -> None``
    The code tree as a ``.qdc`` codebook, valid against the REFI-QDA Codebook schema.
    ``KnownError`` when the project has no codes.

``import_qdpx(project, path, *, allow_external=False, progress=None) -> InteropReport``
    A ``.qdpx`` (or a bare ``.qde``) into a new or an existing project, as one undo step
    (``report.edit``). Lenient with what real tools write; NVivo's UTF-16 positions are found
    and converted (see ``positions``). Records the project already has are merged, not doubled.
    ``allow_external`` lets sources named by ``relative://``/``absolute://`` paths be read from
    this computer; without it they are left out and reported. Hostile or broken input raises
    ``ImportFailedError`` and leaves the project unchanged.

``import_qdc(project, path) -> InteropReport``
    A codebook's codes merged into a project (by GUID, then by name; conflicts reported), as
    one undo step.

``InteropReport``
    ``created`` and ``merged`` count records by kind ("sources", "codes", "codings", "cases",
    "case links", "attributes", "values", "memos"); ``warnings`` name the file and the element;
    ``counting`` says how positions were counted; ``summary()`` gives lines for the user.

Modules: ``zipsafe`` (capped, name-checked archive reading), ``xmlsafe`` (defused XML),
``positions`` (position conventions and their detection), ``codetree`` (codes in and out),
``qde_read`` / ``qde_import`` / ``qde_apply`` (import), ``qde_export``, ``qdc``, ``validate``
(the shipped XSDs), ``report``.
"""

from __future__ import annotations

from kutip.interop.qdc import export_qdc, import_qdc
from kutip.interop.qde_export import export_qdpx
from kutip.interop.qde_import import import_qdpx
from kutip.interop.report import InteropReport

__all__ = ["InteropReport", "export_qdc", "export_qdpx", "import_qdc", "import_qdpx"]
