/* types — the record-type table, checked row by row against the schemas. */
#include "unit.h"

#include "lib/schema.h"
#include "lib/types.h"

/* field must be a property of t's schema; what says which part of the row
 * named it, for the failure message. */
static void assert_in_schema(const mutu_record_type *t, const char *field, const char *what)
{
	const mutu_schema *s;

	if (!field)
		fail_msg("%s: %s is NULL", t->name, what);
	/* what a type derives is no field of its records, but must be one
	 * the catalog keeps */
	if (mutu_type_derived(t, field)) {
		if (!t->derive || mutu_type_summary_index(t, field) < 0)
			fail_msg("%s: derived %s '%s' is not derived into the summary", t->name,
				 what, field);
		return;
	}
	assert_ok(mutu_schema_get(&s, t->name));
	if (!mutu_schema_has_field(s, field))
		fail_msg("%s: %s '%s' is not a property of schema/%s.json", t->name, what, field,
			 t->name);
}

/* The rows of both tables: records that stand alone, then those under a
 * parent; NULL past the last. */
static const mutu_record_type *every_row(size_t i)
{
	size_t n = 0;

	while (mutu_types[n])
		n++;
	return i < n ? mutu_types[i] : mutu_child_types[i - n];
}

static void assert_in_list(const char *const *list, const char *s, const char *t, const char *what)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return;
	fail_msg("%s: '%s' is not in its %s", t, s, what);
}

/* value must be a valid value of field in t's schema. */
static void assert_valid_value(const mutu_record_type *t, const char *field, const char *value)
{
	const mutu_schema *s;
	mutu_value *v = mutu_value_str(value);

	assert_ok(mutu_schema_get(&s, t->name));
	if (mutu_schema_check_field(s, field, v, "row") != 0)
		fail_msg("%s: '%s' is not a valid %s: %s", t->name, value, field, mutu_error_last());
	mutu_value_free(v);
}

/* Whether value is in the schema's enum of field. */
static int in_enum(const mutu_record_type *t, const char *field, const char *value)
{
	const mutu_schema *s;
	const mutu_value *e;

	assert_ok(mutu_schema_get(&s, t->name));
	e = mutu_schema_enum(s, field);
	if (!e)
		fail_msg("%s: its status field '%s' has no enum in the schema", t->name, field);
	return value && mutu_seq_find_str(e, value) >= 0;
}

static void assert_columns(const mutu_record_type *t, const mutu_column *cols, const char *what,
			   int from_summary)
{
	size_t n = 0;

	if (!cols)
		fail_msg("%s: no %s columns", t->name, what);
	for (; cols->field; cols++, n++) {
		assert_in_schema(t, cols->field, what);
		/* a list prints from the catalog alone: its columns are summaries */
		if (from_summary && mutu_type_summary_index(t, cols->field) < 0)
			fail_msg("%s: %s column '%s' is not a summary field", t->name, what, cols->field);
		if (cols->flags & MUTU_COL_KEY)
			assert_string_equal(cols->field, t->key_field);
		if (cols->flags & MUTU_COL_STATUS) {
			assert_non_null(t->status_field);
			assert_string_equal(cols->field, t->status_field);
		}
		if (cols->flags & MUTU_COL_DATE)
			assert_valid_value(t, cols->field, UNIT_NOW);
	}
	assert_true(n > 0);
}

