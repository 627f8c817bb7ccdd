"""Files built to explode: each is read within bounds, with a problem naming the file.

What could eat the machine or never end if it regressed (the @string doubling, rispy's
quadratic joins, a backwards ``\\binN``) runs in a child process under a memory and CPU limit,
so a regression fails the test instead of stopping the suite.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kutip.errors import ImportFailedError
from kutip.ingest.bib.bibtex import (
    MAX_CROSSREF_DEPTH,
    MAX_EXPANDED_VALUE,
    MAX_EXPANSION_PER_FILE,
    read_bibtex,
)
from kutip.ingest.documents import MAX_RTF_DEPTH, MAX_XML_DEPTH, read_odt_file, read_rtf_file
from kutip.ingest.drafts import ReadOptions
from kutip.ingest.subtitles import read_subtitle_file
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip_testing import run_limited

OPTIONS = ReadOptions()


# --- BibTeX -------------------------------------------------------------------------------

READ_BIB = """
    import json, sys
    from pathlib import Path
    from kutip.ingest.bib.bibtex import read_bibtex
    path = Path(sys.argv[1])
    read = read_bibtex(path, path.read_bytes())
    print(json.dumps({
        "entries": {e.citekey: sum(len(v) for v in e.fields.values()) for e in read.entries},
        "problems": read.problems,
    }))
"""


def doubling_bib(doublings: int) -> str:
    lines = ['@string{s0 = "' + "ha" * 20 + '"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, doublings + 1)]
    lines.append(f"@article{{bomb, title = s{doublings}, year = 2020}}")
    lines.append("@article{good, title = {Pemilu 2024}, author = {Silitonga, M.}, year = 2024}")
    return "\n".join(lines) + "\n"


def test_a_string_doubled_forty_times_is_capped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "bomb.bib"
    path.write_text(doubling_bib(40), encoding="utf-8")
    assert path.stat().st_size < 1_700  # 1.6 KB that once asked for 44 TB

    read = run_limited(READ_BIB, path)

    entries = read["entries"]
    assert isinstance(entries, dict) and set(entries) == {"bomb", "good"}
    assert all(size <= MAX_EXPANDED_VALUE for size in entries.values())
    # 40 × 2¹¹ = 81,920 characters fit; s12 would be 163,840: it is the one reported.
    assert read["problems"] == [
        f"bomb.bib line 13: the @string “s12” would expand to more than {MAX_EXPANDED_VALUE} "
        "characters; it was left empty."
    ]


def test_fields_too_large_through_macros_are_left_out_and_named(tmp_path: Path) -> None:
    text = doubling_bib(11) + "@misc{twice, title = s11 # s11, note = {kept}}\n"
    read = read_bibtex(tmp_path / "refs.bib", text.encode())
    entries = {entry.citekey: entry for entry in read.entries}
    assert len(entries["bomb"].title) == 40 * 2**11  # under the cap: expanded as written
    assert "title" not in entries["twice"].fields and entries["twice"].fields["note"] == "kept"
    assert read.problems == [
        f"refs.bib line 15: in entry “twice”, the field “title” would expand to more than "
        f"{MAX_EXPANDED_VALUE} characters; it was left out."
    ]


def test_the_expansion_budget_of_a_file_is_reported_once(tmp_path: Path) -> None:
    # 10,000 entries naming an 80 KB macro would be 800 MB of fields from a 300 KB file.
    text = doubling_bib(11) + "".join(f"@misc{{m{i}, title = s11}}\n" for i in range(10_000))
    read = read_bibtex(tmp_path / "many.bib", text.encode())

    assert len(read.entries) == 10_002  # every entry is kept; past the budget, without it
    total = sum(len(value) for entry in read.entries for value in entry.fields.values())
    assert total <= MAX_EXPANSION_PER_FILE
    assert len(read.problems) == 1
    assert read.problems[0].startswith("many.bib line ")
    assert f"add more than {MAX_EXPANSION_PER_FILE} characters in all" in read.problems[0]


def test_a_macro_naming_itself_is_expanded_once_not_looped(tmp_path: Path) -> None:
    text = "@string{loop = loop # loop}\n@string{loop = loop # {!}}\n@misc{a, title = loop}\n"
    read = read_bibtex(tmp_path / "refs.bib", text.encode())
    assert read.entries[0].title == "looploop!"
    assert read.problems == []


def test_crossref_cycles_and_chains_are_reported_and_every_entry_kept(tmp_path: Path) -> None:
    chain = "".join(
        f"@inproceedings{{c{i}, crossref = {{c{i + 1}}}, title = {{T{i}}}}}\n" for i in range(3000)
    )
    text = (
        "@inbook{a, title = {A}, crossref = {b}}\n"
        "@book{b, title = {B}, crossref = {a}, publisher = {P}}\n"
        "@book{self, title = {S}, crossref = {self}}\n" + chain
    )
    read = read_bibtex(tmp_path / "refs.bib", text.encode())

    assert len(read.entries) == 3 + 3000
    entries = {entry.citekey: entry for entry in read.entries}
    assert entries["a"].fields["publisher"] == "P"
    assert read.problems[:2] == [
        "refs.bib line 2: in entry “b”, the crossref to “a” goes round in a circle; that link "
        "was not followed.",
        "refs.bib line 3: in entry “self”, the crossref to “self” goes round in a circle; that "
        "link was not followed.",
    ]
    cut = MAX_CROSSREF_DEPTH  # c0 … c16 are followed from c0; c16's parent is not
    assert read.problems[2] == (
        f"refs.bib line {4 + cut}: in entry “c{cut}”, the crossref to “c{cut + 1}” comes after "
        f"{MAX_CROSSREF_DEPTH} others in a row; that link was not followed."
    )
    assert entries["c0"].fields["title"] == "T0"


# --- RIS ----------------------------------------------------------------------------------

READ_RIS = """
    import json, sys
    from pathlib import Path
    from kutip.ingest.bib.ris import read_ris
    path = Path(sys.argv[1])
    read = read_ris(path, path.read_bytes())
    print(json.dumps({
        "keys": [e.citekey for e in read.entries],
        "abstract": len(read.entries[0].fields.get("abstract", "")),
        "problems": read.problems,
    }))
