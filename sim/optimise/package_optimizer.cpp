// Column generation over packages (package_optimizer.hpp).
#include "optimise/package_optimizer.hpp"

#include "optimise/simplex.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

constexpr std::size_t kMaxColumns = 48;
constexpr int kMaxRounds = 80;

enum class Mode { maximin, floors };

struct Columns {
    std::size_t count = 0;
    std::array<Package, kMaxColumns> x;
    std::array<std::array<double, kMaxAgents>, kMaxColumns> u;
};

void add_column(const Scenario& s, const Parameters& p, Columns& columns, const Package& x) {
    for (std::size_t j = 0; j < columns.count; ++j)
        if (columns.x[j] == x) return;
    if (columns.count == kMaxColumns) return;
    columns.x[columns.count] = x;
    for (std::size_t i = 0; i < p.agents; ++i) columns.u[columns.count][i] = utility(s, p, i, x);
    ++columns.count;
}

struct Master {
    bool optimal = false;
    double value = 0.0;
    std::array<double, kMaxColumns> weight{};
    Coefficients lambda{};      // -dual of each bounded agent's row: >= 0
    double convexity_dual = 0;  // dual of sum(weight) = 1
};

Master solve_master(Mode mode, const Parameters& p, const UtilityProgram& program, const Columns& columns) {
    LinearProgram lp;
    std::array<std::size_t, kMaxAgents> row_agent{};
    std::size_t rows = 0;
    for (std::size_t i = 0; i < p.agents; ++i)
        if (program.bounded[i]) row_agent[rows++] = i;
    const std::size_t m = columns.count;
    const std::size_t z_columns = mode == Mode::maximin ? 2 : 0;
    lp.rows = rows + 1;
    lp.columns = m + z_columns + rows;
    for (std::size_t r = 0; r <= rows; ++r)
        for (std::size_t j = 0; j < lp.columns; ++j) lp.a[r][j] = 0.0;
    for (std::size_t j = 0; j < lp.columns; ++j) lp.c[j] = 0.0;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t i = row_agent[r];
        for (std::size_t j = 0; j < m; ++j) lp.a[r][j] = columns.u[j][i] - program.floor[i];
        if (mode == Mode::maximin) {
            lp.a[r][m] = -program.scale[i];
            lp.a[r][m + 1] = program.scale[i];
        }
        lp.a[r][m + z_columns + r] = -1.0;  // surplus
        lp.b[r] = 0.0;
    }
    for (std::size_t j = 0; j < m; ++j) lp.a[rows][j] = 1.0;
    lp.b[rows] = 1.0;
    if (mode == Mode::maximin) {
        lp.c[m] = 1.0;
        lp.c[m + 1] = -1.0;
    } else {
        for (std::size_t j = 0; j < m; ++j) {
            double o = 0.0;
            for (std::size_t i = 0; i < p.agents; ++i) o += program.objective[i] * columns.u[j][i];
            lp.c[j] = o;
        }
    }
    const LpSolution solution = solve(lp);
    Master master;
    if (solution.status != LpSolution::Status::optimal) return master;
    master.optimal = true;
    master.value = solution.objective;
    for (std::size_t j = 0; j < m; ++j) master.weight[j] = solution.x[j];
    for (std::size_t r = 0; r < rows; ++r) master.lambda[row_agent[r]] = std::max(0.0, -solution.dual[r]);
    master.convexity_dual = solution.dual[rows];
    return master;
}

struct Run {
    bool feasible = false;
    double value = 0.0;
    Package mix{};
    Package heaviest{};
    Coefficients lambda{};
};