static void every_row_names_fields_of_its_schema(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; every_row(i); i++) {
		const mutu_record_type *t = every_row(i);
		const char *const *f;
		const mutu_sort_key *k;
		const mutu_default *d;
		const mutu_transition *tr;

		assert_in_schema(t, t->key_field, "key field");
		/* a conflict is the commons', no member's: it alone has no owner */
		if (t == &mutu_type_conflict)
			assert_null(t->owner_field);
		else
			assert_in_schema(t, t->owner_field, "owner field");
		/* a record under another one has no title: its parent has */
		if (t->layout != MUTU_LAYOUT_CHILD)
			assert_in_schema(t, t->title_field, "title field");
		else
			assert_in_schema(t, t->parent_field, "parent field");
		assert_in_schema(t, t->created_field, "created field");
		assert_valid_value(t, t->created_field, UNIT_NOW);
		if (t->updated_field) {
			assert_in_schema(t, t->updated_field, "updated field");
			assert_valid_value(t, t->updated_field, UNIT_NOW);
		}
		if (t->status_field)
			assert_in_schema(t, t->status_field, "status field");
		if (t->body_field)
			assert_in_schema(t, t->body_field, "body field");
		if (t->has_type_field) {
			assert_in_schema(t, "type", "type field");
			assert_valid_value(t, "type", t->name);
		}
		assert_non_null(t->settable);
		for (f = t->settable; *f; f++)
			assert_in_schema(t, *f, "settable field");
		for (f = t->list_fields; f && *f; f++) {
			assert_in_schema(t, *f, "list field");
			assert_in_list(t->settable, *f, t->name, "settable fields");
		}
		for (d = t->defaults; d && d->field; d++) {
			assert_in_list(t->settable, d->field, t->name, "settable fields");
			assert_valid_value(t, d->field, d->value);
		}
		assert_non_null(t->summary);
		for (f = t->summary; *f; f++)
			assert_in_schema(t, *f, "summary field");
		assert_columns(t, t->table, "table", 1);
		assert_columns(t, t->tsv, "tsv", 1);
		assert_columns(t, t->detail, "detail", 0);
		assert_non_null(t->sorts);
		assert_non_null(t->sorts[0].field);
		for (k = t->sorts; k->field; k++) {
			assert_in_schema(t, k->field, "sort field");
			if (mutu_type_summary_index(t, k->field) < 0)
				fail_msg("%s: sort field '%s' is not a summary field", t->name, k->field);
			if (k->newest_first)
				assert_valid_value(t, k->field, UNIT_NOW);
		}
		for (f = t->grep_fields; f && *f; f++)
			assert_in_schema(t, *f, "grep field");
		for (tr = t->transitions; tr && tr->verb; tr++) {
			const char *const *c;

			if (tr->note_field)
				assert_in_schema(t, tr->note_field, "transition note field");
			for (c = tr->clear; c && *c; c++)
				assert_in_schema(t, *c, "field a transition clears");
		}
	}
}

static void the_key_comes_first_in_every_summary(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; every_row(i); i++) {
		const mutu_record_type *t = every_row(i);

		assert_non_null(t->summary[0]);
		assert_string_equal(t->summary[0], t->key_field);
		assert_int_equal(mutu_type_summary_index(t, t->key_field), 0);
		if (t->status_field && mutu_type_summary_index(t, t->status_field) < 0)
			fail_msg("%s: its status is not a summary field: no list can filter on it", t->name);
	}
}

static void statuses_move_between_values_of_the_schema_enum(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; mutu_types[i]; i++) {
		const mutu_record_type *t = mutu_types[i];
		const mutu_transition *tr, *other;

		if (!t->status_field) {
			assert_null(t->initial_status);
			assert_true(!t->transitions || !t->transitions[0].verb);
			continue;
		}
		assert_true(in_enum(t, t->status_field, t->initial_status));
		/* no listed status: a list shows them all */
		if (t->listed_status)
			assert_true(in_enum(t, t->status_field, t->listed_status));
		for (tr = t->transitions; tr && tr->verb; tr++) {
			if (!in_enum(t, t->status_field, tr->from) || !in_enum(t, t->status_field, tr->to))
				fail_msg("%s %s: %s -> %s leaves the schema's statuses", t->name, tr->verb,
					 tr->from ? tr->from : "(null)", tr->to ? tr->to : "(null)");
			assert_string_not_equal(tr->from, tr->to);
			/* a verb starts from a status once: its row there is found */
			for (other = t->transitions; other != tr; other++)
				if (!strcmp(other->verb, tr->verb))
					assert_string_not_equal(other->from, tr->from);
			assert_ptr_equal(mutu_type_transition_from(t, tr->verb, tr->from), tr);
		}
	}
}

