// The simplex against an independent solver: GLPK's exact (rational arithmetic) simplex, a test-only oracle, on
// thousands of random master problems of the shapes the package optimiser builds (package_optimizer.cpp,
// solve_master), degenerate ones included; and the residuals (KKT conditions) of every answer negsim calls optimal.
#include "optimise/master_problem.hpp"
#include "optimise/simplex.hpp"
#include "random/random_stream.hpp"

#include <catch2/catch.hpp>
#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

using namespace negsim;

namespace {

// Residual thresholds the answers are checked against (relative, as in model/tolerance.hpp).
constexpr double kResidual = 1e-9;
// Agreement of optimal values with the exact oracle, relative to the value's size.
constexpr double kValueAgreement = 1e-9;

enum class Master { maximin, floors };

struct Case {
    Master shape = Master::maximin;
    std::size_t agents = 0;   // rows: one per bounded agent, then the convexity row
    std::size_t packages = 0; // utility columns
    LinearProgram lp;
    std::vector<std::vector<double>> u;  // the packages' utilities, floors and scales the LP was built from
    std::vector<double> floor, scale;
};

// A master problem as solve_master builds it, from draws of the stream keyed by (seed, n): columns are packages with
// utilities u_ji, floors f_i, scales s_i. Degenerate features are switched on at random: utilities on a coarse grid
// (ties), repeated columns, zero columns (a package worth exactly the floors), rows scaled by 10^[-6, 6].
Case draw(std::uint64_t seed, std::uint64_t n) {
    RandomStream rng(seed, n, 0x5e1f);
    const auto below = [&](std::size_t k) { return std::min(k - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(k))); };
    Case c;
    c.shape = rng.uniform() < 0.5 ? Master::maximin : Master::floors;
    c.agents = 1 + (rng.uniform() < 0.15 ? below(32) : below(8));
    c.packages = 1 + below(48);
    const bool ties = rng.uniform() < 0.3;
    const bool negative = rng.uniform() < 0.3;  // link terms make utilities negative
    const bool repeats = rng.uniform() < 0.3;
    const bool zeros = rng.uniform() < 0.2;
    const bool scaled = rng.uniform() < 0.3;
    const bool unit_scale = rng.uniform() < 0.5;
    const auto value = [&] {
        double v = negative ? 2.0 * rng.uniform() - 1.0 : rng.uniform();
        return ties ? std::round(4.0 * v) / 4.0 : v;
    };
    std::vector<std::vector<double>> u(c.packages, std::vector<double>(c.agents));
    std::vector<double> floor(c.agents), scale(c.agents), objective(c.agents), row_factor(c.agents, 1.0);
    for (std::size_t i = 0; i < c.agents; ++i) {
        floor[i] = c.shape == Master::floors ? 0.6 * value() : value();
        scale[i] = unit_scale ? 1.0 : ties ? 0.5 : 0.05 + rng.uniform();
        objective[i] = rng.uniform() < 0.3 ? 0.0 : ties ? 1.0 : rng.uniform();
        if (scaled && rng.uniform() < 0.5) row_factor[i] = std::pow(10.0, std::round(12.0 * rng.uniform() - 6.0));
    }
    for (std::size_t j = 0; j < c.packages; ++j) {
        if (j > 0 && repeats && rng.uniform() < 0.3) {
            u[j] = u[below(j)];
        } else if (zeros && rng.uniform() < 0.2) {
            for (std::size_t i = 0; i < c.agents; ++i) u[j][i] = floor[i];
        } else {
            for (std::size_t i = 0; i < c.agents; ++i) u[j][i] = value();
        }
    }
    // Columns: packages, then (maximin) z+ and z-, then one surplus per agent row. Rows: agents, then convexity.
    LinearProgram& lp = c.lp;
    const std::size_t z = c.shape == Master::maximin ? 2 : 0;
    lp.rows = c.agents + 1;
    lp.columns = c.packages + z + c.agents;
    for (std::size_t r = 0; r < lp.rows; ++r)
        for (std::size_t j = 0; j < lp.columns; ++j) lp.a[r][j] = 0.0;
    for (std::size_t j = 0; j < lp.columns; ++j) lp.c[j] = 0.0;
    for (std::size_t i = 0; i < c.agents; ++i) {
        const double f = row_factor[i];
        for (std::size_t j = 0; j < c.packages; ++j) lp.a[i][j] = f * (u[j][i] - floor[i]);
        if (z > 0) {
            lp.a[i][c.packages] = -f * scale[i];
            lp.a[i][c.packages + 1] = f * scale[i];
        }
        lp.a[i][c.packages + z + i] = -f;
        lp.b[i] = 0.0;
    }
    for (std::size_t j = 0; j < c.packages; ++j) lp.a[c.agents][j] = 1.0;
    lp.b[c.agents] = 1.0;
    if (z > 0) {
        lp.c[c.packages] = 1.0;
        lp.c[c.packages + 1] = -1.0;
    } else {
        for (std::size_t j = 0; j < c.packages; ++j)
            for (std::size_t i = 0; i < c.agents; ++i) lp.c[j] += objective[i] * u[j][i];
    }
    c.u = u;
    c.floor = floor;
    c.scale = scale;
    return c;
}

