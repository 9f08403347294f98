#!/usr/bin/env bash
# The README's walkthrough "From init to a published site", run in a temporary folder.
# The lines between the two markers are the README's commands, in order (tests/test_walkthrough.py
# compares them), all but the last one there, `git push`, which needs the real repository.
# Usage: scripts/walkthrough.sh   (with `wunschzeit` on PATH; no network needed)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/wunschzeit-walkthrough.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

# What the editor brings: the recording with its captions, and the questions a form collected.
cp "$repo/media/genf-design.mp4" design-talk.mp4
cp "$repo/media/genf-design.de.vtt" design-talk.de.vtt
cat > fragen.csv <<'CSV'
Zeitstempel,Name,Frage
2030-01-10 09:12,Anna,Woran erkennt man einen Nordwerk nachts von hinten?
2030-01-11 17:40,Konstantin,Wie entsteht so eine Farbe wie das Gletscherblau auf dem Stand?
2030-01-12 08:05,Merle,Gibt es im Innenraum auch Alternativen zu Leder?
CSV
# CI machines have no git identity; the commit below needs one.
export GIT_AUTHOR_NAME="Wunschzeit walkthrough" GIT_AUTHOR_EMAIL="walkthrough@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

# --- walkthrough: the README's commands ---
wunschzeit init mein-archiv
mkdir mein-archiv/media
cp design-talk.mp4 design-talk.de.vtt mein-archiv/media/
cd mein-archiv
wunschzeit add media/design-talk.mp4 --id design-talk --title "Live-Talk: Design" --date 2030-01-15 --event meine-veranstaltung --expert erika-muster
wunschzeit import csv ../fragen.csv --talk design-talk --map question=Frage,asked_by=Name,asked_at=Zeitstempel --channel form
wunschzeit align design-talk
wunschzeit align design-talk --apply
wunschzeit answer design-talk/wie-entsteht-so-eine-farbe-wie 1:05 --end 1:27
perl -ni -e 'print unless /^wunschzeit_template: true$/' site_src/impressum.md site_src/datenschutz.md
echo 'site_url: https://OWNER.github.io/mein-archiv/' >> mkdocs.yml
wunschzeit build --strict
git init -b main
git add .
git commit -m "Archiv mit dem ersten Talk"
git remote add origin https://github.com/OWNER/mein-archiv.git
# --- end of walkthrough ---

# What the push would publish: the talk with its three answered questions, and the workflow.
page=site/talks/design-talk/index.html
for anchor in woran-erkennt-man-einen-nordwerk-nachts wie-entsteht-so-eine-farbe-wie \
    gibt-es-im-innenraum-auch-alternativen; do
    grep -q "id=\"q-$anchor\"" "$page" || { echo "$page lacks the question $anchor" >&2; exit 1; }
done
grep -q '^  start: 1:05$' content/talks/design-talk/wie-entsteht-so-eine-farbe-wie.md
git ls-files --error-unmatch .github/workflows/wunschzeit.yml requirements.txt >/dev/null
# What the workflow runs on a fresh clone of the pushed commit (no site_src/ pages, no site/).
git clone --quiet . "$work/clone"
(cd "$work/clone" && wunschzeit check --strict && wunschzeit build --strict)
echo "walkthrough: ok ($(git ls-files | wc -l) files committed; a fresh clone checks and builds)"
