/* tally — the six methods against published examples and hand counts. */
#include "unit.h"

#include "lib/buf.h"
#include "lib/tally.h"

#include <time.h>

#define MAXK 10
#define MAXB 128

/* One vote being counted: its parameters, ballots and result. */
typedef struct {
	mutu_tally_params p;
	mutu_ballot b[MAXB];
	int marks[MAXB][MAXK];
	size_t n;
	mutu_tally_result r;
} vote;

static vote V;

/* A new vote, the last result freed. */
static void fresh(void)
{
	mutu_tally_result_free(&V.r);
	memset(&V, 0, sizeof(V));
}

static int reset(void **state)
{
	(void)state;
	memset(&V, 0, sizeof(V));
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	mutu_tally_result_free(&V.r);
	return 0;
}

static void setup_vote(mutu_method m, const char *const *options, size_t k)
{
	V.p.method = m;
	V.p.options = options;
	V.p.noptions = k;
	V.p.seats = 1;
	V.p.quorum = 0;
	V.p.threshold = 50;
	V.p.eligible = 100;
}

static void push(size_t count, const int *marks, mutu_choice choice)
{
	while (count--) {
		if (V.n == MAXB)
			fail_msg("more than %d ballots", MAXB);
		if (marks)
			memcpy(V.marks[V.n], marks, sizeof(V.marks[0]));
		V.b[V.n].marks = marks ? V.marks[V.n] : NULL;
		V.b[V.n].choice = choice;
		V.n++;
	}
}

static int opt(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < V.p.noptions; i++)
		if (strlen(V.p.options[i]) == len && !strncmp(V.p.options[i], name, len))
			return (int)i;
	fail_msg("no option '%.*s'", (int)len, name);
	return -1;
}

/* count ballots ranking "A>B=C>D": '>' goes down a rank, '=' stays */
static void ranked(size_t count, const char *spec)
{
	int marks[MAXK] = { 0 }, level = 1;
	const char *s = spec, *e;

	for (;;) {
		e = s + strcspn(s, ">=");
		marks[opt(s, (size_t)(e - s))] = level;
		if (!*e)
			break;
		if (*e == '>')
			level++;
		s = e + 1;
	}
	push(count, marks, 0);
}

/* count ballots approving "A,C" */
static void approved(size_t count, const char *spec)
{
	int marks[MAXK] = { 0 };
	const char *s = spec, *e;

	while (*s) {
		e = s + strcspn(s, ",");
		marks[opt(s, (size_t)(e - s))] = 1;
		s = *e ? e + 1 : e;
	}
	push(count, marks, 0);
}

/* count ballots with these grades, one per option (-1: ungraded) */
static void graded(size_t count, const int *grades)
{
	int marks[MAXK] = { 0 };

	memcpy(marks, grades, V.p.noptions * sizeof(int));
	push(count, marks, 0);
}

static void chose(size_t count, mutu_choice c)
{
	push(count, NULL, c);
}

/* Every ballot passes the check, then the count. */
static void count_votes(void)
{
	size_t i;

	for (i = 0; i < V.n; i++)
		assert_ok(mutu_tally_check(&V.p, &V.b[i]));
	mutu_tally_result_free(&V.r);
	assert_ok(mutu_tally(&V.r, &V.p, V.b, V.n));
}

static char *json(const char *proposal, int final)
{
	mutu_buf b = MUTU_BUF_INIT;

	assert_ok(mutu_tally_json(&b, proposal, final, &V.p, &V.r));
	return mutu_buf_detach(&b);
}

static char *text(void)
{
	mutu_buf b = MUTU_BUF_INIT;

	assert_ok(mutu_tally_text(&b, &V.p, &V.r));
	return mutu_buf_detach(&b);
}

static void assert_ranking(const int *want, size_t n)
{
	size_t i;

	assert_int_equal(V.r.nranking, n);
	for (i = 0; i < n; i++)
		if (V.r.ranking[i] != (size_t)want[i])
			fail_msg("ranking[%zu] is %s, expected %s", i, V.p.options[V.r.ranking[i]],
				 V.p.options[want[i]]);
}

/* Reverse the ballots, count again: the same JSON, byte for byte. */
static void assert_order_free(void)
{
	char *before = json("x", 1), *after;
	mutu_ballot t;
	size_t i;

	for (i = 0; i < V.n / 2; i++) {
		t = V.b[i];
		V.b[i] = V.b[V.n - 1 - i];
		V.b[V.n - 1 - i] = t;
	}
	count_votes();
	after = json("x", 1);
	unit_assert_same_text(after, before, "json after reversing the ballots");
	free(before);
	free(after);
}

/* ------------------------------------------------------------------ */
/* schulze */

static const char *const ABCDE[] = { "A", "B", "C", "D", "E" };

/*
 * Wikipedia, "Schulze method", the example with 45 voters and 5
 * candidates: the pairwise preferences d, the strongest paths p, and the
 * ranking E > A > C > B > D, as the article gives them.
 */
static void schulze_wikipedia_45_voters(void **state)
{
	static const size_t d[25] = {
		0, 20, 26, 30, 22,
		25, 0, 16, 33, 18,
		19, 29, 0, 17, 24,
		15, 12, 28, 0, 14,
		23, 27, 21, 31, 0,
	};
	static const size_t p[25] = {
		0, 28, 28, 30, 24,
		25, 0, 28, 33, 24,
		25, 29, 0, 29, 24,
		25, 28, 28, 0, 24,
		25, 28, 28, 31, 0,
	};
	static const int want[] = { 4, 0, 2, 1, 3 };
	size_t i;

	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 5);
	V.p.eligible = 45;
	V.p.quorum = 50;
	ranked(5, "A>C>B>E>D");
	ranked(5, "A>D>E>C>B");
	ranked(8, "B>E>D>A>C");
	ranked(3, "C>A>B>E>D");
	ranked(7, "C>A>E>B>D");
	ranked(2, "C>B>A>D>E");
	ranked(7, "D>C>E>B>A");
	ranked(8, "E>B>A>D>C");
	count_votes();
	for (i = 0; i < 25; i++) {
		if (V.r.d[i] != d[i])
			fail_msg("d[%s][%s] is %zu, expected %zu", ABCDE[i / 5], ABCDE[i % 5],
				 V.r.d[i], d[i]);
		if (V.r.p[i] != p[i])
			fail_msg("p[%s][%s] is %zu, expected %zu", ABCDE[i / 5], ABCDE[i % 5],
				 V.r.p[i], p[i]);
	}
	assert_ranking(want, 5);
	assert_int_equal(V.r.winner, 4);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	assert_int_equal(V.r.ballots, 45);
	assert_true(V.r.quorum_met);
	assert_order_free();
}

