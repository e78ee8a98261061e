/*
 * Matching in three parts: folding text into words (a table for the Latin
 * letters, glibc's C.UTF-8 classes for the rest), scoring one record
 * against the one matched (pure), and ranking a type's catalog with a
 * bounded heap, the way a list keeps its rows.
 *
 * Words are computed when the catalog is built, record by record, possibly
 * on several threads at once (catalog.c's workers): nothing here keeps
 * state between calls but the locale object, made once under
 * pthread_once. Ranking then reads only summaries. For each catalog row
 * the cost is a status check, a merge of two sorted word lists (at most
 * 64 each) and the row's few tags folded (most tags are already lower
 * case ASCII and are compared as they are); the kind and location of a
 * row are looked at only once it shares a tag or a word.
 */
#include "match.h"

#include "catalog.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "records.h"
#include "utf8.h"
#include "yaml.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* --- folding --- */

/*
 * What each code point from U+00C0 to U+024F and from U+1E00 to U+1EFF
 * folds to: its letters without marks, in lower case ASCII; "" for the
 * few that are not letters (× and ÷, caught before the table) or that
 * have no ASCII form (they are lower-cased as they are). Made with
 * Python's unicodedata: NFKD, marks removed, lower case, then by hand for
 * the letters that do not decompose (æ ae, ø o, ß ss, đ d, ł l, œ oe,
 * þ th, ı i, ĸ k, ŋ n, ſ s, ƀ b, ...).
 */
/* clang-format off */
static const char latin[0x190][3] = {
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
	/* U+0180 */ "b", "b", "b", "b", "", "", "", "c",
	/* U+0188 */ "c", "d", "d", "d", "d", "", "", "",
	/* U+0190 */ "", "f", "f", "g", "", "", "", "i",
	/* U+0198 */ "k", "k", "l", "", "", "n", "n", "o",
	/* U+01A0 */ "o", "o", "", "", "p", "p", "", "",
	/* U+01A8 */ "", "", "", "t", "t", "t", "t", "u",
	/* U+01B0 */ "u", "", "v", "y", "y", "z", "z", "",
	/* U+01B8 */ "", "", "", "", "", "", "", "",
	/* U+01C0 */ "", "", "", "", "dz", "dz", "dz", "lj",
	/* U+01C8 */ "lj", "lj", "nj", "nj", "nj", "a", "a", "i",
	/* U+01D0 */ "i", "o", "o", "u", "u", "u", "u", "u",
	/* U+01D8 */ "u", "u", "u", "u", "u", "", "a", "a",
	/* U+01E0 */ "a", "a", "ae", "ae", "g", "g", "g", "g",
	/* U+01E8 */ "k", "k", "o", "o", "o", "o", "", "",
	/* U+01F0 */ "j", "dz", "dz", "dz", "g", "g", "", "",
	/* U+01F8 */ "n", "n", "a", "a", "ae", "ae", "o", "o",
	/* U+0200 */ "a", "a", "a", "a", "e", "e", "e", "e",
	/* U+0208 */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* U+0210 */ "r", "r", "r", "r", "u", "u", "u", "u",
	/* U+0218 */ "s", "s", "t", "t", "", "", "h", "h",
	/* U+0220 */ "", "d", "", "", "", "", "a", "a",
	/* U+0228 */ "e", "e", "o", "o", "o", "o", "o", "o",
	/* U+0230 */ "o", "o", "y", "y", "l", "n", "t", "",
	/* U+0238 */ "", "", "a", "c", "c", "l", "t", "",
	/* U+0240 */ "", "", "", "b", "u", "", "e", "e",
	/* U+0248 */ "j", "j", "q", "q", "r", "r", "y", "y",
};
static const char latin_additional[0x100][3] = {
	/* U+1E00 */ "a", "a", "b", "b", "b", "b", "b", "b",
	/* U+1E08 */ "c", "c", "d", "d", "d", "d", "d", "d",
	/* U+1E10 */ "d", "d", "d", "d", "e", "e", "e", "e",
	/* U+1E18 */ "e", "e", "e", "e", "e", "e", "f", "f",
	/* U+1E20 */ "g", "g", "h", "h", "h", "h", "h", "h",
	/* U+1E28 */ "h", "h", "h", "h", "i", "i", "i", "i",
	/* U+1E30 */ "k", "k", "k", "k", "k", "k", "l", "l",
	/* U+1E38 */ "l", "l", "l", "l", "l", "l", "m", "m",
	/* U+1E40 */ "m", "m", "m", "m", "n", "n", "n", "n",
	/* U+1E48 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+1E50 */ "o", "o", "o", "o", "p", "p", "p", "p",
	/* U+1E58 */ "r", "r", "r", "r", "r", "r", "r", "r",
	/* U+1E60 */ "s", "s", "s", "s", "s", "s", "s", "s",
	/* U+1E68 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+1E70 */ "t", "t", "u", "u", "u", "u", "u", "u",
	/* U+1E78 */ "u", "u", "u", "u", "v", "v", "v", "v",
	/* U+1E80 */ "w", "w", "w", "w", "w", "w", "w", "w",
	/* U+1E88 */ "w", "w", "x", "x", "x", "x", "y", "y",
	/* U+1E90 */ "z", "z", "z", "z", "z", "z", "h", "t",
	/* U+1E98 */ "w", "y", "", "s", "s", "s", "ss", "",
	/* U+1EA0 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EA8 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EB0 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EB8 */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* U+1EC0 */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* U+1EC8 */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* U+1ED0 */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* U+1ED8 */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* U+1EE0 */ "o", "o", "o", "o", "u", "u", "u", "u",
	/* U+1EE8 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+1EF0 */ "u", "u", "y", "y", "y", "y", "y", "y",
	/* U+1EF8 */ "y", "y", "", "", "", "", "", "",
};

