/* ballot — a member's ballot made from what they typed, and read back
 * from a file for a count: options by text (and by number only when
 * typed), every method's marks, every refusal, and the round trip
 * through YAML. */
#include "unit.h"

#include "lib/ballot.h"
#include "lib/buf.h"
#include "lib/proposal.h"
#include "lib/records.h"
#include "lib/rules.h"
#include "lib/types.h"
#include "lib/yaml.h"

#define PID "7q3k9m2xh4ta"
#define VOTER "bob"
#define STAMP "2026-01-09T04:00:00Z"

/* The calendar of a proposal made at UNIT_NOW under the default rules. */
#define T_START "2026-01-09T03:04:05Z"    /* UNIT_NOW + 7d: the vote may start */
#define T_VOTE STAMP
#define T_CHANGE "2026-01-10T04:00:00Z"
#define T_CLOSES "2026-01-16T03:04:05Z"   /* T_START + 7d */

/* A proposal's terms: the record (setup borrows its strings) and setup. */
struct terms {
	mutu_record *rec;
	mutu_vote_setup s;
};

static mutu_rules default_rules(void)
{
	mutu_record *rec;
	mutu_rules r;

	assert_ok(mutu_rules_default_record(&rec));
	assert_ok(mutu_rules_from_record(&r, rec, "rules.yaml"));
	mutu_value_free(rec);
	return r;
}

/* The terms of a proposal whose voting fields are yaml. */
static void terms_of(struct terms *t, const char *yaml)
{
	mutu_rules rules = default_rules();
	char *text;

	/* a whole proposal: setup believes no terms from a record that fails
	 * its schema */
	assert_true(asprintf(&text, "id: " PID "\ntype: proposal\ntitle: Terms\nkind: general\n"
				    "status: vote\nauthor: alice\ncreated: 2026-01-02T03:04:05Z\n"
				    "updated: 2026-01-02T03:04:05Z\n%s", yaml) > 0);
	if (mutu_yaml_parse(&t->rec, text, strlen(text), "proposal.yaml") != 0)
		fail_msg("proposal: %s", mutu_error_last());
	free(text);
	if (mutu_proposal_setup(&t->s, t->rec, &rules) != 0)
		fail_msg("mutu_proposal_setup: %s", mutu_error_last());
}

static void terms_free(struct terms *t)
{
	mutu_value_free(t->rec);
	t->rec = NULL;
}

static mutu_ballot_input choice(const char *c)
{
	return (mutu_ballot_input){ c, NULL, NULL, NULL };
}

static mutu_ballot_input approve(const char *a)
{
	return (mutu_ballot_input){ NULL, a, NULL, NULL };
}

static mutu_ballot_input rank(const char *r)
{
	return (mutu_ballot_input){ NULL, NULL, r, NULL };
}

static mutu_ballot_input grade(const char *g)
{
	return (mutu_ballot_input){ NULL, NULL, NULL, g };
}

/* The marks as text ("1,0,1"), into a static buffer. */
static const char *marks_text(const int *marks, size_t n)
{
	static char out[1024];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%d", i ? "," : "", marks[i]);
	return out;
}

/* What decoding rec says, as text: "choice=yes" or the marks. */
static const char *decoded(const mutu_record *rec, const struct terms *t)
{
	static char out[1100];
	int marks[MUTU_MAX_OPTIONS + 1];
	mutu_ballot b;

	memset(marks, 0x55, sizeof(marks));
	if (mutu_ballot_decode(&b, marks, rec, &t->s) != 0)
		fail_msg("mutu_ballot_decode: %s", mutu_error_last());
	if (!mutu_method_has_options(t->s.params.method)) {
		snprintf(out, sizeof(out), "choice=%s", mutu_choice_name(b.choice));
		return out;
	}
	assert_ptr_equal(b.marks, marks);
	snprintf(out, sizeof(out), "%s", marks_text(marks, t->s.params.noptions));
	return out;
}

/* The ballot bob makes of in, which must be accepted. */
static mutu_record *made(const struct terms *t, mutu_ballot_input in)
{
	mutu_record *rec = (mutu_record *)0x1;

	if (mutu_ballot_make(&rec, &t->s, PID, VOTER, &in) != 0)
		fail_msg("mutu_ballot_make: %s", mutu_error_last());
	assert_non_null(rec);
	assert_string_equal(mutu_map_str(rec, "proposal"), PID);
	assert_string_equal(mutu_map_str(rec, "voter"), VOTER);
	return rec;
}

/* The text a ballot made of in writes in field, and what it decodes to. */
static void assert_made(const struct terms *t, mutu_ballot_input in, const char *field,
			const char *text, const char *marks)
{
	mutu_record *rec = made(t, in);
	static const char *const every[] = { "choice", "approve", "rank", "grade", NULL };
	size_t i;

	if (!mutu_map_str(rec, field) || strcmp(mutu_map_str(rec, field), text) != 0)
		fail_msg("%s: wrote '%s', expected '%s'", field,
			 mutu_map_str(rec, field) ? mutu_map_str(rec, field) : "(none)", text);
	for (i = 0; every[i]; i++)   /* one kind of marks, no other */
		if (strcmp(every[i], field) != 0 && mutu_map_get(rec, every[i]))
			fail_msg("the ballot holds '%s' besides '%s'", every[i], field);
	if (strcmp(decoded(rec, t), marks) != 0)
		fail_msg("'%s' decodes to %s, expected %s", text, decoded(rec, t), marks);
	mutu_value_free(rec);
}

/* mutu_ballot_make must refuse in with code, its message holding each
 * needle (a NULL-terminated list). */
static void assert_refused(const struct terms *t, mutu_ballot_input in, int code, ...)
{
	mutu_record *rec = (mutu_record *)0x1;
	const char *needle;
	va_list ap;
	int rc;

	mutu_error_clear();
	rc = mutu_ballot_make(&rec, &t->s, PID, VOTER, &in);
	if (rc != code) {
		if (rc == 0 && rec != (mutu_record *)0x1)
			mutu_value_free(rec);
		fail_msg("make (choice %s, approve %s, rank %s, grade %s) returned %d, expected %d (%s)",
			 in.choice ? in.choice : "-", in.approve ? in.approve : "-",
			 in.rank ? in.rank : "-", in.grade ? in.grade : "-", rc, code,
			 mutu_error_last());
	}
	assert_null(rec);
	assert_int_equal(mutu_error_last_code(), code);
	va_start(ap, code);
	while ((needle = va_arg(ap, const char *)))
		assert_contains(mutu_error_last(), needle);
	va_end(ap);
}

