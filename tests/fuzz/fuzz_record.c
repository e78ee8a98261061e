/*
 * fuzz_record — arbitrary bytes read as a record of one type.
 *
 * The first byte picks the type: below 0xf0, one of the first five
 * (offer, need, member, commons, rules: the choice the committed seeds and
 * findings were made with), from 0xf0 one of the governance records
 * (proposal, comment, ballot); the rest is the file. It is read strictly
 * and tolerantly, as commands write and list. Whatever fails must fail
 * with one positioned line; a record
 * that validates must stay valid through canonicalize, emit, parse, and
 * emit the same bytes again; a record read tolerantly, valid or not, must
 * round-trip too. A tolerant read of an invalid record warns exactly once,
 * with the message a strict read fails with.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/record.h"
#include "lib/records.h"
#include "lib/schema.h"
#include "lib/yaml.h"
#include "tests/fuzz/fuzz.h"

#define RECORD_NAME "offers/fz/fzrecord.yaml"

static const char *const record_types[] = { "offer", "need", "member", "commons", "rules",
					    "proposal", "comment", "ballot" };
#define RECORD_NTYPES (sizeof(record_types) / sizeof(record_types[0]))

static int record_warnings;
static char record_warning[1024];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void record_on_warning(const char *msg)
{
	fuzz_check_one_line(msg);
	record_warnings++;
	snprintf(record_warning, sizeof(record_warning), "%s", msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const mutu_schema *s;
	size_t i;

	(void)argc;
	(void)argv;
	mutu_warn_handler(record_on_warning);
	/* load every schema once: they live as long as the process */
	for (i = 0; i < RECORD_NTYPES; i++)
		if (mutu_schema_get(&s, record_types[i]) != 0)
			fuzz_fail("schema %s: %s", record_types[i], mutu_error_last());
	return 0;
}

/* Emit rec (canonicalized in place), read it back with the same
 * strictness, emit again: equal values, the same bytes. size: the input's. */
static void record_round_trip(const char *type, mutu_record *rec, int strict, size_t size)
{
	mutu_buf first = MUTU_BUF_INIT, second = MUTU_BUF_INIT;
	mutu_record *back = NULL;
	int rc;

	if ((rc = mutu_records_emit(&first, type, rec)) != 0) {
		if (rc != MUTU_EDATA || size <= FUZZ_BIG_INPUT)
			fuzz_fail("cannot emit a %s read: %d %s", type, rc, mutu_error_last());
		fuzz_check_one_line(mutu_error_last());
		mutu_buf_free(&first);
		return;
	}
	if ((rc = mutu_records_parse(&back, type, first.ptr, first.len, FUZZ_EMITTED, strict)) != 0)
		fuzz_fail("emitted %s does not read back: %s\n--- emitted:\n%s", type,
			  mutu_error_last(), first.ptr);
	if (!mutu_value_equal(rec, back))
		fuzz_fail("emitted %s reads back as another value\n--- emitted:\n%s", type,
			  first.ptr);
	if (strict && (rc = mutu_records_check(type, back, FUZZ_EMITTED)) != 0)
		fuzz_fail("emitted %s read back is no longer valid: %s\n--- emitted:\n%s", type,
			  mutu_error_last(), first.ptr);
	if ((rc = mutu_records_emit(&second, type, back)) != 0)
		fuzz_fail("cannot emit a %s read back: %d %s", type, rc, mutu_error_last());
	if (first.len != second.len || memcmp(first.ptr, second.ptr, first.len) != 0)
		fuzz_fail("emit, parse, emit changed the bytes of a %s\n--- first:\n%s--- second:\n%s",
			  type, first.ptr, second.ptr);
	mutu_value_free(back);
	mutu_buf_free(&first);
	mutu_buf_free(&second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mutu_record *strict = NULL, *tolerant = NULL;
	char refused[1024] = "";
	const char *type, *text;
	size_t len;
	int rc, rc_tolerant;

	if (size < 1)
		return 0;
	type = record_types[data[0] < 0xf0 ? data[0] % 5 : 5 + (data[0] - 0xf0) % (RECORD_NTYPES - 5)];
	text = (const char *)data + 1;
	len = size - 1;

	/* as a write sees it */
	mutu_error_clear();
	record_warnings = 0;
	rc = mutu_records_parse(&strict, type, text, len, RECORD_NAME, 1);
	if (rc < 0) {
		if (strict)
			fuzz_fail("a refused %s left a value", type);
		fuzz_check_error(rc, RECORD_NAME);
		snprintf(refused, sizeof(refused), "%s", mutu_error_last());
	} else if (rc > 0 || !strict) {
		fuzz_fail("mutu_records_parse returned %d", rc);
	}
	if (record_warnings)
		fuzz_fail("a strict read warned: %s", record_warning);

	/* as a list sees it */
	mutu_error_clear();
	rc_tolerant = mutu_records_parse(&tolerant, type, text, len, RECORD_NAME, 0);
	if (rc_tolerant < 0) {
		fuzz_check_error(rc_tolerant, RECORD_NAME);
		if (strict)
			fuzz_fail("a valid %s is refused by a tolerant read: %s", type,
				  mutu_error_last());
		if (strcmp(refused, mutu_error_last()) != 0)
			fuzz_fail("strict and tolerant reads fail differently:\n  %s\n  %s", refused,
				  mutu_error_last());
	} else {
		if (strict && record_warnings)
			fuzz_fail("a valid %s warned: %s", type, record_warning);
		if (!strict && (record_warnings != 1 || strcmp(record_warning, refused) != 0))
			fuzz_fail("an invalid %s read tolerantly gave %d warnings (last: %s), "
				  "not the strict error: %s",
				  type, record_warnings, record_warning, refused);
		if (strict && !mutu_value_equal(strict, tolerant))
			fuzz_fail("strict and tolerant reads differ");
	}

	if (tolerant && !mutu_utf8_valid(text, len))
		fuzz_fail("a %s record that is not UTF-8 was read without an error", type);
	if (strict) {
		/* canonical shape keeps a valid record valid */
		if ((rc = mutu_records_check(type, strict, RECORD_NAME)) != 0)
			fuzz_fail("a %s that parsed strictly fails its check: %s", type,
				  mutu_error_last());
		record_round_trip(type, strict, 1, len);
	}
	if (tolerant) {
		record_round_trip(type, tolerant, 0, len);
		/* whatever it says of a canonicalized record, in one line */
		mutu_error_clear();
		if ((rc = mutu_records_check(type, tolerant, RECORD_NAME)) != 0)
			fuzz_check_error(rc, RECORD_NAME);
	}
	mutu_value_free(strict);
	mutu_value_free(tolerant);
	return 0;
}
