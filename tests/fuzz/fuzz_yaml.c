/*
 * fuzz_yaml — arbitrary bytes through the strict YAML reader and back
 * through the canonical emitter.
 *
 * Each input is read three ways: as one document (mutu_yaml_parse), as a
 * stream from memory and as a stream from a FILE (the reader that keeps
 * only two chunks of input to place an encoding error). All three must
 * agree. Every error must be MUTU_EDATA with one line "NAME:LINE:COLUMN:
 * what"; every document read must survive emit, parse, emit with an equal
 * value and the same bytes. Run with -timeout: a slow input is a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/record.h"
#include "lib/yaml.h"
#include "tests/fuzz/fuzz.h"

#define YAML_NAME "fuzz.yaml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Emit, parse, emit: equal values, the same bytes. size: the input's. */
static void yaml_round_trip(const mutu_value *v, size_t size)
{
	mutu_buf first = MUTU_BUF_INIT, second = MUTU_BUF_INIT;
	mutu_value *back = NULL;
	int rc;

	if (v->type != MUTU_MAP)
		fuzz_fail("a document read is a %s, not a mapping", mutu_type_name(v->type));
	if ((rc = mutu_yaml_emit(&first, v)) != 0) {
		if (rc != MUTU_EDATA || size <= FUZZ_BIG_INPUT)
			fuzz_fail("cannot emit a document read: %d %s", rc, mutu_error_last());
		fuzz_check_one_line(mutu_error_last());
		mutu_buf_free(&first);
		return;
	}
	if ((rc = mutu_yaml_parse(&back, first.ptr, first.len, FUZZ_EMITTED)) != 0)
		fuzz_fail("emitted YAML does not read back: %s\n--- emitted:\n%s",
			  mutu_error_last(), first.ptr);
	if (!mutu_value_equal(v, back))
		fuzz_fail("emitted YAML reads back as another value\n--- emitted:\n%s", first.ptr);
	if ((rc = mutu_yaml_emit(&second, back)) != 0)
		fuzz_fail("cannot emit what was read back: %d %s", rc, mutu_error_last());
	if (first.len != second.len || memcmp(first.ptr, second.ptr, first.len) != 0)
		fuzz_fail("emit, parse, emit changed the bytes\n--- first:\n%s--- second:\n%s",
			  first.ptr, second.ptr);
	mutu_value_free(back);
	mutu_buf_free(&first);
	mutu_buf_free(&second);
}

/* What a stream gave: its documents and how it ended. */
struct yaml_stream {
	mutu_value **docs;
	size_t n, cap;
	int rc;             /* 0 at the end, or the error */
	char message[1024];
};

static void yaml_read_stream(struct yaml_stream *s, mutu_yaml_reader *r, size_t size)
{
	mutu_value *v;
	int rc;

	s->n = 0;
	for (;;) {
		rc = mutu_yaml_reader_next(&v, r);
		if (rc <= 0)
			break;
		if (!v)
			fuzz_fail("reader_next returned 1 without a document");
		if (mutu_yaml_reader_line(r) == 0)
			fuzz_fail("a document read starts at line 0");
		yaml_round_trip(v, size);
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 16;
			if (!(s->docs = realloc(s->docs, s->cap * sizeof(*s->docs))))
				fuzz_fail("out of memory");
		}
		s->docs[s->n++] = v;
	}
	s->rc = rc;
	s->message[0] = '\0';
	if (rc < 0) {
		fuzz_check_error(rc, YAML_NAME);
		snprintf(s->message, sizeof(s->message), "%s", mutu_error_last());
	}
}

static void yaml_stream_free(struct yaml_stream *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		mutu_value_free(s->docs[i]);
	free(s->docs);
	s->docs = NULL;
	s->n = s->cap = 0;
}

/* The memory and FILE readers must give the same documents and end. */
static void yaml_same_streams(const struct yaml_stream *a, const struct yaml_stream *b)
{
	size_t i;

	if (a->n != b->n || a->rc != b->rc)
		fuzz_fail("memory reader: %zu documents then %d (%s); FILE reader: %zu then %d (%s)",
			  a->n, a->rc, a->message, b->n, b->rc, b->message);
	for (i = 0; i < a->n; i++)
		if (!mutu_value_equal(a->docs[i], b->docs[i]))
			fuzz_fail("document %zu differs between the memory and FILE readers", i + 1);
	if (strcmp(a->message, b->message) != 0)
		fuzz_fail("the memory and FILE readers fail differently:\n  %s\n  %s", a->message,
			  b->message);
}

static struct yaml_stream yaml_from_memory, yaml_from_file;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	mutu_yaml_reader *r;
	mutu_value *one = NULL;
	FILE *f;
	int rc;

	/* exactly one document */
	mutu_error_clear();
	rc = mutu_yaml_parse(&one, text, size, YAML_NAME);
	if (rc < 0) {
		if (one)
			fuzz_fail("a failed parse left a value");
		fuzz_check_error(rc, YAML_NAME);
	} else if (rc > 0 || !one) {
		fuzz_fail("mutu_yaml_parse returned %d", rc);
	} else {
		yaml_round_trip(one, size);
	}

	/* a stream in memory */
	mutu_error_clear();
	if (mutu_yaml_reader_new(&r, text, size, YAML_NAME) != 0)
		fuzz_fail("reader_new: %s", mutu_error_last());
	yaml_read_stream(&yaml_from_memory, r, size);
	mutu_yaml_reader_free(r);

	/* parse is the stream's one document, or an error */
	if (one && (yaml_from_memory.n != 1 || yaml_from_memory.rc != 0 ||
		    !mutu_value_equal(one, yaml_from_memory.docs[0])))
		fuzz_fail("mutu_yaml_parse read one document, the stream %zu then %d (%s)",
			  yaml_from_memory.n, yaml_from_memory.rc, yaml_from_memory.message);
	/* (parse bounds its whole input, blank lines and comments included) */
	if (!one && yaml_from_memory.n == 1 && yaml_from_memory.rc == 0 &&
	    size <= MUTU_YAML_MAX_DOCUMENT)
		fuzz_fail("the stream holds one document, mutu_yaml_parse refused it");

	/* all of it read without an error: then all of it was UTF-8 (left to
	 * guess, libyaml would read UTF-16 too) */
	if ((one || yaml_from_memory.rc == 0) && !mutu_utf8_valid(text, size))
		fuzz_fail("input that is not UTF-8 was read without an error");

	/* a stream read through stdio, as commands read standard input */
	if (size > 0 && (f = fmemopen((void *)data, size, "r"))) {
		mutu_error_clear();
		if (mutu_yaml_reader_new_file(&r, f, YAML_NAME) != 0)
			fuzz_fail("reader_new_file: %s", mutu_error_last());
		yaml_read_stream(&yaml_from_file, r, size);
		mutu_yaml_reader_free(r);
		fclose(f);
		yaml_same_streams(&yaml_from_memory, &yaml_from_file);
		yaml_stream_free(&yaml_from_file);
	}

	yaml_stream_free(&yaml_from_memory);
	mutu_value_free(one);
	return 0;
}
