// Reads a scenario file (format version 1, docs/scenario-format.md) into a validated, immutable Scenario.
// Parsing is strict: unknown keys, wrong types, non-finite numbers and inconsistent references are InputErrors
// that name the file and the JSON pointer of the offending value.
#pragma once

#include "model/scenario.hpp"

#include <string>
#include <string_view>

namespace negsim {

// Loads and validates the scenario file at `path`. Throws InputError.
[[nodiscard]] Scenario load_scenario(const std::string& path);

// Validates scenario text; `file` is only used in error messages. Throws InputError.
[[nodiscard]] Scenario parse_scenario(std::string_view text, const std::string& file);

// Reads a whole file as bytes: a regular file or a pipe of at most kMaxFileBytes (64 MiB); a folder, a device or a
// larger file is an InputError, as is a file that cannot be read. Defined with the JSON reader (json_reader.cpp).
[[nodiscard]] std::string read_file(const std::string& path);

}  // namespace negsim
