#!/bin/sh
# make demo: a small commons, lived in through the real commands.
# Usage: demo.sh BINDIR [LOCALEDIR]   (the demo commons goes to $DEMO_DIR,
# default a fresh temporary directory, and stays there for you to explore).
# The narration follows the locale, as the commands do (LANG=fr_FR.UTF-8).
set -eu
bin=$(cd "$1" && pwd)
PATH="$bin:$PATH"
# messages not yet installed: the build's own catalogue
if [ -n "${2:-}" ] && [ -d "$2" ]; then
	MUTU_TEXTDOMAINDIR=$(cd "$2" && pwd)
	TEXTDOMAINDIR=$MUTU_TEXTDOMAINDIR
	export MUTU_TEXTDOMAINDIR TEXTDOMAINDIR
fi
# or the one the test suite names, as the commands find it
[ -n "${TEXTDOMAINDIR:-}" ] || [ -z "${MUTU_TEXTDOMAINDIR:-}" ] ||
	{ TEXTDOMAINDIR=$MUTU_TEXTDOMAINDIR; export TEXTDOMAINDIR; }
TEXTDOMAIN=mutu
export PATH TEXTDOMAIN
# record content is UTF-8 whatever the locale's messages
[ -n "${LC_ALL:-}${LC_CTYPE:-}" ] || export LC_CTYPE=C.UTF-8
unset MUTU_MEMBER MUTU_DIR
. gettext.sh
dir=${DEMO_DIR:-$(mktemp -d /tmp/mutu-demo.XXXXXX)}
rm -rf "$dir/commons"
if [ -z "${NO_COLOR:-}" ] && [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold= plain=; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }
# a pipeline, shown as typed
pipe() { printf '\n%s$ %s%s\n' "$bold" "$1" "$plain"; sh -c "$1"; }
say() { printf '\n# %s\n' "$1"; }

say "$(gettext "A repair café creates its commons; Alice is its first member.")"
step mutu init "$dir/commons" --name "Repair café du Marais" --member alice \
	--email alice@example.org --fullname "Alice Martin"
cd "$dir/commons"
step mutu member add bob --name "Bob Diallo" --email bob@example.org
step mutu member list

say "$(gettext "Alice puts tools and time in common.")"
drill=$(mutu offer add --title "Perceuse à percussion" --kind tool --tag bricolage \
	--location "Atelier, étagère 2" --body "Avec un jeu de **mèches** béton et bois.")
mutu offer add --title "Soudure à l'étain : initiation" --kind skill --tag electronique >/dev/null
sewing=$(mutu offer add --title "Machine à coudre" --kind tool --tag couture)
step mutu offer list

say "$(gettext "Bob says what he needs, and imports a batch in one commit.")"
MUTU_MEMBER=bob mutu need add --title "Réparer une lampe de chevet" --kind skill \
	--tag electronique >/dev/null
printf -- '---\ntitle: Escabeau 3 marches\nkind: tool\ntags: [bricolage]\n---\ntitle: Fil à coudre noir\nkind: material\n' |
	MUTU_MEMBER=bob mutu need add --yaml - >/dev/null
step mutu need list

say "$(gettext "Pipelines: JSON lines for jq, ids for a show that reads them all in one process.")"
pipe "mutu offer list --format json | jq -r '[.id, .kind, .title] | @tsv'"
pipe "mutu need list --tag bricolage --format ids | mutu need show --stdin --format yaml"

say "$(gettext "Edit, close, and look at one record; any record is found by a prefix of its id.")"
short=$(echo "$drill" | cut -c1-6)
step mutu offer edit "$short" --add-tag prêt --set availability="le samedi"
step mutu offer close "$short" --reason "prêtée à Bob"
step mutu show "$short" --format table

say "$(gettext "The group decides together: a proposal, its discussion, a vote, the outcome. MUTU_NOW moves the clock past the week of discussion the rules ask for.")"
MUTU_MEMBER=bob mutu member add carol --name "Carol Nguyen" --email carol@example.org >/dev/null
week=$(date -u -d '+7 days' +%Y-%m-%dT%H:%M:%SZ)
fortnight=$(date -u -d '+15 days' +%Y-%m-%dT%H:%M:%SZ)
prop=$(mutu propose add --title "Ouvrir aussi le samedi matin" \
	--body "Un samedi sur deux, de 10 h à 12 h, pour celles et ceux qui travaillent en semaine.")
