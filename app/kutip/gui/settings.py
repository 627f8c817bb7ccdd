"""The old import path of ``kutip.gui.core.settings``, with its old accessor names.

Kept only while export_dialog.py, importing.py and retrieval_dock.py still import this path;
they move into the role folders after the export and import work is merged, and this goes.
"""

from kutip.gui.core.settings import EXPORT_CHARTS as _EXPORT_CHARTS
from kutip.gui.core.settings import EXPORT_FOLDER as _EXPORT_FOLDER
from kutip.gui.core.settings import EXPORT_FORMAT as _EXPORT_FORMAT
from kutip.gui.core.settings import EXPORT_LANGUAGE as _EXPORT_LANGUAGE
from kutip.gui.core.settings import EXPORT_MATRIX as _EXPORT_MATRIX
from kutip.gui.core.settings import EXPORT_STYLE as _EXPORT_STYLE
from kutip.gui.core.settings import IMPORT_ANNOTATIONS as _IMPORT_ANNOTATIONS
from kutip.gui.core.settings import IMPORT_FOLDER as _IMPORT_FOLDER

export_format, set_export_format = _EXPORT_FORMAT.get, _EXPORT_FORMAT.set
export_style, set_export_style = _EXPORT_STYLE.get, _EXPORT_STYLE.set
export_language, set_export_language = _EXPORT_LANGUAGE.get, _EXPORT_LANGUAGE.set
export_matrix, set_export_matrix = _EXPORT_MATRIX.get, _EXPORT_MATRIX.set
export_charts, set_export_charts = _EXPORT_CHARTS.get, _EXPORT_CHARTS.set
export_folder, set_export_folder = _EXPORT_FOLDER.get, _EXPORT_FOLDER.set
import_folder, set_import_folder = _IMPORT_FOLDER.get, _IMPORT_FOLDER.set
import_with_annotations = _IMPORT_ANNOTATIONS.get
set_import_with_annotations = _IMPORT_ANNOTATIONS.set
