/* SPDX-License-Identifier: MIT */
#ifndef HVD_EVIDENCE_JSON_H
#define HVD_EVIDENCE_JSON_H

#include <cjson/cJSON.h>

#include "hvdetect/evidence.h"
#include "util/json_arena.h"
#include "util/json_build.h"

/* The evidence bundle's format version: bumped when a reader of the old format would misread the new one. */
#define HVD__EVIDENCE_FORMAT 2
/* The oldest format still read: 1, hvdetect 0.1's list of observation objects. */
#define HVD__EVIDENCE_FORMAT_LIST 1

/* The "collection" object of a bundle or report, and a report's "evidence" array (every field of every
 * observation spelled out; a bundle groups them by source instead), built through builder (util/json_build.h). */
cJSON *hvd__evidence_collection_json(hvd__json_builder *builder, const hvd_evidence *evidence);
cJSON *hvd__evidence_array_json(hvd__json_builder *builder, const hvd_evidence *evidence, int redact);

/* Whether an observation holds an identifier of the machine or its owner (serial, UUID, MAC, host name) that
 * reports leave out unless asked to keep it. */
int hvd__evidence_is_identifier(const hvd_observation *item);

/* The value as reports show it: an identifier is redacted (into buffer) unless redact is 0; anything else is value
 * itself. */
const char *hvd__evidence_shown_value(const char *source, const char *key, const char *value, int redact,
                                      char *buffer, size_t size);

/* Reads a bundle into evidence, emptied first, for analysing bundles one after another: the tree is parsed into
 * arena and the evidence set points into it, so the set is valid until the arena's next parse or release. The same
 * checks and errors as hvd_evidence_from_json; on an error evidence is left empty. */
int hvd__evidence_read_reused(hvd_evidence *evidence, hvd__json_arena *arena, const char *json, size_t length);

#endif