/* 2 A>B, 1 B>A: the whole JSON, by hand. */
static void schulze_json(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 2);
	V.p.eligible = 3;
	ranked(2, "A>B");
	ranked(1, "B>A");
	count_votes();
	s = json("prop", 0);
	assert_string_equal(s, "{\"proposal\":\"prop\",\"method\":\"schulze\",\"final\":false,"
			       "\"eligible\":3,\"ballots\":3,\"quorum_met\":true,"
			       "\"outcome\":\"accepted\",\"winner\":\"A\","
			       "\"ranking\":[\"A\",\"B\"],"
			       "\"d\":[[0,2],[1,0]],\"p\":[[0,2],[0,0]]}");
	free(s);
}

/* Equal ranks and unranked options, d by hand: A=B>C counts A and B
 * above C and neither above the other; C>A counts A, ranked, above B
 * and D, unranked; unranked options are below all, never above. */
static void schulze_counts_ties_and_unranked(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 4);
	ranked(3, "A=B>C");
	ranked(2, "C>A");
	ranked(1, "B");
	count_votes();
#define D(i, j) V.r.d[(i) * 4 + (j)]
	assert_int_equal(D(0, 1), 2);
	assert_int_equal(D(1, 0), 1);
	assert_int_equal(D(0, 2), 3);
	assert_int_equal(D(2, 0), 2);
	assert_int_equal(D(1, 2), 4);
	assert_int_equal(D(2, 1), 2);
	assert_int_equal(D(0, 3), 5);
	assert_int_equal(D(1, 3), 4);
	assert_int_equal(D(2, 3), 5);
	assert_int_equal(D(3, 0) + D(3, 1) + D(3, 2), 0);
#undef D
	/* A beats B 2:1 and C 3:2; B beats C 4:2; all beat D */
	assert_ranking((const int[]){ 0, 1, 2, 3 }, 4);
	assert_int_equal(V.r.winner, 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
}

/* A>B once and B>A once: neither beats the other. */
static void schulze_condorcet_tie_is_undecided(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 3);
	ranked(1, "A>B>C");
	ranked(1, "B>A>C");
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.winner, -1);
	assert_ranking((const int[]){ 0, 1, 2 }, 3);
}

/* A cycle of equal strengths: every p is 2, nobody wins. */
static void schulze_cycle_is_undecided(void **state)
{
	size_t i;

	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 3);
	ranked(1, "A>B>C");
	ranked(1, "B>C>A");
	ranked(1, "C>A>B");
	count_votes();
	for (i = 0; i < 9; i++)
		assert_int_equal(V.r.p[i], i % 4 ? 2 : 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.winner, -1);
}

static const char *const WITH_SQ[] = { "Park", "Plaza", "status quo" };

static void schulze_status_quo_wins_rejected(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, WITH_SQ, 3);
	V.p.status_quo = 1;
	ranked(3, "status quo>Park>Plaza");
	ranked(2, "Park>Plaza");
	count_votes();
	assert_int_equal(V.r.winner, 2);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	/* and when an option beats it, accepted */
	ranked(2, "Plaza>Park");
	count_votes();
	assert_int_equal(V.r.winner, 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
}

