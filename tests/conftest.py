"""Fixture plugins, one file per area, so that areas can grow their fixtures independently."""

pytest_plugins = [
    "fixtures.aw_server",
    "fixtures.labels_fx",
    "fixtures.training_fx",
    "fixtures.api_fx",
    "fixtures.browser_fx",
]
