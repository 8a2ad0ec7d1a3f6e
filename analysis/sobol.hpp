// Variance-based global sensitivity: first-order and total Sobol indices from a Saltelli design (Saltelli et al. 2010,
// "Variance based sensitivity analysis of model output. Design and estimator for the total sensitivity index",
// Comput. Phys. Commun. 181:259-270), with bootstrap percentile intervals (docs/sweeps.md).
// The design's layout lives here, below the sweep layer that draws it, so that the design and the estimator agree on
// which output is which by construction.
#pragma once

#include "analysis/wilson.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace negsim {

// A Saltelli design of N base rows and d factors has N * (d + 2) points: the N rows of A, the N rows of B, then for
// i = 1..d the N rows of A_B^i (A with column i taken from B). Point index = block * N + row, block 0 = A, 1 = B,
// 2 + i = A_B^i (i counted from 0 here).
enum class SobolMatrix { a, b, a_b };
struct SobolSlot {
    SobolMatrix matrix = SobolMatrix::a;
    std::size_t factor = 0;  // i for A_B^i (0-based); 0 for A and B
    std::size_t row = 0;     // j, 0..N-1
    friend bool operator==(const SobolSlot&, const SobolSlot&) = default;
};
// N * (d + 2); std::invalid_argument if that overflows.
[[nodiscard]] std::size_t sobol_point_count(std::size_t rows, std::size_t factors);
// Which matrix and row design point `point` is (std::out_of_range past the end), and back.
[[nodiscard]] SobolSlot sobol_slot(std::size_t point, std::size_t rows, std::size_t factors);
[[nodiscard]] std::size_t sobol_point(const SobolSlot& slot, std::size_t rows, std::size_t factors);

struct BootstrapOptions {
    std::size_t resamples = 1000;  // B; 0 gives no intervals (NaN bounds)
    std::uint64_t seed = 1;        // resample r draws its rows from RandomStream(seed, r, Purpose::bootstrap)
    double level = 0.95;           // central percentile interval
};

struct SobolIndex {
    double estimate = 0.0;  // NaN when the output does not vary over the rows used (V = 0) or fewer than 2 rows
    Interval interval;      // bootstrap percentile interval; NaN bounds when no resample gives a finite index
};

struct SobolIndices {
    std::size_t rows = 0;      // base rows used: every one of the row's d + 2 outputs finite
    std::size_t dropped = 0;   // base rows left out for a non-finite output
    double mean = 0.0;         // of the output over the used rows of A and B
    double variance = 0.0;     // V: unbiased variance over the used rows of A and B together (2 * rows values)
    std::vector<SobolIndex> first;  // S_i, per factor
    std::vector<SobolIndex> total;  // S_Ti, per factor
    SobolIndex first_sum;           // sum_i S_i (at most 1 for a model; above it only by estimation error), same bootstrap
};

// The indices of one output from its values at the design's points, in the order above (outputs.size() must equal
// sobol_point_count(rows, factors), else std::invalid_argument). With y centred by the mean m of the used A and B
// outputs:  S_i = (1/n) sum_j (f(B)_j - m) (f(A_B^i)_j - f(A)_j) / V          (Saltelli 2010, Table 2 (b))
//           S_Ti = (1/(2n)) sum_j (f(A)_j - f(A_B^i)_j)^2 / V                 (Jansen 1999; Saltelli 2010, Table 2 (f))
// Bootstrap: each resample draws n of the used rows with replacement (the same rows for every factor, and V
// recomputed from them); the interval is the type-7 percentiles of the finite resample indices.
[[nodiscard]] SobolIndices sobol_indices(std::span<const double> outputs, std::size_t rows, std::size_t factors,
                                         const BootstrapOptions& bootstrap = {});

// What a reader must be warned of in the indices of `output` (factor names in the design's order): an interval wider
// than tolerance::kSobolIntervalWidth, a first-order index above its total beyond both intervals (S_i <= S_Ti for any
// model), and first-order indices that sum to more than 1 beyond the sum's interval. One line each; none for an
// output whose indices are undefined (it does not vary).
[[nodiscard]] std::vector<std::string> sobol_warnings(const SobolIndices& indices, const std::string& output,
                                                      const std::vector<std::string>& factors);

// The p-quantile (Hyndman and Fan 1996, type 7: linear between order statistics) of sorted, non-empty values.
[[nodiscard]] double quantile_sorted(std::span<const double> sorted, double p);

}  // namespace negsim
