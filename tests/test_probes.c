/* SPDX-License-Identifier: MIT */
/* The probes on hostile saved trees: every bad file is reported by name, never crashes, hangs or escapes --root,
 * and the other probes still run. */

#include <check.h>

#include "check_run.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hvdetect.h"
#include "io/root.h"

static char root[] = "/tmp/hvdetect-probes-XXXXXX";

static void path_in_root(char *out, size_t size, const char *relative)
{
    snprintf(out, size, "%s/%s", root, relative);
}

/* mkdir -p for the parent directories of relative. */
static void make_parents(const char *relative)
{
    char path[1024];
    path_in_root(path, sizeof(path), relative);
    for (char *slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
}

static void write_file(const char *relative, const char *content, size_t length)
{
    make_parents(relative);
    char path[1024];
    path_in_root(path, sizeof(path), relative);
    FILE *file = fopen(path, "wb");
    ck_assert_ptr_nonnull(file);
    ck_assert_uint_eq(fwrite(content, 1, length, file), length);
    fclose(file);
}

static void make_symlink(const char *relative, const char *target)
{
    make_parents(relative);
    char path[1024];
    path_in_root(path, sizeof(path), relative);
    ck_assert_int_eq(symlink(target, path), 0);
}

static hvd_evidence *collect(const char *cpuid_dump)
{
    hvd_collect_options options = HVD_COLLECT_OPTIONS_INIT;
    options.root = root;
    options.cpuid_dump = cpuid_dump;
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_collect(&evidence, &options), HVD_OK);
    return evidence;
}

static const hvd_observation *find(const hvd_evidence *evidence, const char *source, const char *key)
{
    const hvd_observation *item = hvd_evidence_find(evidence, source, key);
    ck_assert_msg(item != NULL, "no observation %s %s", source, key);
    return item;
}

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
    char command[256];
    snprintf(command, sizeof(command), "rm -rf '%s'", root);
    ck_assert_int_eq(system(command), 0);
    strcpy(root, "/tmp/hvdetect-probes-XXXXXX");
}

/* Whether this kernel (or the tool running the test, such as valgrind) offers openat2; without it hvdetect
 * follows no symlink in a saved tree at all. */
static int have_openat2(void)
{
    hvd__root tree;
    ck_assert_int_eq(hvd__root_open(&tree, root), HVD_OK);
    int confined = tree.kernel_confined;
    hvd__root_close(&tree);
    return confined;
}

START_TEST(test_symlinks_stay_inside_the_root)
{
    write_file("etc/hostname", "inside\n", 7);
    make_symlink("sys/class/dmi/id/product_name", "/etc/hostname");
    make_symlink("sys/class/dmi/id/product_family", "../../../../../../../../etc/hostname");
    make_symlink("sys/class/dmi/id/sys_vendor", "sys_vendor");
    make_symlink("sys/class/dmi/id/board_name", "/dev/zero");
    hvd_evidence *evidence = collect(NULL);
    if (have_openat2()) {
        /* Absolute and upward links resolve as if the root were "/": to the tree's own etc/hostname. */
        ck_assert_str_eq(find(evidence, "dmi", "product_name")->value, "inside");
        ck_assert_str_eq(find(evidence, "dmi", "product_family")->value, "inside");
    } else {
        ck_assert_int_ne(find(evidence, "dmi", "product_name")->status, HVD_STATUS_OK);
        ck_assert_int_ne(find(evidence, "dmi", "product_family")->status, HVD_STATUS_OK);
    }
    const hvd_observation *loop = find(evidence, "dmi", "sys_vendor");
    ck_assert_int_eq(loop->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(loop->detail, "sys/class/dmi/id/sys_vendor"));
    /* root/dev/zero does not exist (and without openat2 the link is not followed at all) */
    const hvd_observation *device = hvd_evidence_find(evidence, "dmi", "board_name");
    ck_assert(device == NULL || device->status != HVD_STATUS_OK);
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_fifo_and_device_are_refused)
{
    make_parents("sys/class/dmi/id/x");
    char path[1024];
    path_in_root(path, sizeof(path), "sys/class/dmi/id/bios_vendor");
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    path_in_root(path, sizeof(path), "sys/class/dmi/id/bios_version");
    int have_device = mknod(path, S_IFCHR | 0644, makedev(1, 5)) == 0; /* /dev/zero's numbers */
    hvd_evidence *evidence = collect(NULL);
    const hvd_observation *fifo = find(evidence, "dmi", "bios_vendor");
    ck_assert_int_eq(fifo->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(fifo->detail, "FIFO"));
    if (have_device) {
        const hvd_observation *device = find(evidence, "dmi", "bios_version");
        ck_assert_int_eq(device->status, HVD_STATUS_ERROR);
        ck_assert_ptr_nonnull(strstr(device->detail, "device"));
    }
    hvd_evidence_free(evidence);
}
END_TEST

