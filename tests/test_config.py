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
    (('kind = "feed"', 'kind = "fed"'), 'source 1 ("Site"): kind', "expected one of feed"),
    (('kind = "feed"', 'kind = "feed"\nintervall = "5m"'), 'source 1 ("Site"): intervall',
     "did you mean 'interval'"),
    (('kind = "feed"', 'kind = "feed"\ninterval = "soon"'), 'source 1 ("Site"): interval',
     "duration"),
    (('kind = "feed"', 'kind = "feed"\ninterval = 10'), 'source 1 ("Site"): interval',
     "at least 1 minute"),
    (('url = "https://news.example.org/feed.xml"', 'url = "ftp://x.org/feed"'),
     'source 1 ("Site"): url', "http:// or https://"),
    (('url = "https://news.example.org/feed.xml"', 'url = "news.example.org"'),
     'source 1 ("Site"): url', "http:// or https://"),
    (("query = 'Russia AND NATO'", "query = 'Russia AND (NATO'"), 'topic 1 ("T"): query',
     "not closed"),
    (('name = "T"\n', ''), "topic 1: name", "required key is missing"),
    (('kind = "feed"', 'kind = "feed"\nremove = [".ok", "div[["]'), 'source 1 ("Site"): remove',
     "div[["),
])
def test_mistakes_name_the_key_and_file(tmp_path, edit, key, words):
    message = error_of(tmp_path, MINIMAL.replace(*edit))
    assert str(tmp_path / "newswatch.toml") in message
    assert key in message
    assert words in message


def test_a_mistake_in_the_fifth_source_gives_its_line_number_and_name(tmp_path):
    """Counted as a user counts (from 1), with the name, at the line to edit."""
    sources = "".join(f'\n[[source]]  # {i}\nname = "S{i}"\nurl = "https://s{i}.example/feed"\n'
                      f'kind = "feed"\n' for i in range(2, 5))
    fifth = ('\n# Iran\n[[source]]\nname = "Press TV"\n'
             'url = "https://www.presstv.ir/feed"\nkind = "feed"\nintervall = "30m"\n')
    text = MINIMAL.replace("[[topic]]", sources + fifth + "\n[[topic]]")
    line = text.splitlines().index('intervall = "30m"') + 1
    message = error_of(tmp_path, text)
    assert message == (f"{tmp_path / 'newswatch.toml'}:{line}: source 5 (\"Press TV\"): "
                       "intervall: unknown key (did you mean 'interval'?)")


def test_a_missing_key_is_reported_at_its_table(tmp_path):
    message = error_of(tmp_path, MINIMAL.replace('url = "https://news.example.org/feed.xml"\n',
                                                 ""))
    assert message.endswith(':2: source 1 ("Site"): url: required key is missing')


@pytest.mark.parametrize("text, seconds", [("1h30m", 5400), ("1h 30m", 5400), ("2d", 172800),
                                           ("90", 90), ("5m30s", 330), ("1.5h", 5400)])
def test_durations_may_combine_units(tmp_path, text, seconds):
    config = load_config(write(tmp_path, MINIMAL.replace('kind = "feed"',
                                                         f'kind = "feed"\ninterval = "{text}"')))
    assert config.sources[0].interval == seconds


def test_a_missing_config_file_says_how_to_name_or_make_one(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    message = str(info.value)
    assert "config file not found" in message
    assert "--config" in message and "NEWSWATCH_CONFIG" in message
    assert f"newswatch init {tmp_path / 'nope.toml'}" in message


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
    (('name = "Site"', 'name = "Si\\u001b[31mte"'), 'source 1 ("Si\\u001b[31mte"): name', "U+001B"),
    (('name = "Site"', 'name = "Site\\u0000"'), 'source 1 ("Site\\u0000"): name', "U+0000"),
    (('name = "Site"', 'name = "\\u202eSite"'), 'source 1 ("\\u202eSite"): name', "U+202E"),
    (('name = "T"', 'name = "T\\u2066x\\u2069"'), 'topic 1 ("T\\u2066x\\u2069"): name', "U+2066"),
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
    assert f':12: source 2 ("{second}"): name: two sources are named' in message


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


def test_proxy_settings(tmp_path):
    config = load_config(write(tmp_path, MINIMAL + '[fetch]\nproxy = "http://proxy.lan:3128"\n'))
    assert config.fetch.proxy == "http://proxy.lan:3128" and not config.fetch.trust_env_proxy
    assert "fetch.proxy: expected an http:// or https:// URL" in error_of(
        tmp_path, MINIMAL + '[fetch]\nproxy = "socks5://proxy.lan:1080"\n')
    assert "give either proxy or trust_env_proxy = true, not both" in error_of(
        tmp_path, MINIMAL + '[fetch]\nproxy = "http://p.lan:3128"\ntrust_env_proxy = true\n')