/* A ballot file as someone may have written it (checked against the
 * ballot schema: it is one a count reads). */
static mutu_record *ballot_file(const char *marks_yaml)
{
	mutu_record *rec;
	char *text;

	assert_true(asprintf(&text, "proposal: " PID "\nvoter: " VOTER "\ncast: '" STAMP
				    "'\nupdated: '" STAMP "'\n%s\n", marks_yaml) > 0);
	if (mutu_records_parse(&rec, "ballot", text, strlen(text), "votes/" PID "/bob.yaml", 1) != 0)
		fail_msg("ballot file: %s\n%s", mutu_error_last(), text);
	free(text);
	return rec;
}

static void assert_file_decodes(const struct terms *t, const char *marks_yaml, const char *want)
{
	mutu_record *rec = ballot_file(marks_yaml);

	if (strcmp(decoded(rec, t), want) != 0)
		fail_msg("'%s' decodes to %s, expected %s", marks_yaml, decoded(rec, t), want);
	mutu_value_free(rec);
}

/* mutu_ballot_decode must refuse the file with MUTU_EDATA, naming each needle. */
static void assert_file_refused(const struct terms *t, const char *marks_yaml, ...)
{
	mutu_record *rec = ballot_file(marks_yaml);
	int marks[MUTU_MAX_OPTIONS + 1];
	const char *needle;
	mutu_ballot b;
	va_list ap;
	int rc;

	mutu_error_clear();
	rc = mutu_ballot_decode(&b, marks, rec, &t->s);
	mutu_value_free(rec);
	if (rc != MUTU_EDATA)
		fail_msg("decoding '%s' returned %d, expected MUTU_EDATA", marks_yaml, rc);
	va_start(ap, marks_yaml);
	while ((needle = va_arg(ap, const char *)))
		assert_contains(mutu_error_last(), needle);
	va_end(ap);
}

/* --- yes-no and consent --- */

static void a_yes_no_ballot_is_a_choice(void **state)
{
	static const char *const choices[] = { "yes", "no", "abstain" };
	struct terms t;
	char want[32];
	size_t i;

	(void)state;
	terms_of(&t, "method: yes-no\n");
	assert_int_equal(t.s.params.method, MUTU_METHOD_YES_NO);
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "choice=%s", choices[i]);
		assert_made(&t, choice(choices[i]), "choice", choices[i], want);
	}
	/* the times are the caller's to stamp */
	{
		mutu_record *rec = made(&t, choice("yes"));

		assert_null(mutu_map_get(rec, "cast"));
		assert_null(mutu_map_get(rec, "updated"));
		mutu_value_free(rec);
	}
	/* block is consent's */
	assert_refused(&t, choice("block"), MUTU_EDATA, "block", NULL);
	assert_refused(&t, choice("maybe"), MUTU_EDATA, "maybe", NULL);
	assert_refused(&t, choice("Yes"), MUTU_EDATA, "Yes", NULL);
	assert_refused(&t, choice(""), MUTU_EDATA, NULL);
	terms_free(&t);

	/* a proposal that names no method is voted on by the rules' default: yes-no */
	terms_of(&t, "");
	assert_int_equal(t.s.params.method, MUTU_METHOD_YES_NO);
	assert_int_equal(t.s.params.noptions, 0);
	assert_made(&t, choice("no"), "choice", "no", "choice=no");
	terms_free(&t);
}

static void a_consent_ballot_may_block(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: consent\n");
	assert_made(&t, choice("block"), "choice", "block", "choice=block");
	assert_made(&t, choice("yes"), "choice", "yes", "choice=yes");
	assert_made(&t, choice("abstain"), "choice", "abstain", "choice=abstain");
	assert_refused(&t, choice("veto"), MUTU_EDATA, "veto", NULL);
	terms_free(&t);
}

static void a_choice_method_takes_no_options_and_an_options_method_no_choice(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: yes-no\n");
	assert_refused(&t, approve("yes"), MUTU_EUSAGE, "yes", NULL);
	assert_refused(&t, rank("yes"), MUTU_EUSAGE, NULL);
	assert_refused(&t, grade("yes=good"), MUTU_EUSAGE, NULL);
	assert_refused(&t, (mutu_ballot_input){ NULL, NULL, NULL, NULL }, MUTU_EUSAGE, NULL);
	terms_free(&t);

	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, choice("yes"), MUTU_EUSAGE, "--approve", NULL);
	assert_refused(&t, rank("Bike"), MUTU_EUSAGE, "--approve", NULL);
	assert_refused(&t, grade("Bike=good"), MUTU_EUSAGE, "--approve", NULL);
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, choice("yes"), MUTU_EUSAGE, "--rank", NULL);
	assert_refused(&t, approve("Bike"), MUTU_EUSAGE, "--rank", NULL);
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, choice("abstain"), MUTU_EUSAGE, "--grade", NULL);
	assert_refused(&t, rank("Bike"), MUTU_EUSAGE, "--grade", NULL);
	terms_free(&t);
}

static void two_kinds_of_ballot_at_once_are_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, (mutu_ballot_input){ NULL, "Bike", "Car", NULL }, MUTU_EUSAGE, NULL);
	assert_refused(&t, (mutu_ballot_input){ "yes", "Bike", NULL, NULL }, MUTU_EUSAGE, NULL);
	assert_refused(&t, (mutu_ballot_input){ NULL, "Bike", NULL, "Car=good" }, MUTU_EUSAGE, NULL);
	terms_free(&t);
	terms_of(&t, "method: yes-no\n");
	assert_refused(&t, (mutu_ballot_input){ "yes", "Bike", NULL, NULL }, MUTU_EUSAGE, NULL);
	terms_free(&t);
}

/* --- approval --- */

