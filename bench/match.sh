#!/usr/bin/env bash
# bench/match.sh BINDIR [OFFERS [NEEDS]]: the matching budget on a commons
# of OFFERS open offers (default 100000) and NEEDS open needs (default
# 10000), made by one bulk import each, then packed (`git gc`).
#
#   need match ID (warm)    <= 300 ms: the median, over SAMPLES needs, of
#                           the median of RUNS runs each (tsv to /dev/null)
#   need match ID --limit 20 (warm), offer match ID (warm): beside it
#   first match (cold)      the same after deleting the derived catalogs:
#                           every record parsed and its words made
#
# Records come from a vocabulary of some 200 French words (with accents,
# in any case, singular or plural), 24 tags and 20 places, so that a need
# matches a realistic share of the offers (the count is printed). Times
# are taken with bash's EPOCHREALTIME, as bench/budgets.sh does. Results:
# a Markdown table on stdout and in bench/out/match.md. Never a test.
set -euo pipefail
bin=$(cd "$1" && pwd)
offers=${2:-100000}
needs=${3:-10000}
RUNS=${RUNS:-9}
SAMPLES=${SAMPLES:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mutu-match.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PATH="$bin:$PATH" LC_ALL=C.UTF-8 MUTU_MEMBER=alice
export GIT_CONFIG_NOSYSTEM=1 HOME="$work"
unset MUTU_DIR MUTU_NOW
mkdir -p "$here/out"

# gen N SEED: N item documents (offers or needs) as a YAML stream
gen() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		nw = split("perceuse visseuse scie échelle escabeau tondeuse taille-haie sécateur " \
			"brouette pelle pioche râteau arrosoir tuyau marteau tournevis clé pince niveau " \
			"mètre ponceuse meuleuse rabot serre-joint établi étau compresseur aspirateur " \
			"nettoyeur karcher remorque vélo vélo-cargo siège casque pompe chambre rustine " \
			"dérailleur chaîne frein guidon selle antivol tente sac duvet réchaud glacière " \
			"lampe frontale boussole jumelles raquettes skis luge patins trottinette " \
			"poussette lit parapluie chaise haute table pliante chaises nappe verres " \
			"assiettes couverts plancha barbecue four raclette fondue crêpière gaufrier " \
			"robot mixeur blender yaourtière déshydrateur stérilisateur bocaux cocotte " \
			"machine coudre surjeteuse fer repasser tricot crochet laine tissu patron " \
			"cours guitare piano ukulélé violon chant solfège anglais espagnol allemand " \
			"italien mathématiques physique chimie français histoire soutien scolaire " \
			"devoirs informatique ordinateur imprimante scanner projecteur écran enceinte " \
			"micro câble routeur logiciel réparation dépannage installation montage meuble " \
			"peinture tapisserie plomberie électricité carrelage jardinage potager semis " \
			"graines plants compost bois bûches palettes planches parpaings sable ciment " \
			"déménagement camion transport covoiturage garde enfants chats chiens promenade " \
			"courses repas cuisine pâtisserie pain confiture conserves atelier salle local " \
			"garage cave grenier jardin cour terrasse bureau réunion fête anniversaire " \
			"mariage concert spectacle photo vidéo montage", w, " ")
		nt = split("bricolage jardin cuisine informatique couture vélo enfants musique " \
			"sport camping fête transport langues école santé animaux déménagement " \
			"maison réparation électronique lecture jeux photo voyage", t, " ")
		np = split("Paris 11e|Paris 20e|Montreuil|Vincennes|Lyon 1er|Lyon 7e|Villeurbanne|" \
			"Marseille|Toulouse|Nantes|Rennes|Lille|Bordeaux|Grenoble|Strasbourg|Dijon|" \
			"Tours|Nancy|Metz|Angers", p, "|")
		split("tool skill space time material service other", k, " ")   # an event needs times
		split("Je prête|Propose|Disponible :|Besoin d'\''un|Cherche|Qui aurait|À donner :|Offre", lead, "|")
		for (i = 1; i <= n; i++) {
			j = int(rand() * nt)
			printf "---\ntitle: \"%s %s %s %d\"\nkind: %s\ntags:\n- %s\n", lead[int(rand()*8)+1],
				word(), word(), i, k[int(rand()*7)+1], t[j + 1]
			if (rand() < 0.4) printf "- %s\n", t[(j + 1 + int(rand() * (nt - 1))) % nt + 1]
			if (rand() < 0.5) printf "location: %s\n", p[int(rand()*np)+1]
			printf "body: |\n  Avec %s et %s.\n  Pour les %s, ou le %s.\n",
				word(), word(), word(), word()
		}
	}
	# skewed: the first words of the list come more often (the first
	# about one draw in 35, the last one in 600)
	function word(  r, x) {
		r = rand(); x = w[int(r ^ 1.5 * nw) + 1]
		if (rand() < 0.3) x = x "s"
		if (rand() < 0.2) x = toupper(substr(x, 1, 1)) substr(x, 2)
		return x
	}'
}

