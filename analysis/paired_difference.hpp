// The difference of two proportions measured on the same samples (paired 0/1 outcomes), with its 95% interval:
// under common random numbers two sweep points see the same sample k, so the change in agreement between them is
// a paired difference, far tighter than what the two points' own intervals suggest (docs/sweeps.md).
// Interval: Newcombe (1998), "Improved confidence intervals for the difference between binomial proportions based
// on paired data", Statistics in Medicine 17:2635-2650, method 10 (square-and-add of the two Wilson intervals,
// corrected for the correlation of the pair).
#pragma once

#include "analysis/wilson.hpp"

#include <cstdint>
#include <span>

namespace negsim {

// The paired 2x2 table of outcomes x (first) and y (second) over the same n samples.
struct PairedCounts {
    std::uint64_t both = 0;         // x = 1, y = 1
    std::uint64_t first_only = 0;   // x = 1, y = 0
    std::uint64_t second_only = 0;  // x = 0, y = 1
    std::uint64_t neither = 0;      // x = 0, y = 0
    [[nodiscard]] std::uint64_t total() const { return both + first_only + second_only + neither; }
};

// Tallies two 0/1 vectors of the same length (any non-zero byte counts as 1); std::invalid_argument if the lengths
// differ.
[[nodiscard]] PairedCounts paired_counts(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second);

struct PairedDifference {
    double difference = 0.0;  // mean(x) - mean(y) = (first_only - second_only) / n
    Interval interval{-1.0, 1.0};  // Newcombe's method 10, within [-1, 1]; [-1, 1] when n = 0
};

[[nodiscard]] PairedDifference paired_difference(const PairedCounts& counts, double z = 1.959963984540054);

}  // namespace negsim