static void an_approval_names_options_by_text_or_typed_number(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_made(&t, approve("Bike"), "approve", "Bike", "1,0,0");
	assert_made(&t, approve("Bus,Bike"), "approve", "Bus,Bike", "1,0,1");
	/* a typed number is the option's place, 1 the first; the file says its text */
	assert_made(&t, approve("3"), "approve", "Bus", "0,0,1");
	assert_made(&t, approve("2,Bus"), "approve", "Car,Bus", "0,1,1");
	assert_made(&t, approve("1,2,3"), "approve", "Bike,Car,Bus", "1,1,1");
	/* text is exact */
	assert_refused(&t, approve("bike"), MUTU_EDATA, "'bike'", NULL);
	assert_refused(&t, approve("Bike "), MUTU_EDATA, "Bike ", NULL);
	terms_free(&t);
}

static void an_unknown_option_is_refused_naming_it_and_the_options(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, approve("Plane"), MUTU_EDATA, "'Plane'", "Bike", "Car", "Bus", NULL);
	assert_refused(&t, approve("Bike,Plane"), MUTU_EDATA, "'Plane'", NULL);
	/* numbers outside 1..n are no option */
	assert_refused(&t, approve("4"), MUTU_EDATA, "'4'", NULL);
	assert_refused(&t, approve("0"), MUTU_EDATA, "'0'", NULL);
	assert_refused(&t, approve("-1"), MUTU_EDATA, "'-1'", NULL);
	assert_refused(&t, approve("99999999999999999999"), MUTU_EDATA, "99999", NULL);
	terms_free(&t);
}

static void an_option_approved_twice_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, approve("Bike,Bike"), MUTU_EDATA, "'Bike'", "twice", NULL);
	/* by its text and by its number, it is still the same option */
	assert_refused(&t, approve("Car,2"), MUTU_EDATA, "'Car'", "twice", NULL);
	assert_file_refused(&t, "approve: Bus,Car,Bus", "'Bus'", "twice", NULL);
	terms_free(&t);
}

static void an_empty_item_is_refused(void **state)
{
	static const char *const empty[] = { "Bike,,Bus", ",Bike", "Bike,", ",", ",," };
	struct terms t;
	size_t i;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, approve(""), MUTU_EDATA, "option", NULL);
	for (i = 0; i < sizeof(empty) / sizeof(empty[0]); i++)
		assert_refused(&t, approve(empty[i]), MUTU_EDATA, "empty", NULL);
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, rank(""), MUTU_EDATA, NULL);
	assert_refused(&t, rank("Bike,,Car"), MUTU_EDATA, "empty", NULL);
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [Bike, Car, Bus]\n");
	assert_refused(&t, grade(""), MUTU_EDATA, NULL);
	assert_refused(&t, grade("Bike=good,,Car=poor"), MUTU_EDATA, "empty", NULL);
	terms_free(&t);
}

/* --- options whose text is a number --- */

static void an_option_whose_text_is_digits_is_named_by_that_text(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: ['10', '2', '30']\n");
	assert_int_equal(t.s.params.noptions, 3);
	/* "2" is the option whose text is 2, not the second option */
	assert_made(&t, approve("2"), "approve", "2", "0,1,0");
	/* a number that is no option's text is still a place */
	assert_made(&t, approve("1"), "approve", "10", "1,0,0");
	assert_made(&t, approve("3"), "approve", "30", "0,0,1");
	assert_made(&t, approve("10,30"), "approve", "10,30", "1,0,1");
	assert_refused(&t, approve("4"), MUTU_EDATA, "'4'", NULL);
	/* "10" by its text, then by its place: the same option twice */
	assert_refused(&t, approve("10,1"), MUTU_EDATA, "'10'", "twice", NULL);
	terms_free(&t);
}

static void a_file_names_options_by_text_never_by_number(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_file_decodes(&t, "approve: Car", "0,1,0");
	/* a file naming "2" means an option whose text is 2: there is none */
	assert_file_refused(&t, "approve: '2'", "'2'", NULL);
	assert_file_refused(&t, "approve: Bike,3", "'3'", NULL);
	terms_free(&t);

	terms_of(&t, "method: approval\noptions: ['10', '2', '30']\n");
	assert_file_decodes(&t, "approve: '2'", "0,1,0");
	assert_file_decodes(&t, "approve: '10,30'", "1,0,1");
	assert_file_refused(&t, "approve: '1'", "'1'", NULL);
	assert_file_refused(&t, "approve: '3'", "'3'", NULL);
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: [A, B, C]\n");
	assert_file_decodes(&t, "rank: B,A", "2,1,0");
	assert_file_refused(&t, "rank: '2,1'", "'2'", NULL);
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [A, B]\n");
	assert_file_decodes(&t, "grade: A=good,B=reject", "3,0");
	/* a grade by number is typed only, too */
	assert_file_refused(&t, "grade: A=4", "'4'", NULL);
	assert_file_refused(&t, "grade: 1=good", "'1'", NULL);
	terms_free(&t);
}

/* --- rankings --- */

static void a_ranking_is_written_as_option_texts_best_first(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: schulze\noptions: [A, B, C]\n");
	assert_made(&t, rank("2,1"), "rank", "B,A", "2,1,0");
	assert_made(&t, rank("C,A,B"), "rank", "C,A,B", "2,3,1");
	assert_made(&t, rank("3,B"), "rank", "C,B", "0,2,1");
	assert_made(&t, rank("A"), "rank", "A", "1,0,0");
	terms_free(&t);

	terms_of(&t, "method: stv\noptions: [A, B, C]\nseats: 2\n");
	assert_made(&t, rank("2,1"), "rank", "B,A", "2,1,0");
	assert_made(&t, rank("C,B,A"), "rank", "C,B,A", "3,2,1");
	terms_free(&t);
}

static void a_schulze_ranking_ties_options_with_dense_ranks(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: schulze\noptions: [A, B, C, D]\n");
	assert_made(&t, rank("A=B,C"), "rank", "A=B,C", "1,1,2,0");
	assert_made(&t, rank("C,A=B"), "rank", "C,A=B", "2,2,1,0");
	assert_made(&t, rank("A=B=C=D"), "rank", "A=B=C=D", "1,1,1,1");
	assert_made(&t, rank("D,A=C,B"), "rank", "D,A=C,B", "2,3,2,1");
	/* numbers tie as well, and are written as texts */
	assert_made(&t, rank("1=3,2"), "rank", "A=C,B", "1,2,1,0");
	assert_file_decodes(&t, "rank: B=D,A", "2,1,0,1");
	assert_refused(&t, rank("A=E"), MUTU_EDATA, "'E'", NULL);
	terms_free(&t);
}

