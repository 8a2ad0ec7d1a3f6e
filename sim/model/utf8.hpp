// The one check that text read from a file is UTF-8 (text.cpp, beside the decoder that printable_text uses): every
// text negsim writes into a scenario must be UTF-8, so the readers of other formats check each name with it.
#pragma once

#include <string>
#include <string_view>

namespace negsim {

// "" when `text` is valid UTF-8 (the bytes printable_text shows as they are); else the message for its first byte that
// is not, naming it (text that is not UTF-8 cannot be written into a scenario's JSON).
[[nodiscard]] std::string utf8_problem(std::string_view text);

}  // namespace negsim