static void schulze_no_ballot_is_undecided(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 1);
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.winner, -1);
	assert_int_equal(V.r.nranking, 1);
	/* one ballot for the one option: it wins */
	ranked(1, "A");
	count_votes();
	assert_int_equal(V.r.winner, 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A random valid ballot into marks: ranks with ties and unranked
 * options (schulze), or a strict ranking of some options (stv). */
static void random_ranks(int *marks, size_t k, int strict)
{
	int dense[MAXK + 1] = { 0 }, level = 0;
	size_t i, j, m;

	memset(marks, 0, k * sizeof(*marks));
	if (strict) {
		/* a random prefix of a random permutation */
		for (m = 1 + rnd((unsigned)k), j = 1; j <= m; j++) {
			do
				i = rnd((unsigned)k);
			while (marks[i]);
			marks[i] = (int)j;
		}
		return;
	}
	for (i = 0; i < k; i++)
		marks[i] = (int)rnd((unsigned)k + 1);
	marks[rnd((unsigned)k)] = 1 + (int)rnd((unsigned)k);
	/* levels used, renumbered 1, 2, 3… */
	for (i = 0; i < k; i++)
		dense[marks[i]] = 1;
	for (j = 1; j <= k; j++)
		if (dense[j])
			dense[j] = ++level;
	for (i = 0; i < k; i++)
		marks[i] = dense[marks[i]];
}

/* Random elections: the ranking never puts an option after one it
 * beats, "beats" is transitive, and the winner beats everyone. */
static void schulze_ranking_is_consistent(void **state)
{
	size_t round, i, j, l, k;

	(void)state;
	for (round = 0; round < 300; round++) {
		fresh();
		k = 2 + rnd(5);
		setup_vote(MUTU_METHOD_SCHULZE, ABCDE, k);
		for (i = 1 + rnd(20); i > 0; i--) {
			int marks[MAXK];

			random_ranks(marks, k, 0);
			push(1, marks, 0);
		}
		count_votes();
#define BEATS(a, b) (V.r.p[(a) * k + (b)] > V.r.p[(b) * k + (a)])
		for (i = 0; i < k; i++)
			for (j = i + 1; j < k; j++)
				if (BEATS(V.r.ranking[j], V.r.ranking[i]))
					fail_msg("round %zu: %zu after %zu, which it beats", round,
						 V.r.ranking[i], V.r.ranking[j]);
		for (i = 0; i < k; i++)
			for (j = 0; j < k; j++)
				for (l = 0; l < k; l++)
					if (BEATS(i, j) && BEATS(j, l) && !BEATS(i, l))
						fail_msg("round %zu: not transitive", round);
		if (V.r.winner >= 0)
			for (j = 0; j < k; j++)
				if (j != (size_t)V.r.winner && !BEATS((size_t)V.r.winner, j))
					fail_msg("round %zu: the winner ties %zu", round, j);
#undef BEATS
	}
}

/* ------------------------------------------------------------------ */
/* stv */

static const char *const FOOD[] = { "Oranges", "Pears", "Chocolate", "Strawberries",
				    "Hamburgers" };

/*
 * Wikipedia, "Single transferable vote", the food election: 20 voters,
 * 3 seats, Droop quota 6. Chocolate is elected with 12 and its surplus
 * of 6 goes on at half a vote; Pears is eliminated and Oranges reaches
 * the quota; Hamburgers is eliminated and Strawberries fills the last
 * seat.
 */
static void stv_wikipedia_food(void **state)
{
	static const long long r1[] = { 4, 2, 12, 1, 1 }, r2[] = { 4, 2, 6, 5, 3 },
			       r4[] = { 6, 0, 6, 5, 3 };
	char *t;
	size_t i;

	(void)state;
	setup_vote(MUTU_METHOD_STV, FOOD, 5);
	V.p.seats = 3;
	V.p.eligible = 20;
	ranked(4, "Oranges");
	ranked(2, "Pears>Oranges");
	ranked(8, "Chocolate>Strawberries");
	ranked(4, "Chocolate>Hamburgers");
	ranked(1, "Strawberries");
	ranked(1, "Hamburgers");
	count_votes();
	assert_int_equal(V.r.quota, 6000000);
	assert_int_equal(V.r.nwinners, 3);
	assert_int_equal(V.r.winners[0], 2);
	assert_int_equal(V.r.winners[1], 0);
	assert_int_equal(V.r.winners[2], 3);
	assert_ranking((const int[]){ 2, 0, 3 }, 3);
	assert_int_equal(V.r.winner, -1);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	assert_int_equal(V.r.nrounds, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(V.r.rounds[0].votes[i], r1[i] * 1000000);
		assert_int_equal(V.r.rounds[1].votes[i], r2[i] * 1000000);
		assert_int_equal(V.r.rounds[3].votes[i], r4[i] * 1000000);
	}
	assert_int_equal(V.r.rounds[0].elected, 2);
	assert_int_equal(V.r.rounds[1].eliminated, 1);
	assert_int_equal(V.r.rounds[2].elected, 0);
	assert_int_equal(V.r.rounds[3].eliminated, 4);
	assert_int_equal(V.r.rounds[4].elected, 3);
	/* the 1 + 4 × ½ ballots of Hamburgers had nowhere to go */
	assert_int_equal(V.r.rounds[4].votes[3], 5000000);
	t = text();
	assert_contains(t, "Round 1: Chocolate elected with 12.000000 votes\n");
	assert_contains(t, "Round 2: Pears eliminated with 2.000000 votes\n");
	assert_contains(t, "Round 5: Strawberries elected with 5.000000 votes\n");
	assert_contains(t, "Elected: Chocolate, Oranges, Strawberries\n");
	assert_contains(t, "Seats: 3, quota: 6.000000 votes\n");
	free(t);
	assert_order_free();
}

static void stv_json(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	V.p.eligible = 3;
	ranked(2, "A");
	ranked(1, "B>A");
	count_votes();
	s = json("p1", 1);
	assert_string_equal(s, "{\"proposal\":\"p1\",\"method\":\"stv\",\"final\":true,"
			       "\"eligible\":3,\"ballots\":3,\"quorum_met\":true,"
			       "\"outcome\":\"accepted\",\"winner\":null,\"ranking\":[\"A\"],"
			       "\"seats\":1,\"quota\":2.000000,\"winners\":[\"A\"],"
			       "\"rounds\":[{\"votes\":{\"A\":2.000000,\"B\":1.000000,"
			       "\"C\":0.000000},\"elected\":\"A\",\"eliminated\":null}]}");
	free(s);
}

/* 7 A>B, 1 C, 1 B, 2 seats: quota 4. A's surplus of 3 goes to B at
 * 3/7 of a vote, 0.428571 truncated, so B ends 0.000003 short of the
 * quota and is elected as the last continuing option. */
static void stv_fractions_truncate(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	V.p.seats = 2;
	ranked(7, "A>B");
	ranked(1, "C");
	ranked(1, "B");
	count_votes();
	assert_int_equal(V.r.quota, 4000000);
	assert_int_equal(V.r.nrounds, 3);
	assert_int_equal(V.r.rounds[0].elected, 0);
	assert_int_equal(V.r.rounds[1].votes[0], 4000000);
	assert_int_equal(V.r.rounds[1].votes[1], 1000000 + 7 * 428571);
	assert_int_equal(V.r.rounds[1].eliminated, 2);
	assert_int_equal(V.r.rounds[2].elected, 1);
	assert_int_equal(V.r.nwinners, 2);
	assert_order_free();
}

static void stv_more_seats_than_options(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	V.p.seats = 5;
	ranked(1, "C>A");
	ranked(2, "B");
	count_votes();
	/* everyone, most votes first: B 2, C 1, A 0 */
	assert_int_equal(V.r.nwinners, 3);
	assert_ranking((const int[]){ 1, 2, 0 }, 3);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	/* seats + 1 must not wrap */
	V.p.seats = SIZE_MAX;
	count_votes();
	assert_int_equal(V.r.quota, 1000000);
	assert_ranking((const int[]){ 1, 2, 0 }, 3);
}

static void stv_one_option(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 1);
	ranked(3, "A");
	count_votes();
	assert_int_equal(V.r.nwinners, 1);
	assert_int_equal(V.r.winners[0], 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
}

/*
 * 4 A, 2 B>C, 3 C>B, 1 D>B, one seat, quota 6. Round 1 eliminates D
 * (B 3). Round 2: B and C have 3 each; in round 1, B had 2 and C 3, so
 * B goes (listed order alone would have eliminated C, and B would have
 * won). C then has 5, A 4: A goes, C is elected.
 */
static void stv_tie_looks_back(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 4);
	ranked(4, "A");
	ranked(2, "B>C");
	ranked(3, "C>B");
	ranked(1, "D>B");
	count_votes();
	assert_int_equal(V.r.rounds[0].eliminated, 3);
	assert_int_equal(V.r.rounds[1].votes[1], 3000000);
	assert_int_equal(V.r.rounds[1].votes[2], 3000000);
	assert_int_equal(V.r.rounds[1].eliminated, 1);
	assert_int_equal(V.r.rounds[2].eliminated, 0);
	assert_int_equal(V.r.nwinners, 1);
	assert_int_equal(V.r.winners[0], 2);
	assert_order_free();
}

