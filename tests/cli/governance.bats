#!/usr/bin/env bats
# Governance: mutu-propose and mutu-vote from proposal to outcome, the
# rules that bound them (rules.yaml, init --rules), what applying a
# proposal changes, and mutu-member edit and leave. The published
# examples a 45-member commons votes on are in election.bats.

load helper

# The calendar of a proposal made at T0 under the default rules
# (discussion 7d, vote 7d).
T_EARLY=2026-01-09T03:04:04Z  # one second before the discussion is over
T_START=2026-01-09T03:04:05Z  # T0 + 7d: the vote may start
T_VOTE=2026-01-09T04:00:00Z   # members vote
T_CHANGE=2026-01-10T04:00:00Z # a member changes their mind
T_CLOSES=2026-01-16T03:04:05Z # T_START + 7d: the vote closes
T_AFTER=2026-01-16T05:00:00Z  # after the close (and after accept's)
T_LATER=2026-01-20T00:00:00Z  # some days later

setup() {
	mutu_setup
	need_tool jq
	new_commons
	add_member bob "Bob Dupont"
}

# The time SECONDS after TIME, in RFC 3339.
at() {
	date -u -d "@$(($(date -u -d "$1" +%s) + $2))" +%Y-%m-%dT%H:%M:%SZ
}

# propose ARGS…: mutu propose add, printing the id (fails the test if
# mutu fails, even inside $(…)).
propose() {
	mutu propose add "$@" || fail "mutu propose add $* failed"
}

# start_vote ID [TIME]: the author opens the vote (at T_START).
start_vote() {
	MUTU_NOW=${2:-$T_START} mutu propose start "$1" -q || fail "mutu propose start $1 failed"
}

# vote_as HANDLE ID BALLOT…: HANDLE votes (at T_VOTE, or $WHEN).
vote_as() {
	local who=$1
	shift
	MUTU_MEMBER=$who MUTU_NOW=${WHEN:-$T_VOTE} mutu vote "$@" -q || fail "$who could not vote $*"
}

# close_vote ID [TIME]: close the vote (at T_AFTER), quietly.
close_vote() {
	MUTU_NOW=${2:-$T_AFTER} mutu propose close "$1" -q || fail "mutu propose close $1 failed"
}

# accept ID [START]: open the vote at START (T_START), every member of
# $VOTERS (alice and bob) votes yes an hour later, and the vote is closed a
# week and an hour after START: the proposal is accepted.
accept() {
	local id=$1 start=${2:-$T_START} who
	start_vote "$id" "$start"
	for who in ${VOTERS:-alice bob}; do
		WHEN=$(at "$start" 3600) vote_as "$who" "$id" yes
	done
	close_vote "$id" "$(at "$start" $((7 * 86400 + 3600)))"
	[ "$(pfield "$id" .status)" = accepted ] || fail "$id was not accepted"
}

# pfield ID FILTER: a field of a proposal, through jq -r.
pfield() {
	mutu propose show "$1" --format json | jq -r "$2"
}

# rules_yaml FILE [SED-EXPRESSION]…: the default rules, edited.
rules_yaml() {
	local file=$1 e
	shift
	cat >"$file" <<-'EOF'
	format: 1
	membership: open
	require_signatures: false
	voting:
	  method: yes-no
	  methods: [yes-no, consent, approval, majority-judgment, schulze, stv]
	  quorum: 50
	  threshold: 50
	  discussion: 7d
	  vote: 7d
	  early_close: false
	EOF
	for e in "$@"; do
		sed -i "$e" "$file" || fail "sed $e failed"
	done
}

# ruled_commons SED-EXPRESSION…: a fresh commons "r" founded by alice
# under the default rules so edited, with bob where membership is open.
ruled_commons() {
	rules_yaml "$BATS_TEST_TMPDIR/rules.yaml" "$@"
	new_commons r --rules "$BATS_TEST_TMPDIR/rules.yaml"
	if grep -q '^membership: open' rules.yaml; then
		add_member bob "Bob Dupont"
	fi
}

# The commons' rules.yaml with its quorum set to PCT, in FILE.
rules_with_quorum() {
	sed "s/^  quorum: .*/  quorum: $2/" rules.yaml >"$1" || fail "cannot write $1"
	grep -qx "  quorum: $2" "$1" || fail "no quorum in rules.yaml"
}

# --- propose add ---

