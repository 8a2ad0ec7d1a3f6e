// Hyndman–Fan sample quantiles, types 7 and 1.
#include "quantiles.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

double quantile_linear(const std::vector<double>& sorted, double q) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
    const auto below = static_cast<std::size_t>(std::floor(h));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

double quantile_discrete(const std::vector<double>& sorted, double q) {
    const double nq = static_cast<double>(sorted.size()) * q;
    const auto rank = static_cast<std::size_t>(std::ceil(nq));
    return sorted[rank == 0 ? 0 : std::min(rank, sorted.size()) - 1];
}

}  // namespace negsim
