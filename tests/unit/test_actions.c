/* actions — what members do to records: new, set, edit, close, add,
 * import, save; for any row of the type table. */
#include "unit.h"

#include "lib/actions.h"
#include "lib/id.h"
#include "lib/records.h"
#include "lib/schema.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

static int setup(void **state)
{
	return unit_commons_setup(state, 0);
}

static int teardown(void **state)
{
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	unit_commons_free(*state);
	return 0;
}

static mutu_record *offer(const char *id, const char *author, const char *title)
{
	return unit_item(&mutu_type_offer, id, author, title);
}

/* The first line of HEAD's message (malloc'd). */
static char *head_subject(const char *dir)
{
	char *msg = unit_head_message(dir), *nl = strchr(msg, '\n');

	if (nl)
		*nl = '\0';
	return msg;
}

static int has_raw_controls(const char *s)
{
	uint32_t cp;

	while (*s) {
		s += mutu_utf8_decode(s, &cp);
		if (mutu_utf8_unsafe(cp))
			return 1;
	}
	return 0;
}

/* --- new --- */

static void a_new_item_has_a_fresh_id_defaults_status_owner_and_times(void **state)
{
	const mutu_record_type *types[] = { &mutu_type_offer, &mutu_type_need };
	mutu_record *rec, *other;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		const mutu_record_type *t = types[i];

		rec = NULL;
		assert_ok(mutu_action_new(&rec, t, "bob", NULL));
		assert_non_null(rec);
		assert_true(mutu_id_valid(mutu_map_str(rec, "id")));
		assert_string_equal(mutu_map_str(rec, "type"), t->name);
		assert_string_equal(mutu_map_str(rec, "kind"), "other");       /* the default */
		assert_string_equal(mutu_map_str(rec, "status"), "open");      /* the initial status */
		assert_string_equal(mutu_map_str(rec, "author"), "bob");       /* the owner */
		assert_string_equal(mutu_map_str(rec, "created"), UNIT_NOW);   /* the fixed clock */
		assert_string_equal(mutu_map_str(rec, "updated"), UNIT_NOW);
		assert_null(mutu_map_get(rec, "title"));   /* the member's to give */
		assert_null(mutu_map_get(rec, "tags"));
		assert_null(mutu_map_get(rec, "closed_reason"));
		/* with a title it is a valid record of its type */
		assert_ok(mutu_map_set_str(rec, "title", "Une perceuse"));
		assert_ok(mutu_records_check(t->name, rec, NULL));
		/* two new records never share an id */
		assert_ok(mutu_action_new(&other, t, "bob", NULL));
		assert_string_not_equal(mutu_map_str(rec, "id"), mutu_map_str(other, "id"));
		mutu_value_free(other);
		mutu_value_free(rec);
	}
}

static void a_new_record_takes_its_times_from_the_fixed_clock(void **state)
{
	mutu_record *rec;

	(void)state;
	mutu_clock_fix("2027-05-06T07:08:09+02:00", "test");
	assert_ok(mutu_action_new(&rec, &mutu_type_offer, "alice", NULL));
	assert_string_equal(mutu_map_str(rec, "created"), "2027-05-06T05:08:09Z");
	assert_string_equal(mutu_map_str(rec, "updated"), "2027-05-06T05:08:09Z");
	mutu_value_free(rec);
	/* a clock that cannot be read makes no record */
	mutu_clock_fix("yesterday", "MUTU_NOW");
	rec = (mutu_record *)0x1;
	assert_code(mutu_action_new(&rec, &mutu_type_need, "alice", NULL), MUTU_EDATA);
	assert_null(rec);
	assert_contains(mutu_error_last(), "MUTU_NOW");
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
}

static void a_new_member_is_keyed_by_its_handle(void **state)
{
	static const char *bad[] = { "Carol", "c", "../carol", "carol/x", "" };
	mutu_record *rec;
	size_t i;

	(void)state;
	assert_ok(mutu_action_new(&rec, &mutu_type_member, "alice", "carol"));
	assert_string_equal(mutu_map_str(rec, "handle"), "carol");
	assert_string_equal(mutu_map_str(rec, "joined"), UNIT_NOW);
	assert_null(mutu_map_get(rec, "type"));     /* members carry no type field */
	assert_null(mutu_map_get(rec, "author"));   /* a member owns their own record */
	assert_null(mutu_map_get(rec, "status"));
	assert_ok(mutu_map_set_str(rec, "name", "Carol"));
	assert_ok(mutu_map_set_str(rec, "email", "carol@example.org"));
	assert_ok(mutu_records_check("member", rec, NULL));
	mutu_value_free(rec);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rec = (mutu_record *)0x1;
		if (mutu_action_new(&rec, &mutu_type_member, "alice", bad[i]) != MUTU_EDATA)
			fail_msg("handle '%s' accepted", bad[i]);
		assert_null(rec);
	}
}

/* --- set and list items --- */

