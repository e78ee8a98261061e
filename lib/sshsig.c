/*
 * sshsig — an SSH signature checked with libcrypto, as OpenSSH's
 * sshsig.c checks it, without a process per signature.
 *
 * The armored text decodes to one blob (PROTOCOL.sshsig):
 *
 *	"SSHSIG" uint32(1) string(publickey) string(namespace)
 *	string(reserved) string(hash_algorithm) string(signature)
 *
 * and the signature is over
 *
 *	"SSHSIG" string(namespace) string(reserved) string(hash_algorithm)
 *	string(H(message))
 *
 * Everything in the blob comes from whoever made the commit, so it is
 * read through a cursor that checks each length against what is left
 * before taking it; nothing is copied until the whole blob has parsed.
 * Keys are rebuilt as EVP_PKEYs from their parts (libcrypto 3's
 * from-data API, no deprecated RSA_/EC_KEY calls), and every EVP object
 * is freed on one way out.
 *
 * Key blobs and signature blobs are parsed strictly (no trailing bytes,
 * minimal positive mpints, uncompressed EC points of the curve's size),
 * so that one key has one signer line for mutu_key_same to compare.
 */
#include "lib/sshsig.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/base64.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "lib/error.h"
#include "lib/i18n.h"

#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END "-----END SSH SIGNATURE-----"
#define ARMOR_MAX (64 * 1024)
#define MAGIC "SSHSIG"
#define MAGIC_LEN 6

/* RSA moduli OpenSSH accepts: below 1024 bits is refused there too, and
 * above 16384 bits is OpenSSL's own limit. */
#define RSA_MIN_BITS 1024
#define RSA_MIN_BYTES (RSA_MIN_BITS / 8)
#define RSA_MAX_BYTES (16384 / 8)
/* A public exponent longer than this would only make checking slow. */
#define RSA_MAX_E_BYTES 8

/* A bounded view of bytes still to read. */
struct cursor {
	const unsigned char *p;
	size_t left;
};

/* A piece of the blob: bytes that stay owned by the decoded blob. */
struct piece {
	const unsigned char *p;
	size_t len;
};

static int not_sshsig(void)
{
	return mutu_error_set(MUTU_EDATA, "%s", _("not an SSH signature"));
}

static int malformed(void)
{
	return mutu_error_set(MUTU_EDATA, "%s", _("the SSH signature is malformed"));
}

static int disagree(void)
{
	return mutu_error_set(MUTU_EDATA, "%s",
			      _("the SSH signature's algorithm does not match its key"));
}

static int does_not_verify(void)
{
	return mutu_error_set(MUTU_EDATA, "%s", _("the SSH signature does not verify"));
}