static void rows_are_found_by_name_and_are_distinct(void **state)
{
	size_t i, j;

	(void)state;
	assert_ptr_equal(mutu_type_find("offer"), &mutu_type_offer);
	assert_ptr_equal(mutu_type_find("need"), &mutu_type_need);
	assert_ptr_equal(mutu_type_find("member"), &mutu_type_member);
	assert_null(mutu_type_find("offers"));
	assert_null(mutu_type_find(""));
	assert_ptr_equal(mutu_type_find("proposal"), &mutu_type_proposal);
	assert_null(mutu_type_find("comment"));  /* reached through their parent */
	for (i = 0; mutu_types[i]; i++) {
		assert_ptr_equal(mutu_type_find(mutu_types[i]->name), mutu_types[i]);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(mutu_types[i]->name, mutu_types[j]->name);
			assert_string_not_equal(mutu_types[i]->dir, mutu_types[j]->dir);
		}
	}
}

static void the_table_answers_questions_about_fields_verbs_and_orders(void **state)
{
	char action[64];
	const mutu_transition *tr;

	(void)state;
	assert_true(mutu_type_settable(&mutu_type_offer, "title"));
	assert_true(mutu_type_settable(&mutu_type_need, "tags"));
	assert_false(mutu_type_settable(&mutu_type_offer, "status"));
	assert_false(mutu_type_settable(&mutu_type_offer, "id"));
	assert_false(mutu_type_settable(&mutu_type_offer, "author"));
	assert_false(mutu_type_settable(&mutu_type_offer, "colour"));
	assert_true(mutu_type_settable(&mutu_type_member, "email"));
	assert_false(mutu_type_settable(&mutu_type_member, "handle"));
	assert_false(mutu_type_settable(&mutu_type_member, "roles"));
	assert_true(mutu_type_list_field(&mutu_type_offer, "tags"));
	assert_false(mutu_type_list_field(&mutu_type_offer, "title"));
	assert_true(mutu_type_list_field(&mutu_type_member, "keys"));

	tr = mutu_type_transition(&mutu_type_offer, "close");
	assert_non_null(tr);
	assert_string_equal(tr->from, "open");
	assert_string_equal(tr->to, "closed");
	tr = mutu_type_transition(&mutu_type_need, "reopen");
	assert_non_null(tr);
	assert_string_equal(tr->from, "closed");
	assert_string_equal(tr->to, "open");
	assert_null(mutu_type_transition(&mutu_type_offer, "delete"));
	assert_null(mutu_type_transition(&mutu_type_member, "close"));

	assert_ptr_equal(mutu_type_sort(&mutu_type_offer, NULL), &mutu_type_offer.sorts[0]);
	assert_string_equal(mutu_type_sort(&mutu_type_offer, "title")->field, "title");
	assert_false(mutu_type_sort(&mutu_type_offer, "title")->newest_first);
	assert_true(mutu_type_sort(&mutu_type_offer, "updated")->newest_first);
	assert_null(mutu_type_sort(&mutu_type_offer, "colour"));
	assert_null(mutu_type_sort(&mutu_type_member, "created"));

	assert_int_equal(mutu_type_summary_index(&mutu_type_offer, "id"), 0);
	assert_true(mutu_type_summary_index(&mutu_type_offer, "tags") > 0);
	assert_int_equal(mutu_type_summary_index(&mutu_type_offer, "body"), -1);
	assert_int_equal(mutu_type_summary_index(&mutu_type_offer, "colour"), -1);

	mutu_type_action(action, &mutu_type_offer, "add");
	assert_string_equal(action, "offer.add");
	mutu_type_action(action, &mutu_type_need, "close");
	assert_string_equal(action, "need.close");
	mutu_type_action(action, &mutu_type_member, "edit");
	assert_string_equal(action, "member.edit");
}

static void a_path_fans_out_ids_and_names_members_by_handle(void **state)
{
	char path[64];

	(void)state;
	assert_ok(mutu_type_path(path, &mutu_type_offer, "7q3k9m2xh4ta"));
	assert_string_equal(path, "offers/7q/7q3k9m2xh4ta.yaml");
	assert_ok(mutu_type_path(path, &mutu_type_need, "0000aaaazzzz"));
	assert_string_equal(path, "needs/00/0000aaaazzzz.yaml");
	assert_ok(mutu_type_path(path, &mutu_type_member, "alice"));
	assert_string_equal(path, "members/alice.yaml");
	assert_ok(mutu_type_path(path, &mutu_type_member, "a-b-0"));
	assert_string_equal(path, "members/a-b-0.yaml");
}