static void set_takes_only_the_fields_a_member_sets(void **state)
{
	static const char *refused[] = { "status", "id", "type", "author", "created", "updated",
					 "closed_reason", "colour", "" };
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse"), *before;
	size_t i;

	(void)state;
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "title", "Scie"));
	assert_string_equal(mutu_map_str(rec, "title"), "Scie");
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "kind", "tool"));
	assert_string_equal(mutu_map_str(rec, "kind"), "tool");
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "location", "Salle 2"));
	assert_string_equal(mutu_map_str(rec, "location"), "Salle 2");
	before = mutu_value_dup(rec);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		mutu_error_clear();
		if (mutu_action_set(rec, &mutu_type_offer, refused[i], "closed") != MUTU_EDATA)
			fail_msg("set '%s' was not refused", refused[i]);
		/* the message names the field and every field a member may set */
		assert_contains(mutu_error_last(), "title");
		assert_contains(mutu_error_last(), "kind");
		assert_contains(mutu_error_last(), "tags");
		assert_contains(mutu_error_last(), "body");
		assert_contains(mutu_error_last(), "location");
		assert_contains(mutu_error_last(), "availability");
		if (*refused[i])
			assert_contains(mutu_error_last(), refused[i]);
		assert_true(mutu_value_equal(rec, before));
	}
	mutu_value_free(before);
	mutu_value_free(rec);

	/* a member's record: name, email and keys, never the handle or roles */
	assert_ok(mutu_action_new(&rec, &mutu_type_member, "alice", "carol"));
	assert_ok(mutu_action_set(rec, &mutu_type_member, "name", "Carol"));
	assert_code(mutu_action_set(rec, &mutu_type_member, "roles", "admin"), MUTU_EDATA);
	assert_contains(mutu_error_last(), "name, email, keys");
	assert_code(mutu_action_set(rec, &mutu_type_member, "handle", "mallory"), MUTU_EDATA);
	assert_string_equal(mutu_map_str(rec, "handle"), "carol");
	assert_null(mutu_map_get(rec, "roles"));
	mutu_value_free(rec);
}

static void set_reads_a_list_field_as_a_comma_separated_list(void **state)
{
	mutu_record *rec = offer(NULL, "alice", "Perceuse");
	const mutu_value *tags;

	(void)state;
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", "bricolage,outils,,bois,"));
	tags = mutu_map_get(rec, "tags");
	assert_non_null(tags);
	assert_int_equal(tags->type, MUTU_SEQ);
	assert_int_equal(tags->u.seq.len, 3);
	assert_string_equal(tags->u.seq.items[0]->u.str, "bricolage");
	assert_string_equal(tags->u.seq.items[1]->u.str, "outils");
	assert_string_equal(tags->u.seq.items[2]->u.str, "bois");
	assert_ok(mutu_records_check("offer", rec, NULL));
	/* a new list replaces the old one */
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", "jardin"));
	tags = mutu_map_get(rec, "tags");
	assert_int_equal(tags->u.seq.len, 1);
	assert_string_equal(tags->u.seq.items[0]->u.str, "jardin");
	/* a value of only commas is an empty list: no empty tag, no tags left */
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", ",,,"));
	tags = mutu_map_get(rec, "tags");
	assert_true(!tags || (tags->type == MUTU_SEQ && tags->u.seq.len == 0));
	assert_ok(mutu_records_check("offer", rec, NULL));
	assert_null(mutu_map_get(rec, "tags"));
	mutu_value_free(rec);
}

static void an_empty_value_removes_an_optional_field_from_what_is_saved(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse"), *back;
	mutu_oid blob;
	mutu_buf text = MUTU_BUF_INIT;

	assert_ok(mutu_action_set(rec, &mutu_type_offer, "location", "Salle 2"));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", "a,b"));
	unit_add1(fx->st, &unit_alice, &mutu_type_offer, rec);
	assert_ok(mutu_records_read(&rec, &blob, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "location", ""));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", ""));
	assert_ok(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"));
	assert_ok(mutu_records_read(&back, NULL, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_null(mutu_map_get(back, "location"));
	assert_null(mutu_map_get(back, "tags"));
	assert_ok(mutu_records_emit(&text, "offer", back));
	assert_not_contains(mutu_buf_cstr(&text), "location");
	assert_not_contains(mutu_buf_cstr(&text), "tags");
	mutu_buf_free(&text);
	mutu_value_free(back);
	/* a required field cannot be emptied away */
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "title", ""));
	assert_code(mutu_records_check("offer", rec, "r.yaml"), MUTU_EDATA);
	assert_contains(mutu_error_last(), "title");
	mutu_value_free(rec);
}

static void list_items_are_added_and_removed_one_at_a_time(void **state)
{
	mutu_record *rec = offer(NULL, "alice", "Perceuse"), *before;
	const mutu_value *tags;

	(void)state;
	/* removing from an absent list changes nothing */
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "a", 0));
	assert_null(mutu_map_get(rec, "tags"));
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "a", 1));
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "a", 1));   /* already there */
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "b", 1));
	tags = mutu_map_get(rec, "tags");
	assert_int_equal(tags->u.seq.len, 2);
	assert_string_equal(tags->u.seq.items[0]->u.str, "a");
	assert_string_equal(tags->u.seq.items[1]->u.str, "b");
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "zz", 0)); /* not there */
	assert_ok(mutu_action_list_item(rec, &mutu_type_offer, "tags", "a", 0));
	tags = mutu_map_get(rec, "tags");
	assert_int_equal(tags->u.seq.len, 1);
	assert_string_equal(tags->u.seq.items[0]->u.str, "b");
	/* only list fields hold items */
	before = mutu_value_dup(rec);
	assert_code(mutu_action_list_item(rec, &mutu_type_offer, "title", "x", 1), MUTU_EDATA);
	assert_contains(mutu_error_last(), "title");
	assert_code(mutu_action_list_item(rec, &mutu_type_offer, "status", "x", 1), MUTU_EDATA);
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	mutu_value_free(rec);
}

