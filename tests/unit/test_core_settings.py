"""Settings precedence (flags > environment > TOML > defaults) and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskclf.core.errors import InvalidInput
from taskclf.core.settings import load_settings


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_are_local_and_models_live_under_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings({"data_dir": tmp_path}, env={}, config_path=None)
    assert settings.aw_host == "http://127.0.0.1:5600"
    assert (settings.host, settings.port) == ("127.0.0.1", 8741)
    assert settings.models_dir == tmp_path / "models"
    assert settings.db_path == tmp_path / "taskclf.sqlite3"


def test_flag_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        '[taskclf]\nport = 9001\ntimezone = "Asia/Tokyo"\naw_host = "http://127.0.0.1:1"\n',
    )
    env = {"TASKCLF_PORT": "9002", "TASKCLF_TIMEZONE": "Europe/Berlin"}
    settings = load_settings({"port": 9003, "data_dir": tmp_path}, env=env, config_path=config)
    assert settings.port == 9003  # flag
    assert settings.timezone == "Europe/Berlin"  # environment over file
    assert settings.aw_host == "http://127.0.0.1:1"  # file over default
    assert load_settings({"data_dir": tmp_path}, env=env, config_path=config).port == 9002


def test_none_flags_mean_not_given(tmp_path: Path) -> None:
    env = {"TASKCLF_DATA_DIR": str(tmp_path / "from-env")}
    settings = load_settings({"data_dir": None, "port": None}, env=env, config_path=None)
    assert settings.data_dir == tmp_path / "from-env"


def test_config_file_from_the_environment_variable(tmp_path: Path) -> None:
    config = _config(tmp_path, 'aw_hostname = "laptop"\n')
    env = {"TASKCLF_CONFIG": str(config)}
    assert load_settings({"data_dir": tmp_path}, env=env).aw_hostname == "laptop"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"port": 70000}, "port"),
        ({"aw_host": "ftp://x"}, "aw_host"),
    ],
)
def test_bad_values_name_the_setting(tmp_path: Path, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings({"data_dir": tmp_path, **overrides}, env={}, config_path=None)
    assert caught.value.field == field
    assert field in caught.value.message


def test_an_explicit_config_that_is_missing_or_broken_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="config file not found"):
        load_settings({"data_dir": tmp_path}, env={}, config_path=tmp_path / "nope.toml")
    broken = _config(tmp_path, "port = [unclosed")
    with pytest.raises(InvalidInput, match="cannot read config file"):
        load_settings({"data_dir": tmp_path}, env={}, config_path=broken)
