/* rules — rules.yaml and its documented defaults; the durations and
 * times the rules and proposals are written in. */
#include "unit.h"

#include "lib/clock.h"
#include "lib/records.h"
#include "lib/rules.h"
#include "lib/yaml.h"

#define DAY 86400L
#define ALL_METHODS ((1u << MUTU_METHOD_COUNT) - 1)

static int setup(void **state)
{
	return unit_commons_setup(state, 0);
}

static int teardown(void **state)
{
	unit_commons_free(*state);
	return 0;
}

/* The rules a rules.yaml text gives; it must pass the schema. */
static mutu_rules rules_of(const char *text)
{
	mutu_record *rec;
	mutu_rules r;

	if (mutu_yaml_parse(&rec, text, strlen(text), "rules.yaml") != 0)
		fail_msg("parse: %s", mutu_error_last());
	if (mutu_records_check("rules", rec, "rules.yaml") != 0)
		fail_msg("schema: %s\n%s", mutu_error_last(), text);
	memset(&r, 0x5a, sizeof(r));
	if (mutu_rules_from_record(&r, rec, "rules.yaml") != 0)
		fail_msg("mutu_rules_from_record: %s", mutu_error_last());
	mutu_value_free(rec);
	return r;
}

/* Every default mutu(7) documents. */
static void assert_defaults(const mutu_rules *r)
{
	assert_int_equal(r->membership, MUTU_MEMBERSHIP_OPEN);
	assert_int_equal(r->require_signatures, 0);
	assert_int_equal(r->method, MUTU_METHOD_YES_NO);
	assert_int_equal(r->methods, ALL_METHODS);
	assert_int_equal(r->quorum, 50);
	assert_int_equal(r->threshold, 50);
	assert_int_equal(r->discussion, 7 * DAY);
	assert_int_equal(r->vote, 7 * DAY);
	assert_int_equal(r->early_close, 0);
	assert_int_equal(r->max_items, 3);
	assert_int_equal(r->loan_days, 14);
	assert_int_equal(r->renewals, 2);
	assert_int_equal(r->min_balance, -10);
	assert_int_equal(r->buffer_minutes, 0);
}

#define REQUIRED "format: 1\nmembership: open\nrequire_signatures: false\n" \
		 "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n" \
		 "  discussion: 7d\n  vote: 7d\n"

/* --- the defaults --- */

static void the_default_record_passes_the_schema_and_gives_the_defaults(void **state)
{
	mutu_record *rec = NULL;
	mutu_buf text = MUTU_BUF_INIT;
	mutu_rules r;

	(void)state;
	assert_ok(mutu_rules_default_record(&rec));
	assert_non_null(rec);
	assert_ok(mutu_records_check("rules", rec, "rules.yaml"));
	memset(&r, 0x5a, sizeof(r));
	assert_ok(mutu_rules_from_record(&r, rec, "rules.yaml"));
	assert_defaults(&r);
	/* every default spelt out: nothing is left for a reader to guess */
	assert_non_null(mutu_map_get(rec, "lending"));
	assert_non_null(mutu_map_get(rec, "booking"));
	assert_non_null(mutu_map_get(mutu_map_get(rec, "voting"), "methods"));
	assert_non_null(mutu_map_get(mutu_map_get(rec, "voting"), "early_close"));
	/* and what it emits reads back the same */
	assert_ok(mutu_records_emit(&text, "rules", rec));
	r = rules_of(mutu_buf_cstr(&text));
	assert_defaults(&r);
	mutu_buf_free(&text);
	mutu_value_free(rec);
}

static void a_record_of_only_the_required_keys_gets_the_defaults(void **state)
{
	mutu_rules r;

	(void)state;
	r = rules_of(REQUIRED);
	assert_defaults(&r);
	/* a section present but empty is defaults too */
	r = rules_of(REQUIRED "lending: {}\nbooking: {}\n");
	assert_defaults(&r);
}

