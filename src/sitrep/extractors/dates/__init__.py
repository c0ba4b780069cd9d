"""Extract stage: date expressions in an article, resolved against its publication date.

``find_dates`` scans plain text with regular rules (month and weekday names, relative phrases and
the other word lists live in ``data/lexicons/en/date_*``); ``date_for`` picks the date of the
incident described in a span of a parsed Doc. Precision follows ACLED's ``time_precision``:
1 the exact day, 2 within a week, 3 within a month (or coarser).

The parts, in the order the work flows: ``grammar`` (the word lists as regular expressions),
``resolve`` (one match to a dated DateRef), ``scan`` (every expression of a text) and ``incident``
(the incident's date, chosen with the parse).
"""

from sitrep.extractors.dates.grammar import is_month_name
from sitrep.extractors.dates.incident import date_for, doc_dates
from sitrep.extractors.dates.scan import article_date, find_dates

__all__ = ["article_date", "date_for", "doc_dates", "find_dates", "is_month_name"]