static int get_u32(struct cursor *c, uint32_t *v)
{
	if (c->left < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	c->left -= 4;
	return 0;
}

/* An SSH string: uint32 length, then that many bytes. */
static int get_string(struct cursor *c, struct piece *out)
{
	uint32_t n;

	if (get_u32(c, &n) < 0 || n > c->left)
		return -1;
	out->p = c->p;
	out->len = n;
	c->p += n;
	c->left -= n;
	return 0;
}

/* A positive mpint, minimally encoded, without its sign byte: at most max
 * bytes of magnitude. Zero is refused: no key part or signature half is 0. */
static int get_mpint(struct cursor *c, struct piece *out, size_t max)
{
	if (get_string(c, out) < 0 || out->len == 0 || (out->p[0] & 0x80))
		return -1;
	if (out->p[0] == 0) {
		/* a leading zero is only there to keep the sign bit clear */
		if (out->len < 2 || !(out->p[1] & 0x80))
			return -1;
		out->p++;
		out->len--;
	}
	return out->len <= max ? 0 : -1;
}

static unsigned char *put_string(unsigned char *p, const unsigned char *s, size_t len)
{
	p[0] = (unsigned char)(len >> 24);
	p[1] = (unsigned char)(len >> 16);
	p[2] = (unsigned char)(len >> 8);
	p[3] = (unsigned char)len;
	memcpy(p + 4, s, len);
	return p + 4 + len;
}

static int is(const struct piece *s, const char *text)
{
	return s->len == strlen(text) && !memcmp(s->p, text, s->len);
}

/* The key types checked here, each with how its signature is made. */
enum key_kind { KEY_ED25519, KEY_ECDSA, KEY_RSA };

struct key_type {
	const char *name;
	enum key_kind kind;
	const char *curve;      /* SSH's curve name (ECDSA) */
	const char *group;      /* OpenSSL's group name (ECDSA) */
	size_t field;           /* bytes of a coordinate (ECDSA) */
	const char *digest;     /* the signature's digest (ECDSA) */
};

static const struct key_type key_types[] = {
	{ "ssh-ed25519", KEY_ED25519, NULL, NULL, 0, NULL },
	{ "ecdsa-sha2-nistp256", KEY_ECDSA, "nistp256", "prime256v1", 32, "SHA256" },
	{ "ecdsa-sha2-nistp384", KEY_ECDSA, "nistp384", "secp384r1", 48, "SHA384" },
	{ "ecdsa-sha2-nistp521", KEY_ECDSA, "nistp521", "secp521r1", 66, "SHA512" },
	{ "ssh-rsa", KEY_RSA, NULL, NULL, 0, NULL },
};

static const struct key_type *key_type_named(const struct piece *name)
{
	size_t i;

	for (i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (is(name, key_types[i].name))
			return &key_types[i];
	return NULL;
}

/* A name from the blob, made printable and short for a message. */
static void printable(char out[64], const struct piece *name)
{
	size_t i, n = name->len < 63 ? name->len : 63;

	for (i = 0; i < n; i++)
		out[i] = name->p[i] >= 0x20 && name->p[i] < 0x7f ? (char)name->p[i] : '?';
	out[n] = '\0';
}

static int unchecked_type(const struct piece *name)
{
	char t[64];

	printable(t, name);
	return mutu_error_set(MUTU_ENOMATCH, _("SSH signatures by %s keys are not checked here"),
			      t);
}

static int refused_algorithm(const struct piece *name)
{
	char t[64];

	printable(t, name);
	return mutu_error_set(MUTU_EDATA, _("the SSH signature uses %s, which is refused"), t);
}

/*
 * A public key of type alg from its parts, or NULL. libcrypto does not
 * tell parts it refuses from an allocation that failed; with hostile
 * input the first is the likely one, so callers call NULL malformed.
 */
static EVP_PKEY *pkey_from_params(const char *alg, OSSL_PARAM *params)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *pkey = NULL;

	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1)
		EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* An ECDSA key: string(curve) string(Q), Q uncompressed on that curve. */
static int ecdsa_key(EVP_PKEY **out, const struct key_type *kt, struct cursor *c)
{
	struct piece curve, q;
	OSSL_PARAM params[3];

	if (get_string(c, &curve) < 0 || get_string(c, &q) < 0 || c->left)
		return malformed();
	if (!is(&curve, kt->curve) || q.len != 1 + 2 * kt->field || q.p[0] != 0x04)
		return malformed();
	/* OSSL_PARAM is read-only here, whatever its constructors' types say */
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)kt->group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)q.p,
						      q.len);
	params[2] = OSSL_PARAM_construct_end();
	/* the import puts Q on the curve or fails: a point off it never gets here */
	if (!(*out = pkey_from_params("EC", params)))
		return malformed();
	return 0;
}

/* An RSA key: mpint(e) mpint(n). */
static int rsa_key(EVP_PKEY **out, struct cursor *c)
{
	struct piece e, n;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	BIGNUM *bn_e = NULL, *bn_n = NULL;
	int err = 0;

	if (get_mpint(c, &e, RSA_MAX_E_BYTES) < 0 || get_mpint(c, &n, RSA_MAX_BYTES) < 0 ||
	    c->left || n.len < RSA_MIN_BYTES)
		return malformed();
	if (!(bn_e = BN_bin2bn(e.p, (int)e.len, NULL)) ||
	    !(bn_n = BN_bin2bn(n.p, (int)n.len, NULL)) || !(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    !(params = OSSL_PARAM_BLD_to_param(bld))) {
		err = mutu_error_nomem();
		goto out;
	}
	if (BN_num_bits(bn_n) < RSA_MIN_BITS || !(*out = pkey_from_params("RSA", params)))
		err = malformed();
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_e);
	BN_free(bn_n);
	return err;
}

