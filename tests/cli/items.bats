#!/usr/bin/env bats
# Offers and needs: one implementation over a type table, so one suite.
# Every test here runs once for each item type ($ITEM_TYPES), each in a
# commons of its own (see turn in helper.bash): add, list, show, edit,
# close, reopen, the output formats and canonical YAML. What only one
# type does lives in offer.bats or need.bats.

load helper

setup() {
	mutu_setup
}

ID_RE='^[0-9abcdefghjkmnpqrstvwxyz]{12}$'

# --- add ---

@test "add prints the new id and commits <type>s/<2>/<id>.yaml as one commit" {
	local type before id path
	for type in $ITEM_TYPES; do
		turn "$type"
		before=$(commit_count)
		run -0 --separate-stderr mutu "$type" add --title Perceuse --kind tool --tag bricolage \
			--body "Une perceuse à percussion." --location Lyon --availability "le week-end"
		[[ $output =~ $ID_RE ]]
		[ -z "$stderr" ]
		id=$output
		path=$(record_path "${type}s" "$id")
		[ "$path" = "${type}s/${id:0:2}/$id.yaml" ]
		[ "$(commit_count)" -eq $((before + 1)) ]
		[ "$(git diff --name-only HEAD~1 HEAD)" = "$path" ]
		[ -f "$path" ]
		assert_clean
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .id <<<"$output")" = "$id" ]
		[ "$(jq -r .type <<<"$output")" = "$type" ]
		[ "$(jq -r .title <<<"$output")" = Perceuse ]
		[ "$(jq -r .kind <<<"$output")" = tool ]
		[ "$(jq -r .status <<<"$output")" = open ]
		[ "$(jq -r .author <<<"$output")" = alice ]
		[ "$(jq -r .created <<<"$output")" = "$T0" ]
		[ "$(jq -r .updated <<<"$output")" = "$T0" ]
		[ "$(jq -c .tags <<<"$output")" = '["bricolage"]' ]
		[ "$(jq -r .body <<<"$output")" = "Une perceuse à percussion." ]
		[ "$(jq -r .location <<<"$output")" = Lyon ]
		[ "$(jq -r .availability <<<"$output")" = "le week-end" ]
	done
}

@test "add writes a readable commit: summary, trailers, the member as author, MUTU_NOW as date" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		[ "$(git log -1 --format=%s)" = "$type add ${id:0:8}: Perceuse" ]
		[ "$(trailer Mutu-Action)" = "$type.add" ]
		[ "$(trailer Mutu-Record)" = "$(record_path "${type}s" "$id")" ]
		[ "$(git log -1 --format='%an <%ae>|%cn <%ce>')" = "Alice Martin <alice@example.org>|Alice Martin <alice@example.org>" ]
		[ "$(git log -1 --format=%at)" = "$(date -u -d "$T0" +%s)" ]
		[ "$(git log -1 --format=%ct)" = "$(date -u -d "$T0" +%s)" ]
	done
}

@test "add defaults the kind to other and leaves empty optional fields out" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .kind <<<"$output")" = other ]
		[ "$(jq -c 'keys_unsorted' <<<"$output")" = '["id","type","title","kind","status","author","created","updated"]' ]
	done
}

@test "add accepts every documented kind" {
	local type k
	for type in $ITEM_TYPES; do
		turn "$type"
		for k in tool skill space time material service event other; do
			# an offered event needs its times (mutu-offer(1)); a needed one does not
			if [ "$type" = offer ] && [ "$k" = event ]; then
				run mutu "$type" add --title "A $k" --kind "$k" --start +1d --end +2d
			else
				run mutu "$type" add --title "A $k" --kind "$k"
			fi
			[ "$status" -eq 0 ] || fail "kind $k refused: $output"
		done
		run -0 mutu "$type" list --format ids
		[ "${#lines[@]}" -eq 8 ]
		run -0 mutu "$type" list --format json
		[ "$(jq -r .kind <<<"$output" | sort | tr '\n' ' ')" = "event material other service skill space time tool " ]
	done
}

@test "add --body-file reads the body from a file" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		printf '# Détails\n\nLine one\nLine two\n' >body.md
		id=$(add_item "$type" --title Perceuse --body-file body.md)
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .body <<<"$output")" = "$(cat body.md)" ]
	done
}

@test "add --body-file - reads the body from standard input" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(printf 'from stdin\nsecond line\n' | mutu "$type" add --title Perceuse --body-file -)
		[[ $id =~ $ID_RE ]]
		run -0 mutu "$type" show "$id" --format json
		[[ $(jq -r .body <<<"$output") == "from stdin"$'\n'"second line"* ]]
	done
}

