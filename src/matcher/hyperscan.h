// Private: the one Hyperscan adapter. Owns hs_database_t / hs_scratch_t with
// RAII and turns hs_error_t / hs_compile_error_t into rekey Errors. Only
// src/matcher/*.cc include this header.
#ifndef REKEY_MATCHER_HYPERSCAN_H_
#define REKEY_MATCHER_HYPERSCAN_H_

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"

namespace rekey {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

// A failed compile: the message and which pattern (index), -1 when global.
struct HsCompileError {
  std::string message;
  int pattern = -1;
};

struct HsPattern {
  std::string expression;
  unsigned flags = 0;  // HS_FLAG_*
  unsigned id = 0;     // reported to the match callback; several patterns may share one
};

// Block-mode database of `patterns`. On failure `error.pattern` indexes `patterns`.
HsDatabase CompileBlockDatabase(const std::vector<HsPattern>& patterns, HsCompileError& error);

// `text` as a Hyperscan pattern that matches it literally (\xHH escapes).
std::string EscapeLiteral(std::string_view text);

// Serialized bytes of `db` ("" on failure) and the reverse (nullptr on failure).
std::string SerializeDatabase(const hs_database_t* db);
HsDatabase DeserializeDatabase(std::string_view bytes);

HsScratch AllocScratch(const hs_database_t* db);
HsScratch CloneScratch(const hs_scratch_t* prototype);

// The longest match `pattern` can have (hs_expression_info), or SIZE_MAX when
// unbounded or unknown.
size_t MaxMatchWidth(const std::string& pattern);

// hs_version() plus the host platform (tune + CPU features): the part of the
// cache key that makes a serialized database from another build or CPU miss.
std::string HyperscanBuildTag();

}  // namespace rekey

#endif  // REKEY_MATCHER_HYPERSCAN_H_
