"""Reference lists and in-text citations as the style manuals print them.

Twelve kinds of reference — journal article, book, edited book, chapter in an edited book,
doctoral thesis, report, web page, conference paper, Indonesian-language article, book and
master's thesis, newspaper article — in APA 7, Chicago author-date (18th edition), Harvard (Cite
Them Right) and IEEE, in both report languages. ``*…*`` marks italics.

The expected strings are written from the manuals' rules, not from Kutip's output:

* APA 7: sentence case for titles of English-language works, "Title: Subtitle" with the
  subtitle capitalised, braced and mixed-case words kept (TikTok, COVID-19, Southeast Asia,
  IndoBERT); a title in sentence case keeps its names (Indonesia); titles in Indonesian as
  given; "(Ed.)"/"(Eds.)"; journal names in title case, italic with the volume; DOIs as
  https://doi.org/… with their case; en dashes in page ranges; "[Doctoral dissertation,
  University]" for a thesis online, "[Unpublished master's thesis]. University." for one that
  is not (APA 7 §10.6); a newspaper dated to the day (§10.1 ex. 16); a web page whose author is
  its site without the site's name (§10.16).
* Chicago 18: names as given (not initials), title case, articles in quotation marks, no place
  of publication (CMOS 18), "PhD diss.", inclusive page numbers abbreviated (112–30, 201–19),
  "eds." after editors standing for authors, "et al." from three authors in the text.
* Cite Them Right 12 (Harvard): British English — single quotation marks with the punctuation
  outside, "2nd edn.", "(eds)", "1 March 2024"; sentence case; "Available at:"; *et al.* in
  italics from four authors.
* IEEE Reference Guide (2023): initials first, article titles in quotation marks in sentence
  case, book and proceedings titles in title case, "Eds.", "Ph.D. dissertation", "M.S. thesis".
* In Indonesian reports the CSL id-ID locale's terms: "dan", "dkk.", "hlm.", "Dalam",
  "disunting oleh", "(Ed.)" for one or more editors, "Tersedia pada", "Diakses", Indonesian
  month names, and the theses described in Indonesian.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kutip.ingest.bib.bibtex import read_bibtex
from kutip.model import BibEntry
from kutip.reports.citations import CitationFormatter, csl_locale, style_xml
from kutip.reports.labels import Labels
from kutip.reports.render.markdown import bibtex_entry
from kutip.reports.richtext import RichText, plain

BIB = r"""
@article{nugroho2022,
  author = {Nugroho, Budi and Lim, Sarah J.},
  title = {Hoaxes on {TikTok}},
  subtitle = {How First-Time Voters Judge Political Videos},
  journal = {Journal of Computer-Mediated Communication},
  year = {2022},
  volume = {27},
  number = {4},
  pages = {112--130},
  doi = {10.1093/JCMC/ZMAC012},
  langid = {english},
}

@book{hartono2019,
  author = {Hartono, Sari Dewi},
  title = {Networked Publics and Digital Democracy},
  subtitle = {Lessons from {Southeast Asia}},
  edition = {2},
  publisher = {Routledge},
  address = {London},
  year = {2019},
  doi = {10.4324/9780429123456},
}

@book{sinaga2021,
  editor = {Sinaga, Rudi and Tapsell, Ross},
  title = {Elections in the Digital Age},
  publisher = {ISEAS Publishing},
  address = {Singapore},
  year = {2021},
}

@incollection{putri2020,
  author = {Putri, Ayu Kartika},
  title = {Memes, Satire and the Politics of Laughter},
  booktitle = {Digital Media and Political Culture},
  editor = {Weiss, Meredith L.},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {2020},
  pages = {45--67},
}

