/* list — the records of one type a query selects, sorted, with warnings
 * for every entry that is not a listable record. */
#include "unit.h"

#include "lib/find.h"
#include "lib/id.h"
#include "lib/list.h"
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

/* An offer with every summary field chosen (NULL: as made). */
static mutu_record *make(const char *id, const char *author, const char *title, const char *kind,
			 const char *status, const char *created, const char *updated,
			 const char *tags, const char *body)
{
	mutu_record *rec = unit_item(&mutu_type_offer, id, author, title);

	if (kind)
		assert_ok(mutu_map_set_str(rec, "kind", kind));
	if (status)
		assert_ok(mutu_map_set_str(rec, "status", status));
	if (created)
		assert_ok(mutu_map_set_str(rec, "created", created));
	if (updated)
		assert_ok(mutu_map_set_str(rec, "updated", updated));
	if (tags)
		assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", tags));
	if (body)
		assert_ok(mutu_map_set_str(rec, "body", body));
	return rec;
}

/* Five offers whose times, titles and tags give each order a different
 * answer. */
static void add_listing(struct fixture *fx)
{
	mutu_record *recs[5];

	recs[0] = make("1aaaaaaaaaaa", "alice", "Perceuse", "tool", NULL, "2026-01-01T10:00:00Z",
		       "2026-03-01T10:00:00Z", "bricolage,outils", "Percussion.");
	recs[1] = make("1aaaaaaaaaab", "alice", "Échelle", "tool", NULL, "2026-01-03T10:00:00Z",
		       "2026-01-03T10:00:00Z", "bricolage", NULL);
	recs[2] = make("2bbbbbbbbbbb", "bob", "Cours de couture à l'école", "skill", NULL,
		       "2026-01-02T10:00:00Z", "2026-02-01T10:00:00Z", "couture,outils",
		       "Une PERCEUSE n'est pas requise.");
	recs[3] = make("2bbbbbbbcccc", "bob", "atelier", "space", "closed", "2026-01-05T10:00:00Z",
		       "2026-01-06T10:00:00Z", "bricolage,outils", NULL);
	recs[4] = make("3ccccccccccc", "alice", "Zèbre en peluche", "other", NULL,
		       "2026-01-04T10:00:00Z", "2026-01-04T10:00:00Z", "bri", NULL);
	assert_ok(mutu_map_set_str(recs[4], "location", "rue de la Perceuse"));
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 5);
}

/* The keys t lists for q, joined by spaces (malloc'd). */
static char *keys(struct fixture *fx, const mutu_record_type *t, const mutu_query *q)
{
	mutu_buf b = MUTU_BUF_INIT;
	mutu_row *rows;
	size_t n, i;

	if (mutu_list(&rows, &n, fx->st, t, q, NULL) != 0)
		fail_msg("list: %s", mutu_error_last());
	for (i = 0; i < n; i++)
		mutu_buf_printf(&b, "%s%s", i ? " " : "", rows[i].key);
	mutu_rows_free(rows, n);
	return mutu_buf_detach(&b);
}

#define assert_keys(fx, t, q, want) do { \
	char *got_ = keys(fx, t, q), msg_[512]; \
	int bad_ = strcmp(got_, want) != 0; \
	snprintf(msg_, sizeof(msg_), "listed '%s', expected '%s'", got_, want); \
	free(got_); \
	if (bad_) \
		fail_msg("%s", msg_); \
} while (0)

