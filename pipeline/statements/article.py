"""An article's statements: the frames of every sentence, in text order, with their
speakers resolved.

A content may go on over the next sentences of its paragraph ("A," he said. "B."; "He
added: A. B."); quotations signed with a dash ("...” ― Name") and transcript lines
("PENCE: ...") are statements too; a belief or finding inside another statement's content
is dropped. `describe` lists statements for `newswatch statements ARTICLE.txt`.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections import Counter

from ..models import Span, Statement
from .frames import (
    Found,
    Spans,
    colon_quotation,
    inside_other,
    is_headline,
    sentence_statements,
)
from .lexicon import (
    CUE_LEMMAS,
    CURRENCY_SIGNS,
    DATA_NOUNS,
    DATELINE_DASH,
    DOCUMENT_NOUNS,
    FINITE_AUX,
    FRONTED_CUES,
    FUNCTION_WORDS,
    GENERIC_PERSONS,
    ORG_WORDS,
    PERSON_HEADS,
    PERSON_PRONOUN_GENDER,
    PLACES,
    POSSESSIVE_ENDINGS,
    QUESTION_WORDS,
    QUOTES,
    RELATION_NOUNS,
    ROLE_WORDS,
    SAYING_NOUNS,
    SOURCE_NOUNS,
    STATEMENT_VERBS,
    WORD,
)
from .phrases import is_plural
from .quotes import (
    QUOTE_MARK,
    balanced,
    closes,
    has_quote,
    opens_quote,
    paragraphs,
    quote_spans,
    with_double_quotes,
    without_bullets,
)
from .reportable import cue_lemma, digest_fates
from .resolution import Cast, interviewed, owned_genders, speaker
from .speakers import (
    Entity,
    at,
    dateline_colon,
    full_name_key,
    given_name_gender,
    is_full_name,
    is_organisation,
    mentions,
    split_role,
    titled_alike,
)
from .tokens import ArticleText, article_text, sentence_tokens, split_sentences

# A dateline opening a paragraph: "Moscow, Feb 18", "LOS ANGELES, Sept. 28 (UPI) —",
# "WASHINGTON (Reuters) -". It says where the story was filed, not what anybody said. So
# does a label in capitals ("WATCH:", "READ MORE:"): it names a section, not a speaker.
_DATELINE = re.compile(r"""
    (?:[A-Z][\w.'/-]*(?:\ [A-Z][\w.'/-]*){0,3},\ [A-Z][a-z]{2,8}\.?\ \d{1,2}
       (?:\ \([A-Za-z]+\))?
     | [A-Z]{2,}(?:\ [A-Z]{2,}){0,3}(?:,\ [A-Z][\w.]+)?\ \([A-Za-z]+\)
     | [A-Z]{2,}(?:\ [A-Z]{2,}){0,3}:
     | \d{1,2}[.:]\d{2}\ ?(?:[ap]\.?m\.?)?:?(?=\s))  # a live blog's time: "6:15 a.m. -"
    \s*(?:[—–-]+\s*)?(?=\S)
