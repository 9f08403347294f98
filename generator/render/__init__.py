"""Rendering: a checked `Archive` in, every file of site_src/ out, as `{path: text}`.

Owns the pages (home, lists, talk, player), the feeds, the open data file, JSON-LD, the
Markdown and HTML escaping of untrusted text (`markup`), the UI strings in German and English
(`i18n`) and the one place that knows where each page and file lives (`urls`). Reads no file
but the package's own assets and does no network work. May import models, errors, timestamps,
constants, `recordings.platforms` and `recordings.transcripts`, `pipeline.parallel`,
`site.search` and `site.rawhtml`; never `cli`, `recordings.fetch` or anything that reaches the
network.
"""
