/*
 * schema-check TYPE FILE — lib/'s side of the schema cross-check.
 *
 * Reads FILE as a mutu record (mutu_yaml_parse), prints it as one line of
 * JSON on stdout (what ajv is then fed), and validates it against
 * schema/TYPE.json with lib/schema.c. Exit status: 0 valid, 1 rejected by
 * the schema (message on stderr), 65 unreadable YAML, 2 usage, 74 I/O,
 * 70 anything else (schema missing or refused, out of memory).
 *
 * Like the commands (cmd/common.c), it calls setlocale(LC_ALL, "") first,
 * since the POSIX patterns are compiled under the caller's locale; the
 * runner checks lib/ under both C and C.UTF-8.
 */
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/output.h"
#include "lib/record.h"
#include "lib/schema.h"
#include "lib/yaml.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_file(mutu_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int bad;

	if (!f) {
		fprintf(stderr, "schema-check: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		mutu_buf_put(b, chunk, n);
	bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "schema-check: %s: read error\n", path);
		return -1;
	}
	if (mutu_buf_check(b) < 0) {
		fprintf(stderr, "schema-check: %s\n", mutu_error_last());
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	mutu_buf data = MUTU_BUF_INIT, json = MUTU_BUF_INIT;
	mutu_value *rec = NULL;
	const mutu_schema *schema;
	int status, err;

	setlocale(LC_ALL, "");
	if (argc != 3) {
		fprintf(stderr, "usage: schema-check TYPE FILE\n");
		return 2;
	}
	if (read_file(&data, argv[2]) < 0) {
		status = 74;
		goto out;
	}
	if (mutu_yaml_parse(&rec, mutu_buf_cstr(&data), data.len, argv[2]) < 0) {
		fprintf(stderr, "schema-check: %s\n", mutu_error_last());
		status = mutu_error_last_code() == MUTU_EDATA ? 65 : 70;
		goto out;
	}
	mutu_output_json(&json, rec);
	mutu_buf_putc(&json, '\n');
	if (mutu_buf_check(&json) < 0) {
		fprintf(stderr, "schema-check: %s\n", mutu_error_last());
		status = 70;
		goto out;
	}
	fwrite(json.ptr, 1, json.len, stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "schema-check: writing the JSON: %s\n", strerror(errno));
		status = 74;
		goto out;
	}
	if (mutu_schema_get(&schema, argv[1]) < 0) {
		fprintf(stderr, "schema-check: %s\n", mutu_error_last());
		status = 70;
		goto out;
	}
	err = mutu_schema_validate(schema, rec, argv[2]);
	if (err == 0) {
		status = 0;
	} else {
		fprintf(stderr, "schema-check: %s\n", mutu_error_last());
		status = err == MUTU_EDATA ? 1 : 70;
	}
out:
	mutu_value_free(rec);
	mutu_buf_free(&data);
	mutu_buf_free(&json);
	mutu_schema_cleanup();
	return status;
}