"""


def test_a_ris_abstract_of_300_000_lines_is_joined_once(tmp_path: Path) -> None:
    # rispy joined each continuation line to the growing value: 9 MB took eight minutes.
    lines = 300_000
    path = tmp_path / "long.ris"
    path.write_text(
        "TY  - JOUR\nAU  - Silitonga, M.\nPY  - 2024\nTI  - Hoaks\nAB  - awal\n"
        + "baris lanjutan abstrak\n" * lines
        + "ER  - \n",
        encoding="utf-8",
    )
    read = run_limited(READ_RIS, path)
    assert read["keys"] == ["silitonga2024"]
    assert read["abstract"] == len("awal") + lines * len(" baris lanjutan abstrak")
    assert read["problems"] == []


def test_twenty_thousand_ris_records_of_one_author_and_year_get_keys(tmp_path: Path) -> None:
    # Each new key tried every suffix before it: 20,000 records meant 200 million tries.
    path = tmp_path / "many.ris"
    record = "TY  - JOUR\nAU  - Silitonga, M.\nPY  - 2024\nTI  - Hoaks\nER  - \n"
    path.write_text(record * 20_000, encoding="utf-8")
    keys = run_limited(READ_RIS, path)["keys"]
    assert isinstance(keys, list) and len(keys) == len(set(keys)) == 20_000
    assert keys[:3] == ["silitonga2024", "silitonga2024a", "silitonga2024b"]
    assert keys[-1] == "silitonga2024acoe"  # the 19,999th suffix of a … z, aa … az, ba …


def test_a_ris_line_before_any_tag_does_not_break_the_record(tmp_path: Path) -> None:
    from kutip.ingest.bib.ris import read_ris

    text = "TY  - JOUR\nwrapped type line\nTI  - Hoaks\nER  - \n"
    read = read_ris(tmp_path / "odd.ris", text.encode())
    assert [entry.title for entry in read.entries] == ["Hoaks"]


# --- RTF and ODT --------------------------------------------------------------------------


def test_rtf_with_100_000_nested_groups_is_refused_by_name() -> None:
    data = b"{\\rtf1 halo " + b"{" * 100_000 + b"dalam" + b"}" * 100_000 + b"}"
    with pytest.raises(ImportFailedError) as caught:
        read_rtf_file(Path("dalam.rtf"), data, OPTIONS)
    assert str(caught.value).startswith("dalam.rtf: refused")
    assert f"more than {MAX_RTF_DEPTH} groups" in str(caught.value)


def test_rtf_nesting_to_the_limit_is_read() -> None:
    depth = MAX_RTF_DEPTH - 1  # the document's own group is one
    data = b"{\\rtf1 halo " + b"{" * depth + b"dalam" + b"}" * depth + b"}"
    assert read_rtf_file(Path("a.rtf"), data, OPTIONS).text == "halo dalam"


READ_RTF = """
    import json, sys
    from pathlib import Path
    from kutip.ingest.documents import rtf_to_text
    print(json.dumps({"text": rtf_to_text(Path(sys.argv[1]).read_bytes())[0]}))
