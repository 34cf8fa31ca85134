/* SPDX-License-Identifier: MIT */
/* Which guest tools the Windows probe looks for. The names come from the vendor database, not from code: every
 * condition of a signature on a "windows" service.<name> or registry.HKLM\<path> key is a name to look up, so adding
 * a product's tools is a change to vendors/ alone. OS-neutral, so that it is tested on every system. */

#include "probes/guest_tools.h"

#include <string.h>

#include "db/vendordb.h"
#include "evidence/keys.h"

static int seen(const char *const *names, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

size_t hvd__guest_tool_names(const hvd_vendor_db *db, hvd__guest_tool_kind kind, const char **names, size_t max)
{
    /* The part of the key before the name: "service." of service.VMTools, "registry.HKLM\" of the registry keys. */
    char prefix[64];
    hvd__key_format(kind == HVD__GUEST_TOOL_SERVICE ? HVD__K_WINDOWS_SERVICE : HVD__K_WINDOWS_REGISTRY,
                    kind == HVD__GUEST_TOOL_SERVICE ? "" : "HKLM\\", prefix, sizeof(prefix));
    size_t length = strlen(prefix), count = 0;
    for (size_t s = 0; s < db->signature_count; s++)
        for (size_t c = 0; c < db->signatures[s].condition_count; c++) {
            const hvd__condition *condition = &db->signatures[s].conditions[c];
            if (condition->source_index != HVD__SOURCE_WINDOWS || condition->key_match != HVD__KEY_EXACT ||
                strncmp(condition->key, prefix, length) != 0 || condition->key[length] == '\0')
                continue;
            const char *name = condition->key + length;
            if (count < max && !seen(names, count, name))
                names[count++] = name;
        }
    return count;
}
