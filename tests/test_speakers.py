"""Speaker identity: spellings, titles and transliterations of one speaker share a key."""

from pipeline.statements.speakers import entity, mentions, resolve, speaker_key


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
