/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_H
#define HVDETECT_H

/**
 * @file hvdetect.h
 * @brief Everything: include this, link -lhvdetect (pkg-config hvdetect, or CMake hvdetect::hvdetect).
 *
 * The usual sequence: hvd_collect() -> hvd_identify() -> hvd_policy_evaluate() -> hvd_report_render(), freeing
 * each object with its matching _free function. Objects are not shared between threads while they are being written; read-only use
 * from many threads is safe, and the library keeps no global mutable state.
 */

#include "hvdetect/common.h"
#include "hvdetect/errors.h"
#include "hvdetect/version.h"
#include "hvdetect/evidence.h"
#include "hvdetect/collect.h"
#include "hvdetect/detect.h"
#include "hvdetect/policy.h"
#include "hvdetect/report.h"
#include "hvdetect/fleet.h"

#endif
