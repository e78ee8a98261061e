#include "commons.h"

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "member.h"
#include "mergedriver.h"
#include "records.h"
#include "sign.h"
#include "rules.h"
#include "yaml.h"
#include "types.h"

#include <stdio.h>
#include <stdlib.h>

int mutu_commons_init(mutu_store **out, const char *dir, int bare, const char *name,
		      const char *handle, const char *email, const char *fullname,
		      const mutu_value *keys, const char *rules_text, size_t rules_len,
		      const char *rules_name)
{
	mutu_record *commons = NULL, *rules = NULL, *member = NULL, *attributes = NULL;
	char when[MUTU_TIME_LEN + 1], mpath[64], summary[300];
	mutu_store *st = NULL;
	mutu_signer *signer = NULL;
	mutu_rules settings;
	mutu_write w[4];
	mutu_actor who;
	time_t now;
	int err;

	*out = NULL;
	if (!fullname || !*fullname)
		fullname = handle;
	if ((err = mutu_clock_now(&now)) < 0 ||
	    (err = mutu_type_path(mpath, &mutu_type_member, handle)) < 0)
		return err;
	mutu_clock_format(when, now);
	if (!(commons = mutu_value_map()))
		return MUTU_ENOMEM;
	if ((err = mutu_map_set(commons, "format", mutu_value_int(1))) < 0 ||
	    (err = mutu_map_set_str(commons, "name", name)) < 0 ||
	    (err = mutu_map_set_str(commons, "created", when)) < 0 ||
	    (err = rules_text ? mutu_yaml_parse(&rules, rules_text, rules_len, rules_name)
			      : mutu_rules_default_record(&rules)) < 0 ||
	    (err = mutu_member_new(&member, handle, fullname, email,
				   keys && keys->type == MUTU_SEQ && keys->u.seq.len ? keys : NULL)) < 0)
		goto out;
	/* check everything before a repository is created on disk */
	if ((err = mutu_records_check_author(fullname, email, "--fullname and --email")) < 0 ||
	    (err = mutu_records_check("commons", commons, "mutu.yaml")) < 0 ||
	    (err = mutu_records_check("rules", rules, rules_text ? rules_name : "rules.yaml")) < 0 ||
	    (err = mutu_rules_from_record(&settings, rules, rules_text ? rules_name : "rules.yaml")) < 0 ||
	    (err = mutu_records_check("member", member, mpath)) < 0)
		goto out;
	if (settings.require_signatures && !mutu_map_get(member, "keys")) {
		err = mutu_error_set(MUTU_EUSAGE, "%s", _("the rules require signed commits: give your SSH public key with --key"));
		goto out;
	}
	if (!(attributes = mutu_value_str(MUTU_GITATTRIBUTES))) {
		err = MUTU_ENOMEM;
		goto out;
	}
	if ((err = mutu_store_create(&st, dir, bare)) < 0)
		goto out;
	w[0] = (mutu_write){ "commons", "mutu.yaml", commons, NULL };
	w[1] = (mutu_write){ "rules", "rules.yaml", rules, NULL };
	w[2] = (mutu_write){ "member", mpath, member, NULL };
	/* plain git merges records as mutu does (mergedriver.h) */
	w[3] = (mutu_write){ NULL, ".gitattributes", attributes, NULL };
	/* the founder signs too, with the key git's configuration names */
	if ((err = mutu_signer_from_config(&signer, st)) < 0)
		goto out;
	if (settings.require_signatures && !signer) {
		err = mutu_error_set(MUTU_EPERM, "%s", _("the rules require signed commits, and git's configuration names no signing key (gpg.format ssh, user.signingkey)"));
		goto out;
	}
	who = (mutu_actor){ .handle = handle, .name = fullname, .email = email,
			    .sign = signer ? mutu_signer_sign : NULL, .sign_payload = signer };
	snprintf(summary, sizeof(summary), "init: %.200s", name);
	if ((err = mutu_records_write(st, &who, "commons.init", summary, w, 4)) < 0 ||
	    (err = mutu_store_config_set(st, "mutu.member", handle)) < 0 ||
	    (err = mutu_merge_driver_register(st)) < 0 ||
	    (err = mutu_allowed_signers_refresh(st)) < 0)
		goto out;
	*out = st;
	st = NULL;
out:
	mutu_store_free(st);
	mutu_value_free(commons);
	mutu_value_free(rules);
	mutu_value_free(member);
	mutu_value_free(attributes);
	mutu_signer_free(signer);
	return err;
}
