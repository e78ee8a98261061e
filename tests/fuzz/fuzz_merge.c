/*
 * fuzz_merge — three versions of a file, as git hands them to the merge
 * driver: the ancestor, ours and theirs.
 *
 * The first byte picks the path (a record of each type, or a file that is
 * no record); the rest is split at NUL bytes into the three versions (one
 * missing: absent on that side, as when a file is new). The promises:
 * every refusal is one line; for a record, the merge is clean, and it is
 * the same bytes whichever side is ours, since two copies merging each
 * other must converge; what it writes is YAML mutu reads back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/mergetree.h"
#include "lib/record.h"
#include "tests/fuzz/fuzz.h"

static const char *const merge_paths[] = {
	"offers/7q/7q3k9m2xh4ta.yaml",
	"needs/7q/7q3k9m2xh4ta.yaml",
	"members/alice.yaml",
	"proposals/7q/7q3k9m2xh4ta.yaml",
	"votes/7q3k9m2xh4ta/alice.yaml",
	"comments/7q3k9m2xh4ta/9zzzzzzzzzzz.yaml",
	"conflicts/7q/7q3k9m2xh4ta.yaml",
	"README.md",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[3] = { NULL, NULL, NULL }, *path;
	size_t len[3] = { 0, 0, 0 }, i, start, n = 0;
	mutu_buf one = MUTU_BUF_INIT, other = MUTU_BUF_INIT;
	char *text;
	int clean1 = 0, clean2 = 0, rc1, rc2;

	if (size < 1)
		return 0;
	path = merge_paths[data[0] % (sizeof(merge_paths) / sizeof(merge_paths[0]))];
	if (!(text = malloc(size)))
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	/* NUL separates the versions; each is then a C string */
	for (i = 0, start = 0; i < size && n < 3; i++) {
		if (i == size - 1 || text[i] == '\0') {
			part[n] = text + start;
			len[n] = i - start;
			n++;
			start = i + 1;
		}
	}
	rc1 = mutu_mergetree_file(&one, &clean1, path, part[0], len[0], part[1], len[1], part[2],
				  len[2]);
	if (rc1 < 0)
		fuzz_check_one_line(mutu_error_last());
	mutu_error_clear();
	rc2 = mutu_mergetree_file(&other, &clean2, path, part[0], len[0], part[2], len[2], part[1],
				  len[1]);
	if (rc2 < 0)
		fuzz_check_one_line(mutu_error_last());
	mutu_error_clear();
	if (strcmp(path, "README.md") != 0 && rc1 == 0 && rc2 == 0) {
		if (clean1 != clean2)
			fuzz_fail("clean one way (%d), not the other (%d)", clean1, clean2);
		if (clean1 && (one.len != other.len || (one.len && memcmp(one.ptr, other.ptr, one.len) != 0)))
			fuzz_fail("the merge depends on which side is ours:\n%s\n---\n%s",
				  mutu_buf_cstr(&one), mutu_buf_cstr(&other));
		if (clean1 && one.len) {
			mutu_value *back = NULL;

			if (mutu_yaml_parse(&back, one.ptr, one.len, FUZZ_EMITTED) < 0)
				fuzz_fail("the merged record does not read back: %s", mutu_error_last());
			mutu_value_free(back);
		}
	}
	mutu_buf_free(&one);
	mutu_buf_free(&other);
	free(text);
	return 0;
}
