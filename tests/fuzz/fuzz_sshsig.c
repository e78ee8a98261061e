/*
 * fuzz_sshsig — any bytes read as the armored SSH signature of a commit.
 *
 * The promises: a refusal is MUTU_EDATA, or MUTU_ENOMATCH for a key type
 * not checked here, with one line saying why and no signer; a signature
 * that verifies names its signer as a key line, a known type, a space and
 * base64. The message is fixed: the seeds (tests/fuzz/corpus/sshsig) are
 * real signatures over it, so mutations start from inputs that verify.
 *
 * Changed bytes of base64 rarely decode, so an input that starts with the
 * blob's own magic, "SSHSIG", is the decoded blob: the target armors it,
 * and mutations reach the key and signature parsers. Anything else is the
 * armored text as it is.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/base64.h>

#include "lib/sshsig.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sshsig_message[] = "tree 0123\nauthor A <a@b> 1 +0000\n\nsigned message\n";

/* signer must be "TYPE BASE64", TYPE one this module checks. */
static void sshsig_check_signer(const char *signer)
{
	static const char *const types[] = { "ssh-ed25519 ", "ecdsa-sha2-nistp256 ",
					     "ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 ",
					     "ssh-rsa " };
	const char *b64 = NULL;
	size_t i;

	if (!signer)
		fuzz_fail("verified, but no signer");
	for (i = 0; i < sizeof(types) / sizeof(types[0]) && !b64; i++)
		if (!strncmp(signer, types[i], strlen(types[i])))
			b64 = signer + strlen(types[i]);
	if (!b64 || !*b64 || strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				     "0123456789+/=") != strlen(b64))
		fuzz_fail("not a key line: %s", signer);
}

/* blob armored as ssh-keygen would (one long line will do), malloc'd. */
static char *sshsig_armor(size_t *len, const uint8_t *blob, size_t size)
{
	static const char begin[] = "-----BEGIN SSH SIGNATURE-----\n";
	static const char end[] = "\n-----END SSH SIGNATURE-----\n";
	size_t cap = sizeof(begin) + (size + 2) / 3 * 4 + sizeof(end), n = 0;
	char *text = malloc(cap);

	if (!text)
		return NULL;
	memcpy(text, begin, sizeof(begin) - 1);
	if (mbedtls_base64_encode((unsigned char *)text + sizeof(begin) - 1,
				  cap - sizeof(begin) + 1, &n, blob, size) != 0)
		fuzz_fail("cannot armor %zu bytes", size);
	n += sizeof(begin) - 1;
	memcpy(text + n, end, sizeof(end));
	*len = n + sizeof(end) - 1;
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *signer = (char *)"untouched", *armored = NULL;
	const char *text = (const char *)data;
	size_t len = size;
	int rc;

	if (size >= 6 && !memcmp(data, "SSHSIG", 6)) {
		if (!(armored = sshsig_armor(&len, data, size)))
			return 0;
		text = armored;
	}
	/* the bytes as they are: the length bounds the text, not a NUL */
	rc = mutu_sshsig_verify(&signer, text, len, "git", sshsig_message,
				sizeof(sshsig_message) - 1);
	free(armored);
	if (rc == 0) {
		sshsig_check_signer(signer);
		free(signer);
	} else {
		if (rc != MUTU_EDATA && rc != MUTU_ENOMATCH)
			fuzz_fail("returned %d: %s", rc, mutu_error_last());
		if (signer)
			fuzz_fail("refused, but a signer was given");
		fuzz_check_one_line(mutu_error_last());
	}
	mutu_error_clear();
	return 0;
}
