#!/usr/bin/env bash
# A user's run of the whole tool on real revisions, end to end (docs/testing.md, "A walk-through"): a website
# repository holding GitHub's Privacy Statement of 2019 and, merged from a branch, of 2020 (CC0, test/fixtures/real/);
# policy init from it, npm ci and a build; a commit, a release and a build again; a contributor's series with a
# non-ASCII author, sent by git send-email into a local mbox, read by b4 and applied with git am; v2 after review;
# policy import of the sent mbox and a third build. It prints what to look at; it needs git send-email and b4, and
# the npm cache the tool's own npm ci filled (npm ci --offline).
set -euo pipefail
tool="$(cd "$(dirname "$0")/.." && pwd)"
real="$tool/test/fixtures/real"
work="$(mktemp -d)"
node="$tool/node_modules/.bin/node"
say() { printf '\n== %s\n' "$*"; }
commit() { GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" git commit -q "${@:4}"; }

say "a website repository: 2019 on main, 2020 merged from a branch after an unrelated commit, tags v1.0 and v2.0"
git init -q -b main "$work/web" && cd "$work/web" && mkdir policies
cp "$real/privacy-2019.md" policies/privacy.md && echo "# site" > README.md && git add -A
commit "Ann Lawyer" ann@example.com 2019-07-02T10:00:00Z -m "Add the privacy statement" && git tag v1.0
git switch -q -c update && cp "$real/privacy-2020.md" policies/privacy.md && git add -A
commit "Bob Éditeur" bob@example.com 2020-06-01T10:00:00Z -m "Privacy: 2020 revision"
git switch -q main && echo "# site, updated" > README.md && git add -A
commit "Ann Lawyer" ann@example.com 2020-06-15T10:00:00Z -m "README"
GIT_AUTHOR_DATE=2020-07-01T10:00:00Z GIT_COMMITTER_DATE=2020-07-01T10:00:00Z git merge -q --no-ff update -m "Merge the 2020 revision" && git tag v2.0

say "policy init, npm ci, build"
(cd "$tool" && "$node" scripts/policy.mjs init "$work/site" --git "$work/web" --from policies/privacy.md)
cd "$work/site" && npm ci --no-audit --no-fund --offline > "$work/npm-ci.log" && npm run build > "$work/build-1.log"
git log --format='%h %an | %s'
node_modules/.bin/node scripts/policy.mjs redline 1.0 2.0
cp -rL dist "$work/dist-1"

say "a commit and release 2.1, then a build: the pages of 1.0 and 2.0 differ only in their notice and next link"
sed -i '0,/personal/s//Personal/' content/policy/*.md && git commit -qam "Capitalise a word"
node_modules/.bin/node scripts/policy.mjs release 2.1 --summary "Capitalised a word." --date 2026-12-06
npm run build > "$work/build-2.log"
for version in 1.0 2.0; do
  echo "-- releases/$version:"
  diff <(sed -n '/<main/,/<\/main>/p' "$work/dist-1/releases/$version/index.html") <(sed -n '/<main/,/<\/main>/p' "dist/releases/$version/index.html") | grep '^[<>]' | cut -c1-140 || true
done
grep -o 'Version 2.0 to version 2.1[^<]*<time[^>]*>[^<]*</time>[^<]*' dist/releases/2.1/changes/index.html

say "a contributor's series, sent with git send-email into a local mbox, read by b4, applied with git am"
git clone -q "$work/site" "$work/contributor" && cd "$work/contributor" && ln -s "$work/site/node_modules" node_modules
git config user.name "Zoë Contributor" && git config user.email zoe@example.org && git switch -q -c wording
sed -i '0,/ the / s// a /' "$(ls content/policy/*.md | head -1)" && git commit -qsam "Wording: a for the"
sed -i '0,/ and / s// & also /' "$(grep -l '|' content/policy/*.md | head -1)" && git commit -qsam "Table section: and also"
printf 'Two small wording changes\n\nOne in the first section, one in the section with the table.\n' > "$work/cover"
node_modules/.bin/node scripts/policy.mjs series --to list@example.org --cover "$work/cover"
grep -c '^MIME-Version' outgoing/wording/v1/*.patch
# (a local delivery writes each mail under a "From " line dated as mutt and mbox readers write it)
printf '#!/bin/sh\n{ echo "From sender@localhost $(LC_ALL=C date -u "+%%a %%b %%e %%T %%Y")"; cat; echo; } >> "%s"\n' "$work/sent.mbox" > "$work/sendmail" && chmod +x "$work/sendmail"
git send-email --quiet --confirm=never --sendmail-cmd="$work/sendmail" --to=list@example.org outgoing/wording/v1/*.patch
mkdir "$work/b4" && b4 -n am -m "$work/sent.mbox" -o "$work/b4" > "$work/b4.log" 2>&1 && tail -3 "$work/b4.log"
git clone -q "$work/site" "$work/maintainer" && cd "$work/maintainer"
git checkout -q "$(git -C "$work/contributor" merge-base origin/main wording)" && git -c user.name=Maintainer -c user.email=m@example.org am -q "$work"/b4/*.mbx
git log -2 --format='%an <%ae> | %s'

say "v2 after a Reviewed-by: the patch's diff is the same"
cd "$work/contributor" && git commit -q --amend --no-edit --trailer "Reviewed-by: Ann Lawyer <ann@example.com>"
node_modules/.bin/node scripts/policy.mjs series --in-reply-to --cover "$work/cover" > /dev/null
sed -n '/^Changes since/,/^The same/p' outgoing/wording/v2/0000-cover-letter.patch

say "the maintainer imports the thread as sent, and builds"
cd "$work/site" && node_modules/.bin/node scripts/policy.mjs import "$work/sent.mbox" --proposal wording --archive-url ''
git add content/proposals && git commit -qm "Proposals: wording v1" && npm run build > "$work/build-3.log" && ls dist/proposals/wording
echo "(all in $work)"
