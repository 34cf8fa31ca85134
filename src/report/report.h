#ifndef HVD_REPORT_REPORT_H
#define HVD_REPORT_REPORT_H

#include "hvdetect/report.h"

int hvd__report_json(char **out, unsigned int flags, const hvd_result *result, const hvd_evidence *evidence);
int hvd__report_text(char **out, unsigned int flags, const hvd_result *result, const hvd_evidence *evidence);

#endif