@test "propose add prints the id and commits 'proposal add <id8>: <title>' with its trailers" {
	local before id path
	before=$(commit_count)
	run -0 --separate-stderr mutu propose add --title "Buy a drill"
	[[ $output =~ ^[0-9abcdefghjkmnpqrstvwxyz]{12}$ ]]
	[ -z "$stderr" ]
	id=$output
	path=$(record_path proposals "$id")
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$path" ]
	[ "$(git log -1 --format=%s)" = "proposal add ${id:0:8}: Buy a drill" ]
	[ "$(trailer Mutu-Action)" = proposal.add ]
	[ "$(trailer Mutu-Record)" = "$path" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Martin <alice@example.org>" ]
	assert_clean
}

@test "propose add records status discussion, the rules' default method and when the discussion began" {
	local id
	id=$(propose --title "Buy a drill")
	run -0 mutu propose show "$id" --format json
	[ "$(jq -r .status <<<"$output")" = discussion ]
	[ "$(jq -r .kind <<<"$output")" = general ]
	[ "$(jq -r .author <<<"$output")" = alice ]
	[ "$(jq -r .method <<<"$output")" = yes-no ]
	[ "$(jq -r .discussed <<<"$output")" = "$T0" ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .opened <<<"$output")" = null ]
}

@test "propose add takes its method from the rules' voting.method when none is given" {
	local id
	ruled_commons 's/^  method: yes-no$/  method: consent/'
	id=$(propose --title "Buy a drill")
	[ "$(pfield "$id" .method)" = consent ]
}

@test "propose add --draft makes a draft; submit opens its discussion in one commit" {
	local id
	id=$(propose --title "Buy a drill" --draft)
	[ "$(pfield "$id" .status)" = draft ]
	[ "$(pfield "$id" .discussed)" = null ]
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose submit "$id"
	[ "$(pfield "$id" .status)" = discussion ]
	[ "$(pfield "$id" .discussed)" = "$T_VOTE" ]
	[ "$(git log -1 --format=%s)" = "proposal submit ${id:0:8}: Buy a drill" ]
	[ "$(trailer Mutu-Action)" = proposal.submit ]
	assert_clean
}

@test "propose add refuses options on a yes-no vote (exit 2), changing nothing" {
	refuses 2 'yes-no.*no options' mutu propose add --title "Buy a drill" --option A --option B
}

@test "propose add refuses a schulze vote without options (exit 2)" {
	refuses 2 'schulze.*options' mutu propose add --title "Pick a colour" --method schulze
}

@test "propose add refuses --scale without majority-judgment (exit 2)" {
	refuses 2 'scale' mutu propose add --title "Pick" --method approval --option A --option B --scale bad,good
}

@test "propose add refuses --seats without stv (exit 2)" {
	refuses 2 'seats' mutu propose add --title "Pick" --method schulze --option A --option B --seats 2
}

@test "propose add refuses --status-quo with approval (exit 2)" {
	refuses 2 'status-quo' mutu propose add --title "Pick" --method approval --option A --option B --status-quo
}

@test "propose add refuses an option called 'status quo' along with --status-quo (exit 2)" {
	refuses 2 'status quo' mutu propose add --title "Pick" --method schulze --option A --option "status quo" --status-quo
}

@test "propose add refuses a quorum below the rules' quorum (exit 77)" {
	refuses 77 'quorum of 40%.*50%' mutu propose add --title "Buy a drill" --quorum 40
}

@test "propose add refuses a method the rules do not allow (exit 77)" {
	ruled_commons 's/^  methods: .*/  methods: [yes-no, consent]/'
	refuses 77 'schulze' mutu propose add --title "Pick" --method schulze --option A --option B
	run -0 mutu propose add --title "Agree" --method consent
}

@test "propose add refuses a vote that would close before discussion and vote times are over (exit 77), naming the earliest" {
	refuses 77 "$T_CLOSES" mutu propose add --title "Buy a drill" --closes +10d
	run -0 mutu propose add --title "Buy a drill" --closes +14d
}

@test "propose add refuses a malformed --closes (exit 65)" {
	refuses 65 'tomorrow' mutu propose add --title "Buy a drill" --closes tomorrow
	refuses 65 '2026-13-01' mutu propose add --title "Buy a drill" --closes 2026-13-01T00:00:00Z
}

@test "propose add refuses a --rules-file that fails the rules schema (exit 65)" {
	rules_yaml "$BATS_TEST_TMPDIR/bad.yaml" 's/^  quorum: 50$/  quorum: 500/'
	refuses 65 'quorum' mutu propose add --title "Quorum 500" --rules-file "$BATS_TEST_TMPDIR/bad.yaml"
	printf 'format: 1\nvoting: [\n' >"$BATS_TEST_TMPDIR/broken.yaml"
	refuses 65 'broken.yaml:[0-9]+:[0-9]+' mutu propose add --title "Broken" --rules-file "$BATS_TEST_TMPDIR/broken.yaml"
}

@test "propose add: rules, role and admit proposals are decided by yes-no or consent only (exit 2)" {
	rules_with_quorum "$BATS_TEST_TMPDIR/q60.yaml" 60
	refuses 2 'rules.*schulze' mutu propose add --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml" \
		--method schulze --option A --option B
	refuses 2 'role.*approval' mutu propose add --title "Bob moderates" --member bob --grant moderator \
		--method approval --option A --option B
	refuses 2 'admit.*majority-judgment' mutu propose add --title "Welcome Dave" --kind admit --member dave \
		--name Dave --email dave@example.org --method majority-judgment --option A --option B
	run -0 mutu propose add --title "Bob moderates" --member bob --grant moderator --method consent
}

@test "propose add refuses a role proposal that both grants and revokes (exit 2)" {
	refuses 2 'grant.*revoke' mutu propose add --title "Bob" --member bob --grant moderator --revoke moderator
}

@test "propose add refuses a role proposal for a member who does not exist (exit 66)" {
	refuses 66 'zed' mutu propose add --title "Zed moderates" --member zed --grant moderator
}

@test "propose add refuses to admit someone who is a member already (exit 2)" {
	refuses 2 'bob.*member already' mutu propose add --title "Welcome Bob" --kind admit --member bob \
		--name "Bob Dupont" --email bob@example.org
}

@test "propose add refuses to admit a name or email that cannot sign a commit (exit 65)" {
	refuses 65 "cannot sign a commit" mutu propose add --title "Welcome Eve" --kind admit --member eve \
		--name "Eve <eve@evil>" --email eve@example.org
	refuses 65 "email" mutu propose add --title "Welcome Eve" --kind admit --member eve \
		--name "Eve" --email "eve"
}

# --- amend ---

@test "amend changes the proposal in one commit, and history keeps every version" {
	local id path
	id=$(propose --title "First title")
	path=$(record_path proposals "$id")
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose amend "$id" --title "Second title"
	[ "$(pfield "$id" .title)" = "Second title" ]
	[ "$(git log -1 --format=%s)" = "proposal amend ${id:0:8}: Second title" ]
	[ "$(trailer Mutu-Action)" = proposal.amend ]
	run -0 git log -p --format=%s -- "$path"
	grep -qx -- '+title: First title' <<<"$output"
	grep -qx -- '-title: First title' <<<"$output"
	grep -qx -- '+title: Second title' <<<"$output"
	assert_clean
}

@test "amend by anyone but the author is refused (exit 77)" {
	local id
	id=$(propose --title "Buy a drill")
	MUTU_MEMBER=bob refuses 77 'alice.*author' mutu propose amend "$id" --title "Buy two drills"
}

@test "amend once the vote started is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 'vote' mutu propose amend "$id" --title "Buy two drills"
}

# --- start ---

@test "start before the discussion time is over is refused (exit 77), naming when it may start" {
	local id
	id=$(propose --title "Buy a drill")
	MUTU_NOW=$T_EARLY refuses 77 "$T_START" mutu propose start "$id"
}

@test "start by anyone but the author is refused (exit 77)" {
	local id
	id=$(propose --title "Buy a drill")
	MUTU_MEMBER=bob MUTU_NOW=$T_START refuses 77 'alice' mutu propose start "$id"
}

@test "start from draft is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill" --draft)
	MUTU_NOW=$T_START refuses 65 'draft' mutu propose start "$id"
}

