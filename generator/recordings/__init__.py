"""Recordings: where a talk's video lives and what is known of it.

Owns one `Platform` record per video platform (`platforms`: hosts, ids, jump and embed URLs,
how the player seeks), the metadata cache in content/.cache/ (`cache`), fetching with yt-dlp
(`fetch`, the only module of the package that reaches the network), chapters, captions and
transcripts, facts of self-hosted mp4 files (`media`), and `videos_yml`, the one reader and
writer of videos.yml. May import models, errors, timestamps, constants and yamlio; never
`pipeline`, `render`, `cli` or `site`.
"""
