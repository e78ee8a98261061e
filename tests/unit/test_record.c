/* record — the ordered map every record is. */
#include "unit.h"

#include "lib/record.h"

static void assert_keys(const mutu_value *map, const char *const *keys, size_t n)
{
	size_t i;

	assert_int_equal(map->type, MUTU_MAP);
	assert_int_equal(map->u.map.len, n);
	for (i = 0; i < n; i++)
		assert_string_equal(map->u.map.fields[i].key, keys[i]);
}

static mutu_value *sample(void)
{
	mutu_value *m = mutu_value_map(), *tags = mutu_value_seq(), *sub = mutu_value_map();

	assert_non_null(m);
	assert_ok(mutu_map_set_str(m, "title", "Perceuse"));
	assert_ok(mutu_map_set(m, "count", mutu_value_int(42)));
	assert_ok(mutu_map_set(m, "open", mutu_value_bool(1)));
	assert_ok(mutu_map_set(m, "nothing", mutu_value_null()));
	assert_ok(mutu_seq_push(tags, mutu_value_str("bricolage")));
	assert_ok(mutu_seq_push(tags, mutu_value_str("outils")));
	assert_ok(mutu_map_set(m, "tags", tags));
	assert_ok(mutu_map_set_str(sub, "k", "v"));
	assert_ok(mutu_map_set(m, "sub", sub));
	return m;
}

static void set_keeps_insertion_order(void **state)
{
	static const char *keys[] = { "zeta", "alpha", "mid" };
	mutu_value *m = mutu_value_map();

	(void)state;
	assert_ok(mutu_map_set_str(m, "zeta", "1"));
	assert_ok(mutu_map_set_str(m, "alpha", "2"));
	assert_ok(mutu_map_set_str(m, "mid", "3"));
	assert_keys(m, keys, 3);
	assert_string_equal(mutu_map_str(m, "zeta"), "1");
	assert_string_equal(mutu_map_str(m, "alpha"), "2");
	assert_string_equal(mutu_map_str(m, "mid"), "3");
	mutu_value_free(m);
}

static void set_many_keys_grows_and_keeps_order(void **state)
{
	mutu_value *m = mutu_value_map();
	char key[32];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", 999 - i);
		assert_ok(mutu_map_set(m, key, mutu_value_int((long long)i)));
	}
	assert_int_equal(m->u.map.len, 1000);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", 999 - i);
		assert_string_equal(m->u.map.fields[i].key, key);
		assert_int_equal(mutu_map_get(m, key)->u.num, (long long)i);
	}
	mutu_value_free(m);
}

static void replacing_a_key_keeps_its_place_and_frees_the_old_value(void **state)
{
	static const char *keys[] = { "a", "b", "c" };
	mutu_value *m = mutu_value_map();

	(void)state;
	assert_ok(mutu_map_set_str(m, "a", "1"));
	assert_ok(mutu_map_set_str(m, "b", "2"));
	assert_ok(mutu_map_set_str(m, "c", "3"));
	assert_ok(mutu_map_set(m, "b", mutu_value_int(7)));
	assert_keys(m, keys, 3);
	assert_int_equal(mutu_map_get(m, "b")->type, MUTU_INT);
	assert_int_equal(mutu_map_get(m, "b")->u.num, 7);
	assert_null(mutu_map_str(m, "b")); /* not a string any more */
	mutu_value_free(m);                /* ASan: the old "2" was freed */
}

static void remove_keeps_the_order_of_the_rest(void **state)
{
	static const char *after[] = { "a", "c", "d" };
	static const char *last[] = { "c", "d" };
	mutu_value *m = mutu_value_map();

	(void)state;
	assert_ok(mutu_map_set_str(m, "a", "1"));
	assert_ok(mutu_map_set_str(m, "b", "2"));
	assert_ok(mutu_map_set_str(m, "c", "3"));
	assert_ok(mutu_map_set_str(m, "d", "4"));
	assert_int_equal(mutu_map_remove(m, "b"), 1);
	assert_keys(m, after, 3);
	assert_int_equal(mutu_map_remove(m, "b"), 0);
	assert_int_equal(mutu_map_remove(m, "a"), 1);
	assert_keys(m, last, 2);
	assert_null(mutu_map_get(m, "a"));
	/* setting a removed key appends it at the end */
	assert_ok(mutu_map_set_str(m, "a", "again"));
	assert_string_equal(m->u.map.fields[2].key, "a");
	mutu_value_free(m);
}

