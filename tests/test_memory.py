"""The malloc arena cap of `newswatch run` and `worker` (pipeline.app.memory)."""

import platform

import pytest

from pipeline.app.memory import limit_malloc_arenas


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_arenas_are_capped_on_glibc(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas()


def test_a_cap_the_user_set_is_kept(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert not limit_malloc_arenas()
