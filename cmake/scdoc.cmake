# SPDX-License-Identifier: MIT
# Turns one scdoc source into a manual page:
#   cmake -DSCDOC=scdoc -DINPUT=page.scd -DOUTPUT=page -DVERSION=0.1.0 -P scdoc.cmake
#
# Two touches after scdoc, so that the page reads well in man(1):
# - scdoc turns hyphenation off before .TH, which the man macros turn back on; it is turned off again after .TH,
#   so that words and paths are not split at the end of a line;
# - in bold and italic text (option names, commands, paths, arguments) and literal blocks (examples), "-" becomes
#   "\-": an ASCII minus that copies and pastes as one, and at which no line is broken (--cpuid-dump stays whole).
# The page is written beside its target and renamed into place, so a failed run leaves no half page behind.

cmake_minimum_required(VERSION 3.18)

# @HVD_VERSION@ in the source (the page's footer) becomes the project's version.
file(READ ${INPUT} source)
string(REPLACE "@HVD_VERSION@" "${VERSION}" source "${source}")
file(WRITE ${OUTPUT}.scd "${source}")
execute_process(COMMAND ${SCDOC} INPUT_FILE ${OUTPUT}.scd OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE result
                ERROR_VARIABLE errors)
file(REMOVE ${OUTPUT}.scd)
if(NOT result EQUAL 0)
    file(REMOVE ${OUTPUT}.tmp)
    message(FATAL_ERROR "scdoc failed on ${INPUT}: ${errors}")
endif()
file(READ ${OUTPUT}.tmp page)

string(REGEX REPLACE "(\n\\.TH [^\n]*\n)" "\\1.nh\n.ad l\n" page "${page}")

# Replaces "-" with "\-" in every stretch of text from opening to closing (both kept as they are).
function(hvd_minus_between opening closing text_variable)
    set(rest "${${text_variable}}")
    set(done "")
    string(LENGTH "${opening}" opening_length)
    while(TRUE)
        string(FIND "${rest}" "${opening}" start)
        if(start EQUAL -1)
            break()
        endif()
        math(EXPR inside "${start} + ${opening_length}")
        string(SUBSTRING "${rest}" 0 ${inside} before)
        string(SUBSTRING "${rest}" ${inside} -1 rest)
        string(FIND "${rest}" "${closing}" end)
        if(end EQUAL -1)
            set(end 0)
        endif()
        string(SUBSTRING "${rest}" 0 ${end} span)
        string(SUBSTRING "${rest}" ${end} -1 rest)
        string(REPLACE "\\-" "@HVD_MINUS@" span "${span}")
        string(REPLACE "-" "\\-" span "${span}")
        string(REPLACE "@HVD_MINUS@" "\\-" span "${span}")
        string(APPEND done "${before}${span}")
    endwhile()
    set(${text_variable} "${done}${rest}" PARENT_SCOPE)
endfunction()

hvd_minus_between("\\fB" "\\f" page)
hvd_minus_between("\\fI" "\\f" page)
hvd_minus_between("\n.nf\n" "\n.fi\n" page)

file(WRITE ${OUTPUT}.tmp "${page}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
