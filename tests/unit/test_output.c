/* output — tsv, json and table writers. */
#include "unit.h"

#include "lib/output.h"
#include "lib/utf8.h"

#include <locale.h>

static char *tsv(const char *s)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_output_tsv_field(&b, s);
	return mutu_buf_detach(&b);
}

static char *json(const char *s)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_output_json_string(&b, s);
	return mutu_buf_detach(&b);
}

#define assert_tsv(in, want) do { char *g_ = tsv(in); assert_string_equal(g_, want); free(g_); } while (0)
#define assert_json(in, want) do { char *g_ = json(in); assert_string_equal(g_, want); free(g_); } while (0)

static void format_names_parse(void **state)
{
	mutu_format f;

	(void)state;
	assert_ok(mutu_format_parse(&f, "table"));
	assert_int_equal(f, MUTU_FORMAT_TABLE);
	assert_ok(mutu_format_parse(&f, "tsv"));
	assert_int_equal(f, MUTU_FORMAT_TSV);
	assert_ok(mutu_format_parse(&f, "json"));
	assert_int_equal(f, MUTU_FORMAT_JSON);
	assert_ok(mutu_format_parse(&f, "yaml"));
	assert_int_equal(f, MUTU_FORMAT_YAML);
	assert_ok(mutu_format_parse(&f, "ids"));
	assert_int_equal(f, MUTU_FORMAT_IDS);
	assert_code(mutu_format_parse(&f, "xml"), MUTU_EUSAGE);
	assert_contains(mutu_error_last(), "xml");
	assert_contains(mutu_error_last(), "tsv");
	assert_code(mutu_format_parse(&f, "JSON"), MUTU_EUSAGE);
	assert_code(mutu_format_parse(&f, ""), MUTU_EUSAGE);
}

static void tsv_escapes_tab_newline_cr_and_backslash(void **state)
{
	(void)state;
	assert_tsv("plain text", "plain text");
	assert_tsv("", "");
	assert_tsv("a\tb", "a\\tb");
	assert_tsv("a\nb", "a\\nb");
	assert_tsv("a\rb", "a\\rb");
	assert_tsv("a\\b", "a\\\\b");
	assert_tsv("\\n is not a newline", "\\\\n is not a newline");
	assert_tsv("x\r\n\t\\", "x\\r\\n\\t\\\\");
	assert_tsv("Échelle 日本 🔧", "Échelle 日本 🔧");
}

static void tsv_fields_never_hold_a_raw_tab_or_newline(void **state)
{
	char *g = tsv("line one\nline two\ttabbed\r\n");

	(void)state;
	assert_null(strchr(g, '\t'));
	assert_null(strchr(g, '\n'));
	assert_null(strchr(g, '\r'));
	free(g);
}

static void json_escapes_quotes_backslash_and_controls(void **state)
{
	(void)state;
	assert_json("", "\"\"");
	assert_json("plain", "\"plain\"");
	assert_json("say \"hi\"", "\"say \\\"hi\\\"\"");
	assert_json("a\\b", "\"a\\\\b\"");
	assert_json("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	assert_json("\x01", "\"\\u0001\"");
	assert_json("\x1f", "\"\\u001f\"");
	assert_json("\x1b[31m", "\"\\u001b[31m\"");
	assert_json("\b\f", "\"\\u0008\\u000c\"");
	assert_json("</script>", "\"</script>\"");
}

static void json_passes_utf8_through(void **state)
{
	(void)state;
	assert_json("Échelle à coulisse", "\"Échelle à coulisse\"");
	assert_json("日本語 🔧", "\"日本語 🔧\"");
}

