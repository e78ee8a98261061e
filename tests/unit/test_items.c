/* items — offers and needs: add, resolve, list, import, edit, save. */
#include "unit.h"

#include "lib/commons.h"
#include "lib/items.h"
#include "lib/schema.h"
#include "lib/store.h"

#include <git2.h>
#include <locale.h>
#include <malloc.h>

static const mutu_actor alice = { "alice", "Alice", "alice@example.org" };
static const mutu_actor bob = { "bob", "Bob", "bob@example.org" };

static int setup(void **state)
{
	return unit_commons_setup(state, 0);
}

static int teardown(void **state)
{
	unit_commons_free(*state);
	return 0;
}



/* A record with a chosen id and fields; NULL fields are left as made. */
static mutu_record *make(const char *id, const char *author, const char *title,
			 const char *kind, const char *status, const char *created,
			 const char *updated, const char *tags, const char *body)
{
	mutu_record *rec;

	assert_ok(mutu_item_new(&rec, &mutu_item_offer, author));
	if (id)
		assert_ok(mutu_map_set_str(rec, "id", id));
	assert_ok(mutu_map_set_str(rec, "title", title));
	if (kind)
		assert_ok(mutu_map_set_str(rec, "kind", kind));
	if (status)
		assert_ok(mutu_map_set_str(rec, "status", status));
	if (created)
		assert_ok(mutu_map_set_str(rec, "created", created));
	if (updated)
		assert_ok(mutu_map_set_str(rec, "updated", updated));
	if (tags)
		assert_ok(mutu_item_set_field(rec, "tags", tags));
	if (body)
		assert_ok(mutu_map_set_str(rec, "body", body));
	return rec;
}

static void add(struct fixture *fx, const mutu_actor *who, mutu_record *rec)
{
	if (mutu_item_add(fx->st, who, &mutu_item_offer, &rec, 1) != 0)
		fail_msg("add: %s", mutu_error_last());
	mutu_value_free(rec);
}

static void new_records_have_the_documented_shape(void **state)
{
	static const char *keys[] = { "id", "type", "status", "author", "created", "updated" };
	mutu_record *rec;
	const mutu_schema *s;
	size_t i;

	(void)state;
	unit_env();
	assert_ok(mutu_item_new(&rec, &mutu_item_need, "alice"));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_non_null(mutu_map_get(rec, keys[i]));
	assert_true(mutu_id_valid(mutu_map_str(rec, "id")));
	assert_string_equal(mutu_map_str(rec, "type"), "need");
	assert_string_equal(mutu_map_str(rec, "status"), "open");
	assert_string_equal(mutu_map_str(rec, "author"), "alice");
	assert_string_equal(mutu_map_str(rec, "created"), UNIT_NOW);
	assert_string_equal(mutu_map_str(rec, "updated"), UNIT_NOW);
	assert_null(mutu_map_get(rec, "title"));
	/* with a title it is a valid record */
	assert_ok(mutu_map_set_str(rec, "title", "Une perceuse"));
	assert_ok(mutu_schema_get(&s, "need"));
	assert_ok(mutu_schema_canonicalize(s, rec));
	assert_ok(mutu_schema_validate(s, rec, NULL));
	mutu_value_free(rec);
	/* two new records never share an id */
	{
		mutu_record *a, *b;

		assert_ok(mutu_item_new(&a, &mutu_item_offer, "alice"));
		assert_ok(mutu_item_new(&b, &mutu_item_offer, "alice"));
		assert_string_not_equal(mutu_map_str(a, "id"), mutu_map_str(b, "id"));
		mutu_value_free(a);
		mutu_value_free(b);
	}
}