/* The ligatures U+FB00 to U+FB06, spelled out. */
static const char ligatures[7][4] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };

/* clang-format on */

/* Common words that say nothing about what is offered or needed, folded,
 * in byte order for a reader. Both languages share one list; a word that
 * is common in one and meaningful in the other ("car") stays in the text. */
/* clang-format off */
static const char *const stop_words[] = {
	"about", "after", "ai", "aie", "aient", "ainsi", "all", "alors", "also", "am", "an",
	"and", "any", "anyone", "apres", "are", "as", "at", "au", "aucun", "aucune", "aupres",
	"aussi", "autre", "autres", "aux", "available", "avais", "avait", "avant", "avec", "avez",
	"avoir", "avons", "be", "because", "been", "before", "being", "besoin", "bien", "bonjour",
	"but", "by", "can", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet",
	"cette", "chaque", "cherche", "chez", "com", "comme", "comment", "could", "dans", "de",
	"deja", "depuis", "des", "did", "dispo", "disponible", "do", "does", "doing", "donc",
	"dont", "du", "elle", "elles", "en", "encore", "entre", "est", "et", "etaient", "etait",
	"etc", "ete", "etes", "etre", "eu", "eux", "faire", "fait", "fois", "for", "from", "had",
	"has", "have", "having", "he", "hello", "her", "here", "hers", "hi", "him", "his", "how",
	"http", "https", "if", "il", "ils", "in", "into", "is", "it", "its", "itself", "je",
	"jusqu", "just", "la", "le", "lend", "les", "leur", "leurs", "looking", "lui", "ma",
	"mais", "me", "meme", "merci", "mes", "moi", "moins", "mon", "more", "most", "my", "ne",
	"need", "needed", "net", "ni", "no", "nor", "nos", "not", "notre", "nous", "of", "off",
	"offer", "offering", "offre", "on", "once", "one", "only", "ont", "or", "org", "other",
	"ou", "our", "ours", "out", "over", "own", "par", "parce", "pas", "peu", "peut", "please",
	"plus", "pour", "pourquoi", "prete", "preter", "propose", "quand", "que", "quel",
	"quelle", "quelles", "quels", "qui", "quoi", "recherche", "sa", "same", "sans", "se",
	"ses", "she", "should", "si", "sien", "so", "some", "someone", "son", "sont", "sous",
	"such", "suis", "sur", "ta", "te", "tes", "than", "thanks", "that", "the", "their",
	"theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to",
	"toi", "ton", "too", "tous", "tout", "toute", "toutes", "tres", "tu", "un", "under",
	"une", "until", "up", "us", "vers", "very", "via", "voici", "voila", "vos", "votre",
	"vous", "want", "wanted", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "without", "would", "www", "you", "your", "yours",
};
/* clang-format on */

