// Result<T>: a value or an Error, shaped like std::expected (absent from GCC 12
// under C++20). Used for single operations that can fail on bad input; a stage
// that reads many inputs collects Diagnostics instead (diagnostics.h).
//
// Thread-safety: a plain value type.
//
//   Result<Duration> d = ParseDuration("30d");
//   if (!d) return d.error();
//   Use(*d);
#ifndef REKEY_BASE_RESULT_H_
#define REKEY_BASE_RESULT_H_

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace rekey {

// What went wrong and, when rekey can tell, how to fix it. `column` is a 1-based
// byte offset into the text that was parsed (0 when not applicable).
struct Error {
  std::string message;
  std::string hint;
  int column = 0;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace rekey

#endif  // REKEY_BASE_RESULT_H_
