/* SPDX-License-Identifier: MIT */
/* The CPUID probe: the CPU vendor and brand, the hypervisor-present bit, and every hypervisor base from 0x40000000
 * to 0x4000FF00 with its signature and raw leaves. Live values come from the CPU (executed through libcpuid where it is
 * packaged, through the compiler's intrinsic on Windows: probes/cpuid_live.h); replayed values come from a
 * `cpuid -r -1` dump. Both go through the same reader, so a dump is decoded exactly like the live CPU. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(HVD_HAVE_LIBCPUID)
#include <libcpuid/libcpuid.h>
#include <pthread.h>
#endif

#include "parse/cpuid_dump.h"
#include "probes/cpuid_live.h"
#include "probes/probe.h"
#include "util/error.h"
#include "util/text.h"

enum {
    HYPERVISOR_RANGE_FIRST = 0x40000000u,
    HYPERVISOR_RANGE_LAST = 0x4000FF00u,
    HYPERVISOR_BASE_STEP = 0x100u,
    /* Leaves recorded per base: Hyper-V's TLFS defines 0x40000000..0x4000000B plus a few more; 0x40 is ample. */
    LEAVES_PER_BASE_MAX = 0x40u,
    DUMP_FILE_MAX = 1024 * 1024,
};

typedef struct cpuid_reader {
    /* Fills regs (EAX, EBX, ECX, EDX) for leaf/subleaf; returns 0 when the value is unknown (regs zeroed). */
    int (*read)(const struct cpuid_reader *reader, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
    const hvd__cpuid_table *dump;
} cpuid_reader;

static int read_dump(const cpuid_reader *reader, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    if (hvd__cpuid_table_get(reader->dump, leaf, subleaf, regs))
        return 1;
    memset(regs, 0, 4 * sizeof(regs[0]));
    return 0;
}

static int read_live(const cpuid_reader *reader, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    (void)reader;
    hvd__cpuid_live(leaf, subleaf, regs);
    return 1;
}

static void format_registers(const uint32_t regs[4], char *out, size_t size)
{
    snprintf(out, size, "eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x", regs[0], regs[1], regs[2], regs[3]);
}

static void record_leaf(hvd__probe_context *context, uint32_t leaf, const uint32_t regs[4])
{
    char part[16], value[96];
    snprintf(part, sizeof(part), "0x%08x", leaf);
    format_registers(regs, value, sizeof(value));
    hvd__probe_record_key(context, HVD__K_CPUID_LEAF, part, value, HVD_STATUS_OK, NULL);
}

static void record_base_fact(hvd__probe_context *context, uint32_t base, hvd__key_id id, const char *value)
{
    char part[16];
    snprintf(part, sizeof(part), "0x%08x", base);
    hvd__probe_record_key(context, id, part, value, HVD_STATUS_OK, NULL);
}

/* base+1 EAX is an interface signature ("Hv#1") only for hypervisors that define one; KVM puts feature bits there. */
static int is_printable_ascii(uint32_t value)
{
    for (int b = 0; b < 4; b++) {
        unsigned c = (value >> (8 * b)) & 0xFFu;
        if (c < 0x20 || c > 0x7E)
            return 0;
    }
    return 1;
}

/* A base is present when its max leaf lies inside its own 0x100 range (an Intel-vendor KVM guest echoes the
 * highest basic leaf for undefined leaves, an AMD one returns zeros; neither is a base) and it has a signature. */
static void scan_base(hvd__probe_context *context, const cpuid_reader *reader, uint32_t base)
{
    uint32_t regs[4];
    reader->read(reader, base, 0, regs);
    uint32_t max = regs[0];
    if (max < base || max > base + 0xFFu)
        return;
    uint32_t signature_registers[3] = {regs[1], regs[2], regs[3]};
    char signature[64];
    hvd__text_cpuid_signature(signature_registers, signature);
    if (signature[0] == '\0')
        return;
    char text[64];
    snprintf(text, sizeof(text), "0x%08x", max);
    record_base_fact(context, base, HVD__K_CPUID_BASE_SIGNATURE, signature);
    record_base_fact(context, base, HVD__K_CPUID_BASE_MAX, text);
    uint32_t last = max < base + LEAVES_PER_BASE_MAX - 1 ? max : base + LEAVES_PER_BASE_MAX - 1;
    for (uint32_t leaf = base; leaf <= last; leaf++) {
        if (leaf != base) /* the base leaf's registers are those read above */
            reader->read(reader, leaf, 0, regs);
        record_leaf(context, leaf, regs);
        if (leaf == base + 1 && is_printable_ascii(regs[0])) {
            uint32_t interface_registers[3] = {regs[0], 0, 0};
            hvd__text_cpuid_signature(interface_registers, text);
            record_base_fact(context, base, HVD__K_CPUID_BASE_INTERFACE, text);
        }
    }
}

/* The leaves below the hypervisor range that hvdetect reads, each read once and none past its range's maximum: past
 * the maximum a CPU returns another leaf's registers, never its own (an Intel CPU the highest basic leaf's). */
typedef struct standard_leaves {
    int have_basic;               /* leaf 0 is known: basic[0][0] is the highest basic leaf */
    int have_extended;            /* leaf 0x80000000 is known and reports extended leaves */
    uint32_t basic[2][4];         /* leaves 0 and 1 */
    uint32_t extended[5][4];      /* leaves 0x80000000..0x80000004: the highest extended leaf, the brand string */
} standard_leaves;

enum {
    EXTENDED_RANGE_FIRST = 0x80000000u,
    /* The brand string is in leaves 0x80000002..0x80000004 (Intel SDM vol. 2A, CPUID; AMD APM vol. 3, E.4.3). */
    BRAND_LEAF_LAST = 0x80000004u,
};

/* A dump may lack a leaf: that is "not recorded", never a leaf of zeros (which would read as "no hypervisor"). */
static int read_or_note(hvd__probe_context *context, const cpuid_reader *reader, uint32_t leaf, uint32_t regs[4],
                        hvd__key_id key)
{
    if (reader->read(reader, leaf, 0, regs))
        return 1;
    char detail[64];
    snprintf(detail, sizeof(detail), "leaf 0x%08x is not in the dump", leaf);
    hvd__probe_record_key(context, key, NULL, NULL, HVD_STATUS_ABSENT, detail);
    return 0;
}

static void read_extended_leaves(const cpuid_reader *reader, standard_leaves *leaves)
{
    uint32_t *max = leaves->extended[0];
    if (!reader->read(reader, EXTENDED_RANGE_FIRST, 0, max) || max[0] < EXTENDED_RANGE_FIRST ||
        max[0] > EXTENDED_RANGE_FIRST + 0xFFFFu)
        return;
    leaves->have_extended = 1;
    /* libcpuid reads only the brand string from these, and only when all three leaves exist. */
    if (max[0] >= BRAND_LEAF_LAST)
        for (uint32_t leaf = EXTENDED_RANGE_FIRST + 2; leaf <= BRAND_LEAF_LAST; leaf++)
            reader->read(reader, leaf, 0, leaves->extended[leaf - EXTENDED_RANGE_FIRST]);
}

static void record_standard_leaves(hvd__probe_context *context, const cpuid_reader *reader, standard_leaves *leaves)
{
    memset(leaves, 0, sizeof(*leaves));
    read_extended_leaves(reader, leaves);
    uint32_t *regs = leaves->basic[0];
    if (!read_or_note(context, reader, 0, regs, HVD__K_CPUID_VENDOR))
        return;
    leaves->have_basic = 1;
    record_leaf(context, 0, regs);
    /* Leaf 0 spells the vendor in EBX, EDX, ECX order. */
    uint32_t vendor_registers[3] = {regs[1], regs[3], regs[2]};
    char vendor[64];
    hvd__text_cpuid_signature(vendor_registers, vendor);
    hvd__probe_record_key(context, HVD__K_CPUID_VENDOR, NULL, vendor, HVD_STATUS_OK, NULL);
    if (regs[0] < 1) {
        hvd__probe_record_key(context, HVD__K_CPUID_HYPERVISOR_BIT, NULL, NULL, HVD_STATUS_ABSENT,
                              "leaf 0x00000001 is past the CPU's highest basic leaf");
        return;
    }
    regs = leaves->basic[1];
    if (!read_or_note(context, reader, 1, regs, HVD__K_CPUID_HYPERVISOR_BIT))
        return;
    record_leaf(context, 1, regs);
    hvd__probe_record_key(context, HVD__K_CPUID_HYPERVISOR_BIT, NULL, (regs[2] >> 31) & 1u ? "1" : "0",
                          HVD_STATUS_OK, "CPUID.1:ECX[31]");
}

enum {
    /* Intel TDX: leaf 0x21 subleaf 0 reads "IntelTDX    " (EBX, EDX, ECX) inside a trust domain (Linux
     * arch/x86/include/asm/shared/tdx.h TDX_CPUID_LEAF_ID and TDX_IDENT; arch/x86/coco/tdx/tdx.c). */
    TDX_LEAF = 0x21u,
    /* AMD: Encrypted Memory Capabilities, EAX bit 1 SEV, 3 SEV-ES, 4 SEV-SNP (AMD64 Architecture Programmer's
     * Manual vol. 3, E.4.17); under QEMU a guest sees the bits of the mode it was launched in only (QEMU
     * target/i386/cpu.c, cpu_x86_cpuid case 0x8000001F). */
    AMD_ENCRYPTED_MEMORY_LEAF = 0x8000001Fu,
};

/* The confidential-computing leaves, where the CPU's highest basic and extended leaves reach them. */
static void record_confidential_leaves(hvd__probe_context *context, const cpuid_reader *reader,
                                       const standard_leaves *leaves)
{
    uint32_t regs[4];
    uint32_t basic_max = leaves->basic[0][0];
    if (leaves->have_basic && basic_max >= TDX_LEAF && basic_max < 0x10000u && reader->read(reader, TDX_LEAF, 0, regs)) {
        record_leaf(context, TDX_LEAF, regs);
        uint32_t signature_registers[3] = {regs[1], regs[3], regs[2]};
        char signature[64];
        hvd__text_cpuid_signature(signature_registers, signature);
        if (signature[0])
            hvd__probe_record_key(context, HVD__K_CPUID_TDX_SIGNATURE, NULL, signature, HVD_STATUS_OK, NULL);
    }
    if (leaves->have_extended && leaves->extended[0][0] >= AMD_ENCRYPTED_MEMORY_LEAF &&
        reader->read(reader, AMD_ENCRYPTED_MEMORY_LEAF, 0, regs))
        record_leaf(context, AMD_ENCRYPTED_MEMORY_LEAF, regs);
}

#if defined(HVD_HAVE_LIBCPUID)
static const char *const libcpuid_hypervisor_names[NUM_HYPERVISOR_VENDORS] = {
    [HYPERVISOR_NONE] = "none",       [HYPERVISOR_BHYVE] = "bhyve",   [HYPERVISOR_HYPERV] = "hyperv",
    [HYPERVISOR_KVM] = "kvm",         [HYPERVISOR_PARALLELS] = "parallels", [HYPERVISOR_QEMU] = "qemu",
    [HYPERVISOR_VIRTUALBOX] = "virtualbox", [HYPERVISOR_VMWARE] = "vmware", [HYPERVISOR_XEN] = "xen",
};

static pthread_mutex_t libcpuid_lock = PTHREAD_MUTEX_INITIALIZER;

static void silence_libcpuid(const char *message)
{
    (void)message;
}

/* The brand string, and (live only: the call executes CPUID itself) libcpuid's own opinion of the hypervisor,
 * recorded as one more observation beside hvdetect's own scan. */
static void record_libcpuid_view(hvd__probe_context *context, const standard_leaves *leaves, int live)
{
    /* libcpuid is given only the leaves hvdetect reads anyway, not the fixed 32 basic and 32 extended leaves of its
     * cpuid_get_raw_data (most of them past a CPU's maxima, or unused here): the vendor (leaf 0), the hypervisor bit
     * (leaf 1) and the brand string (0x80000000, 0x80000002..4) are all that hvdetect asks of it.
     * cpu_identify executes no CPUID when given raw data; the rest of it stays zero, as in a dump lacking leaves. */
    struct cpu_raw_data_t raw;
    memset(&raw, 0, sizeof(raw));
    memcpy(raw.basic_cpuid, leaves->basic, sizeof(leaves->basic));
    memcpy(raw.ext_cpuid, leaves->extended, sizeof(leaves->extended));
    /* libcpuid keeps process-wide state (its warning hook, its last error), so every call into it is made under one
     * lock: collections in several threads take turns here instead of racing. It prints warnings (unknown CPU
     * models) through the hook, and this library never prints: the hook is silenced for the call and the one found
     * (libcpuid's default or the application's) put back, within the lock, so that concurrent collections cannot
     * hand each other's silent hook back in place of the application's. */
    struct cpu_id_t identity;
    pthread_mutex_lock(&libcpuid_lock);
    libcpuid_warn_fn_t previous = cpuid_set_warn_function(silence_libcpuid);
    int identified = cpu_identify(&raw, &identity) == 0;
    cpuid_set_warn_function(previous);
    hypervisor_vendor_t hypervisor = live && identified ? cpuid_get_hypervisor(&raw, &identity) : HYPERVISOR_NONE;
    pthread_mutex_unlock(&libcpuid_lock);
    if (identified && identity.brand_str[0])
        hvd__probe_record_key(context, HVD__K_CPUID_BRAND, NULL, identity.brand_str, HVD_STATUS_OK, NULL);
    if (!live || !identified)
        return;
    const char *name = (int)hypervisor >= 0 && hypervisor < NUM_HYPERVISOR_VENDORS
                           ? libcpuid_hypervisor_names[hypervisor] : NULL;
    hvd__probe_record_key(context, HVD__K_CPUID_LIBCPUID_HYPERVISOR, NULL, name ? name : "unknown", HVD_STATUS_OK,
                          cpuid_lib_version());
}
#endif

static void scan(hvd__probe_context *context, const cpuid_reader *reader, int live)
{
    standard_leaves leaves;
    record_standard_leaves(context, reader, &leaves);
    record_confidential_leaves(context, reader, &leaves);
#if defined(HVD_HAVE_LIBCPUID)
    record_libcpuid_view(context, &leaves, live);
#else
    /* Without libcpuid (the Windows build) there is no brand string and no second opinion: the evidence says so. */
    if (live)
        hvd__probe_record_key(context, HVD__K_CPUID_LIBCPUID_HYPERVISOR, NULL, NULL, HVD_STATUS_UNAVAILABLE,
                              "libcpuid is not part of this build; CPUID executed with the compiler's intrinsic");
#endif
    for (uint32_t base = HYPERVISOR_RANGE_FIRST; base <= HYPERVISOR_RANGE_LAST; base += HYPERVISOR_BASE_STEP)
        scan_base(context, reader, base);
}

int hvd__probe_cpuid_read_dump(hvd__probe_context *context)
{
    return hvd__read_user_file(context->cpuid_dump, DUMP_FILE_MAX, &context->cpuid_dump_file);
}

static void probe_dump(hvd__probe_context *context)
{
    const hvd__file *file = &context->cpuid_dump_file;
    hvd__cpuid_table table;
    memset(&table, 0, sizeof(table));
    hvd__problem_sink problems = {context, hvd__key_source(HVD__K_CPUID_DUMP), hvd__key(HVD__K_CPUID_DUMP),
                                  context->cpuid_dump, 0};
    int leaves = hvd__cpuid_dump_parse(file->data, file->length, &table, hvd__probe_report_problem, &problems);
    if (leaves < 0)
        context->out_of_memory = 1;
    else if (leaves == 0)
        hvd__probe_report_problem(&problems, "no CPUID leaves found (expected the output of `cpuid -r -1`)");
    else {
        cpuid_reader reader = {read_dump, &table};
        scan(context, &reader, 0);
    }
    hvd__probe_finish_problems(&problems);
    hvd__cpuid_table_clear(&table);
}

void hvd__probe_cpuid(hvd__probe_context *context)
{
    if (context->cpuid_dump) {
        probe_dump(context);
        return;
    }
    if (!context->live) {
        hvd__probe_record_key(context, HVD__K_CPUID_NOT_READ, NULL, NULL, HVD_STATUS_UNAVAILABLE,
                              "reading a saved root: CPUID comes only from --cpuid-dump, never from this machine");
        return;
    }
    const char *why_not = "";
    if (!hvd__cpuid_live_present(&why_not)) {
        hvd__probe_record_key(context, HVD__K_CPUID_NOT_READ, NULL, NULL, HVD_STATUS_ABSENT, why_not);
        return;
    }
    hvd_evidence_set_meta(context->evidence, "cpuid_reader", hvd__cpuid_live_reader());
    cpuid_reader reader = {read_live, NULL};
    scan(context, &reader, 1);
}
