/*
 * tally — the six methods, each a pure function of the ballots.
 *
 * The rules written in the comments of this file are the ones mutu(7)
 * prints under "TALLY METHODS": change one here and there together.
 *
 * Every method. The quorum is met when ballots × 100 >= quorum ×
 * eligible members: at least quorum % of the eligible members cast a
 * ballot, an abstention being a ballot. Without it the outcome is
 * no-quorum, but every count, the ranking and the winner are still
 * worked out and shown, so that people see how the vote stands.
 *
 * No result depends on the order of the ballots: every count is a sum of
 * whole numbers (stv's in millionths of a vote, each ballot's weight
 * computed on its own), and every tie is broken by a rule written here,
 * never by chance or by which ballot came first.
 *
 * Ballots are assumed to have passed mutu_tally_check. One that has not
 * cannot make a count read or write out of bounds: a mark outside its
 * range counts as no mark (as the worst grade in majority-judgment).
 */
#include "tally.h"

#include "error.h"
#include "i18n.h"
#include "output.h"
#include "utf8.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[MUTU_METHOD_COUNT] = {
	"yes-no", "consent", "approval", "majority-judgment", "schulze", "stv",
};

static const char *const choice_names[] = { "yes", "no", "abstain", "block" };

static const char *const outcome_names[] = { "accepted", "rejected", "no-quorum", "undecided" };

#define NCHOICES (sizeof(choice_names) / sizeof(choice_names[0]))
#define NOUTCOMES (sizeof(outcome_names) / sizeof(outcome_names[0]))

const char *mutu_method_name(mutu_method m)
{
	return (unsigned)m < MUTU_METHOD_COUNT ? method_names[m] : "";
}

int mutu_method_parse(mutu_method *out, const char *name)
{
	size_t i;

	for (i = 0; i < MUTU_METHOD_COUNT; i++)
		if (!strcmp(name, method_names[i])) {
			*out = (mutu_method)i;
			return 0;
		}
	return mutu_error_set(MUTU_EUSAGE, _("unknown method '%s': use yes-no, consent, approval, "
					     "majority-judgment, schulze or stv"),
			      mutu_utf8_clip(name, 40));
}

int mutu_method_has_options(mutu_method m)
{
	return m == MUTU_METHOD_APPROVAL || m == MUTU_METHOD_MAJORITY_JUDGMENT ||
	       m == MUTU_METHOD_SCHULZE || m == MUTU_METHOD_STV;
}

const char *mutu_choice_name(mutu_choice c)
{
	return (unsigned)c < NCHOICES ? choice_names[c] : "";
}

int mutu_choice_parse(const char *name)
{
	size_t i;

	for (i = 0; i < NCHOICES; i++)
		if (!strcmp(name, choice_names[i]))
			return (int)i;
	return -1;
}

const char *mutu_outcome_name(mutu_outcome o)
{
	return (unsigned)o < NOUTCOMES ? outcome_names[o] : "";
}

/* MUTU_EUSAGE unless params can be counted at all. */
static int check_params(const mutu_tally_params *p)
{
	if ((unsigned)p->method >= MUTU_METHOD_COUNT)
		return mutu_error_set(MUTU_EUSAGE, _("unknown tally method %d"), (int)p->method);
	if (!mutu_method_has_options(p->method))
		return 0;
	/* marks are ints and d and p hold noptions² counts */
	if (p->noptions == 0 || !p->options)
		return mutu_error_set(MUTU_EUSAGE, _("a vote by %s needs at least one option"),
				      method_names[p->method]);
	if (p->noptions > INT_MAX || p->noptions > SIZE_MAX / p->noptions / sizeof(long long))
		return mutu_error_set(MUTU_EUSAGE, "%s", _("a vote has too many options to count"));
	if (p->method == MUTU_METHOD_MAJORITY_JUDGMENT &&
	    (!p->scale || p->nscale < 2 || p->nscale > INT_MAX ||
	     p->nscale > SIZE_MAX / p->noptions / sizeof(size_t)))
		return mutu_error_set(MUTU_EUSAGE, "%s",
				      _("a majority-judgment vote needs a scale of two grades "
					"or more"));
	if (p->method == MUTU_METHOD_STV && p->seats == 0)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("an stv vote needs at least one seat"));
	return 0;
}

/* An option's text, clipped for a message (mutu_error_set escapes it). */
static const char *quote(const mutu_tally_params *p, size_t i)
{
	return mutu_utf8_clip(p->options[i] ? p->options[i] : "", 40);
}

static int ballot_mark(const mutu_ballot *b, size_t i, int none)
{
	return b->marks ? b->marks[i] : none;
}

/*
 * Ranks (schulze, stv). A rank is 0 (unranked) or 1 to the number of
 * options. The ranks a ballot uses are exactly 1 to m for some m >= 1:
 * options ranked equal share a level and the next level is the next
 * number, so "A=B,C" is A 1, B 1, C 2 and a ballot that uses rank 3 uses
 * 1 and 2 as well. In stv no two options share a rank.
 */