/* A FIFO in a saved tree is refused from its type alone, never opened for reading: opening it would release a
 * writer waiting on it (and a device's open can have side effects). A child waits to write; it must still be
 * waiting after the collection. */
START_TEST(test_fifo_is_never_opened)
{
    make_parents("sys/class/dmi/id/x");
    char path[1024];
    path_in_root(path, sizeof(path), "sys/class/dmi/id/bios_vendor");
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    pid_t writer = fork();
    ck_assert_int_ge(writer, 0);
    if (writer == 0) {
        int fd = open(path, O_WRONLY); /* blocks until a reader opens the FIFO */
        _exit(fd >= 0 ? 0 : 1);
    }
    usleep(100000); /* the writer is waiting in open() */
    hvd_evidence_free(collect(NULL));
    usleep(200000);
    int status = 0;
    pid_t done = waitpid(writer, &status, WNOHANG);
    int releaser = open(path, O_RDONLY | O_NONBLOCK); /* let the writer go, whatever happened */
    if (done == 0)
        waitpid(writer, &status, 0);
    if (releaser >= 0)
        close(releaser);
    ck_assert_msg(done == 0, "the collection opened the FIFO for reading");
}
END_TEST

START_TEST(test_huge_sparse_file_is_not_read)
{
    write_file("sys/class/dmi/id/product_version", "", 0);
    char path[1024];
    path_in_root(path, sizeof(path), "sys/class/dmi/id/product_version");
    ck_assert_int_eq(truncate(path, 3LL * 1024 * 1024 * 1024), 0);
    write_file("sys/class/dmi/id/sys_vendor", "QEMU\n", 5);
    hvd_evidence *evidence = collect(NULL);
    const hvd_observation *big = find(evidence, "dmi", "product_version");
    ck_assert_int_eq(big->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(big->detail, "larger than"));
    ck_assert_str_eq(find(evidence, "dmi", "sys_vendor")->value, "QEMU");
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_binary_garbage_and_odd_names)
{
    write_file("sys/class/dmi/id/sys_vendor", "\xff\x01QE\0MU\n", 8);
    write_file("sys/bus/pci/devices/0000:00:01.0\nX/vendor", "0x1af4\n", 7);
    write_file("sys/bus/pci/devices/0000:00:01.0\nX/device", "0x1041\n", 7);
    write_file("sys/bus/pci/devices/0000:00:02.0/vendor", "not hex\n", 8);
    write_file("sys/bus/pci/devices/0000:00:02.0/device", "0x1041\n", 7);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "dmi", "sys_vendor")->value, "\\xff\\x01QE\\x00MU");
    ck_assert_str_eq(find(evidence, "pci", "0000:00:01.0\\x0aX")->value, "1af4:1041");
    ck_assert_int_eq(find(evidence, "pci", "0000:00:02.0.vendor")->status, HVD_STATUS_ERROR);
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_many_pci_devices_are_capped)
{
    for (int i = 0; i < 100000; i++) {
        char relative[128];
        snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%04x:%02x:%02x.%d", i / 8192, (i / 256) % 32,
                 (i / 8) % 32, i % 8);
        make_parents(relative);
        char path[1024];
        path_in_root(path, sizeof(path), relative);
        mkdir(path, 0755);
    }
    hvd_evidence *evidence = collect(NULL);
    const hvd_observation *note = find(evidence, "pci", "sys/bus/pci/devices");
    ck_assert_int_eq(note->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(note->detail, "skipped"));
    hvd_evidence_free(evidence);
}
END_TEST

