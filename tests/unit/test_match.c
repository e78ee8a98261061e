/* match — words folded the same whatever the case, accents and form of
 * the text; scores counted as match.h says; the same ranking every time. */
#include "unit.h"

#include "lib/match.h"
#include "lib/records.h"

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

/* The words mutu_match_derive makes of a title and a body, joined by
 * spaces (malloc'd). */
static char *words_of(const char *title, const char *body)
{
	mutu_value *rec = mutu_value_map(), *derived;
	const mutu_value *words;
	mutu_buf b = MUTU_BUF_INIT;
	size_t i;

	assert_non_null(rec);
	if (title)
		assert_ok(mutu_map_set_str(rec, "title", title));
	if (body)
		assert_ok(mutu_map_set_str(rec, "body", body));
	assert_ok(mutu_match_derive(rec, &derived));
	words = mutu_map_get(derived, "words");
	assert_non_null(words);
	assert_int_equal(words->type, MUTU_SEQ);
	for (i = 0; i < words->u.seq.len; i++)
		mutu_buf_printf(&b, "%s%s", i ? " " : "", words->u.seq.items[i]->u.str);
	mutu_value_free(derived);
	mutu_value_free(rec);
	assert_ok(mutu_buf_check(&b));
	return mutu_buf_detach(&b);
}

#define assert_words(title, body, want) do { \
	const char *t_ = (title), *b_ = (body); \
	char *got_ = words_of(t_, b_); \
	if (strcmp(got_, want) != 0) \
		fail_msg("words of '%s' / '%s': got '%s', want '%s'", t_ ? t_ : "", \
			 b_ ? b_ : "", got_, want); \
	free(got_); \
} while (0)

static void words_fold_case_and_accents(void **state)
{
	(void)state;
	assert_words("Perceuse À PERCUSSION", NULL, "perceuse percussion");
	assert_words("Échelle légère, garçon naïf", NULL, "echelle garcon legere naif");
	assert_words("Œuvre, Æther, Straße, ﬁlm, ﬂûte", NULL, "aether film flute oeuvre strasse");
	assert_words("Łódź Ørsted Ștefan Þór đak", NULL, "dak lodz orsted stefan thor");
	assert_words("Tiếng Việt", NULL, "tieng viet");
	/* decomposed text (a letter, then its combining accent) folds as
	 * composed text does */
	assert_words("Cafe\xcc\x81 cre\xcc\x80me", NULL, "cafe creme");
	assert_words("Café crème", NULL, "cafe creme");
	/* a soft hyphen or a zero-width joiner does not end a word */
	assert_words("perce\xc2\xad" "use bri\xe2\x80\x8d" "colage", NULL, "bricolage perceuse");
	/* other scripts are lower-cased */
	assert_words("ПРИВЕТ Мир", NULL, "мир привет");
}

static void words_split_on_anything_but_letters_and_digits(void **state)
{
	(void)state;
	assert_words("porte-vélo/remorque_18V (2x)", NULL, "18v 2x porte remorque velo");
	assert_words("l'outil d\xe2\x80\x99" "atelier", NULL, "atelier outil");
	assert_words("a**b** [lien](https://exemple.org/page)", NULL, "exemple lien page");
	assert_words("7 × 3 ÷ 2", NULL, "");
}

static void common_words_and_single_characters_are_left_out(void **state)
{
	(void)state;
	assert_words("Besoin d'une perceuse pour le week-end", NULL, "end perceuse week");
	assert_words("Looking for a ladder with the hooks", NULL, "hook ladder");
	assert_words("Je cherche des cours de vélo avec mon enfant", NULL, "cour enfant velo");
	assert_words("Le la les de des du un une et ou à au aux en", NULL, "");
	assert_words("the a an and or of to for in on with without my your is are", NULL, "");
	/* a word that is common in one language and meaningful in the other stays */
	assert_words("car sharing", NULL, "car sharing");
	assert_words("x y z 1 2 é", NULL, "");
}

static void plurals_become_singular(void **state)
{
	(void)state;
	assert_words("perceuses", NULL, "perceuse");
	assert_words("Jeux Bijoux Tools", NULL, "bijou jeu tool");
	/* short words and double s stay */
	assert_words("bus gaz class grass", NULL, "bus class gaz grass");
	/* a plural of a common word is common too */
	assert_words("offres needs", NULL, "");
}

