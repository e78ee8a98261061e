/*
 * sshsig — SSH signatures checked in process. The fixtures were made once
 * with OpenSSH 9.2 (`ssh-keygen -Y sign -n git`, and `-O hashalg=sha256`
 * for the *_sha256 ones) over msg below; the hostile ones were crafted
 * from them (see each).
 */
#include "unit.h"

#include "lib/sshsig.h"

#include <mbedtls/base64.h>

static const char msg[] = "tree 0123\nauthor A <a@b> 1 +0000\n\nsigned message\n";

static const char sig_ed25519[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgYc081YkXKJPWQRlV35FzqTi/T6\n"
	"0CI4RgoPApF32MfPcAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQP+iBSkEKphnu1mIYJnnPaBvRKcy2KdfadARi8i8VJK/F9sUui+Xbe6D3szJ1/JsId\n"
	"EPbIa6R7M55mdbBO5xZQU=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_ed25519_sha256[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgYc081YkXKJPWQRlV35FzqTi/T6\n"
	"0CI4RgoPApF32MfPcAAAADZ2l0AAAAAAAAAAZzaGEyNTYAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQATvAhgUsP5kF0blfLr2Vv8JjWovpUqNSY0ejYbR/uc67NXrdU300+FMTkBYfVvsxO\n"
	"hJcJ4NXJdJExXsS2Xskw4=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_p256[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAGgAAAATZWNkc2Etc2hhMi1uaXN0cDI1NgAAAAhuaXN0cDI1NgAAAE\n"
	"EE907HTFV9r1zGsi8mk9lhUkt9UHPaLML79MZoiclv8Has18N7B6wVARsQ4dqcwkPNjqfY\n"
	"TrO5OsnyUJF1Mug1owAAAANnaXQAAAAAAAAABnNoYTUxMgAAAGUAAAATZWNkc2Etc2hhMi\n"
	"1uaXN0cDI1NgAAAEoAAAAhANExpK+KcZSBwW/wv/SNrq73MZO2l9XNm9dn6TyxOv/sAAAA\n"
	"IQDQQXEFjWUn7ybxSbglv1PtnwDc2Ld/y23mpe/GAYdq/w==\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_p384[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAIgAAAATZWNkc2Etc2hhMi1uaXN0cDM4NAAAAAhuaXN0cDM4NAAAAG\n"
	"EE9iha/mD0q2GAjsF07rUcA8d4Kx82QbsBe7MGR74t9SuKfohHpwQbMhJEomg+TPFuuqw2\n"
	"Eqa0Y6Kc0xtmwCCBzgKExTR2zDq0IcRWsInXWrW7W6W7pBxis8MVddD7be9qAAAAA2dpdA\n"
	"AAAAAAAAAGc2hhNTEyAAAAhQAAABNlY2RzYS1zaGEyLW5pc3RwMzg0AAAAagAAADEA/C19\n"
	"cqH4awIpW7M2JMI22/NMD6lHFEF1mtxJD/6sblzl04v2MSN2D8RBM+rRAeLmAAAAMQCvOa\n"
	"I9Ko8GjrIRECLAwgqI6DDe7al3pJaZh1oUK72XY+d12MzgGALy3qr4fhcmJJU=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_p521[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAKwAAAATZWNkc2Etc2hhMi1uaXN0cDUyMQAAAAhuaXN0cDUyMQAAAI\n"
	"UEALAFY68TTYSP9cVlZLO+1+IRpFCamTcTfPuhPFtowPAVP2V7eu+uEAn7WPDDyXsIIy4v\n"
	"MftU9q9S1oS4ssq5dzWdAE0LtUOet3ZMTo0KCYzyChnPlOforzGBK5Sh6SsMkfxVbbCX+R\n"
	"dTddJ1rBtmTR4lGxRiOru8Cv0btlGD46idzzJnAAAAA2dpdAAAAAAAAAAGc2hhNTEyAAAA\n"
	"pgAAABNlY2RzYS1zaGEyLW5pc3RwNTIxAAAAiwAAAEIB2TpZSiT8PAM5izit9WBqMAnDnO\n"
	"U6Xu19hvlUnP3mSuUiyG2JG8CGOwPl42xAaGohajP84CQdsnFoRIGT3O1YqMMAAABBdmAo\n"
	"xLAHsabgMcjcOBTiXKaGJbBNYjTNbKK2jAKAeagf1y8LRJ1/ricSy1Bhzaq/Yi7ICCs7Jv\n"
	"gFn+mme2FRY/Q=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_rsa[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAARcAAAAHc3NoLXJzYQAAAAMBAAEAAAEBAMgch3Zqy+p/NJqhhX0bFN\n"
	"gJsUfoF1/Vwb7vu8n8wgv7kjZu4EpCzw4B7n2qruXwjuzEnmGv5Ov6urXgjUJzOfv2hQC4\n"
	"/6a3H1KeZi4CVjprBa15y1BrfK5KyyR8+SujEVMhSZRTA2bitnCzVGh4qmPemRxXO0j9FJ\n"
	"3mMZiAAK/a1Y8l54IKxjxBlHIZuS8gZMt4JM/6gY5vd6/o4Oo4NVDmtxD+nZVFeJ2Nrb+u\n"
	"aijvrh+wOf1m11IKxXUOCsVinUVvL9IUhZ+dx9BGU+su60hDhaJh7dcQKErmAhxs9ulgv5\n"
	"tGBdHgEhFxFTiRZGNQPrjPRuc/ADmqMdlgtfXSgPkAAAADZ2l0AAAAAAAAAAZzaGE1MTIA\n"
	"AAEUAAAADHJzYS1zaGEyLTUxMgAAAQDDuguwk1jhs6YheKC1jNiuEXkx0Y9ZRvmyy1dj6f\n"
	"9jKMg6O8A0CS6Gwe08WI5PJgklKSh+dLN1iWvoFrxxiHItg+jxEUlo2KZf/0rAKgULJ+Mq\n"
	"CXVIUc4skdLJJXkXzpbMmxiRZ5zy1EHP4BI7K7k0Esqw4E0v1KbeoMxRnBXfLccYnADjGz\n"
	"c1wAFrltj5h2v88NqZJaKV2OnKzPuOnPSw71l5fVPno2Hfbutf32Ue5C6uwpHWCEYCJICi\n"
	"yegEA0/TK0Nz0QadGFNKmqQ1JA7KuTatwyFbhLPOweZdadML3n3pzMmmHx99wRKt0WYAXD\n"
	"GupIufxxhZO00412OGwJB1\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_rsa_sha256[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAARcAAAAHc3NoLXJzYQAAAAMBAAEAAAEBAMgch3Zqy+p/NJqhhX0bFN\n"
	"gJsUfoF1/Vwb7vu8n8wgv7kjZu4EpCzw4B7n2qruXwjuzEnmGv5Ov6urXgjUJzOfv2hQC4\n"
	"/6a3H1KeZi4CVjprBa15y1BrfK5KyyR8+SujEVMhSZRTA2bitnCzVGh4qmPemRxXO0j9FJ\n"
	"3mMZiAAK/a1Y8l54IKxjxBlHIZuS8gZMt4JM/6gY5vd6/o4Oo4NVDmtxD+nZVFeJ2Nrb+u\n"
	"aijvrh+wOf1m11IKxXUOCsVinUVvL9IUhZ+dx9BGU+su60hDhaJh7dcQKErmAhxs9ulgv5\n"
	"tGBdHgEhFxFTiRZGNQPrjPRuc/ADmqMdlgtfXSgPkAAAADZ2l0AAAAAAAAAAZzaGEyNTYA\n"
	"AAEUAAAADHJzYS1zaGEyLTUxMgAAAQAFTj3D/0hiB6waTxA5TwHRUiHZtR2JrI+dfjfpvA\n"
	"kBJ9j6ZL4pqrt/9mkqnn+YJPN+Ppe6Xp0M6PoMKb5gFpltbXLxcfCz7y0qRaVITpyGVVsX\n"
	"/fjSS42pgElkN2N5WhFXGPoTgRqxrQVbbZtJxXWSL95NGT2bkO2BTuDRu+QACewUdBhhNM\n"
	"WhI5LuoosPYIpxMbP+iPQRbBPqulrTOVC+sSTNZZM7R+CcEHDHhoqnYxNsv8AFweoV/GRE\n"
	"19NHM3MbATs3icBPt+BGajsTalPoKN5FbMMPrUYkzmURe7jq4mjc7yG+Hq2h0dcsyVobvW\n"
	"D50G1k0zwjGd5bNCVL11FX\n"
	"-----END SSH SIGNATURE-----\n";

static const char pub_ed[] =
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHNPNWJFyiT1kEZVd+Rc6k4v0+tAiOEYKDw"
	"KRd9jHz3";

static const char pub_p256[] =
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABB"
	"BPdOx0xVfa9cxrIvJpPZYVJLfVBz2izC+/TGaInJb/B2rNfDewesFQEbEOHanMJDzY6n2E6z"
	"uTrJ8lCRdTLoNaM=";

static const char pub_p384[] =
	"ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABh"
	"BPYoWv5g9KthgI7BdO61HAPHeCsfNkG7AXuzBke+LfUrin6IR6cEGzISRKJoPkzxbrqsNhKm"
	"tGOinNMbZsAggc4ChMU0dsw6tCHEVrCJ11q1u1ulu6QcYrPDFXXQ+23vag==";

static const char pub_p521[] =
	"ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACF"
	"BACwBWOvE02Ej/XFZWSzvtfiEaRQmpk3E3z7oTxbaMDwFT9le3rvrhAJ+1jww8l7CCMuLzH7"
	"VPavUtaEuLLKuXc1nQBNC7VDnrd2TE6NCgmM8goZz5Tn6K8xgSuUoekrDJH8VW2wl/kXU3XS"
	"dawbZk0eJRsUYjq7vAr9G7ZRg+Oonc8yZw==";

static const char pub_rsa[] =
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDIHId2asvqfzSaoYV9GxTYCbFH6Bdf1cG+"
	"77vJ/MIL+5I2buBKQs8OAe59qq7l8I7sxJ5hr+Tr+rq14I1Cczn79oUAuP+mtx9SnmYuAlY6"
	"awWtectQa3yuSsskfPkroxFTIUmUUwNm4rZws1RoeKpj3pkcVztI/RSd5jGYgACv2tWPJeeC"
	"CsY8QZRyGbkvIGTLeCTP+oGOb3ev6ODqODVQ5rcQ/p2VRXidja2/rmoo764fsDn9ZtdSCsV1"
	"DgrFYp1Fby/SFIWfncfQRlPrLutIQ4WiYe3XEChK5gIcbPbpYL+bRgXR4BIRcRU4kWRjUD64"
	"z0bnPwA5qjHZYLX10oD5";

/* sig_ed25519 with the public key of another ed25519 key put in its place */
static const char sig_swapped[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgABxlTAv3j6nIpYbUto+vu83vSn\n"
	"abg1xi+SPofIENWAMAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQP+iBSkEKphnu1mIYJnnPaBvRKcy2KdfadARi8i8VJK/F9sUui+Xbe6D3szJ1/JsId\n"
	"EPbIa6R7M55mdbBO5xZQU=\n"
	"-----END SSH SIGNATURE-----\n";

/* A genuine signature by pub_rsa over msg, with the SHA-1 "ssh-rsa" algorithm */
static const char sig_legacy[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAARcAAAAHc3NoLXJzYQAAAAMBAAEAAAEBAMgch3Zqy+p/NJqhhX0bFN\n"
	"gJsUfoF1/Vwb7vu8n8wgv7kjZu4EpCzw4B7n2qruXwjuzEnmGv5Ov6urXgjUJzOfv2hQC4\n"
	"/6a3H1KeZi4CVjprBa15y1BrfK5KyyR8+SujEVMhSZRTA2bitnCzVGh4qmPemRxXO0j9FJ\n"
	"3mMZiAAK/a1Y8l54IKxjxBlHIZuS8gZMt4JM/6gY5vd6/o4Oo4NVDmtxD+nZVFeJ2Nrb+u\n"
	"aijvrh+wOf1m11IKxXUOCsVinUVvL9IUhZ+dx9BGU+su60hDhaJh7dcQKErmAhxs9ulgv5\n"
	"tGBdHgEhFxFTiRZGNQPrjPRuc/ADmqMdlgtfXSgPkAAAADZ2l0AAAAAAAAAAZzaGE1MTIA\n"
	"AAEPAAAAB3NzaC1yc2EAAAEATGVlMi+n+vDR8QHGeiPeJ/KVryOsE6RuFz/6ZSfEIY0SVH\n"
	"43ZM05ssIo+joAEnMn0icLNZV9A+dQGkOYkrDSfx66ZlVFO+LV1XZeC9215cjbp/BT/bze\n"
	"xs0OtyoJphIoIr4JAvTwaD2tPqC5aRt3O6u+BvsUlYMd3Kd/sndpTfmU1puvAxXwBIO5ph\n"
	"Pp+mnt2fAy/kwaPxA8fr/UWpm/Fw52Wfxtbxe5bKB/4EQiDbWx1ybNQU4llxY34N27pN36\n"
	"7MU+kkkfXjslpafhi0Jv1Qvs0Mih/EnfIC1XAA6Rg4jlHi6vdHDsyKabc1Nixc7Wbd6/+B\n"
	"Kqsc0SfeM7XyxQ1g==\n"
	"-----END SSH SIGNATURE-----\n";

/* Well formed, by an sk-ssh-ed25519@openssh.com key (a made-up one) */
static const char sig_sk[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAEoAAAAac2stc3NoLWVkMjU1MTlAb3BlbnNzaC5jb20AAAAgAAECAw\n"
	"QFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAAEc3NoOgAAAANnaXQAAAAAAAAABnNo\n"
	"YTUxMgAAAGcAAAAac2stc3NoLWVkMjU1MTlAb3BlbnNzaC5jb20AAABAAAAAAAAAAAAAAA\n"
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
	"AAEAAAAH\n"
	"-----END SSH SIGNATURE-----\n";

/* pub_ed with the ecdsa-sha2-nistp256 signature blob of sig_p256 */
static const char sig_mixed[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgYc081YkXKJPWQRlV35FzqTi/T6\n"
	"0CI4RgoPApF32MfPcAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABlAAAAE2VjZHNhLXNoYTIt\n"
	"bmlzdHAyNTYAAABKAAAAIQDRMaSvinGUgcFv8L/0ja6u9zGTtpfVzZvXZ+k8sTr/7AAAAC\n"
	"EA0EFxBY1lJ+8m8Um4Jb9T7Z8A3Ni3f8tt5qXvxgGHav8=\n"
	"-----END SSH SIGNATURE-----\n";

struct good {
	const char *name, *sig, *pub;
};

static const struct good goods[] = {
	{ "ed25519", sig_ed25519, pub_ed },
	{ "ed25519 sha256", sig_ed25519_sha256, pub_ed },
	{ "nistp256", sig_p256, pub_p256 },
	{ "nistp384", sig_p384, pub_p384 },
	{ "nistp521", sig_p521, pub_p521 },
	{ "rsa-sha2-512", sig_rsa, pub_rsa },
	{ "rsa-sha2-256 sha256", sig_rsa_sha256, pub_rsa },
};

#define NGOODS (sizeof(goods) / sizeof(goods[0]))

static int verify(char **signer, const char *sig, size_t sig_len, const char *ns, const char *m)
{
	return mutu_sshsig_verify(signer, sig, sig_len, ns, m, strlen(m));
}

/* A refusal: exactly code, one line that says why, in the house style. */
static void assert_refused(int rc, int code, const char *why)
{
	const char *e = mutu_error_last();

	if (rc != code)
		fail_msg("returned %d, expected %d (last error: %s)", rc, code, e);
	assert_contains(e, why);
	assert_null(strchr(e, '\n'));
	assert_true(*e && e[strlen(e) - 1] != '.');
}

static void each_key_type_verifies_and_names_its_signer(void **state)
{
	size_t i;
	char *signer;

	(void)state;
	for (i = 0; i < NGOODS; i++) {
		signer = NULL;
		if (verify(&signer, goods[i].sig, strlen(goods[i].sig), "git", msg) != 0)
			fail_msg("%s: %s", goods[i].name, mutu_error_last());
		assert_string_equal(signer, goods[i].pub);
		free(signer);
		assert_ok(verify(NULL, goods[i].sig, strlen(goods[i].sig), "git", msg));
	}
}

static void the_armor_may_lack_its_last_newline_or_use_crlf(void **state)
{
	char crlf[2048];
	const char *p;
	size_t n = 0;

	(void)state;
	assert_ok(verify(NULL, sig_p256, strlen(sig_p256) - 1, "git", msg));
	for (p = sig_p256; *p; p++) {
		if (*p == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *p;
	}
	assert_ok(verify(NULL, crlf, n, "git", msg));
}

static void a_changed_message_does_not_verify(void **state)
{
	char m[sizeof(msg)];
	size_t i, at;

	(void)state;
	for (i = 0; i < NGOODS; i++)
		for (at = 0; at < sizeof(msg) - 1; at += 7) {
			memcpy(m, msg, sizeof(msg));
			m[at] ^= 0x01;
			assert_refused(verify(NULL, goods[i].sig, strlen(goods[i].sig), "git", m),
				       MUTU_EDATA, "does not verify");
		}
	/* a message cut short, or nothing at all */
	assert_refused(mutu_sshsig_verify(NULL, sig_ed25519, strlen(sig_ed25519), "git", msg,
					  sizeof(msg) - 2),
		       MUTU_EDATA, "does not verify");
	assert_refused(mutu_sshsig_verify(NULL, sig_rsa, strlen(sig_rsa), "git", NULL, 0),
		       MUTU_EDATA, "does not verify");
}

static void another_namespace_is_refused(void **state)
{
	char *signer = (char *)"untouched";

	(void)state;
	assert_refused(verify(&signer, sig_ed25519, strlen(sig_ed25519), "file", msg), MUTU_EDATA,
		       "the SSH signature is for namespace git, not file");
	assert_null(signer);
	assert_refused(verify(NULL, sig_ed25519, strlen(sig_ed25519), "gi", msg), MUTU_EDATA,
		       "namespace");
	assert_refused(verify(NULL, sig_ed25519, strlen(sig_ed25519), "git\n", msg), MUTU_EDATA,
		       "namespace");
	assert_refused(verify(NULL, sig_ed25519, strlen(sig_ed25519), "", msg), MUTU_EDATA,
		       "namespace");
}

static void another_key_in_the_blob_does_not_verify(void **state)
{
	(void)state;
	assert_refused(verify(NULL, sig_swapped, strlen(sig_swapped), "git", msg), MUTU_EDATA,
		       "does not verify");
}

static void a_signature_of_another_algorithm_than_its_key_is_refused(void **state)
{
	(void)state;
	assert_refused(verify(NULL, sig_mixed, strlen(sig_mixed), "git", msg), MUTU_EDATA,
		       "does not match its key");
}

static void sha1_rsa_signatures_are_refused(void **state)
{
	(void)state;
	assert_refused(verify(NULL, sig_legacy, strlen(sig_legacy), "git", msg), MUTU_EDATA,
		       "ssh-rsa");
}

static void security_key_signatures_are_not_checked_here(void **state)
{
	(void)state;
	assert_refused(verify(NULL, sig_sk, strlen(sig_sk), "git", msg), MUTU_ENOMATCH,
		       "sk-ssh-ed25519@openssh.com");
	/* but one for another namespace is refused as that */
	assert_refused(verify(NULL, sig_sk, strlen(sig_sk), "file", msg), MUTU_EDATA, "namespace");
}

static void what_is_not_an_armored_signature_is_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"hello",
		"-----BEGIN SSH SIGNATURE-----",
		"-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN PGP SIGNATURE-----\n\nwsBcBAABCAAQBQJ=\n-----END PGP SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n",
		"-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NI U0lH\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nAAAAAAAAAAAA\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----x\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_refused(verify(NULL, bad[i], strlen(bad[i]), "git", msg), MUTU_EDATA,
			       "SSH signature");
	assert_refused(verify(NULL, NULL, 0, "git", msg), MUTU_EDATA, "not an SSH signature");
}

static void text_after_the_armor_is_refused(void **state)
{
	char buf[1024];

	(void)state;
	snprintf(buf, sizeof(buf), "%sgarbage\n", sig_ed25519);
	assert_refused(verify(NULL, buf, strlen(buf), "git", msg), MUTU_EDATA, "malformed");
	memcpy(buf, sig_ed25519, strlen(sig_ed25519) + 1);
	/* a NUL in the middle: the length, not the NUL, says where the text ends */
	assert_refused(verify(NULL, buf, strlen(sig_ed25519) + 1, "git", msg), MUTU_EDATA,
		       "malformed");
}

static void every_truncation_is_refused(void **state)
{
	size_t i, n, len;

	(void)state;
	for (i = 0; i < NGOODS; i++) {
		len = strlen(goods[i].sig);
		/* the last newline is optional: a cut there still verifies */
		for (n = 0; n < len - 1; n++)
			if (verify(NULL, goods[i].sig, n, "git", msg) != MUTU_EDATA)
				fail_msg("%s cut at %zu: %d, %s", goods[i].name, n,
					 mutu_error_last_code(), mutu_error_last());
	}
}

static void oversized_armor_is_refused(void **state)
{
	size_t len = 64 * 1024 + 1, n = strlen(sig_ed25519);
	char *big = malloc(len);

	(void)state;
	assert_non_null(big);
	memset(big, '\n', len);
	memcpy(big, sig_ed25519, n);
	assert_refused(verify(NULL, big, len, "git", msg), MUTU_EDATA, "not an SSH signature");
	/* within the bound, trailing blank lines are fine */
	assert_ok(verify(NULL, big, len - 1, "git", msg));
	free(big);
}

/* sig's decoded blob (malloc'd). */
static unsigned char *decode(const char *sig, size_t *len)
{
	const char *body = strchr(sig, '\n') + 1, *end = strstr(sig, "-----END");
	char b64[4096];
	unsigned char *blob = malloc(4096);
	size_t n = 0;

	assert_non_null(blob);
	for (; body < end; body++)
		if (*body != '\n')
			b64[n++] = *body;
	assert_int_equal(mbedtls_base64_decode(blob, 4096, len, (unsigned char *)b64, n), 0);
	return blob;
}

/* blob armored as ssh-keygen would, in out. */
static size_t armor(char *out, size_t cap, const unsigned char *blob, size_t len)
{
	size_t n;
	int head = snprintf(out, cap, "-----BEGIN SSH SIGNATURE-----\n");

	assert_int_equal(mbedtls_base64_encode((unsigned char *)out + head, cap - (size_t)head, &n,
					       blob, len),
			 0);
	n += (size_t)head;
	n += (size_t)snprintf(out + n, cap - n, "\n-----END SSH SIGNATURE-----\n");
	return n;
}

static void no_change_of_one_byte_of_the_blob_verifies(void **state)
{
	char text[8192];
	unsigned char *blob;
	size_t i, at, len, n;
	int rc;

	(void)state;
	for (i = 0; i < NGOODS; i++) {
		blob = decode(goods[i].sig, &len);
		n = armor(text, sizeof(text), blob, len);
		assert_ok(verify(NULL, text, n, "git", msg));
		for (at = 0; at < len; at++) {
			blob[at] ^= 0x20;
			n = armor(text, sizeof(text), blob, len);
			rc = verify(NULL, text, n, "git", msg);
			if (rc != MUTU_EDATA && rc != MUTU_ENOMATCH)
				fail_msg("%s, byte %zu changed: %d, %s", goods[i].name, at, rc,
					 mutu_error_last());
			blob[at] ^= 0x20;
		}
		free(blob);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_key_type_verifies_and_names_its_signer),
		cmocka_unit_test(the_armor_may_lack_its_last_newline_or_use_crlf),
		cmocka_unit_test(a_changed_message_does_not_verify),
		cmocka_unit_test(another_namespace_is_refused),
		cmocka_unit_test(another_key_in_the_blob_does_not_verify),
		cmocka_unit_test(a_signature_of_another_algorithm_than_its_key_is_refused),
		cmocka_unit_test(sha1_rsa_signatures_are_refused),
		cmocka_unit_test(security_key_signatures_are_not_checked_here),
		cmocka_unit_test(what_is_not_an_armored_signature_is_refused),
		cmocka_unit_test(text_after_the_armor_is_refused),
		cmocka_unit_test(every_truncation_is_refused),
		cmocka_unit_test(oversized_armor_is_refused),
		cmocka_unit_test(no_change_of_one_byte_of_the_blob_verifies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
