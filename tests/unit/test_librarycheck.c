/* librarycheck — what two copies of the tool library did apart, found once they meet. */
#include "unit.h"
#include "unit_merge.h"

#include "lib/checks.h"
#include "lib/librarycheck.h"
#include "lib/mergetree.h"
#include "lib/records.h"
#include "lib/yaml.h"

#include <string.h>

#define OFFER_ID "7q3k9m2xh4ta"
#define OFFER "offers/7q/" OFFER_ID ".yaml"
#define OFFER_TEXT(extra)                                                                       \
	"id: " OFFER_ID "\ntype: offer\ntitle: Drill\nkind: tool\nstatus: open\nauthor: alice\n" \
	"created: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n" extra

#define LOAN_PATH(id) "loans/" OFFER_ID "/" id ".yaml"
#define LOAN(id, offer, who, status, created)                                                   \
	"id: " id "\ntype: loan\noffer: " offer "\nlender: alice\nborrower: " who "\nstatus: " status \
	"\ncreated: " created "\nupdated: " created "\ndue: 2026-02-01T00:00:00Z\nrenewals: 0\n"

#define BOOKING_PATH(id) "bookings/" OFFER_ID "/" id ".yaml"
#define BOOKING(id, who, created, from, to)                                                    \
	"id: " id "\ntype: booking\noffer: " OFFER_ID "\nmember: " who "\ncreated: " created     \
	"\nfrom: " from "\nto: " to "\n"

#define ATTENDEE_PATH(who) "attendees/" OFFER_ID "/" who ".yaml"
#define ATTENDEE(who, joined) \
	"type: attendee\noffer: " OFFER_ID "\nmember: " who "\njoined: " joined "\n"

/* How many findings of check the merge noted; the last one's note. */
static size_t findings(const mutu_merged *m, const char *check, const mutu_merged_note **last)
{
	size_t i, n = 0;

	for (i = 0; i < m->nnotes; i++)
		if (m->notes[i].kind == MUTU_MERGED_FOUND && !strcmp(m->notes[i].what, check)) {
			n++;
			if (last)
				*last = &m->notes[i];
		}
	return n;
}

/* The conflict record a note names, read back (free with mutu_value_free). */
static mutu_record *conflict_of(struct two *t, const mutu_merged *m, const mutu_merged_note *note)
{
	mutu_record *rec = NULL;
	char path[64], *text;

	assert_ok(mutu_type_path(path, &mutu_type_conflict, note->id));
	text = read_in(t->fx->st, &m->tree, path);
	assert_non_null(text);
	assert_ok(mutu_yaml_parse(&rec, text, strlen(text), path));
	free(text);
	assert_string_equal(mutu_map_str(rec, "id"), note->id);
	assert_string_equal(mutu_map_str(rec, "status"), "open");
	assert_string_equal(mutu_map_str(rec, "check"), note->what);
	assert_string_equal(mutu_map_str(rec, "record_type"), note->type->name);
	assert_string_equal(mutu_map_str(rec, "record"), note->key);
	return rec;
}

/* A field of a record, "" when it has none. */
static const char *field(const mutu_record *rec, const char *name)
{
	const char *s = mutu_map_str(rec, name);

	return s ? s : "";
}

/* Merge both ways; the number of findings of check must be want. */
static void expect(struct two *t, const char *check, size_t want)
{
	mutu_merged m;

	merge_both(t, &m);
	assert_int_equal(findings(&m, check, NULL), want);
	mutu_merged_free(&m);
}

/* --- lent-twice --- */

static void a_tool_lent_on_two_copies_is_found_once_about_the_later_loan(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("") };
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "bob", "out", "2026-01-05T10:00:00Z") };
	const char *pb[] = { LOAN_PATH("bbbbbbbbbbbb") };
	const char *db[] = { LOAN("bbbbbbbbbbbb", OFFER_ID, "carol", "out", "2026-01-04T10:00:00Z") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "lent-twice", &note), 1);
	assert_string_equal(note->key, "aaaaaaaaaaaa");   /* created later */
	assert_ptr_equal(note->type, &mutu_type_loan);
	c = conflict_of(t, &m, note);
	assert_string_equal(field(c, "path"), LOAN_PATH("aaaaaaaaaaaa"));
	assert_string_equal(field(c, "detail"), "offer " OFFER_ID ": lent to carol (loan bbbbbbbbbbbb) and to bob (loan aaaaaaaaaaaa)");
	assert_string_equal(field(c, "created"), "2026-01-05T10:00:00Z");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void loans_made_at_one_time_are_ordered_by_id(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("cccccccccccc") };
	const char *da[] = { LOAN("cccccccccccc", OFFER_ID, "bob", "out", "2026-01-05T10:00:00Z") };
	const char *pb[] = { LOAN_PATH("dddddddddddd") };
	const char *db[] = { LOAN("dddddddddddd", OFFER_ID, "carol", "out", "2026-01-05T10:00:00Z") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;

	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "lent-twice", &note), 1);
	assert_string_equal(note->key, "dddddddddddd");
	mutu_merged_free(&m);
}

