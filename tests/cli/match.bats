#!/usr/bin/env bats
# mutu-need match and mutu-offer match: open records of the other type
# ranked by shared tags (3 each), shared words of title and body (2 each),
# the same kind (1) and the same location (2), best first, then the
# newest, then the id; each with why.

load helper

setup() {
	mutu_setup
	need_tool jq
}

# the ids a command printed, one a line, joined by spaces
ids() {
	tr '\n' ' ' <<<"$output" | sed 's/ $//'
}

# setup_drill: a need for a drill, and offers that answer it more or less.
#   DRILL   tags bricolage, words perceuse, same kind, same place   3+2+1+2 = 8
#   SAW     tag bricolage, same kind                                 3+1     = 4
#   BIT     word perceuse (in its body)                              2       = 2
#   CAKE    nothing shared but the kind                              no match
setup_drill() {
	add_member bob "Bob Dupont"
	NEED=$(add_need --title "Besoin d'une PERCEUSE" --kind tool --tag bricolage --location "Paris 11e" --body "Pour percer le béton.")
	DRILL=$(MUTU_MEMBER=bob add_offer --title "Perceuses à percussion" --kind tool --tag Bricolage --location "paris, 11E")
	SAW=$(MUTU_MEMBER=bob add_offer --title "Scie sauteuse" --kind tool --tag bricolage)
	BIT=$(MUTU_MEMBER=bob add_offer --title "Forets" --kind material --body "Pour une perceuse.")
	CAKE=$(MUTU_MEMBER=bob add_offer --title "Moule à gâteau" --kind tool)
}

@test "need match ranks open offers, best first, and leaves out what shares nothing" {
	new_commons
	setup_drill
	run -0 --separate-stderr mutu need match "$NEED" --format ids
	[ "$(ids)" = "$DRILL $SAW $BIT" ]
	[ -z "$stderr" ]
}

@test "need match finds the need by a unique prefix" {
	new_commons
	setup_drill
	run -0 mutu need match "${NEED:0:6}" --format ids
	[ "$(ids)" = "$DRILL $SAW $BIT" ]
}

@test "need match --format json carries the score and the reasons" {
	new_commons
	setup_drill
	run -0 mutu need match "$NEED" --format json
	[ "${#lines[@]}" -eq 3 ]
	jq -e . <<<"${lines[0]}" >/dev/null
	[ "$(jq -r .id <<<"${lines[0]}")" = "$DRILL" ]
	[ "$(jq -r .title <<<"${lines[0]}")" = "Perceuses à percussion" ]
	[ "$(jq -r .author <<<"${lines[0]}")" = bob ]
	[ "$(jq -r .created <<<"${lines[0]}")" = "$T0" ]
	[ "$(jq .score <<<"${lines[0]}")" -eq 8 ]
	[ "$(jq -c .reasons <<<"${lines[0]}")" = '{"tags":["bricolage"],"words":["perceuse"],"kind":true,"location":true}' ]
	[ "$(jq -c .reasons <<<"${lines[1]}")" = '{"tags":["bricolage"],"words":[],"kind":true,"location":false}' ]
	[ "$(jq .score <<<"${lines[1]}")" -eq 4 ]
	[ "$(jq -c .reasons <<<"${lines[2]}")" = '{"tags":[],"words":["perceuse"],"kind":false,"location":false}' ]
	[ "$(jq .score <<<"${lines[2]}")" -eq 2 ]
}

@test "need match prints one tsv line of 9 fields on a pipe" {
	new_commons
	setup_drill
	run -0 mutu need match "$NEED"
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$DRILL	8	bob	$T0	Perceuses à percussion	bricolage	perceuse	true	true" ]
	[ "${lines[1]}" = "$SAW	4	bob	$T0	Scie sauteuse	bricolage		true	false" ]
	[ "${lines[2]}" = "$BIT	2	bob	$T0	Forets		perceuse	false	false" ]
}