static pthread_once_t locale_once = PTHREAD_ONCE_INIT;
static locale_t unicode;

static void make_locale(void)
{
	unicode = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static size_t put_utf8(char out[8], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int copy_fold(char out[8], const char *s)
{
	size_t n = strlen(s);

	memcpy(out, s, n);
	return (int)n;
}

/* What is dropped without ending a word: the marks that combine with
 * the letter before them, so that decomposed text ("e" and U+0301) folds
 * as composed text does; the soft hyphen, the zero-width joiners and the
 * byte order mark, which are invisible inside a word. */
static int ignored(uint32_t cp)
{
	return (cp >= 0x300 && cp < 0x370) || (cp >= 0x1ab0 && cp < 0x1b00) ||
	       (cp >= 0x1dc0 && cp < 0x1e00) || (cp >= 0x20d0 && cp < 0x2100) ||
	       (cp >= 0xfe20 && cp < 0xfe30) || cp == 0xad || cp == 0x200c || cp == 0x200d ||
	       cp == 0x2060 || cp == 0xfeff;
}

/* What cp (not ASCII) becomes in a word: its folded bytes into out
 * (returns how many, at most 4), 0 for a mark that is dropped, -1 for a
 * separator. */
static int fold_cp(uint32_t cp, char out[8])
{
	const char *s = "";

	if (ignored(cp))
		return 0;
	if (cp < 0xc0) {
		if (cp == 0xaa || cp == 0xba)   /* ª º */
			return copy_fold(out, cp == 0xaa ? "a" : "o");
		if (cp == 0xb5)                 /* the micro sign is a mu */
			return (int)put_utf8(out, 0x3bc);
		return -1;
	}
	if (cp == 0xd7 || cp == 0xf7)
		return -1;
	if (cp < 0x250)
		s = latin[cp - 0xc0];
	else if (cp >= 0x1e00 && cp < 0x1f00)
		s = latin_additional[cp - 0x1e00];
	else if (cp >= 0xfb00 && cp <= 0xfb06)
		s = ligatures[cp - 0xfb00];
	if (*s)
		return copy_fold(out, s);
	pthread_once(&locale_once, make_locale);
	if (!unicode)   /* no Unicode classes: keep the letter as it is */
		return cp == 0xfffd ? -1 : (int)put_utf8(out, cp);
	if (!iswalnum_l((wint_t)cp, unicode))
		return -1;
	return (int)put_utf8(out, (uint32_t)towlower_l((wint_t)cp, unicode));
}

#define WORD_BUF 64   /* a longer folded word is cut, and said to be */

/* A word as the iterator hands it: NUL-terminated, its length in bytes
 * and in characters, and whether it is whole (not cut at WORD_BUF). */
typedef int (*word_fn)(char *w, size_t len, size_t chars, int whole, void *arg);

/* Call fn for each word of s, folded, in order; a non-zero return stops
 * the walk and is returned. */
static int each_word(const char *s, word_fn fn, void *arg)
{
	char w[WORD_BUF + 8], f[8];
	size_t n = 0, chars = 0;
	int k, cut = 0, r;
	uint32_t cp;

	for (;;) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80) {
			s += mutu_utf8_decode(s, &cp);
			k = fold_cp(cp, f);
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			   (c >= 'A' && c <= 'Z')) {
			/* ASCII, most text: no call per character */
			s++;
			chars++;
			if (n < WORD_BUF && !cut)
				w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			else
				cut = 1;
			continue;
		} else {
			k = -1;
			if (c)
				s++;
		}
		if (k < 0) {
			if (chars) {
				w[n] = '\0';
				if ((r = fn(w, n, chars, !cut, arg)) != 0)
					return r;
			}
			if (c == '\0')
				return 0;
			n = chars = 0;
			cut = 0;
			continue;
		}
		if (k == 0)
			continue;
		chars++;
		if (cut || n + (size_t)k > WORD_BUF) {
			cut = 1;
			continue;
		}
		memcpy(w + n, f, (size_t)k);
		n += (size_t)k;
	}
}

/* The stop list as a hash set, made once: a word is looked up in one or
 * two probes, never by a search through the list (words are made for
 * every record a catalog parses). */
#define STOP_SLOTS 1024   /* a power of two, well over twice the list */