static int check_ranks(const mutu_tally_params *p, const mutu_ballot *b, int strict)
{
	unsigned char small[256], *seen; /* options per rank, up to 2 */
	size_t k = p->noptions, i, j;
	int max = 0, r, m, rc = 0;

	for (i = 0; i < k; i++) {
		m = ballot_mark(b, i, 0);
		if (m < 0 || (size_t)m > k)
			return mutu_error_set(MUTU_EDATA,
					      _("rank %d of option '%s' is outside 1 to %zu"), m,
					      quote(p, i), k);
		if (m > max)
			max = m;
	}
	if (max == 0)
		return mutu_error_set(MUTU_EDATA, "%s",
				      _("the ballot ranks no option: rank at least one"));
	if (!(seen = k + 1 > sizeof(small) ? malloc(k + 1) : small))
		return mutu_error_nomem();
	memset(seen, 0, k + 1);
	for (i = 0; i < k; i++)
		if ((m = b->marks[i]) > 0 && seen[m] < 2)
			seen[m]++;
	for (r = 1; r <= max; r++) {
		if (strict && seen[r] > 1) {
			for (i = 0; b->marks[i] != r; i++)
				;
			for (j = i + 1; b->marks[j] != r; j++)
				;
			rc = mutu_error_set(MUTU_EDATA, _("options '%s' and '%s' are both ranked "
							  "%d: an stv ranking has no ties"),
					    quote(p, i), quote(p, j), r);
			goto out;
		}
		if (!seen[r]) {
			/* name the option just above the gap */
			for (j = k, i = 0; i < k; i++)
				if (b->marks[i] > r && (j == k || b->marks[i] < b->marks[j]))
					j = i;
			rc = mutu_error_set(MUTU_EDATA, _("option '%s' is ranked %d but no option "
							  "is ranked %d: ranks count 1, 2, 3… "
							  "without gaps"),
					    quote(p, j), b->marks[j], r);
			goto out;
		}
	}
out:
	if (seen != small)
		free(seen);
	return rc;
}

int mutu_tally_check(const mutu_tally_params *p, const mutu_ballot *b)
{
	size_t i, k = p->noptions;
	int rc, m, any = 0;

	if ((rc = check_params(p)) < 0)
		return rc;
	switch (p->method) {
	case MUTU_METHOD_YES_NO:
		if (b->choice == MUTU_CHOICE_BLOCK)
			return mutu_error_set(MUTU_EDATA, "%s", _("a block is a consent ballot's "
								  "choice: vote yes, no or "
								  "abstain"));
		/* fall through */
	case MUTU_METHOD_CONSENT:
		if ((unsigned)b->choice >= NCHOICES)
			return mutu_error_set(MUTU_EDATA, _("unknown choice %d in a ballot"),
					      (int)b->choice);
		return 0;
	case MUTU_METHOD_APPROVAL:
		for (i = 0; i < k; i++) {
			if ((m = ballot_mark(b, i, 0)) != 0 && m != 1)
				return mutu_error_set(MUTU_EDATA, _("option '%s' has approval mark "
								    "%d: a mark is 0 or 1"),
						      quote(p, i), m);
			any |= m;
		}
		if (!any)
			return mutu_error_set(MUTU_EDATA, "%s", _("the ballot approves no option: "
								  "approve at least one"));
		return 0;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		for (i = 0; i < k; i++) {
			m = ballot_mark(b, i, -1);
			if (m < -1 || (m >= 0 && (size_t)m >= p->nscale))
				return mutu_error_set(MUTU_EDATA, _("grade %d of option '%s' is "
								    "outside the scale"),
						      m, quote(p, i));
			any |= m >= 0;
		}
		if (!any)
			return mutu_error_set(MUTU_EDATA, "%s", _("the ballot grades no option: "
								  "grade at least one"));
		return 0;
	case MUTU_METHOD_SCHULZE:
		return check_ranks(p, b, 0);
	case MUTU_METHOD_STV:
		return check_ranks(p, b, 1);
	}
	return 0;
}

/* ballots × 100 >= quorum × eligible, without wrapping. */
static int quorum_met(size_t ballots, unsigned quorum, size_t eligible)
{
	unsigned long long need;

	if (quorum && eligible > ULLONG_MAX / quorum)
		return 0;
	need = (unsigned long long)quorum * eligible;
	return ballots >= ULLONG_MAX / 100 || (unsigned long long)ballots * 100 >= need;
}

/* Options in ranking order, best first: < 0 if a goes before b, 0 if tied. */
typedef int (*order_fn)(const void *ctx, size_t a, size_t b);

/* Sort the options, equal ones in the order they were listed. Proposals
 * have a handful of options: an insertion sort is all it takes. */
static void rank_options(size_t *ranking, size_t k, order_fn before, const void *ctx)
{
	size_t i, j, x;

	for (i = 0; i < k; i++)
		ranking[i] = i;
	for (i = 1; i < k; i++) {
		x = ranking[i];
		for (j = i; j > 0 && before(ctx, x, ranking[j - 1]) < 0; j--)
			ranking[j] = ranking[j - 1];
		ranking[j] = x;
	}
}

/*
 * A single winner (approval, majority-judgment, schulze): the first of
 * the ranking, unless tied with the second (undecided). No ballot at all
 * names no winner either. With status_quo, the status quo winning
 * rejects the proposal.
 */
static void single_winner(mutu_tally_result *r, const mutu_tally_params *p, int tied)
{
	if (tied || r->ballots == 0) {
		r->winner = -1;
		r->outcome = MUTU_OUTCOME_UNDECIDED;
		return;
	}
	r->winner = (int)r->ranking[0];
	r->outcome = p->status_quo && r->ranking[0] == p->noptions - 1 ? MUTU_OUTCOME_REJECTED
								       : MUTU_OUTCOME_ACCEPTED;
}

