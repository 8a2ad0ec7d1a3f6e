// A streaming stand-in for the sorted list of a run's agreed values on one issue: a fixed number of equal-width bins,
// each keeping its count, its smallest and largest value, and how many values equal each of those two. Memory is
// fixed, whatever the number of samples. Quantiles follow Hyndman & Fan (1996) type 7 (continuous) or type 1
// (discrete) on the sorted sample reconstructed bin by bin: the copies of the smallest value, the other values spread
// evenly between, the copies of the largest. The result equals the exact sample quantile whenever the order
// statistics involved are copies of a bin's smallest or largest value (so with few deals, and for values piled on
// one point, such as a range end or an agent's ideal, that is the lowest or highest in its bin), and is never
// further from it than one bin width, (max - min) / bins, otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace negsim {

class BinnedDistribution {
public:
    BinnedDistribution(double lo, double hi, std::size_t bins);

    void add(double value);
    [[nodiscard]] std::uint64_t count() const { return total_; }
    [[nodiscard]] double bin_width() const { return (hi_ - lo_) / static_cast<double>(count_.size()); }

    // Type 7: linear interpolation between order statistics. Needs count() > 0.
    [[nodiscard]] double quantile_linear(double q) const;
    // Type 1: the inverse empirical CDF, always one of the values. Needs count() > 0.
    [[nodiscard]] double quantile_discrete(double q) const;

    // Counts in `bins` equal-width bins over [lo, hi] (which must divide the fine bins evenly).
    [[nodiscard]] std::vector<std::uint64_t> histogram(std::size_t bins) const;

    // Values that hold at least `least` of the values: a value repeated exactly (found as a fine bin's smallest or
    // largest value, where a repeated value sits unless other values lie on both sides of it within its bin), or
    // else a fine bin holding that many values spread less than a bin width apart (exact == false; value: the middle of
    // their span). In increasing order.
    struct MassPoint {
        double value = 0.0;
        std::uint64_t count = 0;
        bool exact = true;
    };
    [[nodiscard]] std::vector<MassPoint> mass_points(std::uint64_t least) const;

private:
    [[nodiscard]] double order_statistic(std::uint64_t rank) const;  // 0-based

    double lo_;
    double hi_;
    std::vector<std::uint64_t> count_;
    std::vector<double> min_;
    std::vector<double> max_;
    std::vector<std::uint64_t> at_min_;  // how many values equal min_
    std::vector<std::uint64_t> at_max_;  // how many values equal max_
    std::uint64_t total_ = 0;
};

}  // namespace negsim