/* --- edit --- */

/* text with the first from replaced by to (malloc'd); *line: its line. */
static char *replaced(const char *text, const char *from, const char *to, unsigned *line)
{
	const char *at = strstr(text, from), *p;
	char *out;

	if (!at)
		fail_msg("'%s' not in:\n%s", from, text);
	*line = 1;
	for (p = text; p < at; p++)
		if (*p == '\n')
			(*line)++;
	out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

static mutu_record *parsed(const char *text)
{
	mutu_record *rec;

	if (mutu_yaml_parse(&rec, text, strlen(text), "edit.yaml") != 0)
		fail_msg("parse: %s", mutu_error_last());
	return rec;
}

/* A saved-looking offer and its YAML, as an editor would show it. */
static mutu_record *edit_base(char **text)
{
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse");
	mutu_buf b = MUTU_BUF_INIT;

	assert_ok(mutu_action_set(rec, &mutu_type_offer, "kind", "tool"));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", "a,b"));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "body", "Une perceuse.\n"));
	assert_ok(mutu_records_emit(&b, "offer", rec));
	*text = mutu_buf_detach(&b);
	return rec;
}

static void an_edit_may_not_change_what_mutu_owns(void **state)
{
	static const struct { const char *from, *to, *field; } changes[] = {
		{ "id: 7q3k9m2xh4ta", "id: 7q3k9m2xh4tb", "id" },
		{ "type: offer", "type: need", "type" },
		{ "status: open", "status: closed", "status" },
		{ "author: alice", "author: bob", "author" },
		{ "created: \"" UNIT_NOW "\"", "created: \"2020-01-01T00:00:00Z\"", "created" },
		{ "updated: ", "closed_reason: done\nupdated: ", "closed_reason" },
	};
	mutu_record *rec, *keep, *ed;
	char *text, *changed;
	unsigned line;
	size_t i;

	(void)state;
	rec = edit_base(&text);
	keep = mutu_value_dup(rec);
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		changed = replaced(text, changes[i].from, changes[i].to, &line);
		ed = parsed(changed);
		mutu_error_clear();
		if (mutu_action_apply_edit(rec, &mutu_type_offer, ed, "edit.yaml") != MUTU_EDATA)
			fail_msg("changing %s was not refused", changes[i].field);
		unit_assert_at(mutu_error_last(), "edit.yaml", line, 1);
		assert_contains(mutu_error_last(), changes[i].field);
		assert_true(mutu_value_equal(rec, keep));
		mutu_value_free(ed);
		free(changed);
	}
	/* a field the schema does not know, wherever it is */
	changed = replaced(text, "title: ", "colour: red\ntitle: ", &line);
	ed = parsed(changed);
	assert_code(mutu_action_apply_edit(rec, &mutu_type_offer, ed, "edit.yaml"), MUTU_EDATA);
	unit_assert_at(mutu_error_last(), "edit.yaml", line, 1);
	assert_contains(mutu_error_last(), "unknown field 'colour'");
	assert_true(mutu_value_equal(rec, keep));
	mutu_value_free(ed);
	free(changed);
	mutu_value_free(keep);
	mutu_value_free(rec);
	free(text);
}

static void an_edit_takes_the_settable_fields_and_drops_those_removed(void **state)
{
	mutu_record *rec, *ed;
	char *text, *changed, *again;
	unsigned line;

	(void)state;
	rec = edit_base(&text);
	/* the editor kept what mutu owns, retitled it, dropped tags and body */
	changed = replaced(text, "title: Perceuse", "title: Perceuse sans fil\nlocation: Ici", &line);
	again = replaced(changed, "tags:\n- a\n- b\n", "", &line);
	free(changed);
	changed = again;
	if (strstr(changed, "body:"))
		*strstr(changed, "body:") = '\0';
	ed = parsed(changed);
	assert_null(mutu_map_get(ed, "tags"));
	assert_null(mutu_map_get(ed, "body"));
	assert_ok(mutu_action_apply_edit(rec, &mutu_type_offer, ed, "edit.yaml"));
	assert_string_equal(mutu_map_str(rec, "title"), "Perceuse sans fil");
	assert_string_equal(mutu_map_str(rec, "location"), "Ici");
	assert_string_equal(mutu_map_str(rec, "kind"), "tool");
	assert_null(mutu_map_get(rec, "tags"));
	assert_null(mutu_map_get(rec, "body"));
	/* what mutu owns is as it was */
	assert_string_equal(mutu_map_str(rec, "id"), "7q3k9m2xh4ta");
	assert_string_equal(mutu_map_str(rec, "status"), "open");
	assert_string_equal(mutu_map_str(rec, "author"), "alice");
	assert_string_equal(mutu_map_str(rec, "created"), UNIT_NOW);
	assert_ok(mutu_records_check("offer", rec, NULL));
	mutu_value_free(ed);
	free(changed);

	/* an editor that left out what mutu owns leaves it alone too */
	ed = parsed("title: Seulement\n");
	assert_ok(mutu_action_apply_edit(rec, &mutu_type_offer, ed, "edit.yaml"));
	assert_string_equal(mutu_map_str(rec, "title"), "Seulement");
	assert_string_equal(mutu_map_str(rec, "id"), "7q3k9m2xh4ta");
	assert_null(mutu_map_get(rec, "kind"));   /* settable, so left out means removed */
	mutu_value_free(ed);
	mutu_value_free(rec);
	free(text);
}