@test "add --yaml adds every document of a stream in ONE commit and prints every id" {
	local type before l
	for type in $ITEM_TYPES; do
		turn "$type"
		before=$(commit_count)
		cat >in.yaml <<-'EOF'
		title: Perceuse
		kind: tool
		tags: [bricolage, outils]
		---
		title: Escabeau
		location: Lyon
		---
		title: Cours de couture
		kind: skill
		body: |
		  Le mardi soir.
		  Apportez du tissu.
		EOF
		run -0 --separate-stderr mutu "$type" add --yaml in.yaml
		[ "${#lines[@]}" -eq 3 ]
		for l in "${lines[@]}"; do
			[[ $l =~ $ID_RE ]] || fail "not an id: $l"
		done
		[ "$(commit_count)" -eq $((before + 1)) ]
		[ "$(git diff --name-only HEAD~1 HEAD | grep -c "^${type}s/")" -eq 3 ]
		[ "$(git diff --name-only HEAD~1 HEAD | wc -l)" -eq 3 ]
		[ "$(trailer Mutu-Action)" = "$type.add" ]
		[ "$(git log -1 --format='%(trailers:key=Mutu-Record,valueonly)' | grep -c .)" -eq 3 ]
		[ "$(git status --porcelain --untracked-files=all)" = "?? in.yaml" ]
		run -0 mutu "$type" show "${lines[2]}" --format json
		[ "$(jq -r .title <<<"$output")" = "Cours de couture" ]
		[ "$(jq -r .kind <<<"$output")" = skill ]
		[ "$(jq -r .body <<<"$output")" = $'Le mardi soir.\nApportez du tissu.' ]
		[ "$(jq -r .author <<<"$output")" = alice ]
	done
}

@test "add --yaml - reads the stream from standard input" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		run -0 --separate-stderr bash -c "printf 'title: A\nkind: time\n---\ntitle: B\n' | mutu $type add --yaml -"
		[ "${#lines[@]}" -eq 2 ]
		run -0 mutu "$type" list --sort title --format tsv
		[ "$(cut -f7 <<<"$output" | tr '\n' ' ')" = "A B " ]
		[ "$(cut -f3 <<<"$output" | tr '\n' ' ')" = "time other " ]
	done
}

# --- show ---

@test "show finds a record by its whole id and by any unique prefix of 4 or more" {
	local type id p
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		for p in "$id" "${id:0:4}" "${id:0:5}" "${id:0:8}" "${id:0:11}"; do
			run --separate-stderr mutu "$type" show "$p" --format ids
			[ "$status" -eq 0 ] || fail "prefix $p: $stderr"
			[ "$output" = "$id" ]
		done
	done
}

@test "show reads an upper-case prefix as the id (Crockford)" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		run -0 mutu "$type" show "$(tr a-z A-Z <<<"${id:0:6}")" --format ids
		[ "$output" = "$id" ]
	done
}

@test "show prints the record for a person: fields, then the body" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --kind tool --tag bricolage --tag outils --location Lyon \
			--body "Une **bonne** perceuse.")
		run -0 --separate-stderr mutu "$type" show "$id" --format table
		[[ ${lines[0]} == "$type $id"*open* ]]
		[[ $output == *Perceuse* ]]
		[[ $output == *tool* ]]
		[[ $output == *alice* ]]
		[[ $output == *bricolage* ]]
		[[ $output == *outils* ]]
		[[ $output == *Lyon* ]]
		[[ $output == *"bonne"* ]]
		# the body comes after the fields
		[[ ${lines[-1]} == *bonne* ]]
	done
}

@test "show prints one tsv line, the json object, the yaml record and the id" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --kind tool --tag a --tag b)
		run -0 mutu "$type" show "$id" --format tsv
		[ "$output" = "$(printf '%s\topen\ttool\talice\t%s\t%s\tPerceuse\ta,b' "$id" "$T0" "$T0")" ]
		run -0 mutu "$type" show "$id" --format json
		[ "${#lines[@]}" -eq 1 ]
		[ "$(jq -r .id <<<"$output")" = "$id" ]
		run -0 mutu "$type" show "$id" --format yaml
		[ "$output" = "$(git show "HEAD:$(record_path "${type}s" "$id")")" ]
		run -0 mutu "$type" show "$id" --format ids
		[ "$output" = "$id" ]
	done
}

@test "show on a pipe defaults to tsv" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		run -0 mutu "$type" show "$id"
		[[ $output == "$id"$'\t'open$'\t'* ]]
	done
}

@test "show of a closed record shows why it was closed" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		mutu "$type" close "$id" --reason "prêtée à Bob" -q
		run -0 mutu "$type" show "$id" --format table
		[[ ${lines[0]} == *closed* ]]
		[[ $output == *"prêtée à Bob"* ]]
	done
}

