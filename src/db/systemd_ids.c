/* SPDX-License-Identifier: MIT */
/* Every id hvd_result_systemd_id() can give with a database, once each, in the order the database names them:
 * "none", each technology's, each product's own (the clouds systemd names after their company), each container's,
 * and "vm-other" for a hypervisor the database does not know (result.c gives the same ids). */

#include <string.h>

#include "db/vendordb.h"
#include "hvdetect/detect.h"

enum { FIXED_FIRST = 1, FIXED_LAST = 1 };

/* The id at position of the list with repeats, or NULL past its end. */
static const char *listed_id(const hvd_vendor_db *db, size_t position)
{
    if (position == 0)
        return "none";
    position -= FIXED_FIRST;
    if (position < db->technology_count)
        return db->technologies[position].systemd_id;
    position -= db->technology_count;
    if (position < db->product_count)
        return db->products[position].systemd_id; /* NULL when the product has none of its own */
    position -= db->product_count;
    if (position < db->container_count)
        return db->containers[position].systemd_id ? db->containers[position].systemd_id : db->containers[position].id;
    position -= db->container_count;
    return position < FIXED_LAST ? "vm-other" : NULL;
}

static size_t listed_count(const hvd_vendor_db *db)
{
    return FIXED_FIRST + db->technology_count + db->product_count + db->container_count + FIXED_LAST;
}

static int is_first(const hvd_vendor_db *db, size_t position)
{
    const char *id = listed_id(db, position);
    if (!id)
        return 0;
    for (size_t earlier = 0; earlier < position; earlier++) {
        const char *other = listed_id(db, earlier);
        if (other && strcmp(other, id) == 0)
            return 0;
    }
    return 1;
}

size_t hvd_vendor_db_systemd_id_count(const hvd_vendor_db *db)
{
    size_t count = 0;
    for (size_t position = 0; db && position < listed_count(db); position++)
        count += (size_t)is_first(db, position);
    return count;
}

const char *hvd_vendor_db_systemd_id(const hvd_vendor_db *db, size_t index)
{
    for (size_t position = 0; db && position < listed_count(db); position++)
        if (is_first(db, position) && index-- == 0)
            return listed_id(db, position);
    return NULL;
}