static void paths_fan_out_by_the_first_two_characters(void **state)
{
	char path[64];

	(void)state;
	assert_ok(mutu_item_path(path, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_string_equal(path, "offers/7q/7q3k9m2xh4ta.yaml");
	assert_ok(mutu_item_path(path, &mutu_item_need, "7q3k9m2xh4ta"));
	assert_string_equal(path, "needs/7q/7q3k9m2xh4ta.yaml");
	assert_code(mutu_item_path(path, &mutu_item_offer, "../../x"), MUTU_EDATA);
	assert_code(mutu_item_path(path, &mutu_item_offer, "7q3k"), MUTU_EDATA);
}

static void user_fields_are_the_documented_ones(void **state)
{
	static const char *user[] = { "title", "kind", "tags", "body", "location", "availability" };
	static const char *owned[] = { "id", "type", "status", "author", "created", "updated", "closed_reason", "x" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(user) / sizeof(user[0]); i++)
		assert_true(mutu_item_user_field(user[i]));
	for (i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
		assert_false(mutu_item_user_field(owned[i]));
}

static void an_added_record_is_committed_and_loads_back(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec = make("7q3k9m2xh4ta", "alice", "Perceuse", "tool", NULL, NULL, NULL,
				"bricolage,outils", "Une perceuse.\n"), *back;
	mutu_oid blob;
	size_t before = unit_linear_history(fx->dir);

	add(fx, &alice, rec);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	assert_ok(mutu_item_load(&back, &blob, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_string_equal(mutu_map_str(back, "title"), "Perceuse");
	assert_string_equal(mutu_map_str(back, "kind"), "tool");
	assert_int_equal(mutu_map_get(back, "tags")->u.seq.len, 2);
	assert_string_equal(back->u.map.fields[0].key, "id"); /* canonical order */
	mutu_value_free(back);
	assert_code(mutu_item_load(&back, &blob, fx->st, &mutu_item_offer, "zzzzzzzzzzzz"), MUTU_ENOTFOUND);
	assert_code(mutu_item_load(&back, &blob, fx->st, &mutu_item_need, "7q3k9m2xh4ta"), MUTU_ENOTFOUND);
}

static void an_invalid_record_is_not_added(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec = make(NULL, "alice", "Perceuse", "spaceship", NULL, NULL, NULL, NULL, NULL);
	git_oid h1, h2;

	unit_head(&h1, fx->dir);
	assert_code(mutu_item_add(fx->st, &alice, &mutu_item_offer, &rec, 1), MUTU_EDATA);
	assert_contains(mutu_error_last(), "kind");
	unit_head(&h2, fx->dir);
	assert_true(git_oid_equal(&h1, &h2));
	mutu_value_free(rec);
}

static void add_many(struct fixture *fx)
{
	mutu_record *recs[4];

	recs[0] = make("7q3k9m2xh4ta", "alice", "A", NULL, NULL, NULL, NULL, NULL, NULL);
	recs[1] = make("7q3k9m2xh4tb", "alice", "B", NULL, NULL, NULL, NULL, NULL, NULL);
	recs[2] = make("7q3kaaaaaaaa", "alice", "C", NULL, NULL, NULL, NULL, NULL, NULL);
	recs[3] = make("abcd00000000", "alice", "D", NULL, NULL, NULL, NULL, NULL, NULL);
	if (mutu_item_add(fx->st, &alice, &mutu_item_offer, recs, 4) != 0)
		fail_msg("add: %s", mutu_error_last());
	for (size_t i = 0; i < 4; i++)
		mutu_value_free(recs[i]);
}

static void resolve_finds_a_unique_prefix(void **state)
{
	struct fixture *fx = *state;
	char id[MUTU_ID_LEN + 1];
	size_t before = unit_linear_history(fx->dir);

	add_many(fx);
	assert_int_equal(unit_linear_history(fx->dir), before + 1); /* four records, one commit */
	assert_ok(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3ka"));
	assert_string_equal(id, "7q3kaaaaaaaa");
	assert_ok(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7Q3KA"));
	assert_string_equal(id, "7q3kaaaaaaaa");
	assert_ok(mutu_item_resolve(id, fx->st, &mutu_item_offer, "abcd"));
	assert_string_equal(id, "abcd00000000");
	assert_ok(mutu_item_resolve(id, fx->st, &mutu_item_offer, "abcdOOOO")); /* O reads 0 */
	assert_string_equal(id, "abcd00000000");
	assert_ok(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_string_equal(id, "7q3k9m2xh4ta");
}

static void resolve_lists_every_candidate_of_an_ambiguous_prefix(void **state)
{
	struct fixture *fx = *state;
	char id[MUTU_ID_LEN + 1];

	add_many(fx);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3k9"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "7q3k9m2xh4ta");
	assert_contains(mutu_error_last(), "7q3k9m2xh4tb");
	assert_not_contains(mutu_error_last(), "7q3kaaaaaaaa");
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3k"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "7q3k9m2xh4ta");
	assert_contains(mutu_error_last(), "7q3k9m2xh4tb");
	assert_contains(mutu_error_last(), "7q3kaaaaaaaa");
}

static void resolve_refuses_unknown_and_malformed_prefixes(void **state)
{
	struct fixture *fx = *state;
	char id[MUTU_ID_LEN + 1];

	add_many(fx);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "zzzz"), MUTU_ENOTFOUND);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3z"), MUTU_ENOTFOUND);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_need, "7q3ka"), MUTU_ENOTFOUND);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3"), MUTU_EDATA);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3u"), MUTU_EDATA);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "../7q3k"), MUTU_EDATA);
	assert_code(mutu_item_resolve(id, fx->st, &mutu_item_offer, "7q3k9m2xh4ta0"), MUTU_EDATA);
}

/* A small commons for list tests. Titles, times and tags are chosen so
 * that each sort gives a different order. */
static void add_listing(struct fixture *fx)
{
	add(fx, &alice, make("1aaaaaaaaaaa", "alice", "Perceuse", "tool", NULL,
			     "2026-01-01T10:00:00Z", "2026-03-01T10:00:00Z", "bricolage,outils", "Percussion."));
	add(fx, &alice, make("1aaaaaaaaaab", "alice", "Échelle", "tool", NULL,
			     "2026-01-03T10:00:00Z", "2026-01-03T10:00:00Z", "bricolage", NULL));
	add(fx, &bob, make("2bbbbbbbbbbb", "bob", "Cours de couture", "skill", NULL,
			   "2026-01-02T10:00:00Z", "2026-02-01T10:00:00Z", "couture,outils", "Une PERCEUSE n'est pas requise."));
	add(fx, &bob, make("2bbbbbbbcccc", "bob", "atelier", "space", "closed",
			   "2026-01-05T10:00:00Z", "2026-01-06T10:00:00Z", "bricolage,outils", NULL));
	add(fx, &alice, make("3ccccccccccc", "alice", "Zèbre en peluche", "other", NULL,
			     "2026-01-04T10:00:00Z", "2026-01-04T10:00:00Z", "bri", NULL));
}

static size_t list(struct fixture *fx, const mutu_item_query *q, char ids[][MUTU_ID_LEN + 1])
{
	mutu_item_row *rows;
	size_t n, i;

	if (mutu_item_list(&rows, &n, fx->st, &mutu_item_offer, q) != 0)
		fail_msg("list: %s", mutu_error_last());
	for (i = 0; i < n; i++)
		snprintf(ids[i], MUTU_ID_LEN + 1, "%s", mutu_map_str(rows[i].rec, "id"));
	mutu_item_rows_free(rows, n);
	return n;
}

#define assert_ids(fx, q, ...) do { \
	const char *want_[] = { __VA_ARGS__ }; \
	char got_[16][MUTU_ID_LEN + 1]; \
	size_t n_ = list(fx, q, got_), i_; \
	size_t w_ = sizeof(want_) / sizeof(want_[0]); \
	if (w_ == 1 && !want_[0]) w_ = 0; \
	if (n_ != w_) fail_msg("%zu rows, expected %zu", n_, w_); \
	for (i_ = 0; i_ < n_; i_++) assert_string_equal(got_[i_], want_[i_]); \
} while (0)

static void list_shows_open_records_newest_first_by_default(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };

	add_listing(fx);
	assert_ids(fx, &q, "3ccccccccccc", "1aaaaaaaaaab", "2bbbbbbbbbbb", "1aaaaaaaaaaa");
}

static void list_filters_by_status(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };

	add_listing(fx);
	q.status = "closed";
	assert_ids(fx, &q, "2bbbbbbbcccc");
	q.status = "all";
	assert_ids(fx, &q, "2bbbbbbbcccc", "3ccccccccccc", "1aaaaaaaaaab", "2bbbbbbbbbbb", "1aaaaaaaaaaa");
	q.status = "open";
	assert_ids(fx, &q, "3ccccccccccc", "1aaaaaaaaaab", "2bbbbbbbbbbb", "1aaaaaaaaaaa");
}

static void list_filters_by_kind_and_author(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };

	add_listing(fx);
	q.kind = "tool";
	assert_ids(fx, &q, "1aaaaaaaaaab", "1aaaaaaaaaaa");
	q.kind = "event";
	assert_ids(fx, &q, NULL);
	q.kind = NULL;
	q.author = "bob";
	q.status = "all";
	assert_ids(fx, &q, "2bbbbbbbcccc", "2bbbbbbbbbbb");
	q.author = "bo";
	assert_ids(fx, &q, NULL);
}