@test "offers and needs are apart: an offer id is no need, and lists do not mix" {
	new_commons
	local o n
	o=$(add_offer --title Perceuse)
	n=$(add_need --title Escabeau)
	refuses 66 "$o" mutu need show "$o"
	refuses 66 "$n" mutu offer show "$n"
	run -0 mutu offer list --format ids
	[ "$output" = "$o" ]
	run -0 mutu need list --format ids
	[ "$output" = "$n" ]
}

# --- list: filters ---

# setup_three TYPE: A and B by alice, C by bob, one a day.
setup_three() {
	add_member bob "Bob Dupont"
	A=$(add_item "$1" --title "Perceuse" --kind tool --tag bricolage --tag outils --body "Une perceuse à PERCUSSION.")
	B=$(MUTU_NOW=2026-01-03T00:00:00Z add_item "$1" --title "Cours de percussion" --kind skill --tag bricolage)
	C=$(MUTU_NOW=2026-01-04T00:00:00Z MUTU_MEMBER=bob add_item "$1" --title "Tondeuse" --kind tool --tag jardin)
}

ids_of() { # the ids a list printed, sorted, space-separated
	sort <<<"$output" | tr '\n' ' '
}

expect_ids() { # expected ids, in any order
	local want
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$(ids_of)" = "$want" ] || fail "listed: $(ids_of)" "wanted: $want"
}

@test "list prints every open record, one tsv line of 8 fields each" {
	local type l
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 --separate-stderr mutu "$type" list
		[ "${#lines[@]}" -eq 3 ]
		for l in "${lines[@]}"; do
			[ "$(awk -F'\t' '{print NF}' <<<"$l")" -eq 8 ] || fail "not 8 fields: $l"
		done
	done
}

@test "list --kind keeps only that kind" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 mutu "$type" list --kind tool --format ids
		expect_ids "$A" "$C"
	done
}

@test "list --tag keeps records with the tag; repeated --tag means all of them" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 mutu "$type" list --tag bricolage --format ids
		expect_ids "$A" "$B"
		run -0 mutu "$type" list --tag bricolage --tag outils --format ids
		expect_ids "$A"
		run -0 mutu "$type" list --tag jardin --format ids
		expect_ids "$C"
		run -1 mutu "$type" list --tag outils --tag jardin --format ids
		[ -z "$output" ]
	done
}

@test "list --author keeps one member's records" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 mutu "$type" list --author bob --format ids
		expect_ids "$C"
		run -0 mutu "$type" list --author alice --format ids
		expect_ids "$A" "$B"
	done
}

@test "list --grep matches title and body, in any case" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 mutu "$type" list --grep percussion --format ids
		expect_ids "$A" "$B"
		run -0 mutu "$type" list --grep PERCEUSE --format ids
		expect_ids "$A"
		run -0 mutu "$type" list --grep "à perc" --format ids
		expect_ids "$A"
	done
}

@test "list filters combine" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 mutu "$type" list --kind tool --tag bricolage --format ids
		expect_ids "$A"
		run -0 mutu "$type" list --kind tool --author bob --grep tond --format ids
		expect_ids "$C"
	done
}

@test "list exits 1 and prints nothing when nothing matches" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -1 --separate-stderr mutu "$type" list --grep nowhere-to-be-found
		[ -z "$output" ]
		[ -z "$stderr" ]
		run -1 --separate-stderr mutu "$type" list --kind space
		[ -z "$output" ]
		run -1 --separate-stderr mutu "$type" list --author carol
		[ -z "$output" ]
	done
}

@test "list in an empty commons exits 1" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		run -1 --separate-stderr mutu "$type" list
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
}

@test "list shows open records by default; --status closed and all" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		mutu "$type" close "$A" -q
		run -0 mutu "$type" list --format ids
		expect_ids "$B" "$C"
		run -0 mutu "$type" list --status open --format ids
		expect_ids "$B" "$C"
		run -0 mutu "$type" list --status closed --format ids
		expect_ids "$A"
		run -0 mutu "$type" list --status all --format ids
		expect_ids "$A" "$B" "$C"
	done
}

# --- list: sort and limit ---

# setup_sorted TYPE: created Bravo, then Alpha, then Charlie; Bravo updated last.
setup_sorted() {
	BRAVO=$(MUTU_NOW=2026-01-10T00:00:00Z add_item "$1" --title Bravo)
	ALPHA=$(MUTU_NOW=2026-01-11T00:00:00Z add_item "$1" --title Alpha)
	CHARLIE=$(MUTU_NOW=2026-01-12T00:00:00Z add_item "$1" --title Charlie)
	MUTU_NOW=2026-01-20T00:00:00Z mutu "$1" edit "$BRAVO" --add-tag touched -q
}