/* Each /proc/sysinfo or lparcfg field is recorded once, from its first line, as a bundle keeps one value per key
 * (a repeated "VM00 CPUs Standby" once made two observations of one key, and the saved bundle lost one); names that
 * differ only in bytes stored alike are one key. Past 512 recorded fields the rest of a file is left out with a
 * note naming it, so a hostile 64 KiB file costs no more than a real one of a few kilobytes. */
START_TEST(test_sysinfo_fields_once_and_capped)
{
    static const char sysinfo[] = "VM00 CPUs Standby:     0\nVM00 CPUs Total:       2\nVM00 CPUs Standby:     7\n"
                                  "Odd\x01Name: first\nOdd\\x01Name: second\n";
    write_file("proc/sysinfo", sysinfo, sizeof(sysinfo) - 1);
    char lparcfg[16384] = "";
    for (int i = 0; i < 600; i++)
        snprintf(lparcfg + strlen(lparcfg), sizeof(lparcfg) - strlen(lparcfg), "field_%d=%d\n", i, i);
    write_file("proc/ppc64/lparcfg", lparcfg, strlen(lparcfg));
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "platform", "proc/sysinfo.VM00 CPUs Standby")->value, "0");
    ck_assert_str_eq(find(evidence, "platform", "proc/sysinfo.Odd\\x01Name")->value, "first");
    size_t standby = 0, odd = 0, lparcfg_fields = 0;
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const char *key = hvd_evidence_at(evidence, i)->key;
        standby += strcmp(key, "proc/sysinfo.VM00 CPUs Standby") == 0;
        odd += strcmp(key, "proc/sysinfo.Odd\\x01Name") == 0;
        lparcfg_fields += strncmp(key, "proc/ppc64/lparcfg.field_", 25) == 0;
    }
    ck_assert_uint_eq(standby, 1);
    ck_assert_uint_eq(odd, 1);
    ck_assert_uint_eq(lparcfg_fields, 512);
    ck_assert_str_eq(find(evidence, "platform", "proc/ppc64/lparcfg.field_511")->value, "511");
    const hvd_observation *note = find(evidence, "platform", "proc/ppc64/lparcfg");
    ck_assert_int_eq(note->status, HVD_STATUS_ERROR);
    ck_assert_str_eq(note->detail, "more than 512 fields; the rest were skipped");
    hvd_evidence_free(evidence);
}
END_TEST

/* Collects from a tree whose only file is a /proc/cpuinfo of the given text. */
static hvd_evidence *collect_cpuinfo(const char *text, size_t length)
{
    write_file("proc/cpuinfo", text, length);
    return collect(NULL);
}

/* The cpuinfo lines the engine's rules read: the flags of evidence present (a Xen PV domain's x86-64 CPU without pse
 * and pge, as tests/machines/guests/linuxhw-lscpu-xen-pv-core2-t6400.json shows it) and, on ARM, the first
 * processor's implementer and part (tests/machines/arch/cpufetch-issue229-aarch64-apple-m3-max-vm.json), on POWER the
 * clock (tests/machines/arch/py-cpuinfo-26-ppc64-qemu-tcg-pseries.json, pasted with spaces for tabs). */
/* The container kernels' lines of /proc/self/status, each under its own key: OpenVZ's envID and Linux-VServer's
 * context id, VxID or, before VServer 2.2, s_context (tests/machines/containers/fusioninventory-openvz-envid-999.json,
 * facter-vserver-2-1-guest-s-context-40074.json). */
