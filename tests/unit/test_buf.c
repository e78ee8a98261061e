/* buf — the growable byte string. */
#include "unit.h"

#include "lib/buf.h"

#include <malloc.h>

static void a_new_buf_reads_as_the_empty_string(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_string_equal(mutu_buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	assert_ok(mutu_buf_check(&b));
	mutu_buf_free(&b);
}

static void a_buf_that_only_grew_still_reads_as_empty(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *s, c, c1;

	(void)state;
	assert_ok(mutu_buf_grow(&b, 10));
	assert_int_equal(b.len, 0);
	/* byte compares: an unterminated string must not be read further */
	c1 = mutu_buf_cstr(&b)[0];
	s = mutu_buf_detach(&b);
	assert_non_null(s);
	c = s[0];
	free(s);
	assert_int_equal(c1, '\0');
	assert_int_equal(c, '\0');
}

static void appends_grow_the_buffer_and_keep_every_byte(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		assert_ok(mutu_buf_putc(&b, (char)('a' + i % 26)));
		assert_true(b.cap > b.len);
		assert_int_equal(b.ptr[b.len], '\0');
	}
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(mutu_buf_cstr(&b)), 10000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(b.ptr[i], 'a' + i % 26);
	assert_ok(mutu_buf_puts(&b, "END"));
	assert_string_equal(b.ptr + 10000, "END");
	mutu_buf_free(&b);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
}

static void put_appends_binary_bytes_and_stays_terminated(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_buf_put(&b, "ab\0cd", 5));
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.ptr, "ab\0cd", 6);
	assert_ok(mutu_buf_put(&b, "", 0));
	assert_int_equal(b.len, 5);
	mutu_buf_free(&b);
}

static void grow_reserves_room_without_changing_contents(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *p;

	(void)state;
	assert_ok(mutu_buf_puts(&b, "hello"));
	assert_ok(mutu_buf_grow(&b, 100000));
	assert_true(b.cap >= b.len + 100000 + 1);
	assert_string_equal(mutu_buf_cstr(&b), "hello");
	p = b.ptr;
	assert_ok(mutu_buf_put(&b, "0123456789", 10)); /* no move: room was reserved */
	assert_ptr_equal(b.ptr, p);
	assert_string_equal(mutu_buf_cstr(&b), "hello0123456789");
	mutu_buf_free(&b);
}

static void printf_appends_formatted_text(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char big[5000];

	(void)state;
	assert_ok(mutu_buf_puts(&b, "x="));
	assert_ok(mutu_buf_printf(&b, "%d, s=%s, %05.1f", 42, "é", 3.14159));
	assert_string_equal(mutu_buf_cstr(&b), "x=42, s=é, 003.1");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_ok(mutu_buf_printf(&b, "[%s]", big)); /* longer than any initial capacity */
	assert_int_equal(b.len, strlen("x=42, s=é, 003.1") + 2 + 4999);
	assert_int_equal(b.ptr[b.len - 1], ']');
	assert_int_equal(b.ptr[b.len], '\0');
	assert_ok(mutu_buf_printf(&b, "%s", ""));
	assert_int_equal(b.len, strlen("x=42, s=é, 003.1") + 2 + 4999);
	mutu_buf_free(&b);
}

static void clear_empties_but_keeps_the_allocation(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *p;
	size_t cap;

	(void)state;
	assert_ok(mutu_buf_puts(&b, "some text"));
	p = b.ptr;
	cap = b.cap;
	mutu_buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(mutu_buf_cstr(&b), "");
	assert_ptr_equal(b.ptr, p);
	assert_int_equal(b.cap, cap);
	assert_ok(mutu_buf_puts(&b, "new"));
	assert_string_equal(mutu_buf_cstr(&b), "new");
	mutu_buf_free(&b);
	mutu_buf_clear(&b); /* clearing an empty buf is harmless */
	assert_string_equal(mutu_buf_cstr(&b), "");
}

static void truncate_keeps_a_prefix_and_never_lengthens(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	mutu_buf_truncate(&b, 3);                /* an empty buf stays empty */
	assert_string_equal(mutu_buf_cstr(&b), "");
	mutu_buf_puts(&b, "abcdef");
	mutu_buf_truncate(&b, 10);
	assert_string_equal(mutu_buf_cstr(&b), "abcdef");
	mutu_buf_truncate(&b, 2);
	assert_int_equal(b.len, 2);
	assert_string_equal(mutu_buf_cstr(&b), "ab");
	mutu_buf_puts(&b, "z");
	assert_string_equal(mutu_buf_cstr(&b), "abz");
	mutu_buf_free(&b);
}

static void detach_hands_over_the_string_and_empties_the_buf(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *s;

	(void)state;
	assert_ok(mutu_buf_puts(&b, "owned"));
	s = mutu_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "owned");
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_string_equal(mutu_buf_cstr(&b), "");
	free(s);
	/* the buf is reusable after detaching */
	assert_ok(mutu_buf_puts(&b, "again"));
	assert_string_equal(mutu_buf_cstr(&b), "again");
	mutu_buf_free(&b);
}

static void detach_of_an_empty_buf_is_an_empty_string(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;
	char *s = mutu_buf_detach(&b);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void an_allocation_failure_is_sticky(void **state)
{
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	assert_ok(mutu_buf_puts(&b, "before"));
	assert_code(mutu_buf_grow(&b, (size_t)-1), MUTU_ENOMEM);
	assert_true(b.failed);
	assert_true(mutu_buf_puts(&b, "more") < 0);
	assert_true(mutu_buf_putc(&b, 'x') < 0);
	assert_true(mutu_buf_printf(&b, "%d", 1) < 0);
	assert_string_equal(mutu_buf_cstr(&b), "before");
	mutu_error_clear();
	assert_code(mutu_buf_check(&b), MUTU_ENOMEM);
	assert_int_equal(mutu_error_last_code(), MUTU_ENOMEM);
	assert_null(mutu_buf_detach(&b)); /* never a half-built string */
	mutu_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_buf_reads_as_the_empty_string),
		cmocka_unit_test(a_buf_that_only_grew_still_reads_as_empty),
		cmocka_unit_test(appends_grow_the_buffer_and_keep_every_byte),
		cmocka_unit_test(put_appends_binary_bytes_and_stays_terminated),
		cmocka_unit_test(grow_reserves_room_without_changing_contents),
		cmocka_unit_test(printf_appends_formatted_text),
		cmocka_unit_test(clear_empties_but_keeps_the_allocation),
		cmocka_unit_test(truncate_keeps_a_prefix_and_never_lengthens),
		cmocka_unit_test(detach_hands_over_the_string_and_empties_the_buf),
		cmocka_unit_test(detach_of_an_empty_buf_is_an_empty_string),
		cmocka_unit_test(an_allocation_failure_is_sticky),
	};

	/* fresh allocations hold garbage, as they may in real use */
	mallopt(M_PERTURB, 0x55);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
