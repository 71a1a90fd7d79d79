"""Template learning: which block fingerprints count as a source's repeated furniture."""

from __future__ import annotations

import random

import pytest

from pipeline.app.cycle import run_once, with_samples_of
from pipeline.dedupe import text_keys
from pipeline.extract.boilerplate import (
    SAMPLE_CHARS,
    SiteTemplate,
    TemplateBlock,
    block_fingerprint,
    block_sample,
    fold,
    learn_template,
    strip_template,
    template_blocks,
)
from pipeline.models import Article
from pipeline.store import FetchedPage

from .conftest import made_up_words, news_page, rss, services
from .servers import respond

NOTICE = "Press TV’s website can also be accessed at the following alternate addresses:"
SHARE = "SHARE THIS ARTICLE"


def page(*texts: str) -> tuple[str, ...]:
    return tuple(block_fingerprint(t) for t in texts)


PARTS = ("opening", "second", "third", "fourth", "fifth", "closing")
NAMES = ("harbour", "bridge", "library", "market", "choir", "museum", "tram", "park", "zoo",
         "school")


def body(name: str) -> list[str]:
    """Distinct article paragraphs, long like real ones."""
    return [f"The {part} paragraph of the {name} story tells readers what happened and who "
            f"said what about it, at some length, as news paragraphs do." for part in PARTS]


@pytest.mark.parametrize(("a", "b"), [
    ("Leave a Comment", "leave a comment"),
    ("Updated: February 18, 2022 06:50 IST", "Updated: February 19, 2022 07:15 IST"),
    ("SHARE  THIS\nARTICLE", "Share this article!"),
    ("“Quoted”, she said.", '"Quoted" she said'),
])
def test_fingerprint_ignores_case_space_digits_and_punctuation(a, b):
    assert block_fingerprint(a) == block_fingerprint(b)


@pytest.mark.parametrize("text", [
    "Leave a Comment", "Updated: February 18, 2022 06:50 IST", "Straße, ÉTÉ — 2-in-1 deals",
])
def test_fingerprint_is_the_same_from_the_extractors_folded_text(text):
    assert block_fingerprint(text, fold(text)) == block_fingerprint(text)


@pytest.mark.parametrize(("text", "folded"), [
    ("Leave a Comment_", "leaveacomment"),
    ("\u201cIt\u2019s 4\u00a0pm\u201d \u2014 ok\u2026", "its4pmok"),  # ASCII but punctuation
    ("Stra\u00dfe, \u00c9T\u00c9", "strasse\u00e9t\u00e9"),
    ("\u212a and \u212b signs", "kand\u00e5signs"),  # the Kelvin and Angstrom signs
    ("\u1fb3 \u03b1\u0345", "\u03b1\u03b9\u03b1\u03b9"),  # U+0345 folds into a letter
    ("\u0661\u0662 \uff21", "\u0661\u0662\uff41"),
])
def test_fold_keeps_letters_and_digits_of_any_script_case_folded(text, folded):
    assert fold(text) == folded


def test_fingerprint_tells_different_blocks_apart_and_is_short():
    a, b = block_fingerprint("Related Stories"), block_fingerprint("Related Videos")
    assert a != b
    assert len(a) == 13 and a[0].isdigit()
    assert block_fingerprint("x" * 5000)[0] == "9"


def test_blocks_repeated_across_articles_are_learned():
    pages = [page("News", name, *body(name), NOTICE, SHARE) for name in NAMES[:3]]
    template = learn_template(pages)
    assert template == frozenset(page("News", NOTICE, SHARE))


def test_article_stored_twice_does_not_make_its_paragraphs_template():
    story = page(*body("same"), NOTICE)
    other = page(*body("other"), NOTICE)
    assert learn_template([story, story, other]) == frozenset(page(NOTICE))
    assert learn_template([story, story]) == frozenset()


def test_furniture_outweighing_short_articles_is_learned_whatever_the_pages_order():
    """An agency site: short stories among much more furniture (menus, tags, related
    headlines, a disclaimer). The stories share only furniture, so they are different
    articles however much of each page it is."""
    furniture = [f"Section {name.title()} of the agency portal" for name in NAMES] + [
        f"Related: the {name} affair, as the agency reported it" for name in NAMES]
    stories = [page(f"The {name} story: the agency reports in a few lines what the mayor and "
                    "the council said today.", *furniture) for name in NAMES[:3]]
    for order in (stories, stories[::-1], stories[1:] + stories[:1]):
        assert learn_template(order) == frozenset(page(*furniture))


def test_a_lightly_edited_copy_counts_as_the_same_article():
    first = page(*body("same"), NOTICE)
    edited = page(*body("same")[:-1], "A correction was added at the end.", NOTICE)
    assert learn_template([first, edited]) == frozenset()