@test "need match --format table shows the score and why" {
	new_commons
	setup_drill
	run -0 mutu need match "$NEED" --format table
	[ "${#lines[@]}" -eq 4 ]
	[[ ${lines[0]} == ID*SCORE*AUTHOR*TITLE*WHY ]]
	[[ ${lines[1]} == "${DRILL:0:8} "* ]]
	[[ ${lines[1]} == *"tags: bricolage; words: perceuse; same kind; same location" ]]
	[[ ${lines[2]} == *"tags: bricolage; same kind" ]]
	[[ ${lines[3]} == *"words: perceuse" ]]
}

@test "need match --format yaml prints documents an independent reader parses" {
	need_yq
	new_commons
	setup_drill
	run -0 mutu need match "$NEED" --format yaml
	[ "$(yq -r .id <<<"$output" | tr '\n' ' ')" = "$DRILL $SAW $BIT " ]
	[ "$(yq -c .reasons.tags <<<"$output" | head -n 1)" = '["bricolage"]' ]
	[ "$(yq -r .created <<<"$output" | head -n 1)" = "$T0" ]
}

@test "words match whatever their case and accents, and a plural its singular" {
	new_commons
	local n o1 o2
	n=$(add_need --title "Échelle pour élaguer")
	o1=$(add_offer --title "ECHELLES")
	o2=$(MUTU_NOW=2026-02-01T00:00:00Z add_offer --title "Sécateur" --body "Pour Élaguer les haies")
	run -0 mutu need match "$n" --format json
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -r .id <<<"${lines[0]}")" = "$o2" ]   # newest first among equal scores
	[ "$(jq -c .reasons.words <<<"${lines[0]}")" = '["elaguer"]' ]
	[ "$(jq -c .reasons.words <<<"${lines[1]}")" = '["echelle"]' ]
}

@test "decomposed accents match composed ones" {
	new_commons
	local n o
	n=$(add_need --title "$(printf 'Cre\314\200me bru\314\202le\314\201e')")
	o=$(add_offer --title "Crème brûlée")
	run -0 mutu need match "$n" --format json
	[ "$(jq -r .id <<<"$output")" = "$o" ]
	[ "$(jq -c .reasons.words <<<"$output")" = '["brulee","creme"]' ]
}

@test "tags match folded: Vélo is velo" {
	new_commons
	local n o
	n=$(add_need --title "Réparer" --tag Vélo)
	o=$(add_offer --title "Clé" --tag velo)
	run -0 mutu need match "$n" --format json
	[ "$(jq -r .id <<<"$output")" = "$o" ]
	[ "$(jq -c .reasons.tags <<<"$output")" = '["Vélo"]' ]
}

