/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_COMMON_H
#define HVDETECT_COMMON_H

/**
 * @file hvdetect/common.h
 * @brief Export macro and the small types every hvdetect header shares.
 */

#if defined(_WIN32) && defined(HVD_BUILDING_LIBRARY) && !defined(HVD_STATIC)
#define HVD_EXTERN(type) extern __declspec(dllexport) type
#elif defined(_WIN32) && !defined(HVD_STATIC)
#define HVD_EXTERN(type) extern __declspec(dllimport) type
#elif defined(__GNUC__)
#define HVD_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define HVD_EXTERN(type) extern type
#endif

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Frees a buffer that an hvdetect function returned to the caller (JSON text, reports). NULL is allowed. */
HVD_EXTERN(void) hvd_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif
