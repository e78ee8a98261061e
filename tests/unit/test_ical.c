/* ical — RFC 5545 feeds: folding, escaping, dates, what never gets in. */
#include "unit.h"

#include "lib/ical.h"
#include "lib/utf8.h"

#include <locale.h>
#include <malloc.h>
#include <sys/wait.h>

#define STAMP ((time_t)1795600560)   /* 2026-11-25T09:56:00Z */
#define START ((time_t)1796120100)   /* 2026-12-01T10:15:00Z */
#define NOON ((time_t)1796126400)    /* 2026-12-01T12:00:00Z */
#define DAY ((time_t)86400)

#define UID "7q3k9m2xh4ta@mutu"
#define HEAD "BEGIN:VEVENT\r\nUID:" UID "\r\nDTSTAMP:20261125T095600Z\r\n"

/* The smallest event: what every test starts from. */
static mutu_ical_event minimal(void)
{
	return (mutu_ical_event){ .uid = UID, .stamp = STAMP, .start = START, .sequence = -1 };
}

/* The lines one event makes (malloc'd); writing it must succeed. */
static char *event_text(const mutu_ical_event *e)
{
	mutu_buf b = MUTU_BUF_INIT;

	if (mutu_ical_write_event(&b, e) != 0)
		fail_msg("mutu_ical_write_event: %s", mutu_error_last());
	assert_ok(mutu_buf_check(&b));
	return mutu_buf_detach(&b);
}

static void assert_event(const mutu_ical_event *e, const char *want)
{
	char *got = event_text(e);

	unit_assert_same_text(got, want, "event");
	free(got);
}

/* The SUMMARY lines of an event with this summary, folded as written. */
static char *summary_lines(const char *summary)
{
	mutu_ical_event e = minimal();
	char *text, *from, *to, *s;

	e.summary = summary;
	text = event_text(&e);
	from = strstr(text, "SUMMARY:");
	assert_non_null(from);
	to = strstr(from, "END:VEVENT\r\n");
	assert_non_null(to);
	s = strndup(from, (size_t)(to - from));
	assert_non_null(s);
	free(text);
	return s;
}

/*
 * What RFC 5545 3.1 asks of every physical line of text: CRLF at the end
 * and nowhere else, at most 75 octets, a continuation starting with one
 * space. What mutu asks too: each line UTF-8 on its own (no character
 * split) and no backslash escape split. Returns text unfolded.
 */
static char *check_lines(const char *text)
{
	mutu_buf unfolded = MUTU_BUF_INIT;
	const char *line = text;

	while (*line) {
		const char *crlf = strstr(line, "\r\n");
		size_t len, skip, slashes;

		if (!crlf)
			fail_msg("a line without CRLF: '%s'", line);
		len = (size_t)(crlf - line);
		if (len > 75)
			fail_msg("%zu octets: '%.*s'", len, (int)len, line);
		if (memchr(line, '\r', len) || memchr(line, '\n', len))
			fail_msg("a bare CR or LF: '%.*s'", (int)len, line);
		if (!mutu_utf8_valid(line, len))
			fail_msg("a character split: '%.*s'", (int)len, line);
		skip = line != text && *line == ' ';
		if (!skip && unfolded.len)
			mutu_buf_puts(&unfolded, "\r\n");
		mutu_buf_put(&unfolded, line + skip, len - skip);
		/* every backslash written starts an escape: an odd run at the
		 * end of a line that goes on is an escape cut in two */
		for (slashes = 0; slashes < len && line[len - 1 - slashes] == '\\'; slashes++)
			;
		if (crlf[2] == ' ' && slashes % 2)
			fail_msg("an escape split: '%.*s'", (int)len, line);
		line = crlf + 2;
	}
	if (unfolded.len)
		mutu_buf_puts(&unfolded, "\r\n");
	assert_ok(mutu_buf_check(&unfolded));
	return mutu_buf_detach(&unfolded);
}