static void what_a_record_says_replaces_the_defaults(void **state)
{
	mutu_rules r;

	(void)state;
	r = rules_of("format: 1\nmembership: by-proposal\nrequire_signatures: true\n"
		     "voting:\n  method: consent\n  methods: [consent, schulze]\n"
		     "  quorum: 0\n  threshold: 100\n  discussion: 12h\n  vote: 2w\n"
		     "  early_close: true\n"
		     "lending:\n  max_items: 0\n  loan_days: 3650\n  renewals: 100\n"
		     "  min_balance: -100000\n"
		     "booking:\n  buffer_minutes: 10080\n");
	assert_int_equal(r.membership, MUTU_MEMBERSHIP_BY_PROPOSAL);
	assert_int_equal(r.require_signatures, 1);
	assert_int_equal(r.method, MUTU_METHOD_CONSENT);
	assert_int_equal(r.methods, (1u << MUTU_METHOD_CONSENT) | (1u << MUTU_METHOD_SCHULZE));
	assert_int_equal(r.quorum, 0);
	assert_int_equal(r.threshold, 100);
	assert_int_equal(r.discussion, 12 * 3600L);
	assert_int_equal(r.vote, 14 * DAY);
	assert_int_equal(r.early_close, 1);
	assert_int_equal(r.max_items, 0);
	assert_int_equal(r.loan_days, 3650);
	assert_int_equal(r.renewals, 100);
	assert_int_equal(r.min_balance, -100000);
	assert_int_equal(r.buffer_minutes, 10080);
	/* one lending key given: the others keep their defaults */
	r = rules_of(REQUIRED "lending:\n  loan_days: 30\n");
	assert_int_equal(r.loan_days, 30);
	assert_int_equal(r.max_items, 3);
	assert_int_equal(r.renewals, 2);
	assert_int_equal(r.min_balance, -10);
	assert_int_equal(r.buffer_minutes, 0);
}

static void the_methods_a_proposal_may_pick_can_be_limited(void **state)
{
	mutu_rules r;

	(void)state;
	r = rules_of("format: 1\nmembership: open\nrequire_signatures: false\n"
		     "voting:\n  method: yes-no\n  methods: [yes-no]\n  quorum: 50\n"
		     "  threshold: 50\n  discussion: 7d\n  vote: 7d\n");
	assert_int_equal(r.methods, 1u << MUTU_METHOD_YES_NO);
	r = rules_of("format: 1\nmembership: open\nrequire_signatures: false\n"
		     "voting:\n  method: approval\n  methods: [approval, majority-judgment, stv]\n"
		     "  quorum: 50\n  threshold: 50\n  discussion: 7d\n  vote: 7d\n");
	assert_int_equal(r.method, MUTU_METHOD_APPROVAL);
	assert_int_equal(r.methods, (1u << MUTU_METHOD_APPROVAL) |
					    (1u << MUTU_METHOD_MAJORITY_JUDGMENT) |
					    (1u << MUTU_METHOD_STV));
	/* the default method is always one a proposal may pick */
	r = rules_of("format: 1\nmembership: open\nrequire_signatures: false\n"
		     "voting:\n  method: schulze\n  methods: [approval]\n  quorum: 50\n"
		     "  threshold: 50\n  discussion: 7d\n  vote: 7d\n");
	assert_int_equal(r.method, MUTU_METHOD_SCHULZE);
	assert_int_equal(r.methods, (1u << MUTU_METHOD_APPROVAL) | (1u << MUTU_METHOD_SCHULZE));
}

static void membership_is_read(void **state)
{
	static const struct {
		const char *text;
		mutu_membership want;
	} cases[] = {
		{ "open", MUTU_MEMBERSHIP_OPEN },
		{ "sponsored", MUTU_MEMBERSHIP_SPONSORED },
		{ "by-proposal", MUTU_MEMBERSHIP_BY_PROPOSAL },
	};
	char text[512];
	mutu_rules r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
			 "format: 1\nmembership: %s\nrequire_signatures: false\n"
			 "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n"
			 "  discussion: 7d\n  vote: 7d\n", cases[i].text);
		r = rules_of(text);
		if (r.membership != cases[i].want)
			fail_msg("membership: %s read as %d", cases[i].text, (int)r.membership);
	}
}

