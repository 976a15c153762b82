"""SQLite label store (CONTRACT STUB — to be implemented).

Contract used by other areas:

    @dataclass(frozen=True)
    class LabelSpan: id: int; start_ts: datetime; end_ts: datetime; label: str;
                     source: str; created_at: datetime; updated_at: datetime   (all UTC-aware)

    class LabelStore:
        def __init__(self, db_path: Path) -> None
        def add(self, start_ts, end_ts, label, source="manual") -> LabelSpan
        def update(self, span_id, *, start_ts=None, end_ts=None, label=None) -> LabelSpan
        def delete(self, span_id) -> None
        def list(self, start=None, end=None) -> list[LabelSpan]   # spans overlapping [start, end)
        def span_arrays(self, start, end) -> tuple[np.ndarray, np.ndarray, np.ndarray]
            # (starts_us int64, ends_us int64, labels object) of spans overlapping [start, end)
        def import_csv(self, text: str, source="import") -> list[LabelSpan]  # all-or-nothing
        def export_csv(self, start=None, end=None) -> str
"""
