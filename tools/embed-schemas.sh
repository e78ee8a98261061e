#!/bin/sh
# Turn schema/*.json into a C table so installed commands need no files.
# Usage: embed-schemas.sh schema/a.json schema/b.json ... > lib/schema_data.c
set -eu
printf '/* Generated from schema/ by tools/embed-schemas.sh: do not edit. */\n'
printf 'struct schema_source { const char *type; const char *json; };\n'
printf 'const struct schema_source mutu_schema_sources[] = {\n'
for f in "$@"; do
	type=$(basename "$f" .json)
	printf '\t{ "%s",\n' "$type"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
printf '\t{ 0, 0 },\n};\n'