titles() {
	cut -f7 <<<"$output" | tr '\n' ' '
}

@test "list is newest first by default" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_sorted "$type"
		run -0 mutu "$type" list --format tsv
		[ "$(titles)" = "Charlie Alpha Bravo " ]
		run -0 mutu "$type" list --format ids
		[ "$output" = "$(printf '%s\n' "$CHARLIE" "$ALPHA" "$BRAVO")" ]
	done
}

@test "list --sort created is newest created first" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_sorted "$type"
		run -0 mutu "$type" list --sort created --format tsv
		[ "$(titles)" = "Charlie Alpha Bravo " ]
	done
}

@test "list --sort updated is most recently updated first" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_sorted "$type"
		run -0 mutu "$type" list --sort updated --format tsv
		[ "$(titles)" = "Bravo Charlie Alpha " ]
	done
}

@test "list --sort title is by title, ascending" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_sorted "$type"
		run -0 mutu "$type" list --sort title --format tsv
		[ "$(titles)" = "Alpha Bravo Charlie " ]
	done
}

@test "list --limit N keeps the first N of the sorted list" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_sorted "$type"
		run -0 mutu "$type" list --limit 2 --format tsv
		[ "$(titles)" = "Charlie Alpha " ]
		run -0 mutu "$type" list --sort title --limit 2 --format tsv
		[ "$(titles)" = "Alpha Bravo " ]
		run -0 mutu "$type" list --sort updated --limit 1 --format tsv
		[ "$(titles)" = "Bravo " ]
		run -0 mutu "$type" list --limit 1 --format ids
		[ "$output" = "$CHARLIE" ]
		run -0 mutu "$type" list --limit 10 --format tsv
		[ "$(titles)" = "Charlie Alpha Bravo " ]
	done
}

# --- formats ---

@test "list --format json prints one whole record per line, each valid JSON" {
	local type l
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		mutu "$type" edit "$A" --set location="Lyon 7e" -q
		run -0 --separate-stderr mutu "$type" list --format json
		[ "${#lines[@]}" -eq 3 ]
		for l in "${lines[@]}"; do
			jq -e 'type == "object" and (.id | test("^[0-9a-z]{12}$"))' <<<"$l" >/dev/null ||
				fail "not a record: $l"
		done
		# whole records: the body is there
		[ "$(jq -r "select(.id == \"$A\") | .body" <<<"$output")" = "Une perceuse à PERCUSSION." ]
		[ "$(jq -r "select(.id == \"$A\") | .location" <<<"$output")" = "Lyon 7e" ]
		[ "$(jq -s length <<<"$output")" -eq 3 ]
	done
}

@test "json keeps tabs, newlines, quotes, backslashes and accents in a body, and a backslash in a title" {
	local type body id
	body=$(printf 'tab\there\nnew line "quoted" back\\slash é 漢字 🙂')
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title 'Un escabeau \ 3 marches' --body "$body")
		run -0 mutu "$type" list --format json
		[ "${#lines[@]}" -eq 1 ]
		[ "$(jq -r .body <<<"$output")" = "$body" ]
		[ "$(jq -r .title <<<"$output")" = 'Un escabeau \ 3 marches' ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .body <<<"$output")" = "$body" ]
	done
}

@test "yaml output keeps a body with tabs and backslashes, as an independent reader sees it" {
	local type body id
	need_yq
	body=$(printf 'tab\there\nback\\slash\n  indented')
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --body "$body")
		run -0 mutu "$type" show "$id" --format yaml
		[ "$(yq -r .body <<<"$output")" = "$body" ]
		# mutu reads back what it wrote
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .body <<<"$output")" = "$body" ]
	done
}

@test "tsv escapes backslashes in a title and tags, one record per line" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title 'C:\outils\perceuse' --tag 'a\b' --tag c)
		run -0 mutu "$type" list --format tsv
		[ "${#lines[@]}" -eq 1 ]
		[ "$(cut -f7 <<<"$output")" = 'C:\\outils\\perceuse' ]
		[ "$(cut -f8 <<<"$output")" = 'a\\b,c' ]
		[ "$output" = "$(printf '%s\topen\tother\talice\t%s\t%s\t%s\t%s' "$id" "$T0" "$T0" \
			'C:\\outils\\perceuse' 'a\\b,c')" ]
	done
}