/* --- owners and transitions --- */

static void only_the_owner_may_change_a_record(void **state)
{
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse");

	(void)state;
	assert_ok(mutu_action_check_owner(&mutu_type_offer, rec, &unit_alice, "close"));
	assert_code(mutu_action_check_owner(&mutu_type_offer, rec, &unit_bob, "close"), MUTU_EPERM);
	assert_contains(mutu_error_last(), "alice");
	assert_contains(mutu_error_last(), "bob");
	assert_contains(mutu_error_last(), "close");
	assert_contains(mutu_error_last(), "7q3k9m2x");
	/* a record whose owner is unknown is nobody's to change */
	mutu_map_remove(rec, "author");
	assert_code(mutu_action_check_owner(&mutu_type_offer, rec, &unit_alice, "edit"), MUTU_EPERM);
	mutu_value_free(rec);

	/* a member owns their own record */
	assert_ok(mutu_action_new(&rec, &mutu_type_member, "alice", "alice"));
	assert_ok(mutu_action_check_owner(&mutu_type_member, rec, &unit_alice, "edit"));
	assert_code(mutu_action_check_owner(&mutu_type_member, rec, &unit_bob, "edit"), MUTU_EPERM);
	assert_contains(mutu_error_last(), "alice");
	assert_contains(mutu_error_last(), "bob");
	mutu_value_free(rec);
}

static void close_and_reopen_move_the_status_with_their_note(void **state)
{
	const mutu_transition *close = mutu_type_transition(&mutu_type_offer, "close");
	const mutu_transition *reopen = mutu_type_transition(&mutu_type_offer, "reopen");
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse"), *before;
	mutu_action_ctx ctx = { NULL, &unit_alice };

	(void)state;
	assert_ok(mutu_action_transition(rec, &mutu_type_offer, close, "prêtée", &ctx));
	assert_string_equal(mutu_map_str(rec, "status"), "closed");
	assert_string_equal(mutu_map_str(rec, "closed_reason"), "prêtée");
	/* already closed: 1, and nothing changes, not even the note */
	before = mutu_value_dup(rec);
	assert_int_equal(mutu_action_transition(rec, &mutu_type_offer, close, "autre", &ctx), 1);
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	/* reopening clears the reason; it takes no note */
	assert_ok(mutu_action_transition(rec, &mutu_type_offer, reopen, "ignored", &ctx));
	assert_string_equal(mutu_map_str(rec, "status"), "open");
	assert_null(mutu_map_get(rec, "closed_reason"));
	assert_ok(mutu_records_check("offer", rec, NULL));
	before = mutu_value_dup(rec);
	assert_int_equal(mutu_action_transition(rec, &mutu_type_offer, reopen, NULL, &ctx), 1);
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	/* closing without a note leaves no reason */
	assert_ok(mutu_action_transition(rec, &mutu_type_offer, close, NULL, &ctx));
	assert_string_equal(mutu_map_str(rec, "status"), "closed");
	assert_null(mutu_map_get(rec, "closed_reason"));
	mutu_value_free(rec);
}

static void a_transition_starts_only_from_its_status(void **state)
{
	const mutu_transition *close = mutu_type_transition(&mutu_type_need, "close");
	mutu_record *rec = unit_item(&mutu_type_need, "7q3k9m2xh4ta", "alice", "Perceuse"), *before;
	mutu_action_ctx ctx = { NULL, &unit_alice };

	(void)state;
	assert_ok(mutu_map_set_str(rec, "status", "archived"));
	before = mutu_value_dup(rec);
	assert_code(mutu_action_transition(rec, &mutu_type_need, close, "x", &ctx), MUTU_EDATA);
	assert_contains(mutu_error_last(), "archived");
	assert_contains(mutu_error_last(), "open");
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	mutu_map_remove(rec, "status");
	before = mutu_value_dup(rec);
	assert_code(mutu_action_transition(rec, &mutu_type_need, close, "x", &ctx), MUTU_EDATA);
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	mutu_value_free(rec);
}

static const mutu_record *hook_saw_rec;
static const mutu_action_ctx *hook_saw_ctx;

static int refusing_hook(const mutu_record_type *t, const mutu_record *rec,
			 const mutu_action_ctx *ctx)
{
	(void)t;
	hook_saw_rec = rec;
	hook_saw_ctx = ctx;
	return mutu_error_set(MUTU_EPERM, "the discussion time is not over");
}

