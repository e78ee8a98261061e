/* find — a record named by what a person typed: an id prefix or a handle. */
#include "unit.h"

#include "lib/find.h"
#include "lib/schema.h"

static int setup(void **state)
{
	return unit_commons_setup(state, 1);
}

static int teardown(void **state)
{
	unit_warnings_stop();
	unit_commons_free(*state);
	return 0;
}

static void add_offers(struct fixture *fx, const char *const *ids, size_t n)
{
	mutu_record *recs[16];
	size_t i;

	for (i = 0; i < n; i++)
		recs[i] = unit_item(&mutu_type_offer, ids[i], "alice", ids[i]);
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, n);
}

/* Four offers and a need; prefixes of 4, 5 and 9 characters tell them apart. */
static void add_some(struct fixture *fx)
{
	static const char *ids[] = { "7q3k9m2xh4ta", "7q3k9m2xh4tb", "7q3kaaaaaaaa", "abcd00000000" };

	add_offers(fx, ids, 4);
	unit_add1(fx->st, &unit_alice, &mutu_type_need,
		  unit_item(&mutu_type_need, "7q3kbbbbbbbb", "alice", "Besoin"));
}

static void assert_finds(struct fixture *fx, const mutu_record_type *t, const char *typed,
			 const mutu_record_type *want_type, const char *want_key)
{
	mutu_found f;
	char path[64];

	if (mutu_find(&f, fx->st, t, typed) != 0)
		fail_msg("'%s' not found: %s", typed, mutu_error_last());
	assert_ptr_equal(f.type, want_type);
	assert_string_equal(f.key, want_key);
	assert_ok(mutu_type_path(path, want_type, want_key));
	assert_string_equal(f.path, path);
}

static void a_unique_prefix_names_its_record(void **state)
{
	struct fixture *fx = *state;

	add_some(fx);
	assert_finds(fx, &mutu_type_offer, "7q3ka", &mutu_type_offer, "7q3kaaaaaaaa");
	assert_finds(fx, &mutu_type_offer, "7Q3KA", &mutu_type_offer, "7q3kaaaaaaaa");
	assert_finds(fx, &mutu_type_offer, "7q3k9m2xh4ta", &mutu_type_offer, "7q3k9m2xh4ta");
	assert_finds(fx, &mutu_type_offer, "7q3k9m2xh4tb", &mutu_type_offer, "7q3k9m2xh4tb");
	assert_finds(fx, &mutu_type_offer, "abcd", &mutu_type_offer, "abcd00000000");
	/* Crockford's readings: O is 0, I and L are 1 */
	assert_finds(fx, &mutu_type_offer, "abcdOOOO", &mutu_type_offer, "abcd00000000");
	assert_finds(fx, &mutu_type_offer, "abcdoooooooo", &mutu_type_offer, "abcd00000000");
	/* one type: the need is not an offer's rival */
	assert_finds(fx, &mutu_type_need, "7q3k", &mutu_type_need, "7q3kbbbbbbbb");
	/* every type: ids are unique across them */
	assert_finds(fx, NULL, "7q3kb", &mutu_type_need, "7q3kbbbbbbbb");
	assert_finds(fx, NULL, "7q3ka", &mutu_type_offer, "7q3kaaaaaaaa");
	assert_finds(fx, NULL, "abcd0", &mutu_type_offer, "abcd00000000");
}

static void an_ambiguous_prefix_lists_every_candidate(void **state)
{
	struct fixture *fx = *state;
	mutu_found f;

	add_some(fx);
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3k9"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "7q3k9m2xh4ta");
	assert_contains(mutu_error_last(), "7q3k9m2xh4tb");
	assert_not_contains(mutu_error_last(), "7q3kaaaaaaaa");
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3k"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "7q3k9m2xh4ta");
	assert_contains(mutu_error_last(), "7q3k9m2xh4tb");
	assert_contains(mutu_error_last(), "7q3kaaaaaaaa");
	assert_not_contains(mutu_error_last(), "7q3kbbbbbbbb");
	/* across types, each candidate is named with its type */
	assert_code(mutu_find(&f, fx->st, NULL, "7q3k"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "offer 7q3k9m2xh4ta");
	assert_contains(mutu_error_last(), "offer 7q3kaaaaaaaa");
	assert_contains(mutu_error_last(), "need 7q3kbbbbbbbb");
	assert_contains(mutu_error_last(), "4 records");
}

static void an_unknown_prefix_is_not_found(void **state)
{
	struct fixture *fx = *state;
	static const char *misplaced[] = { "offers/zz/7q3kcccccccc.yaml", "offers/7q3kdddddddd.yaml" };
	static const char *data[] = { "id: 7q3kcccccccc\n", "id: 7q3kdddddddd\n" };
	mutu_found f;

	add_some(fx);
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "zzzz"), MUTU_ENOTFOUND);
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3z"), MUTU_ENOTFOUND);
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3kb"), MUTU_ENOTFOUND);   /* a need */
	assert_code(mutu_find(&f, fx->st, &mutu_type_need, "7q3ka"), MUTU_ENOTFOUND);    /* an offer */
	assert_code(mutu_find(&f, fx->st, NULL, "7q3kz"), MUTU_ENOTFOUND);
	assert_contains(mutu_error_last(), "7q3kz");
	/* a record is looked for only where its id puts it */
	unit_commit_files(fx->st, misplaced, data, 2);
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3kc"), MUTU_ENOTFOUND);
	assert_code(mutu_find(&f, fx->st, NULL, "7q3kd"), MUTU_ENOTFOUND);
	/* a directory named like a record is no record */
	unit_commit_file(fx->st, "offers/7q/7q3keeeeeeee.yaml/x.yaml", "id: x\n");
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7q3ke"), MUTU_ENOTFOUND);
	/* a commons without needs at all */
	assert_code(mutu_find(&f, fx->st, &mutu_type_need, "zzzz"), MUTU_ENOTFOUND);
}

