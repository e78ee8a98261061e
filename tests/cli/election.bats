#!/usr/bin/env bats
# Done when: a group of 45 members runs a Schulze election, a
# majority-judgment choice, a yes-no decision with quorum, a consent round
# and a three-seat STV election from the command line, and every outcome
# matches its published example.
#
# One commons of 45 members (v01 … v45) is built once; each test votes in
# a copy of it. Its founders start it with a quorum of 40% (init --rules):
# the STV example has 20 voters, 44% of 45, which the default 50% would
# turn into no-quorum; the rules' quorum is the least a proposal may ask
# for, so the yes-no decision asks for 60% with --quorum.

load helper

T_START=2026-01-09T03:04:05Z # T0 + the 7 days of discussion: the vote opens
T_VOTE=2026-01-09T04:00:00Z  # the members vote
T_AFTER=2026-01-16T04:00:00Z # the vote closed at T_START + 7d: count it

setup_file() {
	local i h
	export HOME="$BATS_FILE_TMPDIR/home"
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig" MUTU_NOW="$T0" NO_COLOR=1
	export LC_ALL="${LC_ALL:-C.UTF-8}"
	unset MUTU_MEMBER MUTU_DIR
	cat >"$BATS_FILE_TMPDIR/rules.yaml" <<-'EOF'
	format: 1
	membership: open
	require_signatures: false
	voting:
	  method: yes-no
	  methods: [yes-no, consent, approval, majority-judgment, schulze, stv]
	  quorum: 40
	  threshold: 50
	  discussion: 7d
	  vote: 7d
	EOF
	mutu init "$BATS_FILE_TMPDIR/template" --name "Forty-five" --member v01 --email v01@example.org \
		--fullname "Voter 01" --rules "$BATS_FILE_TMPDIR/rules.yaml" -q
	for i in $(seq 2 45); do
		h=$(printf 'v%02d' "$i")
		mutu -C "$BATS_FILE_TMPDIR/template" member add "$h" --name "Voter $i" --email "$h@example.org" -q
	done
}

setup() {
	mutu_setup
	need_tool jq
	cp -a "$BATS_FILE_TMPDIR/template" "$BATS_TEST_TMPDIR/c"
	cd "$BATS_TEST_TMPDIR/c" || return 1
	NEXT=1
}

# election ARGS…: propose (mutu propose add ARGS…) and open the vote; the
# proposal's id goes to $P, and the members vote from v01 on.
election() {
	P=$(mutu propose add "$@") || fail "mutu propose add $* failed"
	MUTU_NOW=$T_START mutu propose start "$P" -q || fail "mutu propose start $P failed"
}

# ballots N BALLOT…: the next N members each cast BALLOT on $P.
ballots() {
	local n=$1 i h
	shift
	for ((i = 0; i < n; i++)); do
		h=$(printf 'v%02d' "$NEXT")
		MUTU_MEMBER=$h MUTU_NOW=$T_VOTE mutu vote "$P" "$@" -q || fail "$h could not vote $*"
		NEXT=$((NEXT + 1))
	done
}

# tally: the count of $P while its vote is open, as JSON.
tally() {
	MUTU_NOW=$T_VOTE mutu propose tally "$P" --format json
}

# The proposal $P as JSON.
record() {
	mutu propose show "$P" --format json
}

@test "the commons has 45 active members" {
	run -0 mutu member list --format ids
	[ "${#lines[@]}" -eq 45 ]
	[ "${lines[0]}" = v01 ]
	[ "${lines[44]}" = v45 ]
	run -0 mutu member list --format json
	[ "$(jq -s 'map(select(.status == "active")) | length' <<<"$output")" -eq 45 ]
}