static void a_transition_hook_may_refuse_the_change(void **state)
{
	static const char *const clears[] = { "location", NULL };
	const mutu_transition hooked = { "close", "open", "closed", "closed_reason", clears,
					 refusing_hook };
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse"), *before;
	mutu_action_ctx ctx = { NULL, &unit_bob };

	(void)state;
	assert_ok(mutu_map_set_str(rec, "location", "Ici"));
	before = mutu_value_dup(rec);
	assert_code(mutu_action_transition(rec, &mutu_type_offer, &hooked, "x", &ctx), MUTU_EPERM);
	assert_string_equal(mutu_error_last(), "the discussion time is not over");
	assert_ptr_equal(hook_saw_rec, rec);
	assert_ptr_equal(hook_saw_ctx, &ctx);
	assert_true(mutu_value_equal(rec, before));
	mutu_value_free(before);
	mutu_value_free(rec);
}

/* --- add --- */

static void an_add_is_one_commit_named_after_its_action(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec = offer("7q3k9m2xh4ta", "alice", "Perceuse"), *back;
	size_t before = unit_linear_history(fx->dir);
	char *msg, *subject;

	assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", "bricolage"));
	unit_add1(fx->st, &unit_alice, &mutu_type_offer, rec);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	subject = head_subject(fx->dir);
	assert_string_equal(subject, "offer add 7q3k9m2x: Perceuse");
	free(subject);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "\n\nMutu-Action: offer.add\n");
	assert_contains(msg, "Mutu-Record: offers/7q/7q3k9m2xh4ta.yaml\n");
	free(msg);
	assert_ok(mutu_records_read(&back, NULL, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_string_equal(mutu_map_str(back, "title"), "Perceuse");
	assert_string_equal(mutu_map_str(back, "author"), "alice");
	mutu_value_free(back);
	/* the same id again is refused: nothing is overwritten */
	rec = offer("7q3k9m2xh4ta", "alice", "Autre");
	{
		mutu_action_ctx ctx = { fx->st, &unit_alice };
		git_oid head;

		unit_head(&head, fx->dir);
		assert_true(mutu_action_add(&ctx, &mutu_type_offer, &rec, 1) < 0);
		unit_assert_head_is(fx->dir, &head);
	}
	mutu_value_free(rec);
}

static void several_records_are_added_in_one_commit_or_none_at_all(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *recs[3];
	size_t before = unit_linear_history(fx->dir), i;
	git_oid head;
	char *msg;
	mutu_oid blob;

	recs[0] = offer("7q3k9m2xh4ta", "alice", "A");
	recs[1] = offer("abcd00000000", "alice", "B");
	recs[2] = offer("zzzz00000000", "alice", "C");
	assert_ok(mutu_map_set_str(recs[2], "kind", "spaceship"));
	unit_head(&head, fx->dir);
	assert_code(mutu_action_add(&ctx, &mutu_type_offer, recs, 3), MUTU_EDATA);
	assert_contains(mutu_error_last(), "kind");
	unit_assert_head_is(fx->dir, &head);
	assert_code(mutu_store_lookup(&blob, fx->st, "offers/7q/7q3k9m2xh4ta.yaml"), MUTU_ENOTFOUND);
	assert_code(mutu_action_add(&ctx, &mutu_type_offer, recs, 0), MUTU_EDATA);
	unit_assert_head_is(fx->dir, &head);

	assert_ok(mutu_map_set_str(recs[2], "kind", "tool"));
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 3);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "Mutu-Action: offer.add\n");
	assert_contains(msg, "Mutu-Record: offers/7q/7q3k9m2xh4ta.yaml\n");
	assert_contains(msg, "Mutu-Record: offers/ab/abcd00000000.yaml\n");
	assert_contains(msg, "Mutu-Record: offers/zz/zzzz00000000.yaml\n");
	free(msg);
	for (i = 0; i < 3; i++) {
		static const char *paths[] = { "offers/7q/7q3k9m2xh4ta.yaml", "offers/ab/abcd00000000.yaml",
					       "offers/zz/zzzz00000000.yaml" };

		assert_ok(mutu_store_lookup(&blob, fx->st, paths[i]));
	}
}

static void a_member_is_added_under_a_handle_not_yet_taken(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *rec;
	git_oid head;
	char *msg, *subject;

	assert_ok(mutu_action_new(&rec, &mutu_type_member, "alice", "bob"));
	assert_ok(mutu_action_set(rec, &mutu_type_member, "name", "Bob"));
	assert_ok(mutu_action_set(rec, &mutu_type_member, "email", "bob@example.org"));
	unit_add1(fx->st, &unit_alice, &mutu_type_member, rec);
	subject = head_subject(fx->dir);
	assert_string_equal(subject, "member add bob: Bob");
	free(subject);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "Mutu-Action: member.add\n");
	assert_contains(msg, "Mutu-Record: members/bob.yaml\n");
	free(msg);

	assert_ok(mutu_action_new(&rec, &mutu_type_member, "alice", "alice"));
	assert_ok(mutu_action_set(rec, &mutu_type_member, "name", "Another Alice"));
	assert_ok(mutu_action_set(rec, &mutu_type_member, "email", "other@example.org"));
	unit_head(&head, fx->dir);
	assert_code(mutu_action_add(&ctx, &mutu_type_member, &rec, 1), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "alice");
	unit_assert_head_is(fx->dir, &head);
	mutu_value_free(rec);
}