static void count_choices(mutu_tally_result *r, const mutu_ballot *ballots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (ballots[i].choice) {
		case MUTU_CHOICE_YES: r->yes++; break;
		case MUTU_CHOICE_NO: r->no++; break;
		case MUTU_CHOICE_ABSTAIN: r->abstain++; break;
		case MUTU_CHOICE_BLOCK: r->block++; break;
		}
}

/*
 * yes-no: accepted when more than threshold % of the yes and no are yes
 * (yes × 100 > threshold × (yes + no)); a threshold of 100 or more asks
 * for unanimity: at least one yes and no no. Abstentions count for the
 * quorum only; when everyone abstains, the proposal is rejected.
 */
static void tally_yes_no(mutu_tally_result *r, const mutu_tally_params *p)
{
	unsigned long long yes = r->yes, cast = (unsigned long long)r->yes + r->no;
	int accepted;

	if (p->threshold >= 100)
		accepted = r->yes > 0 && r->no == 0;
	else
		accepted = yes * 100 > (unsigned long long)p->threshold * cast;
	r->outcome = accepted ? MUTU_OUTCOME_ACCEPTED : MUTU_OUTCOME_REJECTED;
}

/*
 * consent: yes consents; no and abstain stand aside; a block is binding:
 * one block rejects the proposal, which is accepted otherwise (the
 * quorum met).
 */
static void tally_consent(mutu_tally_result *r)
{
	r->outcome = r->block ? MUTU_OUTCOME_REJECTED : MUTU_OUTCOME_ACCEPTED;
}

static int by_approvals(const void *ctx, size_t a, size_t b)
{
	const size_t *approvals = ctx;

	return approvals[a] > approvals[b] ? -1 : approvals[a] < approvals[b];
}

/*
 * approval: each ballot approves one option or more. Options rank by
 * their approvals, most first, equal counts in listed order. Two options
 * or more sharing the most approvals, or no approval at all: undecided.
 * With status_quo (as in the methods below), the status quo winning
 * rejects the proposal.
 */
static int tally_approval(mutu_tally_result *r, const mutu_tally_params *p,
			  const mutu_ballot *ballots, size_t n)
{
	size_t k = p->noptions, i, b;
	size_t top;

	r->approvals = calloc(k, sizeof(*r->approvals));
	r->ranking = malloc(k * sizeof(*r->ranking));
	if (!r->approvals || !r->ranking)
		return mutu_error_nomem();
	for (b = 0; b < n; b++)
		for (i = 0; ballots[b].marks && i < k; i++)
			if (ballots[b].marks[i] > 0)
				r->approvals[i]++;
	rank_options(r->ranking, k, by_approvals, r->approvals);
	r->nranking = k;
	top = r->approvals[r->ranking[0]];
	single_winner(r, p, top == 0 || (k > 1 && r->approvals[r->ranking[1]] == top));
	return 0;
}

/*
 * majority-judgment. Every ballot counts for every option: an option
 * left ungraded gets the worst grade. An option's majority grade is the
 * median of its grades, the lower one for an even count (Balinski and
 * Laraki's lower middlemost): with n grades from worst to best, the
 * one at position ceil(n/2). Options rank by majority value: compare the
 * majority grades; while equal, take one majority grade out of each
 * option's grades and compare the new majority grades, until they
 * differ. Options with all the same grades are tied, in listed order;
 * a tie for first is undecided. With status_quo, the status quo winning
 * rejects the proposal.
 *
 * The grades left after each removal are a run from the middle: taking
 * the majority grade out of n sorted grades leaves a lower and an upper
 * part, and the next majority grade is the top of the lower part while
 * it holds at least as many grades as the upper part, else the bottom
 * of the upper part. Every option has the same n, so one walk outward
 * from the middle over each option's grade counts gives its majority
 * values in order, without sorting or copying a ballot.
 */
typedef struct {
	const size_t *count; /* ballots per grade, worst first */
	size_t n;
	size_t lo, hi;       /* the next positions down and up, 1-based; lo 0: none left */
	size_t lo_below;     /* grades below lo_g */
	size_t hi_upto;      /* grades up to hi_g included */
	int lo_g, hi_g;
} mj_walk;

static void mj_walk_init(mj_walk *w, const size_t *count, size_t nscale, size_t n)
{
	w->count = count;
	w->n = n;
	w->lo = (n + 1) / 2;
	w->hi = w->lo + 1;
	w->lo_g = (int)nscale - 1;
	w->lo_below = n - count[nscale - 1];
	w->hi_g = 0;
	w->hi_upto = count[0];
}

/* The next majority value; call at most n times. */
static int mj_walk_next(mj_walk *w)
{
	if (w->lo >= w->n + 1 - w->hi) {
		while (w->lo_below >= w->lo)
			w->lo_below -= w->count[--w->lo_g];
		w->lo--;
		return w->lo_g;
	}
	while (w->hi_upto < w->hi)
		w->hi_upto += w->count[++w->hi_g];
	w->hi++;
	return w->hi_g;
}

typedef struct {
	const size_t *grades;
	size_t nscale, n;
} mj_ctx;