/* 1 A, 1 B: equal in every round, so the option listed first stays. */
static void stv_tie_listed_order(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 2);
	ranked(1, "B");
	ranked(1, "A");
	count_votes();
	assert_int_equal(V.r.rounds[0].eliminated, 1);
	assert_int_equal(V.r.winners[0], 0);
	assert_order_free();
}

/* 3 A, 2 B, 1 C: C's ballot and then B's have nowhere to go. */
static void stv_exhausted_ballots(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	ranked(3, "A");
	ranked(2, "B");
	ranked(1, "C");
	count_votes();
	assert_int_equal(V.r.quota, 4000000);
	assert_int_equal(V.r.rounds[0].eliminated, 2);
	assert_int_equal(V.r.rounds[1].votes[0] + V.r.rounds[1].votes[1], 5000000);
	assert_int_equal(V.r.rounds[1].eliminated, 1);
	assert_int_equal(V.r.rounds[2].elected, 0);
	assert_int_equal(V.r.rounds[2].votes[0], 3000000);
	assert_int_equal(V.r.nwinners, 1);
}

static void stv_no_ballot_elects_no_one(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	V.p.seats = 2;
	count_votes();
	assert_int_equal(V.r.nwinners, 0);
	assert_int_equal(V.r.nrounds, 0);
	assert_int_equal(V.r.nranking, 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.quota, 1000000);
}

/* ------------------------------------------------------------------ */
/* majority judgment */

static const char *const CITIES[] = { "Memphis", "Nashville", "Chattanooga", "Knoxville" };
static const char *const FIVE[] = { "Poor", "Fair", "Good", "Very Good", "Excellent" };

/*
 * Wikipedia, "Majority judgment", the capital of Tennessee: 42% of the
 * voters live in Memphis, 26% in Nashville, 15% in Chattanooga and 17% in
 * Knoxville, as 100 ballots. The grades, as we recall the article's
 * table (each city's voters grade their own city Excellent):
 *   Memphis voters:     Memphis Excellent, Nashville Very Good,
 *                       Chattanooga Fair, Knoxville Fair;
 *   Nashville voters:   Memphis Poor, Nashville Excellent,
 *                       Chattanooga Very Good, Knoxville Good;
 *   Chattanooga voters: Memphis Poor, Nashville Good,
 *                       Chattanooga Excellent, Knoxville Very Good;
 *   Knoxville voters:   Memphis Poor, Nashville Good,
 *                       Chattanooga Very Good, Knoxville Excellent.
 * Nashville and Chattanooga both have the majority grade Very Good;
 * Nashville wins, as in the article: taking out majority grades, the
 * 17th is Very Good for Nashville and Fair for Chattanooga.
 */
static void mj_wikipedia_tennessee(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, CITIES, 4);
	V.p.scale = FIVE;
	V.p.nscale = 5;
	graded(42, (const int[]){ 4, 3, 1, 1 });
	graded(26, (const int[]){ 0, 4, 3, 2 });
	graded(15, (const int[]){ 0, 2, 4, 3 });
	graded(17, (const int[]){ 0, 2, 3, 4 });
	count_votes();
	assert_int_equal(V.r.median[0], 0);
	assert_int_equal(V.r.median[1], 3);
	assert_int_equal(V.r.median[2], 3);
	assert_int_equal(V.r.median[3], 2);
	assert_int_equal(V.r.grades[1 * 5 + 3], 42);
	assert_int_equal(V.r.grades[2 * 5 + 1], 42);
	assert_ranking((const int[]){ 1, 2, 3, 0 }, 4);
	assert_int_equal(V.r.winner, 1);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	assert_order_free();
}

static const char *const THREE[] = { "Bad", "Fair", "Good" };

/*
 * A: Good, Fair, Bad; B: Fair, Fair, Bad. Both have the majority grade
 * Fair; without it, Bad and Good against Bad and Fair: lower medians Bad
 * and Bad; without those, Good against Fair: A first.
 */
