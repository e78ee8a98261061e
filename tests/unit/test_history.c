/* history: the commons' history as actions, commit by commit. */
#include "unit.h"

#include "lib/history.h"
#include "lib/member.h"
#include "lib/output.h"
#include "lib/records.h"
#include "lib/yaml.h"

static int setup(void **state)
{
	return unit_commons_setup(state, 1);
}

static int teardown(void **state)
{
	unit_commons_free(*state);
	return 0;
}

/* --- what the walk told, as text --- */

struct seen {
	mutu_buf text;
	size_t commits, stop_after;
};

static int on_begin(const mutu_history_commit *c, void *payload)
{
	struct seen *s = payload;

	assert_int_equal(strlen(c->id), 40);
	mutu_buf_printf(&s->text, "%s by %s (%s)%s%s: %s\n", c->action ? c->action : "-", c->member,
			c->email, c->nparents > 1 ? " merge" : "",
			c->signature == MUTU_SIGNATURE_PRESENT ? " signed" : "", c->summary);
	return 0;
}

static int on_record(const mutu_history_commit *c, const mutu_history_record *r, void *payload)
{
	struct seen *s = payload;
	size_t i;

	(void)c;
	mutu_buf_printf(&s->text, "  %s %s %s %s", r->type->name, r->key, r->path,
			r->kind == MUTU_HISTORY_ADDED ? "added" : r->kind == MUTU_HISTORY_REMOVED ? "removed" : "changed");
	if (r->unreadable)
		mutu_buf_printf(&s->text, " unreadable: %s", r->unreadable);
	mutu_buf_putc(&s->text, '\n');
	for (i = 0; i < r->nfields; i++) {
		const mutu_history_field *f = &r->fields[i];

		mutu_buf_printf(&s->text, "    %s ", f->field);
		if (f->old)
			mutu_output_json(&s->text, f->old);
		else
			mutu_buf_puts(&s->text, "-");
		mutu_buf_puts(&s->text, " -> ");
		if (f->new)
			mutu_output_json(&s->text, f->new);
		else
			mutu_buf_puts(&s->text, "-");
		mutu_buf_putc(&s->text, '\n');
	}
	return 0;
}

static int on_end(const mutu_history_commit *c, void *payload)
{
	struct seen *s = payload;

	mutu_buf_printf(&s->text, "  (%zu records)\n", c->nrecords);
	s->commits++;
	return s->stop_after && s->commits == s->stop_after ? 42 : 0;
}

/* Everything a walk tells with opts (NULL: none), as text (malloc'd). */
static char *walk_text(mutu_store *st, const mutu_history_opts *opts)
{
	struct seen s = { MUTU_BUF_INIT, 0, 0 };
	mutu_history_opts none = { 0 };
	mutu_history_cb cb = { on_begin, on_record, on_end, &s };

	if (mutu_history_walk(st, opts ? opts : &none, &cb) != 0)
		fail_msg("mutu_history_walk: %s", mutu_error_last());
	assert_ok(mutu_buf_check(&s.text));
	return mutu_buf_detach(&s.text);
}

static mutu_record *perceuse(void)
{
	mutu_record *rec = unit_item(&mutu_type_offer, "7q3k9m2xh4ta", UNIT_HANDLE, "Perceuse");

	assert_ok(mutu_action_set(rec, &mutu_type_offer, "location", "Atelier"));
	return rec;
}

