// Strict JSON reading for the scenario loader, nothing scenario-specific: a file's bytes (bounded in size), its
// encoding, its nesting depth and repeated keys are checked before nlohmann/json builds a document, and every later
// read goes through a Node that knows its JSON pointer, so that every error names the place and what was expected.
// Private to the input layer (it exposes nlohmann/json).
#pragma once

#include "input/input_error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace negsim {

// ordered_json keeps the file's key order, so the first error reported is the first in the file.
using json = nlohmann::ordered_json;

// The largest file read (docs/scenario-format.md, "Limits"): a scenario of the largest shape the loader accepts is a
// few megabytes; the bound stops `negsim validate /dev/zero`-like inputs from reading until memory runs out.
inline constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;

// The deepest nesting of arrays and objects accepted (the format itself needs 7: /agents/0/links/0/if/0). Checked before any recursive
// walk of the document, so a deeply nested file is an error, not a stack overflow.
inline constexpr std::size_t kMaxDepth = 64;

// The text of one JSON document: UTF-8 (a UTF-16 or UTF-32 file is told to be saved as UTF-8), at most kMaxDepth
// levels deep, no repeated key in any object. Syntax errors are reported at file:line:column. Throws InputError.
[[nodiscard]] json parse_json(std::string_view text, const std::string& file);

// A value for a message: a number as written by nlohmann/json, a string through quote_text, true/false/null; an array
// or an object is described by its size, never printed.
[[nodiscard]] std::string show(const json& value);

// "0.5 is a number", "\"x\" is a string", "an array of 3 elements", "an object with 2 keys", "null": the start of a
// message about a value of the wrong type.
[[nodiscard]] std::string what_is(const json& value);

// "\"a\", \"b\", \"c\"", each through quote_text.
[[nodiscard]] std::string join_quoted(const std::vector<std::string>& words);

// " (did you mean \"weights\"?)" or "" (closest_match bounds the work).
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// One JSON pointer token (RFC 6901: '~' as ~0, '/' as ~1) for a message: printable and cut to kEchoChars characters.
[[nodiscard]] std::string pointer_token(std::string_view key);

// An id: lower-case ASCII letters, digits and '_', starting with a letter.
[[nodiscard]] bool is_identifier(std::string_view s);

// A JSON value together with its pointer; all reads go through it so that errors carry the place.
class Node {
public:
    Node(const json& value, std::string path, const std::string& file) : value_(&value), path_(std::move(path)), file_(&file) {}

    [[noreturn]] void fail(const std::string& message) const;

    [[nodiscard]] const json& raw() const { return *value_; }
    [[nodiscard]] const std::string& path() const { return path_; }

    // Requires an object whose keys are all in `allowed`; returns it for further reads.
    const Node& object(const std::vector<std::string>& allowed) const;

    [[nodiscard]] bool has(const std::string& key) const { return value_->contains(key); }

    // A node for a value that is not in the file (defaults), reported at `path`.
    [[nodiscard]] Node other(const json& value, std::string path) const { return Node(value, std::move(path), *file_); }

    [[nodiscard]] Node child(const std::string& key) const { return Node(value_->at(key), path_ + "/" + pointer_token(key), *file_); }
    [[nodiscard]] Node child(std::size_t index) const { return Node(value_->at(index), path_ + "/" + std::to_string(index), *file_); }

    [[nodiscard]] Node required(const std::string& key) const;

    // The elements of an array of at least `min_size` of them (`what` names them in the message).
    [[nodiscard]] std::vector<Node> array(std::size_t min_size = 0, const char* what = "elements") const;

    [[nodiscard]] std::string string(bool allow_empty = true) const;
    [[nodiscard]] std::string identifier() const;
    std::string one_of(const std::vector<std::string>& choices) const;

    // A finite number; number_in also requires lo <= x <= hi, and says `expectation` when it is not.
    [[nodiscard]] double number() const;
    [[nodiscard]] double number_in(double lo, double hi, const std::string& expectation) const;

    // An integer written without a decimal point or exponent, in [lo, hi].
    std::uint64_t unsigned_integer(std::uint64_t lo, std::uint64_t hi) const;

private:
    const json* value_;
    std::string path_;
    const std::string* file_;
};

// The ids of a list of issues, agents or shocks, in order.
[[nodiscard]] std::vector<std::string> ids_of(const auto& items) {
    std::vector<std::string> ids;
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
}

// Records the id at `id_node` in `seen` (id -> pointer of its first use); a second use is an error.
void check_unique_id(const Node& id_node, const std::string& id, std::map<std::string, std::string>& seen);

// Resolves `key` among `ids` (issue or agent ids, option names), with a "did you mean" on failure.
std::size_t lookup(const Node& at, const std::string& key, const std::vector<std::string>& ids, const char* what);

// Reads an object keyed by `ids` (each key one of them, in file order); calls read(index, node). With `require_all`,
// every id needs an entry. `what` names the ids in messages ("issue", "agent").
template <class Read>
void keyed_by(const Node& node, const std::vector<std::string>& ids, bool require_all, const char* what, Read read) {
    if (!node.raw().is_object()) node.fail(what_is(node.raw()) + "; expected an object keyed by " + what + " id");
    std::vector<bool> seen(ids.size(), false);
    for (const auto& item : node.raw().items()) {
        const Node child = node.child(item.key());
        const std::size_t k = lookup(child, item.key(), ids, what);
        seen[k] = true;
        read(k, child);
    }
    if (require_all)
        for (std::size_t k = 0; k < ids.size(); ++k)
            if (!seen[k]) node.fail("missing " + std::string(what) + " " + quote_text(ids[k]) + "; every " + what + " needs an entry here");
}

}  // namespace negsim