static char *repeat(const char *s, size_t n)
{
	mutu_buf b = MUTU_BUF_INIT;

	while (n--)
		mutu_buf_puts(&b, s);
	assert_ok(mutu_buf_check(&b));
	return mutu_buf_detach(&b);
}

static void a_simple_feed_is_byte_for_byte_what_rfc_5545_says(void **state)
{
	static const char *tags[] = { "outils", "jardin" };
	mutu_ical_event e = minimal();
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	e.end = NOON;
	e.summary = "Perceuse à percussion";
	e.description = "Prêtée par alice.\nÀ rendre chargée.";
	e.location = "Atelier, 3 rue des Lilas";
	e.categories = tags;
	e.ncategories = 2;
	e.url = "https://mutu.example/offers/7q3k9m2xh4ta";
	e.status = MUTU_ICAL_STATUS_CONFIRMED;
	e.sequence = 2;
	mutu_ical_begin(&b, "Les Lilas");
	assert_ok(mutu_ical_write_event(&b, &e));
	mutu_ical_end(&b);
	assert_ok(mutu_buf_check(&b));
	unit_assert_same_text(mutu_buf_cstr(&b),
			      "BEGIN:VCALENDAR\r\n"
			      "VERSION:2.0\r\n"
			      "PRODID:-//mutu//mutu//EN\r\n"
			      "CALSCALE:GREGORIAN\r\n"
			      "METHOD:PUBLISH\r\n"
			      "X-WR-CALNAME:Les Lilas\r\n"
			      "BEGIN:VEVENT\r\n"
			      "UID:7q3k9m2xh4ta@mutu\r\n"
			      "DTSTAMP:20261125T095600Z\r\n"
			      "DTSTART:20261201T101500Z\r\n"
			      "DTEND:20261201T120000Z\r\n"
			      "SEQUENCE:2\r\n"
			      "STATUS:CONFIRMED\r\n"
			      "SUMMARY:Perceuse à percussion\r\n"
			      "DESCRIPTION:Prêtée par alice.\\nÀ rendre chargée.\r\n"
			      "LOCATION:Atelier\\, 3 rue des Lilas\r\n"
			      "CATEGORIES:outils,jardin\r\n"
			      "URL:https://mutu.example/offers/7q3k9m2xh4ta\r\n"
			      "END:VEVENT\r\n"
			      "END:VCALENDAR\r\n",
			      "feed");
	mutu_buf_free(&b);
}

static void missing_optional_fields_are_left_out(void **state)
{
	static const char *none[] = { "", NULL };
	mutu_ical_event e = minimal();
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	/* "" is as good as NULL, for every string and every category */
	e.summary = e.description = e.location = e.url = "";
	e.categories = none;
	e.ncategories = 2;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	e.categories = NULL;
	e.ncategories = 5;   /* no list: the count is not read */
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	/* sequence 0 is a sequence; a status out of the enum is none */
	e.sequence = 0;
	e.status = (mutu_ical_status)42;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nSEQUENCE:0\r\nEND:VEVENT\r\n");
	mutu_ical_begin(&b, NULL);
	mutu_ical_begin(&b, "");
	assert_not_contains(mutu_buf_cstr(&b), "X-WR-CALNAME");
	mutu_buf_free(&b);
}

static void lines_fold_at_exactly_75_octets(void **state)
{
	char *text, *s;

	(void)state;
	/* "SUMMARY:" is 8 octets: 67 more fill the line */
	s = repeat("a", 67);
	text = summary_lines(s);
	assert_int_equal(strlen(text), 75 + 2);
	free(text);
	free(s);
	/* one more goes to a continuation: a space, then it */
	s = repeat("a", 68);
	text = summary_lines(s);
	assert_int_equal(strlen(text), 75 + 2 + 2 + 2);
	assert_string_equal(text + 75, "\r\n a\r\n");
	free(text);
	free(s);
	/* a continuation holds the space and 74 octets */
	s = repeat("a", 67 + 74);
	text = summary_lines(s);
	assert_int_equal(strlen(text), 75 + 2 + 75 + 2);
	free(text);
	free(s);
	s = repeat("a", 67 + 74 + 1);
	text = summary_lines(s);
	assert_string_equal(text + 75 + 2 + 75, "\r\n a\r\n");
	free(text);
	free(s);
}

