"""Speaker identity: spellings, titles and transliterations of one speaker share a key."""

import pytest

from pipeline.speakers import entity, mentions, resolve, speaker_key, split_role


@pytest.mark.parametrize("names", [
    ["Sergei Lavrov", "Sergey Lavrov", "Russian Foreign Minister Sergey Lavrov", "Lavrov",
     "Russia's Foreign Minister Sergei Lavrov"],
    ["Alexander Grushko", "Deputy Foreign Minister Alexander Grushko",
     "Russia’s Deputy Foreign Minister Gruško", "Grushko"],
    ["the Russian Foreign Ministry", "Russia's Foreign Ministry", "Russia’s Foreign Ministry",
     "Russian Foreign Ministry"],
    ["Jens Stoltenberg", "its general secretary Jens Stoltenberg", "NATO Secretary General "
     "Jens Stoltenberg"],
    ["the Kremlin", "Kremlin", "A spokesman for the Kremlin"],
    ["Josep Borrell", "EU High Representative for Foreign and Security Policy Josep Borrell"],
    ["the U.S. ambassador to Russia, John Sullivan", "John Sullivan", "Sullivan"],
    ["Azucena Gonzàlez", "Azucena Gonzalez"],
])
def test_spellings_of_one_speaker_share_a_key(names):
    assert len({speaker_key(n) for n in names}) == 1


@pytest.mark.parametrize("a, b", [
    ("Sergey Lavrov", "Sergei Shoigu"),
    ("the Russian Foreign Ministry", "the Russian Defense Ministry"),
    ("Russian Foreign Ministry", "Kremlin"),
])
def test_different_speakers_have_different_keys(a, b):
    assert speaker_key(a) != speaker_key(b)


@pytest.mark.parametrize("mention, expected", [
    ("Russian Foreign Minister Sergey Lavrov", ("Sergey Lavrov", "Russian Foreign Minister")),
    ("Lavrov", ("Lavrov", "")),
    ("Mr. Obama", ("Obama", "")),
    ("the U.S. ambassador to Russia, John Sullivan",
     ("John Sullivan", "U.S. ambassador to Russia")),
    ("Scott Pruitt, the Republican attorney general of Oklahoma,",
     ("Scott Pruitt", "Republican attorney general of Oklahoma")),
    ("Deputy Foreign Minister Alexander Grushko, who also attended today’s meeting",
     ("Alexander Grushko", "Deputy Foreign Minister")),
    ("A spokesman for the Kremlin", ("Kremlin", "spokesman")),
    ("the Russian Foreign Ministry", ("Russian Foreign Ministry", "")),
    ("the NATO chief", ("", "NATO chief")),
    ("he", ("", "")),
])
def test_split_role(mention, expected):
    assert split_role(mention) == expected


def test_pronoun_has_no_key():
    assert speaker_key("he") == ""
    assert speaker_key("") == ""


def test_bare_surname_takes_the_known_full_name():
    lavrov = entity("Sergey Lavrov", "Russian Foreign Minister", 0)
    later = entity("Lavrov", "", 100, [lavrov])
    assert (later.name, later.role, later.key) == ("Sergey Lavrov", "Russian Foreign Minister",
                                                    "lavrov")


def test_mentions_find_titled_people_and_organisations():
    text = ("Russia's Foreign Ministry said so. The United States was represented by Deputy "
            "Secretary of State Wendy Sherman.")
    found = [(e.name, e.role, e.person) for e in mentions(text)]
    assert ("Russia's Foreign Ministry", "", False) in found
    assert ("Wendy Sherman", "Deputy Secretary of State", True) in found


def test_resolve_pronouns_and_descriptions():
    ministry = entity("Russia's Foreign Ministry", "", 0)
    grushko = entity("Gruško", "Russia’s Deputy Foreign Minister", 10)
    stoltenberg = entity("Jens Stoltenberg", "general secretary", 20)
    people = [ministry, grushko, stoltenberg]
    assert resolve("he", people) is stoltenberg
    assert resolve("it", people) is ministry
    assert resolve("the ministry", people) is ministry
    assert resolve("the Russian diplomat", people) is grushko
    assert resolve("the NATO chief", people) is stoltenberg  # only its title fits
    assert resolve("Lavrov", people) is None
