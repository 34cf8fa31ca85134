# SPDX-License-Identifier: MIT
# hvd-vendordb-compile: the build step that loads and checks vendors/ with the library's own loader and writes it as
# the static tables of the built-in database. It runs on the machine that builds: a native build makes it as one of
# its targets, a cross build as a project of its own (cmake/vendordb-compile/) for the build machine.
set(HVD_VENDORDB_COMPILE_SOURCES
    src/db/image_compile.c
    src/db/image_write.c
    src/db/vendordb.c
    src/db/policy_table.c
    src/db/confidential_table.c
    src/db/signature_index.c
    src/evidence/keys.c
    src/util/error.c
    src/util/strbuf.c
    src/util/text.c
    src/util/pattern.c
    src/util/json_check.c
    src/util/names.c
    src/util/clock_posix.c
    src/io/root_common.c
    src/io/root.c
    src/io/dir_stream.c)

function(hvd_add_vendordb_compile source_dir)
    list(TRANSFORM HVD_VENDORDB_COMPILE_SOURCES PREPEND ${source_dir}/ OUTPUT_VARIABLE sources)
    add_executable(hvd-vendordb-compile ${sources})
    target_include_directories(hvd-vendordb-compile PRIVATE ${source_dir}/include ${source_dir}/src)
    target_compile_definitions(hvd-vendordb-compile PRIVATE HVD_BUILDING_LIBRARY HVD_STATIC _GNU_SOURCE)
    target_link_libraries(hvd-vendordb-compile PRIVATE PkgConfig::CJSON)
endfunction()
