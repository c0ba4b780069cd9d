"""Errors: SitrepError and the named failures of each stage."""


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class ReadError(SitrepError):
    """An input could not be read or is not a usable article."""


class InputNotFound(ReadError):
    """The input path does not exist or cannot be opened at all."""


class ParseError(SitrepError):
    """The NLP pipeline could not be built or could not process a text."""


class ExtractionError(SitrepError):
    """An extractor met text it cannot interpret."""


class LinkConflict(SitrepError):
    """Two records cannot be linked as asked."""


class StoreError(SitrepError):
    """The store could not be opened, migrated or written."""


class ResourceError(SitrepError):
    """A data file under sitrep/data is missing or malformed."""
