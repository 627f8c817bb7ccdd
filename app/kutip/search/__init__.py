"""Full-text search: a derived whoosh index over the project, exact hits, autocode.

The package reads and writes the project only through the ``Project`` facade; the engine
(whoosh) is confined to ``analysis``, ``fields``, ``query``, ``matching`` and ``index``.

Public API
==========

Searching::

    with SearchIndex(project) as index:          # cache_dir=..., watch=True
        index.open(progress)                      # optional: build/repair now, in a worker
        results = index.search('partisipasi AND (hoax OR "ujaran kebencian")', limit=50)
        for hit in results:                       # SearchResults: .hits, .total, .query
            text = project.sources.text(hit.source_id)
            assert all(text[s:e] for s, e in hit.matches)
            print(hit.source_title, hit.location, hit.score, hit.snippet.marked())

``SearchIndex(project, *, cache_dir=None, watch=True)``
    The index lives in ``<cache>/index/<project guid>``; ``<cache>`` is ``cache_dir``, else
    ``$KUTIP_CACHE_DIR``, else the user's cache directory. With ``watch`` it subscribes to
    the project's edits and re-indexes the sources they touch before the next search.
``SearchIndex.open(progress=None)``, ``.rebuild(progress=None)``, ``.update(progress=None)``
    Bring the index up to date (create / repair / re-index changed sources), from scratch, or
    only for recent edits. Progress reports go to a ``kutip.progress.Progress``; cancelling
    raises ``Cancelled`` and keeps the sources indexed so far.
``SearchIndex.search(query, *, exact=False, limit=100, in_code=None, uncoded=False,
update=True) -> SearchResults``
    ``exact`` matches words as written only; ``in_code`` (a code id) keeps matches inside
    codings of that code, ``uncoded`` matches inside no coding; ``update=False`` raises
    ``IndexNotReadyError`` instead of indexing recent edits first.
``SearchIndex.building``, ``.needs_update()``, ``.close()``, ``.path``
``index_dir(project_guid, cache_dir=None) -> Path``, ``cache_root(cache_dir=None) -> Path``

Errors (all ``KnownError``, with translated messages): ``QuerySyntaxError`` (``.position``,
``.problem``), ``IndexNotReadyError`` (``.percent``: a rebuild runs in another thread),
``IndexBusyError`` (another process writes the index).

Hits: ``Hit`` — ``source_id``, ``source_guid``, ``source_title``, ``start``/``end`` (the chunk),
``score``, ``exact``, ``matches`` (every matched word as ``(start, end)`` into the source text),
``spans`` (the same with a phrase's words joined), ``page_index``, ``page_label``,
``turn_index``, ``speaker``, ``time_start``, ``time_end``, ``location`` ("p. 412"),
``snippet`` (a ``Snippet``: ``text``, ``start``, ``end``, ``marks`` relative to ``text``,
``marked(open, close)`` with «» by default, ``html()`` with ``<mark>``) and ``to_dict()``
for JSON. ``SearchResults.to_dict()`` likewise.

Autocode::

    plan = plan_autocode(project, results.hits, code.id, Scope.SENTENCE)
    print(plan.summary())                        # preview: counts, skipped duplicates
    edit = apply_autocode(project, plan)          # one undo step: project.undo(edit)

``plan_autocode(project, hits, code_id, scope="hit") -> AutocodePlan`` (``.ranges``,
``.skipped``: ``PlannedRange(source_id, start, end)``; ``.summary()``);
``apply_autocode(project, plan, label=None) -> Edit[list[int]]`` (the new codings' ids).
Scopes: ``hit``, ``sentence``, ``paragraph``, ``turn``.

Query language
==============

Words are ANDed. ``AND``, ``OR``, ``NOT`` (upper case), parentheses, ``"phrases"``,
``wild*``/``?``, ``fuzzy~`` (``~2``: two edits), and fields: ``title:``, ``author:``,
``year:2017``, ``year:[2019 TO 2024]``, ``kind:literature``, ``kind:transcript`` (case
material), ``kind:other`` (the source's role: ``kutip.model.source_role``; ``kind:pdf``/
``kind:text`` for the file kind), ``case:``, ``speaker:``, ``exact:``. Indonesian
names work too: ``judul: penulis: tahun: jenis: kasus: pembicara: persis:``. Each word is
searched as English stems, Indonesian stems (Sastrawi: *berpartisipasi* finds *partisipasi*)
and exact words (case and accents folded); ``exact:kebijakan`` — or ``exact=True`` for the
whole query — matches the word as written only, so it does not find *bijak*. Chunks matching
word for word rank above those matching only through stems. A ``"phrase"`` matches its words
in order, each in any form with the same stem as single words do (``"mixed model"`` finds
"mixed models", ``"kampanye politik"`` finds "berkampanye politik"; a stop word only as
written); ``exact:"…"`` matches the phrase as written (folded). Wildcards and fuzzy words
match stems and exact words alike.
"""

from kutip.search.autocode import (
    AutocodePlan,
    PlannedRange,
    Scope,
    apply_autocode,
    plan_autocode,
)
from kutip.search.hits import Hit, SearchResults, Snippet
from kutip.search.index import (
    IndexBusyError,
    IndexNotReadyError,
    SearchIndex,
    cache_root,
    index_dir,
)
from kutip.search.query import QuerySyntaxError

__all__ = [
    "AutocodePlan",
    "Hit",
    "IndexBusyError",
    "IndexNotReadyError",
    "PlannedRange",
    "QuerySyntaxError",
    "Scope",
    "SearchIndex",
    "SearchResults",
    "Snippet",
    "apply_autocode",
    "cache_root",
    "index_dir",
    "plan_autocode",
]