/* The key blob as an EVP_PKEY; *kt says which of key_types it is. */
static int parse_key(EVP_PKEY **out, const struct key_type **kt, const struct piece *blob)
{
	struct cursor c = { blob->p, blob->len };
	struct piece name, pk;

	*out = NULL;
	if (get_string(&c, &name) < 0)
		return malformed();
	if (!(*kt = key_type_named(&name)))
		return unchecked_type(&name);
	switch ((*kt)->kind) {
	case KEY_ED25519:
		if (get_string(&c, &pk) < 0 || pk.len != 32 || c.left)
			return malformed();
		if (!(*out = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk.p, pk.len)))
			return malformed();
		return 0;
	case KEY_ECDSA:
		return ecdsa_key(out, *kt, &c);
	case KEY_RSA:
		return rsa_key(out, &c);
	}
	return malformed();
}

/*
 * An ECDSA signature, string(mpint r, mpint s), as the DER
 * ECDSA-Sig-Value libcrypto verifies (*der malloc'd by libcrypto).
 */
static int ecdsa_der(unsigned char **der, size_t *der_len, const struct key_type *kt,
		     const struct piece *blob)
{
	struct cursor c = { blob->p, blob->len };
	struct piece r, s;
	ECDSA_SIG *sig = NULL;
	BIGNUM *bn_r = NULL, *bn_s = NULL;
	int n;

	if (get_mpint(&c, &r, kt->field) < 0 || get_mpint(&c, &s, kt->field) < 0 || c.left)
		return malformed();
	if (!(sig = ECDSA_SIG_new()) || !(bn_r = BN_bin2bn(r.p, (int)r.len, NULL)) ||
	    !(bn_s = BN_bin2bn(s.p, (int)s.len, NULL)) || !ECDSA_SIG_set0(sig, bn_r, bn_s)) {
		BN_free(bn_r);
		BN_free(bn_s);
		ECDSA_SIG_free(sig);
		return mutu_error_nomem();
	}
	*der = NULL;
	n = i2d_ECDSA_SIG(sig, der);
	ECDSA_SIG_free(sig);   /* frees r and s with it */
	if (n <= 0)
		return mutu_error_nomem();
	*der_len = (size_t)n;
	return 0;
}

/*
 * An RSA signature left-padded with zeros to the modulus' size, as
 * OpenSSH accepts one that is shorter (libcrypto wants it exact).
 */
static int rsa_padded(unsigned char **out, size_t *out_len, EVP_PKEY *pkey,
		      const struct piece *raw)
{
	int size = EVP_PKEY_get_size(pkey);

	if (size <= 0 || raw->len == 0 || raw->len > (size_t)size)
		return malformed();
	if (!(*out = OPENSSL_zalloc((size_t)size)))
		return mutu_error_nomem();
	memcpy(*out + ((size_t)size - raw->len), raw->p, raw->len);
	*out_len = (size_t)size;
	return 0;
}

