#!/bin/sh
# Regenerates countries.tsv and cities.txt from the CLDR extraction in ../shared/data/cldr-ar.
set -eu
S=${MARSAD_SHARED:-../../../../shared}/data/cldr-ar
grep -E '^[A-Z]{2}(-alt-[a-z]+)?\s' "$S/territories.tsv" | awk -F'\t' '{split($1,c,"-"); code=c[1]; n=$2; gsub(/ \(.*\)/,"",n); if(!(code in m)){order[++k]=code; m[code]=n} else m[code]=m[code]"\t"n} END{for(i=1;i<=k;i++) print order[i]"\t"m[order[i]]}' > countries.tsv
tail -n +2 "$S/exemplar-cities.tsv" | awk -F'\t' '{n=$2; gsub(/ \(.*\)/,"",n); print n}' | sort -u > cities.txt