static void list_tags_must_all_be_present(void **state)
{
	struct fixture *fx = *state;
	const char *one[] = { "outils" }, *two[] = { "bricolage", "outils" }, *bri[] = { "bri" };
	const char *none[] = { "outils", "couture", "bricolage" };
	mutu_item_query q = { 0 };

	add_listing(fx);
	q.tags = one;
	q.ntags = 1;
	assert_ids(fx, &q, "2bbbbbbbbbbb", "1aaaaaaaaaaa");
	q.tags = two;
	q.ntags = 2;
	assert_ids(fx, &q, "1aaaaaaaaaaa");
	q.status = "all";
	assert_ids(fx, &q, "2bbbbbbbcccc", "1aaaaaaaaaaa");
	/* a tag is matched whole, not as a prefix */
	q.tags = bri;
	q.ntags = 1;
	assert_ids(fx, &q, "3ccccccccccc");
	q.tags = none;
	q.ntags = 3;
	assert_ids(fx, &q, NULL);
}

static void list_grep_is_case_insensitive_in_title_and_body(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };

	add_listing(fx);
	q.grep = "perceuse";
	assert_ids(fx, &q, "2bbbbbbbbbbb", "1aaaaaaaaaaa"); /* body, then title */
	q.grep = "PERCUSSION";
	assert_ids(fx, &q, "1aaaaaaaaaaa");
	q.grep = "échelle";
	assert_ids(fx, &q, "1aaaaaaaaaab");
	q.grep = "ÉCHELLE";
	assert_ids(fx, &q, "1aaaaaaaaaab");
	q.grep = "ZÈBRE";
	assert_ids(fx, &q, "3ccccccccccc");
	q.grep = "echelle"; /* folding is not accent stripping */
	assert_ids(fx, &q, NULL);
	q.grep = "pas de chance";
	assert_ids(fx, &q, NULL);
	/* combined with another filter */
	q.grep = "perceuse";
	q.kind = "skill";
	assert_ids(fx, &q, "2bbbbbbbbbbb");
}

