/* clock — MUTU_NOW and RFC 3339 times. */
#include "unit.h"

#include "lib/clock.h"

#include <time.h>

#define T0 ((time_t)1795600560) /* 2026-11-25T09:56:00Z */

static void parses_utc_with_z(void **state)
{
	time_t t = 0;

	(void)state;
	assert_ok(mutu_clock_parse(&t, "2026-11-25T09:56:00Z"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "1970-01-01T00:00:00Z"));
	assert_int_equal(t, 0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25t09:56:00z")); /* RFC 3339 allows lower case */
	assert_int_equal(t, T0);
}

static void parses_offsets(void **state)
{
	time_t t = 0;

	(void)state;
	assert_ok(mutu_clock_parse(&t, "2026-11-25T10:56:00+01:00"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25T04:26:00-05:30"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25T09:56:00+00:00"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25T09:56:00-00:00"));
	assert_int_equal(t, T0);
	/* across a day boundary */
	assert_ok(mutu_clock_parse(&t, "2026-11-26T00:56:00+15:00"));
	assert_int_equal(t, T0);
}

static void parses_fractions_and_drops_them(void **state)
{
	time_t t = 0;

	(void)state;
	assert_ok(mutu_clock_parse(&t, "2026-11-25T09:56:00.5Z"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25T09:56:00.123456789Z"));
	assert_int_equal(t, T0);
	assert_ok(mutu_clock_parse(&t, "2026-11-25T10:56:00.999+01:00"));
	assert_int_equal(t, T0);
}

static void refuse(const char *s)
{
	time_t t = 12345;

	mutu_error_clear();
	if (mutu_clock_parse(&t, s) != MUTU_EDATA)
		fail_msg("'%s' was accepted (as %lld)", s, (long long)t);
	assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
	assert_contains(mutu_error_last(), "time");
}

static void refuses_malformed_times(void **state)
{
	static const char *bad[] = {
		"", "now", "2026-11-25", "2026-11-25T09:56Z", "2026-11-25T09:56:00",
		"2026-11-25 09:56:00", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
		"2026-11-00T00:00:00Z", "2026-11-32T00:00:00Z", "2026-11-25T24:00:00Z",
		"2026-11-25T09:60:00Z", "2026-11-25T09:56:61Z", "2026-11-25T09:56:00+0100",
		"2026-11-25T09:56:00+01", "2026-11-25T09:56:00+24:00", "2026-11-25T09:56:00+01:60",
		"2026-11-25T09:56:00Zjunk", "2026-11-25T09:56:00Z ", "26-11-25T09:56:00Z",
		"2026/11/25T09:56:00Z", "2026-11-25T9:56:00Z", "2026-11-25X09:56:00Z",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refuse(bad[i]);
}

static void refuses_a_fraction_without_digits(void **state)
{
	(void)state;
	refuse("2026-11-25T09:56:00.Z"); /* RFC 3339: time-secfrac = "." 1*DIGIT */
}

static void refuses_signs_and_blanks_inside_numbers(void **state)
{
	(void)state;
	refuse("+202-11-25T09:56:00Z");
	refuse("2026- 1-25T09:56:00Z");
	refuse(" 2026-1-25T09:56:00Z");
	refuse("2026-11-25T09:-5:00Z");
}

static void refuses_days_the_month_does_not_have(void **state)
{
	time_t t;

	(void)state;
	assert_ok(mutu_clock_parse(&t, "2028-02-29T00:00:00Z")); /* leap year */
	refuse("2026-02-29T00:00:00Z");
	refuse("2026-02-30T00:00:00Z");
	refuse("2026-04-31T00:00:00Z");
}

static void format_is_utc_with_z(void **state)
{
	char out[MUTU_TIME_LEN + 1];

	(void)state;
	mutu_clock_format(out, T0);
	assert_string_equal(out, "2026-11-25T09:56:00Z");
	mutu_clock_format(out, 0);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	mutu_clock_format(out, (time_t)4102444800LL);
	assert_string_equal(out, "2100-01-01T00:00:00Z");
	assert_int_equal(strlen(out), MUTU_TIME_LEN);
}

static void format_and_parse_round_trip(void **state)
{
	static const long long times[] = {
		0, 1, 59, 86399, 951782400 /* 2000-02-29 */, 1767323045, 1795600560,
		2147483647, 2147483648LL, 4102444800LL, 253402300799LL /* 9999-12-31T23:59:59 */,
	};
	char out[MUTU_TIME_LEN + 1];
	time_t back;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		mutu_clock_format(out, (time_t)times[i]);
		assert_ok(mutu_clock_parse(&back, out));
		assert_int_equal(back, (time_t)times[i]);
	}
}

static void now_follows_the_fixed_time(void **state)
{
	time_t t;

	(void)state;
	mutu_clock_fix("2026-11-25T10:56:00+01:00", "MUTU_NOW");
	assert_ok(mutu_clock_now(&t));
	assert_int_equal(t, T0);
	/* malformed: only asking for the time fails, naming where it came from */
	mutu_clock_fix("yesterday", "MUTU_NOW");
	assert_code(mutu_clock_now(&t), MUTU_EDATA);
	assert_contains(mutu_error_last(), "MUTU_NOW");
	mutu_clock_fix(NULL, NULL);
}

static void now_without_a_fixed_time_is_the_system_clock(void **state)
{
	time_t before, t, after;

	(void)state;
	mutu_clock_fix(NULL, NULL);
	before = time(NULL);
	assert_ok(mutu_clock_now(&t));
	after = time(NULL);
	assert_true(before <= t);
	assert_true(t <= after);
	mutu_clock_fix("", "MUTU_NOW"); /* empty is none */
	assert_ok(mutu_clock_now(&t));
	assert_true(t >= before);
	/* the library never reads MUTU_NOW itself */
	setenv("MUTU_NOW", "2001-01-01T00:00:00Z", 1);
	assert_ok(mutu_clock_now(&t));
	assert_true(t >= before);
	unsetenv("MUTU_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_utc_with_z),
		cmocka_unit_test(parses_offsets),
		cmocka_unit_test(parses_fractions_and_drops_them),
		cmocka_unit_test(refuses_malformed_times),
		cmocka_unit_test(refuses_a_fraction_without_digits),
		cmocka_unit_test(refuses_signs_and_blanks_inside_numbers),
		cmocka_unit_test(refuses_days_the_month_does_not_have),
		cmocka_unit_test(format_is_utc_with_z),
		cmocka_unit_test(format_and_parse_round_trip),
		cmocka_unit_test(now_follows_the_fixed_time),
		cmocka_unit_test(now_without_a_fixed_time_is_the_system_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
