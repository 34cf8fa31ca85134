/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_CLI_PLATFORM_H
#define HVDETECT_CLI_PLATFORM_H

/* What the command needs from the system it runs on. One implementation per system: platform_posix.c,
 * platform_win.c. */

/* Prepares the console (Windows: UTF-8 output) and gives the arguments as UTF-8 (Windows: from the wide command
 * line, so that file names in any script survive). Returns argv itself, or a copy that lives until exit; NULL when
 * out of memory. */
char **cli_platform_start(int argc, char **argv, int *out_argc);

/* The configuration file read when --config is not given: /etc/hvdetect.conf, on Windows
 * %ProgramData%\hvdetect\hvdetect.conf. NULL when there is none. */
const char *cli_default_config(void);

#endif