static void a_malformed_prefix_is_refused_before_any_lookup(void **state)
{
	struct fixture *fx = *state;
	static const char *bad[] = { "", "7q3", "7q3u", "../7q3k", "7q3k/", "7q3k9m2xh4ta0", "7q 3k",
				     "7q3k*", "7q3k\n" };
	mutu_found f;
	size_t i;

	add_some(fx);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mutu_find(&f, fx->st, &mutu_type_offer, bad[i]) != MUTU_EDATA)
			fail_msg("'%s' was not refused as malformed (%s)", bad[i], mutu_error_last());
		assert_code(mutu_find(&f, fx->st, NULL, bad[i]), MUTU_EDATA);
	}
	assert_code(mutu_find(&f, fx->st, &mutu_type_member, "Alice"), MUTU_EDATA);
	assert_code(mutu_find(&f, fx->st, &mutu_type_member, "../alice"), MUTU_EDATA);
	assert_code(mutu_find(&f, fx->st, &mutu_type_member, "a"), MUTU_EDATA);
}

static void members_are_found_by_their_whole_handle(void **state)
{
	struct fixture *fx = *state;
	mutu_found f;

	assert_finds(fx, &mutu_type_member, "alice", &mutu_type_member, "alice");
	assert_code(mutu_find(&f, fx->st, &mutu_type_member, "bob"), MUTU_ENOTFOUND);
	assert_contains(mutu_error_last(), "bob");
	assert_code(mutu_find(&f, fx->st, &mutu_type_member, "alic"), MUTU_ENOTFOUND);  /* no prefixes */
}

static void what_is_found_loads_with_its_blob(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec = (mutu_record *)0x1;
	mutu_oid blob, want;
	mutu_found f;

	add_some(fx);
	unit_warnings_start();
	assert_ok(mutu_find(&f, fx->st, NULL, "7q3kb"));
	assert_ok(mutu_find_load(&rec, &blob, fx->st, &f, 0));
	assert_string_equal(mutu_map_str(rec, "id"), "7q3kbbbbbbbb");
	assert_string_equal(mutu_map_str(rec, "type"), "need");
	assert_ok(mutu_store_lookup(&want, fx->st, "needs/7q/7q3kbbbbbbbb.yaml"));
	assert_true(mutu_oid_equal(&blob, &want));
	mutu_value_free(rec);
	assert_ok(mutu_find(&f, fx->st, &mutu_type_member, "alice"));
	assert_ok(mutu_find_load(&rec, NULL, fx->st, &f, 0));
	assert_string_equal(mutu_map_str(rec, "email"), UNIT_EMAIL);
	mutu_value_free(rec);
	assert_int_equal(unit_nwarnings, 0);   /* sound records: nothing to say */

	/* removed since it was found */
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "abcd"));
	unit_commit_file(fx->st, "offers/ab/abcd00000000.yaml", NULL);
	rec = (mutu_record *)0x1;
	assert_code(mutu_find_load(&rec, NULL, fx->st, &f, 0), MUTU_ENOTFOUND);
	assert_null(rec);
}

