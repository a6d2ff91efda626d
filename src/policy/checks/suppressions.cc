// RK-SUP-*: rekey:ignore comments themselves. Evaluated after every other check
// (src/policy/evaluate.cc), so these entries only carry the catalogue text.
#include "rekey/policy/check.h"

namespace rekey {

extern const Check kCheckSup001 = {"RK-SUP-001",
                                   Severity::kError,
                                   "Suppressions state a reason",
                                   "A silenced check without a reason cannot be reviewed or revisited.",
                                   "Add reason=\"...\" (and until=YYYY-MM-DD) to the rekey:ignore comment.",
                                   "",
                                   nullptr};
extern const Check kCheckSup002 = {
    "RK-SUP-002",
    Severity::kError,
    "Suppressions have not expired",
    "An expired suppression means the promised fix did not happen; it no longer silences anything.",
    "Fix the violation or renew the suppression with a new until= date.",
    "",
    nullptr};
extern const Check kCheckSup003 = {"RK-SUP-003",
                                   Severity::kWarning,
                                   "Suppressions are used",
                                   "A suppression that silences nothing would silently hide a future violation.",
                                   "Remove the comment.",
                                   "",
                                   nullptr};

}  // namespace rekey