static void loans_one_copy_made_are_its_own_and_not_the_merges(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa"), LOAN_PATH("bbbbbbbbbbbb") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "bob", "out", "2026-01-05T10:00:00Z"),
			     LOAN("bbbbbbbbbbbb", OFFER_ID, "carol", "out", "2026-01-06T10:00:00Z") };
	const char *pb[] = { "offers/zz/zzzzzzzzzzzz.yaml" };
	const char *db[] = { "id: zzzzzzzzzzzz\ntype: offer\ntitle: Saw\nkind: tool\nstatus: open\nauthor: bob\n" };

	part(t, pa, da, 2, pb, db, 1);
	expect(t, "lent-twice", 0);
}

static void the_same_loan_synced_everywhere_is_no_finding(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "bob", "out", "2026-01-05T10:00:00Z") };

	part(t, pa, da, 1, pa, da, 1);
	expect(t, "lent-twice", 0);
}

static void a_loan_returned_on_its_copy_is_not_out(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "bob", "returned", "2026-01-05T10:00:00Z") };
	const char *pb[] = { LOAN_PATH("bbbbbbbbbbbb") };
	const char *db[] = { LOAN("bbbbbbbbbbbb", OFFER_ID, "carol", "out", "2026-01-06T10:00:00Z") };

	part(t, pa, da, 1, pb, db, 1);
	expect(t, "lent-twice", 0);
}

static void loans_of_two_offers_are_apart(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "bob", "out", "2026-01-05T10:00:00Z") };
	const char *pb[] = { "loans/zzzzzzzzzzzz/bbbbbbbbbbbb.yaml" };
	const char *db[] = { LOAN("bbbbbbbbbbbb", "zzzzzzzzzzzz", "carol", "out", "2026-01-06T10:00:00Z") };

	part(t, pa, da, 1, pb, db, 1);
	expect(t, "lent-twice", 0);
}

static void hostile_loans_are_skipped_without_harm(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa"), LOAN_PATH("eeeeeeeeeeee"),
			     LOAN_PATH("ffffffffffff"), "loans/" OFFER_ID "/nonsense.yaml",
			     "loans/" OFFER_ID "/gggggggggggg.yaml" };
	const char *da[] = {
		/* its offer field lies: it is no loan of this offer */
		LOAN("aaaaaaaaaaaa", "zzzzzzzzzzzz", "bob", "out", "2026-01-05T10:00:00Z"),
		/* not YAML */
		"{[: nope\n",
		/* a time that is none */
		LOAN("ffffffffffff", OFFER_ID, "bob", "out", "yesterday"),
		"not: a record's place\n",
		/* not a mapping */
		"- a\n- b\n",
	};
	const char *pb[] = { LOAN_PATH("bbbbbbbbbbbb") };
	const char *db[] = { LOAN("bbbbbbbbbbbb", OFFER_ID, "carol", "out", "2026-01-06T10:00:00Z") };

	part(t, pa, da, 5, pb, db, 1);
	expect(t, "lent-twice", 0);
}

static void a_borrower_that_is_no_handle_is_not_written_into_the_detail(void **state)
{
	struct two *t = *state;
	const char *pa[] = { LOAN_PATH("aaaaaaaaaaaa") };
	const char *da[] = { LOAN("aaaaaaaaaaaa", OFFER_ID, "\"bob\\u0007\\u202e\"", "out", "2026-01-05T10:00:00Z") };
	const char *pb[] = { LOAN_PATH("bbbbbbbbbbbb") };
	const char *db[] = { LOAN("bbbbbbbbbbbb", OFFER_ID, "carol", "out", "2026-01-06T10:00:00Z") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "lent-twice", &note), 1);
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "lent to ? (loan aaaaaaaaaaaa) and to carol (loan bbbbbbbbbbbb)");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

