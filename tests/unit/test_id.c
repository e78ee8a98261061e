/* id — ids made without coordination, prefixes, handles. */
#include "unit.h"

#include "lib/id.h"

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void new_ids_are_12_valid_characters(void **state)
{
	char id[MUTU_ID_LEN + 1];
	size_t i, k;

	(void)state;
	for (k = 0; k < 1000; k++) {
		memset(id, '#', sizeof(id));
		assert_ok(mutu_id_new(id));
		assert_int_equal(strlen(id), MUTU_ID_LEN);
		assert_true(mutu_id_valid(id));
		for (i = 0; i < MUTU_ID_LEN; i++)
			assert_non_null(strchr(alphabet, id[i]));
	}
}

static void ten_thousand_new_ids_are_all_distinct(void **state)
{
	enum { N = 10000 };
	char (*ids)[MUTU_ID_LEN + 1] = calloc(N, sizeof(*ids));
	size_t i;

	(void)state;
	assert_non_null(ids);
	for (i = 0; i < N; i++)
		assert_ok(mutu_id_new(ids[i]));
	qsort(ids, N, sizeof(*ids), cmp_ids);
	for (i = 1; i < N; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("duplicate id %s", ids[i]);
	free(ids);
}

static void new_ids_use_the_whole_alphabet_in_every_position(void **state)
{
	enum { N = 4000 };
	int seen[MUTU_ID_LEN][32] = { { 0 } };
	char id[MUTU_ID_LEN + 1];
	size_t i, p;

	(void)state;
	for (i = 0; i < N; i++) {
		assert_ok(mutu_id_new(id));
		for (p = 0; p < MUTU_ID_LEN; p++)
			seen[p][strchr(alphabet, id[p]) - alphabet]++;
	}
	/* 60 random bits: every symbol shows up everywhere (expected 125 each) */
	for (p = 0; p < MUTU_ID_LEN; p++)
		for (i = 0; i < 32; i++)
			if (seen[p][i] < 40)
				fail_msg("symbol '%c' at position %zu seen %d times in %d ids",
					 alphabet[i], p, seen[p][i], N);
}

static void alphabet_excludes_i_l_o_u(void **state)
{
	(void)state;
	assert_true(mutu_id_valid("0123456789ab"));
	assert_true(mutu_id_valid("cdefghjkmnpq"));
	assert_true(mutu_id_valid("rstvwxyzzzzz"));
	assert_false(mutu_id_valid("i23456789abc"));
	assert_false(mutu_id_valid("l23456789abc"));
	assert_false(mutu_id_valid("o23456789abc"));
	assert_false(mutu_id_valid("u23456789abc"));
}

static void valid_refuses_wrong_lengths_case_and_characters(void **state)
{
	(void)state;
	assert_false(mutu_id_valid(""));
	assert_false(mutu_id_valid("7q3k9m2xh4t"));    /* 11 */
	assert_false(mutu_id_valid("7q3k9m2xh4tab"));  /* 13 */
	assert_false(mutu_id_valid("7Q3K9M2XH4TA"));   /* upper case */
	assert_false(mutu_id_valid("7q3k9m2x-4ta"));
	assert_false(mutu_id_valid("../../etc/pw"));
	assert_false(mutu_id_valid("7q3k9m2xh4t\xc3\xa9"));
	assert_true(mutu_id_valid("7q3k9m2xh4ta"));
}

static void prefix_lower_cases_and_reads_look_alikes(void **state)
{
	char out[MUTU_ID_LEN + 1];

	(void)state;
	assert_ok(mutu_id_prefix(out, "7Q3K"));
	assert_string_equal(out, "7q3k");
	assert_ok(mutu_id_prefix(out, "iIlL"));
	assert_string_equal(out, "1111");
	assert_ok(mutu_id_prefix(out, "oO0a"));
	assert_string_equal(out, "000a");
	assert_ok(mutu_id_prefix(out, "7q3k9m2xh4ta"));
	assert_string_equal(out, "7q3k9m2xh4ta");
	assert_ok(mutu_id_prefix(out, "7Q3K9M2XH4TA"));
	assert_string_equal(out, "7q3k9m2xh4ta");
}

static void prefix_refuses_short_long_and_bad_input(void **state)
{
	static const char *bad[] = {
		"", "7", "7q3", "7q3k9m2xh4tab", "7q3u", "U7q3", "7q3-", "7q3k ",
		" 7q3k", "7q3k/", "../x", "7q3\xc3\xa9", "7q\n3k", "7q3k9m2xh4ta0000",
	};
	char out[MUTU_ID_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mutu_error_clear();
		if (mutu_id_prefix(out, bad[i]) != MUTU_EDATA)
			fail_msg("prefix '%s' was accepted", bad[i]);
		assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
		assert_contains(mutu_error_last(), "id");
	}
}

static void handles_follow_the_documented_pattern(void **state)
{
	static const char *good[] = {
		"ab", "alice", "a-b", "a1", "z9-x", "abcdefghijklmnopqrstuvwxyz012345", /* 32 */
	};
	static const char *bad[] = {
		"", "a", "1abc", "-abc", "Alice", "a_b", "a.b", "a b", "../x", "a/b", "..",
		"al\nice", "al\tice", "ali\x7f" "ce", "\x1b[31m", "abcdefghijklmnopqrstuvwxyz0123456",
		"al\xc3\xa9", "a\\b",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!mutu_handle_valid(good[i]))
			fail_msg("handle '%s' refused", good[i]);
		assert_ok(mutu_handle_check(good[i]));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mutu_handle_valid(bad[i]))
			fail_msg("handle '%s' accepted", bad[i]);
		mutu_error_clear();
		assert_code(mutu_handle_check(bad[i]), MUTU_EDATA);
		assert_contains(mutu_error_last(), "handle");
	}
}

static void handle_check_never_echoes_control_characters(void **state)
{
	const unsigned char *p;

	(void)state;
	assert_code(mutu_handle_check("ev\x1b]0;owned\x07il"), MUTU_EDATA);
	for (p = (const unsigned char *)mutu_error_last(); *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control character 0x%02x in '%s'", *p, mutu_error_last());
}

static void common_prefix_length(void **state)
{
	(void)state;
	assert_int_equal(mutu_id_common("7q3k9m2xh4ta", "7q3k9m2xh4tb"), 11);
	assert_int_equal(mutu_id_common("7q3k9m2xh4ta", "7q3kaaaaaaaa"), 4);
	assert_int_equal(mutu_id_common("7q3k9m2xh4ta", "abcd00000000"), 0);
	assert_int_equal(mutu_id_common("7q3k9m2xh4ta", "7q3k9m2xh4ta"), 12);
	assert_int_equal(mutu_id_common("", "7q3k"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_ids_are_12_valid_characters),
		cmocka_unit_test(ten_thousand_new_ids_are_all_distinct),
		cmocka_unit_test(new_ids_use_the_whole_alphabet_in_every_position),
		cmocka_unit_test(alphabet_excludes_i_l_o_u),
		cmocka_unit_test(valid_refuses_wrong_lengths_case_and_characters),
		cmocka_unit_test(prefix_lower_cases_and_reads_look_alikes),
		cmocka_unit_test(prefix_refuses_short_long_and_bad_input),
		cmocka_unit_test(handles_follow_the_documented_pattern),
		cmocka_unit_test(handle_check_never_echoes_control_characters),
		cmocka_unit_test(common_prefix_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
