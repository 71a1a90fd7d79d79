"""`newswatch statements ARTICLE.txt --explain`: unresolved speakers and why a statement
does or does not reach a digest."""

import pytest

from pipeline.app.cli import main

ARTICLE = """\
Talks end without a deal

Officials said the talks would resume next week in Geneva after a short break.

Russia's Foreign Ministry said Foreign Minister Sergei Lavrov had asked every member \
about their view of the principle.

The hall went quiet when a banner with the words "No deal without the workers" went up.

"The vote was rigged from the start," said.

The senator plans to vote against the bill. He said nothing.

The governor did not say the plan had failed.
"""


def test_explain_shows_unresolved_speakers_and_why_statements_are_dropped(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["statements", str(path), "--explain"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "speaker unresolved: 'Officials' is tied to no name" in shown
    assert "-> relayed: the words are listed under Sergei Lavrov" in shown
    assert "-> reaches a digest on a topic it names" in shown
    assert "-> not reportable: 'plans' reports a belief, intention or act, not words" in shown
    assert "-> not reportable: its cue is negated, what was not said or done" in shown
    banner = ARTICLE.index('"No deal')
    assert f"(no statement) quotation, chars {banner}-{banner + 29}:" in shown
    assert '"No deal without the workers"\n    -> no statement: the grammar found no cue' in shown
    assert "-> no statement: 'said' stands beside it, but no source was read around it" in shown


def test_without_explain_the_listing_has_no_reasons(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["statements", str(path)])
    assert "->" not in capsys.readouterr().out