def test_threshold_needs_min_pages_and_a_share_of_articles():
    pages = [page(*body(name), "Sponsored by the valley fund" if i < 3 else "")
             for i, name in enumerate(NAMES)]
    assert block_fingerprint("Sponsored by the valley fund") not in learn_template(pages)
    assert block_fingerprint("Sponsored by the valley fund") in learn_template(pages, min_share=0.3)
    single = [page(*body("x"), NOTICE)]
    assert learn_template(single) == frozenset()
    assert learn_template(single, min_pages=1) == frozenset(single[0])


def test_no_pages_no_template():
    assert learn_template([]) == frozenset()
    assert learn_template([(), ()]) == frozenset()


def test_a_paragraph_must_recur_on_more_articles_than_a_notice():
    background = ("Background paragraph reused by the newsroom: " * 8).strip()
    pages = [page(*body(name), NOTICE, *([background] if i < 2 else []))
             for i, name in enumerate(NAMES[:3])]
    template = learn_template(pages)
    assert block_fingerprint(NOTICE) in template
    assert block_fingerprint(background) not in template
    pages.append(page(*body(NAMES[3]), NOTICE, background))
    assert block_fingerprint(background) in learn_template(pages)


def test_strip_template_drops_the_paragraphs_that_are_template_blocks():
    text = "\n\n".join([*body("harbour")[:2], NOTICE])
    assert strip_template(text, frozenset(page(NOTICE))) == "\n\n".join(body("harbour")[:2])
    assert strip_template(text, frozenset()) == text


def test_template_blocks_have_their_samples_and_counts_commonest_first():
    pages = [page(*body(name)[:3], NOTICE, SHARE) for name in NAMES[:4]]
    pages += [page(*body(name)[:3], SHARE) for name in NAMES[4:6]]
    samples = {block_fingerprint(SHARE): block_sample(SHARE)}
    assert template_blocks(SiteTemplate(pages), samples) == [
        TemplateBlock(block_fingerprint(SHARE), SHARE, 6),
        TemplateBlock(block_fingerprint(NOTICE), "", 4)]  # no sample kept: shown as such


def test_a_sample_is_the_blocks_start_on_one_line():
    assert block_sample("SHARE  THIS\nARTICLE") == "SHARE THIS ARTICLE"
    long = block_sample(" ".join(body("harbour")))
    assert len(long) == SAMPLE_CHARS and long.endswith("…")
    assert long.startswith("The opening paragraph of the harbour story")


def test_only_the_samples_of_blocks_a_sites_pages_repeat_are_kept():
    """A page leaves out ~100 blocks; its one-off ones (a caption) can never be the site's
    template, so their samples are not stored; a block its latest pages repeat keeps its."""
    template = SiteTemplate([page(*body(name)[:3], SHARE) for name in NAMES[:3]])
    caption = "Photo: the harbour at dawn, taken from the ferry on Tuesday"
    url = "https://courier.example/harbour"
    removed = ((block_fingerprint(SHARE), SHARE), (block_fingerprint(caption), caption))
    fetched = FetchedPage("Courier", url, [url], Article(url, "Harbour", "Text.",
                                                         removed=removed), text_keys("Text."), [])
    assert template.repeated() == frozenset(page(SHARE))
    kept = with_samples_of(fetched, template.repeated())
    assert kept.article.removed == removed[:1] and kept.article.text == "Text."


AGENCY = ("This story has been published from a wire agency feed without modifications to "
          "the text, and only the headline has been changed by the desk.")


def test_a_sites_first_pages_lose_its_notice_once_the_template_is_learned(
        tmp_path, clock, http_server):
    """The first pages of a new source are stored before its template is known; at the end
    of the run they are cleaned, and their statements reach the digest once."""
    paths, rng = ["/harbour", "/bridge", "/library"], random.Random(5)
    for path in paths:
        name = path.strip("/")
        said = (f"“Russia must hear NATO on security guarantees for the {name},” "
                f"said Mayor Ann {name.title()}son.")
        http_server.routes[path] = respond(200, news_page(
            f"The {name} story", [f"{made_up_words(rng, 30)}." for _ in range(3)] + [said, AGENCY]),
            {"Content-Type": "text/html; charset=utf-8"})
    http_server.routes["/feed.xml"] = respond(200, rss(
        *((f"The {p.strip('/')} story", http_server.url(p)) for p in paths)))
    svc = services(tmp_path, clock, {"Courier": http_server.url("/feed.xml")})
    try:
        report = run_once(svc)
        texts = [r["text"] for r in svc.store.db.query("SELECT text FROM articles")]
        alerts = svc.store.db.execute("SELECT COUNT(*), COUNT(DISTINCT statement_id) "
                                      "FROM alerts").fetchone()
    finally:
        svc.close()
    assert report.counts()["new_articles"] == 3 and len(texts) == 3
    assert not [text for text in texts if "wire agency feed" in text]
    assert all("security guarantees" in text for text in texts)
    assert alerts[0] == alerts[1] == report.counts()["new_statements"] == 3