/* --- booking-overlap --- */

#define T(h) "2026-03-01T" h ":00:00Z"

static void overlapping_bookings_made_apart_are_found_about_the_later_one(void **state)
{
	struct two *t = *state;
	const char *pa[] = { BOOKING_PATH("aaaaaaaaaaaa") };
	const char *da[] = { BOOKING("aaaaaaaaaaaa", "bob", "2026-01-05T00:00:00Z", T("10"), T("12")) };
	const char *pb[] = { BOOKING_PATH("bbbbbbbbbbbb") };
	const char *db[] = { BOOKING("bbbbbbbbbbbb", "carol", "2026-01-06T00:00:00Z", T("11"), T("13")) };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "booking-overlap", &note), 1);
	assert_string_equal(note->key, "bbbbbbbbbbbb");
	assert_ptr_equal(note->type, &mutu_type_booking);
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "booking aaaaaaaaaaaa by bob from " T("10") " to " T("12"));
	assert_contains(field(c, "detail"), "booking bbbbbbbbbbbb by carol from " T("11") " to " T("13"));
	assert_string_equal(field(c, "created"), "2026-01-06T00:00:00Z");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void bookings_that_only_touch_do_not_overlap(void **state)
{
	struct two *t = *state;
	const char *pa[] = { BOOKING_PATH("aaaaaaaaaaaa") };
	const char *da[] = { BOOKING("aaaaaaaaaaaa", "bob", "2026-01-05T00:00:00Z", T("10"), T("12")) };
	const char *pb[] = { BOOKING_PATH("bbbbbbbbbbbb") };
	const char *db[] = { BOOKING("bbbbbbbbbbbb", "carol", "2026-01-06T00:00:00Z", T("12"), T("13")) };

	part(t, pa, da, 1, pb, db, 1);
	expect(t, "booking-overlap", 0);
}

static void the_rules_buffer_makes_adjacent_bookings_overlap(void **state)
{
	struct two *t = *state;
	const char *pr[] = { "rules.yaml" };
	const char *dr[] = { "format: 1\nbooking:\n  buffer_minutes: 30\n" };
	const char *pa[] = { BOOKING_PATH("aaaaaaaaaaaa"), BOOKING_PATH("cccccccccccc") };
	const char *da[] = {
		BOOKING("aaaaaaaaaaaa", "bob", "2026-01-05T00:00:00Z", T("10"), T("12")),
		/* 30 minutes after the other side's: far enough */
		BOOKING("cccccccccccc", "bob", "2026-01-05T00:00:00Z", "2026-03-01T13:30:00Z", T("14")),
	};
	const char *pb[] = { BOOKING_PATH("bbbbbbbbbbbb") };
	const char *db[] = { BOOKING("bbbbbbbbbbbb", "carol", "2026-01-06T00:00:00Z", T("12"), T("13")) };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	unit_commit_files(t->fx->st, pr, dr, 1);
	part(t, pa, da, 2, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "booking-overlap", &note), 1);
	assert_string_equal(note->key, "bbbbbbbbbbbb");
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "buffer 30 minutes");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void a_later_booking_is_one_finding_against_the_first_it_met(void **state)
{
	struct two *t = *state;
	const char *pa[] = { BOOKING_PATH("aaaaaaaaaaaa"), BOOKING_PATH("cccccccccccc") };
	const char *da[] = {
		BOOKING("aaaaaaaaaaaa", "bob", "2026-01-05T00:00:00Z", T("10"), T("11")),
		BOOKING("cccccccccccc", "bob", "2026-01-05T01:00:00Z", T("12"), T("13")),
	};
	const char *pb[] = { BOOKING_PATH("bbbbbbbbbbbb") };
	const char *db[] = { BOOKING("bbbbbbbbbbbb", "carol", "2026-01-06T00:00:00Z", T("10"), T("14")) };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	part(t, pa, da, 2, pb, db, 1);
	merge_both(t, &m);
	/* the later booking is one finding, against the first it clashed with */
	assert_int_equal(findings(&m, "booking-overlap", &note), 1);
	assert_string_equal(note->key, "bbbbbbbbbbbb");
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "booking aaaaaaaaaaaa by bob");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void malformed_bookings_are_skipped(void **state)
{
	struct two *t = *state;
	const char *pa[] = { BOOKING_PATH("aaaaaaaaaaaa"), BOOKING_PATH("cccccccccccc"),
			     BOOKING_PATH("dddddddddddd") };
	const char *da[] = {
		BOOKING("aaaaaaaaaaaa", "bob", "2026-01-05T00:00:00Z", "2026-13-01T10:00:00Z", T("12")),
		/* ends before it starts */
		BOOKING("cccccccccccc", "bob", "2026-01-05T00:00:00Z", T("12"), T("10")),
		BOOKING("dddddddddddd", "bob", "2026-01-05T00:00:00Z", "12", T("10")),
	};
	const char *pb[] = { BOOKING_PATH("bbbbbbbbbbbb") };
	const char *db[] = { BOOKING("bbbbbbbbbbbb", "carol", "2026-01-06T00:00:00Z", T("09"), T("13")) };

	part(t, pa, da, 3, pb, db, 1);
	expect(t, "booking-overlap", 0);
}

