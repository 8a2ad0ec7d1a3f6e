// Sample quantiles (Hyndman & Fan 1996, "Sample quantiles in statistical packages", Am. Stat. 50:361).
#pragma once

#include <vector>

namespace negsim {

// Type 7 (linear interpolation between order statistics; R's and NumPy's default), for continuous values.
// `sorted` must be sorted ascending and non-empty; q in [0, 1].
[[nodiscard]] double quantile_linear(const std::vector<double>& sorted, double q);

// Type 1 (inverse of the empirical CDF, no interpolation), for discrete values: always one of the observations.
[[nodiscard]] double quantile_discrete(const std::vector<double>& sorted, double q);

}  // namespace negsim