/* Change the offer 7q3k9m2xh4ta as who: field set to value, by verb edit. */
static void edit(mutu_store *st, const mutu_actor *who, const char *field, const char *value)
{
	mutu_action_ctx ctx = { st, who };
	mutu_record *rec;
	mutu_oid blob;

	assert_ok(mutu_records_read(&rec, &blob, st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, field, value));
	assert_ok(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"));
	mutu_value_free(rec);
}

static void actions_come_newest_first_with_their_member(void **state)
{
	struct fixture *fx = *state;
	char *text;

	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	text = walk_text(fx->st, NULL);
	unit_assert_same_text(text,
		"offer.add by alice (alice@example.org): offer add 7q3k9m2x: Perceuse\n"
		"  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml added\n"
		"    id - -> \"7q3k9m2xh4ta\"\n"
		"    type - -> \"offer\"\n"
		"    title - -> \"Perceuse\"\n"
		"    kind - -> \"other\"\n"
		"    status - -> \"open\"\n"
		"    author - -> \"alice\"\n"
		"    created - -> \"2026-01-02T03:04:05Z\"\n"
		"    location - -> \"Atelier\"\n"
		"  (1 records)\n"
		"commons.init by alice (alice@example.org): init: Test commons\n"
		"  member alice members/alice.yaml added\n"
		"    handle - -> \"alice\"\n"
		"    name - -> \"Alice\"\n"
		"    email - -> \"alice@example.org\"\n"
		"    joined - -> \"2026-01-02T03:04:05Z\"\n"
		"    status - -> \"active\"\n"
		"  (1 records)\n",
		"the history");
	free(text);
}

static void an_edit_tells_each_changed_field_but_not_the_stamp(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .limit = 1 };
	char *text;

	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	mutu_clock_fix("2026-02-03T04:05:06Z", "test");
	edit(fx->st, &unit_alice, "location", "Garage");
	edit(fx->st, &unit_alice, "tags", "a,b");
	edit(fx->st, &unit_alice, "location", "");
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	o.limit = 3;
	text = walk_text(fx->st, &o);
	unit_assert_same_text(text,
		"offer.edit by alice (alice@example.org): offer edit 7q3k9m2x: Perceuse\n"
		"  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml changed\n"
		"    location \"Garage\" -> -\n"
		"  (1 records)\n"
		"offer.edit by alice (alice@example.org): offer edit 7q3k9m2x: Perceuse\n"
		"  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml changed\n"
		"    tags - -> [\"a\",\"b\"]\n"
		"  (1 records)\n"
		"offer.edit by alice (alice@example.org): offer edit 7q3k9m2x: Perceuse\n"
		"  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml changed\n"
		"    location \"Atelier\" -> \"Garage\"\n"
		"  (1 records)\n",
		"the edits");
	free(text);
}

static void the_member_is_found_by_email_in_the_commits_own_tree(void **state)
{
	struct fixture *fx = *state;
	mutu_record *bob;
	char *text;

	assert_ok(mutu_member_new(&bob, "bob", "Bob", "bob@example.org", NULL));
	unit_add1(fx->st, &unit_alice, &mutu_type_member, bob);
	unit_add1(fx->st, &unit_bob, &mutu_type_need,
		  unit_item(&mutu_type_need, "pr2xvkjvaaaa", "bob", "Escabeau"));
	/* an author no member has: the name */
	assert_ok(mutu_store_commit(fx->st, NULL, 0, &(mutu_commit_info){ .name = "Eve", .email = "eve@example.org", .message = "by hand\n" }));
	text = walk_text(fx->st, NULL);
	assert_contains(text, "- by Eve (eve@example.org): by hand\n  (0 records)\n");
	assert_contains(text, "need.add by bob (bob@example.org): need add pr2xvkjv: Escabeau\n");
	assert_contains(text, "member.add by alice (alice@example.org): member add bob: Bob\n");
	free(text);
}

static void a_record_path_keeps_only_the_commits_that_changed_it(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .path = "offers/7q/7q3k9m2xh4ta.yaml" };
	char *text;

	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	unit_add1(fx->st, &unit_alice, &mutu_type_need,
		  unit_item(&mutu_type_need, "pr2xvkjvaaaa", UNIT_HANDLE, "Escabeau"));
	edit(fx->st, &unit_alice, "location", "Garage");
	unit_commit_file(fx->st, "offers/7q/7q3k9m2xh4ta.yaml", NULL);
	text = walk_text(fx->st, &o);
	assert_int_equal(strstr(text, "- by alice (alice@example.org): test: files\n"
				      "  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml removed\n"),
			 text);
	assert_contains(text, "offer.edit by");
	assert_contains(text, "offer.add by");
	assert_not_contains(text, "need.add");
	assert_not_contains(text, "commons.init");
	free(text);
}