/*
 * A tie group with an empty member ("A=,B", "A=", "=A", "A==B") is an
 * empty item like "A,,B": refused, never read as if the '=' were not
 * there.
 */
static struct terms tie;   /* freed by its teardown, should the test fail */

static int tie_free(void **state)
{
	(void)state;
	terms_free(&tie);
	return 0;
}

static void an_empty_option_in_a_tie_is_refused(void **state)
{
	(void)state;
	terms_of(&tie, "method: schulze\noptions: [A, B, C]\n");
	assert_refused(&tie, rank("=A"), MUTU_EDATA, NULL);
	assert_refused(&tie, rank("A==B"), MUTU_EDATA, NULL);
	assert_refused(&tie, rank("A=,B"), MUTU_EDATA, NULL);
	assert_refused(&tie, rank("A="), MUTU_EDATA, NULL);
	assert_refused(&tie, rank("C,B="), MUTU_EDATA, NULL);
	assert_file_refused(&tie, "rank: A=,B", NULL);
}

static void stv_refuses_ties(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: stv\noptions: [A, B, C]\nseats: 1\n");
	assert_refused(&t, rank("A=B"), MUTU_EDATA, "'A'", "'B'", "tie", NULL);
	assert_refused(&t, rank("C,1=2"), MUTU_EDATA, "'A'", "'B'", "tie", NULL);
	assert_file_refused(&t, "rank: B,A=C", "'A'", "'C'", "tie", NULL);
	terms_free(&t);
}

static void an_option_ranked_twice_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: schulze\noptions: [A, B, C]\n");
	assert_refused(&t, rank("A,B,A"), MUTU_EDATA, "'A'", "ranked twice", NULL);
	assert_refused(&t, rank("A=A"), MUTU_EDATA, "'A'", "ranked twice", NULL);
	assert_refused(&t, rank("B,2"), MUTU_EDATA, "'B'", "ranked twice", NULL);
	assert_file_refused(&t, "rank: C,B=C", "'C'", "ranked twice", NULL);
	terms_free(&t);
	terms_of(&t, "method: stv\noptions: [A, B, C]\n");
	assert_refused(&t, rank("C,B,C"), MUTU_EDATA, "'C'", "ranked twice", NULL);
	terms_free(&t);
}

/* --- the status quo --- */

static void the_status_quo_is_an_option_like_any_other(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: schulze\noptions: [A, B]\nstatus_quo: true\n");
	assert_int_equal(t.s.params.noptions, 3);
	assert_true(t.s.params.status_quo);
	assert_string_equal(t.s.options[2], MUTU_STATUS_QUO);
	assert_made(&t, rank("status quo,A"), "rank", "status quo,A", "2,0,1");
	assert_made(&t, rank("3,1=2"), "rank", "status quo,A=B", "2,2,1");
	assert_made(&t, rank("B,status quo"), "rank", "B,status quo", "0,1,2");
	assert_file_decodes(&t, "rank: status quo=A,B", "1,2,1");
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [A, B]\nstatus_quo: true\n");
	assert_made(&t, grade("status quo=good,A=poor"), "grade", "status quo=good,A=poor",
		    "1,-1,3");
	assert_made(&t, grade("3=1"), "grade", "status quo=reject", "-1,-1,0");
	terms_free(&t);

	/* without it, "status quo" is no option */
	terms_of(&t, "method: schulze\noptions: [A, B]\n");
	assert_int_equal(t.s.params.noptions, 2);
	assert_refused(&t, rank("status quo,A"), MUTU_EDATA, "'status quo'", NULL);
	terms_free(&t);
}

/* --- majority judgment --- */

static void a_grade_follows_its_option_on_the_proposals_scale(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: majority-judgment\noptions: [A, B, C]\n");
	/* the default scale, worst first */
	assert_int_equal(t.s.params.nscale, 6);
	assert_string_equal(t.s.scale[0], "reject");
	assert_string_equal(t.s.scale[5], "excellent");
	assert_made(&t, grade("A=good"), "grade", "A=good", "3,-1,-1");
	assert_made(&t, grade("C=very good,A=reject"), "grade", "C=very good,A=reject", "0,-1,4");
	/* by number: the option's place, the grade's (1 the worst) */
	assert_made(&t, grade("2=6"), "grade", "B=excellent", "-1,5,-1");
	assert_made(&t, grade("A=1,3=poor"), "grade", "A=reject,C=poor", "0,-1,1");
	assert_file_decodes(&t, "grade: B=fair,C=excellent", "-1,2,5");
	terms_free(&t);

	/* a proposal's own scale */
	terms_of(&t, "method: majority-judgment\noptions: [A, B]\nscale: [bad, ok, great]\n");
	assert_int_equal(t.s.params.nscale, 3);
	assert_made(&t, grade("B=great,A=2"), "grade", "B=great,A=ok", "1,2");
	assert_refused(&t, grade("A=good"), MUTU_EDATA, "'good'", "bad", "great", NULL);
	assert_refused(&t, grade("A=4"), MUTU_EDATA, "'4'", "scale", NULL);
	terms_free(&t);
}

static void a_grade_outside_the_scale_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: majority-judgment\noptions: [A, B]\n");
	assert_refused(&t, grade("A=superb"), MUTU_EDATA, "'superb'", "scale", NULL);
	assert_refused(&t, grade("A=7"), MUTU_EDATA, "'7'", "scale", NULL);
	assert_refused(&t, grade("A=0"), MUTU_EDATA, "'0'", "scale", NULL);
	assert_refused(&t, grade("A=Good"), MUTU_EDATA, "'Good'", NULL);
	assert_refused(&t, grade("A="), MUTU_EDATA, "scale", NULL);
	assert_file_refused(&t, "grade: A=superb", "'superb'", "scale", NULL);
	/* the option must exist too */
	assert_refused(&t, grade("Z=good"), MUTU_EDATA, "'Z'", NULL);
	assert_refused(&t, grade("3=good"), MUTU_EDATA, "'3'", NULL);
	terms_free(&t);
}