static void a_path_is_never_made_from_a_bad_key(void **state)
{
	static const char *bad_ids[] = {
		"", "7q3k", "7q3k9m2xh4t", "7q3k9m2xh4ta0", "7Q3K9M2XH4TA", "7q3k9m2xh4tu",
		"7q3k9m2xh4ti", "../../etc/pa", "7q/k9m2xh4ta", "7q3k9m2xh4t ", "7q3k9m2x.yam",
	};
	static const char *bad_handles[] = {
		"", "a", "Alice", "1alice", "-alice", "al/ce", "../alice", "alice.yaml", "al ce",
		"abcdefghijklmnopqrstuvwxyz0123456", /* 33 characters */
	};
	char path[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		memcpy(path, "untouched", 10);
		mutu_error_clear();
		if (mutu_type_path(path, &mutu_type_offer, bad_ids[i]) != MUTU_EDATA)
			fail_msg("id '%s' made a path", bad_ids[i]);
		assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
		if (*bad_ids[i])
			assert_contains(mutu_error_last(), bad_ids[i]);
		assert_code(mutu_type_check_key(&mutu_type_need, bad_ids[i]), MUTU_EDATA);
		assert_string_equal(path, "untouched");
	}
	for (i = 0; i < sizeof(bad_handles) / sizeof(bad_handles[0]); i++) {
		mutu_error_clear();
		if (mutu_type_path(path, &mutu_type_member, bad_handles[i]) != MUTU_EDATA)
			fail_msg("handle '%s' made a path", bad_handles[i]);
		assert_code(mutu_type_check_key(&mutu_type_member, bad_handles[i]), MUTU_EDATA);
	}
	/* each kind of key is checked as what it is */
	assert_ok(mutu_type_check_key(&mutu_type_offer, "7q3k9m2xh4ta"));
	assert_ok(mutu_type_check_key(&mutu_type_member, "alice"));
	assert_code(mutu_type_check_key(&mutu_type_offer, "alice"), MUTU_EDATA);
	assert_code(mutu_type_check_key(&mutu_type_member, "7q3k9m2xh4ta"), MUTU_EDATA);
}

/* place must say path is where t keeps the record key. */
static void assert_placed(const mutu_record_type *t, const char *path, const char *key)
{
	const char *why = "unset";
	char got[64];

	if (mutu_type_place(t, path, got, &why) != 1)
		fail_msg("%s: not a place for a %s (%s)", path, t->name, why ? why : "no reason");
	assert_string_equal(got, key);
	assert_null(why);
}

/* place must refuse path, and say why; returns the reason. */
static const char *refused_place(const mutu_record_type *t, const char *path)
{
	const char *why = NULL;
	char key[64];

	if (mutu_type_place(t, path, key, &why) != 0)
		fail_msg("%s: taken for a %s's place (key '%s')", path, t->name, key);
	if (!why || !*why)
		fail_msg("%s: refused without a reason", path);
	return why;
}

static void place_recognises_where_records_live(void **state)
{
	(void)state;
	assert_placed(&mutu_type_offer, "offers/7q/7q3k9m2xh4ta.yaml", "7q3k9m2xh4ta");
	assert_placed(&mutu_type_need, "needs/zz/zzzzzzzzzzzz.yaml", "zzzzzzzzzzzz");
	assert_placed(&mutu_type_member, "members/alice.yaml", "alice");
	assert_placed(&mutu_type_member, "members/a-0.yaml", "a-0");
}