START_TEST(test_container_status_lines)
{
    static const char status[] = "Name:\tcat\nenvID:\t999\nVPid:\t9958\ns_context: 40074\nctxflags: 0\n";
    write_file("proc/self/status", status, sizeof(status) - 1);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/self/status.envID")->value, "999");
    ck_assert_str_eq(find(evidence, "container", "proc/self/status.s_context")->value, "40074");
    ck_assert_ptr_null(hvd_evidence_find(evidence, "container", "proc/self/status.VxID"));
    ck_assert_ptr_null(hvd_evidence_find(evidence, "container", "proc/TracerPid/comm"));
    hvd_evidence_free(evidence);
}
END_TEST

/* OpenVZ's /proc/user_beancounters: the ids of its counter blocks, one a line (a newline is stored escaped, as in
 * every value), and nothing of the header or the counters
 * (tests/machines/containers/ohai-openvz-beancounters-852638.json, cut short, a node's block of id 0 after it). */
START_TEST(test_beancounter_ids)
{
    static const char counters[] =
        "Version: 2.5\n"
        "       uid  resource                     held              maxheld              barrier\n"
        "   852638:  kmemsize                 16595303             21577728             67108864\n"
        "            lockedpages                     0                    0                   64\n"
        "        0:  kmemsize                  1234567              2345678  9223372036854775807\n"
        "            numproc                        50                   70  9223372036854775807\n";
    write_file("proc/user_beancounters", counters, sizeof(counters) - 1);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/user_beancounters.ids")->value, "852638\\x0a0");
    hvd_evidence_free(evidence);
}
END_TEST

/* Under PRoot the process tracing this one is named proot: its name is recorded, its pid is not (systemd's
 * detect_container reads the same). */
