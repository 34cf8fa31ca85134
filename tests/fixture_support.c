/* SPDX-License-Identifier: MIT */
#include "fixture_support.h"
#include "keep_output.h"

#include "hvdetect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *fixture_read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + used, 1, capacity - used - 1, file)) > 0) {
        used += n;
        if (capacity - used < 2) {
            char *bigger = realloc(data, capacity * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(file);
    if (data) {
        data[used] = '\0';
        if (length)
            *length = used;
    }
    return data;
}

cJSON *fixture_expected(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s/expected.json", HVD_FIXTURES_DIR, name);
    char *text = fixture_read_file(path, NULL);
    cJSON *json = text ? cJSON_Parse(text) : NULL;
    free(text);
    return json;
}

void fixture_root(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s/root", HVD_FIXTURES_DIR, name);
}

int fixture_cpuid_dump(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s/cpuid.txt", HVD_FIXTURES_DIR, name);
    return access(out, R_OK) == 0;
}

struct hvd_evidence *fixture_collect(const char *name)
{
    char root[1024], dump[1024];
    fixture_root(name, root, sizeof(root));
    hvd_collect_options options = HVD_COLLECT_OPTIONS_INIT;
    options.root = root;
    if (fixture_cpuid_dump(name, dump, sizeof(dump)))
        options.cpuid_dump = dump;
    hvd_evidence *evidence = NULL;
    return hvd_collect(&evidence, &options) == HVD_OK ? evidence : NULL;
}

static int same_json(const cJSON *a, const cJSON *b)
{
    if (!a && !b)
        return 1;
    if (!a || !b)
        return cJSON_IsNull(a ? a : b);
    return cJSON_Compare(a, b, 1);
}

/* Every string of a is in b. */
static int string_subset(const cJSON *a, const cJSON *b)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, a)
    {
        int found = 0;
        const cJSON *other;
        cJSON_ArrayForEach(other, b) found |= cJSON_Compare(item, other, 1);
        if (!found)
            return 0;
    }
    return 1;
}

/* Set equality of two arrays of strings, in any order. */
static int same_string_set(const cJSON *a, const cJSON *b)
{
    return cJSON_GetArraySize(a) == cJSON_GetArraySize(b) && string_subset(a, b);
}

static cJSON *candidate_ids(const cJSON *hypervisor)
{
    cJSON *ids = cJSON_CreateArray();
    const cJSON *candidate;
    cJSON_ArrayForEach(candidate, cJSON_GetObjectItem(hypervisor, "candidates"))
        cJSON_AddItemToArray(ids, cJSON_CreateString(cJSON_GetObjectItem(candidate, "id")->valuestring));
    return ids;
}

const char *fixture_compare(const cJSON *expected, const cJSON *report)
{
    static char message[512];
    const cJSON *hypervisor = cJSON_GetObjectItem(report, "hypervisor");
    static const struct {
        const char *expected;
        const char *report_parent;
        const char *report;
    } fields[] = {
        {"virtualized", NULL, "virtualized"}, {"role", NULL, "role"},
        {"technology", "hypervisor", "technology"}, {"product", "hypervisor", "product"},
        {"vendor", "hypervisor", "vendor"}, {"cloud", "hypervisor", "cloud"},
        {"concealed", "hypervisor", "concealed"}, {"guest_type", "hypervisor", "guest_type"},
        {"confidential", "confidential", "id"},
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const cJSON *want = cJSON_GetObjectItem(expected, fields[i].expected);
        if (!want)
            continue;
        const cJSON *parent = fields[i].report_parent ? cJSON_GetObjectItem(report, fields[i].report_parent) : report;
        const cJSON *got = cJSON_GetObjectItem(parent, fields[i].report);
        if (!same_json(want, got)) {
            char *want_text = cJSON_PrintUnformatted(want);
            char *got_text = got ? cJSON_PrintUnformatted(got) : NULL;
            snprintf(message, sizeof(message), "%s: expected %s, got %s", fields[i].expected, want_text,
                     got_text ? got_text : "(missing)");
            free(want_text);
            free(got_text);
            return message;
        }
    }
    const cJSON *want_candidates = cJSON_GetObjectItem(expected, "candidates");
    if (want_candidates && cJSON_GetArraySize(want_candidates) > 0) {
        cJSON *got = candidate_ids(hypervisor);
        /* The products the machine could be on must all be offered; the database may know more that the same
         * evidence leaves possible (expected.json names the plausible ones, not every product of the vendor). */
        int same = string_subset(want_candidates, got);
        char *got_text = cJSON_PrintUnformatted(got);
        snprintf(message, sizeof(message), "candidates: got %s", got_text);
        free(got_text);
        cJSON_Delete(got);
        if (!same)
            return message;
    }
    const cJSON *want_containers = cJSON_GetObjectItem(expected, "containers");
    if (want_containers && !same_string_set(want_containers, cJSON_GetObjectItem(report, "containers")))
        return "containers differ";
    return NULL;
}

char *fixture_run_cli(const char *const *arguments, int *exit_status)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return NULL;
    pid_t child = fork();
    if (child < 0)
        return NULL;
    if (child == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        size_t count = 0;
        while (arguments[count])
            count++;
        char **argv = calloc(count + 2, sizeof(*argv));
        argv[0] = strdup(HVD_CLI_PATH);
        for (size_t i = 0; i < count; i++)
            argv[i + 1] = strdup(arguments[i]); /* execv's argv is not const; the child exits or execs anyway */
        execv(HVD_CLI_PATH, argv);
        _exit(127);
    }
    close(pipe_fds[1]);
    size_t capacity = 65536, used = 0;
    char *output = malloc(capacity);
    ssize_t n;
    while (output && (n = read(pipe_fds[0], output + used, capacity - used - 1)) > 0) {
        used += (size_t)n;
        if (capacity - used < 2) {
            char *bigger = realloc(output, capacity * 2);
            if (!bigger)
                break;
            output = bigger;
            capacity *= 2;
        }
    }
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (output)
        output[used] = '\0';
    keep_json_output("cli", output);
    /* A bundle the command saved is kept too (its test may delete it). */
    for (size_t i = 0; arguments[i] && arguments[i + 1]; i++)
        if (strcmp(arguments[i], "--save-evidence") == 0) {
            char *bundle = fixture_read_file(arguments[i + 1], NULL);
            keep_json_output("bundle", bundle);
            free(bundle);
        }
    return output;
}

char *fixture_run_cli_on(const char *name, const char *const *extra, int *exit_status)
{
    char root[1024], dump[1024];
    fixture_root(name, root, sizeof(root));
    int has_dump = fixture_cpuid_dump(name, dump, sizeof(dump));
    const char *args[24] = {"--root", root};
    size_t count = 2;
    for (size_t i = 0; extra[i] && count < 18; i++)
        args[count++] = extra[i];
    if (has_dump) {
        args[count++] = "--cpuid-dump";
        args[count++] = dump;
    }
    args[count] = NULL;
    return fixture_run_cli(args, exit_status);
}