static int by_majority_value(const void *ctx, size_t a, size_t b)
{
	const mj_ctx *c = ctx;
	const size_t *ca = c->grades + a * c->nscale, *cb = c->grades + b * c->nscale;
	mj_walk wa, wb;
	size_t t;
	int ga, gb;

	/* the same grades are the same majority values, all of them */
	if (!memcmp(ca, cb, c->nscale * sizeof(*ca)))
		return 0;
	mj_walk_init(&wa, ca, c->nscale, c->n);
	mj_walk_init(&wb, cb, c->nscale, c->n);
	for (t = 0; t < c->n; t++) {
		ga = mj_walk_next(&wa);
		gb = mj_walk_next(&wb);
		if (ga != gb)
			return ga > gb ? -1 : 1;
	}
	return 0;
}

static int tally_majority_judgment(mutu_tally_result *r, const mutu_tally_params *p,
				   const mutu_ballot *ballots, size_t n)
{
	size_t k = p->noptions, ns = p->nscale, i, b;
	mj_ctx ctx = { NULL, ns, n };
	mj_walk w;
	int g;

	r->grades = calloc(k * ns, sizeof(*r->grades));
	r->median = malloc(k * sizeof(*r->median));
	r->ranking = malloc(k * sizeof(*r->ranking));
	if (!r->grades || !r->median || !r->ranking)
		return mutu_error_nomem();
	for (b = 0; b < n; b++)
		for (i = 0; i < k; i++) {
			g = ballot_mark(&ballots[b], i, 0);
			if (g < 0 || (size_t)g >= ns)
				g = 0;
			r->grades[i * ns + (size_t)g]++;
		}
	for (i = 0; i < k; i++) {
		/* no ballot, no grade */
		r->median[i] = -1;
		if (n) {
			mj_walk_init(&w, r->grades + i * ns, ns, n);
			r->median[i] = mj_walk_next(&w);
		}
	}
	ctx.grades = r->grades;
	rank_options(r->ranking, k, by_majority_value, &ctx);
	r->nranking = k;
	single_winner(r, p, k > 1 && by_majority_value(&ctx, r->ranking[0], r->ranking[1]) == 0);
	return 0;
}

/* A rank's order: unranked (and, unchecked, out of range) after all. */
static unsigned rank_key(int mark, size_t k)
{
	return mark >= 1 && (size_t)mark <= k ? (unsigned)mark : UINT_MAX;
}

static int by_wins(const void *ctx, size_t a, size_t b)
{
	const size_t *wins = ctx;

	return wins[a] > wins[b] ? -1 : wins[a] < wins[b];
}

/*
 * schulze. A ballot ranks options, equal ranks allowed; unranked options
 * come after every ranked one, equal among themselves. d[i][j] is the
 * number of ballots ranking i above j. A link from i to j has strength
 * d[i][j] when d[i][j] > d[j][i], else there is none (winning votes); a
 * path is as strong as its weakest link, and p[i][j] is the strength of
 * the strongest path from i to j (found with the widest-path variant of
 * Floyd–Warshall). i beats j when p[i][j] > p[j][i]. This relation is
 * transitive (Schulze's proof), so options sorted by how many others
 * each beats, equal counts in listed order, never put one after an
 * option it beats. The first wins only if it beats every other option;
 * otherwise two options or more are unbeaten: undecided. With
 * status_quo, the status quo winning rejects the proposal.
 */
static int tally_schulze(mutu_tally_result *r, const mutu_tally_params *p,
			 const mutu_ballot *ballots, size_t n)
{
	size_t k = p->noptions, i, j, l, b, *d, *s, *wins;
	const int *marks;
	unsigned ki;

	r->d = d = calloc(k * k, sizeof(*d));
	r->p = s = calloc(k * k, sizeof(*s));
	r->ranking = malloc(k * sizeof(*r->ranking));
	wins = calloc(k, sizeof(*wins));
	if (!d || !s || !r->ranking || !wins) {
		free(wins);
		return mutu_error_nomem();
	}
	for (b = 0; b < n; b++) {
		if (!(marks = ballots[b].marks))
			continue;
		for (i = 0; i < k; i++)
			if ((ki = rank_key(marks[i], k)) != UINT_MAX)
				for (j = 0; j < k; j++)
					d[i * k + j] += ki < rank_key(marks[j], k);
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			s[i * k + j] = d[i * k + j] > d[j * k + i] ? d[i * k + j] : 0;
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			if (j == i || !s[j * k + i])
				continue;
			for (l = 0; l < k; l++) {
				size_t ji = s[j * k + i], il = s[i * k + l];
				size_t via = ji < il ? ji : il;

				if (l != i && l != j && via > s[j * k + l])
					s[j * k + l] = via;
			}
		}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			wins[i] += s[i * k + j] > s[j * k + i];
	rank_options(r->ranking, k, by_wins, wins);
	r->nranking = k;
	single_winner(r, p, wins[r->ranking[0]] != k - 1);
	free(wins);
	return 0;
}