static void mj_tie_broken_by_removing_medians(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 2);
	V.p.scale = THREE;
	V.p.nscale = 3;
	graded(1, (const int[]){ 0, 1 });
	graded(1, (const int[]){ 2, 0 });
	graded(1, (const int[]){ 1, 1 });
	count_votes();
	assert_int_equal(V.r.median[0], 1);
	assert_int_equal(V.r.median[1], 1);
	assert_ranking((const int[]){ 0, 1 }, 2);
	assert_int_equal(V.r.winner, 0);
	/* listed the other way round, the same answer */
	fresh();
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 2);
	V.p.scale = THREE;
	V.p.nscale = 3;
	graded(1, (const int[]){ 1, 0 });
	graded(1, (const int[]){ 0, 2 });
	graded(1, (const int[]){ 1, 1 });
	count_votes();
	assert_ranking((const int[]){ 1, 0 }, 2);
	assert_int_equal(V.r.winner, 1);
}

/* Two ballots, Bad and Good for A, Fair twice for B: A's lower median is
 * Bad (the upper one, Good, would make A win). */
static void mj_even_count_lower_median(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 2);
	V.p.scale = THREE;
	V.p.nscale = 3;
	graded(1, (const int[]){ 0, 1 });
	graded(1, (const int[]){ 2, 1 });
	count_votes();
	assert_int_equal(V.r.median[0], 0);
	assert_int_equal(V.r.median[1], 1);
	assert_int_equal(V.r.winner, 1);
	s = json("m", 0);
	assert_contains(s, ",\"median\":{\"A\":\"Bad\",\"B\":\"Fair\"},"
			   "\"grades\":{\"A\":{\"Bad\":1,\"Fair\":0,\"Good\":1},"
			   "\"B\":{\"Bad\":0,\"Fair\":2,\"Good\":0}}}");
	free(s);
	s = text();
	assert_contains(s, "B: median grade Fair\nA: median grade Bad\n");
	free(s);
}

static void mj_all_tied_is_undecided(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 3);
	V.p.scale = THREE;
	V.p.nscale = 3;
	graded(1, (const int[]){ 2, 0, 1 });
	graded(1, (const int[]){ 0, 2, 1 });
	count_votes();
	/* A and B have the same grades; C's lower median, Fair, beats theirs, Bad */
	assert_ranking((const int[]){ 2, 0, 1 }, 3);
	assert_int_equal(V.r.winner, 2);
	graded(1, (const int[]){ 2, 2, 1 });
	count_votes();
	/* now A: Bad Good Good, B the same, C Fair ×3: A and B tie for first */
	assert_ranking((const int[]){ 0, 1, 2 }, 3);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.winner, -1);
}

/* An option left ungraded has the worst grade. */
static void mj_ungraded_is_worst(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 2);
	V.p.scale = THREE;
	V.p.nscale = 3;
	graded(2, (const int[]){ 1, -1 });
	graded(1, (const int[]){ -1, 2 });
	count_votes();
	assert_int_equal(V.r.grades[1 * 3 + 0], 2);
	assert_int_equal(V.r.median[1], 0);
	assert_int_equal(V.r.winner, 0);
}

static void mj_status_quo_wins_rejected(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, WITH_SQ, 3);
	V.p.scale = THREE;
	V.p.nscale = 3;
	V.p.status_quo = 1;
	graded(3, (const int[]){ 1, 0, 2 });
	count_votes();
	assert_int_equal(V.r.winner, 2);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
}

static void mj_no_ballot_is_undecided(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 2);
	V.p.scale = THREE;
	V.p.nscale = 3;
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	assert_int_equal(V.r.median[0], -1);
	s = json(NULL, 0);
	assert_contains(s, "{\"proposal\":null,");
	assert_contains(s, "\"median\":{\"A\":null,\"B\":null}");
	free(s);
}

/* The walk over grade counts against the definition: sort the grades,
 * take the lower median out, again and again, compare the sequences. */
static int naive_mj(const vote *v, size_t a, size_t b)
{
	int ga[MAXB], gb[MAXB];
	size_t n = v->n, i, len, at;
	int x, y;

	for (i = 0; i < n; i++) {
		ga[i] = v->marks[i][a] < 0 ? 0 : v->marks[i][a];
		gb[i] = v->marks[i][b] < 0 ? 0 : v->marks[i][b];
	}
	/* sort both (insertion) */
	for (i = 1; i < n; i++)
		for (at = i; at > 0 && ga[at - 1] > ga[at]; at--)
			x = ga[at], ga[at] = ga[at - 1], ga[at - 1] = x;
	for (i = 1; i < n; i++)
		for (at = i; at > 0 && gb[at - 1] > gb[at]; at--)
			x = gb[at], gb[at] = gb[at - 1], gb[at - 1] = x;
	for (len = n; len > 0; len--) {
		at = (len + 1) / 2 - 1;
		x = ga[at];
		y = gb[at];
		if (x != y)
			return x > y ? -1 : 1;
		memmove(ga + at, ga + at + 1, (len - at - 1) * sizeof(int));
		memmove(gb + at, gb + at + 1, (len - at - 1) * sizeof(int));
	}
	return 0;
}

static void mj_matches_the_definition(void **state)
{
	size_t round, i, j, k, n;

	(void)state;
	for (round = 0; round < 500; round++) {
		fresh();
		k = 2 + rnd(4);
		setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, k);
		V.p.scale = FIVE;
		V.p.nscale = 2 + rnd(4);
		for (n = 1 + rnd(40); n > 0; n--) {
			int g[MAXK];

			/* few grades, so that deep ties are common */
			for (i = 0; i < k; i++)
				g[i] = (int)rnd((unsigned)V.p.nscale + 1) - 1;
			g[rnd((unsigned)k)] = (int)rnd((unsigned)V.p.nscale);
			graded(1, g);
		}
		count_votes();
		for (i = 0; i + 1 < k; i++) {
			int c = naive_mj(&V, V.r.ranking[i], V.r.ranking[i + 1]);

			if (c > 0 || (c == 0 && V.r.ranking[i] > V.r.ranking[i + 1]))
				fail_msg("round %zu: %zu placed before %zu", round, V.r.ranking[i],
					 V.r.ranking[i + 1]);
		}
		j = (size_t)(k > 1 && naive_mj(&V, V.r.ranking[0], V.r.ranking[1]) == 0);
		assert_int_equal(V.r.winner, j ? -1 : (int)V.r.ranking[0]);
	}
}