/* --- import --- */

static size_t progress_calls, progress_last_done, progress_last_total;

static void count_progress(const char *what, size_t done, size_t total)
{
	assert_non_null(what);
	progress_calls++;
	progress_last_done = done;
	progress_last_total = total;
}

static int import_text(mutu_record ***recs, size_t *n, struct fixture *fx,
		       const mutu_record_type *t, const char *text, const char *name)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	int err;

	assert_non_null(f);
	err = mutu_action_import(recs, n, &ctx, t, f, name, count_progress);
	fclose(f);
	return err;
}

static void free_recs(mutu_record **recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mutu_value_free(recs[i]);
	free(recs);
}

static void an_import_commits_a_whole_stream_in_one_commit(void **state)
{
	struct fixture *fx = *state;
	static const char text[] =
		"title: Perceuse\nkind: tool\ntags: [bricolage]\n"
		"---\ntitle: Scie\nbody: |\n  Une scie.\n"
		"---\ntitle: Cours\nkind: skill\nlocation: Salle 2\n";
	size_t n = 0, before = unit_linear_history(fx->dir), i;
	mutu_record **recs = NULL, *back;
	char path[64], *msg, *subject;

	progress_calls = 0;
	assert_ok(import_text(&recs, &n, fx, &mutu_type_offer, text, "<stdin>"));
	assert_int_equal(n, 3);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	subject = head_subject(fx->dir);
	assert_string_equal(subject, "offer add: 3 records");
	free(subject);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "Mutu-Action: offer.add\n");
	assert_string_equal(mutu_map_str(recs[0], "title"), "Perceuse");
	assert_string_equal(mutu_map_str(recs[1], "kind"), "other");
	assert_string_equal(mutu_map_str(recs[2], "location"), "Salle 2");
	for (i = 0; i < n; i++) {
		assert_string_equal(mutu_map_str(recs[i], "author"), "alice");
		assert_string_equal(mutu_map_str(recs[i], "status"), "open");
		assert_string_equal(mutu_map_str(recs[i], "created"), UNIT_NOW);
		assert_ok(mutu_type_path(path, &mutu_type_offer, mutu_map_str(recs[i], "id")));
		assert_contains(msg, path);
		assert_ok(mutu_records_read(&back, NULL, fx->st, "offer", path, 1));
		assert_true(mutu_value_equal(back, recs[i]));
		mutu_value_free(back);
	}
	free(msg);
	/* the end of the work is reported */
	assert_true(progress_calls >= 1);
	assert_int_equal(progress_last_done, 3);
	assert_int_equal(progress_last_total, 3);
	free_recs(recs, n);
}

static void an_import_commits_nothing_when_any_document_is_bad(void **state)
{
	struct fixture *fx = *state;
	static const char good[] = "title: Bon\n";
	static const struct { const char *doc; unsigned line; const char *what; } bad[] = {
		{ "title: C\ncolour: red\n", 2, "colour" },           /* unknown */
		{ "title: C\nid: 7q3k9m2xh4ta\n", 2, "id" },          /* mutu's to set */
		{ "title: C\nstatus: closed\n", 2, "status" },
		{ "title: C\nauthor: bob\n", 2, "author" },
		{ "title: C\nkind: spaceship\n", 0, "kind" },         /* fails the schema */
		{ "kind: tool\n", 0, "title" },                       /* no title */
		{ "title: [C\n", 0, "" },                             /* not YAML */
		{ "- C\n", 0, "" },                                   /* not a mapping */
	};
	size_t i, where;
	git_oid head;

	unit_head(&head, fx->dir);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (where = 0; where < 3; where++) {
			/* the bad document first, in the middle, last */
			char text[512];
			unsigned offset = where == 0 ? 0 : where == 1 ? 4 : 6;
			mutu_record **recs = (mutu_record **)0x1;
			size_t n = 99;

			if (where == 0)
				snprintf(text, sizeof(text), "%s---\n%s---\n%s", bad[i].doc, good, good);
			else if (where == 1)
				snprintf(text, sizeof(text), "%s---\n%s---\n%s---\n%s", good, good,
					 bad[i].doc, good);
			else
				snprintf(text, sizeof(text), "%s---\n%s---\n%s---\n%s", good, good, good,
					 bad[i].doc);
			mutu_error_clear();
			if (import_text(&recs, &n, fx, &mutu_type_offer, text, "in.yaml") != MUTU_EDATA)
				fail_msg("document %zu at %zu was not refused (%s)", i, where,
					 mutu_error_last());
			assert_null(recs);
			assert_int_equal(n, 0);
			unit_assert_position(mutu_error_last(), "in.yaml");
			if (bad[i].line)
				unit_assert_at(mutu_error_last(), "in.yaml", bad[i].line + offset, 0);
			assert_contains(mutu_error_last(), bad[i].what);
			unit_assert_head_is(fx->dir, &head);
		}
}