/*
 * stv: single transferable vote with the Droop quota and fractional
 * surplus transfers (Gregory), in whole millionths of a vote.
 *
 * A ballot ranks options 1, 2, 3… without ties. It counts for its best
 * ranked continuing option (neither elected nor eliminated) at its
 * weight, 1 vote at first. quota = floor(valid / (seats + 1)) + 1 votes,
 * valid being the ballots that rank an option. Each round:
 *   - when no more options continue than seats are left, the one with
 *     the most votes is elected (the others in the following rounds);
 *   - else, when the one with the most votes has the quota or more, it
 *     is elected and its surplus (votes − quota) goes on: every ballot
 *     it holds moves to its next continuing option at weight × surplus
 *     / votes, truncated to a whole millionth (what truncation drops is
 *     lost, as are ballots with no next option: exhausted). The
 *     elected option keeps exactly the quota;
 *   - else the one with the fewest votes is eliminated and its ballots
 *     move to their next continuing option at their weight.
 * The count stops when the seats are filled; with more seats than
 * options, every option is elected. No ballot: no one is elected
 * (undecided).
 *
 * Ties (most votes to elect, fewest to eliminate) look back: the most
 * recent earlier round in which the tied options had different votes
 * decides (of three tied or more, those with the most, or the fewest,
 * votes then stay tied and the look back goes on); equal in every
 * round, the option listed first is favoured: elected first, eliminated
 * last.
 */
#define STV_VOTE 1000000LL

enum { STV_CONTINUING, STV_ELECTED, STV_ELIMINATED };

typedef struct {
	long long weight; /* millionths of a vote */
	int holder;       /* the option it counts for, -1 once exhausted */
} stv_paper;

typedef struct {
	const mutu_ballot *ballots;
	size_t n, k;
	stv_paper *papers;
	unsigned char *state;  /* per option */
	long long *votes;      /* per option, now */
	int *tied;             /* the tie rule's scratch */
	size_t continuing;
} stv_count;

/* floor(a × b / c) for 0 <= a and 0 <= b <= c, c > 0, without overflow:
 * by long multiplication over a's bits beyond the easy case. */
static long long mul_div(long long a, long long b, long long c)
{
	unsigned long long q = 0, rem = 0, uc = (unsigned long long)c;
	int bit;

	if (b == 0 || a <= LLONG_MAX / b)
		return a * b / c;
	/* a × (bits so far) × b = q × c + rem, rem < c */
	for (bit = 62; bit >= 0; bit--) {
		q <<= 1;
		rem <<= 1;
		if (rem >= uc)
			q++, rem -= uc;
		if ((unsigned long long)a >> bit & 1) {
			rem += (unsigned long long)b;
			if (rem >= uc)
				q++, rem -= uc;
		}
	}
	return (long long)q;
}

/* The continuing option a ballot ranks best after rank `after`, or -1. */
static int stv_next(const stv_count *c, const int *marks, int after)
{
	int best = -1;
	size_t i;

	for (i = 0; marks && i < c->k; i++)
		if (c->state[i] == STV_CONTINUING && marks[i] > after && (size_t)marks[i] <= c->k &&
		    (best < 0 || marks[i] < marks[best]))
			best = (int)i;
	return best;
}

/* Keep the tied options with the most (or fewest) votes in one round. */
static size_t stv_narrow(int *tied, size_t ntied, const long long *votes, int most)
{
	long long best = votes[tied[0]];
	size_t i, kept = 0;

	for (i = 1; i < ntied; i++)
		if (most ? votes[tied[i]] > best : votes[tied[i]] < best)
			best = votes[tied[i]];
	for (i = 0; i < ntied; i++)
		if (votes[tied[i]] == best)
			tied[kept++] = tied[i];
	return kept;
}

/* The continuing option with the most (or fewest) votes, by the tie rule. */
static int stv_pick(stv_count *c, const mutu_tally_result *r, int most)
{
	size_t i, ntied = 0, round;
	long long best = 0;

	for (i = 0; i < c->k; i++) {
		if (c->state[i] != STV_CONTINUING)
			continue;
		if (!ntied || (most ? c->votes[i] > best : c->votes[i] < best))
			ntied = 0, best = c->votes[i];
		else if (c->votes[i] != best)
			continue;
		c->tied[ntied++] = (int)i;
	}
	/* r->rounds[r->nrounds], the round being decided, holds these votes */
	for (round = r->nrounds; ntied > 1 && round-- > 0;)
		ntied = stv_narrow(c->tied, ntied, r->rounds[round].votes, most);
	return most ? c->tied[0] : c->tied[ntied - 1];
}

/* Move every ballot `from` holds to its next continuing option, at its
 * weight × surplus / total; total 0: at its weight. */
static void stv_transfer(stv_count *c, int from, long long surplus, long long total)
{
	const int *marks;
	stv_paper *pp;
	size_t b;
	int to;

	for (b = 0; b < c->n; b++) {
		pp = &c->papers[b];
		if (pp->holder != from)
			continue;
		marks = c->ballots[b].marks;
		if (total)
			pp->weight = mul_div(pp->weight, surplus, total);
		to = stv_next(c, marks, marks[from]);
		pp->holder = to;
		if (to >= 0)
			c->votes[to] += pp->weight;
	}
}

