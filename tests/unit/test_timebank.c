/* timebank — hours as people type them, minutes as the records keep them. */
#include "unit.h"

#include "lib/timebank.h"

/* text must parse to exactly want minutes. */
static void parses(const char *text, long want)
{
	long got = -12345;

	mutu_error_clear();
	if (mutu_hours_parse(&got, text) != 0)
		fail_msg("'%s' was refused: %s", text, mutu_error_last());
	if (got != want)
		fail_msg("'%s' parsed as %ld minutes, expected %ld", text, got, want);
}

/* text must be refused with MUTU_EDATA and a message naming why
 * (because: a part of it). */
static void refused(const char *text, const char *because)
{
	long got = -12345;
	int rc;

	mutu_error_clear();
	rc = mutu_hours_parse(&got, text);
	if (rc != MUTU_EDATA)
		fail_msg("'%s' returned %d (%ld minutes), expected MUTU_EDATA", text, rc, got);
	assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
	assert_contains(mutu_error_last(), because);
}

/* minutes must be formatted as exactly want. */
static void formats(long minutes, const char *want)
{
	char out[32];

	memset(out, 'x', sizeof(out));
	mutu_hours_format(out, minutes);
	if (strcmp(out, want) != 0)
		fail_msg("%ld minutes formatted as '%s', expected '%s'", minutes, out, want);
}

static void parses_whole_hours(void **state)
{
	(void)state;
	parses("1", 60);
	parses("2", 120);
	parses("10", 600);
	parses("24", 1440);
}

static void parses_fractions_with_a_dot(void **state)
{
	(void)state;
	parses("1.5", 90);
	parses("0.25", 15);
	parses("0.5", 30);
	parses("0.75", 45);
	parses("0.1", 6);
	parses("0.05", 3);
	parses("2.25", 135);
	parses("1.50", 90);
	parses("1.500000", 90);
}

static void parses_fractions_with_a_comma(void **state)
{
	(void)state;
	parses("1,5", 90);
	parses("0,25", 15);
	parses("0,5", 30);
}

static void parses_up_to_ten_thousand_hours(void **state)
{
	(void)state;
	parses("10000", MUTU_MAX_MINUTES);
	parses("10000.0", MUTU_MAX_MINUTES);
	parses("9999.95", MUTU_MAX_MINUTES - 3);
	assert_int_equal(MUTU_MAX_MINUTES, 600000L);
}

static void refuses_what_is_not_a_positive_number(void **state)
{
	static const char *bad[] = {
		"", "0", "0.0", "0,0", "-1", "-0.5", "+1", "abc", "1e3", "1E3", "0x10", "inf", "nan",
		" 1", "1 ", "1\t", "1\n", "1h", "1.5h", "1.5.2", "1,5,0", "1.,5", ".5", ",5", ".", ",",
		"--1", "1-", "\xef\xbc\x91" /* U+FF11 FULLWIDTH DIGIT ONE */, "\xd9\xa1" /* U+0661 */,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i], "hours");
}

/* "1." as ".5": a separator needs digits on both sides */
static void refuses_a_separator_without_digits_after_it(void **state)
{
	(void)state;
	refused("1.", "hours");
	refused("1,", "hours");
	refused("10000.", "hours");
}

static void refuses_what_is_not_whole_minutes(void **state)
{
	(void)state;
	refused("0.33", "whole number of minutes");
	refused("0.01", "whole number of minutes");
	refused("0.333333", "whole number of minutes");
	refused("1,005", "whole number of minutes");
	refused("0.02", "whole number of minutes");
}

static void refuses_more_than_ten_thousand_hours(void **state)
{
	(void)state;
	refused("10001", "10000");
	refused("10000.05", "10000");
	refused("10000.5", "10000");
	refused("9999999", "10000");
}

static void refuses_numbers_too_long_to_hold(void **state)
{
	static const char *bad[] = {
		"99999999999", "9223372036854775807", "9223372036854775808",
		"18446744073709551616", "99999999999999999999999999999999999999",
		"1.0000000000000000000000000000000001", "0.00000000000000000000000000000000001",
		"1.00000000000000000000000000000000000000000000000000000000000000000000000000000",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i], "hours");
}

static void a_refusal_quotes_what_was_typed(void **state)
{
	(void)state;
	refused("abc", "'abc'");
	refused("0.33", "--hours 0.33 ");
}

static void formats_whole_hours_without_a_point(void **state)
{
	(void)state;
	formats(0, "0");
	formats(60, "1");
	formats(120, "2");
	formats(600000, "10000");
	formats(-600000, "-10000");
	formats(-120, "-2");
}

static void formats_fractions_as_short_as_exact(void **state)
{
	(void)state;
	formats(90, "1.5");
	formats(15, "0.25");
	formats(-15, "-0.25");
	formats(45, "0.75");
	formats(6, "0.1");
	formats(3, "0.05");
	formats(-90, "-1.5");
	formats(135, "2.25");
}

static void formats_thirds_rounded_to_the_hundredth(void **state)
{
	(void)state;
	formats(20, "0.33");
	formats(40, "0.67");
	formats(-20, "-0.33");
	formats(80, "1.33");
	formats(1, "0.02");
	formats(-1, "-0.02");
	formats(10, "0.17");
	formats(50, "0.83");
	formats(59, "0.98");
}

static void formats_sums_beyond_one_exchange(void **state)
{
	(void)state;
	/* a balance may be the sum of many exchanges */
	formats(600000L * 1000, "10000000");
	formats(-600000L * 1000 - 30, "-10000000.5");
	formats(9223372036854775L, "153722867280912.92");
}

/* Everything formatted that parses back gives the same minutes: exactly
 * the multiples of three minutes (a hundredth of an hour is 0.6 minute),
 * and the rest is refused rather than rounded. */
static void format_and_parse_round_trip(void **state)
{
	char text[32];
	long m, back;

	(void)state;
	for (m = 1; m <= MUTU_MAX_MINUTES; m++) {
		mutu_hours_format(text, m);
		back = -1;
		if (m % 3 == 0) {
			if (mutu_hours_parse(&back, text) != 0 || back != m)
				fail_msg("%ld minutes: '%s' parsed back as %ld (%s)", m, text, back,
					 mutu_error_last());
		} else if (mutu_hours_parse(&back, text) != MUTU_EDATA) {
			fail_msg("%ld minutes: '%s' was accepted as %ld minutes", m, text, back);
		}
	}
	mutu_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_whole_hours),
		cmocka_unit_test(parses_fractions_with_a_dot),
		cmocka_unit_test(parses_fractions_with_a_comma),
		cmocka_unit_test(parses_up_to_ten_thousand_hours),
		cmocka_unit_test(refuses_what_is_not_a_positive_number),
		cmocka_unit_test(refuses_a_separator_without_digits_after_it),
		cmocka_unit_test(refuses_what_is_not_whole_minutes),
		cmocka_unit_test(refuses_more_than_ten_thousand_hours),
		cmocka_unit_test(refuses_numbers_too_long_to_hold),
		cmocka_unit_test(a_refusal_quotes_what_was_typed),
		cmocka_unit_test(formats_whole_hours_without_a_point),
		cmocka_unit_test(formats_fractions_as_short_as_exact),
		cmocka_unit_test(formats_thirds_rounded_to_the_hundredth),
		cmocka_unit_test(formats_sums_beyond_one_exchange),
		cmocka_unit_test(format_and_parse_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