@test "common French and English words are no reason to match" {
	new_commons
	local n
	n=$(add_need --title "Besoin d'une chose pour le week" --body "I need it for the day")
	add_offer --title "Je propose une aide pour les courses" --body "Available for you and with the car" >/dev/null
	add_offer --title "Le la les de des du un une et ou" >/dev/null
	run -1 --separate-stderr mutu need match "$n"
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "the same location counts only when both give one, folded" {
	new_commons
	local n here there nowhere
	n=$(add_need --title "Perceuse" --location "Lyon 7e")
	there=$(add_offer --title "Perceuse" --location "Lyon 3e")
	nowhere=$(add_offer --title "Perceuse")
	here=$(add_offer --title "Perceuse" --location "LYON, 7E")
	run -0 mutu need match "$n" --format json
	[ "${#lines[@]}" -eq 3 ]
	[ "$(jq -r .id <<<"${lines[0]}")" = "$here" ]
	[ "$(jq .score <<<"${lines[0]}")" -eq 4 ]
	[ "$(jq .reasons.location <<<"${lines[0]}")" = true ]
	[ "$(jq .score <<<"${lines[1]}")" -eq 2 ]
	[ "$(jq .score <<<"${lines[2]}")" -eq 2 ]
	[ "$(jq .reasons.location <<<"${lines[1]}")" = false ]
	# a location alone makes no match
	n=$(add_need --title "Tondeuse" --location "Lyon 7e")
	run -1 mutu need match "$n"
}

@test "the kind counts, but other (the default) says nothing" {
	new_commons
	local n tool other
	n=$(add_need --title "Perceuse" --kind tool)
	other=$(add_offer --title "Perceuse")
	tool=$(add_offer --title "Perceuse" --kind tool)
	run -0 mutu need match "$n" --format json
	[ "$(jq -r .id <<<"${lines[0]}")" = "$tool" ]
	[ "$(jq .score <<<"${lines[0]}")" -eq 3 ]
	[ "$(jq -r .id <<<"${lines[1]}")" = "$other" ]
	[ "$(jq .reasons.kind <<<"${lines[1]}")" = false ]
	n=$(add_need --title "Perceuse")
	run -0 mutu need match "$n" --format json
	[ "$(jq .reasons.kind <<<"${lines[0]}")" = false ]
	[ "$(jq .reasons.kind <<<"${lines[1]}")" = false ]
}

@test "equal scores go to the newest offer, then to the smaller id" {
	new_commons
	local n old new middle
	n=$(add_need --title "Perceuse")
	old=$(MUTU_NOW=2026-01-01T00:00:00Z add_offer --title "Perceuse")
	new=$(MUTU_NOW=2026-03-01T00:00:00Z add_offer --title "Perceuse")
	# four more at T0, between them: two made by mutu, two crafted
	# (abcde0000001, abcde0000002) with the same title
	craft_record offers abcde0000001 "Perceuse un"
	craft_record offers abcde0000002 "Perceuse deux"
	run -0 mutu need match "$n" --format ids
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[0]}" = "$new" ]
	[ "${lines[5]}" = "$old" ]
	middle=$(printf '%s\n' "${lines[@]:1:4}")
	[ "$middle" = "$(LC_ALL=C sort <<<"$middle")" ]
	[[ $middle == *abcde0000001*abcde0000002* ]]
}

@test "need match --limit N keeps the N best" {
	new_commons
	setup_drill
	run -0 mutu need match "$NEED" --limit 2 --format ids
	[ "$(ids)" = "$DRILL $SAW" ]
	run -0 mutu need match "$NEED" -n 1 --format ids
	[ "$(ids)" = "$DRILL" ]
	run -0 mutu need match "$NEED" --limit 10 --format ids
	[ "$(ids)" = "$DRILL $SAW $BIT" ]
}

@test "offer match ranks open needs: the reverse direction" {
	new_commons
	add_member bob "Bob Dupont"
	local o n1 n2 n3
	o=$(add_offer --title "Perceuse" --kind tool --tag bricolage --location Lyon)
	n1=$(MUTU_MEMBER=bob add_need --title "Une perceuse" --kind tool --tag bricolage --location lyon)
	n2=$(MUTU_MEMBER=bob add_need --title "Perceuses" --kind skill)
	n3=$(MUTU_MEMBER=bob add_need --title "Tondeuse" --kind tool --location Lyon)
	run -0 mutu offer match "$o" --format json
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -r .id <<<"${lines[0]}")" = "$n1" ]
	[ "$(jq .score <<<"${lines[0]}")" -eq 8 ]
	[ "$(jq -r .author <<<"${lines[0]}")" = bob ]
	[ "$(jq -r .id <<<"${lines[1]}")" = "$n2" ]
	[ "$(jq .score <<<"${lines[1]}")" -eq 2 ]
	run -0 mutu offer match "$o" --format ids
	[[ $output != *"$n3"* ]]
}

@test "closed offers are not ranked; a closed need is still matched" {
	new_commons
	setup_drill
	MUTU_MEMBER=bob mutu offer close "$SAW" -q
	run -0 mutu need match "$NEED" --format ids
	[ "$(ids)" = "$DRILL $BIT" ]
	mutu need close "$NEED" -q
	run -0 mutu need match "$NEED" --format ids
	[ "$(ids)" = "$DRILL $BIT" ]
}