/* Check sig (the signature blob) over tbs with pkey, as kt signs. */
static int check_signature(EVP_PKEY *pkey, const struct key_type *kt, const struct piece *sig,
			   const unsigned char *tbs, size_t tbs_len)
{
	struct cursor c = { sig->p, sig->len };
	struct piece alg, raw;
	const char *digest = NULL;
	unsigned char *buf = NULL;
	size_t buf_len = 0;
	EVP_MD_CTX *md;
	int err, ok;

	if (get_string(&c, &alg) < 0 || get_string(&c, &raw) < 0 || c.left)
		return malformed();
	switch (kt->kind) {
	case KEY_ED25519:
		if (!is(&alg, kt->name))
			return disagree();
		if (raw.len != 64)
			return malformed();
		break;
	case KEY_ECDSA:
		if (!is(&alg, kt->name))
			return disagree();
		digest = kt->digest;
		if ((err = ecdsa_der(&buf, &buf_len, kt, &raw)) < 0)
			return err;
		break;
	case KEY_RSA:
		/* SHA-1 "ssh-rsa" signatures are forgeable in practice: OpenSSH refuses them */
		if (is(&alg, "ssh-rsa"))
			return refused_algorithm(&alg);
		if (is(&alg, "rsa-sha2-256"))
			digest = "SHA256";
		else if (is(&alg, "rsa-sha2-512"))
			digest = "SHA512";
		else
			return disagree();
		if ((err = rsa_padded(&buf, &buf_len, pkey, &raw)) < 0)
			return err;
		break;
	}
	if (!(md = EVP_MD_CTX_new())) {
		OPENSSL_free(buf);
		return mutu_error_nomem();
	}
	/* RSA keys default to PKCS#1 v1.5 padding, which is what SSH signs with;
	 * Ed25519 takes no digest (NULL), it hashes tbs itself */
	ok = EVP_DigestVerifyInit_ex(md, NULL, digest, NULL, NULL, pkey, NULL) == 1 &&
	     EVP_DigestVerify(md, buf ? buf : raw.p, buf ? buf_len : raw.len, tbs, tbs_len) == 1;
	err = ok ? 0 : does_not_verify();
	EVP_MD_CTX_free(md);
	OPENSSL_free(buf);
	return err;
}

/* The fields of the decoded blob, pointing into it. */
struct sshsig {
	struct piece key, ns, reserved, hash, sig;
};

/*
 * The armored text's body, decoded (*blob malloc'd). Lines of base64 go
 * between the two armor lines; only whitespace may follow the last.
 */
static int dearmor(unsigned char **blob, size_t *blob_len, const char *sig, size_t sig_len)
{
	const size_t begin_len = strlen(ARMOR_BEGIN), end_len = strlen(ARMOR_END);
	const char *body, *end, *p, *stop = sig + sig_len;
	char *b64;
	size_t n = 0;

	*blob = NULL;
	if (!sig || sig_len > ARMOR_MAX || sig_len < begin_len + 1 + end_len ||
	    memcmp(sig, ARMOR_BEGIN, begin_len) != 0)
		return not_sshsig();
	body = sig + begin_len;
	if (*body == '\r')
		body++;
	if (body >= stop || *body != '\n' ||
	    !(end = memmem(body, (size_t)(stop - body), ARMOR_END, end_len)))
		return not_sshsig();
	for (p = end + end_len; p < stop; p++)
		if (!strchr(" \t\r\n", *p) || !*p)
			return malformed();
	if (!(b64 = malloc((size_t)(end - body) + 1)))
		return mutu_error_nomem();
	/* base64 decoding is strict about whitespace: the line breaks go first */
	for (p = body; p < end; p++)
		if (*p != '\n' && *p != '\r')
			b64[n++] = *p;
	/* 3 bytes for every 4 characters is an upper bound: padding only lowers it */
	if (!(*blob = malloc(n / 4 * 3 + 3))) {
		free(b64);
		return mutu_error_nomem();
	}
	if (n == 0 || mbedtls_base64_decode(*blob, n / 4 * 3 + 3, blob_len,
					    (const unsigned char *)b64, n) != 0) {
		free(b64);
		free(*blob);
		*blob = NULL;
		return malformed();
	}
	free(b64);
	return 0;
}

/* The blob's fields; the whole blob must be them. */
static int parse_blob(struct sshsig *s, const unsigned char *blob, size_t blob_len)
{
	struct cursor c = { blob, blob_len };
	uint32_t version;

	if (blob_len < MAGIC_LEN || memcmp(blob, MAGIC, MAGIC_LEN) != 0)
		return not_sshsig();
	c.p += MAGIC_LEN;
	c.left -= MAGIC_LEN;
	if (get_u32(&c, &version) < 0 || version != 1 || get_string(&c, &s->key) < 0 ||
	    get_string(&c, &s->ns) < 0 || get_string(&c, &s->reserved) < 0 ||
	    get_string(&c, &s->hash) < 0 || get_string(&c, &s->sig) < 0 || c.left)
		return malformed();
	return 0;
}

