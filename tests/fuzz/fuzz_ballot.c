/*
 * fuzz_ballot — arbitrary text read as a ballot, typed or from a file.
 *
 * The first byte picks the method and how many options the proposal has
 * (and whether it has a status quo); the rest is what a member typed, or
 * a ballot file's line. The options are fixed texts, some of them digits,
 * so that typed numbers and texts that look like numbers meet.
 *
 * The promises: every refusal is one line; a ballot made from what was
 * typed decodes (as a file would be read) to marks that pass
 * mutu_tally_check, and its canonical line, read back as a file, gives
 * the same marks and is a fixed point (made again, the same line); a line
 * read from a file that decodes is one mutu_ballot_make accepts too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ballot.h"
#include "lib/proposal.h"
#include "lib/record.h"
#include "lib/tally.h"
#include "tests/fuzz/fuzz.h"

#define BALLOT_PROPOSAL "7q3k9m2xh4ta"

static const char *const ballot_options[] = {
	"Red", "Green", "Blue", "2", "10", "Yes", "status", "A B", "Ça", "x",
};
static const char *const ballot_scale[] = { "reject", "poor", "fair", "1", "good" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ballot_setup(mutu_vote_setup *s, unsigned pick)
{
	mutu_tally_params *p = &s->params;
	size_t i, n = 1 + (pick >> 3) % 10;

	memset(s, 0, sizeof(*s));
	p->method = (mutu_method)(pick % MUTU_METHOD_COUNT);
	if (mutu_method_has_options(p->method)) {
		for (i = 0; i < n; i++)
			s->options[p->noptions++] = ballot_options[i];
		p->status_quo = (pick & 0x80) && (p->method == MUTU_METHOD_SCHULZE ||
						  p->method == MUTU_METHOD_MAJORITY_JUDGMENT);
		if (p->status_quo)
			s->options[p->noptions++] = MUTU_STATUS_QUO;
	}
	for (i = 0; i < sizeof(ballot_scale) / sizeof(ballot_scale[0]); i++)
		s->scale[p->nscale++] = ballot_scale[i];
	p->options = s->options;
	p->scale = s->scale;
	p->seats = 2;
	p->quorum = 50;
	p->threshold = 50;
}

static void ballot_input(mutu_ballot_input *in, mutu_method m, const char *text)
{
	memset(in, 0, sizeof(*in));
	switch (m) {
	case MUTU_METHOD_APPROVAL:
		in->approve = text;
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		in->grade = text;
		break;
	case MUTU_METHOD_SCHULZE:
	case MUTU_METHOD_STV:
		in->rank = text;
		break;
	default:
		in->choice = text;
		break;
	}
}

/* A ballot file holding text in the method's field. */
static mutu_record *ballot_file(const mutu_vote_setup *s, const char *text)
{
	mutu_record *rec = mutu_value_map();

	if (!rec || mutu_map_set_str(rec, "proposal", BALLOT_PROPOSAL) < 0 ||
	    mutu_map_set_str(rec, "voter", "alice") < 0 ||
	    mutu_map_set_str(rec, mutu_ballot_field(s->params.method), text) < 0)
		fuzz_fail("out of memory building a ballot");
	return rec;
}

static void ballot_same_marks(const mutu_vote_setup *s, const int *a, const int *b)
{
	size_t i;

	for (i = 0; i < s->params.noptions; i++)
		if (a[i] != b[i])
			fuzz_fail("option %zu: mark %d, then %d", i, a[i], b[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int marks[MUTU_MAX_OPTIONS + 1], again[MUTU_MAX_OPTIONS + 1];
	mutu_record *made = NULL, *file, *remade = NULL;
	mutu_ballot_input in;
	mutu_vote_setup s;
	mutu_ballot b;
	const char *line;
	char *text;
	int rc;

	if (size < 1 || size > 4096)
		return 0;
	ballot_setup(&s, data[0]);
	if (!(text = strndup((const char *)data + 1, size - 1)))
		return 0;
	/* typed */
	ballot_input(&in, s.params.method, text);
	rc = mutu_ballot_make(&made, &s, BALLOT_PROPOSAL, "alice", &in);
	if (rc < 0) {
		fuzz_check_one_line(mutu_error_last());
	} else {
		line = mutu_map_str(made, mutu_ballot_field(s.params.method));
		if (!line)
			fuzz_fail("a ballot made holds no %s", mutu_ballot_field(s.params.method));
		if (mutu_ballot_decode(&b, marks, made, &s) != 0 || mutu_tally_check(&s.params, &b) != 0)
			fuzz_fail("a ballot made does not decode: %s", mutu_error_last());
		/* its line, typed again, is a fixed point */
		ballot_input(&in, s.params.method, line);
		if (mutu_ballot_make(&remade, &s, BALLOT_PROPOSAL, "alice", &in) != 0)
			fuzz_fail("the canonical line '%s' is refused: %s", line, mutu_error_last());
		if (strcmp(line, mutu_map_str(remade, mutu_ballot_field(s.params.method))) != 0)
			fuzz_fail("'%s' made again is '%s'", line,
				  mutu_map_str(remade, mutu_ballot_field(s.params.method)));
		if (mutu_ballot_decode(&b, again, remade, &s) != 0)
			fuzz_fail("a ballot made again does not decode: %s", mutu_error_last());
		if (mutu_method_has_options(s.params.method))
			ballot_same_marks(&s, marks, again);
	}
	/* from a file */
	file = ballot_file(&s, text);
	if (mutu_ballot_decode(&b, marks, file, &s) < 0) {
		fuzz_check_one_line(mutu_error_last());
	} else {
		if (mutu_tally_check(&s.params, &b) != 0)
			fuzz_fail("a decoded ballot fails the tally's check: %s", mutu_error_last());
		/* what a file may say, a member may type: texts are never numbers there */
		mutu_value_free(remade);
		remade = NULL;
		ballot_input(&in, s.params.method, text);
		if (mutu_ballot_make(&remade, &s, BALLOT_PROPOSAL, "alice", &in) != 0)
			fuzz_fail("a line a file may hold is refused when typed: %s", mutu_error_last());
		if (mutu_method_has_options(s.params.method) &&
		    (mutu_ballot_decode(&b, again, remade, &s) != 0 || (ballot_same_marks(&s, marks, again), 0)))
			fuzz_fail("typed, '%s' does not decode: %s", text, mutu_error_last());
	}
	mutu_error_clear();
	mutu_value_free(file);
	mutu_value_free(made);
	mutu_value_free(remade);
	free(text);
	return 0;
}