@test "tsv escapes a tab, newline, carriage return and backslash inside a field" {
	# Titles cannot hold control characters, so commit such a record by hand:
	# reads are tolerant, and the tsv line must still be one line of 8 fields.
	local type id=abcdefgh0001
	for type in $ITEM_TYPES; do
		turn "$type"
		mkdir -p "${type}s/ab"
		cat >"${type}s/ab/$id.yaml" <<-EOF
		id: $id
		type: $type
		title: "a\tb\nc\rd\\\\e"
		kind: tool
		status: open
		author: alice
		created: "$T0"
		updated: "$T0"
		EOF
		gitc add "${type}s"
		gitc commit -qm "by hand"
		run -0 --separate-stderr mutu "$type" list --format tsv
		[ "${#lines[@]}" -eq 1 ]
		[ "$(awk -F'\t' '{print NF}' <<<"$output")" -eq 8 ]
		[ "$(cut -f7 <<<"$output")" = 'a\tb\nc\rd\\e' ]
		[[ $stderr == *"${type}s/ab/$id.yaml"* ]] # the warning names the file
	done
}

@test "list --format yaml prints documents that re-parse, each a whole record" {
	local type
	need_yq
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 --separate-stderr mutu "$type" list --format yaml
		[ "$(grep -c '^id: ' <<<"$output")" -eq 3 ]
		[ "$(grep -c '^---$' <<<"$output")" -eq 2 ]
		[[ ${lines[0]} == id:* ]]
		[ "$(grep -A1 -x -- '---' <<<"$output" | grep -c '^id: ')" -eq 2 ]
		[ "$(yq -c '{id, title}' <<<"$output" | wc -l)" -eq 3 ]
		[ "$(yq -r .id <<<"$output" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$A" "$B" "$C" | sort | tr '\n' ' ')" ]
		[ "$(yq -r "select(.id == \"$A\") | .body" <<<"$output")" = "Une perceuse à PERCUSSION." ]
	done
}

@test "list --format ids | xargs -n1 show" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		setup_three "$type"
		run -0 bash -c "set -o pipefail
			mutu $type list --format ids | xargs -n1 mutu $type show --format json | jq -r .title | sort"
		[ "$output" = "$(printf 'Cours de percussion\nPerceuse\nTondeuse')" ]
	done
}

@test "list --format table has a header and shows 8-character ids" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --kind tool)
		run -0 --separate-stderr mutu "$type" list --format table
		[[ ${lines[0]} == *ID* ]]
		[[ ${lines[0]} == *TITLE* ]]
		[[ ${lines[1]} == "${id:0:8} "* ]]
		[[ ${lines[1]} != *"$id"* ]]
		[[ ${lines[1]} == *Perceuse* ]]
	done
}

@test "list --format table shows more of an id where 8 characters are not unique" {
	local type
	for type in $ITEM_TYPES; do
		turn "$type"
		craft_twins "${type}s"
		run -0 mutu "$type" list --format table
		[[ $output == *abcde0000001* ]]
		[[ $output == *abcde0000002* ]]
	done
}

@test "list --format table keeps one line per record and aligns accented titles" {
	local type a b
	for type in $ITEM_TYPES; do
		turn "$type"
		add_item "$type" --title "Étagère" >/dev/null
		add_item "$type" --title "Perceuse" >/dev/null
		run -0 mutu "$type" list --format table --sort title
		[ "${#lines[@]}" -eq 3 ]
		# the AUTHOR column starts at the same display column on every row
		a=$(sed -n 2p <<<"$output" | sed 's/alice.*//' | wc -m)
		b=$(sed -n 3p <<<"$output" | sed 's/alice.*//' | wc -m)
		[ "$a" -eq "$b" ]
	done
}

@test "list --format table aligns wide (CJK) titles by display width" {
	local type wide narrow
	for type in $ITEM_TYPES; do
		turn "$type"
		add_item "$type" --title "漢字" --tag x >/dev/null
		add_item "$type" --title "abcd" --tag y >/dev/null
		run -0 mutu "$type" list --format table
		wide=$(grep '漢字' <<<"$output" | sed 's/.*漢字\( *\)x *$/\1/')
		narrow=$(grep 'abcd' <<<"$output" | sed 's/.*abcd\( *\)y *$/\1/')
		[ -n "$wide" ] || fail "no padding after the wide title: $output"
		[ "${#wide}" -eq "${#narrow}" ] || fail "$output"
	done
}

@test "a title may hold 200 characters (not bytes), not 201" {
	local type t
	t=$(printf 'é%.0s' $(seq 200))
	for type in $ITEM_TYPES; do
		turn "$type"
		run -0 mutu "$type" add --title "$t"
		run -0 mutu "$type" show "$output" --format json
		[ "$(jq -r .title <<<"$output")" = "$t" ]
		refuses 65 "title" mutu "$type" add --title "${t}é"
	done
}

