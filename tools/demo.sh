#!/bin/sh
# make demo: a small commons, lived in through the real commands.
# Usage: demo.sh BINDIR   (the demo commons goes to $DEMO_DIR, default
# a fresh temporary directory, and stays there for you to explore)
set -eu
bin=$(cd "$1" && pwd)
PATH="$bin:$PATH"
export PATH LC_ALL=C.UTF-8
unset MUTU_MEMBER MUTU_DIR
dir=${DEMO_DIR:-$(mktemp -d /tmp/mutu-demo.XXXXXX)}
rm -rf "$dir/commons"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
say() { printf '\n# %s\n' "$*"; }

say "A repair café creates its commons; Alice is its first member."
step mutu init "$dir/commons" --name "Repair café du Marais" --member alice \
	--email alice@example.org --fullname "Alice Martin"
cd "$dir/commons"
step mutu member add bob --name "Bob Diallo" --email bob@example.org
step mutu member list

say "Alice puts tools and time in common."
drill=$(mutu offer add --title "Perceuse à percussion" --kind tool --tag bricolage \
	--location "Atelier, étagère 2" --body "Avec un jeu de **mèches** béton et bois.")
mutu offer add --title "Soudure à l'étain : initiation" --kind skill --tag electronique >/dev/null
mutu offer add --title "Machine à coudre" --kind tool --tag couture >/dev/null
step mutu offer list

say "Bob says what he needs, and imports a batch in one commit."
MUTU_MEMBER=bob mutu need add --title "Réparer une lampe de chevet" --kind skill \
	--tag electronique >/dev/null
printf -- '---\ntitle: Escabeau 3 marches\nkind: tool\ntags: [bricolage]\n---\ntitle: Fil à coudre noir\nkind: material\n' |
	MUTU_MEMBER=bob mutu need add --yaml - >/dev/null
step mutu need list

say "Pipelines: JSON lines for jq, ids for xargs."
step sh -c "mutu offer list --format json | jq -r '[.id, .kind, .title] | @tsv'"
step sh -c "mutu need list --tag bricolage --format ids | xargs -n1 mutu need show --format yaml"

say "Edit, close, and look at one record."
step mutu offer edit "$(echo "$drill" | cut -c1-6)" --add-tag prêt --set availability="le samedi"
step mutu offer close "$(echo "$drill" | cut -c1-6)" --reason "prêtée à Bob"
step mutu offer show "$(echo "$drill" | cut -c1-6)" --format table

say "Bad input is refused, and nothing changes."
before=$(git rev-parse HEAD)
mutu offer add --title "" || true
mutu offer add --title "Pince" --kind hammer || true
MUTU_MEMBER=bob mutu offer reopen "$(echo "$drill" | cut -c1-6)" || true
printf 'title: ok\n---\ntitle: [unclosed\n' | mutu offer add --yaml - || true
[ "$(git rev-parse HEAD)" = "$before" ] && [ -z "$(git status --porcelain)" ] &&
	echo "(HEAD unchanged, work tree clean)"

say "Every action is one commit by its member: the history is the audit log."
step git --no-pager log --format='%h %an: %s' --reverse
printf '\nThe demo commons is in %s\n' "$dir/commons"
