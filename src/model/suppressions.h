// Private to the model module: reads rekey:ignore comments of one file after
// its records are loaded (see Suppression in model.h).
#ifndef REKEY_MODEL_SUPPRESSIONS_H_
#define REKEY_MODEL_SUPPRESSIONS_H_

#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/model/model.h"

namespace rekey {

void CollectSuppressions(const std::string& text, const std::string& path, Model& model, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_SUPPRESSIONS_H_