static void json_of_a_record_is_compact_and_ordered(void **state)
{
	mutu_value *m = mutu_value_map(), *tags = mutu_value_seq(), *sub = mutu_value_map();
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	mutu_map_set_str(m, "id", "7q3k9m2xh4ta");
	mutu_map_set(m, "n", mutu_value_int(-3));
	mutu_map_set(m, "ok", mutu_value_bool(1));
	mutu_map_set(m, "no", mutu_value_bool(0));
	mutu_map_set(m, "z", mutu_value_null());
	mutu_seq_push(tags, mutu_value_str("a\"b"));
	mutu_seq_push(tags, mutu_value_str("é"));
	mutu_map_set(m, "tags", tags);
	mutu_map_set(m, "empty", mutu_value_seq());
	mutu_map_set_str(sub, "k", "v");
	mutu_map_set(m, "sub", sub);
	mutu_output_json(&b, m);
	assert_string_equal(mutu_buf_cstr(&b),
			    "{\"id\":\"7q3k9m2xh4ta\",\"n\":-3,\"ok\":true,\"no\":false,\"z\":null,"
			    "\"tags\":[\"a\\\"b\",\"é\"],\"empty\":[],\"sub\":{\"k\":\"v\"}}");
	assert_null(strchr(mutu_buf_cstr(&b), '\n'));
	mutu_buf_free(&b);
	mutu_value_free(m);
}

static mutu_table *sample_table(void)
{
	static const char *h[] = { "ID", "TITLE", "KIND" };
	static const char *r1[] = { "7q3k", "Perceuse", "tool" };
	static const char *r2[] = { "ab12", "Échelle", "tool" };
	static const char *r3[] = { "cd34", "日本", "space" };
	mutu_table *t;

	assert_ok(mutu_table_new(&t, 3, h));
	assert_ok(mutu_table_add(t, r1));
	assert_ok(mutu_table_add(t, r2));
	assert_ok(mutu_table_add(t, r3));
	return t;
}

static void table_aligns_by_display_width(void **state)
{
	mutu_table *t = sample_table();
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_table_render(&b, t, 0, 1));
	assert_string_equal(mutu_buf_cstr(&b),
			    "ID    TITLE     KIND\n"
			    "7q3k  Perceuse  tool\n"
			    "ab12  Échelle   tool\n"
			    "cd34  日本      space\n");
	mutu_buf_free(&b);
	mutu_table_free(t);
}

/* Every line: no trailing blank, width <= max (if max), and the last
 * column starting at the same display column. */
static void check_lines(const char *text, size_t max, const char *last_col_header)
{
	char line[1024];
	const char *p = text, *nl;
	size_t start = (size_t)-1, n, w;

	while (*p) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		n = (size_t)(nl - p);
		assert_true(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		if (n && line[n - 1] == ' ')
			fail_msg("trailing blank in '%s'", line);
		w = mutu_utf8_width(line);
		if (max && w > max)
			fail_msg("'%s' is %zu columns, more than %zu", line, w, max);
		if (last_col_header) {
			/* the last column starts after the last run of two blanks */
			char *sep = line, *q;
			size_t col;

			while ((q = strstr(sep, "  ")))
				sep = q + 1;
			while (*sep == ' ')
				sep++;
			*sep = '\0';
			col = mutu_utf8_width(line);
			if (start == (size_t)-1)
				start = col;
			else if (col != start)
				fail_msg("last column at %zu, expected %zu, in:\n%s", col, start, text);
		}
		p = nl + 1;
	}
}

static void table_cuts_the_flexible_column_with_an_ellipsis(void **state)
{
	static const char *h[] = { "ID", "TITLE", "KIND" };
	static const char *r1[] = { "7q3k", "Perceuse à percussion sans fil", "tool" };
	static const char *r2[] = { "ab12", "日本語のタイトルですよね", "space" };
	static const char *r3[] = { "cd34", "Court", "time" };
	mutu_table *t;
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_table_new(&t, 3, h));
	assert_ok(mutu_table_add(t, r1));
	assert_ok(mutu_table_add(t, r2));
	assert_ok(mutu_table_add(t, r3));
	assert_ok(mutu_table_render(&b, t, 30, 1));
	check_lines(mutu_buf_cstr(&b), 30, "KIND");
	assert_contains(mutu_buf_cstr(&b), "7q3k  Perceuse à percu…  tool\n");
	assert_contains(mutu_buf_cstr(&b), "…");
	assert_contains(mutu_buf_cstr(&b), "cd34  Court              time\n");
	/* the CJK title is cut on a character boundary */
	assert_true(mutu_utf8_valid(mutu_buf_cstr(&b), b.len));
	assert_contains(mutu_buf_cstr(&b), "ab12  日本語のタイトル…  space\n");
	mutu_buf_free(&b);

	/* width 0: nothing is cut */
	assert_ok(mutu_table_render(&b, t, 0, 1));
	assert_contains(mutu_buf_cstr(&b), "Perceuse à percussion sans fil");
	assert_not_contains(mutu_buf_cstr(&b), "…");
	mutu_buf_free(&b);

	/* a table that fits is not cut either */
	assert_ok(mutu_table_render(&b, t, 200, 1));
	assert_not_contains(mutu_buf_cstr(&b), "…");
	mutu_buf_free(&b);
	mutu_table_free(t);
}

