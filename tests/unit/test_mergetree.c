/* mergetree — two histories made one, record by record, alike on both copies. */
#include "unit.h"
#include "unit_merge.h"

#include "lib/commons.h"
#include "lib/mergetree.h"
#include "lib/records.h"
#include "lib/schema.h"
#include "lib/store_git.h"

#include <git2.h>
#include <string.h>

#define OFFER "offers/7q/7q3k9m2xh4ta.yaml"
#define OFFER_TEXT(title, extra)                                                              \
	"id: 7q3k9m2xh4ta\ntype: offer\nstatus: open\nkind: tool\nauthor: alice\n"            \
	"created: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\ntitle: " title "\n" extra

static void different_records_both_stay(void **state)
{
	struct two *t = *state;
	const char *pa[] = { "offers/aa/aaaaaaaaaaaa.yaml" }, *da[] = { OFFER_TEXT("A", "") };
	const char *pb[] = { "offers/bb/bbbbbbbbbbbb.yaml" }, *db[] = { OFFER_TEXT("B", "") };
	mutu_merged m;
	char *x, *y;

	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(m.nnotes, 0);
	x = read_in(t->fx->st, &m.tree, pa[0]);
	y = read_in(t->fx->st, &m.tree, pb[0]);
	assert_non_null(x);
	assert_non_null(y);
	free(x);
	free(y);
	mutu_merged_free(&m);
}

static void the_same_field_keeps_one_value_and_records_the_other(void **state)
{
	struct two *t = *state;
	const char *p[] = { OFFER }, *base[] = { OFFER_TEXT("Drill", "") };
	const char *da[] = { OFFER_TEXT("Drill A", "location: Cave\n") };
	const char *db[] = { OFFER_TEXT("Drill B", "tags:\n- red\n") };
	mutu_merged m;
	char path[64], *rec, *conflict;

	unit_commit_files(t->fx->st, p, base, 1);
	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	assert_int_equal(m.nnotes, 1);
	assert_int_equal(m.notes[0].kind, MUTU_MERGED_CONFLICT);
	assert_string_equal(m.notes[0].what, "title");
	rec = read_in(t->fx->st, &m.tree, OFFER);
	assert_non_null(rec);
	assert_contains(rec, "location: Cave");   /* fields changed on one side: both kept */
	assert_contains(rec, "- red");
	assert_ok(mutu_type_path(path, &mutu_type_conflict, m.notes[0].id));
	conflict = read_in(t->fx->st, &m.tree, path);
	assert_non_null(conflict);
	assert_contains(conflict, "field: title");
	assert_contains(conflict, "kept_by: alice");
	assert_contains(conflict, "lost_commit: ");
	/* whichever value was kept, the other is in the conflict record */
	if (strstr(rec, "title: Drill A"))
		assert_contains(conflict, "lost: Drill B");
	else
		assert_contains(conflict, "lost: Drill A");
	{
		/* and it is a valid conflict record */
		mutu_record *c = NULL;

		assert_ok(mutu_records_parse(&c, "conflict", conflict, strlen(conflict), path, 1));
		mutu_value_free(c);
	}
	free(rec);
	free(conflict);
	mutu_merged_free(&m);
}

static void tags_merge_as_sets(void **state)
{
	struct two *t = *state;
	const char *p[] = { OFFER }, *base[] = { OFFER_TEXT("Drill", "tags:\n- a\n- b\n") };
	const char *da[] = { OFFER_TEXT("Drill", "tags:\n- a\n- x\n") };    /* b removed, x added */
	const char *db[] = { OFFER_TEXT("Drill", "tags:\n- a\n- b\n- z\n") };
	mutu_merged m;
	char *rec;

	unit_commit_files(t->fx->st, p, base, 1);
	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	assert_int_equal(m.nnotes, 0);
	rec = read_in(t->fx->st, &m.tree, OFFER);
	assert_contains(rec, "- x");
	assert_contains(rec, "- z");
	assert_not_contains(rec, "- b");
	free(rec);
	mutu_merged_free(&m);
}

static void an_edit_outlives_a_removal_with_a_conflict(void **state)
{
	struct two *t = *state;
	const char *p[] = { OFFER }, *base[] = { OFFER_TEXT("Drill", "") };
	const char *da[] = { NULL }, *db[] = { OFFER_TEXT("Drill 2", "") };
	mutu_merged m;
	char *rec;

	unit_commit_files(t->fx->st, p, base, 1);
	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	rec = read_in(t->fx->st, &m.tree, OFFER);
	assert_non_null(rec);
	assert_contains(rec, "Drill 2");
	assert_int_equal(m.nnotes, 1);
	assert_string_equal(m.notes[0].what, "");
	free(rec);
	mutu_merged_free(&m);
}

