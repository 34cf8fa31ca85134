/* SPDX-License-Identifier: MIT */
#include "platform.h"

#include <unistd.h>

char **cli_platform_start(int argc, char **argv, int *out_argc)
{
    *out_argc = argc;
    return argv;
}

const char *cli_default_config(void)
{
    static const char path[] = "/etc/hvdetect.conf";
    return access(path, F_OK) == 0 ? path : NULL;
}