static pthread_once_t stop_once = PTHREAD_ONCE_INIT;
static const char *stop_set[STOP_SLOTS];
static size_t stop_longest;

static uint32_t hash_word(const char *w, size_t len)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void make_stop_set(void)
{
	size_t i, len, at;

	for (i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++) {
		len = strlen(stop_words[i]);
		if (len > stop_longest)
			stop_longest = len;
		at = hash_word(stop_words[i], len) & (STOP_SLOTS - 1);
		while (stop_set[at])
			at = (at + 1) & (STOP_SLOTS - 1);
		stop_set[at] = stop_words[i];
	}
}

/* Whether w (len bytes, NUL-terminated) is on the stop list. */
static int stop_word(const char *w, size_t len)
{
	size_t at;

	pthread_once(&stop_once, make_stop_set);
	if (len > stop_longest)
		return 0;
	for (at = hash_word(w, len); stop_set[at & (STOP_SLOTS - 1)]; at++)
		if (strcmp(stop_set[at & (STOP_SLOTS - 1)], w) == 0)
			return 1;
	return 0;
}

/* The length of w (folded, n bytes) once a plural ending is taken off. */
static size_t stem(const char *w, size_t n)
{
	if (n >= 4 && w[n - 1] == 's' && w[n - 2] != 's')
		return n - 1;
	if (n >= 4 && w[n - 1] == 'x' && w[n - 2] == 'u')
		return n - 1;
	return n;
}

/* --- words --- */

struct collect {
	char words[MUTU_MATCH_MAX_WORDS][MUTU_MATCH_WORD_MAX + 1];
	size_t lens[MUTU_MATCH_MAX_WORDS];
	size_t n;
};

static int collect_word(char *w, size_t len, size_t chars, int whole, void *arg)
{
	struct collect *c = arg;
	size_t i;

	if (!whole || chars < 2 || len > MUTU_MATCH_WORD_MAX || stop_word(w, len))
		return 0;
	len = stem(w, len);
	w[len] = '\0';
	if (len < 2 || stop_word(w, len))
		return 0;
	for (i = 0; i < c->n; i++)
		if (c->lens[i] == len && !memcmp(c->words[i], w, len))
			return 0;
	memcpy(c->words[c->n], w, len + 1);
	c->lens[c->n++] = len;
	return c->n == MUTU_MATCH_MAX_WORDS;   /* full: the rest is not read */
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int mutu_match_derive(const mutu_record *rec, mutu_value **out)
{
	static const char *const fields[] = { "title", "body" };
	const char *sorted[MUTU_MATCH_MAX_WORDS], *text;
	struct collect c;
	mutu_value *map, *words;
	size_t i;
	int err = 0;

	*out = NULL;
	c.n = 0;
	for (i = 0; i < 2; i++)
		if ((text = mutu_map_str(rec, fields[i])) && each_word(text, collect_word, &c))
			break;
	for (i = 0; i < c.n; i++)
		sorted[i] = c.words[i];
	qsort(sorted, c.n, sizeof(sorted[0]), by_string);
	if (!(map = mutu_value_map()) || !(words = mutu_value_seq())) {
		mutu_value_free(map);
		return mutu_error_nomem();
	}
	for (i = 0; i < c.n && err == 0; i++)
		err = mutu_seq_push(words, mutu_value_str(sorted[i]));
	if (err < 0) {
		mutu_value_free(words);
		mutu_value_free(map);
		return mutu_error_nomem();
	}
	if (mutu_map_append(map, "words", words) < 0) {   /* words freed with it */
		mutu_value_free(map);
		return mutu_error_nomem();
	}
	*out = map;
	return 0;
}

/* --- keys: a tag, a place --- */

/* Folded words joined into a buffer of a fixed size. */
struct joiner {
	char *out;
	size_t cap, len;
	char sep;
	size_t last;    /* where the last word starts */
	int overflow;   /* a word was cut, or the buffer is full */
};

static int join_word(char *w, size_t len, size_t chars, int whole, void *arg)
{
	struct joiner *j = arg;

	(void)chars;
	if (!whole || j->len + (j->len ? 1 : 0) + len + 1 > j->cap) {
		j->overflow = 1;
		return 1;
	}
	if (j->len)
		j->out[j->len++] = j->sep;
	j->last = j->len;
	memcpy(j->out + j->len, w, len + 1);
	j->len += len;
	return 0;
}

/* The folded words of s joined by sep into out (cap bytes, at least 1,
 * NUL-terminated), the last one stemmed if stem_last: its length, or -1
 * when it does not fit (then it compares equal to nothing). */
static long fold_join(char *out, size_t cap, const char *s, char sep, int stem_last)
{
	struct joiner j = { out, cap, 0, sep, 0, 0 };

	out[0] = '\0';
	each_word(s, join_word, &j);
	if (j.overflow)
		return -1;
	if (stem_last && j.len) {
		j.len = j.last + stem(out + j.last, j.len - j.last);
		out[j.len] = '\0';
	}
	return (long)j.len;
}

#define KEY_BUF 256   /* a tag holds at most 32 characters */
#define PLACE_BUF 1024   /* a location, at most 200 */

/* The key of tag (len bytes, NUL-terminated): the tag itself when it is
 * lower case ASCII letters and digits already, as most are, else folded
 * into buf. Its length, -1 if it has none; *key is where it is. */
static long tag_key(char buf[KEY_BUF], const char *tag, size_t len, const char **key)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = tag[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			break;
	}
	if (i == len) {
		*key = tag;
		return len ? (long)stem(tag, len) : -1;
	}
	*key = buf;
	return fold_join(buf, KEY_BUF, tag, '-', 1);
}