/* A namespace keeps a signature for one use from being replayed as another. */
static int check_namespace(const struct sshsig *s, const char *ns)
{
	char got[64];

	if (is(&s->ns, ns))
		return 0;
	printable(got, &s->ns);
	return mutu_error_set(MUTU_EDATA, _("the SSH signature is for namespace %s, not %s"), got,
			      ns);
}

/*
 * What was signed: "SSHSIG" string(namespace) string(reserved)
 * string(hash_algorithm) string(H(message)) (*tbs malloc'd).
 */
static int signed_data(unsigned char **tbs, size_t *tbs_len, const struct sshsig *s,
		       const void *msg, size_t msg_len)
{
	unsigned char h[EVP_MAX_MD_SIZE], *p;
	unsigned int h_len = 0;
	const EVP_MD *md;

	*tbs = NULL;
	if (is(&s->hash, "sha256"))
		md = EVP_sha256();
	else if (is(&s->hash, "sha512"))
		md = EVP_sha512();
	else
		return refused_algorithm(&s->hash);
	if (EVP_Digest(msg, msg_len, h, &h_len, md, NULL) != 1)
		return mutu_error_nomem();
	/* each field came from a blob of at most ARMOR_MAX bytes: no overflow */
	*tbs_len = MAGIC_LEN + 4 + s->ns.len + 4 + s->reserved.len + 4 + s->hash.len + 4 + h_len;
	if (!(p = *tbs = malloc(*tbs_len)))
		return mutu_error_nomem();
	memcpy(p, MAGIC, MAGIC_LEN);
	p += MAGIC_LEN;
	p = put_string(p, s->ns.p, s->ns.len);
	p = put_string(p, s->reserved.p, s->reserved.len);
	p = put_string(p, s->hash.p, s->hash.len);
	put_string(p, h, h_len);
	return 0;
}

/* "TYPE BASE64" for the key blob, as a .pub file has it without comment. */
static int signer_line(char **out, const struct key_type *kt, const struct piece *key)
{
	size_t type_len = strlen(kt->name), b64_len = 0;
	char *line;

	/* asked with no room, mbedtls says how much it needs, the NUL included */
	mbedtls_base64_encode(NULL, 0, &b64_len, key->p, key->len);
	if (!(line = malloc(type_len + 1 + b64_len)))
		return mutu_error_nomem();
	memcpy(line, kt->name, type_len);
	line[type_len] = ' ';
	if (mbedtls_base64_encode((unsigned char *)line + type_len + 1, b64_len, &b64_len, key->p,
				  key->len) != 0) {
		free(line);
		return mutu_error_nomem();
	}
	*out = line;
	return 0;
}

int mutu_sshsig_verify(char **signer, const char *sig, size_t sig_len, const char *ns,
		       const void *msg, size_t msg_len)
{
	unsigned char *blob = NULL, *tbs = NULL;
	size_t blob_len = 0, tbs_len = 0;
	const struct key_type *kt = NULL;
	EVP_PKEY *pkey = NULL;
	struct sshsig s;
	int err;

	if (signer)
		*signer = NULL;
	/* the namespace first: a signature made for something else is refused
	 * as that, whatever its key type */
	if ((err = dearmor(&blob, &blob_len, sig, sig_len)) < 0 ||
	    (err = parse_blob(&s, blob, blob_len)) < 0 || (err = check_namespace(&s, ns)) < 0 ||
	    (err = parse_key(&pkey, &kt, &s.key)) < 0 ||
	    (err = signed_data(&tbs, &tbs_len, &s, msg, msg_len)) < 0 ||
	    (err = check_signature(pkey, kt, &s.sig, tbs, tbs_len)) < 0)
		goto out;
	if (signer)
		err = signer_line(signer, kt, &s.key);
out:
	free(tbs);
	EVP_PKEY_free(pkey);
	free(blob);
	return err;
}
