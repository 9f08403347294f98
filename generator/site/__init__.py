"""The site: MkDocs and Pagefind around the generated pages.

Owns reading the user's mkdocs.yml (`config`), building site/ with MkDocs into a fresh folder
that is swapped in on success (`build`), the live preview (`serve`, `hooks`), the Pagefind
search (`search`) and the scaffold of a new archive (`init`). May import models, errors,
constants, yamlio and `pipeline.write` (for its report type); never `cli`, and never `render` or
`recordings.fetch`.
"""