static int stv_run(mutu_tally_result *r, const mutu_tally_params *p, stv_count *c)
{
	size_t k = c->k;
	long long *block;
	mutu_stv_round *round;
	int o;

	r->rounds = calloc(k, sizeof(*r->rounds));
	if (!r->rounds)
		return mutu_error_nomem();
	/* every round's votes in one block, owned through rounds[0] */
	if (!(block = malloc(k * k * sizeof(*block))))
		return mutu_error_nomem();
	r->rounds[0].votes = block;
	/* each round takes one option out: at most k rounds */
	while (r->nwinners < p->seats && c->continuing > 0) {
		round = &r->rounds[r->nrounds];
		round->votes = block + r->nrounds * k;
		memcpy(round->votes, c->votes, k * sizeof(*c->votes));
		round->elected = round->eliminated = -1;
		o = stv_pick(c, r, 1);
		if (c->continuing <= p->seats - r->nwinners) {
			/* a seat for every option left: nothing to transfer */
			c->state[o] = STV_ELECTED;
		} else if (c->votes[o] >= r->quota) {
			c->state[o] = STV_ELECTED;
			if (c->votes[o] > r->quota)
				stv_transfer(c, o, c->votes[o] - r->quota, c->votes[o]);
			c->votes[o] = r->quota;
		} else {
			o = stv_pick(c, r, 0);
			c->state[o] = STV_ELIMINATED;
			stv_transfer(c, o, 0, 0);
			c->votes[o] = 0;
		}
		if (c->state[o] == STV_ELECTED) {
			round->elected = o;
			r->winners[r->nwinners++] = (size_t)o;
		} else {
			round->eliminated = o;
		}
		c->continuing--;
		r->nrounds++;
	}
	return 0;
}

static int tally_stv(mutu_tally_result *r, const mutu_tally_params *p, const mutu_ballot *ballots,
		     size_t n)
{
	size_t k = p->noptions, valid = 0, b;
	stv_count c = { ballots, n, k, NULL, NULL, NULL, NULL, k };
	int rc = 0;

	r->winners = malloc(k * sizeof(*r->winners));
	r->ranking = malloc(k * sizeof(*r->ranking));
	c.papers = malloc((n ? n : 1) * sizeof(*c.papers));
	c.state = calloc(k, sizeof(*c.state));
	c.votes = calloc(k, sizeof(*c.votes));
	c.tied = malloc(k * sizeof(*c.tied));
	if (!r->winners || !r->ranking || !c.papers || !c.state || !c.votes || !c.tied) {
		rc = mutu_error_nomem();
		goto out;
	}
	for (b = 0; b < n; b++) {
		c.papers[b].weight = STV_VOTE;
		c.papers[b].holder = stv_next(&c, ballots[b].marks, 0);
		if (c.papers[b].holder >= 0) {
			c.votes[c.papers[b].holder] += STV_VOTE;
			valid++;
		}
	}
	/* seats + 1 would wrap at SIZE_MAX; seats >= valid gives 0 anyway */
	r->quota = (long long)((p->seats < valid ? valid / (p->seats + 1) : 0) + 1) * STV_VOTE;
	if (valid && (rc = stv_run(r, p, &c)) < 0)
		goto out;
	memcpy(r->ranking, r->winners, r->nwinners * sizeof(*r->winners));
	r->nranking = r->nwinners;
	r->outcome = r->nwinners ? MUTU_OUTCOME_ACCEPTED : MUTU_OUTCOME_UNDECIDED;
out:
	free(c.papers);
	free(c.state);
	free(c.votes);
	free(c.tied);
	return rc;
}

int mutu_tally(mutu_tally_result *out, const mutu_tally_params *params,
	       const mutu_ballot *ballots, size_t n)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->winner = -1;
	if ((rc = check_params(params)) < 0)
		return rc;
	out->ballots = n;
	out->quorum_met = quorum_met(n, params->quorum, params->eligible);
	switch (params->method) {
	case MUTU_METHOD_YES_NO:
		count_choices(out, ballots, n);
		tally_yes_no(out, params);
		break;
	case MUTU_METHOD_CONSENT:
		count_choices(out, ballots, n);
		tally_consent(out);
		break;
	case MUTU_METHOD_APPROVAL:
		rc = tally_approval(out, params, ballots, n);
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		rc = tally_majority_judgment(out, params, ballots, n);
		break;
	case MUTU_METHOD_SCHULZE:
		rc = tally_schulze(out, params, ballots, n);
		break;
	case MUTU_METHOD_STV:
		rc = tally_stv(out, params, ballots, n);
		break;
	}
	if (rc < 0) {
		mutu_tally_result_free(out);
		return rc;
	}
	if (!out->quorum_met)
		out->outcome = MUTU_OUTCOME_NO_QUORUM;
	return 0;
}

void mutu_tally_result_free(mutu_tally_result *r)
{
	if (!r)
		return;
	free(r->ranking);
	free(r->winners);
	free(r->approvals);
	free(r->median);
	free(r->grades);
	free(r->d);
	free(r->p);
	if (r->rounds)
		free(r->rounds[0].votes); /* the block of every round's votes */
	free(r->rounds);
	memset(r, 0, sizeof(*r));
	r->winner = -1;
}

/* An stv count in votes, with its six decimals ("3.000000"). */
static const char *fmt_votes(char buf[32], long long v)
{
	snprintf(buf, 32, "%lld.%06lld", v / STV_VOTE, v % STV_VOTE);
	return buf;
}

static void json_option(mutu_buf *b, const mutu_tally_params *p, long long i)
{
	if (i < 0 || (size_t)i >= p->noptions)
		mutu_buf_puts(b, "null");
	else
		mutu_output_json_string(b, p->options[i] ? p->options[i] : "");
}

static void json_options(mutu_buf *b, const mutu_tally_params *p, const size_t *list, size_t n)
{
	size_t i;

	mutu_buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			mutu_buf_putc(b, ',');
		json_option(b, p, (long long)list[i]);
	}
	mutu_buf_putc(b, ']');
}

