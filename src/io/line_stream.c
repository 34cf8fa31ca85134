/* SPDX-License-Identifier: MIT */
#include "io/line_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <io.h>
#include "platform/windows/wide.h"
#else
#include <unistd.h>
#endif

#include "hvdetect/common.h"
#include "util/error.h"

enum { CHUNK = 256 * 1024 };

#ifdef _WIN32
static int open_for_reading(const char *path)
{
    wchar_t *wide = hvd__wide_from_utf8(path);
    int fd = wide ? _wopen(wide, _O_RDONLY | _O_BINARY) : -1;
    free(wide);
    return fd;
}
#define read(fd, buffer, size) _read(fd, buffer, (unsigned)(size))
#define close _close
#else
static int open_for_reading(const char *path)
{
    /* O_NONBLOCK: opening a FIFO does not wait for a writer; it is refused below. */
    return open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
}
#endif

typedef struct line_buffer {
    char *data;
    size_t used;     /* bytes held, from the start of the current line */
    size_t capacity;
    int skipping;    /* the current line is longer than max: its bytes are dropped up to its newline */
} line_buffer;

/* Visits every complete line in the buffer and keeps the incomplete rest at its start. */
static int visit_lines(line_buffer *b, size_t max, size_t *number, hvd__line_visit_fn visit, void *context)
{
    size_t start = 0;
    char *newline;
    while ((newline = memchr(b->data + start, '\n', b->used - start)) != NULL) {
        size_t end = (size_t)(newline - b->data);
        *newline = '\0';
        ++*number;
        int rc = b->skipping || end - start > max ? visit(context, NULL, end - start, *number, 1)
                                                  : visit(context, b->data + start, end - start, *number, 1);
        b->skipping = 0;
        start = end + 1;
        if (rc != 0)
            return rc;
    }
    memmove(b->data, b->data + start, b->used - start);
    b->used -= start;
    if (b->used > max) {
        b->skipping = 1; /* too long already: its bytes are not kept */
        b->used = 0;
    }
    return 0;
}

static int stream(int fd, const char *path, size_t max, hvd__line_visit_fn visit, void *context)
{
    line_buffer b = {NULL, 0, 0, 0};
    size_t number = 0;
    int rc = HVD_OK;
    for (;;) {
        if (b.capacity - b.used < CHUNK) {
            size_t grown = b.used + CHUNK + 1;
            char *bigger = realloc(b.data, grown);
            if (!bigger) {
                rc = hvd__error(HVD_ENOMEM, "%s: out of memory", path);
                break;
            }
            b.data = bigger;
            b.capacity = grown - 1; /* room for a NUL after the last byte */
        }
        long n = (long)read(fd, b.data + b.used, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = hvd__error(HVD_EBADINPUT, "%s: %s", path, strerror(errno));
            break;
        }
        if (n == 0) {
            if (b.used > 0 || b.skipping) {
                b.data[b.used] = '\0';
                visit(context, b.skipping ? NULL : b.data, b.used, number + 1, 0);
            }
            break;
        }
        b.used += (size_t)n;
        if (visit_lines(&b, max, &number, visit, context) != 0)
            break;
    }
    free(b.data);
    return rc;
}

int hvd__line_stream(const char *path, size_t max, hvd__line_visit_fn visit, void *context)
{
    int fd = open_for_reading(path);
    if (fd < 0)
        return hvd__error(errno == ENOENT ? HVD_ENOTFOUND : errno == EACCES ? HVD_EPERM : HVD_EBADINPUT, "%s: %s",
                          path, strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(fd);
        return hvd__error(HVD_EBADINPUT, "%s: not a regular file", path);
    }
#ifndef _WIN32
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
#endif
    int rc = stream(fd, path, max, visit, context);
    close(fd);
    return rc;
}