/* The SUMMARY of 'a' times pad then what was typed, written: on one line,
 * or folded before it. */
static void assert_fold_before(size_t pad, const char *typed_text, const char *written, int folded)
{
	mutu_buf typed = MUTU_BUF_INIT, want = MUTU_BUF_INIT;
	char *text;

	while (typed.len < pad)
		mutu_buf_putc(&typed, 'a');
	mutu_buf_printf(&want, "SUMMARY:%s%s%s\r\n", mutu_buf_cstr(&typed), folded ? "\r\n " : "",
			written);
	mutu_buf_puts(&typed, typed_text);
	assert_ok(mutu_buf_check(&typed));
	assert_ok(mutu_buf_check(&want));
	text = summary_lines(mutu_buf_cstr(&typed));
	unit_assert_same_text(text, mutu_buf_cstr(&want), written);
	free(text);
	mutu_buf_free(&typed);
	mutu_buf_free(&want);
}

static void a_fold_never_splits_a_character(void **state)
{
	(void)state;
	/* the character ends the line exactly at 75 octets: no fold */
	assert_fold_before(65, "é", "é", 0);
	assert_fold_before(64, "日", "日", 0);
	assert_fold_before(63, "🔧", "🔧", 0);
	/* one octet more would cut it: it goes whole to the next line */
	assert_fold_before(66, "é", "é", 1);
	assert_fold_before(65, "日", "日", 1);
	assert_fold_before(66, "日", "日", 1);
	assert_fold_before(64, "🔧", "🔧", 1);
	assert_fold_before(65, "🔧", "🔧", 1);
	assert_fold_before(66, "🔧", "🔧", 1);
	/* nor an escape */
	assert_fold_before(65, ";", "\\;", 0);
	assert_fold_before(66, ",", "\\,", 1);
	assert_fold_before(66, "\n", "\\n", 1);
	assert_fold_before(66, "\\", "\\\\", 1);
}

static void every_fold_of_every_text_is_sound(void **state)
{
	/* what is typed, and how it is written */
	static const char *pieces[][2] = {
		{ "é", "é" }, { "日", "日" }, { "🔧", "🔧" }, { ",", "\\," },
		{ "\\", "\\\\" }, { "\n", "\\n" }, { "x", "x" },
	};
	size_t pad, i, k;

	(void)state;
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		for (pad = 0; pad < 160; pad++) {
			mutu_buf typed = MUTU_BUF_INIT, want = MUTU_BUF_INIT;
			char *text, *unfolded;

			mutu_buf_puts(&want, "SUMMARY:");
			for (k = 0; k < pad; k++) {
				mutu_buf_putc(&typed, 'a');
				mutu_buf_putc(&want, 'a');
			}
			for (k = 0; k < 60; k++) {
				mutu_buf_puts(&typed, pieces[i][0]);
				mutu_buf_puts(&want, pieces[i][1]);
			}
			mutu_buf_puts(&want, "\r\n");
			assert_ok(mutu_buf_check(&typed));
			assert_ok(mutu_buf_check(&want));
			text = summary_lines(mutu_buf_cstr(&typed));
			unfolded = check_lines(text);
			unit_assert_same_text(unfolded, mutu_buf_cstr(&want), pieces[i][0]);
			free(unfolded);
			free(text);
			mutu_buf_free(&typed);
			mutu_buf_free(&want);
		}
}

