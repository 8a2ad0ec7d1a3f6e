// The points of a sweep: a full grid, a Latin hypercube, or a Saltelli design for Sobol indices, over factors that are
// each a range or an explicit list of values (docs/sweeps.md, "Designs"). Pure functions of the Design: the same
// design and seed give the same points, in the same order, on any machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace negsim {

struct Factor {                                   // one varied parameter
    std::string name;                             // an override name
    double lo = 0.0, hi = 0.0; std::size_t levels = 0;  // a range (grid: `levels` equally spaced values, lo..hi)
    std::vector<std::string> values;              // or an explicit list (text as given); non-empty = list
    bool integer = false;                         // whole values only (protocol/rounds); ignored for a list
};

enum class DesignKind { grid, lhs, sobol };

struct Design {
    DesignKind kind = DesignKind::grid;
    std::vector<Factor> factors;
    std::size_t points = 0;   // lhs: K points; sobol: N base rows -> N * (d + 2) points; unused by grid
    std::uint64_t seed = 1;
};

struct DesignPoint {
    std::vector<std::string> values;  // per factor: the override text (a range's number by format_number, a list's
                                      // entry as given)
    std::vector<double> numbers;      // per factor: the number; for a list that is not all numbers, the entry's index
};

// What is wrong with a design, in one sentence naming the factor ("factor "x": ..."), or "" when it is valid:
// at least one factor, unique names; a range needs finite lo <= hi (an integer one a whole number in it) and, in a
// grid, levels >= 1; lhs needs points >= 1, sobol points >= 2; and design_size_error.
[[nodiscard]] std::string design_error(const Design& design);

// What is wrong with the design's number of points, or "": at most kMaxSweepPoints (model/capacity.hpp). Needs only
// the factors' numbers of values (grid) or the design's points (lhs, sobol), so it can be asked before the rest.
[[nodiscard]] std::string design_size_error(const Design& design);

// The number of points design_points returns (std::invalid_argument if the design is invalid).
[[nodiscard]] std::size_t design_size(const Design& design);

// Every point of the design, in a stable order (std::invalid_argument with design_error's text if it is invalid):
// - grid: the product of the factors' levels, first factor slowest. A range's level k of L is lo + (hi - lo) k/(L-1)
//   (hi exactly at k = L-1; L = 1 gives lo) as the shortest decimal within a unit in the last place (tolerance.hpp,
//   kGridLevelUlps), rounded to a whole number for an integer factor; a list in its order.
// - lhs: K points; factor i's range is cut into K equal strata, point k takes stratum pi_i(k) of a random permutation
//   pi_i and a uniform position within it: u = (pi_i(k) + v) / K.
// - sobol: for N rows, matrices A and B of independent uniforms u, and the points A, B, A_B^1 .. A_B^d in the order
//   of analysis/sobol.hpp (sobol_slot tells a point's matrix and row).
// For lhs and sobol, a uniform u in (0, 1) becomes lo + u (hi - lo) for a range, entry floor(u * count) of a list,
// and for an integer range the whole number floor(u * count) steps above the smallest whole number in [lo, hi]
// (count whole numbers in [lo, hi]), so that every whole value is equally likely and a stratum maps to whole values.
[[nodiscard]] std::vector<DesignPoint> design_points(const Design& design);

}  // namespace negsim