static void a_malformed_duration_in_a_record_is_refused_naming_it(void **state)
{
	mutu_record *rec;
	mutu_rules r;
	const char *text = "format: 1\nmembership: open\nrequire_signatures: false\n"
			   "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n"
			   "  discussion: 7d\n  vote: 7days\n";

	(void)state;
	/* the schema refuses it; from_record, handed it anyway, refuses too */
	assert_ok(mutu_yaml_parse(&rec, text, strlen(text), "proposed.yaml"));
	assert_code(mutu_records_check("rules", rec, "proposed.yaml"), MUTU_EDATA);
	assert_code(mutu_rules_from_record(&r, rec, "proposed.yaml"), MUTU_EDATA);
	assert_contains(mutu_error_last(), "proposed.yaml");
	assert_contains(mutu_error_last(), "vote");
	assert_contains(mutu_error_last(), "7days");
	mutu_value_free(rec);
}

/* --- at the tip --- */

static void the_rules_a_new_commons_starts_with_are_the_defaults(void **state)
{
	struct fixture *fx = *state;
	mutu_rules r;

	memset(&r, 0x5a, sizeof(r));
	assert_ok(mutu_rules_load(&r, fx->st));
	assert_defaults(&r);
}

static void a_commons_without_rules_yaml_runs_on_the_defaults(void **state)
{
	struct fixture *fx = *state;
	mutu_oid blob;
	mutu_rules r;

	unit_commit_file(fx->st, "rules.yaml", NULL);
	assert_code(mutu_store_lookup(&blob, fx->st, "rules.yaml"), MUTU_ENOTFOUND);
	mutu_error_clear();
	memset(&r, 0x5a, sizeof(r));
	assert_ok(mutu_rules_load(&r, fx->st));
	assert_defaults(&r);
}

static void rules_yaml_at_the_tip_is_read(void **state)
{
	struct fixture *fx = *state;
	mutu_rules r;

	unit_commit_file(fx->st, "rules.yaml",
			 "format: 1\nmembership: sponsored\nrequire_signatures: false\n"
			 "voting:\n  method: stv\n  methods: [stv]\n  quorum: 20\n"
			 "  threshold: 60\n  discussion: 3d\n  vote: 48h\n");
	assert_ok(mutu_rules_load(&r, fx->st));
	assert_int_equal(r.membership, MUTU_MEMBERSHIP_SPONSORED);
	assert_int_equal(r.method, MUTU_METHOD_STV);
	assert_int_equal(r.methods, 1u << MUTU_METHOD_STV);
	assert_int_equal(r.quorum, 20);
	assert_int_equal(r.threshold, 60);
	assert_int_equal(r.discussion, 3 * DAY);
	assert_int_equal(r.vote, 2 * DAY);
	assert_int_equal(r.loan_days, 14);
}

static void malformed_rules_yaml_fails_the_load(void **state)
{
	static const struct {
		const char *text, *names;
	} bad[] = {
		/* not YAML */
		{ "voting: [\n", "rules.yaml" },
		/* a required key missing */
		{ "format: 1\nmembership: open\nrequire_signatures: false\n", "voting" },
		/* out of range */
		{ "format: 1\nmembership: open\nrequire_signatures: false\n"
		  "voting:\n  method: yes-no\n  quorum: 150\n  threshold: 50\n"
		  "  discussion: 7d\n  vote: 7d\n", "quorum" },
		/* an unknown method */
		{ "format: 1\nmembership: open\nrequire_signatures: false\n"
		  "voting:\n  method: dictator\n  quorum: 50\n  threshold: 50\n"
		  "  discussion: 7d\n  vote: 7d\n", "method" },
		/* a malformed duration */
		{ "format: 1\nmembership: open\nrequire_signatures: false\n"
		  "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n"
		  "  discussion: 07d\n  vote: 7d\n", "discussion" },
		/* an unknown key */
		{ REQUIRED "colour: red\n", "colour" },
		/* an unknown membership */
		{ "format: 1\nmembership: closed\nrequire_signatures: false\n"
		  "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n"
		  "  discussion: 7d\n  vote: 7d\n", "membership" },
		/* a later format */
		{ "format: 2\nmembership: open\nrequire_signatures: false\n"
		  "voting:\n  method: yes-no\n  quorum: 50\n  threshold: 50\n"
		  "  discussion: 7d\n  vote: 7d\n", "format" },
	};
	struct fixture *fx = *state;
	mutu_rules r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unit_commit_file(fx->st, "rules.yaml", bad[i].text);
		mutu_error_clear();
		if (mutu_rules_load(&r, fx->st) != MUTU_EDATA)
			fail_msg("rules.yaml was read:\n%s", bad[i].text);
		assert_contains(mutu_error_last(), "rules.yaml");
		assert_contains(mutu_error_last(), bad[i].names);
	}
}