/* --- event-capacity --- */

static void an_event_joined_past_its_capacity_on_two_copies_puts_the_later_in_line(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("capacity: 1\n") };
	const char *pa[] = { ATTENDEE_PATH("bob") };
	const char *da[] = { ATTENDEE("bob", "2026-01-05T10:00:00Z") };
	const char *pb[] = { ATTENDEE_PATH("carol") };
	const char *db[] = { ATTENDEE("carol", "2026-01-05T09:00:00Z") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 1, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "event-capacity", &note), 1);
	assert_string_equal(note->key, "bob");
	assert_ptr_equal(note->type, &mutu_type_attendee);
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "bob joined 2026-01-05T10:00:00Z, now number 1 in line");
	assert_string_equal(field(c, "created"), "2026-01-05T10:00:00Z");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void an_event_with_room_for_all_is_no_finding(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("capacity: 2\n") };
	const char *pa[] = { ATTENDEE_PATH("bob") };
	const char *da[] = { ATTENDEE("bob", "2026-01-05T10:00:00Z") };
	const char *pb[] = { ATTENDEE_PATH("carol") };
	const char *db[] = { ATTENDEE("carol", "2026-01-05T09:00:00Z") };

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 1, pb, db, 1);
	expect(t, "event-capacity", 0);
}

static void an_event_without_capacity_has_room_for_all(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("") };
	const char *pa[] = { ATTENDEE_PATH("bob") };
	const char *da[] = { ATTENDEE("bob", "2026-01-05T10:00:00Z") };
	const char *pb[] = { ATTENDEE_PATH("carol") };
	const char *db[] = { ATTENDEE("carol", "2026-01-05T09:00:00Z") };

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 1, pb, db, 1);
	expect(t, "event-capacity", 0);
}

static void those_already_waiting_on_their_copy_are_not_told_again(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("capacity: 1\n") };
	const char *pa[] = { ATTENDEE_PATH("bob"), ATTENDEE_PATH("dave") };
	const char *da[] = { ATTENDEE("bob", "2026-01-05T10:00:00Z"),
			     ATTENDEE("dave", "2026-01-05T11:00:00Z") };
	const char *pb[] = { ATTENDEE_PATH("carol") };
	const char *db[] = { ATTENDEE("carol", "2026-01-05T09:00:00Z") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 2, pb, db, 1);
	merge_both(t, &m);
	/* dave waited on his copy already: only bob lost his place */
	assert_int_equal(findings(&m, "event-capacity", &note), 1);
	assert_string_equal(note->key, "bob");
	mutu_merged_free(&m);
}

static void a_capacity_lowered_on_the_other_copy_puts_the_last_in_line(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("capacity: 3\n") };
	const char *pa[] = { ATTENDEE_PATH("bob"), ATTENDEE_PATH("dave") };
	const char *da[] = { ATTENDEE("bob", "2026-01-05T10:00:00Z"),
			     ATTENDEE("dave", "2026-01-05T11:00:00Z") };
	const char *pb[] = { OFFER }, *db[] = { OFFER_TEXT("capacity: 1\n") };
	const mutu_merged_note *note = NULL;
	mutu_merged m;
	mutu_record *c;

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 2, pb, db, 1);
	merge_both(t, &m);
	assert_int_equal(findings(&m, "event-capacity", &note), 1);
	assert_string_equal(note->key, "dave");
	c = conflict_of(t, &m, note);
	assert_contains(field(c, "detail"), "capacity 1; dave joined");
	mutu_value_free(c);
	mutu_merged_free(&m);
}

