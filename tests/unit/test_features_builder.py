"""Feature builder on hand-built events: minute explosion, AFK, overlaps, zones, privacy."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from taskclf.aw.events import AwEvents, empty
from taskclf.core.schema import ARROW_SCHEMA, COLUMN_NAMES
from taskclf.core.timeutil import day_bounds, get_zone
from taskclf.features.apps import app_category, normalise_app
from taskclf.features.builder import build_rows, hash_title

M = 60_000_000
S = 1_000_000
DAY = date(2026, 2, 3)  # a Tuesday


def us(hh: int, mm: int, ss: int = 0, day: date = DAY) -> int:
    moment = datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=UTC)
    return int(moment.timestamp()) * S


def window(*events: tuple[int, int, str, str]) -> pl.DataFrame:
    starts, ends, apps, titles = zip(*events, strict=True) if events else ((), (), (), ())
    return pl.DataFrame(
        {"start_us": list(starts), "end_us": list(ends), "app": list(apps), "title": list(titles)},
        schema=empty("window").schema,
    )


def build(events: AwEvents, day: date = DAY, zone: str = "UTC", salt: bytes = b"salt"):
    start, end = day_bounds(day, get_zone(zone))
    return build_rows(events, int(start.timestamp()) * S, int(end.timestamp()) * S, zone, salt)


def test_a_30_minute_event_gives_30_full_rows():
    rows = build(AwEvents(window((us(10, 0), us(10, 30), "Code", "main.py"))))
    assert rows.height == 30
    assert rows["active_seconds"].to_list() == [60.0] * 30
    assert rows["app_id"].unique().to_list() == ["vscode"]
    assert rows["app_category"].unique().to_list() == ["editor"]


def test_partial_minutes_at_both_ends():
    rows = build(AwEvents(window((us(10, 0, 30), us(10, 2, 10), "Code", "a"))))
    assert rows["bucket_start_ts"].dt.minute().to_list() == [0, 1, 2]
    assert rows["active_seconds"].to_list() == [30.0, 60.0, 10.0]


def test_schema_order_and_types_are_exact():
    rows = build(AwEvents(window((us(9, 0), us(9, 5), "Code", "a"))))
    assert tuple(rows.columns) == COLUMN_NAMES
    assert rows.to_arrow().cast(ARROW_SCHEMA).schema.equals(ARROW_SCHEMA)
    assert rows["bucket_start_ts"].dtype == pl.Datetime("us", "UTC")
    assert rows["n_apps"].dtype == pl.Int16


def test_empty_window_gives_empty_frame_with_schema():
    rows = build(AwEvents(window()))
    assert rows.height == 0
    assert tuple(rows.columns) == COLUMN_NAMES


def test_afk_gap_has_no_rows_and_afk_share_is_measured():
    events = AwEvents(
        window((us(9, 0), us(9, 10), "Code", "a"), (us(9, 40), us(9, 50), "Code", "a")),
        afk=pl.DataFrame(
            {
                "start_us": [us(9, 0), us(9, 5, 30)],
                "end_us": [us(9, 5, 30), us(9, 10)],
                "afk": [False, True],
            },
        ),
    )
    rows = build(events)
    assert rows.height == 20
    share = dict(zip(rows["bucket_start_ts"].dt.minute(), rows["afk_share"], strict=True))
    assert share[4] == 0.0 and share[5] == pytest.approx(0.5) and share[6] == 1.0
    assert share[40] == 0.0  # inside the AFK bucket's coverage gap, nothing says away


def test_overlapping_and_out_of_order_events_count_each_second_once():
    ordered = window(
        (us(10, 0), us(10, 3), "Code", "a"),
        (us(10, 2), us(10, 4), "firefox", "b"),  # overlaps the first by a minute
        (us(10, 4), us(10, 5), "Slack", "c"),
    )
    shuffled = ordered.sample(fraction=1.0, shuffle=True, seed=5)
    a, b = build(AwEvents(ordered)), build(AwEvents(shuffled))
    assert a.equals(b)
    assert a["active_seconds"].max() <= 60.0
    assert a.height == 5
    assert a["n_switches"].sum() == 2


def test_event_across_midnight_is_split_between_local_days():
    event = window((us(23, 50), us(0, 20, day=date(2026, 2, 4)), "Code", "late"))
    first = build(AwEvents(event), DAY)
    second = build(AwEvents(event), date(2026, 2, 4))
    assert (first.height, second.height) == (10, 20)
    assert second["session_minutes"].to_list()[0] == 10.0  # the session began before midnight


def test_local_hour_weekday_and_dst_short_day():
    zone = "Europe/Berlin"  # 2026-03-29 has 23 hours
    day = date(2026, 3, 29)
    start, end = day_bounds(day, get_zone(zone))
    event = window((int(start.timestamp()) * S, int(end.timestamp()) * S, "Code", "x"))
    rows = build(AwEvents(event), day, zone)
    assert rows.height == 23 * 60
    hours = rows["hour_local"].to_list()
    assert hours[0] == 0 and 2 not in hours and hours[-1] == 23
    assert set(rows["weekday_local"].to_list()) == {6}  # Sunday


def test_minutes_belong_to_local_days():
    zone = "Asia/Tokyo"  # UTC+9: 20:00 UTC on 3 Feb is 05:00 on 4 Feb there
    event = window((us(20, 0), us(20, 10), "Code", "x"))
    assert build(AwEvents(event), DAY, zone).height == 0
    rows = build(AwEvents(event), date(2026, 2, 4), zone)
    assert rows.height == 10 and rows["hour_local"][0] == 5


def test_input_counts_null_without_bucket_and_zero_with_an_empty_one():
    event = window((us(10, 0), us(10, 2), "Code", "a"))
    without = build(AwEvents(event))
    assert without["keys"].null_count() == 2 and without["afk_share"].null_count() == 2
    empty_input = build(AwEvents(event, input=empty("input")))
    assert empty_input["keys"].to_list() == [0.0, 0.0]


def test_input_counts_are_summed_per_minute():
    inp = pl.DataFrame(
        {
            "start_us": [us(10, 0, 10), us(10, 0, 50), us(10, 1, 5)],
            "end_us": [us(10, 0, 15), us(10, 0, 55), us(10, 1, 10)],
            "presses": [3.0, 4.0, 5.0],
            "clicks": [1.0, 0.0, 2.0],
            "deltaX": [3.0, 0.0, 0.0],
            "deltaY": [4.0, 0.0, 0.0],
            "scrollX": [0.0, 0.0, -2.0],
            "scrollY": [1.0, 0.0, 0.0],
        },
    )
    rows = build(AwEvents(window((us(10, 0), us(10, 2), "Code", "a")), input=inp))
    assert rows["keys"].to_list() == [7.0, 5.0]
    assert rows["clicks"].to_list() == [1.0, 2.0]
    assert rows["mouse_px"].to_list() == [5.0, 0.0]
    assert rows["scroll"].to_list() == [1.0, 2.0]


def test_dominant_app_share_switches_and_rolling_windows():
    events = window(
        (us(10, 0), us(10, 0, 40), "Code", "a"),
        (us(10, 0, 40), us(10, 1), "firefox", "b"),
        (us(10, 1), us(10, 1, 30), "Code", "a"),
        (us(10, 1, 30), us(10, 10), "Slack", "c"),
    )
    rows = build(AwEvents(events))
    first = rows.row(0, named=True)
    assert first["app_id"] == "vscode" and first["app_share"] == pytest.approx(40 / 60)
    assert (first["n_apps"], first["n_switches"]) == (2, 1)
    second = rows.row(1, named=True)
    assert (second["n_apps"], second["n_switches"], second["title_changes"]) == (2, 2, 2)
    assert (second["n_apps_5m"], second["n_switches_5m"]) == (3, 3)
    at_7 = rows.row(7, named=True)
    assert (at_7["n_apps_5m"], at_7["n_apps_15m"]) == (1, 3)
    assert (at_7["n_switches_5m"], at_7["n_switches_15m"]) == (0, 3)


def test_session_restarts_after_a_long_pause():
    events = window((us(9, 0), us(9, 10), "Code", "a"), (us(9, 30), us(9, 35), "Code", "a"))
    rows = build(AwEvents(events))
    assert rows["session_minutes"].to_list() == [float(i) for i in range(10)] + [0, 1, 2, 3, 4]


def test_deterministic_and_salted_title_hash_without_raw_titles():
    events = AwEvents(window((us(10, 0), us(10, 5), "Code", "secret-plan.md - Code")))
    a, b = build(events), build(events)
    assert a.equals(b)
    other_salt = build(events, salt=b"another")
    assert a["title_hash"][0] != other_salt["title_hash"][0]
    assert a["title_hash"][0] == hash_title("secret-plan.md - Code", b"salt")
    text = str(a.to_dicts())
    assert "secret-plan" not in text


@pytest.mark.parametrize(
    ("raw", "app_id", "category"),
    [
        ("Code.exe", "vscode", "editor"),
        ("/usr/bin/gnome-terminal-server", "gnome-terminal", "terminal"),
        ("Google-chrome", "chrome", "browser"),
        ("zoom.us", "zoom", "meeting"),
        ("Slack", "slack", "chat"),
        ("libreoffice-writer", "libreoffice", "docs"),
        ("Thunderbird", "thunderbird", "email"),
        ("Some Tool 3", "some-tool-3", "other"),
        ("", "unknown", "system"),
    ],
)
def test_app_normalisation_and_category(raw, app_id, category):
    assert normalise_app(raw) == app_id
    assert app_category(app_id) == category


def test_an_event_nested_inside_a_longer_one_loses_no_minutes():
    events = window(
        (us(10, 0), us(10, 10), "Code", "a"),
        (us(10, 2), us(10, 3), "firefox", "b"),  # a stray event inside the long one
    )
    rows = build(AwEvents(events))
    assert rows.height == 10
    assert rows["active_seconds"].to_list() == [60.0] * 10
    assert rows["app_id"].to_list()[-1] == "vscode"


def test_input_event_across_the_day_end_is_shared_not_counted_whole_on_both_days():
    inp = pl.DataFrame(
        {
            "start_us": [us(23, 59, 30)],
            "end_us": [us(0, 0, 30, day=date(2026, 2, 4))],
            "presses": [10.0],
            **{f: [0.0] for f in ("clicks", "deltaX", "deltaY", "scrollX", "scrollY")},
        },
    )
    win = window((us(23, 59), us(0, 2, day=date(2026, 2, 4)), "Code", "a"))
    first = build(AwEvents(win, input=inp))
    second = build(AwEvents(win, input=inp), date(2026, 2, 4))
    assert first["keys"].to_list() == [5.0]
    assert second["keys"].to_list()[0] == 5.0


def test_a_four_minute_pause_continues_the_session_and_a_five_minute_one_ends_it():
    events = window(
        (us(9, 0), us(9, 2), "Code", "a"),
        (us(9, 6), us(9, 7), "Code", "a"),  # 9:02-9:05 empty: 4 minutes
        (us(9, 12), us(9, 13), "Code", "a"),  # 9:07-9:11 empty: 5 minutes
    )
    rows = build(AwEvents(events))
    assert rows["session_minutes"].to_list() == [0.0, 1.0, 6.0, 0.0]


def test_equal_time_in_two_apps_is_a_tie_broken_by_app_id_not_by_float_rounding():
    ms = 1_000
    t0 = us(10, 0)
    events = window(
        (t0, t0 + 100 * ms, "Code", "a"),  # 0.1 s
        (t0 + 100 * ms, t0 + 400 * ms, "firefox", "b"),  # 0.3 s
        (t0 + 400 * ms, t0 + 600 * ms, "Code", "a"),  # 0.2 s: 0.1 + 0.2 != 0.3 in floats
    )
    row = build(AwEvents(events)).row(0, named=True)
    assert (row["app_id"], row["app_share"]) == ("firefox", pytest.approx(0.5))


def test_few_rows_are_framed_exactly_as_the_public_constructor_frames_them(monkeypatch):
    """The tray's few rows go through polars' internal row constructor when it is there;
    with nulls, strings and the timestamp the frame must be the public path's, to the type."""
    from taskclf.features import frame

    rows = build(AwEvents(window((us(10, 0), us(10, 3), "Code", "main.py"))))
    assert rows.height == 3 and rows["keys"].null_count() == 3  # no input bucket: nulls
    tuples = rows.rows()
    fast = frame._rows_to_frame(tuples)
    monkeypatch.setattr(frame, "_FAST_ROWS", False)
    public = frame._rows_to_frame(tuples)
    assert fast.schema == public.schema == rows.schema
    assert fast.equals(public, null_equal=True) and fast.equals(rows, null_equal=True)


