"""Intake: questions from the public into content/talks/<talk>/, and moderation edits.

Owns the import formats (`formats`: csv, slido, wxr, disqus, live chat, text; each parses
untrusted files with size limits and defusedxml), the import plan (`plan`: ids, duplicates,
scrubbing contact data, writing nothing unless everything parsed), the ledger of sources
imported per talk (`ledger`: deleted questions stay deleted), the collection window (`window`)
and round-trip edits of a question's front matter (`moderate`: decline, merge, answer), which
keep comments and body.
May import models, errors, timestamps, constants, yamlio, `recordings.videos_yml` and
`pipeline.load`; never `cli`, `render` or `site`.
"""