@test "start freezes method, quorum, threshold, opened and closes into the proposal" {
	local id
	id=$(propose --title "Buy a drill")
	[ "$(pfield "$id" .quorum)" = null ]
	[ "$(pfield "$id" .threshold)" = null ]
	MUTU_NOW=$T_START run -0 --separate-stderr mutu propose start "$id"
	[ "$output" = "The vote on proposal ${id:0:8} is open until $T_CLOSES" ]
	run -0 mutu propose show "$id" --format json
	[ "$(jq -r .status <<<"$output")" = vote ]
	[ "$(jq -r .method <<<"$output")" = yes-no ]
	[ "$(jq -r .quorum <<<"$output")" = 50 ]
	[ "$(jq -r .threshold <<<"$output")" = 50 ]
	[ "$(jq -r .opened <<<"$output")" = "$T_START" ]
	[ "$(jq -r .closes <<<"$output")" = "$T_CLOSES" ]
	[ "$(git log -1 --format=%s)" = "proposal start ${id:0:8}: Buy a drill" ]
	[ "$(trailer Mutu-Action)" = proposal.start ]
}

@test "a rules change applied while a vote runs leaves that vote's quorum alone, and applies to a vote started after it" {
	local r g n
	rules_with_quorum "$BATS_TEST_TMPDIR/q80.yaml" 80
	r=$(propose --title "Quorum 80" --rules-file "$BATS_TEST_TMPDIR/q80.yaml")
	g=$(propose --title "Buy a drill" --closes 2026-03-01T00:00:00Z)
	start_vote "$g"
	vote_as alice "$g" yes
	accept "$r"
	MUTU_NOW=$T_AFTER run -0 mutu propose apply "$r"
	grep -qx '  quorum: 80' rules.yaml
	# the vote that was running keeps the quorum it started with
	[ "$(pfield "$g" .quorum)" = 50 ]
	MUTU_NOW=$T_AFTER run -0 mutu propose tally "$g" --format json
	[ "$(jq -r .quorum <<<"$output")" = 50 ]
	[ "$(jq -r .quorum_met <<<"$output")" = true ]
	# a vote started after the change runs under the new rules
	n=$(MUTU_NOW=$T_AFTER propose --title "Buy a saw")
	start_vote "$n" "$(at "$T_AFTER" $((7 * 86400)))"
	[ "$(pfield "$n" .quorum)" = 80 ]
	# and the running vote, one ballot of two, still meets its quorum
	close_vote "$g" 2026-03-01T00:00:00Z
	[ "$(pfield "$g" .status)" = accepted ]
	[ "$(pfield "$g" .tally.quorum_met)" = true ]
}

# --- vote ---

@test "vote cast writes votes/<id>/<handle>.yaml in one commit 'vote cast <id8>'" {
	local id before
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	before=$(commit_count)
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu vote "$id" yes
	[ "$output" = "Ballot on proposal ${id:0:8} cast" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "votes/$id/alice.yaml" ]
	[ "$(git log -1 --format=%s)" = "vote cast ${id:0:8}" ]
	[ "$(trailer Mutu-Action)" = ballot.cast ]
	[ "$(trailer Mutu-Record)" = "votes/$id/alice.yaml" ]
	grep -qx "proposal: $id" "votes/$id/alice.yaml"
	grep -qx 'voter: alice' "votes/$id/alice.yaml"
	grep -qx 'choice: "yes"' "votes/$id/alice.yaml"
	grep -qx "cast: \"$T_VOTE\"" "votes/$id/alice.yaml"
	assert_clean
}

@test "vote again changes the ballot in a 'vote change' commit and keeps when it was first cast" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	MUTU_NOW=$T_CHANGE run -0 --separate-stderr mutu vote "$id" no
	[ "$output" = "Ballot on proposal ${id:0:8} changed" ]
	[ "$(git log -1 --format=%s)" = "vote change ${id:0:8}" ]
	[ "$(trailer Mutu-Action)" = ballot.change ]
	grep -qx 'choice: "no"' "votes/$id/alice.yaml"
	grep -qx "cast: \"$T_VOTE\"" "votes/$id/alice.yaml"
	grep -qx "updated: \"$T_CHANGE\"" "votes/$id/alice.yaml"
	assert_clean
}

@test "vote --retract removes the ballot in a 'vote retract' commit" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	MUTU_NOW=$T_CHANGE run -0 --separate-stderr mutu vote "$id" --retract
	[ "$output" = "Ballot on proposal ${id:0:8} retracted" ]
	[ "$(git log -1 --format=%s)" = "vote retract ${id:0:8}" ]
	[ "$(trailer Mutu-Action)" = ballot.retract ]
	[ ! -e "votes/$id/alice.yaml" ]
	run -1 mutu vote list "$id"
	assert_clean
}

@test "vote while the proposal is in discussion is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	refuses 65 'discussion' mutu vote "$id" yes
}

@test "vote once the vote has closed is refused (exit 77)" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	MUTU_NOW=$T_CLOSES refuses 77 "closed at $T_CLOSES" mutu vote "$id" yes
}

@test "vote by a member who left is refused (exit 77)" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	MUTU_MEMBER=bob MUTU_NOW=$T_VOTE mutu member leave bob -q
	MUTU_MEMBER=bob MUTU_NOW=$T_VOTE refuses 77 'bob' mutu vote "$id" yes
}

@test "vote refuses an option the proposal does not have (exit 65)" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green --option Blue)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 "no option 'Pink'.*Red, Green, Blue" mutu vote "$id" --rank Red,Pink
}

@test "vote refuses an option ranked twice (exit 65)" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green --option Blue)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 "'Red'.*twice" mutu vote "$id" --rank Red,Green,Red
}

@test "vote refuses a grade outside the scale (exit 65)" {
	local id
	id=$(propose --title "Colour" --method majority-judgment --option Red --option Green --scale bad,fair,good)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 "excellent.*bad, fair, good" mutu vote "$id" --grade Red=excellent
	MUTU_NOW=$T_VOTE refuses 65 "'4'" mutu vote "$id" --grade Red=4
}

@test "vote refuses an approval of nothing (exit 65)" {
	local id
	id=$(propose --title "Colour" --method approval --option Red --option Green)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 'option' mutu vote "$id" --approve ''
}

@test "vote refuses a block in a yes-no vote (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 'block' mutu vote "$id" block
}

@test "vote refuses a tie in an stv ranking (exit 65)" {
	local id
	id=$(propose --title "Committee" --method stv --seats 2 --option Ann --option Ben --option Cat)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 65 'stv' mutu vote "$id" --rank Ann=Ben,Cat
}

@test "vote refuses two kinds of ballot at once (exit 2)" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green)
	start_vote "$id"
	MUTU_NOW=$T_VOTE refuses 2 '' mutu vote "$id" --rank Red --approve Red
	MUTU_NOW=$T_VOTE refuses 2 '' mutu vote "$id" yes --rank Red
}

