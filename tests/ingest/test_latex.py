"""LaTeX in BibTeX values decoded to Unicode; URLs and paths with only their escapes undone."""

from __future__ import annotations

import pytest

from kutip.ingest.bib.latex import decode_verbatim, latex_to_unicode


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"M{\`u}", "Mù"),
        (r"{\c{c}}", "ç"),
        (r"\c c", "ç"),
        (r"\'e", "é"),
        (r"\'{e}", "é"),
        (r"{\'\i}", "í"),
        (r"\"{\i}", "ï"),
        (r"\^{o}", "ô"),
        (r"\~n", "ñ"),
        (r"\v{s}", "š"),
        (r"\H{o}", "ő"),
        (r"\k{a}", "ą"),
        (r"\r{a}", "å"),
        (r"\={a}", "ā"),
        (r"\.{z}", "ż"),
        (r"\u{g}", "ğ"),
        (r"{\ss}", "ß"),
        (r"\o{}", "ø"),
        (r"{\L}{\'o}d{\'z}", "Łódź"),
        (r"Tom \& Jerry", "Tom & Jerry"),
        (r"50\,\%", "50 %"),
        ("pp. 12--14", "pp. 12–14"),
        ("yes---no", "yes—no"),
        ("``quoted''", "“quoted”"),
        ("D.~E. Knuth", "D. E. Knuth"),
        (r"{COVID-19} in {Indonesia}", "COVID-19 in Indonesia"),
        (r"\emph{Pemilu} \textbf{2024}", "Pemilu 2024"),
        (r"\textit{\"{U}ber}", "Über"),
        (r"\{braces\}", "{braces}"),
        (r"$\alpha$-helix", "α-helix"),
        (r"\unknownmacro{kept}", "kept"),
        ("  many\n   spaces\t here ", "many spaces here"),
        ("", ""),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"https://x.org/a\_b{\_}c", "https://x.org/a_b_c"),
        (r"C$\backslash$:/Users/a.pdf", "C\\:/Users/a.pdf"),
        (r"https://x.org/\~{}user/a--b", "https://x.org/~user/a--b"),
        (r"10.1000/{ABC}\%20", "10.1000/ABC%20"),
    ],
)
def test_decode_verbatim_only_undoes_escapes(latex: str, text: str) -> None:
    assert decode_verbatim(latex) == text
