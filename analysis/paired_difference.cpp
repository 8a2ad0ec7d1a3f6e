// Newcombe's paired-difference interval (paired_difference.hpp).
#include "analysis/paired_difference.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace negsim {

PairedCounts paired_counts(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second) {
    if (first.size() != second.size()) throw std::invalid_argument("paired outcomes of different lengths");
    PairedCounts c;
    for (std::size_t k = 0; k < first.size(); ++k) {
        const bool x = first[k] != 0, y = second[k] != 0;
        if (x && y) ++c.both;
        else if (x) ++c.first_only;
        else if (y) ++c.second_only;
        else ++c.neither;
    }
    return c;
}

PairedDifference paired_difference(const PairedCounts& counts, double z) {
    const std::uint64_t total = counts.total();
    if (total == 0) return {};
    const double n = static_cast<double>(total);
    const double a = static_cast<double>(counts.both), b = static_cast<double>(counts.first_only);
    const double c = static_cast<double>(counts.second_only), d = static_cast<double>(counts.neither);
    const double p1 = (a + b) / n, p2 = (a + c) / n;
    const Interval w1 = wilson_interval(counts.both + counts.first_only, total, z);
    const Interval w2 = wilson_interval(counts.both + counts.second_only, total, z);

    // Newcombe's phi: the correlation of the pair from the 2x2 table, 0 when a margin is empty; a positive AD - BC is
    // reduced by n/2 and floored at 0 (his continuity correction of phi, which method 10 uses).
    double phi = 0.0;
    const double margins = (a + b) * (c + d) * (a + c) * (b + d);
    if (margins > 0.0) {
        const double cross = a * d - b * c;
        const double corrected = cross > n / 2.0 ? cross - n / 2.0 : (cross >= 0.0 ? 0.0 : cross);
        phi = corrected / std::sqrt(margins);
    }
    const double low1 = p1 - w1.lo, high1 = w1.hi - p1, low2 = p2 - w2.lo, high2 = w2.hi - p2;
    const double delta = std::sqrt(std::max(0.0, low1 * low1 - 2.0 * phi * low1 * high2 + high2 * high2));
    const double epsilon = std::sqrt(std::max(0.0, high1 * high1 - 2.0 * phi * high1 * low2 + low2 * low2));
    const double theta = (b - c) / n;
    return {theta, {std::max(-1.0, theta - delta), std::min(1.0, theta + epsilon)}};
}

}  // namespace negsim
