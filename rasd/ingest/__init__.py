"""Stage ``ingest``: news files to :class:`rasd.records.Article`, and into the store.

Readers never raise for bad input: each problem is an :class:`IngestError` (file, line, reason) in
the stream, and reading goes on.
"""
from .clean import Cleaned, clean_text
from .errors import IngestError
from .neardup import find_near_duplicates
from .pipeline import IngestReport, ingest_paths
from .readers import FORMATS, content_id, iter_input_files, read_file, read_inputs

__all__ = [
    "FORMATS",
    "Cleaned",
    "IngestError",
    "IngestReport",
    "clean_text",
    "content_id",
    "find_near_duplicates",
    "ingest_paths",
    "iter_input_files",
    "read_file",
    "read_inputs",
]