char *mutu_match_fold(const char *s)
{
	size_t cap = 4 * strlen(s) + 8;   /* a byte folds to at most 4 */
	char *out = malloc(cap);

	if (!out) {
		mutu_error_nomem();
		return NULL;
	}
	if (fold_join(out, cap, s, ' ', 0) < 0)
		out[0] = '\0';   /* a word too long to be one: no place */
	return out;
}

const mutu_record_type *mutu_match_counterpart(const mutu_record_type *t)
{
	if (t == &mutu_type_need)
		return &mutu_type_offer;
	if (t == &mutu_type_offer)
		return &mutu_type_need;
	return NULL;
}

/* --- the record matched --- */

void mutu_match_probe_free(mutu_match_probe *p)
{
	size_t i;

	for (i = 0; i < p->ntags; i++) {
		free(p->tags[i]);
		free(p->tag_keys[i]);
	}
	for (i = 0; i < p->nwords; i++)
		free(p->words[i]);
	free(p->tags);
	free(p->tag_keys);
	free(p->tag_key_lens);
	free(p->words);
	free(p->word_lens);
	free(p->kind);
	free(p->location);
	memset(p, 0, sizeof(*p));
}

static int probe_tags(mutu_match_probe *p, const mutu_value *tags)
{
	size_t i, k, n = tags && tags->type == MUTU_SEQ ? tags->u.seq.len : 0;
	char buf[KEY_BUF];
	const char *key;
	long len;

	if (n > MUTU_MATCH_MAX_TAGS)
		n = MUTU_MATCH_MAX_TAGS;
	if (!(p->tags = calloc(n + 1, sizeof(*p->tags))) ||
	    !(p->tag_keys = calloc(n + 1, sizeof(*p->tag_keys))) ||
	    !(p->tag_key_lens = calloc(n + 1, sizeof(*p->tag_key_lens))))
		return mutu_error_nomem();
	for (i = 0; i < n; i++) {
		const mutu_value *v = tags->u.seq.items[i];

		if (v->type != MUTU_STR ||
		    (len = tag_key(buf, v->u.str, strlen(v->u.str), &key)) <= 0)
			continue;
		for (k = 0; k < p->ntags; k++)
			if (p->tag_key_lens[k] == (size_t)len &&
			    !memcmp(p->tag_keys[k], key, (size_t)len))
				break;
		if (k < p->ntags)
			continue;
		if (!(p->tags[k] = strdup(v->u.str)) ||
		    !(p->tag_keys[k] = strndup(key, (size_t)len))) {
			free(p->tags[k]);
			return mutu_error_nomem();
		}
		p->tag_key_lens[k] = (size_t)len;
		p->ntags++;
	}
	return 0;
}

