/* SPDX-License-Identifier: MIT */
#include "util/clock.h"

int hvd__utc_now(struct tm *out)
{
    __time64_t now = _time64(NULL);
    return now != -1 && _gmtime64_s(out, &now) == 0;
}