/* ------------------------------------------------------------------ */
/* approval */

static void approval_ranks_by_approvals(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 4);
	approved(3, "B,C");
	approved(2, "C");
	approved(1, "A,D");
	count_votes();
	assert_int_equal(V.r.approvals[2], 5);
	assert_int_equal(V.r.approvals[1], 3);
	/* A and D have 1 each: listed order */
	assert_ranking((const int[]){ 2, 1, 0, 3 }, 4);
	assert_int_equal(V.r.winner, 2);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	s = json("a", 1);
	assert_contains(s, "\"winner\":\"C\",\"ranking\":[\"C\",\"B\",\"A\",\"D\"],"
			   "\"approvals\":{\"A\":1,\"B\":3,\"C\":5,\"D\":1}}");
	free(s);
	s = text();
	assert_contains(s, "Winner: C\nRanking: C, B, A, D\n");
	assert_contains(s, "C: 5 approvals\nB: 3 approvals\nA: 1 approval\n");
	free(s);
	assert_order_free();
}

static void approval_tie_is_undecided(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 3);
	approved(1, "A");
	approved(2, "C,B");
	count_votes();
	assert_ranking((const int[]){ 1, 2, 0 }, 3);
	assert_int_equal(V.r.winner, -1);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
}

static void approval_without_ballots(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 1);
	count_votes();
	assert_int_equal(V.r.approvals[0], 0);
	assert_int_equal(V.r.winner, -1);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_UNDECIDED);
	/* one option, one approval: it wins */
	approved(1, "A");
	count_votes();
	assert_int_equal(V.r.winner, 0);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
}

static void approval_without_quorum_still_counts(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 2);
	V.p.eligible = 10;
	V.p.quorum = 30;
	approved(2, "B");
	count_votes();
	assert_false(V.r.quorum_met);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_NO_QUORUM);
	assert_int_equal(V.r.winner, 1);
	assert_int_equal(V.r.approvals[1], 2);
}

/* ------------------------------------------------------------------ */
/* yes-no and consent */

static void yes_no_at_the_threshold(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	V.p.threshold = 50;
	chose(1, MUTU_CHOICE_YES);
	chose(1, MUTU_CHOICE_NO);
	count_votes();
	/* exactly 50% is not more than 50% */
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	chose(1, MUTU_CHOICE_YES);
	V.p.threshold = 66;
	count_votes();
	/* 66.67% > 66% */
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	V.p.threshold = 67;
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	V.p.threshold = 0;
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	assert_int_equal(V.r.winner, -1);
	assert_int_equal(V.r.nranking, 0);
}

static void yes_no_unanimity(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	V.p.threshold = 100;
	chose(3, MUTU_CHOICE_YES);
	chose(2, MUTU_CHOICE_ABSTAIN);
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	chose(1, MUTU_CHOICE_NO);
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
}

static void yes_no_all_abstain(void **state)
{
	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	V.p.threshold = 0;
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	chose(4, MUTU_CHOICE_ABSTAIN);
	count_votes();
	assert_int_equal(V.r.abstain, 4);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	V.p.threshold = 100;
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
}

static void quorum_exactly_met(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	V.p.eligible = 10;
	V.p.quorum = 50;
	chose(3, MUTU_CHOICE_YES);
	chose(1, MUTU_CHOICE_ABSTAIN);
	count_votes();
	assert_false(V.r.quorum_met);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_NO_QUORUM);
	assert_int_equal(V.r.yes, 3);
	s = text();
	assert_contains(s, "Ballots: 4 of 10 eligible members (quorum 50%: not met)\n");
	assert_contains(s, "Outcome: no quorum\n");
	free(s);
	chose(1, MUTU_CHOICE_ABSTAIN);
	count_votes();
	assert_true(V.r.quorum_met);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	/* nobody eligible: nothing is needed */
	V.p.eligible = 0;
	count_votes();
	assert_true(V.r.quorum_met);
	/* quorum × eligible must not wrap */
	V.p.eligible = SIZE_MAX;
	count_votes();
	assert_false(V.r.quorum_met);
}

static void yes_no_json_and_text(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	V.p.eligible = 20;
	V.p.quorum = 50;
	V.p.threshold = 50;
	chose(10, MUTU_CHOICE_YES);
	chose(3, MUTU_CHOICE_NO);
	chose(2, MUTU_CHOICE_ABSTAIN);
	count_votes();
	s = json("7q3k9m2x", 1);
	assert_string_equal(s, "{\"proposal\":\"7q3k9m2x\",\"method\":\"yes-no\",\"final\":true,"
			       "\"eligible\":20,\"ballots\":15,\"quorum_met\":true,"
			       "\"outcome\":\"accepted\",\"winner\":null,\"ranking\":[],"
			       "\"yes\":10,\"no\":3,\"abstain\":2,\"quorum\":50,\"threshold\":50}");
	free(s);
	s = text();
	assert_string_equal(s, "Ballots: 15 of 20 eligible members (quorum 50%: met)\n"
			       "Outcome: accepted\n"
			       "Yes: 10, no: 3, abstain: 2\n"
			       "Threshold: more than 50% yes among yes and no\n");
	free(s);
}