static void an_import_of_nothing_or_of_members_is_refused(void **state)
{
	struct fixture *fx = *state;
	mutu_record **recs;
	size_t n;
	git_oid head;

	unit_head(&head, fx->dir);
	assert_code(import_text(&recs, &n, fx, &mutu_type_offer, "# nothing\n", "-"), MUTU_EDATA);
	assert_code(import_text(&recs, &n, fx, &mutu_type_need, "", "-"), MUTU_EDATA);
	assert_code(import_text(&recs, &n, fx, &mutu_type_member, "name: Bob\nemail: b@x.org\n", "-"),
		    MUTU_EUSAGE);
	unit_assert_head_is(fx->dir, &head);
}

static void a_long_subject_is_cut_on_a_character_boundary(void **state)
{
	struct fixture *fx = *state;
	char text[1024], title[700], full[800], *subject;
	mutu_record **recs;
	size_t n, i, len;

	/* 200 characters of three bytes: the subject would be 620 bytes */
	for (i = 0; i < 200; i++)
		memcpy(title + 3 * i, "€", 3);
	title[600] = '\0';
	snprintf(text, sizeof(text), "title: %s\n", title);
	assert_ok(import_text(&recs, &n, fx, &mutu_type_offer, text, "-"));
	assert_int_equal(n, 1);
	snprintf(full, sizeof(full), "offer add %.8s: %s", mutu_map_str(recs[0], "id"), title);
	subject = head_subject(fx->dir);
	len = strlen(subject);
	assert_true(len <= MUTU_RECORDS_MAX_SUBJECT);
	assert_true(len > MUTU_RECORDS_MAX_SUBJECT - 3);   /* no more cut than a character */
	assert_true(mutu_utf8_valid(subject, len));
	assert_memory_equal(subject, full, len);
	free(subject);
	free_recs(recs, n);
}

static void control_characters_never_reach_a_commit_subject_raw(void **state)
{
	struct fixture *fx = *state;
	static const char *docs[] = {
		"title: \"a\\e[31mred\"\n", "title: \"tab\\there\"\n", "title: \"cr\\rhere\"\n",
		"title: \"\\u202Eevil\"\n", "title: \"next\\u0085line\"\n", "title: \"del\\x7f\"\n",
	};
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	git_repository *repo;
	git_revwalk *walk;
	git_oid head, id;
	size_t i, n;

	unit_head(&head, fx->dir);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		mutu_record **recs = NULL, *rec;

		if (import_text(&recs, &n, fx, &mutu_type_offer, docs[i], "-") == 0)
			free_recs(recs, n);
		/* the same title through add */
		assert_ok(mutu_yaml_parse(&rec, docs[i], strlen(docs[i]), "-"));
		{
			mutu_record *item = offer(NULL, "alice", mutu_map_str(rec, "title"));

			if (mutu_action_add(&ctx, &mutu_type_offer, &item, 1) == 0)
				(void)0;
			mutu_value_free(item);
		}
		mutu_value_free(rec);
	}
	/* whatever was committed, no subject in the history holds them raw */
	assert_int_equal(git_repository_open_ext(&repo, fx->dir, 0, NULL), 0);
	assert_int_equal(git_revwalk_new(&walk, repo), 0);
	assert_int_equal(git_revwalk_push_head(walk), 0);
	while (git_revwalk_next(&id, walk) == 0) {
		git_commit *c;
		const char *msg;
		const char *nl;
		char line[1024];

		assert_int_equal(git_commit_lookup(&c, repo, &id), 0);
		msg = git_commit_message(c);
		nl = strchr(msg, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl ? nl - msg : (long)strlen(msg)), msg);
		if (has_raw_controls(line))
			fail_msg("a raw control character in the subject '%s'", line);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	git_repository_free(repo);
}

/* --- save --- */