static void each_word_comes_once_sorted(void **state)
{
	(void)state;
	assert_words("Vélo vélos VELO", "Un vélo, des vélos.", "velo");
	assert_words("zèbre", "abeille zèbre", "abeille zebre");
}

static void a_record_keeps_at_most_64_words_its_title_first(void **state)
{
	mutu_buf body = MUTU_BUF_INIT;
	char *got;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 100; i++)
		mutu_buf_printf(&body, "w%03zu ", i);
	got = words_of("zz-title-word", mutu_buf_cstr(&body));
	for (i = 0; got[i]; i++)
		n += got[i] == ' ';
	assert_int_equal(n + 1, MUTU_MATCH_MAX_WORDS);
	assert_contains(got, "title w000 w001 ");
	assert_contains(got, " w059 w060 word zz");
	assert_not_contains(got, "w061");
	free(got);
	mutu_buf_free(&body);
}

static void a_word_too_long_is_no_word(void **state)
{
	char title[128];

	(void)state;
	memset(title, 'a', 41);
	strcpy(title + 41, " court");
	assert_words(title, NULL, "court");
	memset(title, 'b', 40);
	strcpy(title + 40, " court");
	assert_words(title, NULL, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb court");
}

static void fold_keeps_every_word_in_order(void **state)
{
	char *s;

	(void)state;
	s = mutu_match_fold("L'Été, à  Paris 11E!");
	assert_string_equal(s, "l ete a paris 11e");
	free(s);
	s = mutu_match_fold("?!");
	assert_string_equal(s, "");
	free(s);
}

/* --- scores --- */

/* An item with the fields scoring looks at (NULL: absent). */
static mutu_record *item(const mutu_record_type *t, const char *title, const char *body,
			 const char *kind, const char *tags, const char *location)
{
	mutu_record *rec = unit_item(t, NULL, "alice", title);

	if (body)
		assert_ok(mutu_map_set_str(rec, "body", body));
	if (kind)
		assert_ok(mutu_map_set_str(rec, "kind", kind));
	if (tags)
		assert_ok(mutu_action_set(rec, t, "tags", tags));
	if (location)
		assert_ok(mutu_map_set_str(rec, "location", location));
	return rec;
}

/* Score an offer, as its catalog row would carry it, against a need. */
static void score(mutu_match_why *why, mutu_record *need, mutu_record *offer)
{
	mutu_match_probe p;
	mutu_match_candidate c = { 0 };
	const mutu_value *tags = mutu_map_get(offer, "tags"), *words;
	const char *tag_items[64], *word_items[64];
	mutu_value *derived;
	size_t i;

	assert_ok(mutu_match_probe_init(&p, need));
	assert_ok(mutu_match_derive(offer, &derived));
	words = mutu_map_get(derived, "words");
	for (i = 0; tags && i < tags->u.seq.len && i < 64; i++)
		tag_items[c.ntags++] = tags->u.seq.items[i]->u.str;
	for (i = 0; i < words->u.seq.len; i++)
		word_items[c.nwords++] = words->u.seq.items[i]->u.str;
	c.tags = tag_items;
	c.words = word_items;
	c.kind = mutu_map_str(offer, "kind");
	c.location = mutu_map_str(offer, "location");
	mutu_match_score(why, &p, &c);
	mutu_value_free(derived);
	mutu_match_probe_free(&p);
	mutu_value_free(need);
	mutu_value_free(offer);
}

static void each_reason_counts_as_match_h_says(void **state)
{
	mutu_match_why w;

	(void)state;
	/* a tag: 3 */
	score(&w, item(&mutu_type_need, "Ranger", NULL, NULL, "bricolage", NULL),
	      item(&mutu_type_offer, "Tournevis", NULL, NULL, "bricolage", NULL));
	assert_int_equal(w.score, MUTU_MATCH_TAG);
	assert_int_equal(w.tags, 1);
	assert_int_equal(w.words, 0);
	/* two words: 2 each */
	score(&w, item(&mutu_type_need, "Perceuse", "pour béton", NULL, NULL, NULL),
	      item(&mutu_type_offer, "PERCEUSES", "Béton, bois", NULL, NULL, NULL));
	assert_int_equal(w.score, 2 * MUTU_MATCH_WORD);
	assert_int_equal(w.words, 3);   /* the need's words: beton, perceuse */
	/* the same kind: 1; the same location: 2 */
	score(&w, item(&mutu_type_need, "Perceuse", NULL, "tool", NULL, "Paris 11e"),
	      item(&mutu_type_offer, "Perceuse", NULL, "tool", NULL, "paris, 11E"));
	assert_int_equal(w.score, MUTU_MATCH_WORD + MUTU_MATCH_KIND + MUTU_MATCH_LOCATION);
	assert_true(w.kind);
	assert_true(w.location);
	/* everything at once */
	score(&w, item(&mutu_type_need, "Perceuse", NULL, "tool", "bricolage,outils", "Lyon"),
	      item(&mutu_type_offer, "Perceuse", NULL, "tool", "Outil,BRICOLAGE", "lyon"));
	assert_int_equal(w.score, 2 * MUTU_MATCH_TAG + MUTU_MATCH_WORD + MUTU_MATCH_KIND +
					  MUTU_MATCH_LOCATION);
	assert_int_equal(w.tags, 3);
}

static void kind_and_location_alone_make_no_match(void **state)
{
	mutu_match_why w;

	(void)state;
	score(&w, item(&mutu_type_need, "Perceuse", NULL, "tool", NULL, "Lyon"),
	      item(&mutu_type_offer, "Tondeuse", NULL, "tool", NULL, "Lyon"));
	assert_int_equal(w.score, 0);
	assert_false(w.kind);
	assert_false(w.location);
}

static void other_kind_and_a_missing_location_count_for_nothing(void **state)
{
	mutu_match_why w;

	(void)state;
	score(&w, item(&mutu_type_need, "Perceuse", NULL, "other", NULL, NULL),
	      item(&mutu_type_offer, "Perceuse", NULL, "other", NULL, "Lyon"));
	assert_int_equal(w.score, MUTU_MATCH_WORD);
	assert_false(w.kind);
	assert_false(w.location);
	score(&w, item(&mutu_type_need, "Perceuse", NULL, "tool", NULL, "Lyon"),
	      item(&mutu_type_offer, "Perceuse", NULL, "skill", NULL, "Lyon-Est"));
	assert_int_equal(w.score, MUTU_MATCH_WORD);
}

static void tags_compare_folded(void **state)
{
	mutu_match_why w;

	(void)state;
	score(&w, item(&mutu_type_need, "A", NULL, NULL, "Vélo-Cargos", NULL),
	      item(&mutu_type_offer, "B", NULL, NULL, "velo_cargo", NULL));
	assert_int_equal(w.score, MUTU_MATCH_TAG);
	/* a tag is whole: a part of it is not the tag */
	score(&w, item(&mutu_type_need, "A", NULL, NULL, "velo-cargo", NULL),
	      item(&mutu_type_offer, "B", NULL, NULL, "velo", NULL));
	assert_int_equal(w.score, 0);
}

static void folded_duplicate_tags_count_once(void **state)
{
	mutu_match_probe p;
	mutu_record *need = item(&mutu_type_need, "A", NULL, NULL, "Vélo,velo,vélos", NULL);

	(void)state;
	assert_ok(mutu_match_probe_init(&p, need));
	assert_int_equal(p.ntags, 1);
	assert_string_equal(p.tags[0], "Vélo");
	assert_string_equal(p.tag_keys[0], "velo");
	mutu_match_probe_free(&p);
	mutu_value_free(need);
}

static void the_order_is_score_then_newest_then_id(void **state)
{
	mutu_match a = { .key = "bbbb", .created = "2026-01-01T00:00:00Z", .why.score = 5 };
	mutu_match b = { .key = "aaaa", .created = "2026-01-01T00:00:00Z", .why.score = 3 };
	mutu_match c = { .key = "cccc", .created = "2026-02-01T00:00:00Z", .why.score = 3 };
	mutu_match d = { .key = "dddd", .created = "2026-02-01T00:00:00Z", .why.score = 3 };

	(void)state;
	assert_true(mutu_match_order(&a, &b) < 0);   /* the higher score first */
	assert_true(mutu_match_order(&c, &b) < 0);   /* then the newest */
	assert_true(mutu_match_order(&c, &d) < 0);   /* then the id */
	assert_true(mutu_match_order(&d, &c) > 0);
	assert_int_equal(mutu_match_order(&d, &d), 0);
}

static void offers_answer_needs_and_needs_offers(void **state)
{
	(void)state;
	assert_ptr_equal(mutu_match_counterpart(&mutu_type_need), &mutu_type_offer);
	assert_ptr_equal(mutu_match_counterpart(&mutu_type_offer), &mutu_type_need);
	assert_null(mutu_match_counterpart(&mutu_type_member));
}

/* --- ranking a commons --- */

/* An offer with a chosen id, time and status. */
static mutu_record *offer(const char *id, const char *title, const char *tags,
			  const char *created, const char *status)
{
	mutu_record *rec = unit_item(&mutu_type_offer, id, "bob", title);

	if (tags)
		assert_ok(mutu_action_set(rec, &mutu_type_offer, "tags", tags));
	assert_ok(mutu_map_set_str(rec, "created", created));
	if (status)
		assert_ok(mutu_map_set_str(rec, "status", status));
	return rec;
}

static void add_offers(struct fixture *fx)
{
	mutu_record *recs[7];

	recs[0] = offer("1aaaaaaaaaaa", "Perceuse", "bricolage", "2026-01-01T10:00:00Z", NULL);
	recs[1] = offer("1aaaaaaaaaab", "Perceuse sans fil", NULL, "2026-01-03T10:00:00Z", NULL);
	recs[2] = offer("2bbbbbbbbbbb", "Perceuse", "bricolage", "2026-01-02T10:00:00Z", NULL);
	recs[3] = offer("2bbbbbbbcccc", "Perceuse", "bricolage", "2026-01-02T10:00:00Z", NULL);
	recs[4] = offer("3ccccccccccc", "Perceuse neuve", "bricolage", "2026-01-09T10:00:00Z",
			"closed");
	recs[5] = offer("4ddddddddddd", "Cours de cuisine", "cuisine", "2026-01-09T10:00:00Z",
			NULL);
	recs[6] = offer("5eeeeeeeeeee", "Scie", "bricolage", "2026-01-04T10:00:00Z", NULL);
	unit_add(fx->st, &unit_bob, &mutu_type_offer, recs, 7);
}

/* The ranking of the offers that answer need, as "key:score:unique"
 * joined by spaces (malloc'd). */
static char *ranking(struct fixture *fx, mutu_record *need, size_t limit)
{
	mutu_buf b = MUTU_BUF_INIT;
	mutu_match_probe p;
	mutu_match *m;
	size_t n, i;

	assert_ok(mutu_match_probe_init(&p, need));
	if (mutu_match_rank(&m, &n, fx->st, &mutu_type_offer, &p, limit, NULL) != 0)
		fail_msg("rank: %s", mutu_error_last());
	for (i = 0; i < n; i++)
		mutu_buf_printf(&b, "%s%s:%d:%zu", i ? " " : "", m[i].key, m[i].why.score,
				m[i].unique);
	mutu_matches_free(m, n);
	mutu_match_probe_free(&p);
	assert_ok(mutu_buf_check(&b));
	return mutu_buf_detach(&b);
}

#define WANT_ALL "2bbbbbbbbbbb:5:9 2bbbbbbbcccc:5:9 1aaaaaaaaaaa:5:12 5eeeeeeeeeee:3:1 " \
		 "1aaaaaaaaaab:2:12"

static void a_ranking_is_score_then_newest_then_id_and_open_only(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Une perceuse", NULL, NULL, "bricolage", NULL);
	char *got;

	add_offers(fx);
	got = ranking(fx, need, 0);
	assert_string_equal(got, WANT_ALL);
	free(got);
	mutu_value_free(need);
}

static void a_limit_keeps_the_best(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Une perceuse", NULL, NULL, "bricolage", NULL);
	char *got;

	add_offers(fx);
	got = ranking(fx, need, 2);
	assert_string_equal(got, "2bbbbbbbbbbb:5:9 2bbbbbbbcccc:5:9");
	free(got);
	got = ranking(fx, need, 4);
	assert_string_equal(got, "2bbbbbbbbbbb:5:9 2bbbbbbbcccc:5:9 1aaaaaaaaaaa:5:12 "
				 "5eeeeeeeeeee:3:1");
	free(got);
	mutu_value_free(need);
}

static void the_same_commons_gives_the_same_ranking(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Une perceuse", NULL, NULL, "bricolage", NULL);
	char *first, *again, *cold, *catalog;

	add_offers(fx);
	first = ranking(fx, need, 0);
	again = ranking(fx, need, 0);
	assert_string_equal(again, first);
	/* the catalog is derived: without it, the same answer */
	assert_true(asprintf(&catalog, "%smutu/catalog/offers", mutu_store_git_dir(fx->st)) > 0);
	assert_int_equal(unlink(catalog), 0);
	cold = ranking(fx, need, 0);
	assert_string_equal(cold, first);
	free(catalog);
	free(first);
	free(again);
	free(cold);
	mutu_value_free(need);
}

static void nothing_shared_is_no_match(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Tondeuse", NULL, "tool", "jardin", NULL);
	char *got;

	add_offers(fx);
	got = ranking(fx, need, 0);
	assert_string_equal(got, "");
	free(got);
	mutu_value_free(need);
}

static void entries_that_are_not_records_are_warned_about(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Une perceuse", NULL, NULL, "bricolage", NULL);
	char *got;

	add_offers(fx);
	unit_commit_file(fx->st, "offers/zz/notes.txt", "perceuse\n");
	unit_warnings_start();
	got = ranking(fx, need, 0);
	assert_string_equal(got, WANT_ALL);
	assert_warned_once("offers/zz/notes.txt");
	assert_int_equal(unit_nwarnings, 1);
	free(got);
	mutu_value_free(need);
}

static void needs_are_ranked_for_an_offer(void **state)
{
	struct fixture *fx = *state;
	mutu_record *needs[2], *o;
	mutu_match_probe p;
	mutu_match *m;
	size_t n;

	needs[0] = item(&mutu_type_need, "Perceuse", NULL, "tool", NULL, NULL);
	needs[1] = item(&mutu_type_need, "Gâteau", NULL, "tool", NULL, NULL);
	assert_ok(mutu_map_set_str(needs[0], "id", "7aaaaaaaaaaa"));
	unit_add(fx->st, &unit_alice, &mutu_type_need, needs, 2);
	o = item(&mutu_type_offer, "Ma perceuse", NULL, "tool", NULL, NULL);
	assert_ok(mutu_match_probe_init(&p, o));
	assert_ok(mutu_match_rank(&m, &n, fx->st, &mutu_type_need, &p, 0, NULL));
	assert_int_equal(n, 1);
	assert_string_equal(m[0].key, "7aaaaaaaaaaa");
	assert_string_equal(m[0].title, "Perceuse");
	assert_string_equal(m[0].author, "alice");
	assert_int_equal(m[0].why.score, MUTU_MATCH_WORD + MUTU_MATCH_KIND);
	mutu_matches_free(m, n);
	mutu_match_probe_free(&p);
	mutu_value_free(o);
}

static void a_type_without_words_cannot_be_ranked(void **state)
{
	struct fixture *fx = *state;
	mutu_record *need = item(&mutu_type_need, "Perceuse", NULL, NULL, NULL, NULL);
	mutu_match_probe p;
	mutu_match *m;
	size_t n;

	assert_ok(mutu_match_probe_init(&p, need));
	assert_code(mutu_match_rank(&m, &n, fx->st, &mutu_type_member, &p, 0, NULL), MUTU_EUSAGE);
	mutu_match_probe_free(&p);
	mutu_value_free(need);
}

#define T(f) cmocka_unit_test(f)
#define S(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(words_fold_case_and_accents),
		T(words_split_on_anything_but_letters_and_digits),
		T(common_words_and_single_characters_are_left_out),
		T(plurals_become_singular),
		T(each_word_comes_once_sorted),
		T(a_record_keeps_at_most_64_words_its_title_first),
		T(a_word_too_long_is_no_word),
		T(fold_keeps_every_word_in_order),
		T(each_reason_counts_as_match_h_says),
		T(kind_and_location_alone_make_no_match),
		T(other_kind_and_a_missing_location_count_for_nothing),
		T(tags_compare_folded),
		T(folded_duplicate_tags_count_once),
		T(the_order_is_score_then_newest_then_id),
		T(offers_answer_needs_and_needs_offers),
		S(a_ranking_is_score_then_newest_then_id_and_open_only),
		S(a_limit_keeps_the_best),
		S(the_same_commons_gives_the_same_ranking),
		S(nothing_shared_is_no_match),
		S(entries_that_are_not_records_are_warned_about),
		S(needs_are_ranked_for_an_offer),
		S(a_type_without_words_cannot_be_ranked),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