@test "vote names options by their number, and the ballot keeps their text" {
	local s a m
	s=$(propose --title "Rank" --method schulze --option Red --option Green --option Blue)
	a=$(propose --title "Approve" --method approval --option Red --option Green --option Blue)
	m=$(propose --title "Grade" --method majority-judgment --option Red --option Green --scale bad,fair,good)
	start_vote "$s"
	start_vote "$a"
	start_vote "$m"
	vote_as alice "$s" --rank 3,1=2
	vote_as alice "$a" --approve 2,3
	vote_as alice "$m" --grade 2=3,1=1
	run -0 mutu vote list "$s" --format tsv
	[ "$(cut -f2 <<<"$output")" = Blue,Red=Green ]
	run -0 mutu vote list "$a" --format tsv
	[ "$(cut -f2 <<<"$output")" = Green,Blue ]
	run -0 mutu vote list "$m" --format tsv
	[ "$(cut -f2 <<<"$output")" = Green=good,Red=bad ]
	grep -q 'Blue' "votes/$s/alice.yaml"
	MUTU_NOW=$T_VOTE run -0 mutu propose tally "$s" --format json
	[ "$(jq -r .winner <<<"$output")" = Blue ]
}

@test "vote list prints one tsv line per ballot: voter, the ballot as typed, cast, updated" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green --option Blue)
	start_vote "$id"
	vote_as alice "$id" --rank Blue,Red=Green
	vote_as bob "$id" --rank Red
	WHEN=$T_CHANGE vote_as bob "$id" --rank Green,Red
	run -0 --separate-stderr mutu vote list "$id" --format tsv
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "$(printf 'alice\tBlue,Red=Green\t%s\t%s' "$T_VOTE" "$T_VOTE")" ]
	[ "${lines[1]}" = "$(printf 'bob\tGreen,Red\t%s\t%s' "$T_VOTE" "$T_CHANGE")" ]
}

@test "vote list --format json prints one ballot object per line" {
	local id l
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" abstain
	run -0 --separate-stderr mutu vote list "$id" --format json
	[ "${#lines[@]}" -eq 2 ]
	for l in "${lines[@]}"; do
		jq -e 'type == "object"' <<<"$l" >/dev/null || fail "not a JSON object: $l"
	done
	[ "$(jq -r '[.voter, .choice, .proposal] | join(" ")' <<<"${lines[0]}")" = "alice yes $id" ]
	[ "$(jq -r '[.voter, .choice, .cast] | join(" ")' <<<"${lines[1]}")" = "bob abstain $T_VOTE" ]
}

@test "vote list exits 1, printing nothing, when there is no ballot" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	run -1 --separate-stderr mutu vote list "$id"
	[ -z "$output" ]
}

@test "vote list and tally name, by path, every entry of votes/<id>/ that is no ballot of it" {
	local id other
	id=$(propose --title "Buy a drill")
	other=$(propose --title "Buy a saw")
	start_vote "$id"
	start_vote "$other"
	vote_as alice "$id" yes
	vote_as bob "$other" no
	# by hand, with plain git: a file named by no handle, a directory, and
	# bob's ballot on the other proposal copied here
	printf 'proposal: %s\nvoter: alice\ncast: "%s"\nupdated: "%s"\nchoice: no\n' "$id" "$T_VOTE" "$T_VOTE" \
		>"votes/$id/Not-A-Handle.yaml"
	mkdir "votes/$id/sub"
	cp "votes/$id/alice.yaml" "votes/$id/sub/alice.yaml"
	cp "votes/$other/bob.yaml" "votes/$id/bob.yaml"
	gitc add votes
	gitc commit -qm "ballots by hand"
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu vote list "$id"
	[ "${#lines[@]}" -eq 1 ]
	[[ ${lines[0]} == alice$'\t'yes$'\t'* ]]
	[[ $stderr == *"votes/$id/Not-A-Handle.yaml"* ]]
	[[ $stderr == *"votes/$id/sub"* ]]
	[[ $stderr == *"votes/$id/bob.yaml: its proposal field says '$other'"* ]]
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose tally "$id" --format json
	[ "$(jq -r .ballots <<<"$output")" = 1 ]
	[ "$(jq -r .yes <<<"$output")" = 1 ]
	[[ $stderr == *"votes/$id/bob.yaml: not counted"* ]]
	[[ $stderr == *"votes/$id/Not-A-Handle.yaml: not counted"* ]]
	[[ $stderr == *"votes/$id/sub: not counted"* ]]
}

@test "a comment file that is not where its id puts it is named and left out of show" {
	local id c
	id=$(propose --title "Buy a drill")
	c=$(mutu propose comment "$id" --body "Yes, a drill.")
	cp "comments/$id/$c.yaml" "comments/$id/not-an-id.yaml"
	gitc add comments
	gitc commit -qm "a comment by hand"
	run -0 --separate-stderr mutu propose show "$id" --format table
	[ "$(grep -c 'Yes, a drill.' <<<"$output")" -eq 1 ]
	[[ $stderr == *"comments/$id/not-an-id.yaml"* ]]
}

# --- tally ---

@test "tally never writes: refs, index, work tree and config stay as they were" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	snapshot
	MUTU_NOW=$T_VOTE run -0 mutu propose tally "$id"
	MUTU_NOW=$T_VOTE run -0 mutu propose tally "$id" --format json
	assert_unchanged
}

@test "tally --format json of a yes-no vote: the contract's keys in order, then the counts" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" no
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose tally "$id" --format json
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -c keys_unsorted <<<"$output")" = '["proposal","method","final","eligible","ballots","quorum_met","outcome","winner","ranking","yes","no","abstain","quorum","threshold"]' ]
	[ "$(jq -r .proposal <<<"$output")" = "$id" ]
	[ "$(jq -r .method <<<"$output")" = yes-no ]
	[ "$(jq -r .final <<<"$output")" = false ]
	[ "$(jq -r .eligible <<<"$output")" = 2 ]
	[ "$(jq -r .ballots <<<"$output")" = 2 ]
	[ "$(jq -r .quorum_met <<<"$output")" = true ]
	# one yes of two is 50%, not more than the threshold of 50%
	[ "$(jq -r .outcome <<<"$output")" = rejected ]
	[ "$(jq -c .winner <<<"$output")" = null ]
	[ "$(jq -c .ranking <<<"$output")" = '[]' ]
	[ "$(jq -c '[.yes, .no, .abstain, .quorum, .threshold]' <<<"$output")" = '[1,1,0,50,50]' ]
}

