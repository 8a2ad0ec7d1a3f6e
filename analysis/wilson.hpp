// Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of succession, and
// statistical inference", JASA 22:209). Better coverage than the normal interval near 0 and 1.
#pragma once

#include <cstdint>

namespace negsim {

struct Interval {
    double lo = 0.0;
    double hi = 1.0;
};

// z = 1.959964 gives the 95% interval. With n = 0 the interval is [0, 1].
[[nodiscard]] Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z = 1.959963984540054);

}  // namespace negsim
