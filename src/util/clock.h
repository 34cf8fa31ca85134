/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_CLOCK_H
#define HVD_UTIL_CLOCK_H

#include <time.h>

/* The current time broken down in UTC, thread-safely. 1 on success, 0 when the clock cannot be read. One
 * implementation per system: clock_posix.c (gmtime_r), platform/windows/clock_win.c (gmtime_s). */
int hvd__utc_now(struct tm *out);

#endif