static void hostile_sign_ups_are_skipped(void **state)
{
	struct two *t = *state;
	const char *po[] = { OFFER }, *doffer[] = { OFFER_TEXT("capacity: 1\n") };
	const char *pa[] = { ATTENDEE_PATH("bob"), ATTENDEE_PATH("eve"), ATTENDEE_PATH("mallory") };
	const char *da[] = {
		ATTENDEE("bob", "soon"),
		/* names another member than its file */
		ATTENDEE("alice", "2026-01-05T08:00:00Z"),
		"type: attendee\noffer: zzzzzzzzzzzz\nmember: mallory\njoined: 2026-01-05T08:00:00Z\n",
	};
	const char *pb[] = { ATTENDEE_PATH("carol") };
	const char *db[] = { ATTENDEE("carol", "2026-01-05T09:00:00Z") };

	unit_commit_files(t->fx->st, po, doffer, 1);
	part(t, pa, da, 3, pb, db, 1);
	expect(t, "event-capacity", 0);
}

/* --- the contract --- */

static int count_finding(const mutu_finding *f, void *payload)
{
	(void)f;
	++*(size_t *)payload;
	return 0;
}

static void a_side_without_changes_finds_nothing(void **state)
{
	struct two *t = *state;
	mutu_oid tree;
	mutu_check_ctx ctx;
	size_t n = 0;

	assert_ok(mutu_store_tip_tree(&tree, t->fx->st));
	ctx = (mutu_check_ctx){ t->fx->st, &tree, &tree, { { NULL, 0, &tree }, { NULL, 0, &tree } } };
	assert_ok(mutu_check_lent_twice.run(&ctx, count_finding, &n));
	assert_ok(mutu_check_booking_overlap.run(&ctx, count_finding, &n));
	assert_ok(mutu_check_event_capacity.run(&ctx, count_finding, &n));
	assert_int_equal(n, 0);
	assert_ptr_equal(mutu_check_find("lent-twice"), &mutu_check_lent_twice);
	assert_ptr_equal(mutu_check_find("booking-overlap"), &mutu_check_booking_overlap);
	assert_ptr_equal(mutu_check_find("event-capacity"), &mutu_check_event_capacity);
	assert_true(strlen(mutu_check_lent_twice.about) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_tool_lent_on_two_copies_is_found_once_about_the_later_loan, setup, teardown),
		cmocka_unit_test_setup_teardown(loans_made_at_one_time_are_ordered_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(loans_one_copy_made_are_its_own_and_not_the_merges, setup, teardown),
		cmocka_unit_test_setup_teardown(the_same_loan_synced_everywhere_is_no_finding, setup, teardown),
		cmocka_unit_test_setup_teardown(a_loan_returned_on_its_copy_is_not_out, setup, teardown),
		cmocka_unit_test_setup_teardown(loans_of_two_offers_are_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_loans_are_skipped_without_harm, setup, teardown),
		cmocka_unit_test_setup_teardown(a_borrower_that_is_no_handle_is_not_written_into_the_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(overlapping_bookings_made_apart_are_found_about_the_later_one, setup, teardown),
		cmocka_unit_test_setup_teardown(bookings_that_only_touch_do_not_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(the_rules_buffer_makes_adjacent_bookings_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(a_later_booking_is_one_finding_against_the_first_it_met, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_bookings_are_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(an_event_joined_past_its_capacity_on_two_copies_puts_the_later_in_line, setup, teardown),
		cmocka_unit_test_setup_teardown(an_event_with_room_for_all_is_no_finding, setup, teardown),
		cmocka_unit_test_setup_teardown(an_event_without_capacity_has_room_for_all, setup, teardown),
		cmocka_unit_test_setup_teardown(those_already_waiting_on_their_copy_are_not_told_again, setup, teardown),
		cmocka_unit_test_setup_teardown(a_capacity_lowered_on_the_other_copy_puts_the_last_in_line, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_sign_ups_are_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(a_side_without_changes_finds_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