"""


@pytest.mark.parametrize(
    "data,text",
    [
        (b"{\\rtf1 awal\\bin9999999999 biner}", "awal"),  # skips past the end: nothing more
        (b"{\\rtf1 awal\\bin-7 akhir}", "awalakhir"),  # once jumped back onto itself forever
        (b"{\\rtf1 awal\\bin0 akhir}", "awalakhir"),
    ],
)
def test_rtf_bin_lengths_out_of_range_end(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "bin.rtf"
    path.write_bytes(data)
    assert run_limited(READ_RTF, path)["text"] == text


def test_odt_nested_past_the_depth_limit_is_refused_by_name() -> None:
    depth = 100_000  # ~2.4 MB of XML, stored uncompressed so no zip cap applies
    body = "<text:p>" + "<text:span>" * depth + "dalam" + "</text:span>" * depth + "</text:p>"
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    with pytest.raises(ImportFailedError) as caught:
        read_odt_file(Path("dalam.odt"), buffer.getvalue(), OPTIONS)
    assert str(caught.value) == (
        "dalam.odt: refused, the file is not a normal .odt document (parts nested more than "
        f"{MAX_XML_DEPTH} deep)."
    )


# --- subtitles ----------------------------------------------------------------------------

SRT_WITH_ABSURD_TIMES = (
    "1\n00:00:01,000 --> 00:00:03,000\nPewawancara: Selamat pagi.\n\n"
    "2\n" + "9" * 5000 + ":00:04,000 --> 00:00:06,000\nInforman: Pagi juga.\n\n"
    "3\n00:99:99,000 --> 00:00:09,000\nPewawancara: Mulai?\n\n"
    "4\n00:00:10,000 --> 00:00:12,000\nInforman: Silakan.\n"
)


def test_subtitle_time_codes_out_of_range_keep_the_words_and_are_reported() -> None:
    draft = read_subtitle_file(Path("wawancara.srt"), SRT_WITH_ABSURD_TIMES.encode(), OPTIONS)

    assert draft.text == (
        "Pewawancara: Selamat pagi.\n\nInforman: Pagi juga.\n\n"
        "Pewawancara: Mulai?\n\nInforman: Silakan."
    )
    times = [(turn.speaker, turn.time_start, turn.time_end) for turn in draft.turns]
    assert times == [
        ("Pewawancara", 1.0, 3.0),
        ("Informan", None, None),
        ("Pewawancara", None, None),
        ("Informan", 10.0, 12.0),
    ]
    assert draft.problems == (
        "wawancara.srt line 6: 2 time codes are out of range (too many hours, or minutes or "
        "seconds past 59), the first on this line; the cues' words were kept without times.",
    )


def test_the_import_reports_a_subtitle_problem_and_keeps_the_source(tmp_path: Path) -> None:
    vtt = tmp_path / "rapat.vtt"
    vtt.write_text(
        "WEBVTT\n\n" + "9" * 5000 + ":00:01.000 --> 00:00:02.000\n<v Ani>Halo semua.\n",
        encoding="utf-8",
    )
    with Project.create(tmp_path / "p.kutip", codebook="empty") as project:
        report = import_paths(project, [vtt])
        assert [path.name for path, _edit in report.imported] == ["rapat.vtt"]
        assert report.problems == [
            "rapat.vtt line 3: 1 time code is out of range (too many hours, or minutes or "
            "seconds past 59); its cue's words were kept without times."
        ]
        (source,) = project.sources.all()
        assert [(t.speaker, t.time_start) for t in project.sources.turns(source.id)] == [
            ("Ani", None)
        ]
