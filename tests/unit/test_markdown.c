/* markdown: bodies rendered for a terminal through libcmark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/markdown.h"

static void a_paragraph_is_wrapped_at_the_width(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	const char *p, *line;

	(void)state;
	assert_int_equal(mutu_markdown_text(&b, "one two three four five six seven eight nine ten", 20), 0);
	for (line = p = mutu_buf_cstr(&b); *p; p++)
		if (*p == '\n') {
			assert_true(p - line <= 20);
			line = p + 1;
		}
	assert_non_null(strchr(mutu_buf_cstr(&b), '\n'));
	assert_non_null(strstr(mutu_buf_cstr(&b), "ten"));
	mutu_buf_free(&b);
}

static void width_zero_keeps_a_paragraph_on_one_line(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_int_equal(mutu_markdown_text(&b, "one two three four five six seven eight nine ten", 0), 0);
	assert_string_equal(mutu_buf_cstr(&b), "one two three four five six seven eight nine ten\n");
	mutu_buf_free(&b);
}

static void markup_is_normalised_not_lost(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_int_equal(mutu_markdown_text(&b, "Une __perceuse__ à *percussion*.\n\n- mèches\n- boîte", 0), 0);
	assert_non_null(strstr(mutu_buf_cstr(&b), "**perceuse**"));
	assert_non_null(strstr(mutu_buf_cstr(&b), "*percussion*"));
	assert_non_null(strstr(mutu_buf_cstr(&b), "mèches"));
	assert_non_null(strstr(mutu_buf_cstr(&b), "boîte"));
	mutu_buf_free(&b);
}

static void an_empty_body_renders_to_nothing(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_int_equal(mutu_markdown_text(&b, "", 40), 0);
	assert_string_equal(mutu_buf_cstr(&b), "");
	mutu_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_paragraph_is_wrapped_at_the_width),
		cmocka_unit_test(width_zero_keeps_a_paragraph_on_one_line),
		cmocka_unit_test(markup_is_normalised_not_lost),
		cmocka_unit_test(an_empty_body_renders_to_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
