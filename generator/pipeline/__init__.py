"""The pipeline: the editor's files in, a checked `Archive` out, and site_src/ written.

Owns the stages in order — `load` (YAML and front matter → raw records with file and line),
`validate` (→ typed models, every problem collected), `resolve` (references, merges,
timestamps within the recording), `enrich` (cached recording metadata joined; never the
network) — then `write` (site_src/ changed atomically, only files it wrote before deleted),
`freshness` (skip a run when nothing changed) and `parallel` (work spread over processes).
`records` holds what the stages hand each other; `generate` runs them in order. May import
models, errors, timestamps, constants, yamlio, `recordings` (cache, platforms, captions: never
`recordings.fetch`), `render` (from `generate` and `incremental` only) and `site.config`;
never `cli`.
"""