static void text_is_escaped_as_rfc_5545_says(void **state)
{
	mutu_ical_event e = minimal();

	(void)state;
	e.summary = "a\\b;c,d\ne:f\"g";
	e.location = "one\r\ntwo\rthree";
	e.description = "\\n is not a newline";
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\n"
			      "SUMMARY:a\\\\b\\;c\\,d\\ne:f\"g\r\n"
			      "DESCRIPTION:\\\\n is not a newline\r\n"
			      "LOCATION:one\\ntwothree\r\n"
			      "END:VEVENT\r\n");
}

static void control_and_bidi_characters_never_reach_the_feed(void **state)
{
	mutu_ical_event e = minimal();
	mutu_buf typed = MUTU_BUF_INIT, feed = MUTU_BUF_INIT;
	const char *p;
	uint32_t cp;
	size_t n;
	int c;

	(void)state;
	/* every C0 control, DEL, a C1 control (NEL), the separators, an RLM,
	 * an override, an isolate, and a byte that is not UTF-8 */
	mutu_buf_putc(&typed, '[');
	for (c = 1; c < 0x20; c++)
		mutu_buf_putc(&typed, (char)c);
	mutu_buf_puts(&typed, "\x7f|\xc2\x85|\xe2\x80\xa8\xe2\x80\xa9|\xe2\x80\x8f|"
			      "\xe2\x80\xaegnp.exe|\xe2\x81\xa6x\xe2\x81\xa9|\xff]");
	assert_ok(mutu_buf_check(&typed));
	e.summary = e.description = e.location = mutu_buf_cstr(&typed);
	e.uid = mutu_buf_cstr(&typed);
	mutu_ical_begin(&feed, mutu_buf_cstr(&typed));
	assert_ok(mutu_ical_write_event(&feed, &e));
	mutu_ical_end(&feed);
	assert_ok(mutu_buf_check(&feed));
	/* tab is a space, newline \n, the rest is gone; the bad byte U+FFFD */
	assert_contains(mutu_buf_cstr(&feed), "SUMMARY:[ \\n||||gnp.exe|x|\xef\xbf\xbd]\r\n");
	assert_contains(mutu_buf_cstr(&feed), "UID:[ \\n||||gnp.exe|x|\xef\xbf\xbd]\r\n");
	assert_contains(mutu_buf_cstr(&feed), "X-WR-CALNAME:[ \\n||||gnp.exe|x|\xef\xbf\xbd]\r\n");
	/* nothing mutu_utf8_unsafe names is left but the CRLF ending lines */
	for (p = mutu_buf_cstr(&feed); *p; p += n) {
		n = mutu_utf8_decode(p, &cp);
		if (*p == '\r' ? p[1] != '\n' : *p == '\n' ? p[-1] != '\r' : mutu_utf8_unsafe(cp))
			fail_msg("an unsafe character at %zu", (size_t)(p - mutu_buf_cstr(&feed)));
	}
	assert_true(mutu_utf8_valid(mutu_buf_cstr(&feed), feed.len));
	free(check_lines(mutu_buf_cstr(&feed)));
	mutu_buf_free(&typed);
	mutu_buf_free(&feed);
}

