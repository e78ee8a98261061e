/* merge — three-way merges of one record, field by field. */
#include "unit.h"

#include "lib/merge.h"
#include "lib/types.h"
#include "lib/yaml.h"

#include <string.h>

#define BASE "id: 7q3k9m2xh4ta\ntype: offer\ntitle: Drill\nkind: tool\nstatus: open\n" \
	     "author: alice\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n"

static mutu_record *rec(const char *yaml)
{
	mutu_record *r = NULL;

	if (yaml && mutu_yaml_parse(&r, yaml, strlen(yaml), "test.yaml") != 0)
		fail_msg("yaml: %s", mutu_error_last());
	return r;
}

/* Merge three texts (NULL: absent) of type t; the result in out. */
static void merge3(mutu_merge_result *out, const mutu_record_type *t, const char *base,
		   const char *ours, const char *theirs, mutu_side winner)
{
	mutu_record *b = rec(base), *o = rec(ours), *th = rec(theirs);

	assert_ok(mutu_merge_record(out, t, b, o, th, winner));
	mutu_value_free(b);
	mutu_value_free(o);
	mutu_value_free(th);
}

static const char *str_of(const mutu_merge_result *r, const char *field)
{
	return r->merged ? mutu_map_str(r->merged, field) : NULL;
}

static void different_fields_changed_on_each_side_are_both_kept(void **state)
{
	mutu_merge_result r;

	(void)state;
	merge3(&r, &mutu_type_offer, BASE, BASE "location: Atelier\n",
	       "id: 7q3k9m2xh4ta\ntype: offer\ntitle: Drill 18V\nkind: tool\nstatus: open\n"
	       "author: alice\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n",
	       MUTU_SIDE_OURS);
	assert_string_equal(str_of(&r, "location"), "Atelier");
	assert_string_equal(str_of(&r, "title"), "Drill 18V");
	assert_int_equal(r.nconflicts, 0);
	assert_false(r.collision);
	mutu_merge_result_free(&r);
}

static void the_same_field_changed_twice_keeps_the_winner_and_says_the_loser(void **state)
{
	const char *o = BASE "location: Atelier\n", *t = BASE "location: Cave\n";
	mutu_merge_result a, b;

	(void)state;
	merge3(&a, &mutu_type_offer, BASE, o, t, MUTU_SIDE_THEIRS);
	assert_string_equal(str_of(&a, "location"), "Cave");
	assert_int_equal(a.nconflicts, 1);
	assert_string_equal(a.conflicts[0].field, "location");
	assert_string_equal(a.conflicts[0].kept->u.str, "Cave");
	assert_string_equal(a.conflicts[0].lost->u.str, "Atelier");
	assert_int_equal(a.conflicts[0].lost_side, MUTU_SIDE_OURS);
	/* the other clone merges the other way round: the same value wins */
	merge3(&b, &mutu_type_offer, BASE, t, o, MUTU_SIDE_OURS);
	assert_true(mutu_value_equal(a.merged, b.merged));
	assert_string_equal(b.conflicts[0].lost->u.str, "Atelier");
	mutu_merge_result_free(&a);
	mutu_merge_result_free(&b);
}

static void a_field_removed_on_one_side_and_changed_on_the_other_is_a_conflict(void **state)
{
	mutu_merge_result r;

	(void)state;
	merge3(&r, &mutu_type_offer, BASE "location: Atelier\n", BASE, BASE "location: Cave\n",
	       MUTU_SIDE_OURS);
	assert_null(str_of(&r, "location"));   /* ours won: its removal */
	assert_int_equal(r.nconflicts, 1);
	assert_null(r.conflicts[0].kept);
	assert_string_equal(r.conflicts[0].lost->u.str, "Cave");
	mutu_merge_result_free(&r);
}