static void a_list_without_filters_shows_every_record_newest_first(void **state)
{
	struct fixture *fx = *state;
	mutu_query q = { 0 };
	mutu_row *rows;
	size_t n;

	add_listing(fx);
	assert_keys(fx, &mutu_type_offer, &q,
		    "2bbbbbbbcccc 3ccccccccccc 1aaaaaaaaaab 2bbbbbbbbbbb 1aaaaaaaaaaa");
	/* each row carries its record's summary */
	assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL));
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].path, "offers/2b/2bbbbbbbcccc.yaml");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "id"), "2bbbbbbbcccc");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "title"), "atelier");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "status"), "closed");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "author"), "bob");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "tags"), "bricolage,outils");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "updated"), "2026-01-06T10:00:00Z");
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[0], "body"), "");  /* not kept */
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[1], "tags"), "bri");
	assert_false(rows[0].invalid);
	{
		mutu_oid blob;

		assert_ok(mutu_store_lookup(&blob, fx->st, rows[0].path));
		assert_true(mutu_oid_equal(&blob, &rows[0].blob));
	}
	mutu_rows_free(rows, n);
	/* a type with no records lists nothing */
	assert_keys(fx, &mutu_type_need, &q, "");
}

static void filters_keep_records_by_status_kind_and_author(void **state)
{
	struct fixture *fx = *state;
	mutu_filter f[2];
	mutu_query q = { .filters = f, .nfilters = 1 };

	add_listing(fx);
	f[0] = (mutu_filter){ "status", "open" };
	assert_keys(fx, &mutu_type_offer, &q, "3ccccccccccc 1aaaaaaaaaab 2bbbbbbbbbbb 1aaaaaaaaaaa");
	f[0] = (mutu_filter){ "status", "closed" };
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbcccc");
	f[0] = (mutu_filter){ "kind", "tool" };
	assert_keys(fx, &mutu_type_offer, &q, "1aaaaaaaaaab 1aaaaaaaaaaa");
	f[0] = (mutu_filter){ "kind", "event" };
	assert_keys(fx, &mutu_type_offer, &q, "");
	f[0] = (mutu_filter){ "author", "bob" };
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbcccc 2bbbbbbbbbbb");
	f[0] = (mutu_filter){ "author", "bo" };   /* equal, not a prefix */
	assert_keys(fx, &mutu_type_offer, &q, "");
	f[0] = (mutu_filter){ "author", "BOB" };
	assert_keys(fx, &mutu_type_offer, &q, "");
	/* all must hold */
	f[0] = (mutu_filter){ "author", "bob" };
	f[1] = (mutu_filter){ "status", "open" };
	q.nfilters = 2;
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb");
}

static void tag_filters_must_all_hold_on_whole_tags(void **state)
{
	struct fixture *fx = *state;
	mutu_filter f[3];
	mutu_query q = { .filters = f, .nfilters = 1 };

	add_listing(fx);
	f[0] = (mutu_filter){ "tags", "outils" };
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbcccc 2bbbbbbbbbbb 1aaaaaaaaaaa");
	f[1] = (mutu_filter){ "tags", "bricolage" };
	q.nfilters = 2;
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbcccc 1aaaaaaaaaaa");
	f[2] = (mutu_filter){ "status", "open" };
	q.nfilters = 3;
	assert_keys(fx, &mutu_type_offer, &q, "1aaaaaaaaaaa");
	f[2] = (mutu_filter){ "tags", "couture" };
	assert_keys(fx, &mutu_type_offer, &q, "");
	/* a tag is matched whole, never as a prefix or a part */
	f[0] = (mutu_filter){ "tags", "bri" };
	q.nfilters = 1;
	assert_keys(fx, &mutu_type_offer, &q, "3ccccccccccc");
	f[0] = (mutu_filter){ "tags", "outil" };
	assert_keys(fx, &mutu_type_offer, &q, "");
	f[0] = (mutu_filter){ "tags", "bricolage,outils" };
	assert_keys(fx, &mutu_type_offer, &q, "");
}