@test "tally --format json of a schulze vote: the contract's keys in order, winner and ranking by text, d and p" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green --option Blue)
	start_vote "$id"
	vote_as alice "$id" --rank Green,Red,Blue
	vote_as bob "$id" --rank Green,Blue,Red
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose tally "$id" --format json
	[ "$(jq -c keys_unsorted <<<"$output")" = '["proposal","method","final","eligible","ballots","quorum_met","outcome","winner","ranking","d","p"]' ]
	[ "$(jq -r .method <<<"$output")" = schulze ]
	[ "$(jq -r .outcome <<<"$output")" = accepted ]
	[ "$(jq -r .winner <<<"$output")" = Green ]
	[ "$(jq -c .ranking <<<"$output")" = '["Green","Red","Blue"]' ]
	[ "$(jq -c .d <<<"$output")" = '[[0,0,1],[2,0,2],[1,0,0]]' ]
}

@test "tally says final: false while the vote is open, and final: true once it is closed" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	MUTU_NOW=$T_VOTE run -0 mutu propose tally "$id" --format json
	[ "$(jq -r .final <<<"$output")" = false ]
	close_vote "$id"
	MUTU_NOW=$T_AFTER run -0 mutu propose tally "$id" --format json
	[ "$(jq -r .final <<<"$output")" = true ]
	[ "$(jq -r .outcome <<<"$output")" = accepted ]
	[ "$(jq -r .ballots <<<"$output")" = 1 ]
}

@test "tally of a proposal in discussion is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	refuses 65 'discussion' mutu propose tally "$id"
}

# --- close ---

@test "close before the closing time is refused (exit 77), even when everyone voted" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" yes
	MUTU_NOW=$T_VOTE refuses 77 "closes at $T_CLOSES" mutu propose close "$id"
}

@test "close records accepted, the closing time, the counts and the tree they were counted from" {
	local id tree
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" yes
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose close "$id"
	[[ $output == *"Outcome: accepted"* ]]
	[ "$(git log -1 --format=%s)" = "proposal close ${id:0:8}: Buy a drill" ]
	[ "$(trailer Mutu-Action)" = proposal.close ]
	run -0 mutu propose show "$id" --format json
	[ "$(jq -r .status <<<"$output")" = accepted ]
	[ "$(jq -r .closed <<<"$output")" = "$T_AFTER" ]
	[ "$(jq -r .tally.outcome <<<"$output")" = accepted ]
	[ "$(jq -c '[.tally.eligible, .tally.ballots, .tally.yes, .tally.no, .tally.abstain]' <<<"$output")" = '[2,2,2,0,0]' ]
	[ "$(jq -r .tally.quorum_met <<<"$output")" = true ]
	tree=$(jq -r .tally.tree <<<"$output")
	[ "$(git cat-file -t "$tree")" = tree ]
	[ "$(git ls-tree --name-only "$tree" "votes/$id/" | tr '\n' ' ')" = "votes/$id/alice.yaml votes/$id/bob.yaml " ]
	assert_clean
}

@test "close records rejected when the yes are not more than the threshold" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" no
	close_vote "$id"
	[ "$(pfield "$id" .status)" = rejected ]
	[ "$(pfield "$id" .tally.outcome)" = rejected ]
	[ "$(pfield "$id" '[.tally.yes, .tally.no] | join(" ")')" = "1 1" ]
}

@test "close records no-quorum when too few members voted" {
	local id
	add_member carol
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	close_vote "$id"
	[ "$(pfield "$id" .status)" = no-quorum ]
	[ "$(pfield "$id" .tally.outcome)" = no-quorum ]
	[ "$(pfield "$id" .tally.quorum_met)" = false ]
	[ "$(pfield "$id" .tally.eligible)" = 3 ]
}

@test "close of a vote between options exits 0, prints the outcome and records the winner" {
	local id
	id=$(propose --title "Colour" --method schulze --option Red --option Green --option Blue)
	start_vote "$id"
	vote_as alice "$id" --rank Green,Red,Blue
	vote_as bob "$id" --rank Green,Blue,Red
	MUTU_NOW=$T_AFTER run --separate-stderr mutu propose close "$id"
	[ "$(pfield "$id" .status)" = accepted ]
	[ "$(pfield "$id" .tally.winner)" = Green ]
	[ "$(pfield "$id" '.tally.ranking | join(",")')" = Green,Red,Blue ]
	# close prints the count it recorded (a count is never copied: it
	# points into itself)
	[ "$status" -eq 0 ]
	[[ $output == *"Winner: Green"* ]]
}

@test "close before the closing time, with rules early_close: true, once every active member voted" {
	local id
	ruled_commons 's/^  early_close: false$/  early_close: true/'
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	MUTU_NOW=$T_VOTE refuses 77 'once every active member has voted' mutu propose close "$id"
	vote_as bob "$id" no
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose close "$id" -q
	[ "$(pfield "$id" .status)" = rejected ]
	[ "$(pfield "$id" .closed)" = "$T_VOTE" ]
}

# --- withdraw ---

@test "withdraw: the author withdraws a proposal in draft, discussion or vote, with a reason" {
	local d p v
	d=$(propose --title "Draft" --draft)
	p=$(propose --title "Discussed")
	v=$(propose --title "Voted")
	start_vote "$v"
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose withdraw "$d"
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose withdraw "$p" --reason "bought one already"
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose withdraw "$v"
	[ "$(git log -1 --format=%s)" = "proposal withdraw ${v:0:8}: Voted" ]
	[ "$(trailer Mutu-Action)" = proposal.withdraw ]
	[ "$(pfield "$d" .status)" = withdrawn ]
	[ "$(pfield "$p" .status)" = withdrawn ]
	[ "$(pfield "$p" .withdrawn_reason)" = "bought one already" ]
	[ "$(pfield "$v" .status)" = withdrawn ]
	MUTU_NOW=$T_VOTE refuses 65 'withdrawn' mutu vote "$v" yes
}

@test "withdraw by anyone but the author is refused (exit 77)" {
	local id
	id=$(propose --title "Buy a drill")
	MUTU_MEMBER=bob refuses 77 'alice' mutu propose withdraw "$id"
}

@test "withdraw of an accepted proposal is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	accept "$id"
	refuses 65 'accepted' mutu propose withdraw "$id"
}

# --- apply ---

@test "apply of an accepted rules proposal changes rules.yaml in one commit that names the proposal" {
	local id before path
	rules_with_quorum "$BATS_TEST_TMPDIR/q60.yaml" 60
	id=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	path=$(record_path proposals "$id")
	accept "$id"
	before=$(commit_count)
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose apply "$id"
	[ "$(commit_count)" -eq $((before + 1)) ]
	cmp rules.yaml "$BATS_TEST_TMPDIR/q60.yaml"
	[ "$(git log -1 --format=%s)" = "proposal apply ${id:0:8}: Quorum 60" ]
	[ "$(trailer Mutu-Action)" = proposal.apply ]
	[ "$(trailer Mutu-Record)" = "rules.yaml,$path" ]
	[ "$(git diff --name-only HEAD~1 HEAD | sort | tr '\n' ' ')" = "$path rules.yaml " ]
	[ "$(pfield "$id" .applied)" = "$T_AFTER" ]
	refuses 77 'quorum of 50%.*60%' mutu propose add --title "Buy a drill" --quorum 50
	assert_clean
}