static void json_matrix(mutu_buf *b, const char *name, const size_t *m, size_t k)
{
	size_t i, j;

	mutu_buf_printf(b, ",\"%s\":[", name);
	for (i = 0; i < k; i++) {
		mutu_buf_puts(b, i ? ",[" : "[");
		for (j = 0; j < k; j++)
			mutu_buf_printf(b, j ? ",%zu" : "%zu", m[i * k + j]);
		mutu_buf_putc(b, ']');
	}
	mutu_buf_putc(b, ']');
}

static void json_details(mutu_buf *b, const mutu_tally_params *p, const mutu_tally_result *r)
{
	size_t k = p->noptions, i, g, t;
	char v[32];

	switch (p->method) {
	case MUTU_METHOD_YES_NO:
	case MUTU_METHOD_CONSENT:
		mutu_buf_printf(b, ",\"yes\":%zu,\"no\":%zu,\"abstain\":%zu", r->yes, r->no,
				r->abstain);
		if (p->method == MUTU_METHOD_CONSENT)
			mutu_buf_printf(b, ",\"block\":%zu", r->block);
		mutu_buf_printf(b, ",\"quorum\":%u,\"threshold\":%u", p->quorum, p->threshold);
		break;
	case MUTU_METHOD_APPROVAL:
		mutu_buf_puts(b, ",\"approvals\":{");
		for (i = 0; i < k; i++) {
			mutu_buf_puts(b, i ? "," : "");
			json_option(b, p, (long long)i);
			mutu_buf_printf(b, ":%zu", r->approvals[i]);
		}
		mutu_buf_putc(b, '}');
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		mutu_buf_puts(b, ",\"median\":{");
		for (i = 0; i < k; i++) {
			mutu_buf_puts(b, i ? "," : "");
			json_option(b, p, (long long)i);
			mutu_buf_putc(b, ':');
			if (r->median[i] < 0)
				mutu_buf_puts(b, "null");
			else
				mutu_output_json_string(b, p->scale[r->median[i]]);
		}
		mutu_buf_puts(b, "},\"grades\":{");
		for (i = 0; i < k; i++) {
			mutu_buf_puts(b, i ? "," : "");
			json_option(b, p, (long long)i);
			mutu_buf_putc(b, ':');
			for (g = 0; g < p->nscale; g++) {
				mutu_buf_putc(b, g ? ',' : '{');
				mutu_output_json_string(b, p->scale[g]);
				mutu_buf_printf(b, ":%zu", r->grades[i * p->nscale + g]);
			}
			mutu_buf_putc(b, '}');
		}
		mutu_buf_putc(b, '}');
		break;
	case MUTU_METHOD_SCHULZE:
		json_matrix(b, "d", r->d, k);
		json_matrix(b, "p", r->p, k);
		break;
	case MUTU_METHOD_STV:
		mutu_buf_printf(b, ",\"seats\":%zu,\"quota\":%s,\"winners\":", p->seats,
				fmt_votes(v, r->quota));
		json_options(b, p, r->winners, r->nwinners);
		mutu_buf_puts(b, ",\"rounds\":[");
		for (t = 0; t < r->nrounds; t++) {
			mutu_buf_puts(b, t ? ",{\"votes\":{" : "{\"votes\":{");
			for (i = 0; i < k; i++) {
				mutu_buf_puts(b, i ? "," : "");
				json_option(b, p, (long long)i);
				mutu_buf_printf(b, ":%s", fmt_votes(v, r->rounds[t].votes[i]));
			}
			mutu_buf_puts(b, "},\"elected\":");
			json_option(b, p, r->rounds[t].elected);
			mutu_buf_puts(b, ",\"eliminated\":");
			json_option(b, p, r->rounds[t].eliminated);
			mutu_buf_putc(b, '}');
		}
		mutu_buf_putc(b, ']');
		break;
	}
}

int mutu_tally_json(mutu_buf *out, const char *proposal, int final,
		    const mutu_tally_params *params, const mutu_tally_result *r)
{
	mutu_buf_puts(out, "{\"proposal\":");
	if (proposal)
		mutu_output_json_string(out, proposal);
	else
		mutu_buf_puts(out, "null");
	mutu_buf_puts(out, ",\"method\":");
	mutu_output_json_string(out, mutu_method_name(params->method));
	mutu_buf_printf(out, ",\"final\":%s,\"eligible\":%zu,\"ballots\":%zu,\"quorum_met\":%s",
			final ? "true" : "false", params->eligible, r->ballots,
			r->quorum_met ? "true" : "false");
	mutu_buf_puts(out, ",\"outcome\":");
	mutu_output_json_string(out, mutu_outcome_name(r->outcome));
	mutu_buf_puts(out, ",\"winner\":");
	json_option(out, params, r->winner);
	mutu_buf_puts(out, ",\"ranking\":");
	json_options(out, params, r->ranking, r->nranking);
	json_details(out, params, r);
	mutu_buf_putc(out, '}');
	return mutu_buf_check(out);
}

/* s escaped for a terminal, in scratch (valid until scratch changes). */
static const char *esc(mutu_buf *scratch, const char *s)
{
	mutu_buf_clear(scratch);
	mutu_utf8_escape(scratch, s ? s : "", 0);
	return mutu_buf_cstr(scratch);
}

/* Option texts, escaped, joined by ", ", in scratch. */
static const char *esc_list(mutu_buf *scratch, const mutu_tally_params *p, const size_t *list,
			    size_t n)
{
	size_t i;

	mutu_buf_clear(scratch);
	for (i = 0; i < n; i++) {
		if (i)
			mutu_buf_puts(scratch, ", ");
		mutu_utf8_escape(scratch, p->options[list[i]] ? p->options[list[i]] : "", 0);
	}
	return mutu_buf_cstr(scratch);
}