static void an_all_day_event_is_a_date_and_ends_the_day_after(void **state)
{
	mutu_ical_event e = minimal();

	(void)state;
	e.all_day = 1;
	/* a loan due on the 1st, whatever the hour: the 1st, to the 2nd */
	e.start = (time_t)1796083200;   /* 2026-12-01T00:00:00Z */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20261201\r\n"
			      "DTEND;VALUE=DATE:20261202\r\nEND:VEVENT\r\n");
	e.start = (time_t)1796167800;   /* 2026-12-01T23:30:00Z */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20261201\r\n"
			      "DTEND;VALUE=DATE:20261202\r\nEND:VEVENT\r\n");
	/* from the 1st to the 3rd, the 3rd included */
	e.end = (time_t)1796256000;     /* 2026-12-03T00:00:00Z */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20261201\r\n"
			      "DTEND;VALUE=DATE:20261204\r\nEND:VEVENT\r\n");
	/* an end before the start is no end */
	e.end = e.start - 3 * DAY;
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20261201\r\n"
			      "DTEND;VALUE=DATE:20261202\r\nEND:VEVENT\r\n");
	/* the day after the last of a year, and a leap day */
	e.end = 0;
	e.start = (time_t)1798718400;   /* 2026-12-31T12:00:00Z */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20261231\r\n"
			      "DTEND;VALUE=DATE:20270101\r\nEND:VEVENT\r\n");
	e.start = (time_t)1835308800;   /* 2028-02-28T00:00:00Z */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:20280228\r\n"
			      "DTEND;VALUE=DATE:20280229\r\nEND:VEVENT\r\n");
}

static void a_timed_end_not_after_the_start_is_left_out(void **state)
{
	mutu_ical_event e = minimal();

	(void)state;
	e.end = START;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	e.end = START - 60;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	e.end = START + 1;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nDTEND:20261201T101501Z\r\n"
			      "END:VEVENT\r\n");
	/* before 1970 is a time like any other */
	e.start = (time_t)-14182940;    /* 1969-07-20T20:17:40Z */
	e.end = 0;
	assert_event(&e, HEAD "DTSTART:19690720T201740Z\r\nEND:VEVENT\r\n");
}

/* Writing e fails with MUTU_EDATA naming want, and appends nothing. */
static void refuse(const mutu_ical_event *e, const char *want)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_buf_puts(&b, "before\r\n");
	mutu_error_clear();
	assert_code(mutu_ical_write_event(&b, e), MUTU_EDATA);
	assert_contains(mutu_error_last(), want);
	assert_string_equal(mutu_buf_cstr(&b), "before\r\n");
	mutu_buf_free(&b);
}

static void refuses_what_a_calendar_cannot_hold(void **state)
{
	mutu_ical_event e = minimal();

	(void)state;
	e.uid = NULL;
	refuse(&e, "uid");
	e.uid = "";
	refuse(&e, "uid");
	e = minimal();
	e.start = (time_t)253402300800;   /* 10000-01-01T00:00:00Z */
	refuse(&e, "'" UID "'");
	e.start = (time_t)-62135596801;   /* 0000-12-31T23:59:59Z */
	refuse(&e, "1 to 9999");
	e = minimal();
	e.stamp = (time_t)253402300800;
	refuse(&e, "1 to 9999");
	e = minimal();
	e.end = (time_t)253402300800;
	refuse(&e, "1 to 9999");
	/* the last day of year 9999 would end in year 10000 */
	e = minimal();
	e.all_day = 1;
	e.start = (time_t)253402214400;   /* 9999-12-31 */
	refuse(&e, "1 to 9999");
	e.start = (time_t)253402128000;   /* 9999-12-30 */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:99991230\r\n"
			      "DTEND;VALUE=DATE:99991231\r\nEND:VEVENT\r\n");
	e.start = (time_t)-62135596800;   /* 0001-01-01 */
	assert_event(&e, HEAD "DTSTART;VALUE=DATE:00010101\r\n"
			      "DTEND;VALUE=DATE:00010102\r\nEND:VEVENT\r\n");
	e = minimal();
	e.sequence = 2147483648L;
	refuse(&e, "2147483648");
	e.sequence = 2147483647L;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nSEQUENCE:2147483647\r\nEND:VEVENT\r\n");
}

static void a_url_is_percent_encoded_not_escaped(void **state)
{
	mutu_ical_event e = minimal();

	(void)state;
	e.url = "https://mutu.example/a b/é?x=1,2;y=%41%zz\\\x01\"";
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\n"
			      "URL:https://mutu.example/a%20b/%C3%A9?x=1,2;y=%41%25zz%5C%01%22\r\n"
			      "END:VEVENT\r\n");
	e.url = "HTTP://mutu.example/";
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nURL:HTTP://mutu.example/\r\n"
			      "END:VEVENT\r\n");
}