@test "apply of a proposal that is not accepted is refused (exit 65)" {
	local id
	rules_with_quorum "$BATS_TEST_TMPDIR/q60.yaml" 60
	id=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	refuses 65 'discussion' mutu propose apply "$id"
	start_vote "$id"
	vote_as alice "$id" no
	close_vote "$id"
	refuses 65 'rejected' mutu propose apply "$id"
}

@test "apply twice is refused (exit 65)" {
	local id
	rules_with_quorum "$BATS_TEST_TMPDIR/q60.yaml" 60
	id=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	accept "$id"
	MUTU_NOW=$T_AFTER mutu propose apply "$id"
	MUTU_NOW=$T_AFTER refuses 65 'already' mutu propose apply "$id"
}

@test "apply of a general proposal is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	accept "$id"
	refuses 65 'general' mutu propose apply "$id"
}

@test "apply is refused when rules.yaml changed since the proposal was made (exit 65)" {
	local a b
	rules_with_quorum "$BATS_TEST_TMPDIR/q60.yaml" 60
	rules_with_quorum "$BATS_TEST_TMPDIR/q70.yaml" 70
	a=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	b=$(propose --title "Quorum 70" --rules-file "$BATS_TEST_TMPDIR/q70.yaml")
	accept "$a"
	accept "$b"
	MUTU_NOW=$T_AFTER mutu propose apply "$a"
	MUTU_NOW=$T_AFTER refuses 65 'rules.yaml changed' mutu propose apply "$b"
	grep -qx '  quorum: 60' rules.yaml
}

@test "apply of a role proposal grants the role in members/<handle>.yaml, and another revokes it" {
	local g r later
	need_yq
	g=$(propose --title "Bob moderates" --member bob --grant moderator)
	accept "$g"
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose apply "$g"
	[ "$(yq -c .roles members/bob.yaml)" = '["moderator"]' ]
	[ "$(git log -1 --format=%s)" = "proposal apply ${g:0:8}: Bob moderates" ]
	[ "$(trailer Mutu-Record)" = "members/bob.yaml,$(record_path proposals "$g")" ]
	r=$(MUTU_NOW=$T_AFTER propose --title "Bob moderates no more" --member bob --revoke moderator)
	later=$(at "$T_AFTER" $((7 * 86400)))
	accept "$r" "$later"
	MUTU_NOW=$(at "$later" $((8 * 86400))) run -0 --separate-stderr mutu propose apply "$r"
	[ "$(yq -c .roles members/bob.yaml)" = null ]
	assert_clean
}

@test "apply of an admit proposal creates the member, admitted_by the proposal" {
	local id
	ruled_commons 's/^membership: open$/membership: by-proposal/'
	id=$(propose --title "Welcome Dave" --kind admit --member dave --name "Dave Martin" --email dave@example.org)
	VOTERS=alice accept "$id"
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose apply "$id"
	run -0 mutu member show dave --format json
	[ "$(jq -r .name <<<"$output")" = "Dave Martin" ]
	[ "$(jq -r .email <<<"$output")" = dave@example.org ]
	[ "$(jq -r .admitted_by <<<"$output")" = "$id" ]
	[ "$(jq -r .status <<<"$output")" = active ]
	[ "$(trailer Mutu-Record)" = "members/dave.yaml,$(record_path proposals "$id")" ]
	MUTU_MEMBER=dave MUTU_NOW=$T_AFTER run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format='%an <%ae>')" = "Dave Martin <dave@example.org>" ]
}

@test "member add is refused (exit 77) when the rules admit members by proposal" {
	ruled_commons 's/^membership: open$/membership: by-proposal/'
	refuses 77 'proposal' mutu member add bob --name Bob --email bob@example.org
}

@test "member add records the sponsor when the rules say membership: sponsored" {
	ruled_commons 's/^membership: open$/membership: sponsored/'
	add_member carol
	run -0 mutu member show carol --format json
	[ "$(jq -r .sponsor <<<"$output")" = alice ]
}

# --- evaluate ---

@test "evaluate appends an evaluation (by, at, result, note) to an accepted proposal, each one kept" {
	local id
	id=$(propose --title "Buy a drill")
	accept "$id"
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose evaluate "$id" --result met --note "bought and used"
	[ "$(git log -1 --format=%s)" = "proposal evaluate ${id:0:8}: Buy a drill" ]
	[ "$(trailer Mutu-Action)" = proposal.evaluate ]
	MUTU_MEMBER=bob MUTU_NOW=$T_LATER run -0 mutu propose evaluate "$id" --result partly
	run -0 mutu propose show "$id" --format json
	[ "$(jq -c '.evaluations[0]' <<<"$output")" = "{\"by\":\"alice\",\"at\":\"$T_AFTER\",\"result\":\"met\",\"note\":\"bought and used\"}" ]
	[ "$(jq -c '.evaluations[1]' <<<"$output")" = "{\"by\":\"bob\",\"at\":\"$T_LATER\",\"result\":\"partly\"}" ]
	[ "$(jq '.evaluations | length' <<<"$output")" -eq 2 ]
}

@test "evaluate of a proposal that is not accepted is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	refuses 65 'discussion' mutu propose evaluate "$id" --result met
	start_vote "$id"
	vote_as alice "$id" no
	close_vote "$id"
	refuses 65 'rejected' mutu propose evaluate "$id" --result met
}

@test "evaluate with a result that is not met, partly or not-met is a usage error (exit 2)" {
	local id
	id=$(propose --title "Buy a drill")
	accept "$id"
	refuses 2 'great' mutu propose evaluate "$id" --result great
	refuses 2 'result' mutu propose evaluate "$id"
}

# --- comments ---

