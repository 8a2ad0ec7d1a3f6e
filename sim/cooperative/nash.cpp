// The Nash bargaining solution (solutions.hpp): column generation over weighted-sum optima, with the restricted master
// solved by pairwise Frank-Wolfe and Newton steps (docs/solutions.md, "Methods").
#include "cooperative/solutions.hpp"

#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "optimise/package_optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

// The restricted master of the Nash product over generated columns (simplicial decomposition, von Hohenbalken 1977):
// packages x^k with utilities U^k and weights lambda on the simplex, and the mixed utilities u = sum_k lambda_k U^k.
// Utilities are concave in the package within a box, so the mixed package sum_k lambda_k x^k is worth at least u to
// every agent: maximising over mixes of columns never overstates what a package achieves.
struct Columns {
    std::array<Package, tolerance::kNashColumns> x{};
    std::array<std::array<double, kMaxAgents>, tolerance::kNashColumns> u{};
    std::array<double, tolerance::kNashColumns> lambda{};
    std::size_t count = 0;
    std::array<double, kMaxAgents> mixed{};  // sum_k lambda_k U^k
};

double master_objective(const std::array<double, kMaxAgents>& u, std::size_t agents, const AgentValues& d, const AgentValues& w) {
    double f = 0.0;
    for (std::size_t i = 0; i < agents; ++i) {
        if (w[i] <= 0.0) continue;
        if (!(u[i] - d[i] > 0.0)) return -std::numeric_limits<double>::infinity();
        f += w[i] * std::log(u[i] - d[i]);
    }
    return f;
}

// One Newton step on the columns in use (lambda_k > 0) that keeps sum_k lambda_k = 1 (the KKT system of the quadratic
// model, by Gaussian elimination with partial pivoting) and lambda >= 0 (the step stops at the first column it
// empties), taken only if it raises the objective (halving otherwise). Pairwise Frank-Wolfe converges linearly at a
// rate set by the conditioning (power ratios of 1e6 make it crawl); once it has found the support, Newton finishes.
void newton_step(Columns& c, std::size_t agents, const AgentValues& d, const AgentValues& w) {
    constexpr std::size_t kMax = tolerance::kNashColumns + 1;
    std::array<std::size_t, tolerance::kNashColumns> in{};
    std::size_t m = 0;
    for (std::size_t k = 0; k < c.count; ++k)
        if (c.lambda[k] > 0.0) in[m++] = k;
    if (m < 2) return;
    std::array<double, kMaxAgents> first{}, second{};  // w_i / s_i and w_i / s_i^2
    for (std::size_t i = 0; i < agents; ++i) {
        if (w[i] <= 0.0) continue;
        const double surplus = c.mixed[i] - d[i];
        first[i] = w[i] / surplus;
        second[i] = first[i] / surplus;
    }
    std::array<std::array<double, kMax + 1>, kMax> a;  // [H 1 | -G; 1' 0 | 0], H = -U' diag(second) U
    double largest = 0.0;
    for (std::size_t r = 0; r < m; ++r) {
        double g = 0.0;
        for (std::size_t i = 0; i < agents; ++i) g += first[i] * c.u[in[r]][i];
        for (std::size_t q = 0; q < m; ++q) {
            double h = 0.0;
            for (std::size_t i = 0; i < agents; ++i) h -= second[i] * c.u[in[r]][i] * c.u[in[q]][i];
            a[r][q] = h;
        }
        largest = std::max(largest, -a[r][r]);
        a[r][m] = 1.0;
        a[r][m + 1] = -g;
    }
    for (std::size_t q = 0; q < m; ++q) a[m][q] = 1.0;
    a[m][m] = 0.0;
    a[m][m + 1] = 0.0;
    for (std::size_t r = 0; r < m; ++r) a[r][r] -= tolerance::kNashRidge * largest;  // columns may be affinely dependent
    const std::size_t n = m + 1;
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
        if (!(std::abs(a[pivot][col]) > 0.0)) return;
        std::swap(a[pivot], a[col]);
        for (std::size_t r = col + 1; r < n; ++r) {
            const double f = a[r][col] / a[col][col];
            for (std::size_t q = col; q <= n; ++q) a[r][q] -= f * a[col][q];
        }
    }
    std::array<double, kMax> delta{};
    for (std::size_t r = n; r-- > 0;) {
        double v = a[r][n];
        for (std::size_t q = r + 1; q < n; ++q) v -= a[r][q] * delta[q];
        delta[r] = v / a[r][r];
    }
    double t = 1.0;
    std::size_t emptied = m;
    for (std::size_t r = 0; r < m; ++r)
        if (delta[r] < 0.0 && c.lambda[in[r]] < -t * delta[r]) {
            t = c.lambda[in[r]] / -delta[r];
            emptied = r;
        }
    const double before = master_objective(c.mixed, agents, d, w);
    for (int halving = 0; halving < tolerance::kNashNewtonHalvings; ++halving, t *= 0.5, emptied = m) {
        std::array<double, kMaxAgents> u{};
        for (std::size_t r = 0; r < m; ++r) {
            const double lambda = r == emptied ? 0.0 : std::max(0.0, c.lambda[in[r]] + t * delta[r]);
            for (std::size_t i = 0; i < agents; ++i) u[i] += lambda * c.u[in[r]][i];
        }
        if (!(master_objective(u, agents, d, w) > before)) continue;
        double total = 0.0;
        for (std::size_t r = 0; r < m; ++r) {
            c.lambda[in[r]] = r == emptied ? 0.0 : std::max(0.0, c.lambda[in[r]] + t * delta[r]);
            total += c.lambda[in[r]];
        }
        c.mixed = {};
        for (std::size_t r = 0; r < m; ++r) {
            c.lambda[in[r]] /= total;
            for (std::size_t i = 0; i < agents; ++i) c.mixed[i] += c.lambda[in[r]] * c.u[in[r]][i];
        }
        return;
    }
}

