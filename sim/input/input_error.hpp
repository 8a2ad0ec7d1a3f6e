// The one error type for bad user input (scenario files, command-line values). The command-line layer maps it to
// exit code 2; its message names the file, the place in it (a JSON pointer such as /agents/2/weights/territory)
// and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace negsim {

class InputError : public std::runtime_error {
public:
    InputError(const std::string& file, const std::string& where, const std::string& message)
        : std::runtime_error(file + ": " + (where.empty() ? std::string() : where + ": ") + message),
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
