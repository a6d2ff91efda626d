#include "rekey/source/glob.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace rekey {
namespace {

// Matches a bracket class starting at pattern[p] == '['. Sets `end` to the index
// after ']' and returns whether `c` is in the class. A class without a closing
// ']' is not a class (returns false with end == p).
bool MatchClass(std::string_view pattern, std::size_t p, char c, std::size_t& end) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      if (hi == '\\' && i + 3 < pattern.size()) hi = pattern[++i + 2];
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++i;
  }
  if (i >= pattern.size()) {
    end = p;
    return false;
  }
  end = i + 1;
  return matched != negate;
}

// The glob is run as an NFA whose states are offsets into the pattern (a
// token starts there): each byte of the path moves a set of at most two
// states per token, so a match is polynomial in |pattern| x |path| whatever
// the stars. A backtracking matcher retries every split of the path for every
// '*' and is exponential on "*a*a*a*a*a*a*a*a*a*a*a*a*b" (a repository's own
// .gitignore is hostile input).
enum class Kind {
  kEnd,          // the end of the pattern: the accepting state
  kLiteral,      // one byte (also "\\x" and an unterminated '[')
  kAnyChar,      // '?': one byte but '/'
  kClass,        // "[...]": one byte of the class but '/'
  kStar,         // '*': any run of bytes without '/'
  kAnyString,    // "**" not followed by '/': any run of bytes
  kDirectories,  // "**/": nothing, or any run of bytes ending in '/'
};

struct Token {
  Kind kind;
  char literal;      // kLiteral
  std::size_t next;  // offset of the token after this one
};

// The offset after the run of '*' at `p` (== p when there is none).
std::size_t StarRunEnd(std::string_view pattern, std::size_t p) {
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p;
}

Token Decode(std::string_view pattern, std::size_t p) {
  if (p == pattern.size()) return {Kind::kEnd, 0, p};
  const char c = pattern[p];
  if (c == '*') {
    const std::size_t end = StarRunEnd(pattern, p);
    if (end - p == 1) return {Kind::kStar, 0, end};
    if (end == pattern.size() || pattern[end] != '/') return {Kind::kAnyString, 0, end};
    // Further "**/" add nothing and "**/**" is "**": folding them keeps the
    // chains of states entered without consuming a byte at most three long.
    std::size_t next = end + 1;
    for (std::size_t run = StarRunEnd(pattern, next); run - next >= 2; run = StarRunEnd(pattern, next)) {
      if (run == pattern.size() || pattern[run] != '/') return {Kind::kAnyString, 0, run};
      next = run + 1;
    }
    return {Kind::kDirectories, 0, next};
  }
  if (c == '?') return {Kind::kAnyChar, 0, p + 1};
  if (c == '[') {
    std::size_t end = p;
    MatchClass(pattern, p, 0, end);
    if (end != p) return {Kind::kClass, 0, end};
  }
  if (c == '\\' && p + 1 < pattern.size()) return {Kind::kLiteral, pattern[p + 1], p + 2};
  return {Kind::kLiteral, c, p + 1};
}

// A kDirectories token has two states: its offset (entered, nothing consumed
// yet: it may be skipped) and the same offset "inside" (within a run of bytes:
// only a '/' leaves it).
struct State {
  std::size_t offset;
  bool inside;
};

// A set of states for patterns under 64 bytes (almost every pattern): one bit
// per offset, no allocation.
class SmallStates {
 public:
  static constexpr std::size_t kMaxPattern = 63;
  void Insert(State s) { (s.inside ? inside_ : entered_) |= std::uint64_t{1} << s.offset; }
  bool Contains(std::size_t offset) const { return (entered_ >> offset) & 1; }
  bool Empty() const { return (entered_ | inside_) == 0; }
  void Clear() { entered_ = inside_ = 0; }
  void Finish() {}
  template <typename F>
  void ForEach(F f) const {
    for (std::uint64_t bits = entered_; bits != 0; bits &= bits - 1) f(State{Lowest(bits), false});
    for (std::uint64_t bits = inside_; bits != 0; bits &= bits - 1) f(State{Lowest(bits), true});
  }