static int probe_words(mutu_match_probe *p, const mutu_record *rec)
{
	const mutu_value *words;
	mutu_value *derived;
	size_t i, n;
	int err;

	if ((err = mutu_match_derive(rec, &derived)) < 0)
		return err;
	words = mutu_map_get(derived, "words");
	n = words->u.seq.len;
	if (!(p->words = calloc(n + 1, sizeof(*p->words))) ||
	    !(p->word_lens = calloc(n + 1, sizeof(*p->word_lens)))) {
		mutu_value_free(derived);
		return mutu_error_nomem();
	}
	for (i = 0; i < n; i++, p->nwords++)
		if (!(p->words[i] = strdup(words->u.seq.items[i]->u.str))) {
			mutu_value_free(derived);
			return mutu_error_nomem();
		} else {
			p->word_lens[i] = strlen(p->words[i]);
		}
	mutu_value_free(derived);
	return 0;
}

int mutu_match_probe_init(mutu_match_probe *p, const mutu_record *rec)
{
	const char *kind = mutu_map_str(rec, "kind"), *location = mutu_map_str(rec, "location");
	int err;

	memset(p, 0, sizeof(*p));
	if ((err = probe_tags(p, mutu_map_get(rec, "tags"))) < 0 ||
	    (err = probe_words(p, rec)) < 0)
		goto fail;
	if (kind && strcmp(kind, "other") != 0 && !(p->kind = strdup(kind))) {
		err = mutu_error_nomem();
		goto fail;
	}
	if (location && !(p->location = mutu_match_fold(location))) {
		err = MUTU_ENOMEM;
		goto fail;
	}
	if (p->location && !*p->location) {   /* only punctuation: no place */
		free(p->location);
		p->location = NULL;
	}
	return 0;
fail:
	mutu_match_probe_free(p);
	return err;
}

/* --- scoring --- */

/* Byte order, as strcmp's, on strings whose lengths are known. */
static int compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	/* most words differ at once: no call for them */
	if (alen && blen && *a != *b)
		return (unsigned char)*a - (unsigned char)*b;
	c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static uint64_t shared_words(const mutu_match_probe *p, const mutu_match_candidate *c)
{
	uint64_t bits = 0;
	size_t i = 0, j = 0;

	while (i < p->nwords && j < c->nwords) {
		int d = compare_bytes(p->words[i], p->word_lens[i], c->words[j],
				      c->word_lens ? c->word_lens[j] : strlen(c->words[j]));

		if (d == 0)
			bits |= (uint64_t)1 << i;
		if (d <= 0)
			i++;
		if (d >= 0)
			j++;
	}
	return bits;
}

static uint64_t shared_tags(const mutu_match_probe *p, const mutu_match_candidate *c)
{
	char buf[KEY_BUF];
	const char *key;
	uint64_t bits = 0;
	size_t i, j;
	long len;

	for (j = 0; j < c->ntags && p->ntags; j++) {
		size_t n = c->tag_lens ? c->tag_lens[j] : strlen(c->tags[j]);

		len = tag_key(buf, c->tags[j], n, &key);
		for (i = 0; len > 0 && i < p->ntags; i++)
			if (p->tag_key_lens[i] == (size_t)len &&
			    !memcmp(p->tag_keys[i], key, (size_t)len)) {
				bits |= (uint64_t)1 << i;
				break;
			}
	}
	return bits;
}

void mutu_match_score(mutu_match_why *out, const mutu_match_probe *p, const mutu_match_candidate *c)
{
	char place[PLACE_BUF];

	memset(out, 0, sizeof(*out));
	out->words = shared_words(p, c);
	out->tags = shared_tags(p, c);
	if (!out->words && !out->tags)
		return;
	out->kind = p->kind && c->kind && strcmp(p->kind, c->kind) == 0;
	out->location = p->location && c->location &&
			fold_join(place, sizeof(place), c->location, ' ', 0) > 0 &&
			strcmp(place, p->location) == 0;
	out->score = MUTU_MATCH_TAG * __builtin_popcountll(out->tags) +
		     MUTU_MATCH_WORD * __builtin_popcountll(out->words) +
		     MUTU_MATCH_KIND * out->kind + MUTU_MATCH_LOCATION * out->location;
}

int mutu_match_order(const mutu_match *a, const mutu_match *b)
{
	int c;

	if (a->why.score != b->why.score)
		return a->why.score > b->why.score ? -1 : 1;
	if ((c = strcmp(b->created, a->created)) != 0)   /* newest first */
		return c;
	return strcmp(a->key, b->key);
}

/* --- ranking --- */


