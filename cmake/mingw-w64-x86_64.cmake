# SPDX-License-Identifier: MIT
# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (package gcc-mingw-w64-x86-64):
#   cmake -B build-windows --toolchain cmake/mingw-w64-x86_64.cmake -DCMAKE_PREFIX_PATH=<Windows dependencies>
# Test programs run under Wine (package wine64) when ctest starts them.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(HVD_MINGW_TRIPLET x86_64-w64-mingw32)

# The compiler of the default thread model (win32): C11 _Thread_local works through emutls in libgcc.
find_program(CMAKE_C_COMPILER NAMES ${HVD_MINGW_TRIPLET}-gcc REQUIRED)
find_program(CMAKE_RC_COMPILER NAMES ${HVD_MINGW_TRIPLET}-windres REQUIRED)
set(CMAKE_FIND_ROOT_PATH /usr/${HVD_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
# The Windows builds of cJSON and Check live outside the root path (CMAKE_PREFIX_PATH, tools/build-windows-deps.sh).
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# pkg-config must never offer the build machine's Linux libraries; CMAKE_PREFIX_PATH adds the Windows ones.
set(ENV{PKG_CONFIG_LIBDIR} /usr/${HVD_MINGW_TRIPLET}/lib/pkgconfig)

find_program(HVD_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(HVD_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${HVD_WINE})
endif()
