// Fixed-memory quantiles and histograms (binned_distribution.hpp).
#include "analysis/binned_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

BinnedDistribution::BinnedDistribution(double lo, double hi, std::size_t bins)
    : lo_(lo), hi_(hi), count_(bins, 0), min_(bins, std::numeric_limits<double>::infinity()), max_(bins, -std::numeric_limits<double>::infinity()),
      at_min_(bins, 0), at_max_(bins, 0) {}

void BinnedDistribution::add(double value) {
    const double position = (value - lo_) / (hi_ - lo_) * static_cast<double>(count_.size());
    const auto bin = static_cast<std::size_t>(std::clamp(position, 0.0, static_cast<double>(count_.size() - 1)));
    ++count_[bin];
    if (value < min_[bin]) {
        min_[bin] = value;
        at_min_[bin] = 1;
    } else if (value == min_[bin]) {
        ++at_min_[bin];
    }
    if (value > max_[bin]) {
        max_[bin] = value;
        at_max_[bin] = 1;
    } else if (value == max_[bin]) {
        ++at_max_[bin];
    }
    ++total_;
}

double BinnedDistribution::order_statistic(std::uint64_t rank) const {
    std::uint64_t before = 0;
    for (std::size_t b = 0; b < count_.size(); ++b) {
        if (rank < before + count_[b]) {
            const std::uint64_t within = rank - before;
            if (min_[b] == max_[b] || within < at_min_[b]) return min_[b];
            if (within >= count_[b] - at_max_[b]) return max_[b];
            // The values strictly between, spread evenly over (min, max).
            const std::uint64_t middle = count_[b] - at_min_[b] - at_max_[b];
            return min_[b] + (max_[b] - min_[b]) * static_cast<double>(within - at_min_[b] + 1) / static_cast<double>(middle + 1);
        }
        before += count_[b];
    }
    return hi_;
}

double BinnedDistribution::quantile_linear(double q) const {
    const double h = static_cast<double>(total_ - 1) * q;
    const auto below = static_cast<std::uint64_t>(std::floor(h));
    const double low = order_statistic(below);
    if (below + 1 >= total_) return low;
    return low + (h - static_cast<double>(below)) * (order_statistic(below + 1) - low);
}

double BinnedDistribution::quantile_discrete(double q) const {
    const auto rank = static_cast<std::uint64_t>(std::ceil(static_cast<double>(total_) * q));
    return order_statistic(rank == 0 ? 0 : std::min(rank, total_) - 1);
}

std::vector<std::uint64_t> BinnedDistribution::histogram(std::size_t bins) const {
    std::vector<std::uint64_t> out(bins, 0);
    const std::size_t per = count_.size() / bins;
    for (std::size_t b = 0; b < count_.size(); ++b) out[std::min(b / per, bins - 1)] += count_[b];
    return out;
}

std::vector<BinnedDistribution::MassPoint> BinnedDistribution::mass_points(std::uint64_t least) const {
    std::vector<MassPoint> points;
    for (std::size_t b = 0; b < count_.size(); ++b) {
        if (count_[b] < least || least == 0) continue;
        const bool low = at_min_[b] >= least, high = at_max_[b] >= least && max_[b] != min_[b];
        if (low) points.push_back({min_[b], min_[b] == max_[b] ? count_[b] : at_min_[b], true});
        if (high) points.push_back({max_[b], at_max_[b], true});
        if (!low && !high) points.push_back({0.5 * (min_[b] + max_[b]), count_[b], false});
    }
    return points;
}

}  // namespace negsim