enum class Verdict { optimal, infeasible, unbounded, other };

struct Oracle {
    Verdict verdict = Verdict::other;
    double objective = 0.0;
};

// GLPK: the floating-point simplex for a starting basis, then the exact rational simplex from it.
Oracle glpk(const LinearProgram& lp) {
    glp_prob* prob = glp_create_prob();
    glp_set_obj_dir(prob, GLP_MAX);
    glp_add_rows(prob, static_cast<int>(lp.rows));
    glp_add_cols(prob, static_cast<int>(lp.columns));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0.0};
    for (std::size_t i = 0; i < lp.rows; ++i) {
        glp_set_row_bnds(prob, static_cast<int>(i + 1), GLP_FX, lp.b[i], lp.b[i]);
        for (std::size_t j = 0; j < lp.columns; ++j) {
            if (lp.a[i][j] == 0.0) continue;
            ia.push_back(static_cast<int>(i + 1));
            ja.push_back(static_cast<int>(j + 1));
            ar.push_back(lp.a[i][j]);
        }
    }
    for (std::size_t j = 0; j < lp.columns; ++j) {
        glp_set_col_bnds(prob, static_cast<int>(j + 1), GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(prob, static_cast<int>(j + 1), lp.c[j]);
    }
    glp_load_matrix(prob, static_cast<int>(ar.size() - 1), ia.data(), ja.data(), ar.data());
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.it_lim = 20000;  // the floating-point simplex only finds a starting basis; it can stall on the degenerate cases
    if (glp_simplex(prob, &parm) != 0) glp_std_basis(prob);
    Oracle out;
    if (glp_exact(prob, &parm) == 0) {
        const int status = glp_get_status(prob);
        out.verdict = status == GLP_OPT ? Verdict::optimal : status == GLP_NOFEAS ? Verdict::infeasible
                    : status == GLP_UNBND ? Verdict::unbounded : Verdict::other;
        out.objective = glp_get_obj_val(prob);
    }
    glp_delete_prob(prob);
    return out;
}

struct Answer {
    Verdict verdict = Verdict::other;
    double objective = 0.0;
    std::vector<double> x, y;
};

Verdict verdict_of(SolveStatus status) {
    switch (status) {
        case SolveStatus::optimal: return Verdict::optimal;
        case SolveStatus::infeasible: return Verdict::infeasible;
        case SolveStatus::unbounded: return Verdict::unbounded;
        default: return Verdict::other;
    }
}