static void add_perceuse(struct fixture *fx, mutu_record **rec, mutu_oid *blob)
{
	unit_add1(fx->st, &unit_alice, &mutu_type_offer, offer("7q3k9m2xh4ta", "alice", "Perceuse"));
	assert_ok(mutu_records_read(rec, blob, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
}

static void a_save_stamps_the_update_time_and_names_its_verb(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *rec, *back;
	mutu_oid blob;
	size_t before;
	char *msg, *subject;

	add_perceuse(fx, &rec, &blob);
	before = unit_linear_history(fx->dir);
	mutu_clock_fix("2026-02-03T04:05:06Z", "test");
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "title", "Perceuse sans fil"));
	assert_ok(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"));
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	subject = head_subject(fx->dir);
	assert_string_equal(subject, "offer edit 7q3k9m2x: Perceuse sans fil");
	free(subject);
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "Mutu-Action: offer.edit\n");
	assert_contains(msg, "Mutu-Record: offers/7q/7q3k9m2xh4ta.yaml\n");
	free(msg);
	assert_ok(mutu_records_read(&back, &blob, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_string_equal(mutu_map_str(back, "title"), "Perceuse sans fil");
	assert_string_equal(mutu_map_str(back, "updated"), "2026-02-03T04:05:06Z");
	assert_string_equal(mutu_map_str(back, "created"), UNIT_NOW);
	mutu_value_free(back);

	/* a transition saved under its own verb */
	mutu_clock_fix("2026-02-04T00:00:00Z", "test");
	assert_ok(mutu_action_transition(rec, &mutu_type_offer,
					 mutu_type_transition(&mutu_type_offer, "close"), "donnée", &ctx));
	assert_ok(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "close"));
	msg = unit_head_message(fx->dir);
	assert_contains(msg, "offer close 7q3k9m2x: Perceuse sans fil\n");
	assert_contains(msg, "Mutu-Action: offer.close\n");
	free(msg);
	assert_ok(mutu_records_read(&back, NULL, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_string_equal(mutu_map_str(back, "status"), "closed");
	assert_string_equal(mutu_map_str(back, "closed_reason"), "donnée");
	assert_string_equal(mutu_map_str(back, "updated"), "2026-02-04T00:00:00Z");
	mutu_value_free(back);
	mutu_value_free(rec);
}

static void a_save_by_anyone_but_the_owner_is_refused(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_bob };
	mutu_record *rec;
	mutu_oid blob;
	git_oid head;

	add_perceuse(fx, &rec, &blob);
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "title", "Volée"));
	unit_head(&head, fx->dir);
	assert_code(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"), MUTU_EPERM);
	assert_contains(mutu_error_last(), "alice");
	unit_assert_head_is(fx->dir, &head);
	mutu_value_free(rec);
}

static void a_save_of_a_record_changed_since_it_was_read_is_refused(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *rec, *other, *back;
	mutu_oid blob, blob2;
	git_oid head;

	add_perceuse(fx, &rec, &blob);
	assert_ok(mutu_records_read(&other, &blob2, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "title", "Première"));
	assert_ok(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"));
	unit_head(&head, fx->dir);
	/* a second change made from the old blob would undo the first */
	assert_ok(mutu_action_set(other, &mutu_type_offer, "title", "Seconde"));
	assert_code(mutu_action_save(&ctx, &mutu_type_offer, other, &blob2, "edit"), MUTU_ETEMP);
	unit_assert_head_is(fx->dir, &head);
	assert_ok(mutu_records_read(&back, NULL, fx->st, "offer", "offers/7q/7q3k9m2xh4ta.yaml", 1));
	assert_string_equal(mutu_map_str(back, "title"), "Première");
	mutu_value_free(back);
	mutu_value_free(other);
	mutu_value_free(rec);
}

static void a_save_of_an_invalid_or_keyless_record_is_refused(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record *rec;
	mutu_oid blob;
	git_oid head;

	add_perceuse(fx, &rec, &blob);
	unit_head(&head, fx->dir);
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "kind", "spaceship"));
	assert_code(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"), MUTU_EDATA);
	assert_contains(mutu_error_last(), "kind");
	unit_assert_head_is(fx->dir, &head);
	assert_ok(mutu_action_set(rec, &mutu_type_offer, "kind", "tool"));
	assert_ok(mutu_map_set_str(rec, "id", "../../../x"));
	assert_code(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"), MUTU_EDATA);
	mutu_map_remove(rec, "id");
	assert_code(mutu_action_save(&ctx, &mutu_type_offer, rec, &blob, "edit"), MUTU_EDATA);
	unit_assert_head_is(fx->dir, &head);
	mutu_value_free(rec);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_item_has_a_fresh_id_defaults_status_owner_and_times),
		cmocka_unit_test(a_new_record_takes_its_times_from_the_fixed_clock),
		cmocka_unit_test(a_new_member_is_keyed_by_its_handle),
		cmocka_unit_test(set_takes_only_the_fields_a_member_sets),
		cmocka_unit_test(set_reads_a_list_field_as_a_comma_separated_list),
		T(an_empty_value_removes_an_optional_field_from_what_is_saved),
		cmocka_unit_test(list_items_are_added_and_removed_one_at_a_time),
		cmocka_unit_test(an_edit_may_not_change_what_mutu_owns),
		cmocka_unit_test(an_edit_takes_the_settable_fields_and_drops_those_removed),
		cmocka_unit_test(only_the_owner_may_change_a_record),
		cmocka_unit_test(close_and_reopen_move_the_status_with_their_note),
		cmocka_unit_test(a_transition_starts_only_from_its_status),
		cmocka_unit_test(a_transition_hook_may_refuse_the_change),
		T(an_add_is_one_commit_named_after_its_action),
		T(several_records_are_added_in_one_commit_or_none_at_all),
		T(a_member_is_added_under_a_handle_not_yet_taken),
		T(an_import_commits_a_whole_stream_in_one_commit),
		T(an_import_commits_nothing_when_any_document_is_bad),
		T(an_import_of_nothing_or_of_members_is_refused),
		T(a_long_subject_is_cut_on_a_character_boundary),
		T(control_characters_never_reach_a_commit_subject_raw),
		T(a_save_stamps_the_update_time_and_names_its_verb),
		T(a_save_by_anyone_but_the_owner_is_refused),
		T(a_save_of_a_record_changed_since_it_was_read_is_refused),
		T(a_save_of_an_invalid_or_keyless_record_is_refused),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