static void a_plain_commit_of_other_files_tells_no_record(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .limit = 1 };
	char *text;

	unit_commit_file(fx->st, "NOTES", "hello\n");
	text = walk_text(fx->st, &o);
	unit_assert_same_text(text, "- by alice (alice@example.org): test: files\n  (0 records)\n", "a plain commit");
	free(text);
}

static void an_unreadable_or_huge_record_is_said_so(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .limit = 1 };
	size_t big = MUTU_YAML_MAX_DOCUMENT + 10;
	char *text, *huge = malloc(big + 1);

	assert_non_null(huge);
	unit_commit_file(fx->st, "offers/7q/7q3k9m2xh4ta.yaml", "title: [unclosed\n");
	text = walk_text(fx->st, &o);
	assert_contains(text, "  offer 7q3k9m2xh4ta offers/7q/7q3k9m2xh4ta.yaml added unreadable: offers/7q/7q3k9m2xh4ta.yaml:");
	free(text);
	unit_commit_file(fx->st, "offers/7q/7q3k9m2xh4ta.yaml", "- a list\n");
	text = walk_text(fx->st, &o);
	assert_contains(text, "changed unreadable: offers/7q/7q3k9m2xh4ta.yaml:1:1: ");
	free(text);
	memset(huge, 'a', big);
	memcpy(huge, "title: ", 7);
	huge[big] = '\0';
	unit_commit_file(fx->st, "offers/7q/7q3k9m2xh4ta.yaml", huge);
	text = walk_text(fx->st, &o);
	assert_contains(text, "changed unreadable: ");
	assert_contains(text, "more than the");
	free(text);
	free(huge);
	assert_int_equal(mutu_error_last_code(), MUTU_OK);
}

static void max_records_bounds_what_is_read_not_what_is_counted(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .limit = 1, .max_records = 3 };
	mutu_record *recs[10];
	char *text, *p;
	size_t i, n = 0;

	for (i = 0; i < 10; i++)
		recs[i] = unit_item(&mutu_type_offer, NULL, UNIT_HANDLE, "Item");
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 10);
	text = walk_text(fx->st, &o);
	for (p = text; (p = strstr(p, " added\n")); p++)
		n++;
	assert_int_equal(n, 3);
	assert_contains(text, "  (10 records)\n");
	free(text);
	o.max_records = 0;
	text = walk_text(fx->st, &o);
	for (n = 0, p = text; (p = strstr(p, " added\n")); p++)
		n++;
	assert_int_equal(n, 10);
	free(text);
}

static void since_and_limit_bound_the_walk(void **state)
{
	struct fixture *fx = *state;
	mutu_history_opts o = { .since = "HEAD~1" };
	mutu_history_cb cb = { 0 };
	char *text;

	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	edit(fx->st, &unit_alice, "location", "Garage");
	text = walk_text(fx->st, &o);
	assert_contains(text, "offer.edit");
	assert_not_contains(text, "offer.add");
	free(text);
	o.since = "HEAD";
	text = walk_text(fx->st, &o);
	assert_string_equal(text, "");
	free(text);
	o.since = NULL;
	o.limit = 2;
	text = walk_text(fx->st, &o);
	assert_contains(text, "offer.add");
	assert_not_contains(text, "commons.init");
	free(text);
	o.since = "no-such-revision";
	assert_code(mutu_history_walk(fx->st, &o, &cb), MUTU_EDATA);
	assert_contains(mutu_error_last(), "no-such-revision");
	o.since = "HEAD^{tree}";
	assert_code(mutu_history_walk(fx->st, &o, &cb), MUTU_EDATA);
	mutu_error_clear();
}