static void place_says_what_is_wrong_with_other_entries(void **state)
{
	static const char *elsewhere[] = {
		"offers/zz/7q3k9m2xh4ta.yaml",     /* the wrong fan-out directory */
		"offers/7Q/7q3k9m2xh4ta.yaml",
		"offers/7q3k9m2xh4ta.yaml",        /* not fanned out */
		"offers/7q/x/7q3k9m2xh4ta.yaml",   /* one level too deep */
		"offers/7q/7q/7q3k9m2xh4ta.yaml",
	};
	static const char *not_ids[] = {
		"offers/7q/7qiiiiiiiiii.yaml", "offers/7q/7q3k.yaml", "offers/7q/7q3k9m2xh4ta0.yaml",
		"offers/7q/7Q3K9M2XH4TA.yaml", "offers/7q/.yaml.yaml",
	};
	static const char *not_yaml[] = {
		"offers/7q/7q3k9m2xh4ta.yml", "offers/7q/7q3k9m2xh4ta", "offers/7q/7q3k9m2xh4ta.yaml~",
		"offers/7q/.yaml", "offers/README", "offers/7q/7q3k9m2xh4ta.YAML",
	};
	static const char *other_types[] = {
		"needs/7q/7q3k9m2xh4ta.yaml", "offersx/7q/7q3k9m2xh4ta.yaml", "offers", "offers/",
		"7q/7q3k9m2xh4ta.yaml", "", "members/alice.yaml",
	};
	const char *wrong_place = NULL, *not_an_id = NULL, *name = NULL;
	char longer[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(elsewhere) / sizeof(elsewhere[0]); i++) {
		const char *why = refused_place(&mutu_type_offer, elsewhere[i]);

		if (wrong_place)
			assert_string_equal(why, wrong_place);  /* one cause, one reason */
		wrong_place = why;
	}
	for (i = 0; i < sizeof(not_ids) / sizeof(not_ids[0]); i++)
		not_an_id = refused_place(&mutu_type_offer, not_ids[i]);
	for (i = 0; i < sizeof(not_yaml) / sizeof(not_yaml[0]); i++)
		name = refused_place(&mutu_type_offer, not_yaml[i]);
	for (i = 0; i < sizeof(other_types) / sizeof(other_types[0]); i++)
		refused_place(&mutu_type_offer, other_types[i]);
	/* the reasons tell the causes apart */
	assert_string_not_equal(wrong_place, not_an_id);
	assert_string_not_equal(wrong_place, name);
	assert_string_not_equal(not_an_id, name);

	/* a name longer than any key is refused, not cut */
	memset(longer, 'a', sizeof(longer));
	memcpy(longer, "offers/aa/", 10);
	memcpy(longer + sizeof(longer) - 6, ".yaml", 6);
	refused_place(&mutu_type_offer, longer);
	memcpy(longer, "members/aa", 10);
	refused_place(&mutu_type_member, longer);

	/* members: flat, named by handle */
	refused_place(&mutu_type_member, "members/al/alice.yaml");
	refused_place(&mutu_type_member, "members/Alice.yaml");
	refused_place(&mutu_type_member, "members/alice.yml");
	refused_place(&mutu_type_member, "members/7q3k9m2xh4ta.yaml");
	refused_place(&mutu_type_member, "members/a.yaml");
	refused_place(&mutu_type_member, "offers/7q/7q3k9m2xh4ta.yaml");
	assert_string_not_equal(refused_place(&mutu_type_member, "members/Alice.yaml"),
				refused_place(&mutu_type_member, "members/alice.yml"));
}

static void place_and_path_agree(void **state)
{
	static const char *ids[] = { "7q3k9m2xh4ta", "000000000000", "zzzzzzzzzzzz", "abcdefghjkmn" };
	static const char *handles[] = { "alice", "b0", "x-y-z", "abcdefghijklmnopqrstuvwxyz012345" };
	char path[64], key[64];
	const char *why;
	size_t i, k;

	(void)state;
	for (k = 0; mutu_types[k]; k++) {
		const mutu_record_type *t = mutu_types[k];
		const char *const *keys = t->key == MUTU_KEY_ID ? ids : handles;

		for (i = 0; i < 4; i++) {
			assert_ok(mutu_type_path(path, t, keys[i]));
			assert_int_equal(mutu_type_place(t, path, key, &why), 1);
			assert_string_equal(key, keys[i]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_names_fields_of_its_schema),
		cmocka_unit_test(the_key_comes_first_in_every_summary),
		cmocka_unit_test(statuses_move_between_values_of_the_schema_enum),
		cmocka_unit_test(rows_are_found_by_name_and_are_distinct),
		cmocka_unit_test(the_table_answers_questions_about_fields_verbs_and_orders),
		cmocka_unit_test(a_path_fans_out_ids_and_names_members_by_handle),
		cmocka_unit_test(a_path_is_never_made_from_a_bad_key),
		cmocka_unit_test(place_recognises_where_records_live),
		cmocka_unit_test(place_says_what_is_wrong_with_other_entries),
		cmocka_unit_test(place_and_path_agree),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
