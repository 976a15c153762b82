"""One error hierarchy for the whole product.

Domain code raises these; each face (HTTP in ``api/``, exit codes in ``cli/``) translates them
once. ``kind`` picks the translation so faces never need to know every subclass.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

ErrorKind = Literal[
    "invalid", "not_found", "conflict", "unavailable", "failed", "cancelled", "unwritable"
]


class TaskclfError(Exception):
    """Base for every error a user may see; ``str(err)`` is the one line they read.

    ``extra`` holds keys a face adds to its answer beside the message (e.g. the spans a new
    label would overlap), so that a caller can act on the error without parsing its text.
    """

    kind: ClassVar[ErrorKind] = "failed"

    def __init__(
        self, message: str, *, field: str | None = None, extra: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra: dict[str, Any] = dict(extra or {})


class InvalidInput(TaskclfError):
    """The caller asked for something malformed; ``field`` names what to fix."""

    kind = "invalid"


class NotFound(TaskclfError):
    kind = "not_found"


class LabelNotFound(NotFound):
    pass


class BundleNotFound(NotFound):
    pass


class LabelOverlap(TaskclfError):
    """A span would overlap spans with another label and the caller did not say whether to
    replace them or keep both; ``extra["overlaps"]`` lists them."""

    kind = "conflict"


class NothingToUndo(TaskclfError):
    kind = "conflict"


class BundleInvalid(TaskclfError):
    """A bundle directory exists but cannot be trusted (missing/corrupt files, schema drift)."""

    kind = "invalid"


class ActivationRefused(TaskclfError):
    """An invalid bundle was asked to become the active model: it exists, so not 404."""

    kind = "conflict"


class JobConflict(TaskclfError):
    kind = "conflict"


class NoJobRunning(TaskclfError):
    kind = "conflict"


class PortInUse(TaskclfError):
    """The server's port is taken (by another taskclf, often): a conflict, exit code 4."""

    kind = "conflict"


class Cancelled(TaskclfError):
    kind = "cancelled"

    def __init__(self, message: str = "Cancelled by user") -> None:
        super().__init__(message)


class AwError(TaskclfError):
    """Anything wrong on the ActivityWatch side."""

    kind = "unavailable"


class AwUnavailable(AwError):
    """The server cannot be reached, hangs, or answers with an HTTP error."""


class AwBadResponse(AwError):
    """The server answered, but with something we cannot use (garbage, too large)."""


class AwNoData(AwError):
    """No usable buckets (none at all, or none for the chosen host)."""


class StorageError(TaskclfError):
    """A local file or database could not be read or written."""


class StorageUnwritable(StorageError):
    """The disk refuses writes (full or read-only): the user must free space or remount, so
    it is told apart from a bug (HTTP 507)."""

    kind = "unwritable"


class TrainingDataError(TaskclfError):
    """The data for a training range cannot produce a model; the message says why."""


class NoFeatureData(TrainingDataError):
    pass


class EmptyFeatures(TrainingDataError):
    pass


class NoLabelSpans(TrainingDataError):
    pass


class NoLabeledRows(TrainingDataError):
    pass


# The spec's troubleshooting texts: every failure of that cause starts with one of these.
MSG_NO_FEATURE_DATA = "No feature data found for the given date range"
MSG_EMPTY_FEATURES = "Feature files exist but contain 0 rows"
MSG_NO_LABEL_SPANS = "No label spans overlap the selected date range"
MSG_NO_LABELED_ROWS = "No labeled rows after projection"
MSG_CANCELLED = "Cancelled by user"
MSG_SERVER_STOPPED = "Server stopped while the job was running"
