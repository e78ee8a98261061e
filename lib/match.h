/*
 * match — which offers answer a need, and which needs an offer could
 * answer: shared tags, shared words of title and body, the same kind, the
 * same location when both give one. Every score comes with its reasons,
 * and the same commons always gives the same order.
 *
 * Words are what the catalog keeps of each offer and need (a derived
 * summary field, "words"), so that ranking 100,000 offers reads no
 * record: case and accents folded, common French and English words left
 * out.
 *
 * Words. The text of the title, then of the body (Markdown, taken as it
 * is), is folded: lower case, accents and other marks removed (é → e,
 * ç → c, œ → oe, æ → ae, ß → ss, ø → o, ł → l, the ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ
 * ligatures spelled out; a table over Latin-1 Supplement, Latin
 * Extended-A and -B and Latin Extended Additional; combining marks, the
 * soft hyphen and zero-width joiners dropped, so composed and decomposed
 * text fold alike; other scripts are lower-cased only). A word is a run
 * of letters and digits; anything else (space, punctuation, an
 * apostrophe: "l'outil" is "outil") separates.
 * Left out: words of one character, words over MUTU_MATCH_WORD_MAX bytes,
 * and the stop list (some 270 common French and English words, and the
 * fillers of a request or an offer: "besoin", "cherche", "propose",
 * "need", "offer", ...). A light stemming makes a plural its singular: a
 * final "s" goes from a word of four bytes or more unless it follows
 * another "s" (perceuses → perceuse, tools → tool, but "bus" and "class"
 * stay), and a final "x" after "u" (jeux → jeu, bijoux → bijou). A record
 * keeps each word once, at most MUTU_MATCH_MAX_WORDS of them (the title's
 * first, then the body's in the order they come), sorted byte by byte.
 *
 * Tags compare as words fold: "Vélo-Cargos" and "velo_cargo" are the same
 * tag (the folded words of a tag joined by "-", the last one stemmed).
 * Locations compare whole: the same folded words in the same order
 * ("Paris 11e" and "paris, 11E" are one place). A kind of "other", every
 * record's default, says nothing and never counts.
 *
 * Score (the contract: mutu-need(1) and mutu-offer(1) print it):
 *   MUTU_MATCH_TAG (3) per shared tag, MUTU_MATCH_WORD (2) per shared
 *   word, MUTU_MATCH_KIND (1) for the same kind, MUTU_MATCH_LOCATION (2)
 *   for the same location. A record that shares no tag and no word is no
 *   match, whatever its kind and location: they only order the ones that
 *   do. Only records in their type's listed status (open) are ranked; the
 *   record matched may have any status.
 * Order: score, highest first; then the newest created; then the id, byte
 * by byte. Ids are unique, so the order is total: the same commons gives
 * the same list, whatever the catalog's state or the machine.
 */
#ifndef MUTU_MATCH_H
#define MUTU_MATCH_H

#include "record.h"
#include "store.h"
#include "types.h"

#include <stddef.h>
#include <stdint.h>

/* How words are computed: change it, and every catalog is rebuilt (1
 * made no words at all). */
#define MUTU_MATCH_WORDS_VERSION 2

#define MUTU_MATCH_MAX_WORDS 64   /* words a record keeps */
#define MUTU_MATCH_WORD_MAX 40    /* bytes of a folded word, at most */
#define MUTU_MATCH_MAX_TAGS 64    /* tags of the record matched that count */

#define MUTU_MATCH_TAG 3
#define MUTU_MATCH_WORD 2
#define MUTU_MATCH_KIND 1
#define MUTU_MATCH_LOCATION 2

/* The derived summary of an offer or a need (a row's derive): a map
 * holding "words", the words of its title and body, as above (a list,
 * empty when there are none). Safe to call from several threads. */
int mutu_match_derive(const mutu_record *rec, mutu_value **out);

/* s folded as words are (lower case, no accents), its words joined by
 * one space, none left out and none stemmed: "L'Été, à Paris" is "l ete
 * a paris". Malloc'd, or NULL (last error set). */
char *mutu_match_fold(const char *s);

/* The type whose records answer t's: offers for a need, needs for an
 * offer; NULL for a type that is not matched. */
const mutu_record_type *mutu_match_counterpart(const mutu_record_type *t);

/* The record matched, as it is compared: computed once from the record
 * itself, never from the catalog. */
typedef struct {
	char **tags;            /* as the record writes them, folded duplicates left out */
	char **tag_keys;        /* each one folded, in the same order */
	size_t *tag_key_lens;
	size_t ntags;           /* at most MUTU_MATCH_MAX_TAGS */
	char **words;           /* mutu_match_derive's, sorted */
	size_t *word_lens;
	size_t nwords;          /* at most MUTU_MATCH_MAX_WORDS */
	char *kind;             /* NULL when none, or "other", which says nothing */
	char *location;         /* folded (mutu_match_fold); NULL: none */
} mutu_match_probe;

/* p from rec, an offer or a need of any status: its tags, its words (its
 * own title and body through mutu_match_derive), kind and location.
 * Free it with mutu_match_probe_free (also after a failure). */
int mutu_match_probe_init(mutu_match_probe *p, const mutu_record *rec);
void mutu_match_probe_free(mutu_match_probe *p);

/* A record compared with the probe, as the catalog keeps it: its raw
 * tags, kind and location, and its derived words (sorted), all
 * NUL-terminated; the lengths, when not NULL, spare a strlen. NULL fields
 * and empty lists are absent. */
typedef struct {
	const char *const *tags;
	const size_t *tag_lens;
	size_t ntags;
	const char *const *words;
	const size_t *word_lens;
	size_t nwords;
	const char *kind;
	const char *location;
} mutu_match_candidate;

/* Why a record matches. */
typedef struct {
	int score;          /* 0: no match */
	uint64_t tags;      /* bit i: the probe's tag i is shared */
	uint64_t words;     /* bit i: the probe's word i is shared */
	int kind;           /* the same kind (neither "other") */
	int location;       /* the same location */
} mutu_match_why;

/* Score c against p (as above) into *out. Pure: no I/O, no allocation. */
void mutu_match_score(mutu_match_why *out, const mutu_match_probe *p,
		      const mutu_match_candidate *c);

/* A ranked record. Its strings live in one allocation, mem. */
typedef struct {
	const char *key;
	const char *title;
	const char *author;
	const char *created;
	size_t unique;      /* the shortest prefix of key that finds this record alone */
	int invalid;        /* fails its schema (warned about) */
	mutu_match_why why;
	char *mem;          /* owns the strings */
} mutu_match;

/* Whether a comes before b in a ranking (< 0), after it, or is b. */
int mutu_match_order(const mutu_match *a, const mutu_match *b);

/*
 * The open records of among that match p, best first, at most limit of
 * them (0: all), from among's catalog (brought up to date; no record is
 * read but to warn about it). Entries that are not records in their
 * place are warned about by path, as a list does; a record that fails
 * its schema is ranked, and warned about when it matches. progress
 * may be NULL. MUTU_EUSAGE if among keeps no words.
 */
int mutu_match_rank(mutu_match **out, size_t *n, mutu_store *st, const mutu_record_type *among,
		    const mutu_match_probe *p, size_t limit,
		    void (*progress)(const char *what, size_t done, size_t total));

void mutu_matches_free(mutu_match *m, size_t n);

#endif
