// A small dense linear-programme solver: the master problems of package optimisation (package_optimizer.hpp) have a
// few dozen rows and columns, so a textbook two-phase tableau simplex with Bland's rule (Bland 1977, which cannot
// cycle on the highly degenerate rows these problems have) is exact enough and allocates nothing.
#pragma once

#include <array>
#include <cstddef>

namespace negsim {

inline constexpr std::size_t kLpMaxRows = 36;
inline constexpr std::size_t kLpMaxColumns = 160;

// maximise c'x subject to A x = b, x >= 0. Rows with b < 0 are negated internally. Only the first `rows` x `columns`
// entries are read; the rest may stay uninitialised (a zeroed 46 KB matrix per solve would cost more than solving).
struct LinearProgram {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::array<std::array<double, kLpMaxColumns>, kLpMaxRows> a;
    std::array<double, kLpMaxRows> b;
    std::array<double, kLpMaxColumns> c;
};

struct LpSolution {
    enum class Status { optimal, infeasible, unbounded, iteration_limit } status = Status::infeasible;
    double objective = 0.0;
    std::array<double, kLpMaxColumns> x{};
    std::array<double, kLpMaxRows> dual{};  // y with y'A >= c at the optimum (shadow price of each row's b)
};

[[nodiscard]] LpSolution solve(const LinearProgram& lp);

}  // namespace negsim