@pytest.mark.skipif(not pl.__version__.startswith("2.1."), reason="measured on polars 2.1")
def test_the_internal_row_constructor_is_used_on_the_polars_it_was_measured_with():
    from taskclf.features import frame

    assert frame._FAST_ROWS


def tabs(*events: tuple[int, int, str]) -> pl.DataFrame:
    starts, ends, names = zip(*events, strict=True)
    return pl.DataFrame({"start_us": list(starts), "end_us": list(ends), "url": ["u"] * len(names),
                         "title": list(names)}, schema=empty("web").schema)  # fmt: skip


def title_words(rows: pl.DataFrame) -> list[list[float]]:
    return [list(row) for row in rows.select(pl.col("^title_w.*$")).rows()]


def test_browser_tab_words_count_in_browser_minutes_once_and_only_there():
    win = window((us(9, 0), us(9, 2), "firefox", "Mozilla Firefox"),
                 (us(9, 2), us(9, 4), "Code", "main.py"))  # fmt: skip
    tab = tabs((us(9, 0), us(9, 4), "Quarterly invoice ledger"))  # still active behind Code
    without, with_tabs = build(AwEvents(win)), build(AwEvents(win, web=tab))
    only_words = build(
        AwEvents(window((us(9, 0), us(9, 2), "firefox", "Quarterly invoice ledger")))
    )
    for minute in (0, 1):  # in the browser: the tab's words join the window title's
        pairs = zip(title_words(without)[minute], title_words(only_words)[minute], strict=True)
        assert title_words(with_tabs)[minute] == [max(a, b) for a, b in pairs]
        assert title_words(with_tabs)[minute] != title_words(without)[minute]
    assert title_words(with_tabs)[2:] == title_words(without)[2:]  # in the editor: unchanged


def test_a_tab_title_equal_to_the_window_title_is_not_counted_twice():
    half = window((us(9, 0), us(9, 0, 30), "firefox", "Design review notes"))
    tab = tabs((us(9, 0), us(9, 0, 30), "Design review notes"))
    plain, both = build(AwEvents(half)), build(AwEvents(half, web=tab))
    assert max(title_words(plain)[0]) == 0.5
    assert title_words(both) == title_words(plain)
