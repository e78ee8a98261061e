#!/bin/sh
# gen-records.sh N [SEED]: N offer documents as a YAML stream on stdout,
# for `mutu offer add --yaml -`. Titles, kinds and tags vary so that
# filters select realistic fractions (tag "rare" on 1 record in 100).
set -eu
n=$1
awk -v n="$n" -v seed="${2:-1}" 'BEGIN {
	srand(seed)
	split("tool skill space time material service event other", kinds, " ")
	split("perceuse scie echelle tondeuse couture velo cours atelier salle escabeau", words, " ")
	split("bricolage jardin cuisine informatique couture velo enfants musique", tags, " ")
	for (i = 1; i <= n; i++) {
		k = kinds[int(rand()*8)+1]
		printf "---\ntitle: %s %s %d\nkind: %s\ntags:\n- %s\n", words[int(rand()*10)+1], words[int(rand()*10)+1], i, k, tags[int(rand()*8)+1]
		if (i % 100 == 0) printf "- rare\n"
		# an offered event has its times
		if (k == "event")
			printf "start: 2027-01-%02dT18:00:00Z\nend: 2027-01-%02dT20:00:00Z\n", i % 28 + 1, i % 28 + 1
		printf "body: |\n  Objet numero %d, en bon etat.\n  Disponible le soir.\n", i
	}
}'