static void get_of_a_missing_key_or_a_non_map_is_null(void **state)
{
	mutu_value *m = sample(), *s = mutu_value_str("x");

	(void)state;
	assert_null(mutu_map_get(m, "missing"));
	assert_null(mutu_map_field(m, "missing"));
	assert_null(mutu_map_str(m, "missing"));
	assert_null(mutu_map_str(m, "count"));
	assert_null(mutu_map_get(s, "x"));
	assert_null(mutu_map_get(NULL, "x"));
	assert_non_null(mutu_map_field(m, "title"));
	assert_int_equal(mutu_map_field(m, "title")->line, 0); /* built, not read */
	mutu_value_free(m);
	mutu_value_free(s);
}

static void strn_copies_exactly_len_bytes(void **state)
{
	mutu_value *v = mutu_value_strn("abcdef", 3);

	(void)state;
	assert_int_equal(v->type, MUTU_STR);
	assert_string_equal(v->u.str, "abc");
	mutu_value_free(v);
}

static void dup_is_deep_equal_and_independent(void **state)
{
	mutu_value *m = sample(), *c = mutu_value_dup(m);

	(void)state;
	assert_non_null(c);
	assert_true(mutu_value_equal(m, c));
	assert_true(mutu_value_equal(c, m));
	assert_int_equal(c->u.map.len, m->u.map.len);
	assert_string_equal(c->u.map.fields[4].key, "tags");
	/* changing the copy leaves the original alone */
	assert_ok(mutu_seq_push(mutu_map_get(c, "tags"), mutu_value_str("new")));
	assert_ok(mutu_map_set_str(mutu_map_get(c, "sub"), "k", "changed"));
	assert_int_equal(mutu_map_get(m, "tags")->u.seq.len, 2);
	assert_string_equal(mutu_map_str(mutu_map_get(m, "sub"), "k"), "v");
	assert_false(mutu_value_equal(m, c));
	mutu_value_free(m);
	mutu_value_free(c);
}

/* A field one record has and the other lacks compares, and never
 * crashes: an auditor compares hostile records. */
static void an_absent_value_compares_before_any(void **state)
{
	mutu_value *x = mutu_value_str("x"), *n = mutu_value_null();

	(void)state;
	assert_true(mutu_value_equal(NULL, NULL));
	assert_false(mutu_value_equal(NULL, x));
	assert_false(mutu_value_equal(x, NULL));
	assert_false(mutu_value_equal(NULL, n));
	assert_true(mutu_value_compare(NULL, n) < 0);
	assert_true(mutu_value_compare(x, NULL) > 0);
	mutu_value_free(x);
	mutu_value_free(n);
}

static void equal_ignores_positions(void **state)
{
	mutu_value *a = mutu_value_str("x"), *b = mutu_value_str("x");

	(void)state;
	a->line = 3;
	a->col = 9;
	assert_true(mutu_value_equal(a, b));
	mutu_value_free(a);
	mutu_value_free(b);
}

static void equal_tells_types_values_and_lengths_apart(void **state)
{
	mutu_value *i1 = mutu_value_int(1), *s1 = mutu_value_str("1");
	mutu_value *t = mutu_value_bool(1), *f = mutu_value_bool(0), *n = mutu_value_null();
	mutu_value *ab = mutu_value_seq(), *ba = mutu_value_seq(), *m = sample(), *m2 = sample();

	(void)state;
	assert_false(mutu_value_equal(i1, s1));
	assert_false(mutu_value_equal(t, f));
	assert_false(mutu_value_equal(n, f));
	assert_true(mutu_value_equal(n, n));
	mutu_seq_push(ab, mutu_value_str("a"));
	mutu_seq_push(ab, mutu_value_str("b"));
	mutu_seq_push(ba, mutu_value_str("b"));
	mutu_seq_push(ba, mutu_value_str("a"));
	assert_false(mutu_value_equal(ab, ba)); /* sequences are ordered */
	mutu_seq_push(ba, mutu_value_str("c"));
	assert_false(mutu_value_equal(ab, ba));
	assert_true(mutu_value_equal(m, m2));
	assert_ok(mutu_map_set_str(m2, "extra", "x"));
	assert_false(mutu_value_equal(m, m2));
	assert_false(mutu_value_equal(m2, m));
	mutu_map_remove(m2, "extra");
	assert_ok(mutu_map_set(m2, "count", mutu_value_int(43)));
	assert_false(mutu_value_equal(m, m2));
	mutu_value_free(i1);
	mutu_value_free(s1);
	mutu_value_free(t);
	mutu_value_free(f);
	mutu_value_free(n);
	mutu_value_free(ab);
	mutu_value_free(ba);
	mutu_value_free(m);
	mutu_value_free(m2);
}