static void a_grade_without_its_equals_sign_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: majority-judgment\noptions: [A, B]\n");
	assert_refused(&t, grade("A"), MUTU_EDATA, "OPTION=GRADE", "'A'", NULL);
	assert_refused(&t, grade("A=good,B"), MUTU_EDATA, "OPTION=GRADE", NULL);
	assert_refused(&t, grade("good"), MUTU_EDATA, "OPTION=GRADE", NULL);
	assert_file_refused(&t, "grade: A", "OPTION=GRADE", NULL);
	terms_free(&t);
}

static void an_option_graded_twice_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: majority-judgment\noptions: [A, B]\n");
	assert_refused(&t, grade("A=good,A=poor"), MUTU_EDATA, "'A'", "graded twice", NULL);
	assert_refused(&t, grade("A=good,1=good"), MUTU_EDATA, "'A'", "graded twice", NULL);
	assert_file_refused(&t, "grade: B=poor,B=poor", "'B'", "graded twice", NULL);
	terms_free(&t);
}

/* --- what a file holds --- */

static void a_file_holding_another_methods_field_is_refused(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions: [A, B]\n");
	assert_file_refused(&t, "rank: A", "'rank'", NULL);
	assert_file_refused(&t, "grade: A=good", "'grade'", NULL);
	assert_file_refused(&t, "choice: yes", "'choice'", NULL);
	/* its own field and another: still not a ballot of this method */
	assert_file_refused(&t, "approve: A\nrank: A", "'rank'", NULL);
	/* no marks at all */
	assert_file_refused(&t, "", "'approve'", NULL);
	terms_free(&t);

	terms_of(&t, "method: yes-no\n");
	assert_file_refused(&t, "approve: A", "'approve'", NULL);
	assert_file_refused(&t, "choice: yes\nrank: A", "'rank'", NULL);
	assert_file_refused(&t, "choice: block", "block", NULL);
	assert_file_decodes(&t, "choice: abstain", "choice=abstain");
	terms_free(&t);

	terms_of(&t, "method: consent\n");
	assert_file_decodes(&t, "choice: block", "choice=block");
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: [A, B]\n");
	assert_file_refused(&t, "approve: A", "'approve'", NULL);
	assert_file_refused(&t, "choice: no", "'choice'", NULL);
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [A, B]\n");
	assert_file_refused(&t, "rank: A", "'rank'", NULL);
	terms_free(&t);
}

/* --- through YAML and back --- */

/* make in, stamp, emit, parse (strictly: the schema), decode: the same
 * marks as the ballot made. */
static void assert_round_trip(const struct terms *t, mutu_ballot_input in)
{
	mutu_record *rec = made(t, in), *back = NULL;
	mutu_buf text = MUTU_BUF_INIT;
	char *before;

	before = strdup(decoded(rec, t));
	assert_ok(mutu_map_set_str(rec, "cast", STAMP));
	assert_ok(mutu_map_set_str(rec, "updated", STAMP));
	assert_ok(mutu_records_check("ballot", rec, "ballot.yaml"));
	assert_ok(mutu_records_emit(&text, "ballot", rec));
	if (mutu_records_parse(&back, "ballot", mutu_buf_cstr(&text), strlen(mutu_buf_cstr(&text)),
			       "votes/" PID "/bob.yaml", 1) != 0)
		fail_msg("emitted ballot does not parse back: %s\n%s", mutu_error_last(),
			 mutu_buf_cstr(&text));
	if (!mutu_value_equal(rec, back))
		fail_msg("the ballot changed through YAML:\n%s", mutu_buf_cstr(&text));
	if (strcmp(decoded(back, t), before) != 0)
		fail_msg("marks %s became %s through YAML:\n%s", before, decoded(back, t),
			 mutu_buf_cstr(&text));
	free(before);
	mutu_buf_free(&text);
	mutu_value_free(back);
	mutu_value_free(rec);
}

static void every_method_round_trips_through_yaml(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: yes-no\n");
	assert_round_trip(&t, choice("yes"));
	assert_round_trip(&t, choice("no"));
	assert_round_trip(&t, choice("abstain"));
	terms_free(&t);

	terms_of(&t, "method: consent\n");
	assert_round_trip(&t, choice("block"));
	terms_free(&t);

	terms_of(&t, "method: approval\noptions: [Bike, Car, Bus]\n");
	assert_round_trip(&t, approve("3,Bike"));
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: [A, B, C]\nstatus_quo: true\n");
	assert_round_trip(&t, rank("2,1"));
	assert_round_trip(&t, rank("C=status quo,A"));
	terms_free(&t);

	terms_of(&t, "method: stv\noptions: [A, B, C]\nseats: 2\n");
	assert_round_trip(&t, rank("3,1,2"));
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [A, B, C]\n");
	assert_round_trip(&t, grade("C=very good,A=1"));
	terms_free(&t);
}

/* Option texts YAML reads as something else when left bare. */
static void options_that_look_like_other_yaml_round_trip(void **state)
{
	struct terms t;

	(void)state;
	terms_of(&t, "method: approval\noptions:\n- '2'\n- 'yes'\n- 'null'\n- 'true'\n"
		     "- '~'\n- '#5'\n- '- x'\n- 'a: b'\n- ' lead'\n- 'V\xc3\xa9lo'\n- '1e3'\n"
		     "- '0x10'\n- '@home'\n- '\"q\"'\n- \"it's\"\n");
	assert_int_equal(t.s.params.noptions, 15);
	assert_round_trip(&t, approve("2"));
	assert_round_trip(&t, approve("yes"));
	assert_round_trip(&t, approve("null"));
	assert_round_trip(&t, approve("true"));
	assert_round_trip(&t, approve("~"));
	assert_round_trip(&t, approve("#5"));
	assert_round_trip(&t, approve("- x"));
	assert_round_trip(&t, approve("a: b"));
	assert_round_trip(&t, approve(" lead"));
	assert_round_trip(&t, approve("V\xc3\xa9lo"));
	assert_round_trip(&t, approve("1e3"));
	assert_round_trip(&t, approve("0x10"));
	assert_round_trip(&t, approve("@home"));
	assert_round_trip(&t, approve("\"q\""));
	assert_round_trip(&t, approve("it's"));
	/* "2" by its text, the others by their places */
	assert_round_trip(&t, approve("2,3,4,5,6,7,8,9,10,11,12,13,14,15"));
	terms_free(&t);

	terms_of(&t, "method: schulze\noptions: ['2', '1', 'no']\n");
	assert_made(&t, rank("1,2"), "rank", "1,2", "2,1,0");   /* texts, not places */
	assert_made(&t, rank("3"), "rank", "no", "0,0,1");
	assert_round_trip(&t, rank("1=2,no"));
	assert_round_trip(&t, rank("no"));
	terms_free(&t);
}

