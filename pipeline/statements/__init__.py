"""Article text -> attributed statements: who (source) said what (content), and the cue.

One pass over the sentences with a reporting-verb lexicon. For each cue the source is the
noun phrase before it ("Lavrov said", "A study released last year found", "critics worry",
"Kim -- a former aide -- said"), after it ("said the Russian diplomat") or after
"according to"; the content is the clause after the cue or, when nothing follows the cue,
the clause or quotation before it ("..., the Journal reports."), or both around it ("A, he
said, B"). Frames besides a plain verb: "as X put it", "In a statement, ...", "for saying
that", "is quoted as saying", "it was reported that", "went on to say", ", going on to
say", "Asked about X, ...", "X's claim that", "X issued a statement calling", "was first
reported by X", and the writer's hedges ("is expected to", "seems"), which have no source.
A cue in a fronted clause ("When X said Y, ...") reports only that clause. A belief or
finding inside another statement's content is part of it, not a statement of its own.
Quotation marks are paired per paragraph first, so a quotation spanning paragraphs or with
a wrong-way mark stays one piece. Pronouns and descriptions ("he", "the ministry", "the
NATO chief") are resolved to the last speaker they fit. `is_reportable` keeps what a
digest of statements should carry. Pure, no I/O.

The modules, each importing only modules listed above it:

- `lexicon`: every word list: cue verbs and their forms, grammar words, name words.
- `quotes`: quotation marks paired into quotations, and restored where a span cuts them.
- `tokens`: the article tokenised once, and split into sentences.
- `phrases`: noun phrases, and the subject that is a cue's source.
- `cues`: which words are cues, and which cues share an earlier one's source.
- `content`: where a cue's content starts and ends.
- `frames`: the attributions of one sentence, frame by frame.
- `speakers`: speaker names and keys, and who a statement's source is.
- `article`: `extract_statements`, the walk over an article's sentences, and `describe`.
- `reportable`: what a digest carries: `is_reportable`, `is_object_of_cue`,
  `without_relays`.
- `merge`: one statement from two outlets: `same_statement`, `content_fingerprint`.

This package imports none of them, so the store loads `merge` without the grammar.
"""