static void list_sorts_by_created_updated_and_title(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };

	add_listing(fx);
	q.status = "all";
	q.sort = MUTU_SORT_CREATED;
	assert_ids(fx, &q, "2bbbbbbbcccc", "3ccccccccccc", "1aaaaaaaaaab", "2bbbbbbbbbbb", "1aaaaaaaaaaa");
	q.sort = MUTU_SORT_UPDATED;
	assert_ids(fx, &q, "1aaaaaaaaaaa", "2bbbbbbbbbbb", "2bbbbbbbcccc", "3ccccccccccc", "1aaaaaaaaaab");
	q.sort = MUTU_SORT_TITLE;
	{
		char got[16][MUTU_ID_LEN + 1];
		mutu_item_row *rows;
		size_t n, i;

		assert_int_equal(list(fx, &q, got), 5);
		assert_ok(mutu_item_list(&rows, &n, fx->st, &mutu_item_offer, &q));
		for (i = 1; i < n; i++)
			assert_true(strcoll(mutu_map_str(rows[i - 1].rec, "title"),
					    mutu_map_str(rows[i].rec, "title")) <= 0);
		mutu_item_rows_free(rows, n);
	}
}

static void list_with_a_limit_keeps_the_best_rows(void **state)
{
	struct fixture *fx = *state;
	mutu_sort sorts[] = { MUTU_SORT_CREATED, MUTU_SORT_UPDATED, MUTU_SORT_TITLE };
	char all[16][MUTU_ID_LEN + 1], some[16][MUTU_ID_LEN + 1];
	mutu_item_query q = { 0 };
	size_t s, lim, n, m, i;

	add_listing(fx);
	/* more records, with ties on the times */
	for (i = 0; i < 6; i++) {
		char title[32];

		snprintf(title, sizeof(title), "Objet %zu", (i * 7) % 6);
		add(fx, &alice, make(NULL, "alice", title, "tool", NULL,
				     i % 2 ? "2026-01-02T10:00:00Z" : "2026-01-04T10:00:00Z",
				     i % 3 ? "2026-02-01T10:00:00Z" : "2026-01-06T10:00:00Z", NULL, NULL));
	}
	q.status = "all";
	for (s = 0; s < 3; s++) {
		q.sort = sorts[s];
		q.limit = 0;
		n = list(fx, &q, all);
		assert_int_equal(n, 11);
		for (lim = 1; lim <= 12; lim++) {
			q.limit = lim;
			m = list(fx, &q, some);
			assert_int_equal(m, lim < n ? lim : n);
			for (i = 0; i < m; i++)
				if (strcmp(some[i], all[i]) != 0)
					fail_msg("sort %zu limit %zu: row %zu is %s, expected %s", s, lim, i,
						 some[i], all[i]);
		}
	}
}