static void consent_one_block_rejects(void **state)
{
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_CONSENT, NULL, 0);
	V.p.eligible = 6;
	V.p.quorum = 50;
	chose(3, MUTU_CHOICE_YES);
	chose(1, MUTU_CHOICE_NO);
	chose(1, MUTU_CHOICE_ABSTAIN);
	count_votes();
	/* no and abstain stand aside */
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_ACCEPTED);
	chose(1, MUTU_CHOICE_BLOCK);
	count_votes();
	assert_int_equal(V.r.block, 1);
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_REJECTED);
	s = json("c", 0);
	assert_contains(s, "\"winner\":null,\"ranking\":[],\"yes\":3,\"no\":1,\"abstain\":1,"
			   "\"block\":1,\"quorum\":50,");
	free(s);
	s = text();
	assert_contains(s, "Yes: 3, no: 1, abstain: 1, block: 1\n");
	free(s);
	/* without quorum, even unblocked: no-quorum */
	fresh();
	setup_vote(MUTU_METHOD_CONSENT, NULL, 0);
	V.p.eligible = 6;
	V.p.quorum = 50;
	chose(2, MUTU_CHOICE_YES);
	count_votes();
	assert_int_equal(V.r.outcome, MUTU_OUTCOME_NO_QUORUM);
}

/* ------------------------------------------------------------------ */
/* mutu_tally_check */

static void refused(const int *marks, const char *needle)
{
	mutu_ballot b = { 0, (int *)marks };

	mutu_error_clear();
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	assert_contains(mutu_error_last(), needle);
}

static void check_refuses_bad_ballots(void **state)
{
	mutu_ballot b = { MUTU_CHOICE_BLOCK, NULL };

	(void)state;
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	assert_contains(mutu_error_last(), "consent");
	b.choice = (mutu_choice)7;
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	V.p.method = MUTU_METHOD_CONSENT;
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	b.choice = MUTU_CHOICE_BLOCK;
	assert_ok(mutu_tally_check(&V.p, &b));

	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 3);
	refused((const int[]){ 0, 0, 0 }, "approves no option");
	refused(NULL, "approves no option");
	refused((const int[]){ 1, 2, 0 }, "option 'B' has approval mark 2");

	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 3);
	V.p.scale = THREE;
	V.p.nscale = 3;
	refused((const int[]){ -1, -1, -1 }, "grades no option");
	refused((const int[]){ 0, 3, 1 }, "grade 3 of option 'B' is outside the scale");
	refused((const int[]){ -2, 0, 1 }, "grade -2 of option 'A' is outside the scale");

	setup_vote(MUTU_METHOD_SCHULZE, ABCDE, 3);
	refused((const int[]){ 0, 0, 0 }, "ranks no option");
	refused((const int[]){ 1, -1, 0 }, "rank -1 of option 'B' is outside 1 to 3");
	refused((const int[]){ 1, 4, 0 }, "rank 4 of option 'B' is outside 1 to 3");
	refused((const int[]){ 0, 2, 0 }, "option 'B' is ranked 2 but no option is ranked 1");
	refused((const int[]){ 1, 3, 3 }, "option 'B' is ranked 3 but no option is ranked 2");
	assert_ok(mutu_tally_check(&V.p, &(mutu_ballot){ 0, (int[]){ 1, 1, 2 } }));
	assert_ok(mutu_tally_check(&V.p, &(mutu_ballot){ 0, (int[]){ 0, 1, 1 } }));

	setup_vote(MUTU_METHOD_STV, ABCDE, 3);
	refused((const int[]){ 1, 1, 2 }, "options 'A' and 'B' are both ranked 1");
	refused((const int[]){ 2, 1, 2 }, "no ties");
	refused((const int[]){ 3, 1, 0 }, "option 'A' is ranked 3 but no option is ranked 2");
	refused((const int[]){ 0, 0, 0 }, "ranks no option");
	assert_ok(mutu_tally_check(&V.p, &(mutu_ballot){ 0, (int[]){ 0, 2, 1 } }));
}

/* Options are quoted clipped, and escaped once they reach a message. */
static void check_quotes_options_safely(void **state)
{
	static const char *const odd[] = { "Tea\x1b[31m", "Coffee" };

	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, odd, 2);
	refused((const int[]){ 5, 0 }, "option 'Tea\\x1b[31m' has approval mark 5");
}

/* Many options need a bigger table of ranks seen than the stack holds. */
static void check_many_options(void **state)
{
	static const char *names[300];
	int marks[300];
	mutu_ballot b = { 0, marks };
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++) {
		names[i] = "x";
		marks[i] = (int)(i % 150) + 1;
	}
	setup_vote(MUTU_METHOD_SCHULZE, names, 300);
	assert_ok(mutu_tally_check(&V.p, &b));
	V.p.method = MUTU_METHOD_STV;
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	marks[299] = 300;
	V.p.method = MUTU_METHOD_SCHULZE;
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EDATA);
	assert_contains(mutu_error_last(), "no option is ranked 151");
}

static void params_are_checked(void **state)
{
	mutu_ballot b = { 0, (int[]){ 1 } };

	(void)state;
	setup_vote(MUTU_METHOD_APPROVAL, ABCDE, 0);
	assert_code(mutu_tally(&V.r, &V.p, NULL, 0), MUTU_EUSAGE);
	assert_code(mutu_tally_check(&V.p, &b), MUTU_EUSAGE);
	setup_vote(MUTU_METHOD_MAJORITY_JUDGMENT, ABCDE, 1);
	assert_code(mutu_tally(&V.r, &V.p, &b, 1), MUTU_EUSAGE);
	V.p.scale = THREE;
	V.p.nscale = 1;
	assert_code(mutu_tally(&V.r, &V.p, &b, 1), MUTU_EUSAGE);
	V.p.nscale = 2;
	assert_ok(mutu_tally(&V.r, &V.p, &b, 1));
	mutu_tally_result_free(&V.r);
	setup_vote(MUTU_METHOD_STV, ABCDE, 1);
	V.p.seats = 0;
	assert_code(mutu_tally(&V.r, &V.p, &b, 1), MUTU_EUSAGE);
	assert_null(V.r.ranking);
	setup_vote(MUTU_METHOD_YES_NO, NULL, 0);
	assert_ok(mutu_tally(&V.r, &V.p, NULL, 0));
}

