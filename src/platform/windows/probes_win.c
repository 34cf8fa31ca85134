/* SPDX-License-Identifier: MIT */
/* The live Windows machine's evidence, recorded with the same sources and keys as on Linux so that the engine,
 * the policy and the reports see no difference:
 *   smbios, dmi  GetSystemFirmwareTable('RSMB'): a RawSMBIOSData header and the raw structure table, decoded by the
 *                same parser as Linux's /sys/firmware/dmi/tables (no privilege needed on Windows);
 *   acpi         EnumSystemFirmwareTables/GetSystemFirmwareTable('ACPI'): each table's header;
 *   pci          SetupAPI's PCI devices, keyed by device instance id, from their hardware and compatible ids;
 *   net          GetAdaptersAddresses: each adapter's MAC prefix, keyed by its name;
 *   windows      facts only Windows has: version, build and edition, the Hyper-V data exchange parameters, and the
 *                services and registry keys of hypervisor guest tools (weaker evidence: anyone can install them).
 * CPUID is the shared probe (probes/cpuid.c). Nothing here needs administrator rights. */

#include <winsock2.h>
#include <windows.h>
#include <iphlpapi.h>
#include <setupapi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvdetect/collect.h"
#include "hvdetect/errors.h"
#include "parse/pci_id.h"
#include "parse/smbios.h"
#include "platform/windows/wide.h"
#include "probes/guest_tools.h"
#include "probes/probe.h"

enum {
    PROVIDER_ACPI = 0x41435049, /* 'ACPI' */
    PROVIDER_RSMB = 0x52534D42, /* 'RSMB' */
    FIRMWARE_TABLE_MAX = 4 * 1024 * 1024,
    ACPI_TABLES_MAX = 1024,
    PCI_DEVICES_MAX = 4096,
    INTERFACES_MAX = 1024,
    PROPERTY_BYTES_MAX = 8192,
    REGISTRY_VALUE_MAX = 1024,
};

static hvd_status status_from_error(DWORD error)
{
    switch (error) {
    case ERROR_ACCESS_DENIED:
        return HVD_STATUS_DENIED;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_NOT_FOUND:
        return HVD_STATUS_ABSENT;
    default:
        return HVD_STATUS_ERROR;
    }
}

static void record_failure(hvd__probe_context *context, const char *source, const char *key, const char *what,
                           DWORD error)
{
    char text[96], detail[256];
    if (error == ERROR_SUCCESS) {
        /* Failed without saying why: Wine, for one, does not implement the ACPI firmware table provider. */
        snprintf(detail, sizeof(detail), "%s: returned nothing (not provided by this system)", what);
        hvd__probe_record(context, source, key, NULL, HVD_STATUS_UNAVAILABLE, detail);
        return;
    }
    snprintf(detail, sizeof(detail), "%s: %s", what, hvd__windows_error_text(error, text, sizeof(text)));
    hvd__probe_record(context, source, key, NULL, status_from_error(error), detail);
}

/* One firmware table, whole; NULL with *error set when it cannot be read. */
static unsigned char *firmware_table(DWORD provider, DWORD id, size_t *length, DWORD *error)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        UINT size = GetSystemFirmwareTable(provider, id, NULL, 0);
        if (size == 0) {
            *error = GetLastError();
            return NULL;
        }
        if (size > FIRMWARE_TABLE_MAX) {
            *error = ERROR_INSUFFICIENT_BUFFER;
            return NULL;
        }
        unsigned char *data = malloc(size);
        if (!data) {
            *error = ERROR_NOT_ENOUGH_MEMORY;
            return NULL;
        }
        UINT got = GetSystemFirmwareTable(provider, id, data, size);
        if (got > 0 && got <= size) {
            *length = got;
            return data;
        }
        *error = got == 0 ? GetLastError() : ERROR_INSUFFICIENT_BUFFER;
        free(data);
        if (got == 0)
            return NULL;
        /* the table grew between the calls: ask again */
    }
    return NULL;
}

/* ---- SMBIOS ---- */