static void list_rows_know_their_shortest_unique_prefix(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };
	mutu_item_row *rows;
	size_t n, i, lim;

	add_many(fx);
	add(fx, &alice, make("7r0000000000", "alice", "E", NULL, NULL, NULL, NULL, NULL, NULL));
	add(fx, &alice, make("7q3kaaaaaaab", "alice", "F", NULL, "closed", NULL, NULL, NULL, NULL));
	for (lim = 0; lim <= 2; lim++) {
		q.status = "all";
		q.limit = lim ? 10 : 0;
		assert_ok(mutu_item_list(&rows, &n, fx->st, &mutu_item_offer, &q));
		assert_int_equal(n, 6);
		for (i = 0; i < n; i++) {
			const char *id = mutu_map_str(rows[i].rec, "id");
			size_t want = !strcmp(id, "7q3k9m2xh4ta") || !strcmp(id, "7q3k9m2xh4tb") ? 12
				    : !strcmp(id, "7q3kaaaaaaaa") || !strcmp(id, "7q3kaaaaaaab") ? 12
				    : !strcmp(id, "abcd00000000") ? 1
				    : 2; /* 7r... */

			if (rows[i].unique != want)
				fail_msg("%s: unique %zu, expected %zu", id, rows[i].unique, want);
			assert_int_equal(strncmp(rows[i].path, "offers/", 7), 0);
		}
		mutu_item_rows_free(rows, n);
		/* filtered: uniqueness is still among every record of the type */
		q.status = "open";
		assert_ok(mutu_item_list(&rows, &n, fx->st, &mutu_item_offer, &q));
		assert_int_equal(n, 5);
		for (i = 0; i < n; i++)
			if (!strcmp(mutu_map_str(rows[i].rec, "id"), "7q3kaaaaaaaa"))
				assert_int_equal(rows[i].unique, 12);
		mutu_item_rows_free(rows, n);
	}
}

static void list_of_an_empty_directory_is_empty(void **state)
{
	struct fixture *fx = *state;
	mutu_item_query q = { 0 };
	mutu_item_row *rows;
	size_t n = 99;

	assert_ok(mutu_item_list(&rows, &n, fx->st, &mutu_item_need, &q));
	assert_int_equal(n, 0);
	mutu_item_rows_free(rows, n);
}

static void list_gives_the_same_answers_without_its_cache(void **state)
{
	struct fixture *fx = *state;
	char first[16][MUTU_ID_LEN + 1], second[16][MUTU_ID_LEN + 1], third[16][MUTU_ID_LEN + 1];
	mutu_item_query q = { 0 };
	char *cache;
	size_t n1, n2, n3, i;

	add_listing(fx);
	q.status = "all";
	n1 = list(fx, &q, first);
	n2 = list(fx, &q, second); /* from the cache */
	assert_true(asprintf(&cache, "%smutu", mutu_store_git_dir(fx->st)) > 0);
	unit_rmtree(cache);
	n3 = list(fx, &q, third);
	assert_int_equal(n1, 5);
	assert_int_equal(n2, n1);
	assert_int_equal(n3, n1);
	for (i = 0; i < n1; i++) {
		assert_string_equal(first[i], second[i]);
		assert_string_equal(first[i], third[i]);
	}
}

