"""Names that keep their capital when a title is put in sentence case, braced or not.

A reference manager's title-case title ("Social Media in Indonesia's 2024 Election") says
nothing of which capitals are names; BibTeX users brace them (``{Indonesia}``), metadata from
publishers and PDFs never does, and sentence case would print "in indonesia's 2024 election".
These are the names Kutip's users' titles name most: countries and their peoples and languages,
regions, Indonesia's islands, provinces and large cities, religions, months and days, and the
platforms social-media research is about. Only the capitalised word is kept ("Java", not a
lower-case "java"). "May" is left out: in titles it is more often the verb. Names with other
capitals (TikTok, YouTube, ASEAN) need no list: sentence case never changes them.

The ``.bib`` beside a Markdown report braces them, so that Pandoc keeps them too.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NAMES = """
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
Botswana Brazil Brunei Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China
Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt
Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana Greece
Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran Iraq
Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Korea Kosovo Kuwait
Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova
Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal Netherlands
Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines
Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia
Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania
Thailand Timor Togo Tonga Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay
Uzbekistan Vanuatu Vatican Venezuela Vietnam Yemen Zambia Zimbabwe
Afghan Albanian Algerian American Argentine Argentinian Armenian Australian Austrian
Bangladeshi Belgian Bolivian Brazilian British Bruneian Bulgarian Burmese Cambodian Cameroonian
Canadian Chilean Chinese Colombian Croatian Cuban Czech Danish Dutch Ecuadorian Egyptian English
Eritrean Estonian Ethiopian European Filipino Finnish French German Ghanaian Greek Guatemalan
Haitian Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Jamaican
Japanese Jordanian Kenyan Korean Kuwaiti Lao Laotian Latvian Lebanese Libyan Lithuanian
Malagasy Malay Malaysian Maltese Mexican Mongolian Moroccan Nepalese Nepali Nigerian Norwegian
Pakistani Palestinian Peruvian Polish Portuguese Romanian Russian Rwandan Saudi Scottish
Senegalese Serbian Singaporean Slovak Slovenian Somali Spanish Sudanese Swedish Swiss Syrian
Taiwanese Thai Timorese Tunisian Turkish Ugandan Ukrainian Uruguayan Venezuelan Vietnamese
Welsh Yemeni Zambian Zimbabwean
Arabic Bahasa Bengali Hindi Javanese Mandarin Cantonese Sundanese Tagalog Tamil Urdu Persian
Hebrew Swahili Latin
Africa African Asia Asian Europe America Americas Oceania Antarctica Arctic Atlantic Pacific
Mediterranean Caribbean Balkan Balkans Scandinavia Scandinavian Eurasia Southeast Northeast
Aceh Bali Balinese Bandung Banten Batak Bekasi Bengkulu Bogor Borneo Buginese Depok Flores
Gorontalo Jabodetabek Jakarta Jambi Jawa Java Kalimantan Lampung Lombok Madura Madurese Makassar
Maluku Medan Minahasa Minangkabau Nusantara Padang Palembang Papua Pekanbaru Riau Semarang
Sulawesi Sumatera Sumatra Sunda Surabaya Surakarta Tangerang Yogyakarta Jogja Bugis Dayak
Islam Islamic Muslim Muslims Christian Christians Christianity Catholic Catholics Protestant
Hindu Hinduism Buddhist Buddhism Confucian Jewish Judaism Quran Pancasila
January February March April June July August September October November December
Januari Februari Maret Juni Juli Agustus Oktober Desember
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Facebook Twitter Instagram Telegram Google Reddit Weibo Wikipedia Snapchat Netflix Spotify
Threads Bluesky Mastodon Zoom Kompas Detik Tempo
"""

#: Names of more than one word, kept as a whole.
_PHRASES = (
    "United States", "United Kingdom", "United Nations", "European Union", "New Zealand",
    "South Africa", "South Korea", "North Korea", "Sri Lanka", "Saudi Arabia", "Costa Rica",
    "El Salvador", "Papua New Guinea", "Timor-Leste", "East Timor", "Hong Kong", "Middle East",
    "Global South", "Global North", "Southeast Asia", "South Asia", "East Asia", "Latin America",
    "North America", "South America", "West Java", "East Java", "Central Java", "Jawa Barat",
    "Jawa Tengah", "Jawa Timur", "Nusa Tenggara", "Special Region", "Orde Baru", "New Order",
    "Cold War", "World War", "Arab Spring", "Twitter/X",
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(_NAMES.split()) - {"May"}


def proper_nouns_in(title: str) -> tuple[str, ...]:
    """The names (from the lists above) that ``title`` writes with their capital."""
    found: list[str] = [phrase for phrase in _PHRASES if phrase in title]
    names = _names()
    for word in _WORD.findall(title):  # "Indonesia's", "Asia-Pacific": their words
        if word in names and word not in found:
            found.append(word)
    return tuple(found)