static void a_ballot_may_name_every_one_of_the_most_options(void **state)
{
	mutu_buf y = MUTU_BUF_INIT, typed = MUTU_BUF_INIT, texts = MUTU_BUF_INIT,
		 want = MUTU_BUF_INIT;
	struct terms t;
	int i;

	(void)state;
	mutu_buf_puts(&y, "method: approval\noptions:\n");
	for (i = 1; i <= MUTU_MAX_OPTIONS; i++)
		mutu_buf_printf(&y, "- opt%d\n", i);
	terms_of(&t, mutu_buf_cstr(&y));
	assert_int_equal(t.s.params.noptions, MUTU_MAX_OPTIONS);
	/* every option by number, last first */
	for (i = MUTU_MAX_OPTIONS; i >= 1; i--) {
		mutu_buf_printf(&typed, "%s%d", i == MUTU_MAX_OPTIONS ? "" : ",", i);
		mutu_buf_printf(&texts, "%sopt%d", i == MUTU_MAX_OPTIONS ? "" : ",", i);
		mutu_buf_printf(&want, "%s1", i == MUTU_MAX_OPTIONS ? "" : ",");
	}
	assert_made(&t, approve(mutu_buf_cstr(&typed)), "approve", mutu_buf_cstr(&texts),
		    mutu_buf_cstr(&want));
	assert_round_trip(&t, approve(mutu_buf_cstr(&typed)));
	terms_free(&t);
	mutu_buf_free(&y);
	mutu_buf_free(&typed);
	mutu_buf_free(&texts);
	mutu_buf_free(&want);
}

/* --- the terms a ballot is read under --- */

static void the_terms_come_from_the_proposal_then_the_rules(void **state)
{
	mutu_rules rules = default_rules();
	struct terms t;
	mutu_record *rec;
	mutu_vote_setup s;

	(void)state;
	terms_of(&t, "method: stv\noptions: [A, B, C]\n");
	assert_int_equal(t.s.params.method, MUTU_METHOD_STV);
	assert_int_equal(t.s.params.noptions, 3);
	assert_ptr_equal(t.s.params.options, t.s.options);
	assert_string_equal(t.s.options[0], "A");
	assert_string_equal(t.s.options[2], "C");
	assert_int_equal(t.s.params.status_quo, 0);
	assert_int_equal(t.s.params.nscale, 0);      /* a scale is majority judgment's */
	assert_int_equal(t.s.params.seats, 1);       /* stv: one seat unless it says */
	assert_int_equal(t.s.params.quorum, 50);     /* the rules' */
	assert_int_equal(t.s.params.threshold, 50);
	terms_free(&t);

	terms_of(&t, "method: stv\noptions: [A, B, C]\nseats: 2\nquorum: 70\nthreshold: 66\n");
	assert_int_equal(t.s.params.seats, 2);
	assert_int_equal(t.s.params.quorum, 70);
	assert_int_equal(t.s.params.threshold, 66);
	terms_free(&t);

	terms_of(&t, "method: majority-judgment\noptions: [A]\nstatus_quo: true\n");
	assert_int_equal(t.s.params.noptions, 2);
	assert_string_equal(t.s.options[1], MUTU_STATUS_QUO);   /* last */
	assert_int_equal(t.s.params.nscale, 6);
	assert_ptr_equal(t.s.params.scale, t.s.scale);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(t.s.scale[i], mutu_default_scale[i]);
	assert_null(mutu_default_scale[6]);
	terms_free(&t);

	/* a proposal not yet started takes the rules' method */
	rules.method = MUTU_METHOD_CONSENT;
	rules.quorum = 10;
	{
		static const char bare[] = "id: " PID "\ntype: proposal\ntitle: Terms\nkind: general\n"
					   "status: discussion\nauthor: alice\n"
					   "created: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\n";

		assert_ok(mutu_yaml_parse(&rec, bare, strlen(bare), "p.yaml"));
	}
	assert_ok(mutu_proposal_setup(&s, rec, &rules));
	assert_int_equal(s.params.method, MUTU_METHOD_CONSENT);
	assert_int_equal(s.params.quorum, 10);
	assert_int_equal(s.params.noptions, 0);
	mutu_value_free(rec);
	/* a method no one knows is no terms */
	{
		static const char dice[] = "id: " PID "\ntype: proposal\ntitle: Terms\nkind: general\n"
					   "status: vote\nauthor: alice\nmethod: dice\n"
					   "created: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\n";

		assert_ok(mutu_yaml_parse(&rec, dice, strlen(dice), "p.yaml"));
	}
	assert_true(mutu_proposal_setup(&s, rec, &rules) < 0);
	assert_contains(mutu_error_last(), "dice");
	mutu_value_free(rec);
}

/* --- casting, on a commons --- */

static int commons_setup(void **state)
{
	return unit_commons_setup(state, 0);
}

static int commons_teardown(void **state)
{
	unit_warnings_stop();
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	unit_commons_free(*state);
	return 0;
}

static void add_member(struct fixture *fx, const char *handle, int left)
{
	char *path, *text;

	assert_true(asprintf(&path, "members/%s.yaml", handle) > 0);
	assert_true(asprintf(&text, "handle: %s\nname: %s\nemail: %s@example.org\n"
				    "joined: '" UNIT_NOW "'\n%s", handle, handle, handle,
			     left ? "status: left\nleft: '" UNIT_NOW "'\n" : "") > 0);
	unit_commit_file(fx->st, path, text);
	free(path);
	free(text);
}

/* The proposal alice makes at UNIT_NOW (approval: Bike, Car, Bus), read
 * back from the tip, with the clock at now; start: its vote started at
 * T_START. */