static void grep_is_case_insensitive_in_title_and_body(void **state)
{
	struct fixture *fx = *state;
	mutu_filter f = { "kind", "skill" };
	mutu_query q = { 0 };

	add_listing(fx);
	q.grep = "perceuse";   /* a title, and a body */
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb 1aaaaaaaaaaa");
	q.grep = "PERCUSSION";
	assert_keys(fx, &mutu_type_offer, &q, "1aaaaaaaaaaa");
	q.grep = "ÉCOLE";      /* accented capitals fold too */
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb");
	q.grep = "école";
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb");
	q.grep = "éCHELLE";
	assert_keys(fx, &mutu_type_offer, &q, "1aaaaaaaaaab");
	q.grep = "ZÈBRE EN";
	assert_keys(fx, &mutu_type_offer, &q, "3ccccccccccc");
	q.grep = "n'est pas";
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb");
	q.grep = "pas de chance";
	assert_keys(fx, &mutu_type_offer, &q, "");
	q.grep = "rue de la";  /* a location is not searched */
	assert_keys(fx, &mutu_type_offer, &q, "");
	/* with the other filters */
	q.grep = "perceuse";
	q.filters = &f;
	q.nfilters = 1;
	assert_keys(fx, &mutu_type_offer, &q, "2bbbbbbbbbbb");
}

static void lists_sort_by_times_newest_first_and_by_folded_title(void **state)
{
	struct fixture *fx = *state;
	mutu_query q = { 0 };

	add_listing(fx);
	q.sort = mutu_type_sort(&mutu_type_offer, "created");
	assert_keys(fx, &mutu_type_offer, &q,
		    "2bbbbbbbcccc 3ccccccccccc 1aaaaaaaaaab 2bbbbbbbbbbb 1aaaaaaaaaaa");
	q.sort = mutu_type_sort(&mutu_type_offer, "updated");
	assert_keys(fx, &mutu_type_offer, &q,
		    "1aaaaaaaaaaa 2bbbbbbbbbbb 2bbbbbbbcccc 3ccccccccccc 1aaaaaaaaaab");
	/* case-folded, in code point order: "atelier" < "cours…" < "perceuse"
	 * < "zèbre…" < "échelle" (é is U+00E9), whatever the locale */
	q.sort = mutu_type_sort(&mutu_type_offer, "title");
	assert_keys(fx, &mutu_type_offer, &q,
		    "2bbbbbbbcccc 2bbbbbbbbbbb 1aaaaaaaaaaa 3ccccccccccc 1aaaaaaaaaab");
}

static void ties_go_to_the_key(void **state)
{
	struct fixture *fx = *state;
	mutu_record *recs[4];
	mutu_query q = { 0 };

	/* the same times, and titles equal once folded */
	recs[0] = make("5000000000bb", "alice", "Objet", NULL, NULL, "2026-01-01T00:00:00Z",
		       "2026-01-01T00:00:00Z", NULL, NULL);
	recs[1] = make("5000000000aa", "alice", "objet", NULL, NULL, "2026-01-01T00:00:00Z",
		       "2026-01-01T00:00:00Z", NULL, NULL);
	recs[2] = make("4000000000cc", "alice", "OBJET", NULL, NULL, "2026-01-01T00:00:00Z",
		       "2026-01-01T00:00:00Z", NULL, NULL);
	recs[3] = make("6000000000dd", "alice", "Objet", NULL, NULL, "2026-01-01T00:00:00Z",
		       "2026-01-01T00:00:00Z", NULL, NULL);
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 4);
	q.sort = mutu_type_sort(&mutu_type_offer, "created");
	assert_keys(fx, &mutu_type_offer, &q, "4000000000cc 5000000000aa 5000000000bb 6000000000dd");
	q.sort = mutu_type_sort(&mutu_type_offer, "updated");
	assert_keys(fx, &mutu_type_offer, &q, "4000000000cc 5000000000aa 5000000000bb 6000000000dd");
	q.sort = mutu_type_sort(&mutu_type_offer, "title");
	assert_keys(fx, &mutu_type_offer, &q, "4000000000cc 5000000000aa 5000000000bb 6000000000dd");
	q.limit = 2;
	assert_keys(fx, &mutu_type_offer, &q, "4000000000cc 5000000000aa");
}

