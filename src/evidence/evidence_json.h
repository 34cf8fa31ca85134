#ifndef HVD_EVIDENCE_JSON_H
#define HVD_EVIDENCE_JSON_H

#include <cjson/cJSON.h>

#include "hvdetect/evidence.h"

/* The evidence bundle's format version: bumped when a reader of the old format would misread the new one. */
#define HVD__EVIDENCE_FORMAT 1

/* Builds the "collection" object and the "evidence" array of a bundle or report. NULL on allocation failure. */
cJSON *hvd__evidence_collection_json(const hvd_evidence *evidence);
/* compact leaves out what a bundle reader assumes: the status "ok", and the empty value of what was not read. */
cJSON *hvd__evidence_array_json(const hvd_evidence *evidence, int redact, int compact);

/* Whether an observation holds an identifier of the machine or its owner (serial, UUID, MAC, host name) that
 * reports leave out unless asked to keep it. */
int hvd__evidence_is_identifier(const hvd_observation *item);

/* The value as reports show it: an identifier is redacted (into buffer) unless redact is 0; anything else is value
 * itself. */
const char *hvd__evidence_shown_value(const char *source, const char *key, const char *value, int redact,
                                      char *buffer, size_t size);

#endif