@test "on a terminal, list prints a table that fits its width, long titles cut with …" {
	local type
	need_tool script
	for type in $ITEM_TYPES; do
		turn "$type"
		add_item "$type" --title "$(printf 'A very long title %.0s' $(seq 6))" --tag outils >/dev/null
		add_item "$type" --title Perceuse >/dev/null
		run -0 bash -c "set -o pipefail
			script -qec 'stty cols 60 rows 20; mutu $type list' /dev/null </dev/null | tr -d '\r'"
		[[ ${lines[0]} == ID* ]]
		[ "${#lines[@]}" -eq 3 ]
		[[ $output == *…* ]]
		[[ $output == *outils* ]]
		[ "$(printf '%s\n' "$output" | wc -L)" -le 60 ] || fail "wider than 60 columns:" "$output"
	done
}

@test "on a narrow terminal, the table still fits when the title column can shrink to its header" {
	local type
	need_tool script
	for type in $ITEM_TYPES; do
		turn "$type"
		add_item "$type" --title "$(printf 'A very long title %.0s' $(seq 6))" --tag outils >/dev/null
		# ID 8, KIND 5, AUTHOR 6, CREATED 10, TAGS 6 and five 2-space gaps take 45
		# columns: TITLE gets 5, its header's width.
		run -0 bash -c "set -o pipefail
			script -qec 'stty cols 50 rows 20; mutu $type list' /dev/null </dev/null | tr -d '\r'"
		[[ ${lines[0]} == ID* ]]
		[ "${#lines[@]}" -eq 2 ]
		[ "$(printf '%s\n' "$output" | wc -L)" -le 50 ] || fail "wider than 50 columns:" "$output"
	done
}

# --- edit ---

@test "edit --set changes fields, stamps updated and commits <type>.edit" {
	local type id before
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --location Lyon)
		before=$(commit_count)
		MUTU_NOW=2026-02-01T00:00:00Z run -0 --separate-stderr mutu "$type" edit "${id:0:5}" \
			--set title=Marteau --set kind=tool --set availability="le soir" --set body="Solide."
		[ "$(commit_count)" -eq $((before + 1)) ]
		[ "$(git log -1 --format=%s)" = "$type edit ${id:0:8}: Marteau" ]
		[ "$(trailer Mutu-Action)" = "$type.edit" ]
		[ "$(trailer Mutu-Record)" = "$(record_path "${type}s" "$id")" ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .title <<<"$output")" = Marteau ]
		[ "$(jq -r .kind <<<"$output")" = tool ]
		[ "$(jq -r .availability <<<"$output")" = "le soir" ]
		[ "$(jq -r .body <<<"$output")" = "Solide." ]
		[ "$(jq -r .location <<<"$output")" = Lyon ]
		[ "$(jq -r .created <<<"$output")" = "$T0" ]
		[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
		assert_clean
	done
}

@test "edit --set FIELD= removes an optional field" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --location Lyon)
		mutu "$type" edit "$id" --set location= -q
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq 'has("location")' <<<"$output")" = false ]
		run -1 grep location "$(record_path "${type}s" "$id")"
	done
}

@test "edit --set tags=a,b replaces the tags" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --tag old)
		mutu "$type" edit "$id" --set tags=a,b -q
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -c .tags <<<"$output")" = '["a","b"]' ]
	done
}

@test "edit --add-tag and --remove-tag" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --tag a --tag b)
		mutu "$type" edit "$id" --add-tag c --remove-tag a -q
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -c .tags <<<"$output")" = '["b","c"]' ]
		mutu "$type" edit "$id" --remove-tag b --remove-tag c -q
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq 'has("tags")' <<<"$output")" = false ]
	done
}

@test "edit that changes nothing says so and makes no commit" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --tag a)
		snapshot
		run -0 --separate-stderr mutu "$type" edit "$id" --add-tag a --set title=Perceuse
		[ -z "$output" ]
		[ "$stderr" = "mutu-$type: nothing changed" ]
		assert_unchanged
	done
}

@test "edit refuses a field mutu owns, an unknown field, a bad kind, an empty title" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		refuses 65 "'id'" mutu "$type" edit "$id" --set id=abcdabcdabcd
		refuses 65 "author" mutu "$type" edit "$id" --set author=bob
		refuses 65 "status" mutu "$type" edit "$id" --set status=closed
		refuses 65 "bogus" mutu "$type" edit "$id" --set bogus=1
		refuses 2 "FIELD=VALUE" mutu "$type" edit "$id" --set title
		refuses 65 "kind" mutu "$type" edit "$id" --set kind=bogus
		refuses 65 "title" mutu "$type" edit "$id" --set title=
		refuses 65 "title" mutu "$type" edit "$id" --set "title=$(printf 'two\nlines')"
	done
}

@test "edit refuses a tag with a space or a comma, with one clean error line" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		refuses 65 "tag" mutu "$type" edit "$id" --add-tag "with space"
		refuses 65 "tag" mutu "$type" edit "$id" --add-tag "a,b"
	done
}

