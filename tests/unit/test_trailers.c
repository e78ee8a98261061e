/* trailers — what a commit says of itself, written and read back. */
#include "unit.h"

#include "lib/trailers.h"

#include <string.h>

static void what_is_written_reads_back(void **state)
{
	char *records[] = { "offers/7q/7q3k9m2xh4ta.yaml", "members/alice.yaml" };
	char *conflicts[] = { "7q3k9m2xh4ta" };
	mutu_trailers t = { .action = "offer.add", .records = records, .nrecords = 2, .count = 5,
			    .conflicts = conflicts, .nconflicts = 1 }, back;
	mutu_buf msg = MUTU_BUF_INIT;

	(void)state;
	mutu_buf_puts(&msg, "offer add 7q3k9m2x: Perceuse\n\n");
	mutu_trailers_format(&msg, &t);
	assert_ok(mutu_trailers_parse(&back, mutu_buf_cstr(&msg)));
	assert_string_equal(back.action, "offer.add");
	assert_int_equal(back.nrecords, 2);
	assert_string_equal(back.records[1], "members/alice.yaml");
	assert_int_equal(back.count, 5);
	assert_int_equal(back.nconflicts, 1);
	assert_string_equal(back.conflicts[0], "7q3k9m2xh4ta");
	mutu_trailers_free(&back);
	mutu_buf_free(&msg);
}

static void a_plain_git_message_names_no_action(void **state)
{
	mutu_trailers t;

	(void)state;
	assert_ok(mutu_trailers_parse(&t, "fix a typo\n\nSigned-off-by: Bob <bob@example.org>\n"));
	assert_string_equal(t.action, "");
	assert_int_equal(t.nrecords, 0);
	assert_int_equal(t.count, 0);
	mutu_trailers_free(&t);
	assert_ok(mutu_trailers_parse(&t, ""));
	mutu_trailers_free(&t);
}

static void malformed_mutu_trailers_are_refused(void **state)
{
	static const char *const bad[] = {
		"x\n\nMutu-Action: offer add\n",
		"x\n\nMutu-Action: Offer.add\n",
		"x\n\nMutu-Action: offer.add\nMutu-Action: need.add\n",
		"x\n\nMutu-Action: offer.add\nMutu-Record: ../etc/passwd\n",
		"x\n\nMutu-Action: offer.add\nMutu-Record: /abs.yaml\n",
		"x\n\nMutu-Action: offer.add\nMutu-Record: a//b.yaml\n",
		"x\n\nMutu-Action: offer.add\nMutu-Record: a/\xe2\x80\xae.yaml\n",
		"x\n\nMutu-Action: offer.add\nMutu-Count: 0\n",
		"x\n\nMutu-Action: offer.add\nMutu-Count: 12x\n",
		"x\n\nMutu-Action: offer.add\nMutu-Record: a.yaml\nMutu-Count: 1\n",
		"x\n\nMutu-Action: offer.add\nMutu-Conflict: not-an-id\n",
		"x\n\nMutu-Action: offer.add\nMutu-Whatever: 1\n",
	};
	mutu_trailers t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mutu_trailers_parse(&t, bad[i]) != MUTU_EDATA)
			fail_msg("accepted: %s", bad[i]);
		assert_null(strchr(mutu_error_last(), '\n'));
		mutu_trailers_free(&t);
		mutu_error_clear();
	}
}

static void actions_are_type_dot_verb(void **state)
{
	(void)state;
	assert_true(mutu_trailers_valid_action("offer.add"));
	assert_true(mutu_trailers_valid_action("sync.merge"));
	assert_true(mutu_trailers_valid_action("proposal.re-open"));
	assert_false(mutu_trailers_valid_action("offer"));
	assert_false(mutu_trailers_valid_action(".add"));
	assert_false(mutu_trailers_valid_action("offer."));
	assert_false(mutu_trailers_valid_action("of-fer.add"));
	assert_false(mutu_trailers_valid_action("offer.add.x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_is_written_reads_back),
		cmocka_unit_test(a_plain_git_message_names_no_action),
		cmocka_unit_test(malformed_mutu_trailers_are_refused),
		cmocka_unit_test(actions_are_type_dot_verb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
