// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex: records which scenario file produced a result, in a
// form `sha256sum` can check.
#pragma once

#include <string>
#include <string_view>

namespace negsim {

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace negsim