static void a_limit_keeps_the_first_rows_and_only_them(void **state)
{
	struct fixture *fx = *state;
	mutu_record *recs[8];
	mutu_filter open = { "status", "open" };
	mutu_query q = { 0 };
	const mutu_sort_key *sort;
	size_t i, lim, pass;

	add_listing(fx);
	/* more records, with ties on the times and on the titles */
	for (i = 0; i < 8; i++) {
		char title[32];

		snprintf(title, sizeof(title), i % 2 ? "Objet %zu" : "objet %zu", (i * 5) % 4);
		recs[i] = make(NULL, "alice", title, "tool", i % 3 ? NULL : "closed",
			       i % 2 ? "2026-01-02T10:00:00Z" : "2026-01-04T10:00:00Z",
			       i % 3 ? "2026-02-01T10:00:00Z" : "2026-01-06T10:00:00Z", NULL, NULL);
	}
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 8);
	for (pass = 0; pass < 2; pass++) {
		q.filters = pass ? &open : NULL;
		q.nfilters = pass ? 1 : 0;
		for (sort = mutu_type_offer.sorts; sort->field; sort++) {
			char *all, *some;
			mutu_row *rows;
			size_t n, total;

			q.sort = sort;
			q.limit = 0;
			all = unit_list_text(fx->st, &mutu_type_offer, &q);
			assert_ok(mutu_list(&rows, &total, fx->st, &mutu_type_offer, &q, NULL));
			mutu_rows_free(rows, total);
			assert_int_equal(total, pass ? 9 : 13);
			for (lim = 1; lim <= total + 1; lim++) {
				const char *end = all;
				size_t k;

				q.limit = lim;
				assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL));
				mutu_rows_free(rows, n);
				assert_int_equal(n, lim < total ? lim : total);
				/* the same rows as the first lines of the whole list */
				some = unit_list_text(fx->st, &mutu_type_offer, &q);
				for (k = 0; k < n; k++)
					end = strchr(end, '\n') + 1;
				if (strlen(some) != (size_t)(end - all) ||
				    strncmp(some, all, (size_t)(end - all)) != 0)
					fail_msg("sort %s, limit %zu:\n%s\nis not the start of\n%s", sort->field,
						 lim, some, all);
				free(some);
			}
			free(all);
		}
	}
}

/* The shortest prefix of key unique among keys. */
static size_t shortest_unique(const char *key, const char *const *all, size_t n)
{
	size_t i, best = 1, c;

	for (i = 0; i < n; i++)
		if (strcmp(all[i], key) && (c = mutu_id_common(all[i], key) + 1) > best)
			best = c;
	return best;
}

static void unique_prefixes_count_every_record_of_the_type(void **state)
{
	struct fixture *fx = *state;
	static const char *const ids[] = { "7q3k9m2xh4ta", "7q3k9m2xh4tb", "7q3kaaaaaaaa",
					   "abcd00000000", "7r0000000000", "7q3kaaaaaaab",
					   "7q3kab000000", "zzzzzzzzzzzz" };
	mutu_record *recs[8];
	mutu_filter open = { "status", "open" };
	mutu_query q = { 0 };
	mutu_row *rows;
	size_t n, i, pass;

	for (i = 0; i < 8; i++)
		recs[i] = make(ids[i], "alice", ids[i], NULL, i == 5 || i == 7 ? "closed" : NULL,
			       NULL, NULL, NULL, NULL);
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 8);
	/* a need is another type: it counts for the offers' prefixes not at all */
	unit_add1(fx->st, &unit_alice, &mutu_type_need,
		  unit_item(&mutu_type_need, "zzzzzzzzzzzy", "alice", "x"));
	for (pass = 0; pass < 4; pass++) {
		/* all, only the open ones (not the two closed neighbours), limited */
		q.filters = pass & 1 ? &open : NULL;
		q.nfilters = pass & 1 ? 1 : 0;
		q.limit = pass & 2 ? 3 : 0;
		assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL));
		assert_int_equal(n, pass & 2 ? 3 : pass & 1 ? 6 : 8);
		for (i = 0; i < n; i++) {
			size_t want = shortest_unique(rows[i].key, ids, 8);

			if (rows[i].unique != want)
				fail_msg("pass %zu: %s: unique %zu, expected %zu", pass, rows[i].key,
					 rows[i].unique, want);
		}
		mutu_rows_free(rows, n);
	}
}