@phdthesis{wibowo2018,
  author = {Wibowo, Arif},
  title = {Online deliberation and youth participation in Indonesia},
  school = {University of Melbourne},
  address = {Melbourne},
  year = {2018},
  url = {https://minerva-access.unimelb.edu.au/handle/11343/212345},
}

@techreport{prasetyo2022,
  author = {Prasetyo, Wahyu and Hidayat, Rina},
  title = {Disinformation and Voter Trust ahead of the 2024 Election},
  institution = {Centre for Strategic and International Studies},
  address = {Jakarta},
  type = {Working paper},
  number = {WP-07},
  year = {2022},
  url = {https://www.csis.or.id/publications/wp-07},
}

@online{who2020,
  author = {{World Health Organization}},
  title = {Managing the {COVID-19} Infodemic},
  subtitle = {Promoting Healthy Behaviours and Mitigating the Harm from Misinformation
              and Disinformation},
  year = {2020},
  month = {9},
  day = {23},
  url = {https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic},
  urldate = {2024-03-01},
}

@inproceedings{santoso2023,
  author = {Santoso, Dimas and Rahmawati, Nur and Kurniawan, Eko and Siregar, Maria},
  title = {Detecting Political Hoaxes in {Indonesian} Tweets with {IndoBERT}},
  booktitle = {Proceedings of the 2023 {International Conference on Computational Linguistics}},
  pages = {201--210},
  publisher = {Association for Computational Linguistics},
  address = {Singapore},
  year = {2023},
  doi = {10.18653/v1/2023.iccl-1.25},
}

@article{lestari2021,
  author = {Lestari, Dewi and Mu'ti, Abdul},
  title = {Kampanye Digital dan Pemilih Muda di Jawa Barat},
  journal = {Jurnal Ilmu Sosial dan Ilmu Politik},
  volume = {24},
  number = {3},
  pages = {201--219},
  year = {2021},
  doi = {10.22146/jsp.56789},
  langid = {indonesian},
}

@book{siregar2020,
  author = {Siregar, Hotman and Nasution, Lina and Harahap, Yusuf},
  title = {Komunikasi Politik di Era Media Sosial},
  publisher = {Gadjah Mada University Press},
  address = {Yogyakarta},
  year = {2020},
  langid = {indonesian},
}

@mastersthesis{rahman2019,
  author = {Rahman, Fauzi},
  title = {Literasi Politik Pemilih Pemula pada Pemilu 2019},
  school = {Universitas Indonesia},
  address = {Depok},
  year = {2019},
  langid = {indonesian},
}

@article{hidayat2024,
  author = {Hidayat, Rina},
  title = {Young Voters Turn to {TikTok} for Election News},
  journal = {The Jakarta Post},
  entrysubtype = {newspaper},
  date = {2024-02-10},
  url = {https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html},
}
"""

ORDER = [
    "nugroho2022",
    "hartono2019",
    "sinaga2021",
    "putri2020",
    "wibowo2018",
    "prasetyo2022",
    "who2020",
    "santoso2023",
    "lestari2021",
    "siregar2020",
    "rahman2019",
    "hidayat2024",
]
#: Each reference is cited at page 12, except the web page, which has no pages.
LOCATORS = {key: "" if key == "who2020" else "12" for key in ORDER}

EXPECTED: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    ("apa", "en"): (
        [
            "(Nugroho & Lim, 2022, p. 12)",
            "(Hartono, 2019, p. 12)",
            "(Sinaga & Tapsell, 2021, p. 12)",
            "(Putri, 2020, p. 12)",
            "(Wibowo, 2018, p. 12)",
            "(Prasetyo & Hidayat, 2022, p. 12)",
            "(World Health Organization, 2020)",
            "(Santoso et al., 2023, p. 12)",
            "(Lestari & Mu’ti, 2021, p. 12)",
            "(Siregar et al., 2020, p. 12)",
            "(Rahman, 2019, p. 12)",
            "(Hidayat, 2024, p. 12)",
        ],
        [
            (
                "Hartono, S. D. (2019). *Networked publics and digital democracy: Lessons from "
                "Southeast Asia* (2nd ed.). Routledge. https://doi.org/10.4324/9780429123456"
            ),
            (
                "Hidayat, R. (2024, February 10). Young voters turn to TikTok for election news. "
                "*The Jakarta Post*. "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html"
            ),
            (
                "Lestari, D., & Mu’ti, A. (2021). Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat. *Jurnal Ilmu Sosial dan Ilmu Politik*, *24*(3), 201–219. "
                "https://doi.org/10.22146/jsp.56789"
            ),
            (
                "Nugroho, B., & Lim, S. J. (2022). Hoaxes on TikTok: How first-time voters judge "
                "political videos. *Journal of Computer-Mediated Communication*, *27*(4), "
                "112–130. https://doi.org/10.1093/JCMC/ZMAC012"
            ),
            (
                "Prasetyo, W., & Hidayat, R. (2022). *Disinformation and voter trust ahead of the "
                "2024 election* (Working Paper WP-07). Centre for Strategic and International "
                "Studies. https://www.csis.or.id/publications/wp-07"
            ),
            (
                "Putri, A. K. (2020). Memes, satire and the politics of laughter. In M. L. Weiss "
                "(Ed.), *Digital media and political culture* (pp. 45–67). Cambridge University "
                "Press."
            ),
            (
                "Rahman, F. (2019). *Literasi Politik Pemilih Pemula pada Pemilu 2019* "
                "[Unpublished master’s thesis]. Universitas Indonesia."
            ),
            (
                "Santoso, D., Rahmawati, N., Kurniawan, E., & Siregar, M. (2023). Detecting "
                "political hoaxes in Indonesian tweets with IndoBERT. *Proceedings of the 2023 "
                "International Conference on Computational Linguistics*, 201–210. "
                "https://doi.org/10.18653/v1/2023.iccl-1.25"
            ),
            (
                "Sinaga, R., & Tapsell, R. (Eds.). (2021). *Elections in the digital age*. ISEAS "
                "Publishing."
            ),
            (
                "Siregar, H., Nasution, L., & Harahap, Y. (2020). *Komunikasi Politik di Era "
                "Media Sosial*. Gadjah Mada University Press."
            ),
            (
                "Wibowo, A. (2018). *Online deliberation and youth participation in Indonesia* "
                "[Doctoral dissertation, University of Melbourne]. "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345"
            ),
            (
                "World Health Organization. (2020, September 23). *Managing the COVID-19 "
                "infodemic: Promoting healthy behaviours and mitigating the harm from "
                "misinformation and disinformation*. "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic"
            ),
        ],
    ),
    ("chicago", "en"): (
        [
            "(Nugroho and Lim 2022, 12)",
            "(Hartono 2019, 12)",
            "(Sinaga and Tapsell 2021, 12)",
            "(Putri 2020, 12)",
            "(Wibowo 2018, 12)",
            "(Prasetyo and Hidayat 2022, 12)",
            "(World Health Organization 2020)",
            "(Santoso et al. 2023, 12)",
            "(Lestari and Mu’ti 2021, 12)",
            "(Siregar et al. 2020, 12)",
            "(Rahman 2019, 12)",
            "(Hidayat 2024, 12)",
        ],
        [
            (
                "Hartono, Sari Dewi. 2019. *Networked Publics and Digital Democracy: Lessons from "
                "Southeast Asia*. 2nd ed. Routledge. https://doi.org/10.4324/9780429123456."
            ),
            (
                "Hidayat, Rina. 2024. “Young Voters Turn to TikTok for Election News.” *The "
                "Jakarta Post*, February 10. "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html."
            ),
            (
                "Lestari, Dewi, and Abdul Mu’ti. 2021. “Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat.” *Jurnal Ilmu Sosial dan Ilmu Politik* 24 (3): 201–19. "
                "https://doi.org/10.22146/jsp.56789."
            ),
            (
                "Nugroho, Budi, and Sarah J. Lim. 2022. “Hoaxes on TikTok: How First-Time Voters "
                "Judge Political Videos.” *Journal of Computer-Mediated Communication* 27 (4): "
                "112–30. https://doi.org/10.1093/JCMC/ZMAC012."
            ),
            (
                "Prasetyo, Wahyu, and Rina Hidayat. 2022. *Disinformation and Voter Trust Ahead "
                "of the 2024 Election*. Working Paper WP-07. Centre for Strategic and "
                "International Studies. https://www.csis.or.id/publications/wp-07."
            ),
            (
                "Putri, Ayu Kartika. 2020. “Memes, Satire and the Politics of Laughter.” In "
                "*Digital Media and Political Culture*, edited by Meredith L. Weiss. Cambridge "
                "University Press."
            ),
            (
                "Rahman, Fauzi. 2019. “Literasi Politik Pemilih Pemula pada Pemilu 2019.” "
                "Master’s thesis, Universitas Indonesia."
            ),
            (
                "Santoso, Dimas, Nur Rahmawati, Eko Kurniawan, and Maria Siregar. 2023. "
                "“Detecting Political Hoaxes in Indonesian Tweets with IndoBERT.” *Proceedings of "
                "the 2023 International Conference on Computational Linguistics* (Singapore), "
                "201–10. https://doi.org/10.18653/v1/2023.iccl-1.25."
            ),
            (
                "Sinaga, Rudi, and Ross Tapsell, eds. 2021. *Elections in the Digital Age*. ISEAS "
                "Publishing."
            ),
            (
                "Siregar, Hotman, Lina Nasution, and Yusuf Harahap. 2020. *Komunikasi Politik di "
                "Era Media Sosial*. Gadjah Mada University Press."
            ),
            (
                "Wibowo, Arif. 2018. “Online Deliberation and Youth Participation in Indonesia.” "
                "PhD diss., University of Melbourne. "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345."
            ),
            (
                "World Health Organization. 2020. “Managing the COVID-19 Infodemic: Promoting "
                "Healthy Behaviours and Mitigating the Harm from Misinformation and "
                "Disinformation.” September 23. "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic."
            ),
        ],
    ),
    ("harvard", "en"): (
        [
            "(Nugroho and Lim, 2022, p. 12)",
            "(Hartono, 2019, p. 12)",
            "(Sinaga and Tapsell, 2021, p. 12)",
            "(Putri, 2020, p. 12)",
            "(Wibowo, 2018, p. 12)",
            "(Prasetyo and Hidayat, 2022, p. 12)",
            "(World Health Organization, 2020)",
            "(Santoso *et al.*, 2023, p. 12)",
            "(Lestari and Mu’ti, 2021, p. 12)",
            "(Siregar, Nasution and Harahap, 2020, p. 12)",
            "(Rahman, 2019, p. 12)",
            "(Hidayat, 2024, p. 12)",
        ],
        [
            (
                "Hartono, S.D. (2019) *Networked publics and digital democracy: Lessons from "
                "Southeast Asia*. 2nd edn. London: Routledge. Available at: "
                "https://doi.org/10.4324/9780429123456."
            ),
            (
                "Hidayat, R. (2024) ‘Young voters turn to TikTok for election news’, *The Jakarta "
                "Post*, 10 February. Available at: "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html."
            ),
            (
                "Lestari, D. and Mu’ti, A. (2021) ‘Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat’, *Jurnal Ilmu Sosial dan Ilmu Politik*, 24(3), pp. 201–219. Available at: "
                "https://doi.org/10.22146/jsp.56789."
            ),
            (
                "Nugroho, B. and Lim, S.J. (2022) ‘Hoaxes on TikTok: How first-time voters judge "
                "political videos’, *Journal of Computer-Mediated Communication*, 27(4), pp. "
                "112–130. Available at: https://doi.org/10.1093/JCMC/ZMAC012."
            ),
            (
                "Prasetyo, W. and Hidayat, R. (2022) *Disinformation and voter trust ahead of the "
                "2024 election*. Working paper WP-07. Jakarta: Centre for Strategic and "
                "International Studies. Available at: https://www.csis.or.id/publications/wp-07."
            ),
            (
                "Putri, A.K. (2020) ‘Memes, satire and the politics of laughter’, in M.L. Weiss "
                "(ed.) *Digital media and political culture*. Cambridge: Cambridge University "
                "Press, pp. 45–67."
            ),
            (
                "Rahman, F. (2019) *Literasi Politik Pemilih Pemula pada Pemilu 2019*. Master’s "
                "thesis. Universitas Indonesia."
            ),
            (
                "Santoso, D. *et al.* (2023) ‘Detecting political hoaxes in Indonesian tweets "
                "with IndoBERT’, *Proceedings of the 2023 International Conference on "
                "Computational Linguistics*. Singapore: Association for Computational "
                "Linguistics, pp. 201–210. Available at: "
                "https://doi.org/10.18653/v1/2023.iccl-1.25."
            ),
            (
                "Sinaga, R. and Tapsell, R. (eds) (2021) *Elections in the digital age*. "
                "Singapore: ISEAS Publishing."
            ),
            (
                "Siregar, H., Nasution, L. and Harahap, Y. (2020) *Komunikasi Politik di Era "
                "Media Sosial*. Yogyakarta: Gadjah Mada University Press."
            ),
            (
                "Wibowo, A. (2018) *Online deliberation and youth participation in Indonesia*. "
                "PhD thesis. University of Melbourne. Available at: "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345."
            ),
            (
                "World Health Organization (2020) *Managing the COVID-19 infodemic: Promoting "
                "healthy behaviours and mitigating the harm from misinformation and "
                "disinformation*. Available at: "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic "
                "(Accessed: 1 March 2024)."
            ),
        ],
    ),
    ("ieee", "en"): (
        [
            "[1, p. 12]",
            "[2, p. 12]",
            "[3, p. 12]",
            "[4, p. 12]",
            "[5, p. 12]",
            "[6, p. 12]",
            "[7]",
            "[8, p. 12]",
            "[9, p. 12]",
            "[10, p. 12]",
            "[11, p. 12]",
            "[12, p. 12]",
        ],
        [
            (
                "[1] B. Nugroho and S. J. Lim, “Hoaxes on TikTok: How first-time voters judge "
                "political videos,” *Journal of Computer-Mediated Communication*, vol. 27, no. 4, "
                "pp. 112–130, 2022, doi: 10.1093/JCMC/ZMAC012."
            ),
            (
                "[2] S. D. Hartono, *Networked Publics and Digital Democracy: Lessons from "
                "Southeast Asia*, 2nd ed. London: Routledge, 2019. doi: 10.4324/9780429123456."
            ),
            (
                "[3] R. Sinaga and R. Tapsell, Eds., *Elections in the Digital Age*. Singapore: "
                "ISEAS Publishing, 2021."
            ),
            (
                "[4] A. K. Putri, “Memes, satire and the politics of laughter,” in *Digital Media "
                "and Political Culture*, M. L. Weiss, Ed., Cambridge: Cambridge University Press, "
                "2020, pp. 45–67."
            ),
            (
                "[5] A. Wibowo, “Online deliberation and youth participation in Indonesia,” Ph.D. "
                "dissertation, University of Melbourne, Melbourne, 2018. Available: "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345"
            ),
            (
                "[6] W. Prasetyo and R. Hidayat, “Disinformation and voter trust ahead of the "
                "2024 election,” Centre for Strategic and International Studies, Jakarta, Working "
                "paper WP-07, 2022. Available: https://www.csis.or.id/publications/wp-07"
            ),
            (
                "[7] World Health Organization, “Managing the COVID-19 infodemic: Promoting "
                "healthy behaviours and mitigating the harm from misinformation and "
                "disinformation.” Accessed: Mar. 01, 2024. [Online]. Available: "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic"
            ),
            (
                "[8] D. Santoso, N. Rahmawati, E. Kurniawan, and M. Siregar, “Detecting political "
                "hoaxes in Indonesian tweets with IndoBERT,” in *Proceedings of the 2023 "
                "International Conference on Computational Linguistics*, Singapore: Association "
                "for Computational Linguistics, 2023, pp. 201–210. doi: "
                "10.18653/v1/2023.iccl-1.25."
            ),
            (
                "[9] D. Lestari and A. Mu’ti, “Kampanye Digital dan Pemilih Muda di Jawa Barat,” "
                "*Jurnal Ilmu Sosial dan Ilmu Politik*, vol. 24, no. 3, pp. 201–219, 2021, doi: "
                "10.22146/jsp.56789."
            ),
            (
                "[10] H. Siregar, L. Nasution, and Y. Harahap, *Komunikasi Politik di Era Media "
                "Sosial*. Yogyakarta: Gadjah Mada University Press, 2020."
            ),
            (
                "[11] F. Rahman, “Literasi Politik Pemilih Pemula pada Pemilu 2019,” M.S. thesis, "
                "Universitas Indonesia, Depok, 2019."
            ),
            (
                "[12] R. Hidayat, “Young voters turn to TikTok for election news,” *The Jakarta "
                "Post*, Feb. 10, 2024. Available: "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html"
            ),
        ],
    ),
    ("apa", "id"): (
        [
            "(Nugroho & Lim, 2022, hlm. 12)",
            "(Hartono, 2019, hlm. 12)",
            "(Sinaga & Tapsell, 2021, hlm. 12)",
            "(Putri, 2020, hlm. 12)",
            "(Wibowo, 2018, hlm. 12)",
            "(Prasetyo & Hidayat, 2022, hlm. 12)",
            "(World Health Organization, 2020)",
            "(Santoso dkk., 2023, hlm. 12)",
            "(Lestari & Mu’ti, 2021, hlm. 12)",
            "(Siregar dkk., 2020, hlm. 12)",
            "(Rahman, 2019, hlm. 12)",
            "(Hidayat, 2024, hlm. 12)",
        ],
        [
            (
                "Hartono, S. D. (2019). *Networked publics and digital democracy: Lessons from "
                "Southeast Asia* (2 ed.). Routledge. https://doi.org/10.4324/9780429123456"
            ),
            (
                "Hidayat, R. (2024, Februari 10). Young voters turn to TikTok for election news. "
                "*The Jakarta Post*. "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html"
            ),
            (
                "Lestari, D., & Mu’ti, A. (2021). Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat. *Jurnal Ilmu Sosial dan Ilmu Politik*, *24*(3), 201–219. "
                "https://doi.org/10.22146/jsp.56789"
            ),
            (
                "Nugroho, B., & Lim, S. J. (2022). Hoaxes on TikTok: How first-time voters judge "
                "political videos. *Journal of Computer-Mediated Communication*, *27*(4), "
                "112–130. https://doi.org/10.1093/JCMC/ZMAC012"
            ),
            (
                "Prasetyo, W., & Hidayat, R. (2022). *Disinformation and voter trust ahead of the "
                "2024 election* (Working Paper WP-07). Centre for Strategic and International "
                "Studies. https://www.csis.or.id/publications/wp-07"
            ),
            (
                "Putri, A. K. (2020). Memes, satire and the politics of laughter. Dalam M. L. "
                "Weiss (Ed.), *Digital media and political culture* (hlm. 45–67). Cambridge "
                "University Press."
            ),
            (
                "Rahman, F. (2019). *Literasi Politik Pemilih Pemula pada Pemilu 2019* [Tesis "
                "magister tidak diterbitkan]. Universitas Indonesia."
            ),
            (
                "Santoso, D., Rahmawati, N., Kurniawan, E., & Siregar, M. (2023). Detecting "
                "political hoaxes in Indonesian tweets with IndoBERT. *Proceedings of the 2023 "
                "International Conference on Computational Linguistics*, 201–210. "
                "https://doi.org/10.18653/v1/2023.iccl-1.25"
            ),
            (
                "Sinaga, R., & Tapsell, R. (Ed.). (2021). *Elections in the digital age*. ISEAS "
                "Publishing."
            ),
            (
                "Siregar, H., Nasution, L., & Harahap, Y. (2020). *Komunikasi Politik di Era "
                "Media Sosial*. Gadjah Mada University Press."
            ),
            (
                "Wibowo, A. (2018). *Online deliberation and youth participation in Indonesia* "
                "[Disertasi doktoral, University of Melbourne]. "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345"
            ),
            (
                "World Health Organization. (2020, September 23). *Managing the COVID-19 "
                "infodemic: Promoting healthy behaviours and mitigating the harm from "
                "misinformation and disinformation*. "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic"
            ),
        ],
    ),
    ("chicago", "id"): (
        [
            "(Nugroho dan Lim 2022, 12)",
            "(Hartono 2019, 12)",
            "(Sinaga dan Tapsell 2021, 12)",
            "(Putri 2020, 12)",
            "(Wibowo 2018, 12)",
            "(Prasetyo dan Hidayat 2022, 12)",
            "(World Health Organization 2020)",
            "(Santoso dkk. 2023, 12)",
            "(Lestari dan Mu’ti 2021, 12)",
            "(Siregar dkk. 2020, 12)",
            "(Rahman 2019, 12)",
            "(Hidayat 2024, 12)",
        ],
        [
            (
                "Hartono, Sari Dewi. 2019. *Networked Publics and Digital Democracy: Lessons from "
                "Southeast Asia*. 2 ed. Routledge. https://doi.org/10.4324/9780429123456."
            ),
            (
                "Hidayat, Rina. 2024. “Young Voters Turn to TikTok for Election News.” *The "
                "Jakarta Post*, Februari 10. "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html."
            ),
            (
                "Lestari, Dewi, dan Abdul Mu’ti. 2021. “Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat.” *Jurnal Ilmu Sosial dan Ilmu Politik* 24 (3): 201–19. "
                "https://doi.org/10.22146/jsp.56789."
            ),
            (
                "Nugroho, Budi, dan Sarah J. Lim. 2022. “Hoaxes on TikTok: How First-Time Voters "
                "Judge Political Videos.” *Journal of Computer-Mediated Communication* 27 (4): "
                "112–30. https://doi.org/10.1093/JCMC/ZMAC012."
            ),
            (
                "Prasetyo, Wahyu, dan Rina Hidayat. 2022. *Disinformation and Voter Trust Ahead "
                "of the 2024 Election*. Working Paper WP-07. Centre for Strategic and "
                "International Studies. https://www.csis.or.id/publications/wp-07."
            ),
            (
                "Putri, Ayu Kartika. 2020. “Memes, Satire and the Politics of Laughter.” Dalam "
                "*Digital Media and Political Culture*, disunting oleh Meredith L. Weiss. "
                "Cambridge University Press."
            ),
            (
                "Rahman, Fauzi. 2019. “Literasi Politik Pemilih Pemula pada Pemilu 2019.” Tesis "
                "magister, Universitas Indonesia."
            ),
            (
                "Santoso, Dimas, Nur Rahmawati, Eko Kurniawan, dan Maria Siregar. 2023. "
                "“Detecting Political Hoaxes in Indonesian Tweets with IndoBERT.” *Proceedings of "
                "the 2023 International Conference on Computational Linguistics* (Singapore), "
                "201–10. https://doi.org/10.18653/v1/2023.iccl-1.25."
            ),
            (
                "Sinaga, Rudi, dan Ross Tapsell, ed. 2021. *Elections in the Digital Age*. ISEAS "
                "Publishing."
            ),
            (
                "Siregar, Hotman, Lina Nasution, dan Yusuf Harahap. 2020. *Komunikasi Politik di "
                "Era Media Sosial*. Gadjah Mada University Press."
            ),
            (
                "Wibowo, Arif. 2018. “Online Deliberation and Youth Participation in Indonesia.” "
                "Disertasi doktoral, University of Melbourne. "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345."
            ),
            (
                "World Health Organization. 2020. “Managing the COVID-19 Infodemic: Promoting "
                "Healthy Behaviours and Mitigating the Harm from Misinformation and "
                "Disinformation.” September 23. "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic."
            ),
        ],
    ),
    ("harvard", "id"): (
        [
            "(Nugroho dan Lim, 2022, hlm. 12)",
            "(Hartono, 2019, hlm. 12)",
            "(Sinaga dan Tapsell, 2021, hlm. 12)",
            "(Putri, 2020, hlm. 12)",
            "(Wibowo, 2018, hlm. 12)",
            "(Prasetyo dan Hidayat, 2022, hlm. 12)",
            "(World Health Organization, 2020)",
            "(Santoso *dkk.*, 2023, hlm. 12)",
            "(Lestari dan Mu’ti, 2021, hlm. 12)",
            "(Siregar, Nasution dan Harahap, 2020, hlm. 12)",
            "(Rahman, 2019, hlm. 12)",
            "(Hidayat, 2024, hlm. 12)",
        ],
        [
            (
                "Hartono, S.D. (2019) *Networked publics and digital democracy: Lessons from "
                "Southeast Asia*. 2 ed. London: Routledge. Tersedia pada: "
                "https://doi.org/10.4324/9780429123456."
            ),
            (
                "Hidayat, R. (2024) “Young voters turn to TikTok for election news,” *The Jakarta "
                "Post*, 10 Februari. Tersedia pada: "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html."
            ),
            (
                "Lestari, D. dan Mu’ti, A. (2021) “Kampanye Digital dan Pemilih Muda di Jawa "
                "Barat,” *Jurnal Ilmu Sosial dan Ilmu Politik*, 24(3), hlm. 201–219. Tersedia "
                "pada: https://doi.org/10.22146/jsp.56789."
            ),
            (
                "Nugroho, B. dan Lim, S.J. (2022) “Hoaxes on TikTok: How first-time voters judge "
                "political videos,” *Journal of Computer-Mediated Communication*, 27(4), hlm. "
                "112–130. Tersedia pada: https://doi.org/10.1093/JCMC/ZMAC012."
            ),
            (
                "Prasetyo, W. dan Hidayat, R. (2022) *Disinformation and voter trust ahead of the "
                "2024 election*. Working paper WP-07. Jakarta: Centre for Strategic and "
                "International Studies. Tersedia pada: https://www.csis.or.id/publications/wp-07."
            ),
            (
                "Putri, A.K. (2020) “Memes, satire and the politics of laughter,” dalam M.L. "
                "Weiss (ed.) *Digital media and political culture*. Cambridge: Cambridge "
                "University Press, hlm. 45–67."
            ),
            (
                "Rahman, F. (2019) *Literasi Politik Pemilih Pemula pada Pemilu 2019*. Tesis "
                "magister. Universitas Indonesia."
            ),
            (
                "Santoso, D. *dkk.* (2023) “Detecting political hoaxes in Indonesian tweets with "
                "IndoBERT,” *Proceedings of the 2023 International Conference on Computational "
                "Linguistics*. Singapore: Association for Computational Linguistics, hlm. "
                "201–210. Tersedia pada: https://doi.org/10.18653/v1/2023.iccl-1.25."
            ),
            (
                "Sinaga, R. dan Tapsell, R. (ed.) (2021) *Elections in the digital age*. "
                "Singapore: ISEAS Publishing."
            ),
            (
                "Siregar, H., Nasution, L. dan Harahap, Y. (2020) *Komunikasi Politik di Era "
                "Media Sosial*. Yogyakarta: Gadjah Mada University Press."
            ),
            (
                "Wibowo, A. (2018) *Online deliberation and youth participation in Indonesia*. "
                "Disertasi doktoral. University of Melbourne. Tersedia pada: "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345."
            ),
            (
                "World Health Organization (2020) *Managing the COVID-19 infodemic: Promoting "
                "healthy behaviours and mitigating the harm from misinformation and "
                "disinformation*. Tersedia pada: "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic "
                "(Diakses: 1 Maret 2024)."
            ),
        ],
    ),
    ("ieee", "id"): (
        [
            "[1, hlm. 12]",
            "[2, hlm. 12]",
            "[3, hlm. 12]",
            "[4, hlm. 12]",
            "[5, hlm. 12]",
            "[6, hlm. 12]",
            "[7]",
            "[8, hlm. 12]",
            "[9, hlm. 12]",
            "[10, hlm. 12]",
            "[11, hlm. 12]",
            "[12, hlm. 12]",
        ],
        [
            (
                "[1] B. Nugroho dan S. J. Lim, “Hoaxes on TikTok: How first-time voters judge "
                "political videos,” *Journal of Computer-Mediated Communication*, vol. 27, no. 4, "
                "hlm. 112–130, 2022, doi: 10.1093/JCMC/ZMAC012."
            ),
            (
                "[2] S. D. Hartono, *Networked Publics and Digital Democracy: Lessons from "
                "Southeast Asia*, 2 ed. London: Routledge, 2019. doi: 10.4324/9780429123456."
            ),
            (
                "[3] R. Sinaga dan R. Tapsell, Ed., *Elections in the Digital Age*. Singapore: "
                "ISEAS Publishing, 2021."
            ),
            (
                "[4] A. K. Putri, “Memes, satire and the politics of laughter,” dalam *Digital "
                "Media and Political Culture*, M. L. Weiss, Ed., Cambridge: Cambridge University "
                "Press, 2020, hlm. 45–67."
            ),
            (
                "[5] A. Wibowo, “Online deliberation and youth participation in Indonesia,” "
                "Disertasi doktoral, University of Melbourne, Melbourne, 2018. Tersedia pada: "
                "https://minerva-access.unimelb.edu.au/handle/11343/212345"
            ),
            (
                "[6] W. Prasetyo dan R. Hidayat, “Disinformation and voter trust ahead of the "
                "2024 election,” Centre for Strategic and International Studies, Jakarta, Working "
                "paper WP-07, 2022. Tersedia pada: https://www.csis.or.id/publications/wp-07"
            ),
            (
                "[7] World Health Organization, “Managing the COVID-19 infodemic: Promoting "
                "healthy behaviours and mitigating the harm from misinformation and "
                "disinformation.” Diakses: 1 Maret 2024. [Daring]. Tersedia pada: "
                "https://www.who.int/news/item/23-09-2020-managing-the-covid-19-infodemic"
            ),
            (
                "[8] D. Santoso, N. Rahmawati, E. Kurniawan, dan M. Siregar, “Detecting political "
                "hoaxes in Indonesian tweets with IndoBERT,” dalam *Proceedings of the 2023 "
                "International Conference on Computational Linguistics*, Singapore: Association "
                "for Computational Linguistics, 2023, hlm. 201–210. doi: "
                "10.18653/v1/2023.iccl-1.25."
            ),
            (
                "[9] D. Lestari dan A. Mu’ti, “Kampanye Digital dan Pemilih Muda di Jawa Barat,” "
                "*Jurnal Ilmu Sosial dan Ilmu Politik*, vol. 24, no. 3, hlm. 201–219, 2021, doi: "
                "10.22146/jsp.56789."
            ),
            (
                "[10] H. Siregar, L. Nasution, dan Y. Harahap, *Komunikasi Politik di Era Media "
                "Sosial*. Yogyakarta: Gadjah Mada University Press, 2020."
            ),
            (
                "[11] F. Rahman, “Literasi Politik Pemilih Pemula pada Pemilu 2019,” Tesis "
                "magister, Universitas Indonesia, Depok, 2019."
            ),
            (
                "[12] R. Hidayat, “Young voters turn to TikTok for election news,” *The Jakarta "
                "Post*, 10 Februari 2024. Tersedia pada: "
                "https://www.thejakartapost.com/indonesia/2024/02/10/young-voters-turn-to-tiktok.html"
            ),
        ],
    ),
}


@pytest.fixture(scope="module")
def entries() -> dict[str, BibEntry]:
    read = read_bibtex(Path("refs.bib"), BIB.encode("utf-8"))
    assert not read.problems
    return {draft.citekey: draft.to_model() for draft in read.entries}


def marked(text: RichText) -> str:
    """The text with its italic runs between asterisks."""
    return "".join(f"*{span.text}*" if span.italic else span.text for span in text)


@pytest.mark.parametrize(("style", "language"), list(EXPECTED))
def test_reference_lists_and_citations_as_the_manuals_print_them(
    entries: dict[str, BibEntry], style: str, language: str
) -> None:
    formatter = CitationFormatter(entries, style, Labels(language))
    formatter.prepare(ORDER)
    citations = [marked(formatter.cite(key, LOCATORS[key])) for key in ORDER]
    references = [marked(text) for _key, text in formatter.references()]
    expected_citations, expected_references = EXPECTED[style, language]
    assert citations == expected_citations
    for got, expected in zip(references, expected_references, strict=True):
        assert got == expected
    assert not formatter.warnings


def _full_ranges(text: str) -> str:
    """Page ranges written in full ("112–30" → "112–130"): Pandoc 2.17 (Debian 12) predates
    CSL's ``chicago-16`` page-range format and prints them so."""

    def full(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        return f"{first}–{first[: len(first) - len(last)]}{last}"

    return re.sub(r"\b(\d+)–(\d+)\b", full, text)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize(("style", "language"), list(EXPECTED))
def test_pandoc_formats_the_exported_bib_as_kutip_does(
    entries: dict[str, BibEntry], style: str, language: str, tmp_path: Path
) -> None:
    """The .bib and .csl written beside a Markdown report give, in ``pandoc --citeproc``, the
    reference list and the citations Kutip prints in its own reports."""
    formatter = CitationFormatter(entries, style, Labels(language))
    formatter.prepare(ORDER)
    labels = Labels(language)
    (tmp_path / "r.bib").write_text(
        "\n\n".join(bibtex_entry(entries[key], None, style, language) for key in ORDER),
        encoding="utf-8",
    )
    (tmp_path / "r.csl").write_bytes(style_xml(style))
    lines = ["---", f"lang: {csl_locale(style, language)}", "nocite: '@*'", "---", ""]
    for key in ORDER:
        locator = f", {labels['page']} {LOCATORS[key]}" if LOCATORS[key] else ""
        lines += [f"{key}: [@{key}{locator}]", ""]
    lines += ["::: {#refs}", ":::", ""]
    (tmp_path / "r.md").write_text("\n".join(lines), encoding="utf-8")
    command = ["pandoc", "r.md", "--citeproc", "--bibliography", "r.bib", "--csl", "r.csl"]
    done = subprocess.run(
        [*command, "--to", "plain", "--wrap", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stdout.replace("\xa0", " ").splitlines() if line]
    normal = _full_ranges if style == "chicago" else str
    citations = [f"{key}: {plain(formatter.cite(key, LOCATORS[key]))}" for key in ORDER]
    assert [normal(line) for line in printed[: len(ORDER)]] == [normal(c) for c in citations]
    references = [plain(text) for _key, text in formatter.references()]
    assert [normal(line) for line in printed[len(ORDER) :]] == [normal(r) for r in references]