@test "comment prints its id, writes comments/<proposal>/<id>.yaml, and show lists it under Comments:" {
	local id c
	id=$(propose --title "Buy a drill")
	MUTU_MEMBER=bob MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose comment "$id" --body "Which drill?"
	[[ $output =~ ^[0-9abcdefghjkmnpqrstvwxyz]{12}$ ]]
	c=$output
	[ -f "comments/$id/$c.yaml" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "comments/$id/$c.yaml" ]
	[ "$(trailer Mutu-Action)" = comment.add ]
	grep -qx 'author: bob' "comments/$id/$c.yaml"
	grep -qx "record: $id" "comments/$id/$c.yaml"
	run -0 mutu propose show "$id" --format table
	grep -qx 'Comments:' <<<"$output"
	grep -qx "bob, $T_VOTE:" <<<"$output"
	[[ $output == *"Which drill?"* ]]
	assert_clean
}

@test "comment on a closed proposal is refused (exit 65)" {
	local id
	id=$(propose --title "Buy a drill")
	accept "$id"
	refuses 65 'accepted' mutu propose comment "$id" --body "Too late?"
}

# --- show ---

@test "show, while the vote is open, says how many voted and never how" {
	local id
	id=$(propose --title "Buy a drill" --method consent)
	start_vote "$id"
	vote_as alice "$id" block
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose show "$id" --format table
	grep -qx 'Ballots: 1 of 2 active members' <<<"$output"
	[[ $output != *block* ]]
	MUTU_NOW=$T_VOTE run -0 mutu propose show "$id" --format json
	[[ $output != *block* ]]
}

# --- members: edit and leave ---

@test "member edit changes your own name and email; the next commits carry them" {
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu member edit alice --name "Alice Dupont" --email alice@dupont.example
	[ "$(git log -1 --format=%s)" = "member edit alice: Alice Dupont" ]
	[ "$(trailer Mutu-Action)" = member.edit ]
	run -0 mutu member show alice --format json
	[ "$(jq -r .name <<<"$output")" = "Alice Dupont" ]
	[ "$(jq -r .email <<<"$output")" = alice@dupont.example ]
	run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Dupont <alice@dupont.example>" ]
	assert_clean
}

@test "member edit --key adds keys; --remove-key removes one by its file or its SHA256 fingerprint" {
	local k=$BATS_TEST_TMPDIR fp
	need_tool ssh-keygen
	ssh-keygen -q -t ed25519 -N '' -C one -f "$k/one"
	ssh-keygen -q -t ed25519 -N '' -C two -f "$k/two"
	run -0 mutu member edit alice --key "$k/one.pub" --key "$k/two.pub"
	run -0 mutu member show alice --format json
	[ "$(jq -r '.keys[0]' <<<"$output")" = "$(cat "$k/one.pub")" ]
	[ "$(jq -r '.keys[1]' <<<"$output")" = "$(cat "$k/two.pub")" ]
	run -0 mutu member edit alice --remove-key "$k/one.pub"
	run -0 mutu member show alice --format json
	[ "$(jq -c '.keys' <<<"$output")" = "$(jq -cn --arg k "$(cat "$k/two.pub")" '[$k]')" ]
	fp=$(ssh-keygen -lf "$k/two.pub" | cut -d' ' -f2)
	[[ $fp == SHA256:* ]]
	run -0 mutu member edit alice --remove-key "$fp"
	run -0 mutu member show alice --format json
	[ "$(jq -c '.keys' <<<"$output")" = null ]
	refuses 65 'no key of yours matches SHA256:' mutu member edit alice --remove-key "$fp"
	assert_clean
}

@test "member edit of another member's record is refused (exit 77)" {
	refuses 77 'bob' mutu member edit bob --name "Not Bob"
}

@test "member edit has no option to change roles (exit 2)" {
	refuses 2 'role' mutu member edit alice --role moderator
}

member_edit_nontty() {
	mutu member edit "$@" </dev/null
}

@test "member edit in \$EDITOR refuses a change of roles (exit 65)" {
	local ed=$BATS_TEST_TMPDIR/roles.sh
	printf '#!/bin/sh\nprintf "roles:\\n- moderator\\n" >>"$1"\n' >"$ed"
	chmod +x "$ed"
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	REFUSES_PROG=mutu-member EDITOR=$ed refuses 65 'roles' member_edit_nontty alice
}

@test "member leave: the member's status is left, with when, in one commit" {
	MUTU_MEMBER=bob MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu member leave bob
	[ "$(git log -1 --format=%s)" = "member leave bob: Bob Dupont" ]
	[ "$(trailer Mutu-Action)" = member.leave ]
	run -0 mutu member show bob --format json
	[ "$(jq -r .status <<<"$output")" = left ]
	[ "$(jq -r .left <<<"$output")" = "$T_VOTE" ]
	assert_clean
}

@test "member leave of another member is refused (exit 77)" {
	refuses 77 'bob' mutu member leave bob
}

@test "the last active member cannot leave (exit 77)" {
	MUTU_MEMBER=bob mutu member leave bob -q
	refuses 77 'last' mutu member leave alice
}

@test "a member who left cannot act any more (exit 77)" {
	MUTU_MEMBER=bob MUTU_NOW=$T_VOTE mutu member leave bob -q
	MUTU_MEMBER=bob refuses 77 'bob' mutu offer add --title Perceuse
	MUTU_MEMBER=bob refuses 77 'bob' mutu propose add --title "Buy a drill"
}

@test "member add --role is gone: roles come by proposal only (exit 2)" {
	refuses 2 'role' mutu member add carol --name Carol --email carol@example.org --role moderator
}

# --- init --rules ---

@test "init --rules FILE starts the commons with those rules" {
	need_yq
	rules_yaml "$BATS_TEST_TMPDIR/founding.yaml" 's/^  method: yes-no$/  method: consent/' \
		's/^  quorum: 50$/  quorum: 30/' 's/^  discussion: 7d$/  discussion: 2d/'
	new_commons r --rules "$BATS_TEST_TMPDIR/founding.yaml"
	[ "$(commit_count)" -eq 1 ]
	[ "$(yq -S -c . rules.yaml)" = "$(yq -S -c . "$BATS_TEST_TMPDIR/founding.yaml")" ]
	refuses 77 'quorum of 20%.*30%' mutu propose add --title "Buy a drill" --quorum 20
	assert_clean
}

@test "init --rules with a bad rules file exits 65 and leaves no repository behind" {
	rules_yaml "$BATS_TEST_TMPDIR/bad.yaml" 's/^  quorum: 50$/  quorum: 500/'
	run -65 --separate-stderr mutu init "$BATS_TEST_TMPDIR/r" --name T --member alice \
		--email alice@example.org --rules "$BATS_TEST_TMPDIR/bad.yaml"
	assert_one_line_error mutu-init
	[[ $stderr == *quorum* ]]
	[ ! -e "$BATS_TEST_TMPDIR/r" ]
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -65 --separate-stderr mutu init "$BATS_TEST_TMPDIR/empty" --name T --member alice \
		--email alice@example.org --rules "$BATS_TEST_TMPDIR/bad.yaml"
	assert_one_line_error mutu-init
	assert_empty_dir "$BATS_TEST_TMPDIR/empty"
}