// Maximises sum_i w_i log(u_i - d_i) over the columns' mixes by pairwise Frank-Wolfe (Lacoste-Julien & Jaggi 2015,
// "On the global linear convergence of Frank-Wolfe optimization variants", NeurIPS): weight moves from the active
// column the gradient likes least to the column it likes most, with an exact line search; linear convergence on
// the polytope of mixes, where plain Frank-Wolfe zig-zags between corners. Stops when the gap between the two columns
// is within tolerance::kNashInnerGap, or within `enough` (the master need not be solved far more exactly than the
// outer gap it serves). Each step is followed by a Newton step on the columns in use (newton_step).
void solve_master(Columns& c, std::size_t agents, const AgentValues& d, const AgentValues& w, double enough) {
    for (int it = 0; it < tolerance::kNashInnerIterations; ++it) {
        std::size_t toward = 0, away = c.count;
        double best = -std::numeric_limits<double>::infinity(), worst = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < c.count; ++k) {
            double slope = 0.0;
            for (std::size_t i = 0; i < agents; ++i)
                if (w[i] > 0.0) slope += w[i] * c.u[k][i] / (c.mixed[i] - d[i]);
            if (slope > best) best = slope, toward = k;
            if (c.lambda[k] > 0.0 && slope < worst) worst = slope, away = k;
        }
        if (away == c.count || best - worst <= std::max(enough, tolerance::kNashInnerGap * std::max(1.0, std::abs(best)))) return;
        const double room = c.lambda[away];
        // The derivative of the objective along the move, decreasing in gamma (concave); -inf where a surplus is gone.
        const auto slope_at = [&](double gamma) {
            double slope = 0.0;
            for (std::size_t i = 0; i < agents; ++i) {
                if (w[i] <= 0.0) continue;
                const double delta = c.u[toward][i] - c.u[away][i];
                const double surplus = c.mixed[i] + gamma * delta - d[i];
                if (surplus <= 0.0) return -std::numeric_limits<double>::infinity();
                slope += w[i] * delta / surplus;
            }
            return slope;
        };
        double gamma = room;
        if (slope_at(room) < 0.0) {
            double lo = 0.0, hi = room;
            for (int b = 0; b < tolerance::kNashLineSearchSteps && hi - lo > 0.0; ++b) {
                const double mid = 0.5 * (lo + hi);
                if (mid <= lo || mid >= hi) break;
                (slope_at(mid) > 0.0 ? lo : hi) = mid;
            }
            gamma = lo;
        }
        if (gamma <= 0.0) {  // no representable progress along the pair: Newton may still move the support
            newton_step(c, agents, d, w);
            return;
        }
        c.lambda[toward] += gamma;
        c.lambda[away] = gamma == room ? 0.0 : c.lambda[away] - gamma;
        for (std::size_t i = 0; i < agents; ++i) c.mixed[i] += gamma * (c.u[toward][i] - c.u[away][i]);
        newton_step(c, agents, d, w);
    }
}

void add_column(const Negotiation& n, Columns& c, const Package& x, double lambda) {
    if (c.count == tolerance::kNashColumns) {  // full: drop the columns the mix no longer uses
        c.count = keep_weighted_columns(c.count, c.x, c.u, c.lambda);
        if (c.count == tolerance::kNashColumns) return;
    }
    c.x[c.count] = x;
    for (std::size_t i = 0; i < n.parameters.agents; ++i) c.u[c.count][i] = utility(n, i, x);
    c.lambda[c.count] = lambda;
    ++c.count;
}

struct BoxNash {
    Package x{};
    double gap = std::numeric_limits<double>::infinity();
    bool converged = false;
};

