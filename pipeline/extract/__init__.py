"""Page -> article: the body text without boilerplate (`article`), its metadata (`meta`),
and the blocks a site repeats on every page (`boilerplate`). Pure, no I/O."""