static void seq_find_gives_the_index_of_a_string(void **state)
{
	mutu_value *s = mutu_value_seq(), *m = mutu_value_map();

	(void)state;
	mutu_seq_push(s, mutu_value_str("a"));
	mutu_seq_push(s, mutu_value_int(5));
	mutu_seq_push(s, mutu_value_str("b"));
	assert_int_equal(mutu_seq_find_str(s, "a"), 0);
	assert_int_equal(mutu_seq_find_str(s, "b"), 2);
	assert_int_equal(mutu_seq_find_str(s, "5"), -1); /* an int is not "5" */
	assert_int_equal(mutu_seq_find_str(s, "zz"), -1);
	assert_int_equal(mutu_seq_find_str(NULL, "a"), -1);
	assert_int_equal(mutu_seq_find_str(m, "a"), -1);
	mutu_value_free(s);
	mutu_value_free(m);
}

static void seq_remove_frees_the_item_and_keeps_order(void **state)
{
	mutu_value *s = mutu_value_seq();
	const char *want[] = { "a", "c", "d" };
	size_t i;

	(void)state;
	mutu_seq_push(s, mutu_value_str("a"));
	mutu_seq_push(s, mutu_value_str("b"));
	mutu_seq_push(s, mutu_value_str("c"));
	mutu_seq_push(s, mutu_value_str("d"));
	mutu_seq_remove(s, 1);
	assert_int_equal(s->u.seq.len, 3);
	for (i = 0; i < 3; i++)
		assert_string_equal(s->u.seq.items[i]->u.str, want[i]);
	mutu_seq_remove(s, 2);
	mutu_seq_remove(s, 0);
	assert_int_equal(s->u.seq.len, 1);
	assert_string_equal(s->u.seq.items[0]->u.str, "c");
	mutu_value_free(s);
}

static void set_and_push_take_ownership_and_refuse_null(void **state)
{
	mutu_value *m = mutu_value_map(), *s = mutu_value_seq();

	(void)state;
	/* a failed constructor's NULL is passed straight through */
	assert_true(mutu_map_set(m, "k", NULL) < 0);
	assert_true(mutu_seq_push(s, NULL) < 0);
	assert_int_equal(m->u.map.len, 0);
	assert_int_equal(s->u.seq.len, 0);
	mutu_value_free(m);
	mutu_value_free(s);
}

static void type_names_are_json_schema_words(void **state)
{
	(void)state;
	assert_string_equal(mutu_type_name(MUTU_NULL), "null");
	assert_string_equal(mutu_type_name(MUTU_STR), "string");
	assert_string_equal(mutu_type_name(MUTU_INT), "integer");
	assert_string_equal(mutu_type_name(MUTU_BOOL), "boolean");
	assert_string_equal(mutu_type_name(MUTU_SEQ), "array");
	assert_string_equal(mutu_type_name(MUTU_MAP), "object");
}

static void free_of_null_is_harmless(void **state)
{
	(void)state;
	mutu_value_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_keeps_insertion_order),
		cmocka_unit_test(an_absent_value_compares_before_any),
		cmocka_unit_test(set_many_keys_grows_and_keeps_order),
		cmocka_unit_test(replacing_a_key_keeps_its_place_and_frees_the_old_value),
		cmocka_unit_test(remove_keeps_the_order_of_the_rest),
		cmocka_unit_test(get_of_a_missing_key_or_a_non_map_is_null),
		cmocka_unit_test(strn_copies_exactly_len_bytes),
		cmocka_unit_test(dup_is_deep_equal_and_independent),
		cmocka_unit_test(equal_ignores_positions),
		cmocka_unit_test(equal_tells_types_values_and_lengths_apart),
		cmocka_unit_test(seq_find_gives_the_index_of_a_string),
		cmocka_unit_test(seq_remove_frees_the_item_and_keeps_order),
		cmocka_unit_test(set_and_push_take_ownership_and_refuse_null),
		cmocka_unit_test(type_names_are_json_schema_words),
		cmocka_unit_test(free_of_null_is_harmless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
