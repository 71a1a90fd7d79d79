"""Speaker identity: spellings, titles and transliterations of one speaker share a key."""

from pipeline.statements.resolution import Cast, speaker
from pipeline.statements.speakers import entity, mentions, speaker_key


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


def resolved(text: str, source: str, people: list) -> str:
    """The name that `source`, its last occurrence as a word in `text`, resolves to."""
    cast = Cast()
    for who in people:
        cast.meet(who, spoke=True)
    start = text.rindex(f" {source} ") + 1
    who = speaker(text, (start, start + len(source)), cast)
    return "" if who is None else who.name if who.named else f"({who.name})"


def test_resolve_pronouns_and_descriptions():
    ministry = entity("Russia's Foreign Ministry", "", 0)
    grushko = entity("Gruško", "Russia’s Deputy Foreign Minister", 10)
    stoltenberg = entity("Jens Stoltenberg", "general secretary", 20)
    people = [ministry, grushko, stoltenberg]
    text = "x" * 30 + "\n\nLater, he said it was so, it said, the ministry said."
    assert resolved(text, "he", people) == "Jens Stoltenberg"
    assert resolved(text, "it", people) == "Russia's Foreign Ministry"
    assert resolved(text, "the ministry", people) == "Russia's Foreign Ministry"
    assert resolved(text + " The Russian diplomat said so.", "The Russian diplomat",
                    people) == "Gruško"
    assert resolved(text + " The NATO chief said so.", "The NATO chief",
                    people) == "Jens Stoltenberg"  # the last speaker, and no word contradicts
    assert resolved(text + " Lavrov said so.", "Lavrov", people) == "Lavrov"