static void import_commits_a_whole_stream_at_once(void **state)
{
	struct fixture *fx = *state;
	static const char text[] =
		"title: Perceuse\nkind: tool\ntags: [bricolage]\n"
		"---\ntitle: Scie\nbody: |\n  Une scie.\n"
		"---\ntitle: Cours\nkind: skill\nlocation: Salle 2\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	mutu_record **recs;
	mutu_record *back;
	size_t n, before = unit_linear_history(fx->dir), i;
	mutu_oid blob;

	assert_non_null(f);
	if (mutu_item_import(&recs, &n, fx->st, &alice, &mutu_item_offer, f, "<stdin>", NULL) != 0)
		fail_msg("import: %s", mutu_error_last());
	fclose(f);
	assert_int_equal(n, 3);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	assert_string_equal(mutu_map_str(recs[0], "title"), "Perceuse");
	assert_string_equal(mutu_map_str(recs[2], "kind"), "skill");
	for (i = 0; i < n; i++) {
		assert_string_equal(mutu_map_str(recs[i], "author"), "alice");
		assert_ok(mutu_item_load(&back, &blob, fx->st, &mutu_item_offer, mutu_map_str(recs[i], "id")));
		assert_true(mutu_value_equal(back, recs[i]));
		mutu_value_free(back);
		mutu_value_free(recs[i]);
	}
	free(recs);
}

static void import_commits_nothing_when_one_document_is_bad(void **state)
{
	struct fixture *fx = *state;
	static const char *bad[] = {
		"title: A\n---\ntitle: B\n---\ntitle: C\ncolour: red\n",
		"title: A\n---\ntitle: B\n---\ntitle: C\nid: 7q3k9m2xh4ta\n",
		"title: A\n---\ntitle: B\n---\ntitle: C\nkind: spaceship\n",
		"title: A\n---\ntitle: B\n---\nkind: tool\n",
		"title: A\n---\ntitle: B\n---\ntitle: [C\n",
		"title: A\n---\ntitle: B\n---\n- C\n",
	};
	static const unsigned line[] = { 6, 6, 6, 5, 0, 5 };
	git_oid h1, h2;
	size_t i;

	unit_head(&h1, fx->dir);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");
		mutu_record **recs = (mutu_record **)0x1;
		size_t n = 99;

		mutu_error_clear();
		if (mutu_item_import(&recs, &n, fx->st, &alice, &mutu_item_offer, f, "in.yaml", NULL) != MUTU_EDATA)
			fail_msg("bad stream %zu: not refused with MUTU_EDATA (%s)", i, mutu_error_last());
		fclose(f);
		assert_null(recs);
		assert_int_equal(n, 0);
		unit_assert_position(mutu_error_last(), "in.yaml");
		if (line[i])
			unit_assert_at(mutu_error_last(), "in.yaml", line[i], 0);
		unit_head(&h2, fx->dir);
		assert_true(git_oid_equal(&h1, &h2));
	}
}

static void import_of_an_empty_stream_is_refused(void **state)
{
	struct fixture *fx = *state;
	FILE *f = fmemopen((void *)"# nothing\n", 10, "r");
	mutu_record **recs;
	size_t n;

	assert_code(mutu_item_import(&recs, &n, fx->st, &alice, &mutu_item_offer, f, "-", NULL), MUTU_EDATA);
	fclose(f);
}