# --- edit in an editor ---

editor() { # editor NAME BODY: a script in the test directory
	printf '#!/bin/sh\n%s\n' "$2" >"$BATS_TEST_TMPDIR/$1"
	chmod +x "$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

@test "edit without options opens \$EDITOR on the record and commits the change" {
	local type id ed
	ed=$(editor ed.sh 'sed -i -e "s/^title: .*/title: Marteau/" -e "s/^- a$/- b/" "$1"')
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --tag a)
		EDITOR=$ed MUTU_NOW=2026-02-01T00:00:00Z run -0 --separate-stderr mutu "$type" edit "$id" </dev/null
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .title <<<"$output")" = Marteau ]
		[ "$(jq -c .tags <<<"$output")" = '["b"]' ]
		[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
		[ "$(trailer Mutu-Action)" = "$type.edit" ]
		assert_clean
	done
}

@test "edit prefers \$VISUAL to \$EDITOR" {
	local type id vis ed
	vis=$(editor vis.sh 'sed -i "s/^title: .*/title: Visual/" "$1"')
	ed=$(editor ed.sh 'sed -i "s/^title: .*/title: Editor/" "$1"')
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		VISUAL=$vis EDITOR=$ed run -0 mutu "$type" edit "$id" </dev/null
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .title <<<"$output")" = Visual ]
	done
}

@test "edit gives the editor the record as canonical YAML" {
	local type id ed
	ed=$(editor ed.sh "cp \"\$1\" '$BATS_TEST_TMPDIR/seen.yaml'")
	for type in $ITEM_TYPES; do
		turn "$type"
		rm -f "$BATS_TEST_TMPDIR/seen.yaml"
		id=$(add_item "$type" --title Perceuse --kind tool --tag a --body "x")
		EDITOR=$ed mutu "$type" edit "$id" -q </dev/null
		cmp "$BATS_TEST_TMPDIR/seen.yaml" "$(record_path "${type}s" "$id")"
	done
}

@test "edit with an editor that changes nothing makes no commit and keeps the file's bytes" {
	local type id path sum
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --kind tool --tag a --tag b --body $'line one\nline two' --location Lyon)
		path=$(record_path "${type}s" "$id")
		sum=$(sha256sum <"$path")
		snapshot
		EDITOR=true run -0 --separate-stderr mutu "$type" edit "$id" </dev/null
		[[ $stderr == *"nothing changed"* ]]
		assert_unchanged
		[ "$(sha256sum <"$path")" = "$sum" ]
	done
}

edit_nontty() { # edit_nontty TYPE ID: edit in $EDITOR, stdin not a terminal
	mutu "$1" edit "$2" </dev/null
}

@test "edit refuses a bad edit when stdin is not a terminal: exit 65, nothing changed" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		REFUSES_PROG=mutu-$type EDITOR=$(editor bogus.sh 'echo "bogus: 1" >>"$1"') \
			refuses 65 'bogus' edit_nontty "$type" "$id"
		REFUSES_PROG=mutu-$type EDITOR=$(editor syntax.sh 'echo "tags: [unclosed" >>"$1"') \
			refuses 65 ':[0-9]+:[0-9]+:' edit_nontty "$type" "$id"
		REFUSES_PROG=mutu-$type EDITOR=$(editor author.sh 'sed -i "s/^author: .*/author: bob/" "$1"') \
			refuses 65 'author' edit_nontty "$type" "$id"
		REFUSES_PROG=mutu-$type EDITOR=$(editor empty.sh 'sed -i "s/^title: .*/title: \"\"/" "$1"') \
			refuses 65 'title' edit_nontty "$type" "$id"
		REFUSES_PROG=mutu-$type EDITOR=$(editor kind.sh 'sed -i "s/^kind: .*/kind: bogus/" "$1"') \
			refuses 65 'kind' edit_nontty "$type" "$id"
	done
}

@test "edit stops when the editor fails, and changes nothing" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		snapshot
		EDITOR=$(editor fails.sh 'sed -i "s/^title: .*/title: Changed/" "$1"; exit 3') \
			run -1 --separate-stderr mutu "$type" edit "$id" </dev/null
		assert_one_line_error "mutu-$type"
		[[ $stderr == *fails.sh* ]]
		assert_unchanged
	done
}

# --- close and reopen ---

@test "close --reason closes the record, keeps the reason and commits <type>.close" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		MUTU_NOW=2026-02-01T00:00:00Z run -0 --separate-stderr mutu "$type" close "$id" --reason "prêtée pour de bon"
		[ "$(git log -1 --format=%s)" = "$type close ${id:0:8}: Perceuse" ]
		[ "$(trailer Mutu-Action)" = "$type.close" ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .status <<<"$output")" = closed ]
		[ "$(jq -r .closed_reason <<<"$output")" = "prêtée pour de bon" ]
		[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
		assert_clean
		run -0 mutu "$type" list --status closed --format ids
		[ "$output" = "$id" ]
		run -1 mutu "$type" list
	done
}