Run column_generation(Mode mode, const Scenario& s, const Parameters& p, const IdealOrder& order, const UtilityProgram& program,
                      const IssueBounds& bounds, Columns& columns) {
    if (columns.count == 0) {
        Coefficients c{};
        for (std::size_t i = 0; i < p.agents; ++i) c[i] = program.bounded[i] ? 1.0 : 1e-6;
        add_column(s, p, columns, weighted_optimum(s, p, order, c, bounds));
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (!program.bounded[i]) continue;
            Coefficients own{};
            for (std::size_t j = 0; j < p.agents; ++j) own[j] = j == i ? 1.0 : 1e-6;
            add_column(s, p, columns, weighted_optimum(s, p, order, own, bounds));
        }
    }
    Run run;
    Master master;
    for (int round = 0; round < kMaxRounds; ++round) {
        master = solve_master(mode, p, program, columns);
        if (!master.optimal) return run;
        // Price: the column with the largest reduced gain maximises sum_i (objective_i + lambda_i) u_i(x).
        Coefficients c{};
        double offset = master.convexity_dual;
        for (std::size_t i = 0; i < p.agents; ++i) {
            c[i] = (mode == Mode::floors ? program.objective[i] : 0.0) + master.lambda[i];
            offset += master.lambda[i] * (program.bounded[i] ? program.floor[i] : 0.0);
        }
        const Package x = weighted_optimum(s, p, order, c, bounds);
        double gain = -offset;
        for (std::size_t i = 0; i < p.agents; ++i) gain += c[i] * utility(s, p, i, x);
        const std::size_t before = columns.count;
        if (gain <= 1e-11 * (1.0 + std::abs(master.value))) break;
        add_column(s, p, columns, x);
        if (columns.count == before) break;  // full, or the column is already there (degenerate duals)
    }
    run.feasible = true;
    run.value = master.value;
    run.lambda = master.lambda;
    std::size_t heaviest = 0;
    for (std::size_t j = 0; j < columns.count; ++j)
        if (master.weight[j] > master.weight[heaviest]) heaviest = j;
    run.heaviest = columns.x[heaviest];
    for (std::size_t k = 0; k < p.issues; ++k) {
        // Where every column in the mix agrees (always so for fixed discrete issues), take the value itself rather
        // than a sum of weights that only rounds to 1.
        double mix = 0.0;
        bool agree = true;
        for (std::size_t j = 0; j < columns.count; ++j) {
            if (master.weight[j] <= 0.0) continue;
            mix += master.weight[j] * columns.x[j][k];
            agree = agree && columns.x[j][k] == run.heaviest[k];
        }
        run.mix[k] = agree || s.issues[k].discrete ? run.heaviest[k] : std::clamp(mix, bounds.lo[k], bounds.hi[k]);
        // A mix that lands on a bound up to rounding is the bound (1.7e-15 reads as a different package from 0).
        const double tolerance = 1e-12 * s.issues[k].span();
        if (run.mix[k] - bounds.lo[k] < tolerance) run.mix[k] = bounds.lo[k];
        if (bounds.hi[k] - run.mix[k] < tolerance) run.mix[k] = bounds.hi[k];
    }
    return run;
}

// Runs `solve(bounds)` for every combination of discrete options (or, past kMaxDiscreteCombinations, once with the
// discrete issues fixed at the heaviest column of an unrestricted run) and keeps the best feasible result.
template <class Solve>
ProgramResult over_discrete_options(const Scenario& s, const IssueBounds& bounds, Solve solve) {
    ProgramResult best;
    const auto consider = [&](const Run& run) {
        if (run.feasible && (!best.feasible || run.value > best.value)) {
            best.feasible = true;
            best.value = run.value;
            best.x = run.mix;
            best.lambda = run.lambda;
        }
    };
    if (for_each_discrete_choice(s, bounds, [&](const IssueBounds& box) { consider(solve(box)); }) > 0) return best;
    // Too many combinations: fix the discrete issues at the heaviest column of an unrestricted solve.
    const Run free = solve(bounds);
    IssueBounds fixed = bounds;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (s.issues[k].discrete) fixed.lo[k] = fixed.hi[k] = free.heaviest[k];
    consider(solve(fixed));
    return best;
}

}  // namespace

ProgramResult maximin(const Scenario& s, const Parameters& p, const IdealOrder& order, const UtilityProgram& program, const IssueBounds& bounds) {
    return over_discrete_options(s, bounds, [&](const IssueBounds& b) {
        Columns columns;
        return column_generation(Mode::maximin, s, p, order, program, b, columns);
    });
}

ProgramResult best_above_floors(const Scenario& s, const Parameters& p, const IdealOrder& order, const UtilityProgram& program,
                                const IssueBounds& bounds) {
    UtilityProgram feasibility = program;
    for (std::size_t i = 0; i < p.agents; ++i) feasibility.scale[i] = 1.0;
    return over_discrete_options(s, bounds, [&](const IssueBounds& b) {
        // First the largest smallest surplus over the floors: the floors can be met exactly when it is >= 0. Its
        // columns then seed the floors problem, whose master is feasible from the start.
        Columns columns;
        const Run check = column_generation(Mode::maximin, s, p, order, feasibility, b, columns);
        if (!check.feasible || check.value < -1e-9) return Run{};
        return column_generation(Mode::floors, s, p, order, program, b, columns);
    });
}

}  // namespace negsim
