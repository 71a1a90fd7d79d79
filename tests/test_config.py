"""Config validation: every mistake names the file and the key."""

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError

EXAMPLE = Path(__file__).parent.parent / "config" / "newswatch.toml"
MINIMAL = """
[[source]]
name = "Site"
url = "https://news.example.org/feed.xml"
kind = "feed"

[[topic]]
name = "T"
query = 'Russia AND NATO'
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newswatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return str(info.value)


def test_example_config_is_valid():
    config = load_config(EXAMPLE)
    assert config.topics[0].name == "Russia security guarantees"
    assert {s.kind for s in config.sources} >= {"feed", "listing"}


def test_minimal_config_gets_defaults(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    assert config.fetch.max_redirects == 10
    assert config.fetch.allow_networks == ()
    assert config.sources[0].interval == 1800
    assert config.delivery.email is None


@pytest.mark.parametrize("edit, key, words", [
    (('kind = "feed"', 'kind = "fed"'), "source[0].kind", "expected one of feed"),
    (('kind = "feed"', 'kind = "feed"\nintervall = "5m"'), "source[0].intervall",
     "did you mean 'interval'"),
    (('kind = "feed"', 'kind = "feed"\ninterval = "soon"'), "source[0].interval", "duration"),
    (('kind = "feed"', 'kind = "feed"\ninterval = 10'), "source[0].interval", "at least 1 minute"),
    (('url = "https://news.example.org/feed.xml"', 'url = "ftp://x.org/feed"'), "source[0].url",
     "http:// or https://"),
    (('url = "https://news.example.org/feed.xml"', 'url = "news.example.org"'), "source[0].url",
     "http:// or https://"),
    (("query = 'Russia AND NATO'", "query = 'Russia AND (NATO'"), "topic[0].query",
     "not closed"),
    (('name = "T"\n', ''), "topic[0].name", "required key is missing"),
    (('kind = "feed"', 'kind = "feed"\nremove = [".ok", "div[["]'), "source[0].remove", "div[["),
])
def test_mistakes_name_the_key_and_file(tmp_path, edit, key, words):
    message = error_of(tmp_path, MINIMAL.replace(*edit))
    assert str(tmp_path / "newswatch.toml") in message
    assert key in message
    assert words in message


def test_unknown_top_level_table(tmp_path):
    assert "delivry" in error_of(tmp_path, MINIMAL + "\n[delivry]\nmode = 'immediate'\n")


def test_duplicate_source_names(tmp_path):
    message = error_of(tmp_path, MINIMAL + MINIMAL.split("[[topic]]")[0])
    assert "two sources are named 'Site'" in message


def test_bad_cron_and_timezone(tmp_path):
    assert "delivery.cron" in error_of(tmp_path, MINIMAL + '[delivery]\nmode = "cron"\n'
                                                           'cron = "61 * * * *"\n')
    assert "delivery.timezone" in error_of(tmp_path, MINIMAL + '[delivery]\n'
                                                               'timezone = "Mars/Olympus"\n')


def test_password_is_never_read_from_the_file(tmp_path):
    email = ('[delivery.email]\nhost = "smtp.example.org"\nfrom = "a@example.org"\n'
             'to = ["b@example.org"]\n')
    assert "environment variable" in error_of(tmp_path, MINIMAL + email + 'password = "x"\n')
    message = error_of(tmp_path, MINIMAL + email + 'password_env = "NO_SUCH_VAR_NW"\n')
    assert "delivery.email.password_env" in message and "NO_SUCH_VAR_NW" in message


def test_password_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NW_TEST_PASSWORD", "secret")
    config = load_config(write(tmp_path, MINIMAL + '[delivery.email]\nhost = "smtp.example.org"\n'
                               'from = "a@example.org"\nto = ["b@example.org"]\n'
                               'password_env = "NW_TEST_PASSWORD"\n'))
    assert config.delivery.email.port == 587
    assert config.delivery.email.password_env == "NW_TEST_PASSWORD"


def test_invalid_toml_and_missing_file(tmp_path):
    assert "invalid TOML" in error_of(tmp_path, "[[source]\nname = 1")
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_allow_networks_are_validated(tmp_path):
    assert "fetch.allow_networks" in error_of(tmp_path, MINIMAL + '[fetch]\n'
                                                                  'allow_networks = ["nonsense"]\n')


EMAIL = ('[delivery.email]\nhost = "smtp.example.org"\nfrom = "a@example.org"\n'
         'to = ["b@example.org"]\n')


@pytest.mark.parametrize("edit, key, words", [
    (('name = "Site"', 'name = "Si\\u001b[31mte"'), "source[0].name", "U+001B"),
    (('name = "Site"', 'name = "Site\\u0000"'), "source[0].name", "U+0000"),
    (('name = "Site"', 'name = "\\u202eSite"'), "source[0].name", "U+202E"),
    (('name = "T"', 'name = "T\\u2066x\\u2069"'), "topic[0].name", "U+2066"),
    (("[[source]]", '[fetch]\nuser_agent = "' + "x" * 10_000 + '"\n\n[[source]]'),
     "fetch.user_agent", "at most 512 characters"),
    (("[[source]]", '[fetch]\nuser_agent = "nw\\r\\nX-Evil: 1"\n\n[[source]]'),
     "fetch.user_agent", "U+000D"),
])
def test_control_characters_and_absurd_lengths_are_refused(tmp_path, edit, key, words):
    message = error_of(tmp_path, MINIMAL.replace(*edit, 1))
    assert str(tmp_path / "newswatch.toml") in message and key in message and words in message


@pytest.mark.parametrize("second", ["site", "ＳＩＴＥ", "Site"])
def test_source_names_equal_but_for_case_or_unicode_form_are_refused(tmp_path, second):
    again = MINIMAL.split("[[topic]]")[0].replace('name = "Site"', f'name = "{second}"')
    message = error_of(tmp_path, MINIMAL + again)
    assert "source:" in message and "two sources are named" in message


def test_a_username_needs_a_password_and_an_empty_password_is_refused(tmp_path, monkeypatch):
    message = error_of(tmp_path, MINIMAL + EMAIL + 'username = "me"\n')
    assert "delivery.email.username" in message and "password_env" in message
    monkeypatch.setenv("NW_EMPTY_PASSWORD", "")
    message = error_of(tmp_path, MINIMAL + EMAIL + 'username = "me"\n'
                                                   'password_env = "NW_EMPTY_PASSWORD"\n')
    assert "delivery.email.password_env" in message and "NW_EMPTY_PASSWORD is empty" in message


def test_a_digest_size_too_small_for_one_statement_is_refused(tmp_path):
    message = error_of(tmp_path, MINIMAL + '[delivery]\nmax_digest_bytes = "10KB"\n')
    assert "delivery.max_digest_bytes" in message and "at least" in message


def test_the_store_is_the_sqlite_file_unless_a_postgresql_url_is_given(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSWATCH_DATABASE_URL", raising=False)
    assert load_config(write(tmp_path, MINIMAL)).store_url is None
    url = "postgresql://newswatch@db.example/newswatch"
    assert load_config(write(tmp_path, f'[store]\nurl = "{url}"\n{MINIMAL}')).store_url == url
    assert "store.url: expected a postgresql://" in error_of(
        tmp_path, f'[store]\nurl = "mysql://db.example/x"\n{MINIMAL}')
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", "postgres://other.example/nw")
    assert load_config(write(tmp_path, MINIMAL)).store_url == "postgres://other.example/nw"