static void a_load_warns_when_the_id_differs_from_the_file_name(void **state)
{
	struct fixture *fx = *state;
	static const char other[] =
		"id: 7q3kffffffff\ntype: offer\ntitle: Ailleurs\nkind: tool\nstatus: open\n"
		"author: alice\ncreated: '2026-01-01T00:00:00Z'\nupdated: '2026-01-01T00:00:00Z'\n";
	static const char invalid[] =
		"id: 7q3kgggggggg\ntype: offer\ntitle: Fusée\nkind: spaceship\nstatus: open\n"
		"author: alice\ncreated: '2026-01-01T00:00:00Z'\nupdated: '2026-01-01T00:00:00Z'\n";
	mutu_record *rec;
	mutu_oid blob, want;
	mutu_found f;

	unit_commit_file(fx->st, "offers/7q/7q3keeeeeeee.yaml", other);
	unit_commit_file(fx->st, "offers/7q/7q3kgggggggg.yaml", invalid);
	unit_warnings_start();
	/* found by its file name, loaded, and warned about */
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "7q3ke"));
	assert_string_equal(f.key, "7q3keeeeeeee");
	assert_ok(mutu_find_load(&rec, NULL, fx->st, &f, 0));
	assert_string_equal(mutu_map_str(rec, "title"), "Ailleurs");
	assert_int_equal(unit_nwarnings, 1);
	assert_warned_once("offers/7q/7q3keeeeeeee.yaml");
	assert_warned_once("7q3kffffffff");
	mutu_value_free(rec);
	/* a record failing its schema is loaded too, with one warning */
	unit_warnings_clear();
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "7q3kg"));
	assert_ok(mutu_find_load(&rec, NULL, fx->st, &f, 0));
	assert_string_equal(mutu_map_str(rec, "kind"), "spaceship");
	assert_int_equal(unit_nwarnings, 1);
	assert_warned_once("offers/7q/7q3kgggggggg.yaml");
	mutu_value_free(rec);
	/* quietly: the same records, nothing said */
	unit_warnings_clear();
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "7q3ke"));
	assert_ok(mutu_find_load(&rec, &blob, fx->st, &f, MUTU_FIND_QUIET));
	assert_string_equal(mutu_map_str(rec, "id"), "7q3kffffffff");
	assert_ok(mutu_store_lookup(&want, fx->st, "offers/7q/7q3keeeeeeee.yaml"));
	assert_true(mutu_oid_equal(&blob, &want));
	mutu_value_free(rec);
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "7q3kg"));
	assert_ok(mutu_find_load(&rec, NULL, fx->st, &f, MUTU_FIND_QUIET));
	assert_string_equal(mutu_map_str(rec, "kind"), "spaceship");
	mutu_value_free(rec);
	assert_int_equal(unit_nwarnings, 0);
	/* a file that is not YAML is an error, naming it, quiet or not */
	unit_commit_file(fx->st, "offers/7q/7q3khhhhhhhh.yaml", "title: [unclosed\n");
	assert_ok(mutu_find(&f, fx->st, &mutu_type_offer, "7q3kh"));
	assert_code(mutu_find_load(&rec, NULL, fx->st, &f, 0), MUTU_EDATA);
	assert_contains(mutu_error_last(), "offers/7q/7q3khhhhhhhh.yaml");
	assert_code(mutu_find_load(&rec, NULL, fx->st, &f, MUTU_FIND_QUIET), MUTU_EDATA);
	assert_contains(mutu_error_last(), "offers/7q/7q3khhhhhhhh.yaml");
	/* and one removed since it was found is not found */
	unit_commit_file(fx->st, "offers/7q/7q3khhhhhhhh.yaml", NULL);
	assert_code(mutu_find_load(&rec, NULL, fx->st, &f, MUTU_FIND_QUIET), MUTU_ENOTFOUND);
	assert_null(rec);
}

static void a_submodule_named_like_a_record_is_not_found(void **state)
{
	struct fixture *fx = *state;
	static const char *ids[] = { "7q3k9m2xh4ta", "7r00000000aa" };
	mutu_found f;
	mutu_oid blob;

	add_offers(fx, ids, 2);
	/* a commit (a submodule) beside a record, named like one */
	unit_commit_entry(&fx->st, fx->dir, "offers/7r/7r00000000ab.yaml", GIT_FILEMODE_COMMIT, "");
	assert_finds(fx, &mutu_type_offer, "7q3k", &mutu_type_offer, "7q3k9m2xh4ta");
	assert_finds(fx, &mutu_type_offer, "7r00000000a", &mutu_type_offer, "7r00000000aa");
	assert_ok(mutu_store_lookup(&blob, fx->st, "offers/7r/7r00000000aa.yaml"));
	assert_code(mutu_find(&f, fx->st, &mutu_type_offer, "7r00000000ab"), MUTU_ENOTFOUND);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_unique_prefix_names_its_record),
		T(an_ambiguous_prefix_lists_every_candidate),
		T(an_unknown_prefix_is_not_found),
		T(a_malformed_prefix_is_refused_before_any_lookup),
		T(members_are_found_by_their_whole_handle),
		T(what_is_found_loads_with_its_blob),
		T(a_load_warns_when_the_id_differs_from_the_file_name),
		T(a_submodule_named_like_a_record_is_not_found),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