@test "close of a closed record exits 1 and changes nothing" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		mutu "$type" close "$id" -q
		refuses 1 'already closed' mutu "$type" close "$id"
	done
}

@test "reopen reopens, drops the closed reason and commits <type>.reopen" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		mutu "$type" close "$id" --reason gone -q
		run -0 --separate-stderr mutu "$type" reopen "$id"
		[ "$(trailer Mutu-Action)" = "$type.reopen" ]
		[ "$(git log -1 --format=%s)" = "$type reopen ${id:0:8}: Perceuse" ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .status <<<"$output")" = open ]
		[ "$(jq 'has("closed_reason")' <<<"$output")" = false ]
		run -0 mutu "$type" list --format ids
		[ "$output" = "$id" ]
		assert_clean
	done
}

@test "reopen of an open record exits 1 and changes nothing" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		refuses 1 'already open' mutu "$type" reopen "$id"
	done
}

@test "close refuses a reason with a newline" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse)
		refuses 65 'closed_reason' mutu "$type" close "$id" --reason "$(printf 'two\nlines')"
	done
}

# --- canonical YAML ---

@test "records are canonical: keys in schema order, and the same record gives the same bytes" {
	local type id path sum
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --availability soir --location Lyon --body x --tag b --tag a --kind tool)
		path=$(record_path "${type}s" "$id")
		[ "$(sed -n 's/^\([a-z_]*\):.*/\1/p' "$path" | tr '\n' ' ')" = "id type title kind status author created updated tags location availability body " ]
		sum=$(git rev-parse "HEAD:$path")
		mutu "$type" edit "$id" --set title=Marteau -q
		[ "$(git rev-parse "HEAD:$path")" != "$sum" ]
		mutu "$type" edit "$id" --set title=Perceuse -q
		[ "$(git rev-parse "HEAD:$path")" = "$sum" ]
	done
}

@test "strings a YAML reader could take for another type are quoted, and read back as strings" {
	local type t id path line
	local -a titles=(yes no on off true null '~' 0123 1e3 2026-01-01 '- x' 'a: b' '#hash' '&anchor'
		'*star' '!tag' '%pct' '@at' '`tick`' '12:30' '0x1F' '.inf' ' lead' 'trail ')
	local -a paths
	need_yq
	for type in $ITEM_TYPES; do
		turn "$type"
		paths=()
		for t in "${titles[@]}"; do
			id=$(add_item "$type" --title "$t")
			path=$(record_path "${type}s" "$id")
			paths+=("$path")
			line=$(grep '^title: ' "$path")
			[[ $line =~ ^title:\ [\"\'] ]] || fail "title '$t' written unquoted: $line"
			run -0 mutu "$type" show "$id" --format json
			[ "$(jq -r .title <<<"$output")" = "$t" ] || fail "title '$t' read back as $(jq .title <<<"$output")"
		done
		# an independent YAML reader takes every one of them for the same string
		run -0 yq -c .title "${paths[@]}"
		[ "$output" = "$(printf '%s\n' "${titles[@]}" | jq -cR .)" ] || fail "yq reads: $output"
	done
}

@test "a multi-line body is written as a literal block" {
	local type id
	for type in $ITEM_TYPES; do
		turn "$type"
		id=$(add_item "$type" --title Perceuse --body $'line one\nline two')
		grep -Eq '^body: \|' "$(record_path "${type}s" "$id")"
		grep -qx '  line one' "$(record_path "${type}s" "$id")"
		grep -qx '  line two' "$(record_path "${type}s" "$id")"
	done
}

# --- help ---

@test "every verb's --help names its own options" {
	local type o
	for type in $ITEM_TYPES; do
		run -0 mutu "$type" add --help
		for o in --title --kind --tag --body --body-file --location --availability --yaml; do
			[[ $output == *"$o"* ]] || fail "$type add --help lacks $o"
		done
		run -0 mutu "$type" list --help
		for o in --status --kind --tag --author --grep --sort --limit; do
			[[ $output == *"$o"* ]] || fail "$type list --help lacks $o"
		done
		run -0 mutu "$type" show --help
		[[ $output == *--stdin* ]] || fail "$type show --help lacks --stdin"
		run -0 mutu "$type" edit --help
		for o in --set --add-tag --remove-tag; do
			[[ $output == *"$o"* ]] || fail "$type edit --help lacks $o"
		done
		run -0 mutu "$type" close --help
		[[ $output == *--reason* ]] || fail "$type close --help lacks --reason"
	done
}