static void set_field_takes_user_fields_only(void **state)
{
	mutu_record *rec = make(NULL, "alice", "T", NULL, NULL, NULL, NULL, NULL, NULL);
	const mutu_value *tags;

	(void)state;
	assert_ok(mutu_item_set_field(rec, "tags", "a,b,,c"));
	tags = mutu_map_get(rec, "tags");
	assert_int_equal(tags->u.seq.len, 3);
	assert_string_equal(tags->u.seq.items[2]->u.str, "c");
	assert_ok(mutu_item_set_field(rec, "title", "Nouveau"));
	assert_string_equal(mutu_map_str(rec, "title"), "Nouveau");
	assert_code(mutu_item_set_field(rec, "id", "7q3k9m2xh4ta"), MUTU_EUSAGE);
	assert_code(mutu_item_set_field(rec, "author", "bob"), MUTU_EUSAGE);
	assert_code(mutu_item_set_field(rec, "colour", "red"), MUTU_EUSAGE);
	assert_string_equal(mutu_map_str(rec, "author"), "alice");
	assert_ok(mutu_item_tag(rec, "d", 1));
	assert_ok(mutu_item_tag(rec, "d", 1));
	assert_int_equal(mutu_map_get(rec, "tags")->u.seq.len, 4);
	assert_ok(mutu_item_tag(rec, "a", 0));
	assert_ok(mutu_item_tag(rec, "zz", 0));
	assert_int_equal(mutu_map_get(rec, "tags")->u.seq.len, 3);
	assert_int_equal(mutu_seq_find_str(mutu_map_get(rec, "tags"), "a"), -1);
	mutu_value_free(rec);
}

static void apply_edit_refuses_changing_what_mutu_owns(void **state)
{
	mutu_record *rec = make("7q3k9m2xh4ta", "alice", "T", NULL, NULL, NULL, NULL, "a", NULL);
	static const char *owned[] = { "id", "author", "type", "created", "status" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		mutu_record *ed = mutu_value_dup(rec), *keep = mutu_value_dup(rec);

		assert_ok(mutu_map_set_str(ed, owned[i], "changed"));
		mutu_map_field(ed, owned[i]);
		((mutu_field *)mutu_map_field(ed, owned[i]))->line = 3;
		((mutu_field *)mutu_map_field(ed, owned[i]))->col = 1;
		assert_code(mutu_item_apply_edit(rec, ed, "edit.yaml"), MUTU_EDATA);
		unit_assert_at(mutu_error_last(), "edit.yaml", 3, 1);
		assert_contains(mutu_error_last(), owned[i]);
		assert_true(mutu_value_equal(rec, keep));
		mutu_value_free(ed);
		mutu_value_free(keep);
	}
	{
		mutu_record *ed = mutu_value_dup(rec);

		assert_ok(mutu_map_set_str(ed, "colour", "red"));
		assert_code(mutu_item_apply_edit(rec, ed, "edit.yaml"), MUTU_EDATA);
		assert_contains(mutu_error_last(), "colour");
		mutu_value_free(ed);
	}
	mutu_value_free(rec);
}

static void apply_edit_takes_the_user_fields(void **state)
{
	mutu_record *rec = make("7q3k9m2xh4ta", "alice", "T", "tool", NULL, NULL, NULL, "a,b", "body");
	mutu_record *ed = mutu_value_map();

	(void)state;
	/* the editor kept id and author unchanged, dropped tags and body */
	assert_ok(mutu_map_set_str(ed, "id", "7q3k9m2xh4ta"));
	assert_ok(mutu_map_set_str(ed, "author", "alice"));
	assert_ok(mutu_map_set_str(ed, "title", "Titre modifié"));
	assert_ok(mutu_map_set_str(ed, "kind", "skill"));
	assert_ok(mutu_map_set_str(ed, "location", "Ici"));
	assert_ok(mutu_item_apply_edit(rec, ed, "edit.yaml"));
	assert_string_equal(mutu_map_str(rec, "title"), "Titre modifié");
	assert_string_equal(mutu_map_str(rec, "kind"), "skill");
	assert_string_equal(mutu_map_str(rec, "location"), "Ici");
	assert_null(mutu_map_get(rec, "tags"));
	assert_null(mutu_map_get(rec, "body"));
	assert_string_equal(mutu_map_str(rec, "id"), "7q3k9m2xh4ta");
	assert_string_equal(mutu_map_str(rec, "status"), "open");
	mutu_value_free(rec);
	mutu_value_free(ed);
}

