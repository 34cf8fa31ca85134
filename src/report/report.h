#ifndef HVD_REPORT_REPORT_H
#define HVD_REPORT_REPORT_H

#include "hvdetect/report.h"

/* What a renderer is given; any part may be NULL. */
typedef struct hvd__report_input {
    unsigned int flags;
    const hvd_result *result;
    const hvd_policy_result *policy;
    const hvd_evidence *evidence;
} hvd__report_input;

int hvd__report_json(char **out, const hvd__report_input *input);
int hvd__report_text(char **out, const hvd__report_input *input);
int hvd__report_case(char **out, const hvd__report_input *input);


#endif
