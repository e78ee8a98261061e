/*
 * fuzz_trailers — any text read as a commit message's trailers.
 *
 * The promises: a refusal is one line; what is read is what mutu would
 * write (a well-formed action or none), and written again and read back
 * it is the same: the action, the files, the count and the conflicts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/trailers.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mutu_trailers t, back;
	mutu_buf msg = MUTU_BUF_INIT;
	char *text;
	size_t i;
	int rc;

	if (!(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';   /* a message is a C string: the rest after a NUL is not read */
	rc = mutu_trailers_parse(&t, text);
	if (rc < 0) {
		fuzz_check_one_line(mutu_error_last());
		goto out;
	}
	if (t.action[0] && !mutu_trailers_valid_action(t.action))
		fuzz_fail("an action mutu would not write: %s", t.action);
	if (t.count < t.nrecords)
		fuzz_fail("a count below the files listed");
	mutu_buf_puts(&msg, "summary\n\n");
	mutu_trailers_format(&msg, &t);
	if (mutu_trailers_parse(&back, mutu_buf_cstr(&msg)) < 0)
		fuzz_fail("what was read does not read back: %s", mutu_error_last());
	if (strcmp(back.action, t.action) || back.nrecords != t.nrecords || back.count != t.count ||
	    back.nconflicts != t.nconflicts)
		fuzz_fail("written and read back, the trailers changed");
	for (i = 0; i < t.nrecords; i++)
		if (strcmp(back.records[i], t.records[i]))
			fuzz_fail("a file changed: %s", t.records[i]);
	for (i = 0; i < t.nconflicts; i++)
		if (strcmp(back.conflicts[i], t.conflicts[i]))
			fuzz_fail("a conflict changed: %s", t.conflicts[i]);
	mutu_trailers_free(&back);
out:
	mutu_error_clear();
	mutu_trailers_free(&t);
	mutu_buf_free(&msg);
	free(text);
	return 0;
}
