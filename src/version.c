/* SPDX-License-Identifier: MIT */
#include "hvdetect/version.h"

const char *hvd_version(void)
{
    return HVD_VERSION_STRING;
}