static void tags_merge_as_sets(void **state)
{
	mutu_merge_result a, b;
	mutu_value *tags;

	(void)state;
	/* base {a, b}; ours removes a, adds c; theirs removes b, adds d */
	merge3(&a, &mutu_type_offer, BASE "tags: [a, b]\n", BASE "tags: [b, c]\n",
	       BASE "tags: [a, d]\n", MUTU_SIDE_OURS);
	tags = mutu_map_get(a.merged, "tags");
	assert_non_null(tags);
	assert_int_equal(tags->u.seq.len, 2);
	assert_true(mutu_seq_find_str(tags, "c") >= 0);
	assert_true(mutu_seq_find_str(tags, "d") >= 0);
	assert_int_equal(a.nconflicts, 0);
	/* every tag removed: no tags field at all */
	merge3(&b, &mutu_type_offer, BASE "tags: [a, b]\n", BASE "tags: [b]\n", BASE "tags: [a]\n",
	       MUTU_SIDE_THEIRS);
	assert_null(mutu_map_get(b.merged, "tags"));
	assert_int_equal(b.nconflicts, 0);
	mutu_merge_result_free(&a);
	mutu_merge_result_free(&b);
}

static void the_update_time_is_the_later_one_without_a_conflict(void **state)
{
	mutu_merge_result r;
	const char *later = "id: 7q3k9m2xh4ta\ntype: offer\ntitle: Drill\nkind: tool\nstatus: open\n"
			    "author: alice\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-03-01T00:00:00Z\n"
			    "location: A\n";
	const char *earlier = "id: 7q3k9m2xh4ta\ntype: offer\ntitle: Drill\nkind: tool\nstatus: open\n"
			      "author: alice\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-02-01T00:00:00Z\n"
			      "availability: evenings\n";

	(void)state;
	merge3(&r, &mutu_type_offer, BASE, earlier, later, MUTU_SIDE_OURS);
	assert_string_equal(str_of(&r, "updated"), "2026-03-01T00:00:00Z");
	assert_string_equal(str_of(&r, "location"), "A");
	assert_string_equal(str_of(&r, "availability"), "evenings");
	assert_int_equal(r.nconflicts, 0);
	mutu_merge_result_free(&r);
}

static void an_edit_wins_over_a_removal_and_the_removal_is_said(void **state)
{
	mutu_merge_result a, b;

	(void)state;
	merge3(&a, &mutu_type_offer, BASE, NULL, BASE "location: Cave\n", MUTU_SIDE_OURS);
	assert_non_null(a.merged);
	assert_string_equal(str_of(&a, "location"), "Cave");
	assert_int_equal(a.nconflicts, 1);
	assert_null(a.conflicts[0].field);
	assert_int_equal(a.conflicts[0].lost_side, MUTU_SIDE_OURS);
	/* removed on one side, untouched on the other: removed, quietly */
	merge3(&b, &mutu_type_offer, BASE, BASE, NULL, MUTU_SIDE_OURS);
	assert_null(b.merged);
	assert_int_equal(b.nconflicts, 0);
	mutu_merge_result_free(&a);
	mutu_merge_result_free(&b);
}

static void two_records_born_apart_under_one_id_collide(void **state)
{
	mutu_merge_result r, same;

	(void)state;
	merge3(&r, &mutu_type_offer, NULL, BASE, BASE "location: Cave\n", MUTU_SIDE_THEIRS);
	assert_true(r.collision);
	assert_string_equal(str_of(&r, "location"), "Cave");   /* the winner's, whole */
	assert_int_equal(r.nconflicts, 0);
	mutu_merge_result_free(&r);
	merge3(&r, &mutu_type_offer, NULL, BASE, BASE "location: Cave\n", MUTU_SIDE_OURS);
	assert_true(r.collision);
	assert_null(str_of(&r, "location"));
	merge3(&same, &mutu_type_offer, NULL, BASE, BASE, MUTU_SIDE_THEIRS);
	assert_false(same.collision);
	assert_non_null(same.merged);
	mutu_merge_result_free(&r);
	mutu_merge_result_free(&same);
}

