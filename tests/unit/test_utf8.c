/* utf8 — code points, display width, folding, validity. */
#include "unit.h"

#include "lib/utf8.h"

#include <locale.h>
#include <malloc.h>

static void decode_reads_one_code_point(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(mutu_utf8_decode("A", &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(mutu_utf8_decode("\xc3\xa9", &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(mutu_utf8_decode("\xe6\x97\xa5", &cp), 3);
	assert_int_equal(cp, 0x65e5);
	assert_int_equal(mutu_utf8_decode("\xf0\x9f\x94\xa7", &cp), 4);
	assert_int_equal(cp, 0x1f527);
}

static void decode_of_a_bad_byte_is_one_replacement_character(void **state)
{
	static const char *bad[] = {
		"\x80", "\xc0\xaf", "\xc3", "\xe6\x97", "\xe6\x97" "a", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\xff",
	};
	uint32_t cp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cp = 0;
		assert_int_equal(mutu_utf8_decode(bad[i], &cp), 1);
		assert_int_equal(cp, 0xfffd);
	}
}

static void valid_accepts_well_formed_text(void **state)
{
	static const char *good[] = {
		"", "plain ascii", "é", "Échelle à coulisse", "日本語", "🔧🪚", "\xef\xbf\xbd",
		"\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80", "tab\tand\nnewline",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!mutu_utf8_valid(good[i], strlen(good[i])))
			fail_msg("'%s' refused", good[i]);
}

static void valid_refuses_overlongs_surrogates_truncations_and_nul(void **state)
{
	static const struct { const char *s; size_t len; const char *why; } bad[] = {
		{ "\xc0\xaf", 2, "overlong /" },
		{ "\xc1\xbf", 2, "overlong 2-byte" },
		{ "\xe0\x80\xaf", 3, "overlong 3-byte" },
		{ "\xe0\x9f\xbf", 3, "overlong 3-byte (max)" },
		{ "\xf0\x80\x80\xaf", 4, "overlong 4-byte" },
		{ "\xf0\x8f\xbf\xbf", 4, "overlong 4-byte (max)" },
		{ "\xed\xa0\x80", 3, "high surrogate" },
		{ "\xed\xbf\xbf", 3, "low surrogate" },
		{ "\xed\xa0\xbd\xed\xb2\xa9", 6, "CESU-8 pair" },
		{ "\xf4\x90\x80\x80", 4, "above U+10FFFF" },
		{ "\xf5\x80\x80\x80", 4, "F5 lead" },
		{ "\xe6\x97", 2, "truncated at end" },
		{ "ab\xe6", 3, "truncated lead at end" },
		{ "\xe6\x97" "a", 3, "truncated before ASCII" },
		{ "\xf0\x9f\x94", 3, "truncated 4-byte" },
		{ "\x80", 1, "lone continuation" },
		{ "a\xbf" "b", 3, "continuation in ASCII" },
		{ "\xfe", 1, "FE" },
		{ "\xff", 1, "FF" },
		{ "a\0b", 3, "NUL inside" },
		{ "\0", 1, "NUL alone" },
		{ "\xe6\x00\xa5", 3, "NUL inside a sequence" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (mutu_utf8_valid(bad[i].s, bad[i].len))
			fail_msg("%s accepted", bad[i].why);
	/* the length given is respected: a valid prefix of a longer buffer */
	assert_true(mutu_utf8_valid("\xc3\xa9\xff", 2));
	assert_false(mutu_utf8_valid("\xc3\xa9\xff", 3));
	assert_false(mutu_utf8_valid("\xc3\xa9", 1));
}

static size_t count(const char *s)
{
	size_t n = 99;

	assert_true(mutu_utf8_count(s, &n));
	return n;
}

static void length_counts_code_points(void **state)
{
	size_t n = 99;

	(void)state;
	assert_int_equal(count(""), 0);
	assert_int_equal(count("abc"), 3);
	assert_int_equal(count("é日🔧a"), 4);
	/* counting validates too: a bad byte, a surrogate, a cut sequence */
	assert_false(mutu_utf8_count("a\xff", &n));
	assert_false(mutu_utf8_count("\xed\xa0\x80", &n));
	assert_false(mutu_utf8_count("caf\xc3", &n));
	assert_int_equal(n, 99);
}

static void width_of_ascii_accents_cjk_and_emoji(void **state)
{
	(void)state;
	assert_int_equal(mutu_utf8_width(""), 0);
	assert_int_equal(mutu_utf8_width("Perceuse"), 8);
	assert_int_equal(mutu_utf8_width("Échelle"), 7);
	assert_int_equal(mutu_utf8_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(mutu_utf8_width("日本語"), 6);
	assert_int_equal(mutu_utf8_width("ｶﾀｶﾅ"), 4);      /* half-width katakana */
	assert_int_equal(mutu_utf8_width("🔧"), 2);
	assert_int_equal(mutu_utf8_width("a日🔧é"), 6);
	assert_int_equal(mutu_utf8_cp_width('a'), 1);
	assert_int_equal(mutu_utf8_cp_width(0x65e5), 2);
	assert_int_equal(mutu_utf8_cp_width(0x301), 0);
	assert_int_equal(mutu_utf8_cp_width('\t'), 0);
}

static void fit_never_splits_a_character(void **state)
{
	size_t used = 99;

	(void)state;
	assert_int_equal(mutu_utf8_fit("abcdef", 3, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(mutu_utf8_fit("abc", 10, &used), 3);
	assert_int_equal(used, 3);
	/* 日 is 3 bytes and 2 columns: 5 columns hold two of them */
	assert_int_equal(mutu_utf8_fit("日本語", 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(mutu_utf8_fit("日本語", 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(mutu_utf8_fit("éé", 1, &used), 2);
	assert_int_equal(used, 1);
	assert_int_equal(mutu_utf8_fit("🔧x", 1, &used), 0);
	assert_int_equal(mutu_utf8_fit("a🔧x", 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(mutu_utf8_fit("a🔧x", 3, &used), 5);
	assert_int_equal(used, 3);
	assert_int_equal(mutu_utf8_fit("anything", 0, NULL), 0);
	/* a combining mark stays with its base */
	assert_int_equal(mutu_utf8_fit("e\xcc\x81x", 1, &used), 3);
	assert_int_equal(used, 1);
}

static void fit_and_width_agree_on_every_cut(void **state)
{
	const char *s = "Perceuse à percussion 日本 🔧 fin";
	size_t w, used, n, total = mutu_utf8_width(s);
	char part[128];

	(void)state;
	for (w = 0; w <= total + 1; w++) {
		n = mutu_utf8_fit(s, w, &used);
		assert_true(used <= w);
		memcpy(part, s, n);
		part[n] = '\0';
		assert_true(mutu_utf8_valid(part, n));
		assert_int_equal(mutu_utf8_width(part), used);
	}
}

static void fold_lower_cases_ascii_and_accents(void **state)
{
	char *f;

	(void)state;
	f = mutu_utf8_fold("ÉCOLE Échelle ÀÂÇÈÊÎÔÛÜŸ ПРИВЕТ ABC xyz 日本 🔧");
	assert_non_null(f);
	assert_string_equal(f, "école échelle àâçèêîôûüÿ привет abc xyz 日本 🔧");
	free(f);
}

static void fold_of_the_empty_string_is_the_empty_string(void **state)
{
	char *f = mutu_utf8_fold("");
	char c;

	(void)state;
	assert_non_null(f);
	c = f[0];
	free(f);
	assert_int_equal(c, '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_reads_one_code_point),
		cmocka_unit_test(decode_of_a_bad_byte_is_one_replacement_character),
		cmocka_unit_test(valid_accepts_well_formed_text),
		cmocka_unit_test(valid_refuses_overlongs_surrogates_truncations_and_nul),
		cmocka_unit_test(length_counts_code_points),
		cmocka_unit_test(width_of_ascii_accents_cjk_and_emoji),
		cmocka_unit_test(fit_never_splits_a_character),
		cmocka_unit_test(fit_and_width_agree_on_every_cut),
		cmocka_unit_test(fold_lower_cases_ascii_and_accents),
		cmocka_unit_test(fold_of_the_empty_string_is_the_empty_string),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "the C.UTF-8 locale is missing\n");
		return 1;
	}
	/* fresh allocations hold garbage, as they may in real use */
	mallopt(M_PERTURB, 0x55);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