static void save_is_for_the_author_only(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec;
	mutu_oid blob;
	git_oid h1, h2;

	add(fx, &alice, make("7q3k9m2xh4ta", "alice", "Perceuse", NULL, NULL, NULL, NULL, NULL, NULL));
	assert_ok(mutu_item_load(&rec, &blob, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_ok(mutu_map_set_str(rec, "title", "Volée"));
	unit_head(&h1, fx->dir);
	assert_code(mutu_item_save(fx->st, &bob, &mutu_item_offer, rec, &blob, "edit"), MUTU_EPERM);
	assert_contains(mutu_error_last(), "alice");
	unit_head(&h2, fx->dir);
	assert_true(git_oid_equal(&h1, &h2));
	mutu_value_free(rec);
}

static void save_by_the_author_stamps_updated_and_checks_the_base(void **state)
{
	struct fixture *fx = *state;
	mutu_record *rec, *other, *back;
	mutu_oid blob, blob2;
	size_t before;

	add(fx, &alice, make("7q3k9m2xh4ta", "alice", "Perceuse", NULL, NULL, NULL, NULL, NULL, NULL));
	assert_ok(mutu_item_load(&rec, &blob, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_ok(mutu_item_load(&other, &blob2, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	before = unit_linear_history(fx->dir);
	setenv("MUTU_NOW", "2026-02-03T04:05:06Z", 1);
	assert_ok(mutu_map_set_str(rec, "title", "Perceuse sans fil"));
	assert_ok(mutu_item_save(fx->st, &alice, &mutu_item_offer, rec, &blob, "edit"));
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	assert_ok(mutu_item_load(&back, &blob, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_string_equal(mutu_map_str(back, "title"), "Perceuse sans fil");
	assert_string_equal(mutu_map_str(back, "updated"), "2026-02-03T04:05:06Z");
	assert_string_equal(mutu_map_str(back, "created"), UNIT_NOW);
	mutu_value_free(back);
	/* a second edit made from the old blob would undo the first */
	assert_ok(mutu_map_set_str(other, "title", "Autre"));
	assert_code(mutu_item_save(fx->st, &alice, &mutu_item_offer, other, &blob2, "edit"), MUTU_ETEMP);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	/* an invalid record is not saved */
	assert_ok(mutu_map_set_str(rec, "kind", "spaceship"));
	assert_ok(mutu_item_load(&back, &blob, fx->st, &mutu_item_offer, "7q3k9m2xh4ta"));
	assert_code(mutu_item_save(fx->st, &alice, &mutu_item_offer, rec, &blob, "edit"), MUTU_EDATA);
	assert_int_equal(unit_linear_history(fx->dir), before + 1);
	mutu_value_free(back);
	mutu_value_free(rec);
	mutu_value_free(other);
	setenv("MUTU_NOW", UNIT_NOW, 1);
}

static int cleanup(void **state)
{
	(void)state;
	mutu_schema_cleanup();
	return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_records_have_the_documented_shape),
		cmocka_unit_test(paths_fan_out_by_the_first_two_characters),
		cmocka_unit_test(user_fields_are_the_documented_ones),
		T(an_added_record_is_committed_and_loads_back),
		T(an_invalid_record_is_not_added),
		T(resolve_finds_a_unique_prefix),
		T(resolve_lists_every_candidate_of_an_ambiguous_prefix),
		T(resolve_refuses_unknown_and_malformed_prefixes),
		T(list_shows_open_records_newest_first_by_default),
		T(list_filters_by_status),
		T(list_filters_by_kind_and_author),
		T(list_tags_must_all_be_present),
		T(list_grep_is_case_insensitive_in_title_and_body),
		T(list_sorts_by_created_updated_and_title),
		T(list_with_a_limit_keeps_the_best_rows),
		T(list_rows_know_their_shortest_unique_prefix),
		T(list_of_an_empty_directory_is_empty),
		T(list_gives_the_same_answers_without_its_cache),
		T(import_commits_a_whole_stream_at_once),
		T(import_commits_nothing_when_one_document_is_bad),
		T(import_of_an_empty_stream_is_refused),
		cmocka_unit_test(set_field_takes_user_fields_only),
		cmocka_unit_test(apply_edit_refuses_changing_what_mutu_owns),
		cmocka_unit_test(apply_edit_takes_the_user_fields),
		T(save_is_for_the_author_only),
		T(save_by_the_author_stamps_updated_and_checks_the_base),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "the C.UTF-8 locale is missing\n");
		return 1;
	}
	/* fresh allocations hold garbage, as they may in real use */
	mallopt(M_PERTURB, 0x55);
	return cmocka_run_group_tests(tests, NULL, cleanup);
}