 private:
  static std::size_t Lowest(std::uint64_t bits) { return static_cast<std::size_t>(__builtin_ctzll(bits)); }
  std::uint64_t entered_ = 0;
  std::uint64_t inside_ = 0;
};

// Any pattern: a sorted list of distinct states (one per live offset, so its
// size is bounded by the pattern, not by how many ways the path splits).
class LargeStates {
 public:
  void Insert(State s) { states_.push_back(s.offset * 2 + s.inside); }
  bool Contains(std::size_t offset) const { return std::binary_search(states_.begin(), states_.end(), offset * 2); }
  bool Empty() const { return states_.empty(); }
  void Clear() { states_.clear(); }
  void Finish() {
    std::sort(states_.begin(), states_.end());
    states_.erase(std::unique(states_.begin(), states_.end()), states_.end());
  }
  template <typename F>
  void ForEach(F f) const {
    for (const std::size_t s : states_) f(State{s / 2, (s & 1) != 0});
  }

 private:
  std::vector<std::size_t> states_;
};

// Adds the state at `offset` and every state reachable from it without
// consuming a byte.
template <typename States>
void Enter(std::string_view pattern, std::size_t offset, States& states) {
  for (;;) {
    states.Insert({offset, false});
    const Token token = Decode(pattern, offset);
    if (token.kind == Kind::kDirectories) {
      states.Insert({offset, true});
    } else if (token.kind != Kind::kStar && token.kind != Kind::kAnyString) {
      return;
    }
    offset = token.next;
  }
}

// `out` = the states after consuming `c` from `states`.
template <typename States>
void Step(std::string_view pattern, const States& states, char c, States& out) {
  out.Clear();
  states.ForEach([&](State s) {
    const Token token = Decode(pattern, s.offset);
    if (s.inside) {
      out.Insert(s);
      if (c == '/') Enter(pattern, token.next, out);
      return;
    }
    std::size_t end = s.offset;
    switch (token.kind) {
      case Kind::kLiteral:
        if (c == token.literal) Enter(pattern, token.next, out);
        break;
      case Kind::kAnyChar:
        if (c != '/') Enter(pattern, token.next, out);
        break;
      case Kind::kClass:
        if (c != '/' && MatchClass(pattern, s.offset, c, end)) Enter(pattern, token.next, out);
        break;
      case Kind::kStar:
        if (c != '/') Enter(pattern, s.offset, out);
        break;
      case Kind::kAnyString:
        Enter(pattern, s.offset, out);
        break;
      case Kind::kEnd:
      case Kind::kDirectories:  // consumes only through its inside state
        break;
    }
  });
  out.Finish();
}

template <typename States>
bool Run(std::string_view pattern, std::string_view path, States& states, States& next) {
  states.Clear();
  Enter(pattern, 0, states);
  states.Finish();
  for (const char c : path) {
    Step(pattern, states, c, next);
    if (next.Empty()) return false;
    std::swap(states, next);
  }
  return states.Contains(pattern.size());
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  // Most ignore patterns are a name ("node_modules") or "*" and a suffix
  // ("*.log"): those are compared directly, without the automaton.
  constexpr std::string_view kSpecial = "*?[\\";
  if (pattern.find_first_of(kSpecial) == std::string_view::npos) return pattern == path;
  if (pattern.size() > 1 && pattern[0] == '*' && pattern.find_first_of("*?[\\/", 1) == std::string_view::npos) {
    return path.find('/') == std::string_view::npos && path.ends_with(pattern.substr(1));
  }
  if (pattern.size() <= SmallStates::kMaxPattern) {
    SmallStates states;
    SmallStates next;
    return Run(pattern, path, states, next);
  }
  // Per-thread scratch: the walk matches every path against every pattern.
  thread_local LargeStates states;
  thread_local LargeStates next;
  return Run(pattern, path, states, next);
}

}  // namespace rekey