START_TEST(test_tracer_name)
{
    static const char status[] = "Name:\tsh\nState:\tS (sleeping)\nTracerPid:\t4242\nUid:\t0\t0\t0\t0\n";
    write_file("proc/self/status", status, sizeof(status) - 1);
    write_file("proc/4242/comm", "proot\n", 6);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/TracerPid/comm")->value, "proot");
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_uint_eq(hvd_result_container_count(result), 1);
    ck_assert_str_eq(hvd_result_container(result, 0), "proot");
    hvd_result_free(result);
    hvd_evidence_free(evidence);

    /* Traced by a debugger: its name is evidence of nothing, and no container is named. */
    write_file("proc/4242/comm", "gdb\n", 4);
    evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/TracerPid/comm")->value, "gdb");
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_uint_eq(hvd_result_container_count(result), 0);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_cpuinfo_fields_of_evidence)
{
    static const char x86[] = "vendor_id\t: GenuineIntel\nflags\t\t: fpu de tsc msr pae apic sep cmov pat clflush "
                              "syscall nx lm constant_tsc pni hypervisor lahf_lm\n";
    hvd_evidence *evidence = collect_cpuinfo(x86, sizeof(x86) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.hypervisor_flag")->value, "1");
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.flags.lm")->value, "1");
    ck_assert_ptr_null(hvd_evidence_find(evidence, "platform", "proc/cpuinfo.flags.pse"));
    ck_assert_ptr_null(hvd_evidence_find(evidence, "platform", "proc/cpuinfo.flags.pge"));
    hvd_evidence_free(evidence);

    static const char hvm[] = "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov lm hypervisor\n";
    evidence = collect_cpuinfo(hvm, sizeof(hvm) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.flags.pse")->value, "1");
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.flags.pge")->value, "1");
    hvd_evidence_free(evidence);

    static const char arm[] = "processor\t: 0\nCPU implementer\t: 0x61\nCPU part\t: 0x000\n\n"
                              "processor\t: 1\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n";
    evidence = collect_cpuinfo(arm, sizeof(arm) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.cpu_implementer")->value, "0x61");
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.cpu_part")->value, "0x000");
    hvd_evidence_free(evidence);

    static const char power[] = "processor   : 0\ncpu     : POWER7 (raw), altivec supported\n"
                                "clock       : 1000.000000MHz\n";
    evidence = collect_cpuinfo(power, sizeof(power) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.clock")->value, "1000.000000MHz");
    hvd_evidence_free(evidence);

    /* RISC-V: the single-letter extensions apart, so the 'h' of "_zfh" is not taken for the hypervisor extension
     * (tests/machines/arch/tjeznach-riscv64-qemu-tcg-virt-aia-8.0.json). */
    static const char riscv[] = "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdch_zicbom_zihintpause\n";
    evidence = collect_cpuinfo(riscv, sizeof(riscv) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.isa")->value, "rv64imafdch_zicbom_zihintpause");
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.isa_letters")->value, "imafdch");
    hvd_evidence_free(evidence);
    static const char half_float[] = "processor\t: 0\nisa\t\t: rv64imafdc_zfh\n";
    evidence = collect_cpuinfo(half_float, sizeof(half_float) - 1);
    ck_assert_str_eq(find(evidence, "platform", "proc/cpuinfo.isa_letters")->value, "imafdc");
    hvd_evidence_free(evidence);
    static const char not_an_isa[] = "processor\t: 0\nisa\t\t: unknown\n";
    evidence = collect_cpuinfo(not_an_isa, sizeof(not_an_isa) - 1);
    ck_assert_ptr_null(hvd_evidence_find(evidence, "platform", "proc/cpuinfo.isa_letters"));
    hvd_evidence_free(evidence);
}
END_TEST

/* A configfs-tsm report entry that exists is read for its provider only: reading its outblob would ask the guest
 * driver for an attestation report (Linux Documentation/ABI/testing/configfs-tsm). */
START_TEST(test_tsm_report_provider_only)
{
    write_file("sys/kernel/config/tsm/report/r0/provider", "tdx_guest\n", 10);
    write_file("sys/kernel/config/tsm/report/r0/outblob", "QUOTE", 5);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "platform", "sys/kernel/config/tsm/report/r0/provider")->value, "tdx_guest");
    ck_assert_str_eq(find(evidence, "platform", "sys/kernel/config/tsm/report")->value, "present");
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++)
        ck_assert_ptr_null(strstr(hvd_evidence_at(evidence, i)->key, "outblob"));
    hvd_evidence_free(evidence);
}
END_TEST

/* PID 1's container= is recorded once, from its first entry, the one getenv() finds: an environment that repeats
 * it once made two observations of one key, and the saved bundle lost one. */
START_TEST(test_environ_container_once)
{
    static const char environ_text[] = "TERM=xterm\0container=podman\0HOME=/\0container=lxc\0";
    write_file("proc/1/environ", environ_text, sizeof(environ_text) - 1);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/1/environ.container")->value, "podman");
    size_t count = 0;
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++)
        count += strcmp(hvd_evidence_at(evidence, i)->key, "proc/1/environ.container") == 0;
    ck_assert_uint_eq(count, 1);
    hvd_evidence_free(evidence);
}
END_TEST

/* Unreadable files and directories are reported as denied, not as absent and not as errors. Root reads
 * everything, so the collection runs in a child that has given up root. */
START_TEST(test_unreadable_files_are_denied)
{
    write_file("sys/class/dmi/id/product_serial", "secret\n", 7);
    write_file("sys/class/dmi/id/sys_vendor", "QEMU\n", 5);
    write_file("sys/bus/pci/devices/0000:00:01.0/vendor", "0x1af4\n", 7);
    char path[1024];
    path_in_root(path, sizeof(path), "sys/class/dmi/id/product_serial");
    ck_assert_int_eq(chmod(path, 0400), 0);
    path_in_root(path, sizeof(path), "sys/bus/pci/devices");
    ck_assert_int_eq(chmod(path, 0311), 0);
    char command[256];
    snprintf(command, sizeof(command), "chmod -R o+x '%s' && chmod o+rx '%s'", root, root);
    ck_assert_int_eq(system(command), 0);
    if (geteuid() == 0) {
        pid_t child = fork();
        ck_assert_int_ge(child, 0);
        if (child == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(2);
            hvd_evidence *evidence = collect(NULL);
            const hvd_observation *serial = hvd_evidence_find(evidence, "dmi", "product_serial");
            const hvd_observation *vendor = hvd_evidence_find(evidence, "dmi", "sys_vendor");
            const hvd_observation *pci = hvd_evidence_find(evidence, "pci", "sys/bus/pci/devices");
            int ok = serial && serial->status == HVD_STATUS_DENIED && vendor && vendor->status == HVD_STATUS_OK &&
                     pci && pci->status == HVD_STATUS_DENIED;
            hvd_evidence_free(evidence);
            _exit(ok ? 0 : 1);
        }
        int status = 0;
        waitpid(child, &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "denied files were not reported as denied");
    }
    path_in_root(path, sizeof(path), "sys/bus/pci/devices");
    chmod(path, 0755);
}
END_TEST

START_TEST(test_truncated_smbios_table_is_named)
{
    /* A valid 3.0 entry point announcing a 64-byte table, and a table cut inside its first structure. */
    unsigned char entry[24] = {'_', 'S', 'M', '3', '_', 0, 24, 3, 0, 0, 1, 0, 64, 0, 0, 0};
    unsigned sum = 0;
    for (size_t i = 0; i < sizeof(entry); i++)
        sum += entry[i];
    entry[5] = (unsigned char)(256 - (sum & 0xFF));
    write_file("sys/firmware/dmi/tables/smbios_entry_point", (const char *)entry, sizeof(entry));
    write_file("sys/firmware/dmi/tables/DMI", "\x01\x1b\x01\x00\x01", 5);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "smbios", "version")->value, "3.0");
    const hvd_observation *table = find(evidence, "smbios", "table");
    ck_assert_int_eq(table->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(table->detail, "sys/firmware/dmi/tables/DMI"));
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_malformed_cpuid_dump_names_file_and_line)
{
    char dump[1024];
    path_in_root(dump, sizeof(dump), "cpuid.txt");
    static const char text[] =
        "CPU:\n   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n"
        "   0x40000000 0x00: eax=0x40000001 ebx=garbage\n"
        "   0x00000001 0x00: eax=0x000906ea ebx=0x00000800 ecx=0x80000000 edx=0x0f8bfbff\n";
    write_file("cpuid.txt", text, sizeof(text) - 1);
    write_file("sys/class/dmi/id/sys_vendor", "QEMU\n", 5);
    hvd_evidence *evidence = collect(dump);
    const hvd_observation *problem = find(evidence, "cpuid", "dump");
    ck_assert_int_eq(problem->status, HVD_STATUS_ERROR);
    ck_assert_ptr_nonnull(strstr(problem->detail, "cpuid.txt: line 3"));
    ck_assert_str_eq(find(evidence, "cpuid", "hypervisor_bit")->value, "1");
    ck_assert_str_eq(find(evidence, "cpuid", "vendor")->value, "GenuineIntel");
    ck_assert_str_eq(find(evidence, "dmi", "sys_vendor")->value, "QEMU");
    hvd_evidence_free(evidence);
}
END_TEST