# Wikipedia, "Schulze method", the example with 45 voters and 5
# candidates (https://en.wikipedia.org/wiki/Schulze_method#Example): the
# pairwise preferences d, the strongest paths p and the ranking
# E > A > C > B > D are the article's. tests/unit/test_tally.c checks
# the same example on the tally alone.
@test "Schulze: Wikipedia's 45 voters elect E, ranking E A C B D" {
	local closed said
	election --title "Schulze method, Wikipedia's example" --method schulze \
		--option A --option B --option C --option D --option E
	ballots 5 --rank A,C,B,E,D
	ballots 5 --rank A,D,E,C,B
	ballots 8 --rank B,E,D,A,C
	ballots 3 --rank C,A,B,E,D
	ballots 7 --rank C,A,E,B,D
	ballots 2 --rank C,B,A,D,E
	ballots 7 --rank D,C,E,B,A
	ballots 8 --rank E,B,A,D,C
	[ "$NEXT" -eq 46 ]
	run -0 --separate-stderr tally
	[ "$(jq -r .winner <<<"$output")" = E ]
	[ "$(jq -c .ranking <<<"$output")" = '["E","A","C","B","D"]' ]
	[ "$(jq -r .outcome <<<"$output")" = accepted ]
	[ "$(jq -c '[.eligible, .ballots, .quorum_met, .final]' <<<"$output")" = '[45,45,true,false]' ]
	[ "$(jq -c .d <<<"$output")" = '[[0,20,26,30,22],[25,0,16,33,18],[19,29,0,17,24],[15,12,28,0,14],[23,27,21,31,0]]' ]
	[ "$(jq -c .p <<<"$output")" = '[[0,28,28,30,24],[25,0,28,33,24],[25,29,0,29,24],[25,28,28,0,24],[25,28,28,31,0]]' ]
	MUTU_NOW=$T_AFTER run --separate-stderr mutu propose close "$P"
	closed=$status
	said=$output
	run -0 record
	[ "$(jq -r .status <<<"$output")" = accepted ]
	[ "$(jq -r .tally.winner <<<"$output")" = E ]
	[ "$(jq -c .tally.ranking <<<"$output")" = '["E","A","C","B","D"]' ]
	[ "$(jq -c '[.tally.eligible, .tally.ballots]' <<<"$output")" = '[45,45]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose tally "$P" --format json
	[ "$(jq -c '[.final, .winner]' <<<"$output")" = '[true,"E"]' ]
	MUTU_NOW=$T_AFTER run -0 --separate-stderr mutu propose show "$P" --format table
	[[ $output == *"Outcome: accepted"* ]]
	[[ $output == *"Ballots: 45 of 45 active members"* ]]
	# close prints the count it recorded (a count is never copied: it
	# points into itself)
	[ "$closed" -eq 0 ]
	[[ $said == *"Winner: E"* ]]
	[[ $said == *"Ranking: E, A, C, B, D"* ]]
}

# Wikipedia, "Single transferable vote", the food election
# (https://en.wikipedia.org/wiki/Single_transferable_vote#Example): 20
# voters, 3 seats, Droop quota 6. Chocolate is elected with 12 and its
# surplus of 6 goes on at half a vote; Pears is eliminated and Oranges
# reaches the quota; Hamburgers is eliminated and Strawberries fills the
# last seat: Chocolate, Oranges, Strawberries. The other 25 members do
# not vote (20 of 45 is 44%, above the commons' quorum of 40%).
@test "STV: Wikipedia's food election elects Chocolate, Oranges and Strawberries, in that order" {
	local closed said
	election --title "Food for the party" --method stv --seats 3 \
		--option Oranges --option Pears --option Chocolate --option Strawberries --option Hamburgers
	ballots 4 --rank Oranges
	ballots 2 --rank Pears,Oranges
	ballots 8 --rank Chocolate,Strawberries
	ballots 4 --rank Chocolate,Hamburgers
	ballots 1 --rank Strawberries
	ballots 1 --rank Hamburgers
	[ "$NEXT" -eq 21 ]
	run -0 --separate-stderr tally
	[ "$(jq -c .winners <<<"$output")" = '["Chocolate","Oranges","Strawberries"]' ]
	[ "$(jq -c .winner <<<"$output")" = null ]
	[ "$(jq -r .outcome <<<"$output")" = accepted ]
	[ "$(jq -c '[.eligible, .ballots, .quorum_met, .seats, .quota]' <<<"$output")" = '[45,20,true,3,6]' ]
	[ "$(jq -c '[.rounds[] | .elected // .eliminated]' <<<"$output")" = '["Chocolate","Pears","Oranges","Hamburgers","Strawberries"]' ]
	[ "$(jq -c '[.rounds[0].votes[]]' <<<"$output")" = '[4,2,12,1,1]' ]
	[ "$(jq -c '[.rounds[1].votes[]]' <<<"$output")" = '[4,2,6,5,3]' ]
	MUTU_NOW=$T_AFTER run --separate-stderr mutu propose close "$P"
	closed=$status
	said=$output
	run -0 record
	[ "$(jq -r .status <<<"$output")" = accepted ]
	[ "$(jq -c .tally.winners <<<"$output")" = '["Chocolate","Oranges","Strawberries"]' ]
	[ "$(jq -c '[.tally.eligible, .tally.ballots, .tally.quorum_met]' <<<"$output")" = '[45,20,true]' ]
	# close prints the count it recorded (a count is never copied: it
	# points into itself)
	[ "$closed" -eq 0 ]
	[[ $said == *"Elected: Chocolate, Oranges, Strawberries"* ]]
}

# Wikipedia, "Majority judgment", the choice of Tennessee's capital
# (https://en.wikipedia.org/wiki/Majority_judgment#Example), the grades as
# tests/unit/test_tally.c gives them (each city's voters grade their own
# city Excellent). The article's electorate is 42% Memphis, 26%
# Nashville, 15% Chattanooga and 17% Knoxville; 45 voters in those shares
# (largest remainders) are 19, 12, 7 and 7. The majority grades are the
# article's: Memphis Poor, Nashville and Chattanooga Very Good, Knoxville
# Good; Nashville wins the tie with Chattanooga, as in the article.
@test "majority judgment: Wikipedia's Tennessee capital, 45 voters, elects Nashville" {
	local closed said
	election --title "Capital of Tennessee" --method majority-judgment \
		--scale "Poor,Fair,Good,Very Good,Excellent" \
		--option Memphis --option Nashville --option Chattanooga --option Knoxville
	ballots 19 --grade "Memphis=Excellent,Nashville=Very Good,Chattanooga=Fair,Knoxville=Fair"
	ballots 12 --grade "Memphis=Poor,Nashville=Excellent,Chattanooga=Very Good,Knoxville=Good"
	ballots 7 --grade "Memphis=Poor,Nashville=Good,Chattanooga=Excellent,Knoxville=Very Good"
	ballots 7 --grade "Memphis=Poor,Nashville=Good,Chattanooga=Very Good,Knoxville=Excellent"
	[ "$NEXT" -eq 46 ]
	run -0 --separate-stderr tally
	[ "$(jq -r .winner <<<"$output")" = Nashville ]
	[ "$(jq -c .ranking <<<"$output")" = '["Nashville","Chattanooga","Knoxville","Memphis"]' ]
	[ "$(jq -r .outcome <<<"$output")" = accepted ]
	[ "$(jq -c '[.median.Memphis, .median.Nashville, .median.Chattanooga, .median.Knoxville]' <<<"$output")" = '["Poor","Very Good","Very Good","Good"]' ]
	[ "$(jq -c '.grades.Nashville' <<<"$output")" = '{"Poor":0,"Fair":0,"Good":14,"Very Good":19,"Excellent":12}' ]
	MUTU_NOW=$T_AFTER run --separate-stderr mutu propose close "$P"
	closed=$status
	said=$output
	run -0 record
	[ "$(jq -r .status <<<"$output")" = accepted ]
	[ "$(jq -r .tally.winner <<<"$output")" = Nashville ]
	# close prints the count it recorded (a count is never copied: it
	# points into itself)
	[ "$closed" -eq 0 ]
	[[ $said == *"Winner: Nashville"* ]]
}

# yes-no, by the rule mutu(7) and lib/tally.c write: the quorum is met
# when ballots × 100 >= quorum × eligible (60% of 45 is 27 ballots), an
# abstention being a ballot; the proposal passes when more than threshold
# % of the yes and no are yes.
@test "yes-no with a quorum of 60%: 26 of 45 ballots is no quorum" {
	election --title "Buy a van" --quorum 60
	ballots 26 yes
	run -0 tally
	[ "$(jq -c '[.ballots, .yes, .quorum_met, .outcome]' <<<"$output")" = '[26,26,false,"no-quorum"]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose close "$P"
	run -0 record
	[ "$(jq -r .status <<<"$output")" = no-quorum ]
	[ "$(jq -r .tally.quorum_met <<<"$output")" = false ]
}

@test "yes-no with a quorum of 60%: 27 of 45 ballots meet it, 20 yes to 7 no is accepted" {
	election --title "Buy a van" --quorum 60
	ballots 20 yes
	ballots 7 no
	run -0 tally
	[ "$(jq -c '[.ballots, .yes, .no, .quorum_met, .outcome]' <<<"$output")" = '[27,20,7,true,"accepted"]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose close "$P"
	run -0 record
	[ "$(jq -r .status <<<"$output")" = accepted ]
	[ "$(jq -c '[.tally.yes, .tally.no, .tally.abstain]' <<<"$output")" = '[20,7,0]' ]
}

@test "yes-no with a threshold of 60%: exactly 60% yes is rejected" {
	election --title "Buy a van" --quorum 60 --threshold 60
	ballots 15 yes
	ballots 10 no
	ballots 2 abstain
	run -0 tally
	[ "$(jq -c '[.ballots, .yes, .no, .abstain, .quorum_met, .outcome]' <<<"$output")" = '[27,15,10,2,true,"rejected"]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose close "$P"
	run -0 record
	[ "$(jq -r .status <<<"$output")" = rejected ]
}

# consent, as DESIGN.md ("Governance") and lib/tally.c say: a block is
# binding, one block rejects; without one the proposal passes (the quorum
# met), no and abstain standing aside.
@test "consent: one block among 20 rejects the proposal" {
	election --title "Open on Sundays" --method consent
	ballots 19 yes
	ballots 1 block
	run -0 tally
	[ "$(jq -c '[.ballots, .yes, .block, .quorum_met, .outcome]' <<<"$output")" = '[20,19,1,true,"rejected"]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose close "$P"
	run -0 record
	[ "$(jq -r .status <<<"$output")" = rejected ]
	[ "$(jq -r .tally.block <<<"$output")" = 1 ]
}

@test "consent: no block among 20 accepts the proposal" {
	election --title "Open on Sundays" --method consent
	ballots 17 yes
	ballots 2 no
	ballots 1 abstain
	run -0 tally
	[ "$(jq -c '[.ballots, .yes, .no, .abstain, .block, .quorum_met, .outcome]' <<<"$output")" = '[20,17,2,1,0,true,"accepted"]' ]
	MUTU_NOW=$T_AFTER run -0 mutu propose close "$P"
	run -0 record
	[ "$(jq -r .status <<<"$output")" = accepted ]
}
