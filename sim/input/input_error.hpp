// The one error type for bad user input (scenario files, command-line values). The command-line layer maps it to
// exit code 2; its message names the file, the place in it (a JSON pointer such as /agents/2/weights/territory)
// and what was expected.
#pragma once

#include "model/text.hpp"

#include <stdexcept>
#include <string>

namespace negsim {

// The longest message what() returns, in characters: a last bound on what one error can print (messages are built
// from pieces already cut by quote_text, so only a message listing many long names comes near it).
inline constexpr std::size_t kMessageChars = 4000;

class InputError : public std::runtime_error {
public:
    // what() is one line of valid UTF-8 whatever the three parts hold: each passes through printable_text (which leaves
    // text that is already printable, such as quote_text's output, unchanged).
    InputError(const std::string& file, const std::string& where, const std::string& message)
        : std::runtime_error(printable_text(file, kMessageChars) + ": " +
                             (where.empty() ? std::string() : printable_text(where, kMessageChars) + ": ") +
                             printable_text(message, kMessageChars)),
          file_(file), where_(where), message_(message) {}

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] const std::string& where() const { return where_; }
    [[nodiscard]] const std::string& message() const { return message_; }

private:
    std::string file_;
    std::string where_;
    std::string message_;
};

}  // namespace negsim
