"""Typed errors. Each message names the problem and the fix; the CLI prints it as one line."""

from __future__ import annotations


class QAError(Exception):
    """Base of every error ``qa`` raises on purpose."""


class IngestError(QAError):
    """An input path cannot be read as articles at all (missing, empty, no supported files), or the corpus
    cannot be written where asked (a folder, a device, one of the inputs, a missing folder)."""


class IndexNotFoundError(QAError):
    """No index at the given folder."""


class IndexFormatError(QAError):
    """The folder is not an index, or was written by an incompatible format version."""


class IndexCorruptError(QAError):
    """A file of the index does not match the checksum recorded in its manifest."""


class ModelMismatchError(QAError):
    """The query encoder differs from the one the index was built with."""


class BadQuestionError(QAError):
    """The question is empty or otherwise unusable."""


class BadArgumentError(QAError, ValueError):
    """An argument is out of range or not one of its allowed values (a search mode, k, a wait in seconds)."""


class BackendUnavailableError(QAError, ImportError):
    """An optional embedding backend is not installed; the message gives the pip line."""


class IndexBusyError(QAError):
    """Another process is writing the index."""


class EvalDataError(QAError):
    """An evaluation file is missing, of an unknown kind, or has a bad line."""
