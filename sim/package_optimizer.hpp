// Exact optimisation over packages when the objective and constraints are about the agents' utilities:
//   maximin:  maximise z  subject to  u_i(x) - floor_i >= scale_i * z  for every agent i in `bounded`
//   floors:   maximise sum_i objective_i * u_i(x)  subject to  u_i(x) >= floor_i  for every agent i in `bounded`
// Column generation (Dantzig & Wolfe 1960): the columns are weighted-sum optima (weighted_optimum.hpp, exact per
// issue); the master problem over mixes of columns is a small LP (simplex.hpp) whose duals price the next column.
// Because every value function is concave on a continuous issue, the mixed package is worth at least the mix of
// utilities, so the master optimum is attained by a real package: exact for continuous issues. Discrete issues cannot
// be mixed: every combination of their options is solved separately (up to kMaxDiscreteCombinations; beyond that the
// discrete issues are fixed at the options of the heaviest column of a first, unrestricted solve).
#pragma once

#include "parameters.hpp"
#include "scenario.hpp"
#include "weighted_optimum.hpp"

#include <array>
#include <cstddef>

namespace negsim {

inline constexpr std::size_t kMaxDiscreteCombinations = 64;

struct UtilityProgram {
    std::array<bool, kMaxAgents> bounded{};   // the agents the constraints apply to
    std::array<double, kMaxAgents> floor{};   // floor_i
    std::array<double, kMaxAgents> scale{};   // scale_i > 0 (maximin only)
    Coefficients objective{};                 // objective_i >= 0 (floors only)
};

struct ProgramResult {
    bool feasible = false;  // floors: some package meets every floor; maximin: always true
    double value = 0.0;     // maximin: z*; floors: the objective at the optimum
    Package x{};
};

[[nodiscard]] ProgramResult maximin(const Scenario& s, const Parameters& p, const IdealOrder& order, const UtilityProgram& program,
                                    const IssueBounds& bounds);

[[nodiscard]] ProgramResult best_above_floors(const Scenario& s, const Parameters& p, const IdealOrder& order,
                                              const UtilityProgram& program, const IssueBounds& bounds);

}  // namespace negsim
