/*
 * i18n — every message a person reads goes through gettext, as a whole
 * sentence, in the "mutu" domain (po/fr.po holds the French). The library
 * asks its own domain explicitly, so it translates whatever domain a
 * program using it has chosen. Machine output (tsv, json, yaml, ids) and
 * record content are never passed through here.
 */
#ifndef MUTU_I18N_H
#define MUTU_I18N_H

#include <libintl.h>

#define MUTU_TEXTDOMAIN "mutu"

/* Translate a message. */
#define _(msgid) dgettext(MUTU_TEXTDOMAIN, msgid)

/* Translate a message with a count: n selects the plural form. */
#define P_(msgid, plural, n) dngettext(MUTU_TEXTDOMAIN, msgid, plural, n)

/* Mark a message for translation where it is stored (a table); translate
 * it with _() where it is printed. */
#define N_(msgid) msgid

#endif