static void a_url_that_is_not_the_web_is_left_out(void **state)
{
	static const char *urls[] = {
		"javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>", "https:/x",
		"http", " https://mutu.example/", "mutu.example",
	};
	mutu_ical_event e = minimal();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		e.url = urls[i];
		assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nEND:VEVENT\r\n");
	}
}

static void categories_are_a_list_each_escaped(void **state)
{
	static const char *tags[] = { "outils", "", "jardin, potager", NULL, "a;b" };
	mutu_ical_event e = minimal();

	(void)state;
	e.categories = tags;
	e.ncategories = 5;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\n"
			      "CATEGORIES:outils,jardin\\, potager,a\\;b\r\n"
			      "END:VEVENT\r\n");
	e.ncategories = 1;
	assert_event(&e, HEAD "DTSTART:20261201T101500Z\r\nCATEGORIES:outils\r\nEND:VEVENT\r\n");
}

/* ics-check.py on text: its exit status, and what it printed into *out
 * (malloc'd). It runs from the top of the tree, as tests/run.sh runs. */
static int ics_check(const char *text, char **out)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *dir = unit_tmpdir(), path[4096], cmd[8192], chunk[4096];
	size_t got;
	FILE *p;
	int st;

	snprintf(path, sizeof(path), "%s/feed.ics", dir);
	unit_spit(path, text);
	snprintf(cmd, sizeof(cmd), "tests/cli/ics-check.py '%s' 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		mutu_buf_put(&b, chunk, got);
	st = pclose(p);
	unit_rmtree(dir);
	assert_ok(mutu_buf_check(&b));
	*out = mutu_buf_detach(&b);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void a_feed_reads_back_through_icalendar(void **state)
{
	mutu_ical_event e = minimal(), day = minimal();
	mutu_buf b = MUTU_BUF_INIT, want = MUTU_BUF_INIT;
	char *typed, *written, *out;
	int st;

	(void)state;
	if (access("tests/cli/ics-check.py", X_OK) != 0)
		fail_msg("tests/cli/ics-check.py: run the unit tests from the top of the tree");
	/* long enough to fold many times, with every escape on the way */
	typed = repeat("é日🔧,;\\\n", 40);
	written = repeat("é日🔧,;\\\\\\n", 40);   /* as ics-check's tsv writes it */
	e.end = NOON;
	e.summary = "Perceuse; \"pro\", 18 V\t\x1b[31m\xe2\x80\xae!";
	e.description = typed;
	e.location = "\\n is literal";
	e.status = MUTU_ICAL_STATUS_TENTATIVE;
	e.sequence = 7;
	day.uid = "loan-1@mutu";
	day.all_day = 1;
	day.summary = "%2C stays";
	day.start = (time_t)1798718400;   /* 2026-12-31T12:00:00Z */
	mutu_ical_begin(&b, "Les Lilas, atelier");
	assert_ok(mutu_ical_write_event(&b, &e));
	assert_ok(mutu_ical_write_event(&b, &day));
	mutu_ical_end(&b);
	assert_ok(mutu_buf_check(&b));
	mutu_buf_printf(&want, "%s\tPerceuse; \"pro\", 18 V [31m!\t2026-12-01T10:15:00Z\t"
			       "2026-12-01T12:00:00Z\t\\\\n is literal\t%s\tTENTATIVE\n",
			UID, written);
	mutu_buf_puts(&want, "loan-1@mutu\t%2C stays\t2026-12-31\t2027-01-01\t\t\t\n");
	assert_ok(mutu_buf_check(&want));

	st = ics_check(mutu_buf_cstr(&b), &out);
	if (st != 0)
		fail_msg("ics-check.py exited %d: %s", st, out);
	unit_assert_same_text(out, mutu_buf_cstr(&want), "ics-check.py");
	free(out);
	free(typed);
	free(written);
	mutu_buf_free(&b);
	mutu_buf_free(&want);
}

/* A calendar's head and tail, and an event's first lines, for bad feeds. */
#define CAL "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
#define CAL_END "END:VCALENDAR\r\n"
#define EVENT "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261125T095600Z\r\n"
#define EVENT_END "END:VEVENT\r\n"
#define X10 "xxxxxxxxxx"

static void ics_check_refuses_what_rfc_5545_refuses(void **state)
{
	static const struct {
		const char *feed, *why;
	} bad[] = {
		{ "BEGIN:VCALENDAR\nVERSION:2.0\r\nPRODID:x\r\n" CAL_END, "CRLF" },
		{ CAL "END:VCALENDAR", "CRLF" },
		{ CAL "X-LONG:" X10 X10 X10 X10 X10 X10 "xxxxxxxxx\r\n" CAL_END, "76 octets" },
		{ CAL "X-SPLIT:\xc3\r\n \xa9\r\n" CAL_END, "splits" },
		{ CAL "X-BAD:\xff\r\n" CAL_END, "not UTF-8" },
		{ CAL "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T101500Z\r\n" EVENT_END CAL_END,
		  "without DTSTAMP" },
		{ CAL EVENT "DTSTART:20261201T101500Z\r\nSUMMARY:a,b\r\n" EVENT_END CAL_END, "bare" },
		{ CAL EVENT "DTSTART:20261201T101500Z\r\n" CAL_END EVENT_END, "closes" },
		{ CAL EVENT "DTSTART:20261201T101500Z\r\nSUMMARY:a\x1b[0m\r\n" EVENT_END CAL_END,
		  "U+001B" },
		{ CAL EVENT "DTSTART:20261201T101500Z\r\nDTEND:20261201T101500Z\r\n" EVENT_END
		  CAL_END, "not after" },
		{ CAL EVENT "DTSTART:2026120\r\n" EVENT_END CAL_END,
		  "DTSTART is not a DATE-TIME" },
		/* a month 13 is for icalendar itself to refuse */
		{ CAL EVENT "DTSTART:20261301T101500Z\r\n" EVENT_END CAL_END, "icalendar" },
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int st = ics_check(bad[i].feed, &out);

		if (st != 1 || !strstr(out, bad[i].why) || strncmp(out, "ics-check: ", 11))
			fail_msg("feed %zu (%s): exit %d, '%s'", i, bad[i].why, st, out);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_simple_feed_is_byte_for_byte_what_rfc_5545_says),
		cmocka_unit_test(missing_optional_fields_are_left_out),
		cmocka_unit_test(lines_fold_at_exactly_75_octets),
		cmocka_unit_test(a_fold_never_splits_a_character),
		cmocka_unit_test(every_fold_of_every_text_is_sound),
		cmocka_unit_test(text_is_escaped_as_rfc_5545_says),
		cmocka_unit_test(control_and_bidi_characters_never_reach_the_feed),
		cmocka_unit_test(an_all_day_event_is_a_date_and_ends_the_day_after),
		cmocka_unit_test(a_timed_end_not_after_the_start_is_left_out),
		cmocka_unit_test(refuses_what_a_calendar_cannot_hold),
		cmocka_unit_test(a_url_is_percent_encoded_not_escaped),
		cmocka_unit_test(a_url_that_is_not_the_web_is_left_out),
		cmocka_unit_test(categories_are_a_list_each_escaped),
		cmocka_unit_test(a_feed_reads_back_through_icalendar),
		cmocka_unit_test(ics_check_refuses_what_rfc_5545_refuses),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "the C.UTF-8 locale is missing\n");
		return 1;
	}
	/* fresh allocations hold garbage, as they may in real use */
	mallopt(M_PERTURB, 0x55);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