static void two_records_born_under_one_id_both_live(void **state)
{
	struct two *t = *state;
	const char *p[] = { OFFER }, *da[] = { OFFER_TEXT("Saw", "") }, *db[] = { OFFER_TEXT("Ladder", "") };
	mutu_merged m;
	char path[64], *kept, *moved;

	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	assert_int_equal(m.nnotes, 1);
	assert_int_equal(m.notes[0].kind, MUTU_MERGED_MOVED);
	assert_ok(mutu_type_path(path, &mutu_type_offer, m.notes[0].id));
	kept = read_in(t->fx->st, &m.tree, OFFER);
	moved = read_in(t->fx->st, &m.tree, path);
	assert_non_null(kept);
	assert_non_null(moved);
	assert_contains(moved, m.notes[0].id);
	assert_true((strstr(kept, "Saw") && strstr(moved, "Ladder")) ||
		    (strstr(kept, "Ladder") && strstr(moved, "Saw")));
	free(kept);
	free(moved);
	mutu_merged_free(&m);
}

static void other_files_merge_by_lines_or_stop(void **state)
{
	struct two *t = *state;
	const char *p[] = { "README.md" }, *base[] = { "one\ntwo\nthree\nfour\nfive\n" };
	const char *da[] = { "ONE\ntwo\nthree\nfour\nfive\n" }, *db[] = { "one\ntwo\nthree\nfour\nFIVE\n" };
	const char *dc[] = { "one\nTWO?\nthree\nfour\nfive\n" };
	mutu_merged m;
	mutu_oid a2;
	char *text;

	unit_commit_files(t->fx->st, p, base, 1);
	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	text = read_in(t->fx->st, &m.tree, "README.md");
	assert_string_equal(text, "ONE\ntwo\nthree\nfour\nFIVE\n");
	free(text);
	mutu_merged_free(&m);
	/* the same line on both sides: refused, naming the file */
	rewind_to(t->fx->st, &t->a);
	{
		const char *dx[] = { "ONE!\ntwo\nthree\nfour\nfive\n" };

		unit_commit_files(t->fx->st, p, dx, 1);
	}
	tip(&a2, t->fx->st);
	rewind_to(t->fx->st, &t->base);
	unit_commit_files(t->fx->st, p, dc, 1);
	assert_code(mutu_mergetree(&m, t->fx->st, &a2, &t->b, 0), 0);   /* ONE! vs FIVE: clean */
	mutu_merged_free(&m);
	{
		const char *dy[] = { "one?\ntwo\nthree\nfour\nfive\n" };
		mutu_oid b2;

		unit_commit_files(t->fx->st, p, dy, 1);
		tip(&b2, t->fx->st);
		assert_code(mutu_mergetree(&m, t->fx->st, &a2, &b2, 0), MUTU_EDATA);
		assert_contains(mutu_error_last(), "README.md");
	}
}

static void histories_without_a_common_commit_are_refused(void **state)
{
	struct two *t = *state;
	git_repository *repo = mutu_store_repository(t->fx->st);
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tid, cid;
	mutu_oid orphan, ours;
	mutu_merged m;

	assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
	assert_int_equal(git_treebuilder_write(&tid, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tid), 0);
	assert_int_equal(git_signature_now(&sig, "X", "x@example.org"), 0);
	assert_int_equal(git_commit_create(&cid, repo, NULL, sig, sig, NULL, "orphan", tree, 0, NULL), 0);
	memcpy(orphan.raw, cid.id, sizeof(orphan.raw));
	tip(&ours, t->fx->st);
	assert_code(mutu_mergetree(&m, t->fx->st, &ours, &orphan, 0), MUTU_EDATA);
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
}

#define PROPOSAL "proposals/9z/9zzzzzzzzzzz.yaml"
#define BALLOT "votes/9zzzzzzzzzzz/bob.yaml"

