// The catalogue: one line per check, in id order. Each check lives in its own
// file in this directory.
#include "rekey/policy/check.h"

namespace rekey {

#define REKEY_CHECKS(X)                                                                                             \
  X(Inv001)                                                                                                         \
  X(Inv002) X(Inv003) X(Inv004) X(Inv005) X(Inv006) X(Inv007) X(Inv008) X(Rot001) X(Rot002) X(Rot003) X(Rot004)     \
      X(Sch001) X(Sch002) X(Sch003) X(Sch004) X(Sch005) X(Sch006) X(Sch007) X(Sch008) X(Sch009) X(Grc001) X(Grc002) \
          X(Grc003) X(Grc004) X(Dk001) X(Dk002) X(Dk003) X(Dk004) X(Dk005) X(Ops001) X(Ops002) X(Ops003) X(Ops004)  \
              X(Ops005) X(Age001) X(Age002) X(Age003) X(Age004) X(Age005) X(Sup001) X(Sup002) X(Sup003)

#define REKEY_DECLARE(name) extern const Check kCheck##name;
REKEY_CHECKS(REKEY_DECLARE)
#undef REKEY_DECLARE

namespace {
#define REKEY_ADDRESS(name) &kCheck##name,
const Check* const kAllChecks[] = {REKEY_CHECKS(REKEY_ADDRESS)};
#undef REKEY_ADDRESS
}  // namespace

std::span<const Check* const> AllChecks() { return kAllChecks; }

}  // namespace rekey