static void the_prefix_a_table_prints_finds_its_record(void **state)
{
	struct fixture *fx = *state;
	static const char *const ids[] = { "7q3k9m2xh4ta", "abcd00000000", "7r0000000000" };
	static const char *paths[] = { "offers/ab/abcd0000000z.yaml", "offers/7r/7r00000000zz.yaml",
				       "offers/7q/7q3k9m2xzzzz.yaml" };
	static const char *data[] = {
		"title: [not yaml\n",   /* unreadable */
		"id: 7r0000000000\ntype: offer\n",   /* its id differs from its name */
		"id: 7q3k9m2xzzzz\ntype: offer\ntitle: T\nkind: spaceship\nstatus: open\n"
		"author: alice\ncreated: '2026-01-01T00:00:00Z'\nupdated: '2026-01-01T00:00:00Z'\n",
	};
	mutu_record *recs[3];
	mutu_query q = { 0 };
	mutu_row *rows;
	mutu_found f;
	size_t n, i;
	char wrong[2048] = "";

	for (i = 0; i < 3; i++)
		recs[i] = make(ids[i], "alice", ids[i], NULL, NULL, NULL, NULL, NULL, NULL);
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 3);
	unit_commit_files(fx->st, paths, data, 3);
	unit_warnings_start();
	assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL));
	assert_int_equal(n, 4);   /* three records, and one that fails its schema */
	for (i = 0; i < n; i++) {
		/* what a table shows: the shortest unique prefix, at least 8 */
		size_t show = rows[i].unique > MUTU_ID_SHORT ? rows[i].unique : MUTU_ID_SHORT;
		char prefix[MUTU_ID_LEN + 1];
		size_t len = strlen(wrong);

		snprintf(prefix, sizeof(prefix), "%.*s", (int)show, rows[i].key);
		if (mutu_find(&f, fx->st, &mutu_type_offer, prefix) != 0)
			snprintf(wrong + len, sizeof(wrong) - len,
				 "\n%s is listed as %s, which does not find it: %s", rows[i].key, prefix,
				 mutu_error_last());
		else if (strcmp(f.key, rows[i].key) != 0)
			snprintf(wrong + len, sizeof(wrong) - len, "\n%s is listed as %s, which finds %s",
				 rows[i].key, prefix, f.key);
	}
	mutu_rows_free(rows, n);
	if (*wrong)
		fail_msg("%s", wrong);
}

/* --- entries that are not records --- */

/* A record's YAML, valid unless kind says otherwise. */
static char *record_text(const char *id, const char *kind)
{
	char *s;

	assert_true(asprintf(&s, "id: %s\ntype: offer\ntitle: Titre %s\nkind: %s\nstatus: open\n"
				 "author: alice\ncreated: '2026-01-01T00:00:00Z'\n"
				 "updated: '2026-01-01T00:00:00Z'\n", id, id, kind) > 0);
	return s;
}