static const char RSMB_WHERE[] = "GetSystemFirmwareTable('RSMB')";

static void probe_smbios(hvd__probe_context *context)
{
    size_t length = 0;
    DWORD error = 0;
    unsigned char *data = firmware_table(PROVIDER_RSMB, 0, &length, &error);
    if (!data) {
        record_failure(context, hvd__key_source(HVD__K_SMBIOS_TABLE), hvd__key(HVD__K_SMBIOS_TABLE), RSMB_WHERE, error);
        return;
    }
    hvd__smbios_entry_point entry_point;
    size_t offset = 0, table_length = 0;
    char problem[256];
    int rc = hvd__smbios_parse_raw_header(data, length, &entry_point, &offset, &table_length, problem,
                                          sizeof(problem));
    if (rc < 0) {
        char detail[400];
        snprintf(detail, sizeof(detail), "%s: %s", RSMB_WHERE, problem);
        hvd__probe_record_key(context, HVD__K_SMBIOS_ENTRY_POINT, NULL, NULL, HVD_STATUS_ERROR, detail);
        free(data);
        return;
    }
    /* No kernel decodes the table into DMI fields here: the table's own fields are those fields, recorded before
     * the SMBIOS ones as sysfs's are on Linux, so that each source's observations stay together. */
    hvd__probe_smbios_table_as_dmi(context, data + offset, table_length, &entry_point,
                                   "from the SMBIOS table (GetSystemFirmwareTable('RSMB'))");
    char version[32];
    snprintf(version, sizeof(version), "%u.%u", entry_point.major, entry_point.minor);
    hvd__probe_record_key(context, HVD__K_SMBIOS_VERSION, NULL, version, HVD_STATUS_OK,
                      "from the RawSMBIOSData header of GetSystemFirmwareTable('RSMB')");
    if (rc > 0) {
        char detail[400];
        snprintf(detail, sizeof(detail), "%s: %s", RSMB_WHERE, problem);
        hvd__probe_record_key(context, HVD__K_SMBIOS_TABLE, NULL, NULL, HVD_STATUS_ERROR, detail);
    }
    hvd__probe_smbios_table(context, data + offset, table_length, &entry_point, RSMB_WHERE);
    free(data);
}

/* ---- ACPI ---- */

static void signature_text(DWORD id, char out[5])
{
    memcpy(out, &id, 4); /* the table id holds the signature's bytes in order */
    out[4] = '\0';
    for (int i = 0; i < 4; i++)
        if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7E)
            out[i] = '?';
}

static void probe_acpi(hvd__probe_context *context)
{
    UINT size = EnumSystemFirmwareTables(PROVIDER_ACPI, NULL, 0);
    if (size == 0) {
        record_failure(context, hvd__key_source(HVD__K_ACPI_TABLES), hvd__key(HVD__K_ACPI_TABLES), "EnumSystemFirmwareTables('ACPI')", GetLastError());
        return;
    }
    DWORD *ids = malloc(size);
    UINT got = ids ? EnumSystemFirmwareTables(PROVIDER_ACPI, ids, size) : 0;
    if (got == 0 || got > size) {
        record_failure(context, hvd__key_source(HVD__K_ACPI_TABLES), hvd__key(HVD__K_ACPI_TABLES), "EnumSystemFirmwareTables('ACPI')",
                       ids ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY);
        free(ids);
        return;
    }
    size_t count = got / sizeof(DWORD);
    if (count > ACPI_TABLES_MAX) {
        hvd__probe_record_key(context, HVD__K_ACPI_TABLES, NULL, NULL, HVD_STATUS_ERROR,
                          "more than 1024 ACPI tables; the rest were skipped");
        count = ACPI_TABLES_MAX;
    }
    for (size_t i = 0; i < count && !context->out_of_memory; i++) {
        /* As Linux does, a signature that occurs more than once is named SIG1, SIG2, ...; Windows returns only the
         * first table of a signature. */
        size_t occurrences = 0, index = 0;
        for (size_t j = 0; j < count; j++) {
            if (ids[j] == ids[i]) {
                occurrences++;
                if (j < i)
                    index++;
            }
        }
        char signature[5], name[16], where[64];
        signature_text(ids[i], signature);
        if (occurrences > 1)
            snprintf(name, sizeof(name), "%s%zu", signature, index + 1);
        else
            snprintf(name, sizeof(name), "%s", signature);
        if (index > 0) {
            hvd__probe_record_key(context, HVD__K_ACPI_TABLE, name, NULL, HVD_STATUS_UNAVAILABLE,
                              "GetSystemFirmwareTable returns only the first table of a signature");
            continue;
        }
        snprintf(where, sizeof(where), "GetSystemFirmwareTable('ACPI', '%s')", signature);
        size_t length = 0;
        DWORD error = 0;
        unsigned char *table = firmware_table(PROVIDER_ACPI, ids[i], &length, &error);
        if (!table) {
            record_failure(context, hvd__key_source(HVD__K_ACPI_TABLE), name, where, error);
            continue;
        }
        hvd__probe_acpi_header(context, name, table, length, where);
        free(table);
    }
    free(ids);
}

