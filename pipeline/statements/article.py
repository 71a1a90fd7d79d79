"""An article's statements: the frames of every sentence, in text order, with their
speakers resolved.

A content may go on over the next sentences of its paragraph ("A," he said. "B."; "He
added: A. B."); quotations signed with a dash ("...” ― Name") and transcript lines
("PENCE: ...") are statements too; a belief or finding inside another statement's content
is dropped. `describe` lists statements for `newswatch statements ARTICLE.txt`.
"""

from __future__ import annotations

import bisect
import re

from ..models import Span, Statement
from .frames import Found, Spans, inside_other, sentence_statements
from .lexicon import WORD
from .quotes import QUOTE_MARK, balanced, closes, has_quote, opens_quote, paragraphs, quote_spans
from .speakers import Entity, mentions, speaker, split_role
from .tokens import ArticleText, article_text, split_sentences

# A dateline opening a paragraph: "Moscow, Feb 18", "LOS ANGELES, Sept. 28 (UPI) —",
# "WASHINGTON (Reuters) -". It says where the story was filed, not what anybody said.
_DATELINE = re.compile(r"""
    (?:[A-Z][\w.'-]*(?:\ [A-Z][\w.'-]*){0,3},\ [A-Z][a-z]{2,8}\.?\ \d{1,2}
       (?:\ \([A-Za-z]+\))?
     | [A-Z]{2,}(?:\ [A-Z]{2,}){0,3}(?:,\ [A-Z][\w.]+)?\ \([A-Za-z]+\))
    \s*(?:[—–-]+\s*)?(?=\S)
""", re.X)
_DASH_SOURCE = re.compile(r"""
    (?:[”"]|'')\s*(?P<dash>[―—])\s*                          # closing mark, then a dash
    (?P<source>[A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){0,4})   # a name
""", re.X)
_COLON_SOURCE = re.compile(r"""
    [“"]?\s*                                                  # a transcript line may be quoted
    (?!(?:The|A|An)\s)                                       # not a label ("The Latest: ...")
    (?P<source>(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)   # a short capitalised name
    \s*(?P<colon>:)\s+(?=\S)                                 # a colon, then the content
""", re.X)
_EDGE_TRIM = " \t\n,;:.―—–-“”\"‘’'"
# Words a direct quotation may have outside its marks ("“A” and “B”").
_UNQUOTED_WORDS = 2


def _content_span(text: str, found: Found) -> tuple[int, int]:
    """The content trimmed, past its paragraph's dateline, and past an interrupting
    attribution that no word precedes ("— Lavrov said, he said")."""
    content = _past_dateline(text, _trim(text, found.content))
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


def _signed_quotes(text: str, quotes: list[tuple[int, int]],
                   paras: list[tuple[int, int]]) -> list[Found]:
    """Quotations signed with a dash ("...” ― Name"), and lines "Name: ..." (interview
    transcripts, headlines). Such a line is a speaker's when the name is a transcript's
    capitals ("PENCE:") or the prose names them too; a list of headlines ("Iowa Shooting:
    Two Killed") is not."""
    out = []
    for start, end in quotes:
        m = _DASH_SOURCE.match(text, end - (2 if text[end - 2:end] == "''" else 1))
        if m:
            out.append(Found(m.span("source"), m.span("dash"), (start, end)))
    lines = {k: m for k, (start, end) in enumerate(paras)
             if text.find(":", start, start + 120) >= 0  # spares most paragraphs the regex
             and (m := _COLON_SOURCE.match(text, start, end)) and split_role(m.group("source"))[0]}
    prose = _without(text, [paras[k] for k in lines]) if lines else ""
    for k, m in lines.items():
        name = split_role(m.group("source"))[0]
        if name.isupper() or name.split()[-1] in prose:
            out.append(Found(m.span("source"), m.span("colon"), (m.end(), _turn_end(
                text, paras, k, lines))))
    return out


def _turn_end(text: str, paras: list[tuple[int, int]], k: int,
              lines: dict[int, re.Match[str]]) -> int:
    """End of a speaker's turn that opens paragraph k: it goes on over the paragraphs that
    open with a quotation mark, the convention for a quotation of several paragraphs."""
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
    found = _walk(art, split_sentences(text, quotes, art.tokens))
    taken = {f.content for f in found}
    found.extend(f for f in _signed_quotes(text, quotes, paras) if f.content not in taken)
    return _without_embedded(sorted(found, key=lambda f: f.cue))


def _without_embedded(found: list[Found]) -> list[Found]:
    """Drop a belief, intention or finding reported inside another statement's content ("X
    said she plans to ...", "he noted the polls show ..."): it is part of what the outer
    source says, not an attribution of its own. Speech inside speech ("X said Y told
    him ...") stays, as it reports a second utterance, unless a modal makes it one yet to
    happen ("X said Y will announce ...")."""
    contents = Spans([f.content for f in found])
    return [f for f in found if not (f.embeddable and inside_other(f, contents))]