@test "the same commons always gives the same order, with or without the catalog" {
	new_commons
	setup_drill
	local i first
	for i in 1 2 3 4 5; do
		add_offer --title "Perceuse $i" --tag bricolage >/dev/null
	done
	run -0 mutu need match "$NEED" --format json
	first=$output
	run -0 mutu need match "$NEED" --format json
	[ "$output" = "$first" ]
	rm -rf .git/mutu/catalog
	run -0 mutu need match "$NEED" --format json
	[ "$output" = "$first" ]
	git clone -q . "$BATS_TEST_TMPDIR/copy"
	run -0 mutu -C "$BATS_TEST_TMPDIR/copy" need match "$NEED" --format json
	[ "$output" = "$first" ]
}

@test "match changes nothing in the commons" {
	new_commons
	setup_drill
	snapshot
	run -0 mutu need match "$NEED"
	run -0 mutu offer match "$DRILL"
	assert_unchanged
}

@test "need match exits 1 and prints nothing when nothing matches" {
	new_commons
	local n
	n=$(add_need --title "Tondeuse" --tag jardin)
	run -1 --separate-stderr mutu need match "$n"
	[ -z "$output" ]
	[ -z "$stderr" ]
	add_offer --title "Perceuse" --tag bricolage >/dev/null
	run -1 --separate-stderr mutu need match "$n" --format json
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "a malformed id is bad data (65), an unknown one is no record (66)" {
	new_commons
	setup_drill
	refuses 65 "malformed id" mutu need match not-an-id
	refuses 65 "malformed id" mutu need match ab
	refuses 66 "no need" mutu need match zzzzzzzzzzzz
	refuses 66 "no offer" mutu offer match zzzzzzzzzzzz
}

@test "an offer's id is no need: need match refuses it (66), and offer match a need's" {
	new_commons
	setup_drill
	refuses 66 "$DRILL" mutu need match "$DRILL"
	refuses 66 "$NEED" mutu offer match "$NEED"
}

@test "an ambiguous prefix is a usage error listing the candidates" {
	new_commons
	craft_twins needs
	refuses 2 "abcde0000001" mutu need match abcde
}

@test "match takes one id and a limit from 1" {
	new_commons
	setup_drill
	refuses 2 "which need" mutu need match
	refuses 2 "one need at a time" mutu need match "$NEED" "$NEED"
	refuses 2 "limit" mutu need match "$NEED" --limit 0
	refuses 2 "limit" mutu need match "$NEED" --limit many
	refuses 2 "bogus" mutu need match "$NEED" --bogus
}

@test "need match --help shows its usage" {
	run -0 --separate-stderr mutu need match --help
	[[ $output == *"match ID [--limit N]"* ]]
	[[ $output == *"--limit"* ]]
	[ -z "$stderr" ]
}

@test "an offer that fails its schema is ranked, with a warning naming it" {
	new_commons
	local n o path
	n=$(add_need --title "Perceuse")
	o=$(add_offer --title "Perceuse")
	path=$(record_path offers "$o")
	echo "colour: red" >>"$path"
	gitc commit -qam "hand edit"
	run -0 --separate-stderr mutu need match "$n" --format ids
	[ "$output" = "$o" ]
	[[ $stderr == *"$path"* ]]
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "a file where no offer belongs is warned about by path, never ranked" {
	new_commons
	local n
	n=$(add_need --title "Perceuse")
	add_offer --title "Perceuse" >/dev/null
	mkdir -p offers/zz
	echo "title: Perceuse" >offers/zz/notes.yaml
	gitc add offers/zz
	gitc commit -qm "stray file"
	run -0 --separate-stderr mutu need match "$n" --format ids
	[ "${#lines[@]}" -eq 1 ]
	[[ $stderr == *"offers/zz/notes.yaml"* ]]
}
