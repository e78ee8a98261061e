#include "id.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* The id spelled by the first 60 of 64 bits. */
static void spell(char out[MUTU_ID_LEN + 1], const unsigned char raw[8])
{
	unsigned long long bits = 0;
	int i;

	for (i = 0; i < 8; i++)
		bits = (bits << 8) | raw[i];
	for (i = MUTU_ID_LEN - 1; i >= 0; i--) {
		out[i] = alphabet[bits & 31];
		bits >>= 5;
	}
	out[MUTU_ID_LEN] = '\0';
}

int mutu_id_new(char out[MUTU_ID_LEN + 1])
{
	unsigned char raw[8];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(raw)) {
		n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mutu_error_set(MUTU_EIO, "getrandom: %s", strerror(errno));
		got += (size_t)n;
	}
	spell(out, raw);
	return 0;
}

void mutu_id_derived(char out[MUTU_ID_LEN + 1], const unsigned char hash[8])
{
	spell(out, hash);
}

static int is_id_char(char c)
{
	return c && strchr(alphabet, c) != NULL;
}

int mutu_id_valid(const char *s)
{
	size_t i;

	for (i = 0; i < MUTU_ID_LEN; i++)
		if (!is_id_char(s[i]))
			return 0;
	return s[MUTU_ID_LEN] == '\0';
}

int mutu_id_prefix(char out[MUTU_ID_LEN + 1], const char *typed)
{
	size_t i, len = strlen(typed);

	if (len < MUTU_ID_MIN_PREFIX || len > MUTU_ID_LEN)
		goto bad;
	for (i = 0; i < len; i++) {
		char c = typed[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == 'i' || c == 'l')
			c = '1';
		else if (c == 'o')
			c = '0';
		if (!is_id_char(c))
			goto bad;
		out[i] = c;
	}
	out[len] = '\0';
	return 0;
bad:
	return mutu_error_set(MUTU_EDATA,
			      _("malformed id '%s': expected %d to %d characters of 0-9 a-z (not i l o u)"),
			      mutu_utf8_clip(typed, 40), MUTU_ID_MIN_PREFIX, MUTU_ID_LEN);
}

int mutu_handle_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (len < 2 || len > 32 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int mutu_handle_check(const char *s)
{
	const unsigned char *p;

	if (mutu_handle_valid(s))
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return mutu_error_set(MUTU_EDATA,
					      "%s", _("malformed handle: control characters are not allowed"));
	return mutu_error_set(MUTU_EDATA,
			      _("malformed handle '%s': expected a-z, then 1 to 31 of a-z 0-9 -"),
			      mutu_utf8_clip(s, 40));
}

size_t mutu_id_common(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}