static void a_callback_stops_the_walk(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { MUTU_BUF_INIT, 0, 1 };
	mutu_history_opts o = { 0 };
	mutu_history_cb cb = { on_begin, on_record, on_end, &s };

	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	assert_int_equal(mutu_history_walk(fx->st, &o, &cb), 42);
	assert_int_equal(s.commits, 1);
	mutu_buf_free(&s.text);
}

static void a_merge_is_told_without_its_changes(void **state)
{
	struct fixture *fx = *state;
	mutu_commit_info info = { .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "a side\n" };
	mutu_oid base, tree, side, parents[2], merge;
	mutu_history_opts o = { 0 };
	char *text;

	assert_ok(mutu_store_tip(&base, fx->st));
	assert_ok(mutu_store_tip_tree(&tree, fx->st));
	unit_add1(fx->st, &unit_alice, &mutu_type_offer, perceuse());
	/* a commit beside it, on the first commit: the same tree */
	assert_ok(mutu_store_build(&side, fx->st, &tree, &base, 1, &info));
	assert_ok(mutu_store_tip(&parents[0], fx->st));
	assert_ok(mutu_store_tip_tree(&tree, fx->st));
	parents[1] = side;
	info.message = "sync: merge origin\n\nMutu-Action: sync.merge\n";
	assert_ok(mutu_store_build(&merge, fx->st, &tree, parents, 2, &info));
	assert_ok(mutu_store_publish(fx->st, &merge, &parents[0], "test: merge"));
	o.limit = 1;
	text = walk_text(fx->st, &o);
	unit_assert_same_text(text, "sync.merge by alice (alice@example.org) merge: sync: merge origin\n  (0 records)\n",
			      "the merge");
	free(text);
	o.limit = 0;
	text = walk_text(fx->st, &o);
	assert_contains(text, "- by alice (alice@example.org): a side\n  (0 records)\n");
	assert_contains(text, "offer.add by");
	free(text);
	/* a record's history: the merge took it from its first parent */
	o.path = "offers/7q/7q3k9m2xh4ta.yaml";
	text = walk_text(fx->st, &o);
	assert_not_contains(text, "merge");
	assert_contains(text, "offer.add by");
	free(text);
}

static void paths_are_classified_like_the_merge_does(void **state)
{
	char key[64];

	(void)state;
	assert_ptr_equal(mutu_type_at("offers/7q/7q3k9m2xh4ta.yaml", key), &mutu_type_offer);
	assert_string_equal(key, "7q3k9m2xh4ta");
	assert_ptr_equal(mutu_type_at("members/bob.yaml", key), &mutu_type_member);
	assert_string_equal(key, "bob");
	assert_ptr_equal(mutu_type_at("comments/7q3k9m2xh4ta/pr2xvkjvaaaa.yaml", key),
			 &mutu_type_comment);
	assert_null(mutu_type_at("offers/7r/7q3k9m2xh4ta.yaml", key));
	assert_null(mutu_type_at("rules.yaml", key));
	assert_null(mutu_type_at("offers/7q/7q3k9m2xh4ta.yml", key));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(actions_come_newest_first_with_their_member),
		T(an_edit_tells_each_changed_field_but_not_the_stamp),
		T(the_member_is_found_by_email_in_the_commits_own_tree),
		T(a_record_path_keeps_only_the_commits_that_changed_it),
		T(a_plain_commit_of_other_files_tells_no_record),
		T(an_unreadable_or_huge_record_is_said_so),
		T(max_records_bounds_what_is_read_not_what_is_counted),
		T(since_and_limit_bound_the_walk),
		T(a_callback_stops_the_walk),
		T(a_merge_is_told_without_its_changes),
		cmocka_unit_test(paths_are_classified_like_the_merge_does),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