// The Nash product within one box (discrete issues fixed), from a package with every surplus positive: columns are
// weighted-sum optima at the gradient (the Frank-Wolfe oracle); after each, the master is solved over all columns.
// The gap max_y sum_i g_i (u_i(y) - u_i) at the master's optimum bounds the shortfall of its log product from the
// optimum (concavity of log), so it is the stopping rule: tolerance::kNashGap.
BoxNash nash_in_box(const Negotiation& n, const IssueBounds& box, const Package& start, const AgentValues& d, const AgentValues& w,
                    int iterations) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Columns c;
    add_column(n, c, start, 1.0);
    c.mixed = c.u[0];
    BoxNash result;
    double enough = 0.0;  // the master's own stopping gap: a fraction of the last outer gap, exact at the end
    for (int it = 0; it < iterations; ++it) {
        solve_master(c, p.agents, d, w, enough);
        Coefficients g{};
        for (std::size_t i = 0; i < p.agents; ++i)
            if (w[i] > 0.0) g[i] = w[i] / (c.mixed[i] - d[i]);
        const Package target = weighted_optimum(n, g, box);
        // The gap, and what rounding allows of it: g_i carries the relative error eps (|u_i| + |d_i|) / (u_i - d_i) of
        // the surplus it divides by, which a target far from the mix multiplies.
        double gap = 0.0, scale = 0.0, noise = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (w[i] <= 0.0) continue;
            const double toward = utility(n, i, target) - c.mixed[i];
            gap += g[i] * toward;
            scale += g[i] * c.mixed[i];
            noise += g[i] * std::abs(toward) * (std::abs(c.mixed[i]) + std::abs(d[i])) / (c.mixed[i] - d[i]);
        }
        result.gap = gap;
        if (gap <= tolerance::kNashGap * std::max(1.0, std::abs(scale)) + tolerance::kNashRounding * noise) {
            result.converged = true;
            break;
        }
        bool known = false;  // the master already had this column: only a more exact master can close the gap
        for (std::size_t k = 0; k < c.count && !known; ++k) known = c.x[k] == target;
        if (known && enough == 0.0) break;
        enough = known ? 0.0 : tolerance::kNashMasterShare * gap;
        if (known) continue;
        const std::size_t before = c.count;
        add_column(n, c, target, 0.0);
        if (c.count == before && c.count == tolerance::kNashColumns) break;  // no room: report, do not pretend
    }
    std::size_t heaviest = 0;
    for (std::size_t j = 0; j < c.count; ++j)
        if (c.lambda[j] > c.lambda[heaviest]) heaviest = j;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        if (s.issues[k].discrete) {
            // A discrete issue cannot be mixed (the box fixes it, except past the enumerated combinations): the
            // heaviest column's option, and where the columns in the mix disagree the answer is no longer the
            // optimum over mixes, so it is not reported as converged.
            result.x[k] = c.x[heaviest][k];
            for (std::size_t j = 0; j < c.count; ++j) result.converged = result.converged && (c.lambda[j] <= 0.0 || c.x[j][k] == result.x[k]);
            continue;
        }
        double mix = 0.0;
        for (std::size_t j = 0; j < c.count; ++j) mix += c.lambda[j] * c.x[j][k];
        result.x[k] = std::clamp(mix, box.lo[k], box.hi[k]);  // a mix of packages in the box, up to rounding
    }
    return result;
}

double log_product(const Negotiation& n, const Package& x, const AgentValues& d, const AgentValues& w) {
    const Parameters& p = n.parameters;
    double f = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) {
        if (w[i] <= 0.0) continue;
        const double surplus = utility(n, i, x) - d[i];
        if (surplus <= 0.0) return -std::numeric_limits<double>::infinity();
        f += w[i] * std::log(surplus);
    }
    return f;
}

}  // namespace

Solution nash_solution(const Negotiation& n, const AgentValues& d, const AgentValues& weight, int iterations) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Solution best;
    AgentValues w{};  // normalised to sum 1: the solution is the same, and the gap is in comparable units
    double total = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) total += weight[i] > 0.0 ? weight[i] : 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) w[i] = total > 0.0 && weight[i] > 0.0 ? weight[i] / total : 0.0;
    double best_value = -std::numeric_limits<double>::infinity();
    bool every_box_converged = true;
    const UtilityProgram start = surplus_program(p.agents, d, w);
    if (!start.anyone(p.agents)) return best;  // an empty product: no party to bargain for
    for (const IssueBounds& region : s.regions) {
        const auto solve_box = [&](const IssueBounds& box) {
            // No answer: no agent has a positive weight (unbounded). A stalled answer is a real package whose
            // surpluses are at least its value, so it is a valid starting point all the same.
            const ProgramResult inner = maximin(n, start, box);
            if (!inner.has_value() || inner->value <= tolerance::kAccept) return;  // no package in the box gives every agent a positive surplus
            const BoxNash found = nash_in_box(n, box, inner->x, d, w, iterations);
            // Its columns see the box only: a package outside the box's aggregate ranges is no solution.
            if (!within_limits(s, box, found.x)) {
                every_box_converged = false;
                return;
            }
            every_box_converged = every_box_converged && found.converged;
            const double value = log_product(n, found.x, d, w);
            if (value > best_value) {
                best_value = value;
                best = {true, found.x, found.gap};
            }
        };
        if (for_each_discrete_choice(s, region, solve_box) == 0) solve_box(region);
    }
    // A box that did not converge may hide a better product than the one found: the result is then not a solution.
    best.converged = every_box_converged;
    return best;
}

}  // namespace negsim
