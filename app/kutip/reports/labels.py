"""The words a report is written in, per report language.

A report's language is chosen per export (``--lang id|en``) and is independent of the UI
language: a lecturer may run Kutip in English and write her paper in Bahasa Indonesia. So
report text does not go through ``_()`` (which follows the UI); it comes from the tables
below. Messages *to the user* (warnings, errors) still go through ``_()``.

Citation terms inside formatted citations ("p."/"hlm.", "and"/"dan", "et al."/"dkk.") come
from the CSL locale of the same language; the entries ``page``, ``pages``, ``and`` and
``et_al`` here are only for what Kutip writes itself (sources cited by their title, short
source labels in table headings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: Report languages: code → CSL locale used for citations in that language.
REPORT_LANGUAGES: Mapping[str, str] = MappingProxyType({"en": "en-US", "id": "id-ID"})
DEFAULT_LANGUAGE = "en"

_EN: dict[str, str] = {
    "report_title": "Code summary",
    "codebook_title": "Codebook",
    "codebook_appendix": "Appendix: Codebook",
    "codes": "Codes",
    "code": "Code",
    "code_path": "Code path",
    "colour": "Colour",
    "definition": "Definition",
    "when_to_use": "When to use",
    "when_not_to_use": "When not to use",
    "example": "Example",
    "segments": "Segments",
    "sources": "Sources",
    "cases": "Cases",
    "source": "Source",
    "case": "Case",
    "speaker": "Speaker",
    "memo": "Memo",
    "coder": "Coder",
    "no_quotes": "No coded segments in this selection.",
    "tables": "Tables",
    "frequencies": "Code frequencies",
    "per_source": "Code frequencies per source",
    "per_case": "Code frequencies per case",
    "matrix": "Code × case matrix",
    "matrix_counts_note": "Number of segments of each code in each case.",
    "matrix_presence_note": "✓: the case has at least one segment coded with the code.",
    "cooccurrence_overlap": "Co-occurrence of codes: overlapping segments",
    "cooccurrence_overlap_note": (
        "Number of pairs of segments of the two codes that overlap in a source."
    ),
    "cooccurrence_unit": "Co-occurrence of codes: same paragraph or speaker turn",
    "cooccurrence_unit_note": (
        "Number of paragraphs or speaker turns in which both codes occur; "
        "the diagonal counts those in which the code occurs."
    ),
    "total": "Total",
    "grid": "Literature and cases",
    "grid_note": "Per code, what the literature says next to what the informants say.",
    "literature": "Literature",
    "informants": "Informants",
    "charts": "Charts",
    "chart_frequencies": "Segments per code",
    "chart_matrix": "Code × case heat map",
    "chart_cooccurrence": "Co-occurrence of codes (overlapping segments)",
    "references": "References",
    "selection": "Selection",
    "style": "Citation style",
    "all": "all",
    "yes": "✓",
    "page": "p.",
    "pages": "pp.",
    "turn": "turn",
    "and": "&",
    "et_al": "et al.",
    "no_date": "n.d.",
    "generated_by": "Made with Kutip",
    # Spreadsheet tabs: at most 31 characters, none of []:*?/\
    "sheet_segments": "Segments",
    "sheet_frequencies": "Frequencies",
    "sheet_per_source": "Per source",
    "sheet_per_case": "Per case",
    "sheet_matrix": "Matrix",
    "sheet_cooccurrence_overlap": "Co-occurrence (overlap)",
    "sheet_cooccurrence_unit": "Co-occurrence (unit)",
    "agreement_title": "Inter-coder agreement",
    "agreement_note": (
        "Coders {a} and {b}. Units: the {units} characters of the {sources} sources both coded; "
        "per code, each character is coded by a coder or not. Kappa is Cohen's, alpha "
        "Krippendorff's (nominal); — where undefined (a code nobody used, or used everywhere). "
        "Segments: codings matched by an overlapping coding of the other coder of at least "
        "{overlap}."
    ),
    "agreement": "Agreement",
    "kappa": "Kappa",
    "alpha": "Alpha",
    "both_coders": "Both",
    "segment_agreement": "Segments",
    "all_codes": "All codes",
    "sheet_agreement": "Agreement",
    "ocr_quotes": "From OCR pages",
    "ocr_note": "text read by OCR — check against the page",
    "ocr_summary": (
        "{n} of {total} quotes come from pages read by OCR (scans): their text may hold "
        "recognition errors, so check each against the page."
    ),
}

_ID: dict[str, str] = {
    "report_title": "Ringkasan kode",
    "codebook_title": "Buku kode",
    "codebook_appendix": "Lampiran: Buku kode",
    "codes": "Kode",
    "code": "Kode",
    "code_path": "Jalur kode",
    "colour": "Warna",
    "definition": "Definisi",
    "when_to_use": "Kapan digunakan",
    "when_not_to_use": "Kapan tidak digunakan",
    "example": "Contoh",
    "segments": "Segmen",
    "sources": "Sumber",
    "cases": "Kasus",
    "source": "Sumber",
    "case": "Kasus",
    "speaker": "Penutur",
    "memo": "Memo",
    "coder": "Pengode",
    "no_quotes": "Tidak ada segmen berkode dalam pilihan ini.",
    "tables": "Tabel",
    "frequencies": "Frekuensi kode",
    "per_source": "Frekuensi kode per sumber",
    "per_case": "Frekuensi kode per kasus",
    "matrix": "Matriks kode × kasus",
    "matrix_counts_note": "Jumlah segmen setiap kode pada setiap kasus.",
    "matrix_presence_note": "✓: kasus memiliki setidaknya satu segmen yang diberi kode ini.",
    "cooccurrence_overlap": "Kemunculan bersama kode: segmen yang bertumpang tindih",
    "cooccurrence_overlap_note": (
        "Jumlah pasangan segmen kedua kode yang bertumpang tindih dalam satu sumber."
    ),
    "cooccurrence_unit": "Kemunculan bersama kode: paragraf atau giliran bicara yang sama",
    "cooccurrence_unit_note": (
        "Jumlah paragraf atau giliran bicara yang memuat kedua kode; "
        "diagonal menghitung yang memuat kode itu."
    ),
    "total": "Total",
    "grid": "Literatur dan kasus",
    "grid_note": "Per kode, apa kata literatur di samping apa kata para informan.",
    "literature": "Literatur",
    "informants": "Informan",
    "charts": "Grafik",
    "chart_frequencies": "Segmen per kode",
    "chart_matrix": "Peta panas kode × kasus",
    "chart_cooccurrence": "Kemunculan bersama kode (segmen yang bertumpang tindih)",
    "references": "Daftar pustaka",
    "selection": "Pilihan",
    "style": "Gaya sitasi",
    "all": "semua",
    "yes": "✓",
    "page": "hlm.",
    "pages": "hlm.",
    "turn": "giliran",
    "and": "&",
    "et_al": "dkk.",
    "no_date": "t.t.",
    "generated_by": "Dibuat dengan Kutip",
    "sheet_segments": "Segmen",
    "sheet_frequencies": "Frekuensi",
    "sheet_per_source": "Per sumber",
    "sheet_per_case": "Per kasus",
    "sheet_matrix": "Matriks",
    "sheet_cooccurrence_overlap": "Kemunculan bersama (tumpang)",
    "sheet_cooccurrence_unit": "Kemunculan bersama (unit)",
    "agreement_title": "Kesepakatan antarpengode",
    "agreement_note": (
        "Pengode {a} dan {b}. Unit: {units} karakter dari {sources} sumber yang dikode "
        "keduanya; per kode, setiap karakter dikode atau tidak oleh seorang pengode. Kappa "
        "menurut Cohen, alfa menurut Krippendorff (nominal); — bila tak terdefinisi (kode yang "
        "tak dipakai siapa pun, atau dipakai di mana-mana). Segmen: koding yang dicocokkan oleh "
        "koding pengode lain yang tumpang tindih paling sedikit {overlap}."
    ),
    "agreement": "Kesepakatan",
    "kappa": "Kappa",
    "alpha": "Alfa",
    "both_coders": "Keduanya",
    "segment_agreement": "Segmen",
    "all_codes": "Semua kode",
    "sheet_agreement": "Kesepakatan",
    "ocr_quotes": "Dari halaman OCR",
    "ocr_note": "teks dibaca oleh OCR — periksa dengan halamannya",
    "ocr_summary": (
        "{n} dari {total} kutipan berasal dari halaman yang dibaca oleh OCR (pindaian): "
        "teksnya mungkin memuat kesalahan pengenalan, jadi periksa masing-masing dengan "
        "halamannya."
    ),
}

_TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"en": MappingProxyType(_EN), "id": MappingProxyType(_ID)}
)


@dataclass(frozen=True)
class Labels:
    """Report text in one language: ``labels["definition"]`` → "Definisi"."""

    language: str

    def __post_init__(self) -> None:
        if self.language not in _TABLES:
            raise ValueError(f"no report labels for language {self.language!r}")

    def __getitem__(self, key: str) -> str:
        return _TABLES[self.language][key]

    @property
    def csl_locale(self) -> str:
        return REPORT_LANGUAGES[self.language]

    def names(self) -> frozenset[str]:
        """Every label's name."""
        return frozenset(_TABLES[self.language])

    def page_locator(self, locator: str) -> str:
        """``"412"`` → "p. 412", ``"412–413"`` → "pp. 412–413" (for citations Kutip writes)."""
        if not locator:
            return ""
        return f"{self['pages' if '–' in locator else 'page']} {locator}"


def all_labels() -> dict[str, Labels]:
    """Every report language's labels, for tests that check the tables are complete."""
    return {language: Labels(language) for language in _TABLES}
