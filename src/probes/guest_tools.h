/* SPDX-License-Identifier: MIT */
#ifndef HVD_PROBES_GUEST_TOOLS_H
#define HVD_PROBES_GUEST_TOOLS_H

#include <stddef.h>

#include "hvdetect/detect.h"

typedef enum hvd__guest_tool_kind { HVD__GUEST_TOOL_SERVICE, HVD__GUEST_TOOL_REGISTRY_KEY } hvd__guest_tool_kind;

/* The service names ("VMTools") or HKLM registry paths ("SOFTWARE\VMware, Inc.\VMware Tools") that the database's
 * "windows" signatures name, without repeats, at most max of them, in database order. The names are borrowed from
 * db. Returns how many were stored. */
size_t hvd__guest_tool_names(const hvd_vendor_db *db, hvd__guest_tool_kind kind, const char **names, size_t max);

#endif