/* Where the kernel lacks openat2, no symlink anywhere in a path is followed: root/proc -> /proc must not reach
 * the live /proc/cpuinfo. */
START_TEST(test_fallback_without_openat2_follows_no_symlink)
{
    make_symlink("proc", "/proc");
    write_file("sys/class/dmi/id/sys_vendor", "QEMU\n", 5);
    make_symlink("sys/class/dmi/id/product_name", "sys_vendor");
    hvd__root tree;
    ck_assert_int_eq(hvd__root_open(&tree, root), HVD_OK);
    tree.kernel_confined = 0; /* as on a kernel without openat2 */
    hvd__file file;
    char reason[256];
    ck_assert_int_ne(hvd__root_read(&tree, "proc/cpuinfo", 65536, 0, &file, reason, sizeof(reason)), HVD__READ_OK);
    ck_assert_int_ne(hvd__root_read(&tree, "sys/class/dmi/id/product_name", 4096, 0, &file, reason, sizeof(reason)),
                     HVD__READ_OK);
    ck_assert_int_ne(hvd__root_read(&tree, "sys/../../etc/hostname", 4096, 0, &file, reason, sizeof(reason)),
                     HVD__READ_OK);
    /* ".." never climbs out of the root, even to a file that exists beside it. */
    char outside[1024], escape[1024];
    snprintf(outside, sizeof(outside), "%s.outside", root);
    FILE *beside = fopen(outside, "w");
    ck_assert_ptr_nonnull(beside);
    fputs("outside\n", beside);
    fclose(beside);
    snprintf(escape, sizeof(escape), "sys/../../%s.outside", strrchr(root, '/') + 1);
    hvd__read_status escaped = hvd__root_read(&tree, escape, 4096, 0, &file, reason, sizeof(reason));
    if (escaped == HVD__READ_OK)
        hvd__file_free(&file);
    unlink(outside);
    ck_assert_int_ne(escaped, HVD__READ_OK);
    ck_assert_int_eq(hvd__root_read(&tree, "sys/class/dmi/id/sys_vendor", 4096, 0, &file, reason, sizeof(reason)),
                     HVD__READ_OK);
    ck_assert_str_eq(file.data, "QEMU\n");
    hvd__file_free(&file);
    hvd__root_close(&tree);
}
END_TEST

