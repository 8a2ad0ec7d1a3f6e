// Strict JSON reading (json_reader.hpp): bounded file reading, encoding, depth and repeated-key checks, and the Node
// reads whose errors carry a JSON pointer.
#include "input/json_reader.hpp"

#include "input/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_set>

namespace negsim {

namespace {

// A UTF-16 or UTF-32 file, told by its byte-order mark or, without one, by the NUL bytes around its first character
// (JSON text starts with an ASCII character: RFC 4627, section 3); "" for anything else.
std::string other_unicode_encoding(std::string_view text) {
    const auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
    using namespace std::string_view_literals;
    if (starts("\x00\x00\xFE\xFF"sv)) return "UTF-32 (big-endian)";
    if (starts("\xFF\xFE\x00\x00"sv)) return "UTF-32 (little-endian)";
    if (starts("\xFE\xFF"sv)) return "UTF-16 (big-endian)";
    if (starts("\xFF\xFE"sv)) return "UTF-16 (little-endian)";
    const auto nul = [&](std::size_t i) { return i < text.size() && text[i] == '\0'; };
    if (text.size() >= 4 && nul(0) && nul(1) && nul(2) && !nul(3)) return "UTF-32 (big-endian)";
    if (text.size() >= 4 && !nul(0) && nul(1) && nul(2) && nul(3)) return "UTF-32 (little-endian)";
    if (text.size() >= 2 && nul(0) && !nul(1)) return "UTF-16 (big-endian)";
    if (text.size() >= 2 && !nul(0) && nul(1)) return "UTF-16 (little-endian)";
    return {};
}

// One pass over the text before the document is built: stops at the first syntax error, the first container nested
// deeper than kMaxDepth, or the first key repeated in its object (JSON allows repeated keys and nlohmann/json keeps
// the last one silently; in a scenario a repeated key is almost always a mistake). nlohmann's SAX parser keeps its own
// stack, so this pass does not recurse however deep the text.
class StrictChecker : public nlohmann::json_sax<json> {
public:
    enum class Found { nothing, syntax, too_deep, repeated_key } found = Found::nothing;
    std::string pointer;       // too_deep, repeated_key: where
    std::size_t byte = 0;      // syntax: the offset of the character where the parser stopped
    std::string syntax_error;  // syntax: nlohmann's message, printable and cut

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& k) override {
        Frame& frame = stack_.back();
        frame.key = pointer_token(k);
        if (!frame.keys.insert(k).second) return stop(Found::repeated_key, stack_.size());
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& e) override {
        found = Found::syntax;
        if (const auto* parse = dynamic_cast<const nlohmann::detail::parse_error*>(&e)) {
            byte = parse->byte > 0 ? parse->byte - 1 : 0;
            std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 1, column 2: <message>"
            if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
            syntax_error = "invalid JSON: " + printable_text(what, 200);
        } else {
            // nlohmann/json reports a number too large for a double (e.g. 1e999) as out_of_range, at the number's end.
            byte = position > last_token.size() ? position - last_token.size() : 0;
            syntax_error = printable_text(last_token, kEchoChars) + " is not a finite number (it overflows a double)";
        }
        return false;
    }

private:
    struct Frame {
        bool array;
        std::size_t index;  // arrays: the number of elements so far
        std::string key;    // objects: the current key, as a pointer token
        std::unordered_set<std::string> keys;
    };
    bool value() {
        if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
        return true;
    }
    bool open(bool array) {
        value();
        if (stack_.size() == kMaxDepth) return stop(Found::too_deep, stack_.size());
        stack_.push_back({array, 0, {}, {}});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }
    // Records the pointer through the first `levels` frames (an array frame points at its latest element).
    bool stop(Found what, std::size_t levels) {
        found = what;
        for (std::size_t i = 0; i < levels; ++i) {
            pointer.push_back('/');
            pointer.append(stack_[i].array ? std::to_string(stack_[i].index - 1) : stack_[i].key);
        }
        return false;
    }
    std::vector<Frame> stack_;
};

}  // namespace

std::string read_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::is_directory(status)) throw InputError(path, "", "is a folder; expected a scenario file");
    if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_fifo(status))
        throw InputError(path, "", "is not a regular file (a device or a socket); expected a scenario file");
    const auto limit_error = [&] {
        return InputError(path, "", "is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB (" + std::to_string(kMaxFileBytes) +
                                        " bytes), the largest scenario file negsim reads");
    };
    if (fs::is_regular_file(status) && fs::file_size(path, error) > kMaxFileBytes && !error) throw limit_error();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", "cannot open the file for reading");
    // Read in blocks up to one byte past the limit: a pipe or a file that grows has no size to check beforehand.
    std::string text;
    char block[1 << 16];
    while (in && text.size() <= kMaxFileBytes) {
        in.read(block, sizeof block);
        text.append(block, static_cast<std::size_t>(in.gcount()));
    }
    if (text.size() > kMaxFileBytes) throw limit_error();
    if (in.bad()) throw InputError(path, "", "could not be read to the end");
    return text;
}