static void table_has_no_trailing_blanks(void **state)
{
	static const char *h[] = { "ID", "TITLE", "NOTE" };
	static const char *r1[] = { "7q3k", "Perceuse", "" };
	static const char *r2[] = { "ab12", "É", "x" };
	static const char *r3[] = { "cd34", "", "" };
	mutu_table *t;
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_table_new(&t, 3, h));
	assert_ok(mutu_table_add(t, r1));
	assert_ok(mutu_table_add(t, r2));
	assert_ok(mutu_table_add(t, r3));
	assert_ok(mutu_table_render(&b, t, 0, 1));
	check_lines(mutu_buf_cstr(&b), 0, NULL);
	assert_string_equal(mutu_buf_cstr(&b),
			    "ID    TITLE     NOTE\n"
			    "7q3k  Perceuse\n"
			    "ab12  É         x\n"
			    "cd34\n");
	mutu_buf_free(&b);
	mutu_table_free(t);
}

static void table_cells_show_controls_and_bidi_escaped(void **state)
{
	static const char *h[] = { "ID", "TITLE" };
	static const char *r1[] = { "7q3k", "two\nlines\tand tab" };
	static const char *r2[] = { "\x1b[31m", "a\xc2\x9b" "b\xe2\x80\xae" "c\x7f" };
	mutu_table *t;
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_table_new(&t, 2, h));
	assert_ok(mutu_table_add(t, r1));
	assert_ok(mutu_table_add(t, r2));
	assert_ok(mutu_table_render(&b, t, 0, 1));
	assert_string_equal(mutu_buf_cstr(&b), "ID        TITLE\n"
					       "7q3k      two\\nlines\\tand tab\n"
					       "\\x1b[31m  a\\u009bb\\u202ec\\x7f\n");
	mutu_buf_free(&b);
	mutu_table_free(t);
}

static void table_holds_many_rows(void **state)
{
	static const char *h[] = { "N", "V" };
	char num[16], *cells[2];
	mutu_table *t;
	mutu_buf b = MUTU_BUF_INIT;
	size_t i, lines = 0;
	const char *p;

	(void)state;
	assert_ok(mutu_table_new(&t, 2, h));
	for (i = 0; i < 500; i++) {
		snprintf(num, sizeof(num), "%zu", i);
		cells[0] = num;
		cells[1] = "v";
		assert_ok(mutu_table_add(t, (const char *const *)cells));
	}
	assert_ok(mutu_table_render(&b, t, 0, 1));
	for (p = mutu_buf_cstr(&b); *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 501);
	assert_contains(mutu_buf_cstr(&b), "\n499  v\n");
	check_lines(mutu_buf_cstr(&b), 0, "V");
	mutu_buf_free(&b);
	mutu_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_names_parse),
		cmocka_unit_test(tsv_escapes_tab_newline_cr_and_backslash),
		cmocka_unit_test(tsv_fields_never_hold_a_raw_tab_or_newline),
		cmocka_unit_test(json_escapes_quotes_backslash_and_controls),
		cmocka_unit_test(json_passes_utf8_through),
		cmocka_unit_test(json_of_a_record_is_compact_and_ordered),
		cmocka_unit_test(table_aligns_by_display_width),
		cmocka_unit_test(table_cuts_the_flexible_column_with_an_ellipsis),
		cmocka_unit_test(table_has_no_trailing_blanks),
		cmocka_unit_test(table_cells_show_controls_and_bidi_escaped),
		cmocka_unit_test(table_holds_many_rows),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "the C.UTF-8 locale is missing\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