static mutu_record *proposal_at(struct fixture *fx, int start, const char *now)
{
	static const char *const opts[] = { "Bike", "Car", "Bus" };
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_proposal_spec spec;
	mutu_record *rec;
	mutu_oid blob;
	char path[64];

	memset(&spec, 0, sizeof(spec));
	spec.title = "How we get to the market";
	spec.method = "approval";
	spec.options = opts;
	spec.noptions = 3;
	spec.status_quo = spec.quorum = spec.threshold = -1;
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	if (mutu_proposal_add(&rec, &ctx, &spec) != 0)
		fail_msg("mutu_proposal_add: %s", mutu_error_last());
	assert_ok(mutu_type_path(path, &mutu_type_proposal, mutu_map_str(rec, "id")));
	mutu_value_free(rec);
	assert_ok(mutu_records_read(&rec, &blob, fx->st, "proposal", path, 1));
	if (start) {
		mutu_clock_fix(T_START, "T_START");
		if (mutu_proposal_step(&ctx, rec, &blob, "start", NULL) != 0)
			fail_msg("start: %s", mutu_error_last());
		mutu_value_free(rec);
		assert_ok(mutu_records_read(&rec, NULL, fx->st, "proposal", path, 1));
	}
	mutu_clock_fix(now, "now");
	return rec;
}

static mutu_record *read_ballot(struct fixture *fx, const mutu_record *prop, const char *voter)
{
	mutu_record *rec = NULL;
	char path[64];

	assert_ok(mutu_type_child_path(path, &mutu_type_ballot, mutu_map_str(prop, "id"), voter));
	if (mutu_records_read(&rec, NULL, fx->st, "ballot", path, 1) != 0)
		return NULL;
	return rec;
}

static void a_ballot_is_cast_changed_and_retracted(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx bob = { fx->st, &unit_bob };
	mutu_ballot_input in = approve("3,Bike");
	mutu_record *prop, *b;
	char *msg;
	int changed = -1;

	add_member(fx, "bob", 0);
	prop = proposal_at(fx, 1, T_VOTE);
	bob.st = fx->st;
	assert_ok(mutu_ballot_cast(&bob, prop, &in, &changed));
	assert_int_equal(changed, 0);
	assert_non_null(b = read_ballot(fx, prop, "bob"));
	assert_string_equal(mutu_map_str(b, "proposal"), mutu_map_str(prop, "id"));
	assert_string_equal(mutu_map_str(b, "voter"), "bob");
	assert_string_equal(mutu_map_str(b, "approve"), "Bus,Bike");
	assert_string_equal(mutu_map_str(b, "cast"), T_VOTE);
	assert_string_equal(mutu_map_str(b, "updated"), T_VOTE);
	mutu_value_free(b);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "Mutu-Action: ballot.cast");
	free(msg);
	/* changed: when it was first cast is kept */
	mutu_clock_fix(T_CHANGE, "T_CHANGE");
	in = approve("Car");
	assert_ok(mutu_ballot_cast(&bob, prop, &in, &changed));
	assert_int_equal(changed, 1);
	assert_non_null(b = read_ballot(fx, prop, "bob"));
	assert_string_equal(mutu_map_str(b, "approve"), "Car");
	assert_string_equal(mutu_map_str(b, "cast"), T_VOTE);
	assert_string_equal(mutu_map_str(b, "updated"), T_CHANGE);
	mutu_value_free(b);
	/* retracted: the file goes */
	assert_ok(mutu_ballot_cast(&bob, prop, NULL, &changed));
	assert_int_equal(changed, 1);
	assert_null(read_ballot(fx, prop, "bob"));
	mutu_error_clear();
	assert_code(mutu_ballot_cast(&bob, prop, NULL, &changed), MUTU_ENOMATCH);
	mutu_value_free(prop);
}

static void a_ballot_that_does_not_fit_is_refused_and_nothing_committed(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_ballot_input in = approve("Plane");
	mutu_record *prop;
	git_oid head;
	int changed;

	prop = proposal_at(fx, 1, T_VOTE);
	ctx.st = fx->st;
	unit_head(&head, fx->dir);
	assert_code(mutu_ballot_cast(&ctx, prop, &in, &changed), MUTU_EDATA);
	assert_contains(mutu_error_last(), "Plane");
	in = choice("yes");
	assert_code(mutu_ballot_cast(&ctx, prop, &in, &changed), MUTU_EUSAGE);
	unit_assert_head_is(fx->dir, &head);
	assert_null(read_ballot(fx, prop, "alice"));
	mutu_value_free(prop);
}

static void a_ballot_is_cast_only_while_the_vote_is_open(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_ballot_input in = approve("Bike");
	mutu_record *prop;
	git_oid head;
	int changed;

	/* in discussion: there is no vote */
	prop = proposal_at(fx, 0, T_VOTE);
	ctx.st = fx->st;
	unit_head(&head, fx->dir);
	assert_code(mutu_ballot_cast(&ctx, prop, &in, &changed), MUTU_EDATA);
	assert_contains(mutu_error_last(), "discussion");
	unit_assert_head_is(fx->dir, &head);
	mutu_value_free(prop);

	/* in vote, but before it opened and once it closed */
	prop = proposal_at(fx, 1, "2026-01-09T03:04:04Z");
	ctx.st = fx->st;
	unit_head(&head, fx->dir);
	assert_code(mutu_ballot_cast(&ctx, prop, &in, &changed), MUTU_EPERM);
	assert_contains(mutu_error_last(), T_START);
	mutu_clock_fix(T_CLOSES, "T_CLOSES");
	assert_code(mutu_ballot_cast(&ctx, prop, &in, &changed), MUTU_EPERM);
	assert_contains(mutu_error_last(), T_CLOSES);
	unit_assert_head_is(fx->dir, &head);
	/* the last second it is open */
	mutu_clock_fix("2026-01-16T03:04:04Z", "now");
	assert_ok(mutu_ballot_cast(&ctx, prop, &in, &changed));
	mutu_value_free(prop);
}

/*
 * mutu_ballot_cast checks the voter itself, whatever a command did
 * before: a member who left, or a handle that is no member, is refused
 * (MUTU_EPERM) and nothing is committed.
 */