struct ranker {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_match_probe *p;
	size_t limit;
	int f_status, f_tags, f_words, f_kind, f_location, f_title, f_author, f_created;
	mutu_match *m;          /* a heap (worst at the root) while limited */
	size_t len, cap;
	char prev[64];          /* the last placed key seen */
	mutu_match *prev_m;     /* its match, if kept: valid until the next insertion */
	mutu_catalog_problems problems;
};

void mutu_matches_free(mutu_match *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].mem);
	free(m);
}

static const mutu_summary_field *field_at(const mutu_catalog_row *r, int k)
{
	return k >= 0 && (size_t)k < r->nfields ? &r->fields[k] : NULL;
}

/* A string field of a row, "" when it is absent or a list. */
static const char *text_at(const mutu_catalog_row *r, int k)
{
	const mutu_summary_field *f = field_at(r, k);

	return f && f->kind == 1 ? f->str : "";
}

static void swap(mutu_match *a, mutu_match *b)
{
	mutu_match tmp = *a;

	*a = *b;
	*b = tmp;
}

/* Max-heap on ranking order: the root is the match that would print last. */
static size_t sift_down(struct ranker *k, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;

		if (c < k->len && mutu_match_order(&k->m[c], &k->m[m]) > 0)
			m = c;
		if (c + 1 < k->len && mutu_match_order(&k->m[c + 1], &k->m[m]) > 0)
			m = c + 1;
		if (m == i)
			return i;
		swap(&k->m[i], &k->m[m]);
		i = m;
	}
}

static size_t sift_up(struct ranker *k, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (mutu_match_order(&k->m[i], &k->m[p]) <= 0)
			return i;
		swap(&k->m[i], &k->m[p]);
		i = p;
	}
	return 0;
}

/* Keep m (taking what it owns); *at is where it landed. The caller has
 * made sure it beats the worst of a full heap. */
static int keep(struct ranker *k, mutu_match *m, mutu_match **at)
{
	size_t cap;
	mutu_match *grown;

	if (k->limit && k->len == k->limit) {
		free(k->m[0].mem);
		k->m[0] = *m;
		*at = &k->m[sift_down(k, 0)];
		return 0;
	}
	if (k->len == k->cap) {
		cap = k->cap ? k->cap * 2 : 64;
		if (k->limit && cap > k->limit)
			cap = k->limit;
		if (!(grown = reallocarray(k->m, cap, sizeof(*grown)))) {
			free(m->mem);
			return mutu_error_nomem();
		}
		k->m = grown;
		k->cap = cap;
	}
	k->m[k->len++] = *m;
	*at = &k->m[k->limit ? sift_up(k, k->len - 1) : k->len - 1];
	return 0;
}

/* The strings of a match, copied from the row into one allocation. */
static int make_match(mutu_match *m, const char *key, const char *title, const char *author,
		      const char *created)
{
	size_t lk = strlen(key) + 1, lt = strlen(title) + 1, la = strlen(author) + 1,
	       lc = strlen(created) + 1;
	char *at;

	if (!(m->mem = at = malloc(lk + lt + la + lc)))
		return mutu_error_nomem();
	m->key = memcpy(at, key, lk);
	m->title = memcpy(at += lk, title, lt);
	m->author = memcpy(at += lt, author, la);
	m->created = memcpy(at + la, created, lc);
	return 0;
}




/* A row's tags, words, kind and location, as scoring takes them. */
static void candidate_of(mutu_match_candidate *c, const struct ranker *k, const mutu_catalog_row *r)
{
	const mutu_summary_field *tags = field_at(r, k->f_tags), *words = field_at(r, k->f_words);

	memset(c, 0, sizeof(*c));
	if (tags && tags->kind == 2) {
		c->tags = tags->items;
		c->tag_lens = tags->item_lens;
		c->ntags = tags->nitems;
	} else if (tags && tags->kind == 1) {   /* one tag, not a list: fails its schema */
		c->tags = &tags->str;
		c->tag_lens = &tags->len;
		c->ntags = 1;
	}
	if (words && words->kind == 2) {
		c->words = words->items;
		c->word_lens = words->item_lens;
		c->nwords = words->nitems;
	}
	c->kind = *text_at(r, k->f_kind) ? text_at(r, k->f_kind) : NULL;
	c->location = *text_at(r, k->f_location) ? text_at(r, k->f_location) : NULL;
}