Answer negsim_answer(const LinearProgram& lp) {
    const Solved<LpSolution> s = solve(lp);
    Answer a;
    a.verdict = verdict_of(s.status());
    if (a.verdict != Verdict::optimal) return a;
    a.objective = s->objective;
    a.x.assign(s->x.begin(), s->x.begin() + static_cast<std::ptrdiff_t>(lp.columns));
    a.y.assign(s->dual.begin(), s->dual.begin() + static_cast<std::ptrdiff_t>(lp.rows));
    return a;
}

// The largest relative violation of each KKT condition of max c'x s.t. Ax = b, x >= 0 (dual: y'A >= c), computed
// here from the data, independently of the solver, as model/tolerance.hpp defines them: a row's residual against
// |b_i| + ||a_i||_1 max|x|, a column's reduced cost against |c_j| + ||a_j||_1 max|y| (the size of the rounding error
// of a correct answer), complementary slackness as the reduced cost of a positive x_j.
struct Kkt {
    double primal = 0.0, dual = 0.0, complementarity = 0.0;
};

Kkt residuals(const LinearProgram& lp, const std::vector<double>& x, const std::vector<double>& y) {
    Kkt r;
    double x_size = 0.0, y_size = 0.0;
    for (double v : x) x_size = std::max(x_size, std::abs(v));
    for (double v : y) y_size = std::max(y_size, std::abs(v));
    for (std::size_t i = 0; i < lp.rows; ++i) {
        double sum = -lp.b[i], size = 0.0;
        for (std::size_t j = 0; j < lp.columns; ++j) {
            sum += lp.a[i][j] * x[j];
            size += std::abs(lp.a[i][j]);
        }
        const double scale = std::abs(lp.b[i]) + size * x_size;
        if (scale > 0.0) r.primal = std::max(r.primal, std::abs(sum) / scale);
    }
    for (std::size_t j = 0; j < lp.columns; ++j) {
        double reduced = -lp.c[j], size = 0.0;
        for (std::size_t i = 0; i < lp.rows; ++i) {
            reduced += lp.a[i][j] * y[i];
            size += std::abs(lp.a[i][j]);
        }
        if (x[j] < 0.0) r.primal = std::max(r.primal, -x[j] / x_size);  // x >= 0, relative to the largest x
        const double scale = std::abs(lp.c[j]) + size * y_size;
        if (scale == 0.0) continue;
        r.dual = std::max(r.dual, std::max(0.0, -reduced) / scale);
        if (x[j] > 0.0) r.complementarity = std::max(r.complementarity, std::abs(reduced) / scale);
    }
    return r;
}

// The same problem with the package columns moved to the end, as the package optimiser lays its live master out.
LinearProgram packages_last(const Case& c) {
    LinearProgram lp = c.lp;
    const std::size_t rest = c.lp.columns - c.packages;
    for (std::size_t j = 0; j < c.lp.columns; ++j) {
        const std::size_t from = j < rest ? c.packages + j : j - rest;
        for (std::size_t i = 0; i < lp.rows; ++i) lp.a[i][j] = c.lp.a[i][from];
        lp.c[j] = c.lp.c[from];
    }
    return lp;
}

}  // namespace