static void line(mutu_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(mutu_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mutu_buf_vprintf(b, fmt, ap);
	va_end(ap);
	mutu_buf_putc(b, '\n');
}

const char *mutu_outcome_sentence(mutu_outcome o)
{
	switch (o) {
	case MUTU_OUTCOME_ACCEPTED: return _("Outcome: accepted");
	case MUTU_OUTCOME_REJECTED: return _("Outcome: rejected");
	case MUTU_OUTCOME_NO_QUORUM: return _("Outcome: no quorum");
	case MUTU_OUTCOME_UNDECIDED: return _("Outcome: undecided (a tie)");
	}
	return "?";
}

int mutu_outcome_parse(const char *name)
{
	int o;

	for (o = MUTU_OUTCOME_ACCEPTED; name && o <= MUTU_OUTCOME_UNDECIDED; o++)
		if (!strcmp(name, mutu_outcome_name((mutu_outcome)o)))
			return o;
	return -1;
}

static void text_outcome(mutu_buf *b, mutu_outcome o)
{
	line(b, "%s", mutu_outcome_sentence(o));
}

static void text_details(mutu_buf *b, mutu_buf scratch[2], const mutu_tally_params *p,
			 const mutu_tally_result *r)
{
	const mutu_stv_round *round;
	char v[32];
	size_t i, o, t;

	switch (p->method) {
	case MUTU_METHOD_YES_NO:
		line(b, _("Yes: %zu, no: %zu, abstain: %zu"), r->yes, r->no, r->abstain);
		if (p->threshold >= 100)
			line(b, "%s", _("Threshold: unanimity (at least one yes and no no)"));
		else
			line(b, _("Threshold: more than %u%% yes among yes and no"), p->threshold);
		break;
	case MUTU_METHOD_CONSENT:
		line(b, _("Yes: %zu, no: %zu, abstain: %zu, block: %zu"), r->yes, r->no, r->abstain,
		     r->block);
		break;
	case MUTU_METHOD_APPROVAL:
		for (i = 0; i < r->nranking; i++) {
			o = r->ranking[i];
			line(b, P_("%s: %zu approval", "%s: %zu approvals", r->approvals[o]),
			     esc(&scratch[0], p->options[o]), r->approvals[o]);
		}
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		for (i = 0; i < r->nranking; i++) {
			o = r->ranking[i];
			if (r->median[o] < 0)
				line(b, _("%s: no grade"), esc(&scratch[0], p->options[o]));
			else
				line(b, _("%s: median grade %s"), esc(&scratch[0], p->options[o]),
				     esc(&scratch[1], p->scale[r->median[o]]));
		}
		break;
	case MUTU_METHOD_SCHULZE:
		break;
	case MUTU_METHOD_STV:
		line(b, _("Seats: %zu, quota: %s votes"), p->seats, fmt_votes(v, r->quota));
		for (t = 0; t < r->nrounds; t++) {
			round = &r->rounds[t];
			if (round->elected >= 0)
				line(b, _("Round %zu: %s elected with %s votes"), t + 1,
				     esc(&scratch[0], p->options[round->elected]),
				     fmt_votes(v, round->votes[round->elected]));
			else if (round->eliminated >= 0)
				line(b, _("Round %zu: %s eliminated with %s votes"), t + 1,
				     esc(&scratch[0], p->options[round->eliminated]),
				     fmt_votes(v, round->votes[round->eliminated]));
		}
		break;
	}
}

int mutu_tally_text(mutu_buf *out, const mutu_tally_params *p, const mutu_tally_result *r)
{
	mutu_buf s[2] = { MUTU_BUF_INIT, MUTU_BUF_INIT };
	int rc;

	if (r->quorum_met)
		line(out, P_("Ballots: %zu of %zu eligible member (quorum %u%%: met)",
			     "Ballots: %zu of %zu eligible members (quorum %u%%: met)", p->eligible),
		     r->ballots, p->eligible, p->quorum);
	else
		line(out, P_("Ballots: %zu of %zu eligible member (quorum %u%%: not met)",
			     "Ballots: %zu of %zu eligible members (quorum %u%%: not met)",
			     p->eligible),
		     r->ballots, p->eligible, p->quorum);
	text_outcome(out, r->outcome);
	if (p->method == MUTU_METHOD_STV) {
		if (r->nwinners)
			line(out, _("Elected: %s"), esc_list(&s[0], p, r->winners, r->nwinners));
		else
			line(out, "%s", _("Elected: none"));
	} else if (mutu_method_has_options(p->method)) {
		if (r->winner >= 0 && (size_t)r->winner < p->noptions)
			line(out, _("Winner: %s"), esc(&s[0], p->options[r->winner]));
		else
			line(out, "%s", _("Winner: none"));
		line(out, _("Ranking: %s"), esc_list(&s[0], p, r->ranking, r->nranking));
	}
	text_details(out, s, p, r);
	rc = mutu_buf_check(&s[0]);
	if (!rc)
		rc = mutu_buf_check(&s[1]);
	if (!rc)
		rc = mutu_buf_check(out);
	mutu_buf_free(&s[0]);
	mutu_buf_free(&s[1]);
	return rc;
}
