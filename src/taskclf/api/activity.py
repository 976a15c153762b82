"""``GET /api/activity?date=``: the dominant app per recorded minute of one local day."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, field_validator

from taskclf.api import state
from taskclf.core.requests import Day
from taskclf.core.settings import Settings
from taskclf.core.timeutil import parse_date
from taskclf.jobs.activity import day_activity

router = APIRouter(prefix="/api", tags=["activity"])
Config = Annotated[Settings, Depends(state.settings)]


class DayQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day

    @field_validator("date", mode="before")
    @classmethod
    def _strict_date(cls, value: object) -> object:
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise ValueError("date must be a string in YYYY-MM-DD form")
        try:
            return parse_date(value, "date")
        except Exception as exc:  # InvalidInput -> a pydantic error naming the field
            raise ValueError(str(exc)) from None


class MinuteOut(BaseModel):
    minute: str
    app: str
    category: str
    active_seconds: float


class ActivityOut(BaseModel):
    date: str
    timezone: str
    minutes: list[MinuteOut]
    error: str | None = None


@router.get("/activity", response_model=ActivityOut, response_model_exclude_none=True)
def activity(query: Annotated[DayQuery, Query()], settings: Config) -> Any:
    """Builds the day from ActivityWatch first when it has started and has no fresh file;
    ActivityWatch down is still 200, with ``error`` and the rows of any older file."""
    return day_activity(settings, query.date)