# median_ms CMD...: the median wall time of RUNS runs, in ms
median_ms() {
	local t=() i s e
	"$@" >/dev/null 2>&1 || true   # warm the page cache
	for ((i = 0; i < RUNS; i++)); do
		s=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		e=$EPOCHREALTIME
		t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) * 1000 }')")
	done
	median "${t[@]}"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
maximum() { printf '%s\n' "$@" | sort -n | tail -n 1; }
meets() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "yes" : "**no**") }'; }
row() { printf '| %s | %s | %s | %s |\n' "$@"; }

c=$work/c
mutu init -q --bare "$c" --name bench --member alice --email alice@example.org
export MUTU_DIR=$c
s=$EPOCHREALTIME
gen "$offers" 1 | mutu offer add --yaml - >/dev/null
gen "$needs" 2 | mutu need add --yaml - >/dev/null
git --git-dir="$c" gc -q
e=$EPOCHREALTIME
echo "made $offers offers and $needs needs in $(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.0f", e - s }') s" >&2

# the catalogs, built from nothing: every record parsed and its words made
rm -rf "$c/mutu/catalog"
s=$EPOCHREALTIME
mutu offer list --limit 1 >/dev/null
e=$EPOCHREALTIME
cold_offers=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.0f", (e - s) * 1000 }')
mutu need list --limit 1 >/dev/null

# the needs and offers matched: spread over the list, the same every run
spread() { awk -v n="$1" -v k="$SAMPLES" 'NR % int(n / k) == 1 && m++ < k'; }
mapfile -t need_ids < <(mutu need list --format ids --sort title | spread "$needs")
mapfile -t offer_ids < <(mutu offer list --format ids --sort title | spread "$offers")

warm=() limited=() reverse=() counts=() rcounts=()
for id in "${need_ids[@]}"; do
	warm+=("$(median_ms mutu need match "$id" --format tsv)")
	limited+=("$(median_ms mutu need match "$id" --limit 20 --format tsv)")
	counts+=("$(mutu need match "$id" --format ids | wc -l)")
done
for id in "${offer_ids[@]}"; do
	reverse+=("$(median_ms mutu offer match "$id" --format tsv)")
	rcounts+=("$(mutu offer match "$id" --format ids | wc -l)")
done
cold=$(RUNS=3 median_ms sh -c "rm -rf '$c/mutu/catalog'; mutu need match '${need_ids[0]}' --format tsv")

w=$(median "${warm[@]}")
{
	echo "$offers open offers, $needs open needs, $(nproc) cores, libgit2 $(pkg-config --modversion libgit2 2>/dev/null); medians of $RUNS runs for each of ${#need_ids[@]} needs and ${#offer_ids[@]} offers."
	echo
	row work budget measured met
	row --- --- ---: ---
	row "need match ID (warm), all matches" "<= 300 ms" \
		"$w ms (slowest need $(maximum "${warm[@]}") ms; matches: ${counts[*]})" \
		"$(meets "$(maximum "${warm[@]}")" 300)"
	row "need match ID --limit 20 (warm)" "" "$(median "${limited[@]}") ms (slowest $(maximum "${limited[@]}") ms)" ""
	row "offer match ID (warm), among $needs needs" "" \
		"$(median "${reverse[@]}") ms (slowest $(maximum "${reverse[@]}") ms; matches: ${rcounts[*]})" ""
	row "first need match, no catalog" "" "$cold ms" ""
	row "first offer list, no catalog (words made)" "<= 1000 ms (a fresh clone's first list)" "$cold_offers ms" \
		"$(meets "$cold_offers" 1000)"
} | tee "$here/out/match.md"
echo "need match (warm, median): $w ms"