static int visit(const mutu_catalog_row *r, void *payload)
{
	struct ranker *k = payload;
	const mutu_summary_field *status;
	mutu_match_candidate c;
	mutu_match m = { 0 };
	size_t common = 0, len;
	int err;

	/* rows come in key order: a key's shortest unique prefix depends on
	 * its neighbours only, and every file in its place counts (list.c) */
	if (r->problem != MUTU_ROW_MISPLACED && r->problem != MUTU_ROW_NOT_A_FILE && *r->key) {
		common = mutu_id_common(k->prev, r->key);
		if (k->prev_m && k->prev_m->unique < common + 1)
			k->prev_m->unique = common + 1;
		len = strlen(r->key);
		memcpy(k->prev, r->key, len < sizeof(k->prev) ? len + 1 : 0);
		k->prev[sizeof(k->prev) - 1] = '\0';
		k->prev_m = NULL;
	}
	if (r->problem != MUTU_ROW_OK && r->problem != MUTU_ROW_INVALID)
		return mutu_catalog_problems_add(&k->problems, r);
	if (k->f_status >= 0) {
		status = field_at(r, k->f_status);
		if (!status || status->kind != 1 || strcmp(status->str, k->t->listed_status) != 0)
			return 0;
	}
	candidate_of(&c, k, r);
	mutu_match_score(&m.why, k->p, &c);
	if (!m.why.score)
		return 0;
	if (r->problem == MUTU_ROW_INVALID && (err = mutu_catalog_problems_add(&k->problems, r)) < 0)
		return err;
	m.key = r->key;
	m.created = text_at(r, k->f_created);
	/* a full heap turns most matches away: decide before copying */
	if (k->limit && k->len == k->limit && mutu_match_order(&m, &k->m[0]) >= 0)
		return 0;
	if ((err = make_match(&m, r->key, text_at(r, k->f_title), text_at(r, k->f_author),
			      m.created)) < 0)
		return err;
	m.unique = common + 1;
	m.invalid = r->problem == MUTU_ROW_INVALID;
	return keep(k, &m, &k->prev_m);
}

/* The catalog was damaged after rows came: they come again. */
static void restart(void *payload)
{
	struct ranker *k = payload;

	mutu_matches_free(k->m, k->len);
	k->m = NULL;
	k->len = k->cap = 0;
	k->prev[0] = '\0';
	k->prev_m = NULL;
	mutu_catalog_problems_clear(&k->problems);
}

/* The summary index of field (NULL: none), or -1. */
static int field_index(const mutu_record_type *t, const char *field)
{
	return field ? mutu_type_summary_index(t, field) : -1;
}

static int by_rank(const void *a, const void *b)
{
	return mutu_match_order(a, b);
}

int mutu_match_rank(mutu_match **out, size_t *n, mutu_store *st, const mutu_record_type *among,
		    const mutu_match_probe *p, size_t limit,
		    void (*progress)(const char *what, size_t done, size_t total))
{
	struct ranker k = { .st = st, .t = among, .p = p, .limit = limit };
	mutu_catalog_visitor v = { visit, restart, &k };
	int err;

	*out = NULL;
	*n = 0;
	k.f_words = mutu_type_summary_index(among, "words");
	if (k.f_words < 0)
		return mutu_error_set(MUTU_EUSAGE, _("%s keep no words: they cannot be matched"),
				      among->plural);
	k.f_status = among->listed_status ? field_index(among, among->status_field) : -1;
	k.f_tags = mutu_type_summary_index(among, "tags");
	k.f_kind = mutu_type_summary_index(among, "kind");
	k.f_location = mutu_type_summary_index(among, "location");
	k.f_title = field_index(among, among->title_field);
	k.f_author = field_index(among, among->owner_field);
	k.f_created = field_index(among, among->created_field);
	err = mutu_catalog_scan(st, among, &v, progress);
	if (err == 0)
		mutu_catalog_problems_warn(&k.problems, st, among);
	mutu_catalog_problems_clear(&k.problems);
	if (err < 0) {
		mutu_matches_free(k.m, k.len);
		return err;
	}
	if (k.len)
		qsort(k.m, k.len, sizeof(*k.m), by_rank);
	*out = k.m;
	*n = k.len;
	return 0;
}