def _walk(art: ArticleText, sentences: list[range]) -> list[Found]:
    """Statements sentence by sentence. A quotation goes on over the following sentences of
    its paragraph that open with a quotation mark and have no cue of their own ("A," he
    said. "B."), and so does content introduced by a colon ("He added: A. B.")."""
    text, toks = art.text, art.tokens
    spans = [(toks.start[s.start], toks.end[s.stop - 1]) for s in sentences]
    found: list[Found] = []
    going_on: int | None = None  # index in `found` of a content that may go on
    busy = _busy_sentences(art, sentences)
    for k, span in enumerate(spans):
        here = [_linked(text, f, spans, k) for f in sentence_statements(art, sentences[k], busy[k])
                ] if k in busy else []
        found.extend(here)
        if here:
            going_on = next((i for i in range(len(found) - 1, len(found) - len(here) - 1, -1)
                             if _may_go_on(text, found[i])), None)
        elif going_on is not None and _goes_on(text, found[going_on].content, span):
            found[going_on] = found[going_on]._replace(
                content=(found[going_on].content[0], span[1]))
        else:
            going_on = None
    return found


def _busy_sentences(art: ArticleText, sentences: list[range]) -> dict[int, list[int]]:
    """The sentences that can hold a statement, by index, with the indices of their cue
    candidates within them: those with a cue candidate or opening with "In" (the others
    are not sliced into tokens)."""
    firsts = [sentence.start for sentence in sentences]
    busy: dict[int, list[int]] = {}
    for i in art.cue_candidates:
        k = bisect.bisect_right(firsts, i) - 1
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
    return content[1] <= found.cue[0] or has_quote(text, content) or _after_colon(text, content)


def _goes_on(text: str, content: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the sentence at span, in the paragraph of content, continues it: a quotation
    goes on with a sentence that opens with a mark, unquoted words after a colon with any."""
    if "\n" in text[content[1]:span[0]]:
        return False
    return bool(QUOTE_MARK.match(text, span[0])) or (
        _after_colon(text, content) and not opens_quote(text, content))


def _after_colon(text: str, content: tuple[int, int]) -> bool:
    return text[max(0, content[0] - 8):content[0]].rstrip().endswith(":")


def _linked(text: str, found: Found, sentences: list[tuple[int, int]], k: int) -> Found:
    """"X said:" takes the next sentence as its content; "X asked." after a quotation that
    ended the previous sentence ("...?” Graham asked.") takes that quotation."""
    if found.link == "next" and k + 1 < len(sentences):
        return found._replace(content=sentences[k + 1], link="")
    if found.link == "prev" and k > 0 and text[sentences[k - 1][1] - 1] in "”\"'":
        return found._replace(content=sentences[k - 1], link="")
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
    return balanced(" ".join(f"{text[left[0]:left[1]]} {text[right[0]:right[1]]}".split()))


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
    ("Russia's responsibility for the escalation" can only be regarded as ...)."""
    start, end = found.content
    if not opens_quote(text, found.content):
        return False
    gap = _interruption(found)
    stack: list[str] = []
    unquoted, outside_from = 0, None
    for mark in QUOTE_MARK.finditer(text, start, end):
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


def _words_outside(text: str, span: tuple[int, int], gap: tuple[int, int]) -> int:
    """How many words of span lie outside gap."""
    return sum(not gap[0] <= m.start() < gap[1] for m in WORD.finditer(text, *span))


def extract_statements(text: str) -> list[Statement]:
    """All attributed statements in an article's text, in the order of their cues."""
    named = mentions(text)
    known: list[Entity] = []  # speakers and named people or bodies so far, in text order
    reach = (0, 0)  # the content reaching furthest so far
    out: list[Statement] = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for found in _found_all(text):
        content = _content_span(text, found)
        if not WORD.search(text, *content) or (content, found.cue) in seen:
            continue
        seen.add((content, found.cue))
        while named and named[0].start < found.cue[0]:
            known.append(named.pop(0))
        who = speaker(text, found.source, known)
        if who is not None and not reach[0] <= found.cue[0] < reach[1]:
            known.append(who)  # a cue inside earlier content is no antecedent for "he"
        if content[1] > reach[1]:
            reach = content
        out.append(_statement(text, found, content, who))
    return out


def _statement(text: str, found: Found, content: tuple[int, int],
               who: Entity | None) -> Statement:
    return Statement(
        speaker=who.name if who else "", speaker_key=who.key if who else "",
        role=who.role if who else "", cue=text[found.cue[0]:found.cue[1]],
        content=_content_text(text, content, found),
        direct=_is_quotation(text, found), content_span=Span(*content),
        source_span=Span(*found.source) if found.source else None, cue_span=Span(*found.cue))


def describe(statements: list[Statement]) -> str:
    """Readable listing for `newswatch statements ARTICLE.txt`: one block per statement."""
    lines = []
    for st in statements:
        who = st.speaker or "(unknown)"
        role = f" ({st.role})" if st.role else ""
        mark = "quote" if st.direct else "reported"
        where = f"{st.content_span.start}-{st.content_span.end}"
        lines.append(f"{who}{role} [{st.speaker_key}] {st.cue} ({mark}, chars {where}):")
        lines.append(f"    {st.content}")
    return "\n".join(lines)