static void only_an_active_member_casts_a_ballot(void **state)
{
	static const mutu_actor dave = { .handle = "dave", .name = "Dave", .email = "dave@example.org" };
	static const mutu_actor zoe = { .handle = "zoe", .name = "Zoe", .email = "zoe@example.org" };
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &dave };
	mutu_ballot_input in = approve("Bike");
	mutu_record *prop, *b_dave, *b_zoe;
	int changed, rc_dave, rc_zoe, had_dave, had_zoe;
	git_oid head;

	add_member(fx, "dave", 1);
	prop = proposal_at(fx, 1, T_VOTE);
	ctx.st = fx->st;
	unit_head(&head, fx->dir);
	rc_dave = mutu_ballot_cast(&ctx, prop, &in, &changed);
	b_dave = read_ballot(fx, prop, "dave");
	ctx.who = &zoe;
	rc_zoe = mutu_ballot_cast(&ctx, prop, &in, &changed);
	b_zoe = read_ballot(fx, prop, "zoe");
	had_dave = b_dave != NULL;
	had_zoe = b_zoe != NULL;
	mutu_value_free(prop);
	mutu_value_free(b_dave);
	mutu_value_free(b_zoe);
	if (rc_dave != MUTU_EPERM || rc_zoe != MUTU_EPERM)
		fail_msg("dave (who left) cast: %d, %s; zoe (no member) cast: %d, %s",
			 rc_dave, had_dave ? "ballot committed" : "nothing committed",
			 rc_zoe, had_zoe ? "ballot committed" : "nothing committed");
	unit_assert_head_is(fx->dir, &head);
}

static void the_ballots_are_listed_in_voter_order_with_every_oddity_warned(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_ballot_input in = approve("Bike");
	mutu_record *prop, **recs;
	const char *id;
	char path[128], *text;
	size_t n, i;
	int changed;

	prop = proposal_at(fx, 1, T_VOTE);
	id = mutu_map_str(prop, "id");
	ctx.st = fx->st;
	assert_ok(mutu_ballot_list(&recs, &n, fx->st, id));
	assert_int_equal(n, 0);
	free(recs);
	assert_ok(mutu_ballot_cast(&ctx, prop, &in, &changed));
	snprintf(path, sizeof(path), "votes/%s/carol.yaml", id);
	assert_true(asprintf(&text, "proposal: %s\nvoter: carol\ncast: '" T_VOTE "'\nupdated: '"
				    T_VOTE "'\napprove: Car\n", id) > 0);
	unit_commit_file(fx->st, path, text);
	free(text);
	/* fails its schema: listed all the same, with a warning */
	snprintf(path, sizeof(path), "votes/%s/bob.yaml", id);
	assert_true(asprintf(&text, "proposal: %s\nvoter: bob\ncolour: red\n", id) > 0);
	unit_commit_file(fx->st, path, text);
	free(text);
	/* not YAML, and not a ballot's place: left out, with a warning */
	snprintf(path, sizeof(path), "votes/%s/dave.yaml", id);
	unit_commit_file(fx->st, path, "approve: [\n");
	snprintf(path, sizeof(path), "votes/%s/README", id);
	unit_commit_file(fx->st, path, "x\n");
	unit_warnings_start();
	assert_ok(mutu_ballot_list(&recs, &n, fx->st, id));
	assert_int_equal(n, 3);
	assert_string_equal(mutu_map_str(recs[0], "voter"), "alice");
	assert_string_equal(mutu_map_str(recs[1], "voter"), "bob");
	assert_string_equal(mutu_map_str(recs[2], "voter"), "carol");
	snprintf(path, sizeof(path), "votes/%s/bob.yaml", id);
	assert_warned_once(path);
	snprintf(path, sizeof(path), "votes/%s/dave.yaml", id);
	assert_warned_once(path);
	snprintf(path, sizeof(path), "votes/%s/README", id);
	assert_warned_once(path);
	assert_int_equal(unit_nwarnings, 3);
	for (i = 0; i < n; i++)
		mutu_value_free(recs[i]);
	free(recs);
	mutu_value_free(prop);
}

#define C(f) cmocka_unit_test_setup_teardown(f, commons_setup, commons_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_yes_no_ballot_is_a_choice),
		cmocka_unit_test(a_consent_ballot_may_block),
		cmocka_unit_test(a_choice_method_takes_no_options_and_an_options_method_no_choice),
		cmocka_unit_test(two_kinds_of_ballot_at_once_are_refused),
		cmocka_unit_test(an_approval_names_options_by_text_or_typed_number),
		cmocka_unit_test(an_unknown_option_is_refused_naming_it_and_the_options),
		cmocka_unit_test(an_option_approved_twice_is_refused),
		cmocka_unit_test(an_empty_item_is_refused),
		cmocka_unit_test(an_option_whose_text_is_digits_is_named_by_that_text),
		cmocka_unit_test(a_file_names_options_by_text_never_by_number),
		cmocka_unit_test(a_ranking_is_written_as_option_texts_best_first),
		cmocka_unit_test(a_schulze_ranking_ties_options_with_dense_ranks),
		cmocka_unit_test_teardown(an_empty_option_in_a_tie_is_refused, tie_free),
		cmocka_unit_test(stv_refuses_ties),
		cmocka_unit_test(an_option_ranked_twice_is_refused),
		cmocka_unit_test(the_status_quo_is_an_option_like_any_other),
		cmocka_unit_test(a_grade_follows_its_option_on_the_proposals_scale),
		cmocka_unit_test(a_grade_outside_the_scale_is_refused),
		cmocka_unit_test(a_grade_without_its_equals_sign_is_refused),
		cmocka_unit_test(an_option_graded_twice_is_refused),
		cmocka_unit_test(a_file_holding_another_methods_field_is_refused),
		cmocka_unit_test(every_method_round_trips_through_yaml),
		cmocka_unit_test(options_that_look_like_other_yaml_round_trip),
		cmocka_unit_test(a_ballot_may_name_every_one_of_the_most_options),
		cmocka_unit_test(the_terms_come_from_the_proposal_then_the_rules),
		C(a_ballot_is_cast_changed_and_retracted),
		C(a_ballot_that_does_not_fit_is_refused_and_nothing_committed),
		C(a_ballot_is_cast_only_while_the_vote_is_open),
		C(only_an_active_member_casts_a_ballot),
		C(the_ballots_are_listed_in_voter_order_with_every_oddity_warned),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