static const char *const not_records[] = {
	"offers/zz/7q3k9m2xh4t1.yaml",   /* in the wrong fan-out directory */
	"offers/7q3k9m2xh4t2.yaml",      /* not fanned out */
	"offers/7q/7q3k9m2xh4t3.yml",    /* not .yaml */
	"offers/7q/README",
	"offers/README.md",
	"offers/7q/7qiiiiiiiiii.yaml",   /* not an id */
	"offers/7q/7q3k9m2xh4t4.yaml",   /* a symbolic link */
	"offers/7q/sub",                 /* a subdirectory */
	"offers/7q/7q3k9m2xh4t5.yaml",   /* a submodule */
	"offers/7q/7q3k9m2xh4t6.yaml",   /* its id differs from its name */
	"offers/7q/7q3k9m2xh4t7.yaml",   /* not YAML */
	"offers/7q/7q3k9m2xh4t8.yaml",   /* YAML, not a mapping */
	"offers/7q/7q3k9m2xh4t9.yaml",   /* over 1 MiB */
};
#define NOT_RECORDS (sizeof(not_records) / sizeof(not_records[0]))

static void add_entries_that_are_not_records(struct fixture *fx)
{
	char *valid = record_text("7q3k9m2xh4ta", "tool");
	char *invalid = record_text("7q3k9m2xh4tb", "spaceship");
	char *placed[2], *differs = record_text("7q3k9m2xh4tc", "tool"), *big;
	const char *paths[12], *data[12];
	size_t n = 0;

	placed[0] = record_text("7q3k9m2xh4t1", "tool");
	placed[1] = record_text("7q3k9m2xh4t2", "tool");
	big = malloc((1 << 20) + 100);
	assert_non_null(big);
	strcpy(big, "id: 7q3k9m2xh4t9\nbody: ");
	memset(big + strlen(big), 'x', (1 << 20));
	big[(1 << 20) + 40] = '\0';

	paths[n] = "offers/7q/7q3k9m2xh4ta.yaml", data[n++] = valid;
	paths[n] = "offers/7q/7q3k9m2xh4tb.yaml", data[n++] = invalid;
	paths[n] = not_records[0], data[n++] = placed[0];
	paths[n] = not_records[1], data[n++] = placed[1];
	paths[n] = not_records[2], data[n++] = valid;
	paths[n] = not_records[3], data[n++] = "read me\n";
	paths[n] = not_records[4], data[n++] = "# offers\n";
	paths[n] = not_records[5], data[n++] = valid;
	paths[n] = "offers/7q/sub/7q3k9m2xh4td.yaml", data[n++] = valid;
	paths[n] = not_records[9], data[n++] = differs;
	paths[n] = not_records[10], data[n++] = "title: [unclosed\n";
	paths[n] = not_records[11], data[n++] = "- a\n- b\n";
	unit_commit_files(fx->st, paths, data, n);
	unit_commit_file(fx->st, not_records[12], big);
	unit_commit_entry(&fx->st, fx->dir, not_records[6], GIT_FILEMODE_LINK, "7q3k9m2xh4ta.yaml");
	unit_commit_entry(&fx->st, fx->dir, not_records[8], GIT_FILEMODE_COMMIT, "");
	free(valid);
	free(invalid);
	free(placed[0]);
	free(placed[1]);
	free(differs);
	free(big);
}

static void check_not_records_warnings(const char *text)
{
	size_t i;

	for (i = 0; i < NOT_RECORDS; i++)
		assert_warned_once(not_records[i]);
	/* the record failing its schema: listed, and warned about once */
	assert_warned_once("offers/7q/7q3k9m2xh4tb.yaml");
	assert_int_equal(unit_nwarnings, NOT_RECORDS + 1);
	for (i = 0; i < NOT_RECORDS; i++) {
		char row[128];

		snprintf(row, sizeof(row), "\n%s ", not_records[i]);
		assert_not_contains(text, row);
		assert_false(strncmp(text, row + 1, strlen(row + 1)) == 0);
	}
}