/* proc(5)'s mountinfo: "id parent major:minor root mount-point options [optional fields] - type source options";
 * lines from tests/machines/containers/elastic-apm-docker-cgroupv2-ubuntu.json (a Docker container on cgroup v2),
 * one without the separator, one that mounts over /etc/hostname (the later mount is the visible one). PID 1's
 * environment keeps container='s value and only the presence of KUBERNETES_SERVICE_HOST. */
START_TEST(test_container_mounts_and_environment)
{
    static const char mountinfo[] =
        "3984 3905 0:73 / / rw,relatime shared:1863 master:1733 - overlay overlay rw,lowerdir=/var/lib/docker/x\n"
        "3989 3988 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:1871 - cgroup2 cgroup rw\n"
        "3996 3984 253:1 /var/lib/docker/containers/6548/resolv.conf /etc/resolv.conf rw,relatime shared:1876 - "
        "ext4 /dev/mapper/vgubuntu-root rw,errors=remount-ro\n"
        "3997 3984 253:1 /var/lib/docker/containers/6548/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n"
        "3999 3984 0:99 / /etc/hosts rw,relatime no-separator-here\n"
        "4000 3984 0:83 /x/hostname /etc/hostname rw - tmpfs tmpfs rw\n"
        "4001 3984 0:84";
    write_file("proc/self/mountinfo", mountinfo, sizeof(mountinfo) - 1);
    static const char environ[] = "PATH=/bin\0KUBERNETES_SERVICE_HOST=172.30.0.1\0container=crio\0";
    write_file("proc/1/environ", environ, sizeof(environ) - 1);
    hvd_evidence *evidence = collect(NULL);
    ck_assert_str_eq(find(evidence, "container", "proc/self/mountinfo./etc/resolv.conf")->value,
                     "/var/lib/docker/containers/6548/resolv.conf ext4 /dev/mapper/vgubuntu-root");
    ck_assert_str_eq(find(evidence, "container", "proc/self/mountinfo./etc/hostname")->value, "/x/hostname tmpfs tmpfs");
    ck_assert_ptr_null(hvd_evidence_find(evidence, "container", "proc/self/mountinfo./etc/hosts"));
    ck_assert_ptr_null(hvd_evidence_find(evidence, "container", "proc/self/mountinfo./"));
    ck_assert_str_eq(find(evidence, "container", "proc/1/environ.container")->value, "crio");
    ck_assert_str_eq(find(evidence, "container", "proc/1/environ.KUBERNETES_SERVICE_HOST")->value, "present");
    hvd_evidence_free(evidence);
}
END_TEST