/* ---- PCI ---- */

/* Merges every id of a REG_MULTI_SZ property into ids. */
static void merge_ids(HDEVINFO devices, SP_DEVINFO_DATA *device, DWORD property, hvd__pci_ids *ids)
{
    BYTE buffer[PROPERTY_BYTES_MAX + 2 * sizeof(wchar_t)];
    DWORD type = 0, size = 0;
    if (!SetupDiGetDeviceRegistryPropertyW(devices, device, property, &type, buffer, PROPERTY_BYTES_MAX, &size) ||
        type != REG_MULTI_SZ)
        return;
    memset(buffer + (size < PROPERTY_BYTES_MAX ? size : PROPERTY_BYTES_MAX), 0, 2 * sizeof(wchar_t));
    const wchar_t *id = (const wchar_t *)(void *)buffer;
    while (*id) {
        char *text = hvd__utf8_from_wide(id, -1);
        if (text)
            hvd__pci_parse_id(text, ids);
        free(text);
        id += wcslen(id) + 1;
    }
}

static void probe_pci(hvd__probe_context *context)
{
    HDEVINFO devices = SetupDiGetClassDevsW(NULL, L"PCI", NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    if (devices == INVALID_HANDLE_VALUE) {
        record_failure(context, hvd__key_source(HVD__K_PCI_LIST), hvd__key(HVD__K_PCI_LIST), "SetupDiGetClassDevs(PCI)", GetLastError());
        return;
    }
    SP_DEVINFO_DATA device = {.cbSize = sizeof(device)};
    DWORD index = 0;
    for (; index < PCI_DEVICES_MAX && !context->out_of_memory && SetupDiEnumDeviceInfo(devices, index, &device);
         index++) {
        wchar_t instance[512];
        if (!SetupDiGetDeviceInstanceIdW(devices, &device, instance, sizeof(instance) / sizeof(instance[0]), NULL))
            continue;
        char *slot = hvd__utf8_from_wide(instance, -1);
        if (!slot) {
            context->out_of_memory = 1;
            break;
        }
        hvd__pci_ids ids;
        memset(&ids, 0, sizeof(ids));
        merge_ids(devices, &device, SPDRP_HARDWAREID, &ids);
        merge_ids(devices, &device, SPDRP_COMPATIBLEIDS, &ids);
        char key[600], value[32];
        if (!ids.has_vendor || !ids.has_device) {
            hvd__probe_record_key(context, HVD__K_PCI_DEVICE, slot, NULL, HVD_STATUS_ERROR, "no PCI vendor and device in its ids");
            free(slot);
            continue;
        }
        snprintf(value, sizeof(value), "%04x:%04x", ids.vendor, ids.device);
        hvd__probe_record_key(context, HVD__K_PCI_DEVICE, slot, value, HVD_STATUS_OK, NULL);
        if (ids.has_subsystem) {
            hvd__key_format(HVD__K_PCI_SUBSYSTEM, slot, key, sizeof(key));
            snprintf(value, sizeof(value), "%04x:%04x", ids.subsystem_vendor, ids.subsystem_device);
            hvd__probe_record(context, hvd__key_source(HVD__K_PCI_DEVICE), key, value, HVD_STATUS_OK, NULL);
        }
        if (ids.has_class) {
            hvd__key_format(HVD__K_PCI_CLASS, slot, key, sizeof(key));
            snprintf(value, sizeof(value), "%06x", (unsigned)ids.class_code & 0xFFFFFFu);
            hvd__probe_record(context, hvd__key_source(HVD__K_PCI_DEVICE), key, value, HVD_STATUS_OK, NULL);
        }
        free(slot);
    }
    if (index == PCI_DEVICES_MAX)
        hvd__probe_record_key(context, HVD__K_PCI_LIST, NULL, NULL, HVD_STATUS_ERROR,
                          "more than 4096 PCI devices; the rest were skipped");
    else if (index == 0)
        hvd__probe_record_key(context, HVD__K_PCI_LIST, NULL, NULL, HVD_STATUS_ABSENT, "no PCI devices listed by SetupAPI");
    SetupDiDestroyDeviceInfoList(devices);
}

/* ---- network adapters ---- */

static void probe_net(hvd__probe_context *context)
{
    ULONG flags = GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
    ULONG size = 16 * 1024;
    IP_ADAPTER_ADDRESSES *adapters = NULL;
    ULONG rc = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 4 && rc == ERROR_BUFFER_OVERFLOW; attempt++) {
        free(adapters);
        adapters = malloc(size);
        if (!adapters) {
            rc = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        rc = GetAdaptersAddresses(AF_UNSPEC, flags, NULL, adapters, &size);
    }
    if (rc == ERROR_NO_DATA) {
        hvd__probe_record_key(context, HVD__K_NET_ADAPTERS, NULL, NULL, HVD_STATUS_ABSENT, "no network adapters");
    } else if (rc != NO_ERROR) {
        record_failure(context, hvd__key_source(HVD__K_NET_ADAPTERS), hvd__key(HVD__K_NET_ADAPTERS), "GetAdaptersAddresses", rc);
    } else {
        size_t seen = 0;
        for (IP_ADAPTER_ADDRESSES *adapter = adapters; adapter && seen < INTERFACES_MAX; adapter = adapter->Next) {
            seen++;
            if (adapter->IfType == IF_TYPE_SOFTWARE_LOOPBACK || adapter->PhysicalAddressLength != 6)
                continue;
            const BYTE *octets = adapter->PhysicalAddress;
            if ((octets[0] | octets[1] | octets[2] | octets[3] | octets[4] | octets[5]) == 0)
                continue;
            char *name = adapter->FriendlyName ? hvd__utf8_from_wide(adapter->FriendlyName, -1) : NULL;
            const char *shown = name && name[0] ? name : adapter->AdapterName;
            char key[600], oui[16];
            hvd__key_format(HVD__K_NET_OUI, shown, key, sizeof(key));
            snprintf(oui, sizeof(oui), "%02x:%02x:%02x", octets[0], octets[1], octets[2]);
            hvd__probe_record(context, hvd__key_source(HVD__K_NET_OUI), key, oui, HVD_STATUS_OK, NULL);
            hvd__key_format(HVD__K_NET_LOCAL, shown, key, sizeof(key));
            hvd__probe_record(context, hvd__key_source(HVD__K_NET_OUI), key, (octets[0] & 0x02u) ? "1" : "0", HVD_STATUS_OK, NULL);
            free(name);
        }
    }
    free(adapters);
}

/* ---- Windows facts ---- */

/* A registry value under HKLM as UTF-8 (REG_SZ, REG_EXPAND_SZ) or decimal (REG_DWORD). 1 when read; otherwise 0
 * with *error set. */
static int registry_value(const wchar_t *path, const wchar_t *name, char *out, size_t out_size, DWORD *error)
{
    wchar_t buffer[REGISTRY_VALUE_MAX + 1];
    DWORD type = 0, size = sizeof(buffer) - sizeof(wchar_t);
    HKEY key;
    LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
    if (rc == ERROR_SUCCESS) {
        rc = RegGetValueW(key, NULL, name, RRF_RT_REG_SZ | RRF_RT_REG_DWORD, &type, buffer, &size);
        RegCloseKey(key);
    }
    if (rc != ERROR_SUCCESS) {
        *error = (DWORD)rc;
        return 0;
    }
    if (type == REG_DWORD) {
        DWORD number;
        memcpy(&number, buffer, sizeof(number));
        snprintf(out, out_size, "%lu", (unsigned long)number);
        return 1;
    }
    buffer[size / sizeof(wchar_t) < REGISTRY_VALUE_MAX ? size / sizeof(wchar_t) : REGISTRY_VALUE_MAX] = L'\0';
    char *text = hvd__utf8_from_wide(buffer, -1);
    if (!text) {
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return 0;
    }
    snprintf(out, out_size, "%s", text);
    free(text);
    return 1;
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

static void record_version(hvd__probe_context *context)
{
    /* RtlGetVersion tells the truth whatever the program's compatibility manifest says (GetVersionEx does not). */
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    FARPROC procedure = ntdll ? GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    OSVERSIONINFOW info = {.dwOSVersionInfoSize = sizeof(info)};
    if (procedure && ((rtl_get_version_fn)(void (*)(void))procedure)(&info) == 0) {
        char text[64];
        snprintf(text, sizeof(text), "%lu.%lu.%lu", (unsigned long)info.dwMajorVersion,
                 (unsigned long)info.dwMinorVersion, (unsigned long)info.dwBuildNumber);
        hvd__probe_record_key(context, HVD__K_WINDOWS_VERSION, NULL, text, HVD_STATUS_OK, "RtlGetVersion");
    }
    static const wchar_t current_version[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static const struct {
        const wchar_t *value;
        hvd__key_id key;
    } fields[] = {
        {L"ProductName", HVD__K_WINDOWS_PRODUCT_NAME},
        {L"EditionID", HVD__K_WINDOWS_EDITION},
        {L"InstallationType", HVD__K_WINDOWS_INSTALLATION_TYPE},
        {L"DisplayVersion", HVD__K_WINDOWS_DISPLAY_VERSION},
    };
    char text[REGISTRY_VALUE_MAX * 3], build[64], revision[32];
    DWORD error;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (registry_value(current_version, fields[i].value, text, sizeof(text), &error))
            hvd__probe_record_key(context, fields[i].key, NULL, text, HVD_STATUS_OK, NULL);
    if (registry_value(current_version, L"CurrentBuildNumber", build, sizeof(build), &error)) {
        if (registry_value(current_version, L"UBR", revision, sizeof(revision), &error))
            snprintf(text, sizeof(text), "%s.%s", build, revision);
        else
            snprintf(text, sizeof(text), "%s", build);
        hvd__probe_record_key(context, HVD__K_WINDOWS_BUILD, NULL, text, HVD_STATUS_OK, NULL);
    }
}

/* Hyper-V's data exchange (KVP) integration service writes what the host tells the guest here. The host and
 * virtual machine names identify machines: reports redact them unless asked not to. */
static void record_guest_parameters(hvd__probe_context *context)
{
    static const wchar_t path[] = L"SOFTWARE\\Microsoft\\Virtual Machine\\Guest\\Parameters";
    static const struct {
        const wchar_t *value;
        hvd__key_id key;
    } fields[] = {
        {L"HostName", HVD__K_WINDOWS_HOST_NAME},
        {L"PhysicalHostName", HVD__K_WINDOWS_PHYSICAL_HOST},
        {L"PhysicalHostNameFullyQualified", HVD__K_WINDOWS_PHYSICAL_HOST_FQ},
        {L"VirtualMachineName", HVD__K_WINDOWS_VM_NAME},
        {L"VirtualMachineId", HVD__K_WINDOWS_VM_ID},
    };
    HKEY key;
    LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key);
    if (rc != ERROR_SUCCESS) {
        if (rc == ERROR_FILE_NOT_FOUND)
            hvd__probe_record_key(context, HVD__K_WINDOWS_GUEST_PARAMETERS, NULL, NULL, HVD_STATUS_ABSENT,
                              "no Hyper-V data exchange parameters (HKLM\\SOFTWARE\\Microsoft\\Virtual Machine\\Guest"
                              "\\Parameters)");
        else
            record_failure(context, hvd__key_source(HVD__K_WINDOWS_GUEST_PARAMETERS), hvd__key(HVD__K_WINDOWS_GUEST_PARAMETERS), "HKLM\\SOFTWARE\\Microsoft\\Virtual Machine\\Guest"
                           "\\Parameters", (DWORD)rc);
        return;
    }
    RegCloseKey(key);
    char text[REGISTRY_VALUE_MAX * 3];
    DWORD error;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (registry_value(path, fields[i].value, text, sizeof(text), &error))
            hvd__probe_record_key(context, fields[i].key, NULL, text, HVD_STATUS_OK, NULL);
}

static const char *service_state(DWORD state)
{
    switch (state) {
    case SERVICE_RUNNING: return "running";
    case SERVICE_STOPPED: return "stopped";
    case SERVICE_START_PENDING: return "starting";
    case SERVICE_STOP_PENDING: return "stopping";
    case SERVICE_PAUSED: return "paused";
    default: return "installed";
    }
}

enum { GUEST_TOOLS_MAX = 256 };

static void record_services(hvd__probe_context *context, const char *const *names, size_t count)
{
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!manager) {
        record_failure(context, hvd__key_source(HVD__K_WINDOWS_SERVICES), hvd__key(HVD__K_WINDOWS_SERVICES),
                       "OpenSCManager", GetLastError());
        return;
    }
    for (size_t i = 0; i < count; i++) {
        char key[300];
        hvd__key_format(HVD__K_WINDOWS_SERVICE, names[i], key, sizeof(key));
        wchar_t *wide = hvd__wide_from_utf8(names[i]);
        SC_HANDLE service = wide ? OpenServiceW(manager, wide, SERVICE_QUERY_STATUS) : NULL;
        free(wide);
        if (!service) {
            DWORD error = GetLastError();
            if (error != ERROR_SERVICE_DOES_NOT_EXIST)
                record_failure(context, hvd__key_source(HVD__K_WINDOWS_SERVICE), key, "OpenService", error);
            continue;
        }
        SERVICE_STATUS status;
        hvd__probe_record(context, hvd__key_source(HVD__K_WINDOWS_SERVICE), key,
                          QueryServiceStatus(service, &status) ? service_state(status.dwCurrentState) : "installed",
                          HVD_STATUS_OK, NULL);
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
}

static void record_registry_keys(hvd__probe_context *context, const char *const *paths, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char name[400], part[360];
        snprintf(part, sizeof(part), "HKLM\\%s", paths[i]);
        hvd__key_format(HVD__K_WINDOWS_REGISTRY, part, name, sizeof(name));
        wchar_t *wide = hvd__wide_from_utf8(paths[i]);
        HKEY key;
        LSTATUS rc = wide ? RegOpenKeyExW(HKEY_LOCAL_MACHINE, wide, 0, KEY_READ | KEY_WOW64_64KEY, &key)
                          : ERROR_NOT_ENOUGH_MEMORY;
        free(wide);
        if (rc == ERROR_SUCCESS) {
            RegCloseKey(key);
            hvd__probe_record(context, hvd__key_source(HVD__K_WINDOWS_REGISTRY), name, "present", HVD_STATUS_OK, NULL);
        } else if (rc != ERROR_FILE_NOT_FOUND) {
            record_failure(context, hvd__key_source(HVD__K_WINDOWS_REGISTRY), name, "RegOpenKeyEx", (DWORD)rc);
        }
    }
}

/* The guest tools to look for are the ones the built-in vendor database's "windows" signatures name
 * (probes/guest_tools.c): a product's tools are added to vendors/, not here. */
static void record_guest_tools(hvd__probe_context *context)
{
    hvd_vendor_db *db = NULL;
    if (hvd_vendor_db_load_default(&db) != HVD_OK) {
        context->out_of_memory = 1;
        return;
    }
    const char *names[GUEST_TOOLS_MAX];
    record_services(context, names, hvd__guest_tool_names(db, HVD__GUEST_TOOL_SERVICE, names, GUEST_TOOLS_MAX));
    record_registry_keys(context, names,
                         hvd__guest_tool_names(db, HVD__GUEST_TOOL_REGISTRY_KEY, names, GUEST_TOOLS_MAX));
    hvd_vendor_db_free(db);
}

/* Hyper-V's synthetic devices hang off the VMBus enumerator rather than PCI (Generation 2 machines have no PCI). */
static void record_vmbus(hvd__probe_context *context)
{
    HDEVINFO devices = SetupDiGetClassDevsW(NULL, L"VMBUS", NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    if (devices == INVALID_HANDLE_VALUE)
        return;
    SP_DEVINFO_DATA device = {.cbSize = sizeof(device)};
    DWORD count = 0;
    while (count < PCI_DEVICES_MAX && SetupDiEnumDeviceInfo(devices, count, &device))
        count++;
    SetupDiDestroyDeviceInfoList(devices);
    if (count > 0) {
        char text[32];
        snprintf(text, sizeof(text), "%lu", (unsigned long)count);
        hvd__probe_record_key(context, HVD__K_WINDOWS_VMBUS_COUNT, NULL, text, HVD_STATUS_OK, NULL);
    }
}

/* What names this machine in a fleet (src/probes/identity.c does the same from files elsewhere): the DNS host name,
 * and the GUID Windows generates at installation (HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid), recorded as
 * the machine id. Both are identifiers: reports redact them unless asked not to. */
static void probe_identity(hvd__probe_context *context)
{
    wchar_t name[256];
    DWORD size = sizeof(name) / sizeof(name[0]);
    if (GetComputerNameExW(ComputerNameDnsHostname, name, &size)) {
        char *text = hvd__utf8_from_wide(name, (int)size);
        hvd__probe_record_key(context, HVD__K_HOST_NAME, NULL, text ? text : "", HVD_STATUS_OK, NULL);
        free(text);
    } else {
        record_failure(context, hvd__key_source(HVD__K_HOST_NAME), hvd__key(HVD__K_HOST_NAME), "GetComputerNameEx",
                       GetLastError());
    }
    static const char where[] = "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MachineGuid";
    char guid[REGISTRY_VALUE_MAX * 3];
    DWORD error;
    if (registry_value(L"SOFTWARE\\Microsoft\\Cryptography", L"MachineGuid", guid, sizeof(guid), &error))
        hvd__probe_record_key(context, HVD__K_HOST_MACHINE_ID, NULL, guid, HVD_STATUS_OK, where);
    else
        record_failure(context, hvd__key_source(HVD__K_HOST_MACHINE_ID), hvd__key(HVD__K_HOST_MACHINE_ID), where, error);
}

static void probe_windows(hvd__probe_context *context)
{
    record_version(context);
    record_guest_parameters(context);
    record_vmbus(context);
    record_guest_tools(context);
}

int hvd__probe_live_system(hvd__probe_context *context, unsigned int probe_bit)
{
    switch (probe_bit) {
    case HVD_PROBE_SMBIOS: probe_smbios(context); return 1;
    case HVD_PROBE_ACPI: probe_acpi(context); return 1;
    case HVD_PROBE_PCI: probe_pci(context); return 1;
    case HVD_PROBE_NET: probe_net(context); return 1;
    case HVD_PROBE_PLATFORM: probe_windows(context); return 1;
    /* No Linux container files on Windows (a Windows program never runs inside WSL), and no probe of Windows
     * containers: with no container source read, the report says it cannot tell (engine/identify.c). */
    case HVD_PROBE_CONTAINER: return 1;
    case HVD_PROBE_IDENTITY: probe_identity(context); return 1;
    default: return 0;                  /* CPUID: the shared probe */
    }
}
