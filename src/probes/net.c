/* SPDX-License-Identifier: MIT */
/* The network probe: the manufacturer prefix (OUI) of each NIC's MAC address. Only the first three octets are kept:
 * they name the vendor that assigned the address (00:50:56 VMware, 00:15:5d Hyper-V, 52:54:00 QEMU/libvirt), and
 * the rest would identify the machine. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"
#include "util/text.h"

enum { INTERFACES_MAX = 1024 };


/* Parses "aa:bb:cc:dd:ee:ff" (Ethernet-style, six octets). */
static int parse_mac(const char *text, unsigned octets[6])
{
    int consumed = 0;
    if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%n", &octets[0], &octets[1], &octets[2], &octets[3], &octets[4],
               &octets[5], &consumed) != 6)
        return 0;
    return text[consumed] == '\0' || text[consumed] == '\n';
}

static void probe_interface(hvd__probe_context *context, const char *name)
{
    if (strcmp(name, "lo") == 0)
        return;
    char path[512], key[300];
    snprintf(path, sizeof(path), "%s/%s/address", hvd__key(HVD__K_NET_DIRECTORY), name);
    hvd__file file;
    if (!hvd__probe_read_text(context, hvd__key_source(HVD__K_NET_ADDRESS),
                              hvd__key_format(HVD__K_NET_ADDRESS, name, key, sizeof(key)), path, 0, &file))
        return;
    unsigned octets[6];
    int is_mac = parse_mac(file.data, octets);
    hvd__file_free(&file);
    if (!is_mac)
        return; /* not Ethernet-style (InfiniBand, tunnels): no vendor prefix to read */
    unsigned all = octets[0] | octets[1] | octets[2] | octets[3] | octets[4] | octets[5];
    if (all == 0)
        return; /* loopback and unconfigured interfaces */
    char oui[16];
    snprintf(oui, sizeof(oui), "%02x:%02x:%02x", octets[0], octets[1], octets[2]);
    hvd__probe_record_key(context, HVD__K_NET_OUI, name, oui, HVD_STATUS_OK, NULL);
    /* IEEE 802: bit 1 of the first octet marks a locally administered address, whose prefix names no vendor. */
    hvd__probe_record_key(context, HVD__K_NET_LOCAL, name, (octets[0] & 0x02u) ? "1" : "0", HVD_STATUS_OK, NULL);
}

void hvd__probe_net(hvd__probe_context *context)
{
    hvd__probe_for_each_entry(context, HVD__K_NET_DIRECTORY, INTERFACES_MAX, "no network interfaces in sysfs",
                              probe_interface);
}