""", re.X)
_LEDE_CHARS = 100  # the story's first paragraph is longer than a byline or a caption
_LEDE_NEAR = 5  # a headline, a byline and a caption come before the story's first paragraph
_LEDE_PARAS = 8  # or a standfirst, a byline and a time stamp
_DASH_SOURCE = re.compile(r"""
    (?:[”"]|'')\s*(?P<dash>[―—]|(?<=\s)[-–])\s*             # closing mark, then a dash
    (?P<source>[A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){0,4})   # a name
""", re.X)
_LINE_END = re.compile(r"\.?[ \t]*(?:,|\n|$)")  # after a name that signs a quotation
_IDENTIFIED = re.compile(r"""
    (?:[”"]|'')[ \t]*(?:[―—–-][ \t]*|\n\s*)            # closing mark, a dash or a paragraph
    (?P<cue>[Tt]h(?:at|is)(?:[’']s|\s+(?:is|was|has\s+been))\s+the\s+
        (?:[a-z]+\s+){0,2}?(?P<noun>[a-z]+)\s+(?:of|from))\s+  # "That was the reaction of"
    (?P<source>[^,.;:!?\n]+?)                               # whose, up to a mark or a phrase
    (?=\s*[,.;:!?\n]|\s+(?:who|on|at|in|after|when|during|as|to)\b|\s*$)
""", re.X)
# A line's words after its colon that list three names or more ("Iowa: Tim Albrecht, Brad
# Anderson, Rob Barron, Ed Failor Jr.", a team sheet's "GALWAY: E Ruane; S Kelly, J
# McGrath, D Ó Flaithearta; ..., SÓ Fahy (0-5), ..."): who is in a group, no words of the
# one named before the colon.
_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'.\-]*(?: [A-ZÀ-ÖØ-Þ][\w’'.\-]*){1,3}(?: \([\w\s,\-]+\))?"
_NAMES_LISTED = re.compile(rf"{_NAME}(?:(?:[,;] (?:and )?| and ){_NAME}){{2,}}(?:\.?\s*$|[,;])")
_COLON_SOURCE = re.compile(r"""
    [“"]?\s*                                                  # a transcript line may be quoted
    (?!(?:The|A|An)\s)                                       # not a label ("The Latest: ...")
    (?!(?:Correction|Clarification|Update|Updated|Note|Editor[’']s\ [Nn]ote|Disclosure)\s*:)
    (?P<source>(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)   # a short capitalised name
    \s*(?P<colon>:)\s+(?=[^\n]*?[^\W\d_])                   # a colon, then words (not
""", re.X)                                                   # a tally: "Clinton: 1,769")
# How many paragraphs a transcript's turn may run to, and what comes before a sentence.
_TURN_GAP = 4
_SENTENCE_OPENERS = frozenset(".!?:;\"“”'‘’")
# A label in capitals that opens its paragraph ("PHOTOS:", "EDITOR'S NOTE:").
_LABEL = re.compile(r"\s*[A-Z]{2,}(?:[ '’][A-Z]+){0,3}:")
# A colon before a quotation, in its paragraph or at the end of the one before.
_COLON_QUOTE = re.compile(r":[ \t]*\n?[ \t\n]*(?P<mark>“|\"|'')")
_EDGE_TRIM = " \t\n,;:.―—–-“”\"‘’'"
# Words a direct quotation may have outside its marks ("“A” and “B”").
_UNQUOTED_WORDS = 2


def _content_span(text: str, found: Found) -> tuple[int, int]:
    """The content trimmed, past its paragraph's dateline, and past an interrupting
    attribution that no word precedes ("— Lavrov said, he said")."""
    content = _trim(text, _past_dateline(text, _trim(text, found.content)))
    gap = _interruption(found)
    if content[0] <= gap[0] < content[1] and not WORD.search(text, content[0], gap[0]):
        return _trim(text, (max(gap[1], content[0]), content[1]))
    return content


def _past_dateline(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A content that opens its paragraph starts after the paragraph's dateline."""
    start, end = span
    if start and text[start - 1] != "\n":
        return span
    dateline = _DATELINE.match(text, start, end)
    return (dateline.end(), end) if dateline else span


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop edge punctuation, spaces and outer quotation marks from a span."""
    start, end = span
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return start, end


def _signs(text: str, start: int, m: re.Match[str]) -> bool:
    """Whether the dash after the quotation starting at `start` signs it: the quotation is
    no aside between dashes ('lamented her gaffes - "does she ...?" - Democrats in Iowa
    said'), and a hyphen's name ends its line or goes on to a role after a comma."""
    if text[max(0, start - 4):start].rstrip().endswith(("-", "–", "—", "―")):
        return False
    return m.group("dash") in "―—" or _LINE_END.match(text, m.end("source")) is not None


def _without_stop(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A signature without the full stop that ends its line ("- Sanders."), but with an
    abbreviation's ("Jr.")."""
    start, end = span
    return (start, end - 1) if text[end - 1] == "." and text[end - 3:end - 1].islower() else span


def _signed_quotes(text: str, quotes: list[tuple[int, int]],
                   paras: list[tuple[int, int]]) -> list[Found]:
    """Quotations signed with a dash ("...” ― Name") or named right after ('“...”¶That was
    the reaction of Federated Farmers president Wayne Langford', '“...” — that's the view
    of X'), and lines "Name: ..." (interview transcripts, headlines). Such a line is a
    speaker's when the prose names them too, or the name is a transcript's capitals
    (`_transcript_turns`); a list of headlines ("Iowa Shooting: Two Killed") or a label
    ("READ MORE:", "WATCH:") is not."""
    out = []
    for start, end in quotes:
        closing = end - (2 if text[end - 2:end] == "''" else 1)
        m = _DASH_SOURCE.match(text, closing)
        if m and _signs(text, start, m):
            out.append(Found(_without_stop(text, m.span("source")), m.span("dash"), (start, end)))
        elif (m := _IDENTIFIED.match(text, closing)) and m.group("noun") in SAYING_NOUNS:
            out.append(Found(m.span("source"), m.span("cue"), (start, end)))
    lines = {k: m for k, (start, end) in enumerate(paras)
             if text.find(":", start, start + 120) >= 0  # spares most paragraphs the regex
             and (m := _COLON_SOURCE.match(text, start, end)) and _names(m.group("source"))
             and m.group("source").split(None, 1)[0].lower() not in FRONTED_CUES  # "Said X:"
             and m.group("source").lower() not in CUE_LEMMAS  # "Posted: 6:12 PM": a label
             and not _NAMES_LISTED.match(text, m.end(), end)
             and not _heads_no_statement(m.group("source"), text, m.end())}
    if not lines:
        return out
    names = {k: _names(m.group("source")) for k, m in lines.items()}
    lede = _colon_dateline(text, paras)
    if lede in lines and list(names.values()).count(names[lede]) == 1:
        del lines[lede], names[lede]  # "Dubai: Retailers ...": the first paragraph's
        # dateline, not a transcript's turn
    prose = _without(text, [paras[k] for k in lines])
    turns = _transcript_turns({k: n for k, n in names.items() if n.isupper()}, prose)
    for k, m in lines.items():
        if (not names[k].isupper() and _under_heading(text, paras, k, lines)) or _figures(
                text, m.end()):
            continue  # "UP NEXT\n\nRidgeview: Hosts Carver Tech on Wednesday.": a listing;
            # "Revenue: $3.12 billion vs. $3.21 billion expected": a measure's figures
        if k in turns or (not names[k].isupper() and _named_in_prose(names[k], prose)
                          and not _asks(text, m.end())):
            out.append(Found(m.span("source"), m.span("colon"), (m.end(), _turn_end(
                text, paras, k, lines))))
    return out


def _heads_no_statement(source: str, text: str, start: int) -> bool:
    """Whether a line's "Name:" heads no one's words: a place's name before a topic
    ("Germany: Coalition row over heating law ...", not a quotation), or a name before
    contact details ("Contact Marcus Ellery: mellery@freepress.com")."""
    low = source.lower()
    return _CONTACT.match(text, start) is not None or (
        low in PLACES and low not in ORG_WORDS and text[start:start + 1] not in QUOTES)


def _figures(text: str, start: int) -> bool:
    """Whether a line goes on from `start` with figures and no verb ("$3.12 billion vs.
    $3.21 billion expected"), not a clause ("Poll: 3 battleground Senate races are tight")."""
    if _FIGURES.match(text, start) is None:
        return False
    end = text.find("\n", start)
    return FINITE_AUX.isdisjoint(text[start:end if end >= 0 else len(text)].lower().split())


# An e-mail address or a web address.
_CONTACT = re.compile(r"[\w.+\-]+@[\w\-]+\.\w|https?://|www\.")
# A line's figures: a number or an amount first ("$3.12 billion vs. ...", "87 cents"), its
# currency a sign or a code of up to three letters ("Dh5,000", "Rs 500", "AED 1,000"), a
# change its sign ("Butter: -1.2% to $6,480 a ton").
_SIGNS = "".join(sorted(CURRENCY_SIGNS))
_FIGURES = re.compile(rf"\s*[+\-−]?(?:[{_SIGNS}]|[A-Z][A-Za-z]{{0,2}}\$? ?)?\d")


def _turn(found: Found) -> bool:
    """Whether a statement is an interview's answer, a line opened by "A:"."""
    return found.source is not None and found.source[1] - found.source[0] == 1 and (
        found.cue[1] - found.cue[0] == 1)


def _names(source: str) -> str:
    """The name a line's "Name:" gives: a one-letter name is an interview's turn ("Q:",
    "A:"; "A" is no article there)."""
    return source if len(source) == 1 and source.isupper() else split_role(source)[0]


def _asks(text: str, start: int) -> bool:
    """Whether the words after a line's "Name:" open with a question word: the topic a
    label heads ("Analysis: Why the Fed will hold rates"), no one's statement."""
    word = WORD.search(text, start, start + 20)
    return word is not None and word.group().lower() in QUESTION_WORDS


def _named_in_prose(name: str, prose: str) -> bool:
    """Whether the prose names one whose line opens with `name`: its last word, as a word
    ("Flood" is not named in "Floods" or in "the flood"), or a finding's source ("Poll:
    Clinton and Trump in dead heat")."""
    last = name.split()[-1]
    return last.lower() in DATA_NOUNS or any(
        " " in name or _alone_or_named(prose, m.start())
        for m in re.finditer(rf"\b{re.escape(last)}\b", prose))


def _alone_or_named(prose: str, start: int) -> bool:
    """Whether a word at `start` is no more than the end of a body named for a place ("New
    Zealand Cricket": a section's label "Cricket:" names no one; "Christopher Luxon" and
    "Luxon said" name the one whose line "Luxon:" opens)."""
    before = _PLACE_BEFORE.search(prose, 0, start)
    return before is None or before.group(1).lower() not in PLACES


# Up to two capitalised words before a name's last ("New Zealand | Cricket").
_PLACE_BEFORE = re.compile(r"\b([A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*)?) $")


def _under_heading(text: str, paras: list[tuple[int, int]], k: int,
                   lines: dict[int, re.Match[str]]) -> bool:
    """Whether the lines opened by a name before paragraph k (and k itself) follow a
    section heading in capitals ("BIG PICTURE", "UP NEXT:"): a sports listing's entries,
    one per team, not a transcript's turns."""
    while k - 1 in lines:
        k -= 1
    if k == 0:
        return False
    heading = text[paras[k - 1][0]:paras[k - 1][1]].strip()
    return 0 < len(heading) <= _HEADING_CHARS and heading.isupper() and ":" not in heading[:-1]


_HEADING_CHARS = 30  # a section heading in capitals is short ("BIG PICTURE", "UP NEXT")


def _transcript_turns(caps: dict[int, str], prose: str) -> set[int]:
    """The paragraphs (keys of `caps`, the lines opened by a name in capitals) that are a
    speaker's turns in a transcript, not labels ("READ MORE:", "WATCH:", "KEEPING SCORE:"):
    a name the article uses for someone elsewhere, in the prose ("FALLIN:" and "Gov. Mary
    Fallin") or in a fuller name ("BOULDUAN:" and "KATE BOULDUAN:"); a turn next to such a
    speaker's turn ("WALLACE:" answered by "PENCE:"); and a one-letter name that recurs
    ("Q:"), an interview's questions."""
    surnames = Counter(n.split()[-1] for n in caps.values())
    turns = {k for k, n in caps.items() if _names_someone(prose, n.split()[-1].title()) or (
        any(n != other and n.split()[-1] in other.split() for other in caps.values()))
        or (len(n) == 1 and surnames[n] > 1)}
    order = sorted(caps)
    near = {k for a, b in itertools.pairwise(order) if b - a <= _TURN_GAP
            and (a in turns or b in turns) for k in (a, b)}
    return turns | near


def _names_someone(prose: str, word: str) -> bool:
    """Whether a capitalised word stands inside a sentence of the prose, where a capital
    marks a name ("said Fallin", "Gov. Mary Fallin"), not at its start ("More than ...")."""
    i = prose.find(word)
    while i >= 0:
        end = i + len(word)
        before = prose[:i].rstrip()[-1:]
        if not prose[i - 1:i].isalnum() and not prose[end:end + 1].isalnum() and before and (
                before not in _SENTENCE_OPENERS):
            return True
        i = prose.find(word, end)
    return False


_CLOSING_MARKS = ("”", '"', "''")  # marks that close a quotation


def _turn_end(text: str, paras: list[tuple[int, int]], k: int,
              lines: dict[int, re.Match[str]]) -> int:
    """End of a speaker's turn that opens paragraph k: it goes on over the paragraphs that
    open with a quotation mark, the convention for a quotation of several paragraphs,
    unless its own paragraph closes its quotation ('Clinton: "..."' before '“...,” Ebeling
    said': the next quotation is another's)."""
    if text[paras[k][0]:paras[k][1]].rstrip().endswith(_CLOSING_MARKS):
        return paras[k][1]
    while k + 1 < len(paras) and k + 1 not in lines and QUOTE_MARK.match(text, paras[k + 1][0]):
        k += 1
    return paras[k][1]


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text minus some sorted, disjoint spans."""
    keep, prev = [], 0
    for start, end in spans:
        keep.append(text[prev:start])
        prev = end
    return "".join([*keep, text[prev:]])


def _found_all(text: str) -> list[Found]:
    """Every attribution in the text, in the order of their cues."""
    paras = paragraphs(text)
    quotes = quote_spans(text, paras)
    art = article_text(text, quotes)
    sentences = _past_datelines(text, paras, art, split_sentences(text, quotes, art.tokens))
    found = _walk(art, sentences)
    taken = {f.content for f in found}
    found.extend(f for f in _signed_quotes(text, quotes, paras) if f.content not in taken)
    found.extend(_colon_quotations(art, sentences, found))
    found.extend(_headline_quotation(art, found))
    found.extend(_carried_over(text, quotes, found))
    found = _without_listed(text, _by_paragraph(text, quotes, found))
    return _without_embedded(sorted(found, key=lambda f: f.cue))


def _without_listed(text: str, found: list[Found]) -> list[Found]:
    """The statements but those in a list of other stories under a label alone on its line
    ("READ MORE:\nVillagers fear being cut off as council confirms bus cuts\n..."), up to
    the next blank line, or in the headline after such a label on its line ("READ MORE:
    What an amber warning means"): headlines of other stories, nothing this one reports;
    nor a heading of up to three words over a list ("Key figures:\n- ..."), no speaker's."""
    spans = [(m.end(), _list_end(text, m.end())) if m.group("alone") else m.span()
             for m in _LISTED_UNDER.finditer(text)]  # the label's colon is no one's cue
    spans += [m.span() for m in _LIST_HEADING.finditer(text)]
    return [f for f in found if not any(a <= f.cue[0] < b for a, b in spans)] if spans else found


def _list_end(text: str, start: int) -> int:
    """Where a list of headlines from `start` ends: at a blank line, or before a line too
    long for a headline."""
    end = start
    while end < len(text) and text[end] != "\n":
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - end > _HEADLINE_CHARS:
            break
        end = line_end + 1
    return end


# A heading of up to three words on its line, over a list ("Key figures:\n- Average ...").
_LIST_HEADING = re.compile(r"^[ \t]*\S+(?:[ \t]+\S+){0,2}:[ \t]*\n(?:[ \t]*\n)?[ \t]*[-•*–][ \t]",
                           re.M)
# A label before other stories' headlines ("READ MORE:", "Related:", "Read:"), in capitals
# or not ("MORE:" only in capitals): alone on its line, before a list of them, or before
# one on its line. ("WATCH:" may head a quotation the video holds.)
_LISTED_UNDER = re.compile(r"""^[ \t]*(?:(?i:READ\ MORE|ALSO\ READ|READ\ NEXT|SEE\ ALSO
    |RELATED(?:\ STORIES|\ CONTENT)?|MORE\ STORIES|RECOMMENDED|READ)|MORE):[ \t]*
    (?:(?P<alone>\n)|(?P<line>.+))""", re.M | re.X)
_HEADLINE_CHARS = 140  # a line longer than this is no other story's headline


def _colon_dateline(text: str, paras: list[tuple[int, int]]) -> int | None:
    """The story's first paragraph (past its headline, byline and caption), if a dateline
    with a colon opens it ("Dubai: Retailers ...", "PUNE: Municipal commissioner ...").
    Past a standfirst, a byline and a time stamp, only where no other long paragraph opens
    with a name and a colon, as a transcript's turns do ("TAPPER: ...", "TRUMP: ...")."""
    lede = next((k for k in range(1, min(len(paras), _LEDE_PARAS)) if (
        k == 1 or paras[k][1] - paras[k][0] > _LEDE_CHARS) and dateline_colon(
            text, *paras[k])), None)
    if lede is None or lede < _LEDE_NEAR:
        return lede
    return None if any(k != lede and end - start > _LEDE_CHARS and _COLON_SOURCE.match(
        text, start, end) for k, (start, end) in enumerate(paras)) else lede


def _past_datelines(text: str, paras: list[tuple[int, int]], art: ArticleText,
                    sentences: list[range]) -> list[range]:
    """The sentences with each paragraph's dateline ("WASHINGTON (AP) —", "MANCHESTER,
    N.H. -", "New York (AFP) –") cut off as a sentence of its own: it tells where the story
    was filed, and the subject of the sentence comes after it ("WASHINGTON — Hillary
    Clinton rallied supporters, saying ..."). A dateline with a colon ("Dubai: Retailers
    ...") is left out, as a colon that ends a sentence opens the next one's words."""
    cuts = [m.end() for start, end in paras if (  # a test on two characters spares most
        text[start + 1:start + 2].isupper() or text.find(" (", start, start + 40) > 0)
        and (m := DATELINE_DASH.match(text, start, end))]
    lede = _colon_dateline(text, paras)
    colon = dateline_colon(text, *paras[lede]) if lede is not None else None
    if not cuts and colon is None:
        return sentences
    firsts = [sentence.start for sentence in sentences]
    for cut in [*cuts, *([colon.end()] if colon else [])]:
        first = bisect.bisect_left(art.tokens.start, cut)
        k = bisect.bisect_right(firsts, first) - 1
        if k >= 0 and sentences[k].start < first < sentences[k].stop:
            whole = sentences[k]
            kept = [range(first, whole.stop)] if colon and cut == colon.end() else [
                range(whole.start, first), range(first, whole.stop)]
            sentences[k:k + 1] = kept
            firsts[k:k + 1] = [r.start for r in kept]
    return sentences


def _colon_quotations(art: ArticleText, sentences: list[range], found: list[Found]) -> list[Found]:
    """Quotations introduced by a colon after a clause with no cue ("Smith was blunt: “...”",
    or a colon that ends its paragraph, before a quoted one) that no statement has taken."""
    text, quotes = art.text, art.quotes
    if ":" not in text:
        return []
    starts = [q[0] for q in quotes]
    firsts = [art.tokens.start[s.start] for s in sentences]
    out = []
    for m in _COLON_QUOTE.finditer(text):
        q = bisect.bisect_left(starts, m.end() - len(m.group("mark")))
        if q == len(quotes) or quotes[q][0] != m.end() - len(m.group("mark")) or _within(
                m.start(), quotes, starts) or any(c[0] <= quotes[q][0] + 1 < c[1] for c in (
                    f.content for f in found)):
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        if _LABEL.fullmatch(text, line, m.start() + 1) or _other_story(art, line):
            continue  # "PHOTOS: “...”": a section's label, or another story's headline
        k = bisect.bisect_right(firsts, m.start()) - 1
        colon = bisect.bisect_left(art.tokens.start, m.start(), sentences[k].start)
        said = next((f for f in found if f.source and 0 <= f.content[1] - m.start() <= 1
                     and not text.startswith("to ", f.content[0])), None)  # an infinitive
        # is an intention's ("anyone planning to light fires:"), not the quotation's voice
        statement = colon_quotation(art, sentences[k], colon, quotes[q], said)
        if statement is not None:
            out.append(statement)
    return out


def _headline_quotation(art: ArticleText, found: list[Found]) -> list[Found]:
    """A headline that opens with a quotation and a colon before its speaker's statement
    ("‘We’re broke’: Council boss warns of cuts"): the quotation is that speaker's too;
    or with a quotation signed after a dash ("‘We’re broke’ - Wellington mayor"). Either
    is the speaker's whose words in the story it repeats, if one's do."""
    quote = art.quotes[0] if art.quotes else None
    if quote is None or quote[0] > 0:
        return _headline_signed(art, found)
    signed = _HEADLINE_DASH.match(art.text, quote[1], art.first_line_end)
    if signed and not _may_sign(signed.group("source")):
        signed = None  # not "- and ...", "– anger as council votes to shut ..."
    colon = _HEADLINE_COLON.match(art.text, quote[1])
    repeated = _repeated(art.text, quote, found) if signed or colon else None
    if repeated is not None:
        return [repeated._replace(content=quote, link="", gap=None, embeddable=False)]
    if signed:
        return [Found(signed.span("source"), signed.span("dash"), quote)]
    if not colon:
        return []
    said = next((f for f in found if f.source and quote[1] < f.cue[0] < art.first_line_end
                 and _cue_lemma(art.text, f) in STATEMENT_VERBS), None)  # not "feels"
    if said:
        return [said._replace(content=quote, link="", gap=None, embeddable=False)]
    subject = _HEADLINE_SUBJECT.match(art.text, colon.end(), art.first_line_end)
    if subject and _speaks(art.text, subject.group("source"), found):
        return [Found(subject.span("source"), colon.span(0), quote)]
    return []


def _headline_signed(art: ArticleText, found: list[Found]) -> list[Found]:
    """A headline with no quotation signed after a dash by one who speaks in the story
    ("Govt will not back down on pay equity - Willis", "... - Wellington mayor"): the
    headline is their statement; not a section's name ("Budget 2025 - live updates") nor
    a headline with a statement of its own."""
    text, end = art.text, art.first_line_end
    signed = _HEADLINE_DASH.search(text, 0, end)
    if signed is None or signed.start() == 0 or any(f.cue[0] < end for f in found):
        return []
    name = signed.group("source").split()[-1]
    if name.lower() in FUNCTION_WORDS or not any(f.source and re.search(
            rf"\b{re.escape(name)}\b", text[slice(*f.source)], re.I) for f in found):
        return []  # a name or role the story's sources hold ("Willis", "mayor")
    return [Found(signed.span("source"), signed.span("dash"), (0, signed.start()))]


def _may_sign(words: str) -> bool:
    """Whether the words after a headline's dash can be who signs it: a name or a role
    ("Willis", "Wellington mayor", "Minister of Health"), no clause of the headline's
    own ("anger as council votes to shut three rural schools")."""
    low = words.lower().split()
    return low[0] not in FUNCTION_WORDS and all(
        w not in FUNCTION_WORDS or w in _NAME_LINK_WORDS for w in low)


_NAME_LINK_WORDS = frozenset({"of", "for", "the", "and"})  # "Minister of Health"


def _repeated(text: str, quote: tuple[int, int], found: list[Found]) -> Found | None:
    """The first statement in the story whose words hold those of the headline's quotation
    ("‘It's a kick in the guts’: Farmers fume" and, below, “It's a kick in the guts for
    every farmer,” Langford said)."""
    words = " ".join(WORD.findall(text[quote[0]:quote[1]].lower()))
    return next((f for f in found if f.source and f.content[0] > quote[1] and words and (
        f" {words} " in " {} ".format(" ".join(WORD.findall(text[slice(*f.content)].lower()))))),
        None)


def _speaks(text: str, name: str, found: list[Found]) -> bool:
    """Whether the subject after a headline's quotation and colon is one who speaks ("‘We
    are not going anywhere’: Mayor defiant after vote"): a person's role or kind
    ("Mayor", "Farmers"), or a name a source in the story holds; not "Floods hit ..."."""
    head = name.split()[-1].lower()
    if head in FUNCTION_WORDS:
        return False  # "A mosque feels ..."
    return head in ROLE_WORDS or head in SOURCE_NOUNS or head in PERSON_HEADS or any(
        f.source and re.search(rf"\b{re.escape(name)}\b", text[f.source[0]:f.source[1]])
        for f in found)


_HEADLINE_COLON = re.compile(r"[ \t]*:")
# The subject that opens a headline's clause after a quotation and a colon: capitalised
# words before a lower-case word ("Mayor defiant", "Farmers count", "Luxon on").
_HEADLINE_SUBJECT = re.compile(
    r"[ \t]+(?P<source>[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*){0,3})(?=[ \t]+[a-z])")
# A headline's quotation signed after a dash, to the line's end: "- Wellington mayor".
_HEADLINE_DASH = re.compile(
    r"[ \t]+(?P<dash>[-–—―])[ \t]+(?P<source>\w[\w’'.\- \t]{0,60}?)[ \t.]*$")


def _other_story(art: ArticleText, line: int) -> bool:
    """Whether the line starting at `line` is the headline of another story: title case,
    below the text's first line (a list of related stories)."""
    if line < art.first_line_end:
        return False
    end = art.text.find("\n", line)
    starts = art.tokens.start
    first = bisect.bisect_left(starts, line)
    last = bisect.bisect_left(starts, len(art.text) if end < 0 else end)
    return is_headline(sentence_tokens(art.tokens, first, last))


def _within(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a position lies inside one of some sorted, disjoint spans (`starts` are
    their starts)."""
    k = bisect.bisect_right(starts, position) - 1
    return k >= 0 and spans[k][0] < position < spans[k][1]


# A line break, then a quotation mark that reopens a quotation going on over paragraphs.
_REOPENING = re.compile(r"\n\s*(''|[“”\"])")


def _carried_over(text: str, quotes: list[tuple[int, int]], found: list[Found]) -> list[Found]:
    """A paragraph that is wholly a quotation, with no attribution of its own, after a
    paragraph whose last statement is a speaker's quotation: by the newsroom convention the
    speaker carries over ("“A,” Smith said.\n\n“B.”" gives B to Smith too), paragraph after
    paragraph, until one that is not wholly a quotation. So does the speaker of a cue that
    says nothing yet ("Greenpeace spokesperson Amanda Larsson disagreed.\n\n“B.”"). Each
    paragraph is a statement of its own, as readers and annotators count quotations. (A
    quotation split by its attribution inside one paragraph, "“A,” he said. “B.”", stays
    one statement: see `_walk`.)"""
    out: list[Found] = []
    for quote in quotes:
        if quote[0] and text[quote[0] - 1] != "\n" and text[quote[0] - 1] != " ":
            continue  # the quotation does not open a line: the common case, told cheaply
        para = _whole_paragraph(text, quote)
        if para is None or _subheading(text, quote) or any(f.content == quote or (
                f.cue[0] < para[1] and para[0] < f.content[1] and (
                    f.content[0] < para[1] or para[0] <= f.cue[0])) for f in found):
            continue  # not a paragraph of its own, one with a statement in it or signed after it
        end = para[0] - 1  # the previous paragraph ends at a line break, past blank lines
        while end > 0 and not text[text.rfind("\n", 0, end) + 1:end].strip():
            end = text.rfind("\n", 0, end)
        start = text.rfind("\n", 0, end) + 1
        prev = max((f for f in [*found, *out] if f.source and _ends_in(text, f, start, end)
                    and not _asks_anonymity(text, f.content)),
                   key=lambda f: (max(f.content[1], f.cue[1]), not f.embeddable), default=None)
        # of two ending together, a speaker's words before a hope's: "..., who ... was
        # hoping to be redeployed, told The Times he had ...": "told", not "hoping"
        if prev is not None and (_is_quotation(text, prev) or _is_said(text, prev) or (
                _says_nothing(text, prev))):
            out.append(prev._replace(content=quote, link="", gap=None, embeddable=False))
        elif prev is None and (answer := _answer(text, start, end, quote)) is not None:
            out.append(answer)
    return out


def _asks_anonymity(text: str, content: tuple[int, int]) -> bool:
    """Whether a content only asks that its speaker go unnamed ("who asked not to be
    named", "declined to be identified", with the reason: "... because he feared for his
    job", "... for fear of reprisals"): a term of the interview, no statement, nor one
    that the quoted paragraph after it goes on with."""
    return _ANONYMITY.fullmatch(text, *content) is not None


_ANONYMITY = re.compile(r"(?:not\s+)?to\s+be\s+(?:named|identified)(?:,?\s+(?:because|for\s+fear"
                        r"|as|since|so|while|given|due\s+to|in\s+order)\b[^\"“”]*)?"
                        r"(?:,\s+(?:told|said|says)\b[^\"“”]*)?\W*")  # (run on into the
# main clause: "a worker in her 30s who asked not to be named, told me she'd ...")


def _answer(text: str, start: int, end: int, quote: tuple[int, int]) -> Found | None:
    """A quoted paragraph after a question of the writer's (a paragraph that asks, with no
    quotation: "When will the rain ease?"), in an interview the text introduced ("We put
    some of your questions to MetService meteorologist Ana Pereira."): the answer, the
    interviewee's words."""
    asked = text[start:end].strip()
    if not asked.endswith("?") or any(mark in asked for mark in '"“”'):
        return None
    named = interviewed(text, start)
    if named is None:
        return None
    asking, who, end = named
    return Found((who, end), (asking, who - 1), quote)  # the cue: "questions to"


def _ends_in(text: str, found: Found, start: int, end: int) -> bool:
    """Whether a statement ends in the paragraph text[start:end]: its content does, or its
    cue does when it says nothing yet ("Labour disagreed.")."""
    return start < found.content[1] <= end or (
        start <= found.cue[0] < end and _says_nothing(text, found))


# Short words a title-case line keeps in lower case ("Legend in the Coal Fields").
_TITLE_LOWER = frozenset("a an the of in on at to for by and or but with from".split())


def _subheading(text: str, quote: tuple[int, int]) -> bool:
    """Whether a quoted paragraph is a subheading, not a speaker's words going on: in title
    case ("'Legend in the Coal Fields.'", "'All Bets Are Off.'"), or short with no stop
    before its closing mark, as British crossheads quote a line of the story ("‘Rural
    schools under pressure’")."""
    words = [w for w in re.split(r"[^\w’']+", text[quote[0]:quote[1]]) if w[:1].isalnum()]
    return 1 < len(words) <= 10 and (all(
        w[:1].isupper() or w.lower() in _TITLE_LOWER for w in words) or (
        len(words) <= 8 and text[quote[1] - 2:quote[1] - 1].isalnum()))


def _is_block(text: str, quote: tuple[int, int]) -> bool:
    """A quotation that opens a paragraph after one that a colon ends: an excerpt set off
    ("The Times reports:", "Transcript as follows:"), one statement however long."""
    line = text.rfind("\n", 0, quote[0])
    return line > 0 and not text[line:quote[0]].strip() and text[
        max(0, line - 80):line].rstrip().endswith(":")


def _by_paragraph(text: str, quotes: list[tuple[int, int]], found: list[Found]) -> list[Found]:
    """A quotation that goes on over paragraphs, reopening in each ('“A.\n\n“B.”', the
    newsroom convention), is a statement per paragraph, all of its speaker's: a content
    that runs over several is cut where each reopens, and one that stops at the end of
    the first goes on with the rest, unless another statement is there. A line that does
    not reopen it (a signature, "Donald Trump") stays with the paragraph before."""
    going_on = [(q, cuts) for q in quotes if "\n" in text[q[0]:q[1]] and not _is_block(
        text, q) and (cuts := [m.start(1) for m in _REOPENING.finditer(text, *q)])]
    if not going_on:
        return found  # the common case
    out: list[Found] = []
    for f in found:
        q, cuts = next(((q, cuts) for q, cuts in going_on
                        if f.content[0] < q[1] and q[0] < f.content[1]), ((0, 0), []))
        inside = [c for c in cuts if f.content[0] < c and WORD.search(text, c, f.content[1])]
        bounds = [f.content[0], *inside, f.content[1]]
        out.extend(f._replace(content=(a, b)) for a, b in itertools.pairwise(bounds))
        rest = [c for c in cuts if f.content[0] < c and c not in inside]  # past its words
        if rest and not inside and q[0] <= f.content[0] and not any(
                (o.content[0] < q[1] and rest[0] <= o.content[1]) or rest[0] <= o.cue[0] < q[1]
                for o in found if o is not f):
            out.extend(f._replace(content=(a, b), link="", gap=None, embeddable=False)
                       for a, b in itertools.pairwise([*rest, q[1]]))
    return out


def _is_said(text: str, found: Found) -> bool:
    """Whether a statement reports speech with a verb of speech ("Brown said the council
    had no choice", "Barrett conceded his side had been beaten"), after which a quoted
    paragraph goes on with the speaker's words; not a question, which it may answer."""
    return _cue_lemma(text, found) in _REPORTED_BEFORE_QUOTATION or _according_to_person(
        text, found)


def _cue_lemma(text: str, found: Found) -> str:
    return cue_lemma(text[found.cue[0]:found.cue[1]])


def _whole_paragraph(text: str, quote: tuple[int, int]) -> tuple[int, int] | None:
    """The paragraph a quotation fills alone, with no word outside its marks; else None."""
    start = text.rfind("\n", 0, quote[0]) + 1
    end = text.find("\n", quote[1])
    end = len(text) if end < 0 else end
    if text[start:quote[0]].strip() or WORD.search(text, quote[1], end):
        return None
    return start, end


def _without_embedded(found: list[Found]) -> list[Found]:
    """Drop a belief, intention or finding reported inside another statement's content ("X
    said she plans to ...", "he noted the polls show ..."): it is part of what the outer
    source says, not an attribution of its own. Speech inside speech ("X said Y told
    him ...") stays, as it reports a second utterance, unless a modal makes it one yet to
    happen ("X said Y will announce ...")."""
    contents = Spans([f.content for f in found if not _turn(f)])  # an interview's answer
    # holds the speaker's own beliefs ("A: I think ..."), each an attribution of its own
    shared = Counter(f.content for f in found)  # "warned that conditions were expected to
    # worsen": the finding's content is the warning's too, and holds its cue
    return [f for f in found if not (f.embeddable and (inside_other(f, contents) or (
        shared[f.content] > 1 and f.content[0] <= f.cue[0] < f.content[1])))]


def _walk(art: ArticleText, sentences: list[range]) -> list[Found]:
    """Statements sentence by sentence. A quotation goes on over the following sentences of
    its paragraph that open with a quotation mark and have no cue of their own ("A," he
    said. "B."), and so does content introduced by a colon ("He added: A. B."). After what
    a speaker said or told in reported words, a quotation that fills the next sentence is
    that speaker's, a statement of its own ('Palmer said rates would bite. "We are at
    breaking point."'), as after a sentence with no statement that opens with a name
    ('Bishop laughed. "I'm not going anywhere."')."""
    text, toks = art.text, art.tokens
    spans = [(toks.start[s.start], toks.end[s.stop - 1]) for s in sentences]
    found: list[Found] = []
    going_on: int | None = None  # index in `found` of a content that may go on
    said: Found | None = None  # a sentence's last statement, in reported words after "said"
    taken = False  # whether the sentence before went on with an earlier statement
    quiet = False  # whether the sentence before holds no statement and goes on with none
    busy = _busy_sentences(art, sentences)
    for k, span in enumerate(spans):
        if going_on is not None and _block_quotation(text, found[going_on].content, span):
            found[going_on] = _gone_on(found[going_on], span)
            taken = True
            continue
        here = [_linked(text, f, spans, k, taken) for f in sentence_statements(
            art, sentences[k], busy[k])] if k in busy else []
        found.extend(here)
        after_quiet, quiet = quiet and not taken, not here
        taken = False
        if here:
            going_on = next((i for i in range(len(found) - 1, len(found) - len(here) - 1, -1)
                             if _may_go_on(text, found[i])), None)
            said = _last_said(text, here)
        elif going_on is not None and _goes_on(text, found[going_on].content, span):
            found[going_on] = _gone_on(found[going_on], span)
            taken = True
        elif said is not None and _goes_on(text, said.content, span) and _whole_quotation(
                text, span):
            found.append(said._replace(content=span, link="", gap=None, embeddable=False))
            going_on, said, taken = len(found) - 1, None, True
        elif after_quiet and (subject := _subject_quoted(art, sentences[k - 1], span)):
            found.append(subject)
            going_on, said, taken = len(found) - 1, None, True
        else:
            going_on = said = None
    return found


def _name_words(words: list[str]) -> list[str]:
    """The words of a subject from its name on: a description before a name of two words
    or more is left out ("Greenpeace spokesperson Amanda Larsson")."""
    lower = max((k for k, word in enumerate(words) if not word[:1].isupper()), default=-1)
    return words[lower + 1:] if 0 <= lower <= len(words) - 3 else words


# Capitalised words that open a sentence and name no one ("Why was he ...", "One provided").
_NOT_NAMES = frozenset({"why", "how", "what", "one", "i", "we", "they", "it", "this", "that",
                        "there", "some", "many"})


def _subject_quoted(art: ArticleText, before: range, span: tuple[int, int]) -> Found | None:
    """A quotation that fills its sentence, with no cue, after a sentence of its paragraph
    that holds no statement and opens with a name: the words of that sentence's subject,
    as after a colon ('Bishop rejected that. "Ministers will still ..."'). Not after a
    sentence that opens or ends with a quotation ('Smith was blunt: "A."'), nor after a
    subject that is no name ('The bridge fell. "It was ..."')."""
    text = art.text
    last = before.stop - 1
    opening = art.tokens.start[before.start]
    apart = "\n" in text[art.tokens.end[last]:span[0]]
    if not _whole_quotation(text, span) or QUOTE_MARK.match(text, opening) or (
            text[art.tokens.end[last] - 1] in '"”'):
        return None  # after a quotation its speaker's words go on (`_carried_over`)
    found = colon_quotation(art, before, last, span)
    if found is None or found.source is None or (apart and not _paragraph_after(
            text, opening, span) and not (_whole_paragraph(text, span) and (
                _cue_lemma(text, found) in _REPORTED_BEFORE_QUOTATION))):
        return None  # across paragraphs, after a paragraph of one sentence, or one that
        # ends in a verb of speech ("... She laughed before answering.")
    words = _name_words(text[found.source[0]:found.source[1]].split())
    named = 1 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words) and (
        words[-1].lower() not in _NOT_NAMES and not words[-1].endswith(("’s", "'s")))
    if apart and len(words) == 1:  # across paragraphs, a surname the text named in full
        named = named and re.search(
            rf"[A-Z][\w’'\-]* {re.escape(words[0])}\b", text[:opening]) is not None
    return found if named or " ".join(words) in {"He", "She"} else None  # or a person: "She
    # laughed for a long time before answering.\n\n“Ask me in five years.”"


def _paragraph_after(text: str, opening: int, span: tuple[int, int]) -> bool:
    """Whether a quotation fills the paragraph after one of one sentence, opening at
    `opening` ('Captain Ameliaranne Ekenasio paid tribute to her coach.\n\n"She made us
    believe in ourselves."'): the sentence's subject, if a full name or a surname the text
    gave in full, goes on speaking, as in the paragraph."""
    line = text.rfind("\n", 0, opening)
    return line > 0 and _whole_paragraph(text, span) is not None and not text[
        line + 1:opening].strip()  # a body paragraph, not the headline


# Verbs of speech after whose reported words the quotation that fills the next sentence
# is the speaker's; not after a question, which the next quotation may answer.
_REPORTED_BEFORE_QUOTATION = STATEMENT_VERBS - {"ask", "question"}


def _last_said(text: str, here: list[Found]) -> Found | None:
    """The sentence's last statement if a verb of speech reports it ("said", "conceded"),
    past one reported in its words ("Whanau said she understood the anger"), or if it says
    nothing of its own ("Bishop rejected that."); else None."""
    last = here[-1]
    outer = next((f for f in reversed(here[:-1]) if f.content[0] <= last.cue[0] < f.content[1]),
                 None) if len(here) > 1 else None
    last = outer or last
    lemma = _cue_lemma(text, last)
    return last if last.source and (lemma in _REPORTED_BEFORE_QUOTATION or (
        _says_nothing(text, last))) else None


def _according_to_person(text: str, found: Found) -> bool:
    """Whether "according to" gives a person by name as the source ("According to her
    aunt, Huia Tamatea, the family plans ..."): whose words a quotation after it goes on
    with, as after "said"; not a document's or a body's."""
    if found.source is None:
        return False
    described, _, name = text[found.source[0]:found.source[1]].rpartition(", ")
    return text[found.cue[0]:found.cue[1]].lower() == "according to" and (
        given_name_gender(name) != 0 or (bool(described) and is_full_name(name.split())))


def _says_nothing(text: str, found: Found) -> bool:
    """Whether a statement's content is a mere "that" or "this" ("Bishop rejected that."):
    a quotation after it says what was rejected."""
    return text[found.content[0]:found.content[1]].strip(" .!?,").lower() in {"", "that", "this"}


def _whole_quotation(text: str, span: tuple[int, int]) -> bool:
    """Whether a sentence is a quotation from mark to mark."""
    return bool(QUOTE_MARK.match(text, span[0])) and text[span[0]:span[1]].rstrip(
        " .!?").endswith(_CLOSING_MARKS)


def _gone_on(found: Found, span: tuple[int, int]) -> Found:
    """A content that goes on with the sentence at span. A quotation before its cue leaves
    the whole attribution sentence out of its words ('“A?” Obama asked Republicans. “B?”'
    gives "A? B?"), as it would a split quotation's source and cue."""
    content = (found.content[0], span[1])
    if found.content[1] <= found.cue[0] and found.gap is None:
        return found._replace(content=content, gap=(_interruption(found)[0], span[0]))
    return found._replace(content=content)


def _busy_sentences(art: ArticleText, sentences: list[range]) -> dict[int, list[int]]:
    """The sentences that can hold a statement, by index, with the indices of their cue
    candidates within them: those with a cue candidate or opening with "In" (the others
    are not sliced into tokens). A candidate in no sentence (a label the sentences leave
    out: "READ:", "Published:") is none."""
    firsts = [sentence.start for sentence in sentences]
    busy: dict[int, list[int]] = {}
    for i in art.cue_candidates:
        k = bisect.bisect_right(firsts, i) - 1
        if k >= 0 and i < sentences[k].stop:
            busy.setdefault(k, []).append(i - firsts[k])
    for k, first in enumerate(firsts):
        if k not in busy and art.text.startswith("In ", art.tokens.start[first]):
            busy[k] = []
    return busy


def _may_go_on(text: str, found: Found) -> bool:
    """A content that can go on into the next sentences: a quotation, what a colon opens,
    or words before their cue, as a quotation that follows with no cue of its own is that
    speaker's ("..., Schiff said. “The other factor ...”")."""
    content = found.content
    return content[1] <= found.cue[0] or _after_colon(text, content) or (
        has_quote(text, content) and (content[0] < found.cue[0] or (
            opens_quote(text, content) and not _MENTION.match(text, content[0]))))


def _goes_on(text: str, content: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the sentence at span, in the paragraph of content, continues it: a quotation
    goes on with a sentence that opens with a mark, or with "But" or "And" and a mark ('But
    “Trump's candidacy is strengthened.”'), unless it opens with a quoted term it goes on
    from; unquoted words after a colon with any."""
    if "\n" in text[content[1]:span[0]]:
        return False
    if _OPENS_QUOTED.match(text, span[0]):
        return not _MENTION.match(text, span[0])
    return _after_colon(text, content) and not opens_quote(text, content)


_OPENS_QUOTED = re.compile(r"(?:(?:But|And)\s+)?(?:''|[“”\"])")
# A quoted term of up to three words that the sentence goes on from ('“Non-paper” is a
# diplomatic term', '“personnel changes” could come'): a mention, not words a speaker goes
# on with ("''This was an example of President Obama'' and his team ''...''" is).
_MENTION = re.compile(r"(?:''|[“\"])[^”\"\s,.?!;:']+(?: [^”\"\s,.?!;:']+){0,2}(?:''|[”\"]) [a-z]")


def _block_quotation(text: str, content: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the sentence at span goes on with a content that opens the paragraph after
    a colon ("The governor added:\n\nIt's typical of her. She knows nothing, ..."): a
    quotation set apart as a block, whose words are all the speaker's, cues and all."""
    before = text[max(0, content[0] - 8):content[0]]
    return _after_colon(text, content) and "\n" in before[len(before.rstrip()):] and not (
        opens_quote(text, content)) and "\n" not in text[content[1]:span[0]]


def _after_colon(text: str, content: tuple[int, int]) -> bool:
    return text[max(0, content[0] - 8):content[0]].rstrip().endswith(":")


def _linked(text: str, found: Found, sentences: list[tuple[int, int]], k: int,
            taken: bool) -> Found:
    """"X said:" takes the next sentence as its content; "X asked." after a sentence that
    is wholly a quotation in its paragraph ("“...?” Graham asked.") takes that quotation
    (not the last paragraph's: '“...”¶Labour disagreed.'), nor one that
    another's attribution opens ('The mayor's verdict: “...” Willis did not agree.') or
    that went on with another's (`taken`: '“A,” Penny said. “B.” McIntyre agreed.'); "This
    was said by X." takes the sentence before, past the headline."""
    if found.link == "next" and k + 1 < len(sentences):
        return found._replace(content=sentences[k + 1], link="")
    if found.link == "prev sentence":  # "... ¶This was said by X at a briefing."
        return found._replace(content=sentences[k - 1] if k > 1 else found.content, link="")
    before = sentences[k - 1] if k else (0, 0)
    if found.link == "prev" and k > 0 and not taken and text[before[1] - 1] in "”\"'" and (
            QUOTE_MARK.match(text, before[0])) and "\n" not in text[before[1]:sentences[k][0]]:
        return found._replace(content=before, link="")
    return found


def _content_text(text: str, content: tuple[int, int], found: Found) -> str:
    """The content as one line; when the cue and source interrupt it ("A," he said, "B.")
    they are left out, so the text is the words of the span minus the attribution. A cue
    without a source inside its content is a hedge ("Turnout is expected to rise"): kept."""
    gap = _interruption(found)
    if not (found.source or found.gap) or not content[0] < gap[0] < gap[1] < content[1]:
        return balanced(" ".join(text[content[0]:content[1]].split()))
    left = _trim(text, (content[0], gap[0]))
    right = _trim(text, (gap[1], content[1]))
    stop = "." if _SENTENCE_CLOSED.search(text, left[1], right[0]) and (
        text[left[1] - 1] not in ".?!") else ""
    return balanced(" ".join(f"{text[left[0]:left[1]]}{stop} {text[right[0]:right[1]]}".split()))


# An attribution that closes its sentence between two parts of a quotation ('"A," he
# said. "B."'): the speaker's first sentence ended where the writer put the comma.
_SENTENCE_CLOSED = re.compile(r"[.!?]\s*[\"“‘']?\s*$")


def _interruption(found: Found) -> tuple[int, int]:
    """The attribution that may interrupt a content ("A," he said, "B."): its gap, or its
    cue together with its source."""
    gap, source = found.gap or found.cue, found.source
    if source and not found.gap:
        gap = (min(gap[0], source[0]), max(gap[1], source[1]))
    return gap


def _is_quotation(text: str, found: Found) -> bool:
    """A direct statement: its content is a quotation, interrupted at most by its own
    attribution ("A," he said, "B."), not reported words that open with a quoted phrase
    ("Russia's responsibility for the escalation" can only be regarded as ...), past its
    paragraph's dateline or label."""
    start, end = _past_dateline(text, found.content)
    if not opens_quote(text, (start, end)):
        return False
    gap = _interruption(found)
    stack: list[str] = []
    unquoted, outside_from = 0, None
    for mark in QUOTE_MARK.finditer(text, start, end):
        if stack and _opens_line(text, mark.start(), start):
            continue  # a quotation that goes on into a paragraph reopens it: '"A.\n\n"B."'
        if closes(text, mark, stack):
            stack.pop()
            outside_from = None if stack else mark.end()
        else:
            if not stack and outside_from is not None:
                unquoted += _words_outside(text, (outside_from, mark.start()), gap)
            stack.append(mark.group())
    if not stack and outside_from is not None:
        unquoted += _words_outside(text, (outside_from, end), gap)
    return unquoted <= _UNQUOTED_WORDS


def _opens_line(text: str, i: int, since: int) -> bool:
    """Whether text[i] opens a line that starts after `since`."""
    line = text.rfind("\n", since, i)
    return line >= 0 and not text[line + 1:i].strip()


def _words_outside(text: str, span: tuple[int, int], gap: tuple[int, int]) -> int:
    """How many words of span lie outside gap."""
    return sum(not gap[0] <= m.start() < gap[1] for m in WORD.finditer(text, *span))


def _spoke_at(text: str, cue: tuple[int, int], content: tuple[int, int]) -> int:
    """Where a speaker is last met: at their cue, or at their words in a later paragraph
    (a paragraph wholly their quotation is as recent as "The German said" after it)."""
    return content[0] if text.find("\n", cue[1], content[0]) >= 0 else cue[0]


def extract_statements(text: str) -> list[Statement]:
    """All attributed statements in an article's text, in the order of their cues. Its
    single quotation marks are read, and shown, as double ones."""
    text = with_double_quotes(without_bullets(text))
    named = mentions(text)
    cast = Cast(genders=owned_genders(text))  # speakers and named people or bodies so far
    reach = (0, 0)  # the content reaching furthest so far
    out: list[Statement] = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    said_by: dict[tuple[int, int], Entity | None] = {}  # one mention is one speaker: "They
    # told RNZ ..., and warned ..." (the second cue's "they" met after the first spoke)
    for found in _found_all(text):
        content = _content_span(text, found)
        if not WORD.search(text, *content) or (content, found.cue) in seen:
            continue
        seen.add((content, found.cue))
        while named and named[0].start < found.cue[0]:
            cast.meet(named.pop(0))
        if found.source is None or found.source not in said_by:
            who = speaker(text, found.source, cast, content)
            if found.source is not None:
                said_by[found.source] = who
        else:
            who = said_by[found.source]
        spoke_at = _spoke_at(text, found.cue, content)
        if who is not None and not reach[0] <= spoke_at < reach[1]:
            cast.meet(at(who, spoke_at), spoke=True)  # a cue inside earlier content is
            # no antecedent; one met again is as recent as this cue
            _learn_gender(text, content, found, who, cast)
            if who.person and content[0] > found.cue[1]:
                # those the speaker names in their words are no more recent than they are:
                # "Smith said it was Bishop's decision. It was wrong, he said": Smith
                bisect.insort(named, at(who, content[1]), key=lambda e: e.start)
        if content[1] > reach[1]:
            reach = content
        if not _asks_anonymity(text, content):  # met above, for the pronouns after it
            out.append(_statement(text, found, content, who))
    return _surnames_first(_namesakes_apart(_headline_described(text, out, text.find("\n"))))


def _headline_described(text: str, statements: list[Statement],
                         headline_end: int) -> list[Statement]:
    """A headline's speaker that is a description ("‘We’re not going anywhere’: Mayor
    defiant", "- Wellington mayor") is the first speaker of the story whose role it names
    ("Auckland mayor Wayne Brown" for "Mayor", not for "Wellington mayor"), and one that
    is anyone's noun ("Man denies killing business partner") the first whose source the
    story gave as that noun ("A Christchurch man accused of ... told police"): the story
    names who the headline describes. So does a standfirst ("..., while the mayor says the
    city will press ...") or a live page's heading the post below it ("Transport secretary
    says strike is ‘unjustified’", then "Transport Secretary Helen Marsh has said ..."). A
    description in the lede, the story's first paragraph with a statement ("A coroner has
    said there were ..."), is whom the story names with its role, above it or below ("the
    senior coroner for West Yorkshire, Karen Whitlock, said")."""
    if headline_end < 0 or not any(st.unresolved and st.cue_span for st in statements):
        return statements  # the common case
    lede = _lede(text, statements, headline_end)

    def named_below(st: Statement) -> Statement:
        if not st.unresolved or not st.cue_span:
            return st
        end = headline_end if st.cue_span.start < headline_end else _heading_end(
            text, st.cue_span.start)
        if lede is not None and lede[0] <= st.cue_span.start < lede[1]:
            end = -1
        if end is None:
            return st
        return next((dataclasses.replace(st, speaker=named.speaker, role=named.role,
                                         speaker_key=named.speaker_key, unresolved=False)
                     for named in statements if not named.unresolved and named.cue_span
                     and named.cue_span.start > end and (
                         _describes(st.speaker, named, lede=end < 0)
                         or _described_as(text, st.speaker, named)
                         or (end == headline_end and _names_body(st.speaker, named))
                         or (end == headline_end and _one_described(st.speaker)
                             and _same_claim(st.content, named.content)))),
                    st)
    return [named_below(st) for st in statements]


def _one_described(description: str) -> bool:
    """Whether a headline's description stands for one speaker ("Japanese chipmaker",
    "British diplomat"; not "Republicans", "Polls", nor one's "husband", nor a document:
    "Report reveals ...", whose words no speaker below says again)."""
    head = description.lower().rpartition(" ")[2]
    return bool(head) and not is_plural(head) and head not in RELATION_NOUNS and (
        head not in DOCUMENT_NOUNS)


def _same_claim(headline: str, content: str) -> bool:
    """Whether a headline's reported words are a story's statement in short: half or more
    of their words of content, and two at least, in it ("Japanese chipmaker says profits
    will fall", then "Hoshizora Semiconductor said profits would fall as ...")."""
    words = _content_words(headline)
    return len(words) >= 2 and len(words & _content_words(content)) * 2 >= max(4, len(words))


def _content_words(text: str) -> set[str]:
    """The lower-case words of a text that are no function words."""
    return {w for w in WORD.findall(text.lower()) if w not in FUNCTION_WORDS and len(w) > 2}


def _lede(text: str, statements: list[Statement], headline_end: int) -> tuple[int, int] | None:
    """The span of the story's first paragraph below its headline that holds a statement
    and is no heading or standfirst; None if there is none."""
    at = next((st.cue_span.start for st in statements if st.cue_span and (
        st.cue_span.start > headline_end) and _heading_end(text, st.cue_span.start) is None),
        None)
    if at is None:
        return None
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def _heading_end(text: str, at: int) -> int | None:
    """The end of the line holding `at` when it is a heading or a standfirst: short, with
    no stop at its end (a live page's "Transport secretary says strike is ‘unjustified’");
    else None."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    line = text[text.rfind("\n", 0, at) + 1:end].rstrip()
    if 2 < len(line.split()) <= _HEADING_WORDS and line[-1:] not in _STOPS and (
            line[-2:-1] not in _STOPS):
        return end
    return None


_HEADING_WORDS = 35  # longest heading or standfirst with no stop at its end
_STOPS = frozenset(".!?:")


def _described_as(text: str, noun: str, named: Statement) -> bool:
    """Whether the source of a statement the story resolved to a person holds a headline's
    noun for anyone ("man" in "A Christchurch man accused of killing ...")."""
    low = noun.lower()
    source = named.source_span
    return low in GENERIC_PERSONS and source is not None and low in text[
        source.start:source.end].lower().split()


def _names_body(description: str, named: Statement) -> bool:
    """Whether a headline's description of one body ("union", "data authority") ends the
    name of a body that speaks in the story ("The Community and Public Sector Union said",
    "the Australian Skills Data Authority"): headlines drop the name for its kind."""
    words = description.lower().split()
    name = named.speaker.lower().split()
    return bool(words) and not is_plural(words[-1]) and len(name) > len(words) and (
        name[-len(words):] == words) and is_organisation(named.speaker)


# Headlines' short forms of titles ("Kiwis 'sick of cones', says PM").
_SPELT_OUT = {"pm": "prime minister", "dpm": "deputy prime minister"}


# "of" and an indefinite article: what follows describes, and names nothing.
_INDEFINITE_OF = re.compile(r" of an? ", re.I)


def _describes(description: str, named: Statement, lede: bool = False) -> bool:
    """Whether a description of one person ("Mayor", "Saudi prince"; not "Terrorists") has
    all its words in the role of a speaker named in full ("Auckland mayor Wayne Brown";
    not for "Wellington mayor"): with a given name the table holds, or of two words or
    more after a title ("Mayor Tory Whanau"; not a headline's "Right After This Big-Name
    Senator Endorsed Trump"), or in a role set off after a lede's description ("the
    senior coroner for West Yorkshire (Eastern), Karen Whitlock")."""
    if lede:
        description = _INDEFINITE_OF.split(description, 1)[0]  # "The chief of a northern
        # Saskatchewan First Nation": a chief, of a body the lede only describes
    words = " ".join(_SPELT_OUT.get(w, w) for w in description.lower().split()
                     if not w.endswith(POSSESSIVE_ENDINGS)).split()  # "the striker's agent":
    # whose agent the story may tell apart ("His agent, Paulo Menezes,")
    role = named.role.lower().split(",")[0].split()  # not what is set off after it
    # ("Crown prosecutor, SC": the role's head is "prosecutor")
    if lede and words and not any(w == words[-1] and (k + 1 == len(role) or role[k + 1] in (
            FUNCTION_WORDS)) for k, w in enumerate(role)):
        return False  # its noun heads the role: "his campaign" is no "campaign manager"
    return bool(words) and not is_plural(words[-1]) and titled_alike(words, named.role) and (
        given_name_gender(named.speaker) != 0 or (" " in named.speaker and (
            lede or FUNCTION_WORDS.isdisjoint(role))))


def _namesakes_apart(statements: list[Statement]) -> list[Statement]:
    """People who share a surname in one article (Donald and Ivanka Trump, a victim and his
    mother) keep apart: the one with most statements keeps the surname's key, which bare
    mentions ("Trump") and other articles share, and each other is keyed by full name. A
    full name is one whose first word is a known given name (not "Now Jeb Bush"); given
    names that open alike are spellings of one ("Sergei", "Sergey")."""
    people: dict[str, Counter[str]] = {}
    for st in statements:
        if not st.unresolved and " " not in st.speaker_key and given_name_gender(st.speaker):
            people.setdefault(st.speaker_key, Counter())[_given_stem(st.speaker)] += 1
    others = {(key, stem) for key, stems in people.items() if len(stems) > 1
              for stem, _ in stems.most_common()[1:]}
    if not others:
        return statements  # the common case
    keys: dict[tuple[str, str], str] = {}
    return [dataclasses.replace(st, speaker_key=keys.setdefault(
        (st.speaker_key, _given_stem(st.speaker)), full_name_key(st.speaker)))
        if " " in st.speaker and (st.speaker_key, _given_stem(st.speaker)) in others
        else st for st in statements]


def _surnames_first(statements: list[Statement]) -> list[Statement]:
    """A bare name that opens one full name of the article's speakers and is no given
    name ("Ms Lim" after "Minister Lim Hui Min"): that speaker, whose name is in the
    surname-first order of Chinese, Korean or Vietnamese names (three words or more, the
    given ones short syllables), keyed by its last word as any full name is; not when
    someone else's full name ends with it ("Taylor" is not "Taylor Swift")."""
    opening: dict[str, set[tuple[str, str]]] = {}
    for st in statements:
        words = st.speaker.split()
        if len(words) > 2 and all(len(w) <= 5 for w in words[1:]) and not st.unresolved:
            opening.setdefault(words[0], set()).add((st.speaker, st.speaker_key))
    if not opening:
        return statements
    ends = {st.speaker.rsplit(None, 1)[-1] for st in statements if " " in st.speaker}
    out = []
    for st in statements:
        full = opening.get(st.speaker, set())
        if len(full) == 1 and st.speaker not in ends and not given_name_gender(
                f"{st.speaker} {st.speaker}"):
            name, key = next(iter(full))
            st = dataclasses.replace(st, speaker=name, speaker_key=key)
        out.append(st)
    return out


def _given_stem(name: str) -> str:
    """What spellings of one given name share: its first four letters."""
    return name.split()[0][:4].lower()


def _learn_gender(text: str, content: tuple[int, int], found: Found, who: Entity,
                  cast: Cast) -> None:
    """A named person's content that opens with a pronoun tells their gender, as the
    pronoun stands for them ("Clinton said she ...", "Trump said his ...")."""
    if who.person and found.source and content[0] > found.cue[1]:
        first = WORD.match(text, content[0])
        gender = PERSON_PRONOUN_GENDER.get(first.group().lower(), 0) if first else 0
        if gender and text[found.source[0]:found.source[1]].lower() not in PERSON_PRONOUN_GENDER:
            cast.tell(who, gender)


def _statement(text: str, found: Found, content: tuple[int, int],
               who: Entity | None) -> Statement:
    return Statement(
        speaker=who.name if who else "", speaker_key=who.key if who else "",
        role=who.role if who else "", cue=text[found.cue[0]:found.cue[1]],
        content=_content_text(text, content, found),
        direct=_is_quotation(text, found), content_span=Span(*content),
        source_span=Span(*found.source) if found.source else None, cue_span=Span(*found.cue),
        unresolved=who is None or not who.named)


def unattributed_quotations(text: str, statements: list[Statement]) -> list[tuple[int, int]]:
    """Quotations of four words or more, marks included, that no statement's content
    touches: the quotes a reader may look for in a digest, which no cue ties to a source."""
    held = [(s.content_span.start, s.content_span.end) for s in statements]
    text = with_double_quotes(without_bullets(text))
    return [(start, end) for start, end in quote_spans(text, paragraphs(text))
            if len(WORD.findall(text, start, end)) >= 4
            and not any(a < end and start < b for a, b in held)]


def describe(statements: list[Statement], explain: bool = False, text: str = "") -> str:
    """Readable listing for `newswatch statements ARTICLE.txt`: one block per statement;
    with `explain`, whether its speaker is resolved and whether it reaches a digest, and
    why not, and then the quotations of `text` that reach no statement."""
    lines = []
    fates = digest_fates(statements, text) if explain else []
    for k, st in enumerate(statements):
        who = st.speaker or "(unknown)"
        role = f" ({st.role})" if st.role else ""
        mark = "quote" if st.direct else "reported"
        where = f"{st.content_span.start}-{st.content_span.end}"
        lines.append(f"{who}{role} [{st.speaker_key}] {st.cue} ({mark}, chars {where}):")
        lines.append(f"    {st.content}")
        if explain:
            if st.unresolved and st.speaker:
                lines.append(f"    speaker unresolved: {st.speaker!r} is tied to no name; a "
                             "digest lists it under the outlet")
            lines.append(f"    -> {fates[k] or 'reaches a digest on a topic it names'}")
    for start, end in unattributed_quotations(text, statements) if explain else []:
        lines.append(f"(no statement) quotation, chars {start}-{end}:")
        lines.append(f"    {' '.join(text[start:end].split())}")
        lines.append(f"    -> no statement: {_why_unattributed(text, start, end)}")
    return "\n".join(lines)


def _why_unattributed(text: str, start: int, end: int) -> str:
    """Why a quotation reached no statement, for --explain: a cue word beside it in its
    line whose source was not read as a name or noun phrase, or no cue at all."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    beside = [*WORD.findall(text, end, len(text) if line_end < 0 else line_end)[:10],
              *WORD.findall(text, line_start, start)[-10:]]
    cue = next((word for word in beside if word.lower() in CUE_LEMMAS), None)
    if cue:
        return (f"{cue!r} stands beside it, but no source was read around it (a name "
                "or noun phrase before or after the cue)")
    return "the grammar found no cue and source for it (said, told, according to, ...)"