TEST_CASE("the simplex agrees with GLPK's exact simplex on random master problems", "[optimizer][oracle]") {
    glp_term_out(GLP_OFF);
    constexpr std::uint64_t kCases = 4000;
    std::size_t status_mismatch = 0, value_mismatch = 0, residual_failures = 0, optimal = 0, infeasible = 0;
    Kkt worst_residual;
    std::uint64_t worst_case = 0;
    for (std::uint64_t n = 0; n < kCases; ++n) {
        const Case c = draw(8, n);
        const Oracle exact = glpk(c.lp);
        REQUIRE(exact.verdict != Verdict::other);
        REQUIRE(exact.verdict != Verdict::unbounded);  // the masters are bounded: z by each row, mixes by convexity
        optimal += exact.verdict == Verdict::optimal;
        infeasible += exact.verdict == Verdict::infeasible;
        const Answer ours = negsim_answer(c.lp);
        if (ours.verdict != exact.verdict) {
            ++status_mismatch;
            if (status_mismatch <= 5)
                WARN("case " << n << ": negsim status " << static_cast<int>(ours.verdict) << ", GLPK " << static_cast<int>(exact.verdict)
                              << " (" << c.agents << " agents, " << c.packages << " packages)");
            continue;
        }
        if (ours.verdict != Verdict::optimal) continue;
        if (std::abs(ours.objective - exact.objective) > kValueAgreement * (1.0 + std::abs(exact.objective))) {
            ++value_mismatch;
            if (value_mismatch <= 5) WARN("case " << n << ": value " << ours.objective << ", GLPK " << exact.objective);
        }
        const Kkt r = residuals(c.lp, ours.x, ours.y);
        const double worst = std::max({r.primal, r.dual, r.complementarity});
        if (worst > std::max({worst_residual.primal, worst_residual.dual, worst_residual.complementarity})) worst_case = n;
        worst_residual.primal = std::max(worst_residual.primal, r.primal);
        worst_residual.dual = std::max(worst_residual.dual, r.dual);
        worst_residual.complementarity = std::max(worst_residual.complementarity, r.complementarity);
        if (worst > kResidual) {
            ++residual_failures;
            if (residual_failures <= 5)
                WARN("case " << n << ": residuals primal " << r.primal << ", dual " << r.dual << ", complementarity " << r.complementarity);
        }
    }
    INFO(optimal << " optimal and " << infeasible << " infeasible cases; " << status_mismatch << " status mismatches, "
                 << value_mismatch << " value mismatches, " << residual_failures << " residual failures (largest residuals: primal "
                 << worst_residual.primal << ", dual " << worst_residual.dual << ", complementarity " << worst_residual.complementarity
                 << "; the largest in case " << worst_case << ")");
    CHECK(optimal > kCases / 2);
    CHECK(infeasible > kCases / 20);
    CHECK(status_mismatch == 0);
    CHECK(value_mismatch == 0);
    CHECK(residual_failures == 0);
}

TEST_CASE("a warm-started simplex (columns appended to the live tableau) agrees with GLPK", "[optimizer][oracle]") {
    glp_term_out(GLP_OFF);
    constexpr std::uint64_t kCases = 1500;
    std::size_t status_mismatch = 0, value_mismatch = 0, residual_failures = 0, appended = 0;
    for (std::uint64_t n = 0; n < kCases; ++n) {
        const Case c = draw(9, n);
        const LinearProgram full = packages_last(c);
        // Solve with the first package only, then append the others one at a time, as column generation does.
        LinearProgram first = full;
        first.columns = full.columns - c.packages + 1;
        Simplex simplex;
        SolveStatus status = simplex.solve(first);
        std::array<double, kLpMaxRows> column{};
        // Every other case appends provisionally, as column generation does, and checks only the last answer.
        const bool checked = n % 2 == 0;
        for (std::size_t j = first.columns; j < full.columns; ++j) {
            for (std::size_t i = 0; i < full.rows; ++i) column[i] = full.a[i][j];
            status = simplex.add_column(column.data(), full.c[j], checked);
            ++appended;
        }
        bool changed = false;
        if (!checked) status = simplex.verify(changed);
        const Oracle exact = glpk(full);
        if (verdict_of(status) != exact.verdict) {
            ++status_mismatch;
            if (status_mismatch <= 5) WARN("case " << n << ": negsim status " << to_string(status) << ", GLPK " << static_cast<int>(exact.verdict));
            continue;
        }
        if (status != SolveStatus::optimal) continue;
        if (std::abs(simplex.objective() - exact.objective) > kValueAgreement * (1.0 + std::abs(exact.objective))) ++value_mismatch;
        std::vector<double> x(full.columns), y(full.rows);
        for (std::size_t j = 0; j < full.columns; ++j) x[j] = simplex.x(j);
        for (std::size_t i = 0; i < full.rows; ++i) y[i] = simplex.dual(i);
        const Kkt r = residuals(full, x, y);
        if (std::max({r.primal, r.dual, r.complementarity}) > kResidual) ++residual_failures;
        // The solver's own residuals agree with the independent ones.
        const Residuals own = simplex.residuals();
        CHECK(own.primal == Approx(r.primal).epsilon(0).margin(1e-13));
        CHECK(own.dual == Approx(r.dual).epsilon(0).margin(1e-13));
    }
    INFO(appended << " columns appended; " << status_mismatch << " status mismatches, " << value_mismatch << " value mismatches, "
                  << residual_failures << " residual failures");
    CHECK(status_mismatch == 0);
    CHECK(value_mismatch == 0);
    CHECK(residual_failures == 0);
}