static void names_round_trip(void **state)
{
	mutu_method m;
	int i;

	(void)state;
	for (i = 0; i < MUTU_METHOD_COUNT; i++) {
		assert_ok(mutu_method_parse(&m, mutu_method_name((mutu_method)i)));
		assert_int_equal(m, i);
	}
	assert_code(mutu_method_parse(&m, "borda"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "borda");
	assert_true(mutu_method_has_options(MUTU_METHOD_STV));
	assert_false(mutu_method_has_options(MUTU_METHOD_CONSENT));
	for (i = 0; i < 4; i++)
		assert_int_equal(mutu_choice_parse(mutu_choice_name((mutu_choice)i)), i);
	assert_int_equal(mutu_choice_parse("maybe"), -1);
	assert_string_equal(mutu_outcome_name(MUTU_OUTCOME_NO_QUORUM), "no-quorum");
	mutu_tally_result_free(NULL);
}

/* Option texts are escaped for a terminal, and for JSON. */
static void text_escapes_options(void **state)
{
	static const char *const odd[] = { "Line\nbreak", "Bell\a", "Quote\"" };
	char *s;

	(void)state;
	setup_vote(MUTU_METHOD_SCHULZE, odd, 3);
	ranked(1, "Bell\a>Line\nbreak");
	count_votes();
	s = text();
	assert_contains(s, "Winner: Bell\\x07\nRanking: Bell\\x07, Line\\nbreak, Quote\"\n");
	free(s);
	s = json("q", 0);
	assert_contains(s, "\"winner\":\"Bell\\u0007\",\"ranking\":[\"Bell\\u0007\","
			   "\"Line\\nbreak\",\"Quote\\\"\"]");
	free(s);
}

/* ------------------------------------------------------------------ */
/* 10,000 ballots, 10 options: every method well under 10 ms. */

static const char *const TEN[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

static void counts_are_fast(void **state)
{
	static const mutu_method methods[] = {
		MUTU_METHOD_YES_NO, MUTU_METHOD_CONSENT, MUTU_METHOD_APPROVAL,
		MUTU_METHOD_MAJORITY_JUDGMENT, MUTU_METHOD_SCHULZE, MUTU_METHOD_STV,
	};
	size_t n = 10000, k = 10, i, j, m;
	mutu_tally_params p = { 0 };
	mutu_tally_result r;
	mutu_ballot *b = calloc(n, sizeof(*b));
	int *marks = calloc(n * k, sizeof(*marks));
	struct timespec t0, t1;
	double ms;

	(void)state;
	assert_non_null(b);
	assert_non_null(marks);
	p.options = TEN;
	p.noptions = k;
	p.scale = FIVE;
	p.nscale = 5;
	p.seats = 3;
	p.eligible = n;
	for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		p.method = methods[m];
		for (i = 0; i < n; i++) {
			int *mk = marks + i * k;

			b[i].marks = mutu_method_has_options(p.method) ? mk : NULL;
			b[i].choice = (mutu_choice)rnd(p.method == MUTU_METHOD_CONSENT ? 4 : 3);
			if (p.method == MUTU_METHOD_APPROVAL) {
				for (j = 0; j < k; j++)
					mk[j] = (int)rnd(2);
				mk[rnd((unsigned)k)] = 1;
			} else if (p.method == MUTU_METHOD_MAJORITY_JUDGMENT) {
				/* two grades, close to even: deep ties to break */
				for (j = 0; j < k; j++)
					mk[j] = (int)rnd(2) + 1;
			} else {
				random_ranks(mk, k, p.method == MUTU_METHOD_STV);
			}
			assert_ok(mutu_tally_check(&p, &b[i]));
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_ok(mutu_tally(&r, &p, b, n));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		mutu_tally_result_free(&r);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3;
		ms += (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		print_message("%s: %.3f ms\n", mutu_method_name(p.method), ms);
		/* generous, for sanitizers and loaded machines; -O2 is far below 10 */
		if (ms > 100)
			fail_msg("%s took %.1f ms", mutu_method_name(p.method), ms);
	}
	free(b);
	free(marks);
}

#define T(f) cmocka_unit_test_setup_teardown(f, reset, cleanup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(schulze_wikipedia_45_voters),
		T(schulze_json),
		T(schulze_counts_ties_and_unranked),
		T(schulze_condorcet_tie_is_undecided),
		T(schulze_cycle_is_undecided),
		T(schulze_status_quo_wins_rejected),
		T(schulze_no_ballot_is_undecided),
		T(schulze_ranking_is_consistent),
		T(stv_wikipedia_food),
		T(stv_json),
		T(stv_fractions_truncate),
		T(stv_more_seats_than_options),
		T(stv_one_option),
		T(stv_tie_looks_back),
		T(stv_tie_listed_order),
		T(stv_exhausted_ballots),
		T(stv_no_ballot_elects_no_one),
		T(mj_wikipedia_tennessee),
		T(mj_tie_broken_by_removing_medians),
		T(mj_even_count_lower_median),
		T(mj_all_tied_is_undecided),
		T(mj_ungraded_is_worst),
		T(mj_status_quo_wins_rejected),
		T(mj_no_ballot_is_undecided),
		T(mj_matches_the_definition),
		T(approval_ranks_by_approvals),
		T(approval_tie_is_undecided),
		T(approval_without_ballots),
		T(approval_without_quorum_still_counts),
		T(yes_no_at_the_threshold),
		T(yes_no_unanimity),
		T(yes_no_all_abstain),
		T(quorum_exactly_met),
		T(yes_no_json_and_text),
		T(consent_one_block_rejects),
		T(check_refuses_bad_ballots),
		T(check_quotes_options_safely),
		T(check_many_options),
		T(params_are_checked),
		T(names_round_trip),
		T(text_escapes_options),
		T(counts_are_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
