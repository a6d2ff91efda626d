#include "matcher/hyperscan.h"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <mutex>

#include "rekey/base/page_buffer.h"

namespace rekey {
namespace {

// Databases (~2 MB for the built-in rules) and scratch are allocated and
// filled at every start; huge-page backed blocks make that one page fault
// instead of hundreds (page_buffer.h). Set once, before the first database or
// scratch exists, and never changed: Hyperscan frees with the allocator
// that is current then. Misc allocations (compile errors, serialized bytes,
// expression info) keep malloc/free.
void UseLargeBlockAllocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    hs_set_database_allocator(AllocateLarge, FreeLarge);
    hs_set_scratch_allocator(AllocateLarge, FreeLarge);
  });
}

}  // namespace

HsDatabase CompileBlockDatabase(const std::vector<HsPattern>& patterns, HsCompileError& error) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (const HsPattern& p : patterns) {
    expressions.push_back(p.expression.c_str());
    flags.push_back(p.flags);
    ids.push_back(p.id);
  }
  UseLargeBlockAllocator();
  hs_database_t* db = nullptr;
  hs_compile_error_t* compile_error = nullptr;
  const hs_error_t rc =
      hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
                       HS_MODE_BLOCK, nullptr, &db, &compile_error);
  if (rc != HS_SUCCESS) {
    error.message = compile_error && compile_error->message ? compile_error->message : "Hyperscan compile failed";
    error.pattern = compile_error ? compile_error->expression : -1;
    hs_free_compile_error(compile_error);
    return nullptr;
  }
  return HsDatabase(db);
}

std::string EscapeLiteral(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string SerializeDatabase(const hs_database_t* db) {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return "";
  std::string out(bytes, length);
  std::free(bytes);  // hs_serialize_database uses the default (malloc) allocator
  return out;
}

HsDatabase DeserializeDatabase(std::string_view bytes) {
  UseLargeBlockAllocator();
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return HsDatabase(db);
}

HsScratch AllocScratch(const hs_database_t* db) {
  UseLargeBlockAllocator();
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return nullptr;
  return HsScratch(scratch);
}

HsScratch CloneScratch(const hs_scratch_t* prototype) {
  UseLargeBlockAllocator();
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(prototype, &scratch) != HS_SUCCESS) return nullptr;
  return HsScratch(scratch);
}

size_t MaxMatchWidth(const std::string& pattern) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), 0, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return SIZE_MAX;
  }
  const size_t width = info->max_width == UINT_MAX ? SIZE_MAX : info->max_width;
  std::free(info);  // allocated with the default (malloc) allocator
  return width;
}

std::string HyperscanBuildTag() {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  return std::string(hs_version()) + " tune=" + std::to_string(platform.tune) +
         " features=" + std::to_string(platform.cpu_features);
}

}  // namespace rekey