static void a_ballot_after_the_count_is_found(void **state)
{
	struct two *t = *state;
	const char *p[] = { PROPOSAL };
	const char *open[] = { "id: 9zzzzzzzzzzz\ntype: proposal\nstatus: vote\nopened: 2026-01-01T00:00:00Z\ncloses: 2026-01-08T00:00:00Z\n" };
	const char *closed[] = { "id: 9zzzzzzzzzzz\ntype: proposal\nstatus: accepted\nopened: 2026-01-01T00:00:00Z\ncloses: 2026-01-08T00:00:00Z\nclosed: 2026-01-09T00:00:00Z\ntally:\n  tree: 0000000000000000000000000000000000000000\n" };
	const char *pb[] = { BALLOT }, *db[] = { "proposal: 9zzzzzzzzzzz\nvoter: bob\ncast: 2026-01-07T00:00:00Z\nupdated: 2026-01-07T00:00:00Z\nchoice: yes\n" };
	mutu_merged m;
	size_t i, found = 0;

	unit_commit_files(t->fx->st, p, open, 1);
	part(t, p, closed, 1, pb, db, 1);
	merge_both(t, &m);
	for (i = 0; i < m.nnotes; i++)
		if (m.notes[i].kind == MUTU_MERGED_FOUND && !strcmp(m.notes[i].what, "ballot-window"))
			found++;
	assert_int_equal(found, 1);
	mutu_merged_free(&m);
}

static void rules_changed_while_a_vote_started_is_found(void **state)
{
	struct two *t = *state;
	const char *p[] = { PROPOSAL };
	const char *disc[] = { "id: 9zzzzzzzzzzz\ntype: proposal\nstatus: discussion\n" };
	const char *vote[] = { "id: 9zzzzzzzzzzz\ntype: proposal\nstatus: vote\nopened: 2026-01-01T00:00:00Z\ncloses: 2026-01-08T00:00:00Z\n" };
	const char *pr[] = { "rules.yaml" }, *dr[] = { "voting:\n  quorum: 50\n" };
	mutu_merged m;
	size_t i, found = 0;

	unit_commit_files(t->fx->st, p, disc, 1);
	part(t, pr, dr, 1, p, vote, 1);
	merge_both(t, &m);
	for (i = 0; i < m.nnotes; i++)
		if (m.notes[i].kind == MUTU_MERGED_FOUND && !strcmp(m.notes[i].what, "rules-during-vote"))
			found++;
	assert_int_equal(found, 1);
	mutu_merged_free(&m);
}

static void the_merge_driver_writes_the_bytes_the_tree_merge_does(void **state)
{
	struct two *t = *state;
	const char *p[] = { OFFER }, *base[] = { OFFER_TEXT("Drill", "tags:\n- a\n") };
	const char *da[] = { OFFER_TEXT("Drill A", "tags:\n- a\n- x\n") };
	const char *db[] = { OFFER_TEXT("Drill B", "location: Attic\ntags:\n- y\n") };
	mutu_buf one = MUTU_BUF_INIT, other = MUTU_BUF_INIT;
	mutu_merged m;
	char *rec;
	int clean;

	unit_commit_files(t->fx->st, p, base, 1);
	part(t, p, da, 1, p, db, 1);
	merge_both(t, &m);
	rec = read_in(t->fx->st, &m.tree, OFFER);
	assert_ok(mutu_mergetree_file(&one, &clean, OFFER, base[0], strlen(base[0]), da[0],
				      strlen(da[0]), db[0], strlen(db[0])));
	assert_true(clean);
	assert_string_equal(mutu_buf_cstr(&one), rec);
	assert_ok(mutu_mergetree_file(&other, &clean, OFFER, base[0], strlen(base[0]), db[0],
				      strlen(db[0]), da[0], strlen(da[0])));
	assert_string_equal(mutu_buf_cstr(&other), rec);
	mutu_buf_free(&one);
	mutu_buf_free(&other);
	free(rec);
	mutu_merged_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(different_records_both_stay, setup, teardown),
		cmocka_unit_test_setup_teardown(the_same_field_keeps_one_value_and_records_the_other, setup, teardown),
		cmocka_unit_test_setup_teardown(tags_merge_as_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(an_edit_outlives_a_removal_with_a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(two_records_born_under_one_id_both_live, setup, teardown),
		cmocka_unit_test_setup_teardown(other_files_merge_by_lines_or_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(histories_without_a_common_commit_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(a_ballot_after_the_count_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(rules_changed_while_a_vote_started_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(the_merge_driver_writes_the_bytes_the_tree_merge_does, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
