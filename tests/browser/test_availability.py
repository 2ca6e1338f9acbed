"""Without Chromium the journeys are skipped, unless CI demands the browser."""

from pathlib import Path

import pytest

from tests.browser import conftest


def test_missing_chromium_skips_the_journeys(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("DTBD_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="DTBD_REQUIRE_BROWSER=1"):
        conftest._require_chromium()


def test_missing_chromium_fails_when_the_browser_is_required(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("DTBD_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        conftest._require_chromium()


def test_present_chromium_neither_skips_nor_fails(monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.setattr(conftest, "CHROMIUM", browser)
    conftest._require_chromium()