TEST_CASE("a crash-started simplex (a feasible basis given up front) agrees with GLPK", "[optimizer][oracle]") {
    // The maximin masters' crash basis (master_problem.hpp): the best single package, z at its smallest scaled
    // surplus, the other rows' surplus variables. Also a basis that is not one (every row the first package), which
    // must fall back to the two-phase solve.
    glp_term_out(GLP_OFF);
    constexpr std::uint64_t kCases = 1500;
    std::size_t cases = 0, status_mismatch = 0, value_mismatch = 0, residual_failures = 0;
    for (std::uint64_t n = 0; n < kCases; ++n) {
        const Case c = draw(10, n);
        if (c.shape != Master::maximin) continue;
        ++cases;
        const LinearProgram& lp = c.lp;
        const std::size_t z = c.packages;  // z+; z- is z + 1, then the surplus columns
        // The package optimiser's own choice of the starting package, from the utilities the LP was built from.
        master::Columns columns;
        columns.count = c.packages;
        UtilityProgram program;
        for (std::size_t i = 0; i < c.agents; ++i) {
            program.bounded[i] = true;
            program.floor[i] = c.floor[i];
            program.scale[i] = c.scale[i];
            for (std::size_t j = 0; j < c.packages; ++j) columns.u[j][i] = c.u[j][i];
        }
        const master::SingleColumn single = master::best_single_column(master::Mode::maximin, c.agents, program, columns);
        REQUIRE(single.found);
        std::array<std::size_t, kLpMaxRows> crash{};
        for (std::size_t i = 0; i < c.agents; ++i) crash[i] = z + 2 + i;
        crash[single.tightest_row] = single.value >= 0.0 ? z : z + 1;
        crash[c.agents] = single.column;
        std::array<std::size_t, kLpMaxRows> singular{};  // every row the first package
        const Oracle exact = glpk(lp);
        for (const auto& basis : {crash, singular}) {
            Simplex simplex;
            LinearProgram& defined = simplex.define(lp.rows, lp.columns);
            defined = lp;
            const SolveStatus status = simplex.resolve_from(basis);
            if (verdict_of(status) != exact.verdict) {
                ++status_mismatch;
                continue;
            }
            if (status != SolveStatus::optimal) continue;
            if (std::abs(simplex.objective() - exact.objective) > kValueAgreement * (1.0 + std::abs(exact.objective))) ++value_mismatch;
            std::vector<double> x(lp.columns), y(lp.rows);
            for (std::size_t j = 0; j < lp.columns; ++j) x[j] = simplex.x(j);
            for (std::size_t i = 0; i < lp.rows; ++i) y[i] = simplex.dual(i);
            const Kkt r = residuals(lp, x, y);
            if (std::max({r.primal, r.dual, r.complementarity}) > kResidual) ++residual_failures;
        }
    }
    INFO(cases << " maximin cases; " << status_mismatch << " status mismatches, " << value_mismatch << " value mismatches, "
               << residual_failures << " residual failures");
    CHECK(cases > kCases / 3);
    CHECK(status_mismatch == 0);
    CHECK(value_mismatch == 0);
    CHECK(residual_failures == 0);
}