static void either_clone_merging_gets_the_same_record(void **state)
{
	mutu_buf a = MUTU_BUF_INIT, b = MUTU_BUF_INIT;
	mutu_merge_result r1, r2;

	(void)state;
	/* A merges B (B wins), and B merges A (B, now ours, wins): one result */
	merge3(&r1, &mutu_type_offer, BASE, BASE "tags: [a, x]\nlocation: Cave\n",
	       BASE "location: Attic\ntags: [b, y]\n", MUTU_SIDE_THEIRS);
	merge3(&r2, &mutu_type_offer, BASE, BASE "location: Attic\ntags: [b, y]\n",
	       BASE "tags: [a, x]\nlocation: Cave\n", MUTU_SIDE_OURS);
	assert_int_equal(mutu_yaml_emit(&a, r1.merged), 0);
	assert_int_equal(mutu_yaml_emit(&b, r2.merged), 0);
	assert_string_equal(mutu_buf_cstr(&a), mutu_buf_cstr(&b));
	assert_int_equal(r1.nconflicts, 1);
	assert_int_equal(r2.nconflicts, 1);
	assert_string_equal(r1.conflicts[0].lost->u.str, "Cave");
	assert_string_equal(r2.conflicts[0].lost->u.str, "Cave");
	mutu_buf_free(&a);
	mutu_buf_free(&b);
	mutu_merge_result_free(&r1);
	mutu_merge_result_free(&r2);
}

static void a_ballot_cast_on_two_machines_is_one_ballot_and_a_conflict(void **state)
{
	const char *laptop = "proposal: 7q3k9m2xh4ta\nvoter: bob\ncast: 2026-01-02T00:00:00Z\n"
			     "updated: 2026-01-02T00:00:00Z\nchoice: yes\n";
	const char *phone = "proposal: 7q3k9m2xh4ta\nvoter: bob\ncast: 2026-01-02T00:00:00Z\n"
			    "updated: 2026-01-03T00:00:00Z\nchoice: no\n";
	mutu_merge_result r;

	(void)state;
	merge3(&r, &mutu_type_ballot, NULL, laptop, phone, MUTU_SIDE_OURS);
	assert_false(r.collision);
	assert_string_equal(str_of(&r, "choice"), "yes");
	assert_string_equal(str_of(&r, "updated"), "2026-01-03T00:00:00Z");
	assert_int_equal(r.nconflicts, 1);
	assert_string_equal(r.conflicts[0].field, "choice");
	assert_string_equal(r.conflicts[0].lost->u.str, "no");
	mutu_merge_result_free(&r);
}

static void nothing_on_either_side_is_nothing(void **state)
{
	mutu_merge_result r;

	(void)state;
	merge3(&r, &mutu_type_offer, BASE, NULL, NULL, MUTU_SIDE_OURS);
	assert_null(r.merged);
	assert_int_equal(r.nconflicts, 0);
	mutu_merge_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(different_fields_changed_on_each_side_are_both_kept),
		cmocka_unit_test(the_same_field_changed_twice_keeps_the_winner_and_says_the_loser),
		cmocka_unit_test(a_field_removed_on_one_side_and_changed_on_the_other_is_a_conflict),
		cmocka_unit_test(tags_merge_as_sets),
		cmocka_unit_test(the_update_time_is_the_later_one_without_a_conflict),
		cmocka_unit_test(an_edit_wins_over_a_removal_and_the_removal_is_said),
		cmocka_unit_test(two_records_born_apart_under_one_id_collide),
		cmocka_unit_test(either_clone_merging_gets_the_same_record),
		cmocka_unit_test(a_ballot_cast_on_two_machines_is_one_ballot_and_a_conflict),
		cmocka_unit_test(nothing_on_either_side_is_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
