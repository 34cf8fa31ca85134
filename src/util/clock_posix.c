/* SPDX-License-Identifier: MIT */
#include "util/clock.h"

int hvd__utc_now(struct tm *out)
{
    time_t now = time(NULL);
    return now != (time_t)-1 && gmtime_r(&now, out) != NULL;
}