static void entries_that_are_not_records_are_warned_about_once_and_never_listed(void **state)
{
	struct fixture *fx = *state;
	mutu_query q = { 0 };
	char *first, *second, *fresh, *catalog;
	mutu_row *rows;
	size_t n;

	add_entries_that_are_not_records(fx);
	unit_warnings_start();
	assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL));
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].key, "7q3k9m2xh4ta");
	assert_false(rows[0].invalid);
	assert_string_equal(rows[1].key, "7q3k9m2xh4tb");
	assert_true(rows[1].invalid);
	assert_string_equal(mutu_row_value(&mutu_type_offer, &rows[1], "kind"), "spaceship");
	mutu_rows_free(rows, n);

	/* the same warnings from a fresh scan, from the catalog, and again fresh */
	first = unit_list_text(fx->st, &mutu_type_offer, &q);
	check_not_records_warnings(first);
	second = unit_list_text(fx->st, &mutu_type_offer, &q);
	check_not_records_warnings(second);
	unit_assert_same_text(second, first, "from the catalog");
	assert_true(asprintf(&catalog, "%smutu", mutu_store_git_dir(fx->st)) > 0);
	unit_rmtree(catalog);
	fresh = unit_list_text(fx->st, &mutu_type_offer, &q);
	unit_assert_same_text(fresh, first, "rebuilt");
	free(first);
	free(second);
	free(fresh);
}

static void filtered_out_records_that_fail_their_schema_are_not_warned_about(void **state)
{
	struct fixture *fx = *state;
	mutu_filter f = { "kind", "tool" };
	mutu_query q = { .filters = &f, .nfilters = 1 };
	char *text;

	add_entries_that_are_not_records(fx);
	text = unit_list_text(fx->st, &mutu_type_offer, &q);
	assert_contains(text, "offers/7q/7q3k9m2xh4ta.yaml");
	assert_int_equal(unit_warnings_naming("offers/7q/7q3k9m2xh4tb.yaml"), 0);
	/* but entries that are not records always are */
	assert_warned_once("offers/7q/sub");
	assert_warned_once("offers/7q/7q3k9m2xh4t6.yaml");
	free(text);
}

static void members_that_are_not_where_their_handle_says_are_warned_about(void **state)
{
	struct fixture *fx = *state;
	static const char *paths[] = { "members/Bad.yaml", "members/bob.yaml", "members/x/y.yaml",
				       "members/notes.txt", "members/carol.yaml" };
	static const char *data[] = {
		"handle: Bad\nname: B\nemail: b@x.org\njoined: '2026-01-01T00:00:00Z'\n",
		"handle: mallory\nname: M\nemail: m@x.org\njoined: '2026-01-01T00:00:00Z'\n",
		"handle: y\n",
		"notes\n",
		"handle: carol\nname: Carol\nemail: c@x.org\njoined: '2026-01-02T00:00:00Z'\n",
	};
	mutu_query q = { 0 };
	char *text;

	unit_commit_files(fx->st, paths, data, 5);
	text = unit_list_text(fx->st, &mutu_type_member, &q);
	assert_contains(text, "members/alice.yaml alice ");
	assert_contains(text, "members/carol.yaml carol ");
	assert_contains(text, "email=[c@x.org]");
	assert_not_contains(text, "handle=[mallory]");
	assert_warned_once("members/Bad.yaml");
	assert_warned_once("members/bob.yaml");
	assert_warned_once("mallory");
	assert_warned_once("members/x");
	assert_warned_once("members/notes.txt");
	assert_int_equal(unit_nwarnings, 4);
	free(text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_list_without_filters_shows_every_record_newest_first),
		T(filters_keep_records_by_status_kind_and_author),
		T(tag_filters_must_all_hold_on_whole_tags),
		T(grep_is_case_insensitive_in_title_and_body),
		T(lists_sort_by_times_newest_first_and_by_folded_title),
		T(ties_go_to_the_key),
		T(a_limit_keeps_the_first_rows_and_only_them),
		T(unique_prefixes_count_every_record_of_the_type),
		T(the_prefix_a_table_prints_finds_its_record),
		T(entries_that_are_not_records_are_warned_about_once_and_never_listed),
		T(filtered_out_records_that_fail_their_schema_are_not_warned_about),
		T(members_that_are_not_where_their_handle_says_are_warned_about),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
