"""Validated job requests shared by the CLI and the API, so both refuse the same input."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskclf.core.timeutil import MAX_RANGE_DAYS, parse_date

# What the schema can say of a date (the year bounds parse_date enforces); that date_from is
# not after date_to and the range is at most 366 days it cannot, so the validator does.
DATE_PATTERN = r"^(19[7-9][0-9]|2[01][0-9][0-9]|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Day = Annotated[date, Field(json_schema_extra={"pattern": DATE_PATTERN, "example": "2026-11-30"})]


class DateRange(BaseModel):
    """An inclusive range of local calendar days, at most 366 of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date_from: Day
    date_to: Day

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _strict_date(cls, value: object, info: object) -> object:
        if isinstance(value, date):
            return value
        field = getattr(info, "field_name", "date")
        if not isinstance(value, str):
            raise ValueError(f"{field} must be a string in YYYY-MM-DD form")
        try:
            return parse_date(value, field)
        except Exception as exc:  # InvalidInput -> pydantic error naming the field
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _ordered_and_bounded(self) -> Self:
        if self.date_from > self.date_to:
            raise ValueError("date_from must be on or before date_to")
        if (self.date_to - self.date_from).days + 1 > MAX_RANGE_DAYS:
            raise ValueError(f"the range may span at most {MAX_RANGE_DAYS} days")
        return self


class TrainRequest(DateRange):
    num_boost_round: int = Field(default=100, ge=1, le=10000, strict=True)
    class_weight: Literal["balanced", "none"] = "balanced"
    synthetic: bool = Field(default=False, strict=True)
    # One more fit per feature group (context, titles, input, app) to show what each buys:
    # about five times the training work, so it is asked for, never implied.
    signal_report: bool = Field(default=False, strict=True)