/* --- durations and times --- */

static void durations_are_a_number_then_h_d_or_w(void **state)
{
	static const struct {
		const char *text;
		long secs;
	} good[] = {
		{ "12h", 12 * 3600L }, { "1h", 3600L },	     { "7d", 7 * DAY },
		{ "2w", 14 * DAY },    { "9999d", 9999 * DAY }, { "9999w", 9999 * 7 * DAY },
		{ "9999h", 9999 * 3600L }, { "10d", 10 * DAY },
	};
	size_t i;
	long secs;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		secs = -1;
		if (mutu_clock_duration(&secs, good[i].text) != 0)
			fail_msg("'%s' refused: %s", good[i].text, mutu_error_last());
		if (secs != good[i].secs)
			fail_msg("'%s' is %ld seconds, expected %ld", good[i].text, secs, good[i].secs);
	}
}

static void malformed_durations_are_refused_naming_them(void **state)
{
	static const char *const bad[] = {
		"0", "0d", "0h", "7", "d", "07d", "00d", "10000d", "99999d", "7x", "7D", "-1d", "+7d",
		"", " 7d", "7d ", "7dd", "7 d", "1.5d", "7h30", "w", "0x7d",
	};
	size_t i;
	long secs;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		secs = 12345;
		mutu_error_clear();
		if (mutu_clock_duration(&secs, bad[i]) != MUTU_EDATA)
			fail_msg("duration '%s' accepted (%ld seconds)", bad[i], secs);
		assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
		assert_contains(mutu_error_last(), "duration");
		if (*bad[i] && *bad[i] != ' ')
			assert_contains(mutu_error_last(), bad[i]);
	}
}

static void a_time_given_is_rfc_3339_or_a_duration_from_now(void **state)
{
	time_t now, t;

	(void)state;
	assert_ok(mutu_clock_parse(&now, UNIT_NOW));
	t = 0;
	assert_ok(mutu_clock_resolve(&t, "+7d", now));
	assert_int_equal(t, now + 7 * DAY);
	assert_ok(mutu_clock_resolve(&t, "+12h", now));
	assert_int_equal(t, now + 12 * 3600L);
	assert_ok(mutu_clock_resolve(&t, "+2w", now));
	assert_int_equal(t, now + 14 * DAY);
	/* from the now it is given, not the clock's */
	assert_ok(mutu_clock_resolve(&t, "+1h", 1000));
	assert_int_equal(t, 1000 + 3600);
	/* RFC 3339, with Z or an offset */
	assert_ok(mutu_clock_resolve(&t, "2026-01-09T03:04:05Z", now));
	assert_int_equal(t, now + 7 * DAY);
	assert_ok(mutu_clock_resolve(&t, "2026-01-09T04:04:05+01:00", now));
	assert_int_equal(t, now + 7 * DAY);
	/* neither */
	mutu_error_clear();
	assert_code(mutu_clock_resolve(&t, "+7", now), MUTU_EDATA);
	assert_contains(mutu_error_last(), "7");
	assert_code(mutu_clock_resolve(&t, "+", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "++7d", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "+07d", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "7d", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "-7d", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "next week", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "2026-01-09", now), MUTU_EDATA);
	assert_code(mutu_clock_resolve(&t, "", now), MUTU_EDATA);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_default_record_passes_the_schema_and_gives_the_defaults),
		cmocka_unit_test(a_record_of_only_the_required_keys_gets_the_defaults),
		cmocka_unit_test(what_a_record_says_replaces_the_defaults),
		cmocka_unit_test(the_methods_a_proposal_may_pick_can_be_limited),
		cmocka_unit_test(membership_is_read),
		cmocka_unit_test(a_malformed_duration_in_a_record_is_refused_naming_it),
		T(the_rules_a_new_commons_starts_with_are_the_defaults),
		T(a_commons_without_rules_yaml_runs_on_the_defaults),
		T(rules_yaml_at_the_tip_is_read),
		T(malformed_rules_yaml_fails_the_load),
		cmocka_unit_test(durations_are_a_number_then_h_d_or_w),
		cmocka_unit_test(malformed_durations_are_refused_naming_them),
		cmocka_unit_test(a_time_given_is_rfc_3339_or_a_duration_from_now),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