step env MUTU_MEMBER=bob mutu propose comment "$prop" --body "Je peux tenir l'atelier les samedis pairs."
step env MUTU_NOW="$week" mutu propose start "$prop"
MUTU_NOW="$week" mutu vote "$prop" yes
MUTU_NOW="$week" MUTU_MEMBER=bob mutu vote "$prop" yes
MUTU_NOW="$week" MUTU_MEMBER=carol mutu vote "$prop" abstain
step env MUTU_NOW="$week" mutu vote list "$prop"
step env MUTU_NOW="$fortnight" mutu propose close "$prop"
pipe "mutu propose tally $prop --format json | jq -c '{outcome, ballots, eligible, yes, no}'"

say "$(gettext "The tool library: Alice lends the sewing machine to Bob, Carol waits in line, a repair café has two places, and members pay each other in hours of the time bank.")"
step mutu offer lend "$sewing" --to bob --until "$(date -u -d '+14 days' +%Y-%m-%d)"
step env MUTU_MEMBER=carol mutu offer hold "$sewing"
step mutu offer loans
cafe=$(mutu offer add --kind event --title "Repair café de décembre" --location "Salle des fêtes" \
	--start "$(date -u -d '+10 days' +%Y-%m-%dT14:00:00Z)" --end "$(date -u -d '+10 days' +%Y-%m-%dT18:00:00Z)" \
	--capacity 2)
# places go in the order members joined: a second apart, so the order is theirs
for m in bob carol alice; do MUTU_MEMBER=$m mutu offer join "$cafe"; sleep 1; done
step mutu offer show "$cafe" --format table
step env MUTU_MEMBER=bob mutu exchange add --to alice --hours 1.5 --for "Réglage de la machine à coudre"
step mutu member balance
pipe "mutu calendar | grep -E '^(BEGIN:VEVENT|SUMMARY|DTSTART)'"
step mutu offer return "$sewing"

say "$(gettext "Bad input is refused, and nothing changes.")"
before=$(git rev-parse HEAD)
mutu offer add --title "" || true
mutu offer add --title "Pince" --kind hammer || true
MUTU_MEMBER=bob mutu offer reopen "$short" || true
printf 'title: ok\n---\ntitle: [unclosed\n' | mutu offer add --yaml - || true
MUTU_NOW="$fortnight" mutu vote "$prop" no || true
mutu propose apply "$prop" || true
mutu offer lend "$sewing" --to alice || true
MUTU_MEMBER=bob mutu exchange add --to bob --hours 2 || true
[ "$(git rev-parse HEAD)" = "$before" ] && [ -z "$(git status --porcelain)" ] &&
	echo "$(gettext "(HEAD unchanged, work tree clean)")"

say "$(gettext "Copies meet through a shared Git remote: Bob clones the commons, each copy changes one need apart, and the sync keeps the value it could not keep as a conflict Bob settles.")"
git init -q --bare "$dir/remote.git"
git remote add origin "$dir/remote.git"
mutu sync -q
step mutu clone "$dir/remote.git" "$dir/bob"
git -C "$dir/bob" config mutu.member bob
need=$(mutu need list --format ids | head -n 1)
MUTU_MEMBER=bob mutu need edit "$need" --set location="Atelier, étagère du haut" -q
(cd "$dir/bob" && step mutu need edit "$need" --set location="Chez Bob" && step mutu sync)
step mutu sync
conflict=$(mutu conflicts list --format ids | head -n 1)
step mutu conflicts show "$conflict" --format table
(cd "$dir/bob" && mutu sync -q && step mutu conflicts resolve "$conflict" --keep theirs && mutu sync -q)
mutu sync -q
step mutu need show "$need"

say "$(gettext "Every action is one commit by its member: the history is the audit log.")"
step git --no-pager log --format='%h %an: %s' --reverse
printf '\n%s\n' "$(eval_gettext "The demo commons is in \$dir/commons")"