/* The container sources whose content is kept only in part are recorded as read, so that finding nothing in them
 * is an answer; a tree without /proc records none of them, and hvdetect cannot tell whether it is a container. */
START_TEST(test_container_sources_read_or_not)
{
    write_file("sys/class/dmi/id/sys_vendor", "QEMU\n", 5);
    hvd_evidence *evidence = collect(NULL);
    static const char *const sources[] = {"proc/1/cgroup", "proc/self/cgroup", "proc/1/environ",
                                          "proc/self/mountinfo", "proc/self/status"};
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
        ck_assert_msg(hvd_evidence_find(evidence, "container", sources[i]) == NULL, "%s recorded", sources[i]);
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_containers_known(result), 0);
    hvd_result_free(result);
    hvd_evidence_free(evidence);

    /* A process's status on a host: no VxID or envID line (proc(5)). */
    static const char status[] = "Name:\tcat\nState:\tR (running)\nPid:\t4242\n";
    write_file("proc/self/status", status, sizeof(status) - 1);
    static const char environ[] = "HOME=/\0TERM=linux\0";
    write_file("proc/1/environ", environ, sizeof(environ) - 1);
    write_file("proc/self/mountinfo", "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n", 45);
    evidence = collect(NULL);
    for (size_t i = 2; i < sizeof(sources) / sizeof(sources[0]); i++)
        ck_assert_str_eq(find(evidence, "container", sources[i])->value, "read");
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_containers_known(result), 1);
    ck_assert_uint_eq(hvd_result_container_count(result), 0);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_root_must_be_a_directory)
{
    hvd_collect_options options = HVD_COLLECT_OPTIONS_INIT;
    options.root = "/nonexistent/root";
    hvd_evidence *evidence = (hvd_evidence *)1;
    ck_assert_int_ne(hvd_collect(&evidence, &options), HVD_OK);
    ck_assert_ptr_null(evidence);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "/nonexistent/root"));
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("probes");
    TCase *tc = tcase_create("hostile trees");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_symlinks_stay_inside_the_root);
    tcase_add_test(tc, test_fifo_and_device_are_refused);
    tcase_add_test(tc, test_fifo_is_never_opened);
    tcase_add_test(tc, test_huge_sparse_file_is_not_read);
    tcase_add_test(tc, test_binary_garbage_and_odd_names);
    tcase_add_test(tc, test_sysinfo_fields_once_and_capped);
    tcase_add_test(tc, test_environ_container_once);
    tcase_add_test(tc, test_cpuinfo_fields_of_evidence);
    tcase_add_test(tc, test_container_status_lines);
    tcase_add_test(tc, test_beancounter_ids);
    tcase_add_test(tc, test_tracer_name);
    tcase_add_test(tc, test_tsm_report_provider_only);
    tcase_add_test(tc, test_unreadable_files_are_denied);
    tcase_add_test(tc, test_truncated_smbios_table_is_named);
    tcase_add_test(tc, test_malformed_cpuid_dump_names_file_and_line);
    tcase_add_test(tc, test_fallback_without_openat2_follows_no_symlink);
    tcase_add_test(tc, test_root_must_be_a_directory);
    tcase_add_test(tc, test_container_mounts_and_environment);
    tcase_add_test(tc, test_container_sources_read_or_not);
    suite_add_tcase(suite, tc);
    /* A case of its own, so that a quick run can leave it out (CK_RUN_CASE="hostile trees", as the mutation check
     * does): 100,000 directories take seconds on an idle machine and minutes on a busy one. */
    TCase *many = tcase_create("many entries");
    tcase_add_checked_fixture(many, setup, teardown);
    tcase_set_timeout(many, 600);
    tcase_add_test(many, test_many_pci_devices_are_capped);
    suite_add_tcase(suite, many);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