json parse_json(std::string_view text, const std::string& file) {
    if (const std::string encoding = other_unicode_encoding(text); !encoding.empty())
        throw InputError(file, "", "the file is " + encoding + " text; negsim reads scenario files in UTF-8: save it as UTF-8");
    StrictChecker checker;
    json::sax_parse(text.begin(), text.end(), &checker);
    switch (checker.found) {
        case StrictChecker::Found::syntax: {
            std::size_t line = 1, column = 1;
            for (std::size_t i = 0; i < std::min(checker.byte, text.size()); ++i) {
                if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
            }
            throw InputError(file + ":" + std::to_string(line) + ":" + std::to_string(column), "", checker.syntax_error);
        }
        case StrictChecker::Found::too_deep:
            throw InputError(file, checker.pointer, "nested more than " + std::to_string(kMaxDepth) + " levels deep; a scenario needs at most 7");
        case StrictChecker::Found::repeated_key:
            throw InputError(file, checker.pointer, "repeated key; each key may appear only once in an object");
        case StrictChecker::Found::nothing: break;
    }
    return json::parse(text.begin(), text.end());  // valid and shallow: the pass above has seen all of it
}

std::string show(const json& value) {
    if (value.is_string()) return quote_text(value.get_ref<const std::string&>());
    if (value.is_array()) return value.empty() ? "an empty array" : "an array of " + std::to_string(value.size()) + (value.size() == 1 ? " element" : " elements");
    if (value.is_object()) return value.empty() ? "an empty object" : "an object with " + std::to_string(value.size()) + (value.size() == 1 ? " key" : " keys");
    return value.dump();  // a number, true, false or null: short, and not recursive
}

std::string what_is(const json& value) {
    if (value.is_number()) return show(value) + " is a number";
    if (value.is_string()) return show(value) + " is a string";
    if (value.is_boolean()) return show(value) + " is a boolean";
    return show(value);
}

std::string join_quoted(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + quote_text(words[i]);
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string best = closest_match(word, candidates);
    return best.empty() ? std::string() : " (did you mean " + quote_text(best) + "?)";
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : printable_text(key, kEchoChars)) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void Node::fail(const std::string& message) const { throw InputError(*file_, path_.empty() ? "/" : path_, message); }

const Node& Node::object(const std::vector<std::string>& allowed) const {
    if (!value_->is_object()) fail(what_is(*value_) + "; expected an object");
    for (const auto& item : value_->items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            child(item.key()).fail("unknown key " + quote_text(item.key()) + did_you_mean(item.key(), allowed) + "; allowed keys here: " + join_quoted(allowed));
    }
    return *this;
}

Node Node::required(const std::string& key) const {
    if (!value_->contains(key)) fail("missing required key " + quote_text(key));
    return child(key);
}

std::vector<Node> Node::array(std::size_t min_size, const char* what) const {
    if (!value_->is_array()) fail(what_is(*value_) + "; expected an array");
    if (value_->size() < min_size)
        fail((value_->empty() ? std::string("is empty") : "has only " + std::to_string(value_->size())) + "; at least " +
             (min_size == 1 ? std::string("one is") : std::to_string(min_size) + " " + what + " are") + " needed");
    std::vector<Node> out;
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i) out.push_back(child(i));
    return out;
}

std::string Node::string(bool allow_empty) const {
    if (!value_->is_string()) fail(what_is(*value_) + "; expected a string");
    const auto& s = value_->get_ref<const std::string&>();
    if (!allow_empty && s.empty()) fail("is empty; expected a non-empty string");
    return s;
}

std::string Node::identifier() const {
    const std::string s = string();
    if (!is_identifier(s)) fail(quote_text(s) + " is not a valid id; expected lower-case letters, digits and '_', starting with a letter");
    return s;
}

std::string Node::one_of(const std::vector<std::string>& choices) const {
    const std::string s = string();
    if (std::find(choices.begin(), choices.end(), s) == choices.end())
        fail(quote_text(s) + " is not one of " + join_quoted(choices) + did_you_mean(s, choices));
    return s;
}

double Node::number() const {
    if (!value_->is_number()) fail(what_is(*value_) + "; expected a number");
    const double x = value_->get<double>();
    if (!std::isfinite(x)) fail(show(*value_) + " is not a finite number");
    return x;
}

double Node::number_in(double lo, double hi, const std::string& expectation) const {
    const double x = number();
    if (x < lo || x > hi) fail(show(*value_) + " is out of range; " + expectation);
    return x;
}

std::uint64_t Node::unsigned_integer(std::uint64_t lo, std::uint64_t hi) const {
    const std::string range = "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    const bool integral = value_->is_number_unsigned() || (value_->is_number_integer() && value_->get<std::int64_t>() >= 0);
    if (!integral) fail(show(*value_) + " is not a non-negative integer; " + range);
    const auto x = value_->get<std::uint64_t>();
    if (x < lo || x > hi) fail(show(*value_) + " is out of range; " + range);
    return x;
}

void check_unique_id(const Node& id_node, const std::string& id, std::map<std::string, std::string>& seen) {
    const auto [it, inserted] = seen.emplace(id, id_node.path());
    if (!inserted) id_node.fail("duplicate id " + quote_text(id) + " (first used at " + it->second + ")");
}

std::size_t lookup(const Node& at, const std::string& key, const std::vector<std::string>& ids, const char* what) {
    const auto it = std::find(ids.begin(), ids.end(), key);
    if (it == ids.end()) at.fail(unknown_name(what, key, ids));
    return static_cast<std::size_t>(it - ids.begin());
}

}  // namespace negsim