# --- a commons edited by hand: what plain git may have written ---

# by_hand FILE SED: edit a tracked file with sed and commit it with plain git.
by_hand() {
	sed -i "$2" "$1" || fail "cannot edit $1"
	gitc commit -qam "by hand: $1" || fail "cannot commit $1"
}

@test "apply refuses a proposal that says accepted but was never voted on (exit 65), nothing changed" {
	local id
	id=$(propose --title "Make bob admin" --member bob --grant admin)
	by_hand "$(record_path proposals "$id")" 's/^status: discussion$/status: accepted/'
	MUTU_NOW=$T_LATER refuses 65 "no vote to count" mutu propose apply "$id"
	! grep -q admin members/bob.yaml
}

@test "apply refuses an accepted proposal whose ballots, counted again, do not accept it (exit 65)" {
	local id path
	id=$(propose --title "Make bob admin" --member bob --grant admin)
	start_vote "$id"
	vote_as alice "$id" no
	vote_as bob "$id" no
	close_vote "$id"
	[ "$(pfield "$id" .status)" = rejected ]
	path=$(record_path proposals "$id")
	by_hand "$path" 's/^status: rejected$/status: accepted/; s/^  outcome: rejected$/  outcome: accepted/'
	MUTU_NOW=$T_LATER refuses 65 "counted again" mutu propose apply "$id"
}

@test "a ballot whose own time is outside the vote is not counted, with a warning" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	# bob's ballot, put there by hand, says it was cast after the close
	printf 'proposal: %s\nvoter: bob\ncast: "%s"\nupdated: "%s"\nchoice: no\n' "$id" "$T_LATER" "$T_LATER" \
		>"votes/$id/bob.yaml"
	gitc add votes
	gitc commit -qm "a late ballot by hand"
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose tally "$id" --format json
	[ "$(jq -r .ballots <<<"$output")" = 1 ]
	[ "$(jq -r .no <<<"$output")" = 0 ]
	[[ $stderr == *"votes/$id/bob.yaml: not counted: cast at $T_LATER, outside the vote"* ]]
}

@test "the early close a vote started under is the one it keeps (frozen at start)" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	[ "$(pfield "$id" .early_close)" = false ]
	vote_as alice "$id" yes
	vote_as bob "$id" yes
	# the rules change by hand: no accepted proposal stands behind it
	printf '  early_close: true\n' >/dev/null
	by_hand rules.yaml 's/^  early_close: false$/  early_close: true/'
	grep -qx '  early_close: true' rules.yaml
	MUTU_NOW=$T_VOTE refuses 77 "closes at $T_CLOSES" mutu propose close "$id"
}

@test "a proposal whose terms fail its schema is neither counted nor voted on (exit 65)" {
	local id path
	id=$(propose --title "Pick" --method stv --option A --option B --seats 1)
	start_vote "$id"
	path=$(record_path proposals "$id")
	by_hand "$path" 's/^seats: 1$/seats: -3/'
	MUTU_NOW=$T_VOTE refuses 65 "cannot be voted on or counted" mutu propose tally "$id"
	MUTU_NOW=$T_VOTE refuses 65 "cannot be voted on or counted" mutu vote "$id" --rank A,B
}

@test "show of several proposals shows them all when one cannot be counted" {
	local good bad
	good=$(propose --title "Good")
	bad=$(propose --title "Bad" --method approval --option A --option B)
	start_vote "$bad"
	by_hand "$(record_path proposals "$bad")" 's/^seats: .*//; /^options:$/,/^- B$/d'
	MUTU_NOW=$T_VOTE run -0 --separate-stderr mutu propose show "$good" "$bad" --format table
	[[ $output == *"Good"* ]]
	[[ $output == *"Bad"* ]]
	[[ $stderr == *"${bad:0:8}"* ]]
}

@test "a recorded outcome edited by hand prints nothing raw and no number it does not hold" {
	local id path
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	close_vote "$id"
	path=$(record_path proposals "$id")
	by_hand "$path" 's/^  outcome: accepted$/  outcome: "\\e]0;PWNED\\a"/; s/^  ballots: 1$/  ballots: many/'
	run -0 --separate-stderr mutu propose show "$id" --format table
	[[ $output != *$'\e'* ]]
	[[ $output == *"Outcome: not recorded"* ]]
	[[ $output != *"Ballots:"* ]]
}

@test "votes/<id> that is a file: tally and vote refuse it by name (exit 65), nothing changed" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	echo "not a directory" >"votes/$id" 2>/dev/null || { mkdir -p votes; echo x >"votes/$id"; }
	gitc add votes
	gitc commit -qm "a file where the ballots go"
	MUTU_NOW=$T_VOTE refuses 65 "votes/$id: not a directory" mutu propose tally "$id"
	MUTU_NOW=$T_VOTE refuses 65 "votes/$id: not a directory" mutu vote "$id" yes
}

@test "evaluations or keys that are not lists are refused by path (exit 65), never written through" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	vote_as bob "$id" yes
	close_vote "$id"
	printf 'evaluations:\n  k1: v1\n  k2: v2\n' >>"$(record_path proposals "$id")"
	gitc commit -qam "evaluations by hand"
	MUTU_NOW=$T_LATER refuses 65 "evaluations are not a list" mutu propose evaluate "$id" --result met
	printf 'keys:\n  a: b\n  c: d\n' >>members/alice.yaml
	gitc commit -qam "keys by hand"
	echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbQ1Rk9Q4w2Yb5a3J4yDq5F0z2kWmH7C8n0Jx1s2t3u k' >k.pub
	# alice acts with a record that fails its schema: warned, then refused
	snapshot
	run -65 --separate-stderr mutu member edit alice --key k.pub
	[[ ${stderr_lines[-1]} == "mutu-member: error: members/alice.yaml: its keys are not a list"* ]]
	assert_unchanged
}

@test "a ballot whose cast time was broken by hand can still be changed" {
	local id
	id=$(propose --title "Buy a drill")
	start_vote "$id"
	vote_as alice "$id" yes
	by_hand "votes/$id/alice.yaml" 's/^cast: .*/cast: "2026-13-45T99:99:99Z"/'
	WHEN=$T_VOTE vote_as alice "$id" no
	grep -qx "cast: \"$T_VOTE\"" "votes/$id/alice.yaml"
	grep -qx 'choice: "no"' "votes/$id/alice.yaml"
}
