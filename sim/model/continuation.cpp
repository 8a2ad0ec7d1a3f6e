// Baron–Ferejohn stationary continuation values (continuation.hpp; derivation in docs/protocols.md).
//
// Classes: R the required agents (bought by every other proposer), P the other voters (the pool a proposer buys votes
// from), O the rest (never bought). With M = quorum − (required voters), a required or O proposer buys M pool votes,
// a pool proposer M − 1 (its own vote counts). In equilibrium the pool splits by price c_j = d_j v_j around one level
// λ: A (c_j < λ, bought by every other proposer), G (c_j = λ, bought with mixing probabilities) and D (c_j > λ, never
// bought), with |A| < M <= |A| + |G|. Given (A, G, D) every value is a closed form in λ and efficiency (Σ v_i = 1)
// fixes λ; A is a prefix of the pool sorted by d_j p_j / (1 − d_j) and D a suffix of the rest sorted by d_j p_j (both
// shown in the docs), so trying every (|A|, |D|) and checking every equilibrium condition finds the equilibrium, which
// Eraslan (2002) proved unique in payoffs.
#include "model/continuation.hpp"

#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace negsim {

namespace {

enum class Class : std::uint8_t { required, always, mixed, never, outside };

struct Structure {
    std::array<Class, kMaxAgents> of{};
    std::size_t bought = 0;  // |A|
};

// The values of one candidate structure, and the largest violation of an equilibrium condition.
double evaluate(const CoalitionGame& g, const std::array<double, kMaxAgents>& rho, const std::array<double, kMaxAgents>& weight,
                const Structure& st, std::size_t needed, std::array<double, kMaxAgents>& v) {
    const std::size_t n = g.agents;
    const double m = static_cast<double>(needed - st.bought);  // G votes a required, A or O proposer buys (>= 1)
    double w = 0.0, p_never = 0.0, p_mixed = 0.0, patience = 0.0;
    std::size_t mixed = 0;
    for (std::size_t j = 0; j < n; ++j) {
        const double p = g.recognition[j];
        switch (st.of[j]) {
            case Class::required:
            case Class::always: w += weight[j]; break;
            case Class::outside:
            case Class::never: p_never += p; break;
            case Class::mixed:
                p_mixed += p;
                patience += rho[j] / g.discount[j];
                ++mixed;
                break;
        }
    }
    double p_d = 0.0;  // recognition of D alone (O proposers keep Z, D proposers Z + λ)
    for (std::size_t j = 0; j < n; ++j)
        if (st.of[j] == Class::never) p_d += g.recognition[j];
    const double denominator = w + p_never + p_mixed;                    // 1 + Σ_{R∪A} d_j p_j / (1 − d_j)
    const double tail = p_mixed / denominator;                           // 1 − θ, computed without cancellation
    const double slope = p_d + (static_cast<double>(mixed) - m) + tail * m + patience;
    if (!(slope > 0.0)) return std::numeric_limits<double>::infinity();
    const double level = tail / slope;                                   // λ
    const double z = (1.0 - m * level) / denominator;                    // a required, A or O proposer's share
    for (std::size_t j = 0; j < n; ++j) {
        const double p = g.recognition[j];
        switch (st.of[j]) {
            case Class::required:
            case Class::always: v[j] = weight[j] * z; break;
            case Class::outside: v[j] = p * z; break;
            case Class::never: v[j] = p * (z + level); break;
            case Class::mixed: v[j] = level / g.discount[j]; break;
        }
    }
    double residual = std::max({0.0, -z, -level});
    // y_j = b_j λ: the part of a G member's value that comes from being bought; b must be what proposers mixing over
    // G can produce: proposer k puts r_k purchases on G \ {k}, at most one each (a polymatroid: Σ_S y <= λ f(S)).
    std::array<double, kMaxAgents> plain{}, own{};
    double y_total = 0.0, purchases = 0.0;
    std::size_t count = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const bool pool_proposer = st.of[k] == Class::mixed || st.of[k] == Class::never;
        purchases += g.recognition[k] * (pool_proposer ? m - 1.0 : m);
        const double c = g.discount[k] * v[k];
        if (st.of[k] == Class::always) residual = std::max(residual, c - level);
        if (st.of[k] == Class::never) residual = std::max(residual, level - c);
        if (st.of[k] != Class::mixed) continue;
        const double y = v[k] - g.recognition[k] * (z + level);
        residual = std::max(residual, -y);
        y_total += y;
        plain[count] = y;
        own[count] = y + level * g.recognition[k];
        ++count;
    }
    residual = std::max(residual, std::abs(y_total - level * purchases));
    std::sort(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(count), std::greater<>());
    std::sort(own.begin(), own.begin() + static_cast<std::ptrdiff_t>(count), std::greater<>());
    double sum_plain = 0.0, sum_own = 0.0;
    for (std::size_t s = 1; s <= count; ++s) {
        sum_plain += plain[s - 1];
        sum_own += own[s - 1];
        double f = 0.0;  // Σ_k p_k min(r_k, s)
        for (std::size_t k = 0; k < n; ++k) {
            const bool pool_proposer = st.of[k] == Class::mixed || st.of[k] == Class::never;
            f += g.recognition[k] * std::min(pool_proposer ? m - 1.0 : m, static_cast<double>(s));
        }
        // A G proposer cannot buy itself: when it would buy s or more (r_k >= s), a set S containing it loses p_k.
        const double top = m - 1.0 >= static_cast<double>(s) ? sum_own : sum_plain;
        residual = std::max(residual, top - level * f);
    }
    return residual;
}

// The least-residual structure for the given 1 − d (first within tolerance), its values and residual.
ContinuationValues search(const CoalitionGame& g, const std::array<double, kMaxAgents>& rho, Structure& found) {
    const std::size_t n = g.agents;
    std::array<double, kMaxAgents> weight{};
    std::array<std::size_t, kMaxAgents> pool{};
    std::size_t pool_size = 0, required_votes = 0;
    Structure base;
    for (std::size_t j = 0; j < n; ++j) {
        weight[j] = g.recognition[j] / rho[j];
        if (g.required[j]) {
            base.of[j] = Class::required;
            required_votes += g.voters[j] ? 1 : 0;
        } else if (g.voters[j]) {
            base.of[j] = Class::never;
            pool[pool_size++] = j;
        } else {
            base.of[j] = Class::outside;
        }
    }
    ContinuationValues out;
    out.residual = std::numeric_limits<double>::infinity();
    out.value = g.recognition;
    found = base;
    const std::size_t needed = g.quorum > required_votes ? g.quorum - required_votes : 0;  // M
    if (needed == 0) {  // no pool votes needed: only R is bought (unanimity among the required, Eraslan's closed form)
        double denominator = 0.0;
        for (std::size_t j = 0; j < n; ++j) denominator += g.required[j] ? weight[j] : g.recognition[j];
        for (std::size_t j = 0; j < n; ++j) out.value[j] = (g.required[j] ? weight[j] : g.recognition[j]) / denominator;
        out.residual = 0.0;
        return out;
    }
    if (pool_size < needed) return out;  // no proposal can pass (the loader's quorum check rules this out)
    std::array<std::size_t, kMaxAgents> by_cost = pool;  // A candidates: ascending d p / (1 − d), ties by index
    std::stable_sort(by_cost.begin(), by_cost.begin() + static_cast<std::ptrdiff_t>(pool_size),
                     [&](std::size_t x, std::size_t y) { return g.discount[x] * weight[x] < g.discount[y] * weight[y]; });
    std::array<double, kMaxAgents> v{};
    for (std::size_t a = 0; a < needed; ++a) {
        Structure st = base;
        st.bought = a;
        for (std::size_t i = 0; i < a; ++i) st.of[by_cost[i]] = Class::always;
        std::array<std::size_t, kMaxAgents> rest{};  // the others, ascending d p: D is a suffix
        std::size_t rest_size = 0;
        for (std::size_t i = a; i < pool_size; ++i) rest[rest_size++] = by_cost[i];
        std::stable_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(rest_size), [&](std::size_t x, std::size_t y) {
            return g.discount[x] * g.recognition[x] < g.discount[y] * g.recognition[y];
        });
        for (std::size_t d = 0; d + needed <= pool_size; ++d) {  // |G| = rest_size − d >= M − a
            for (std::size_t i = 0; i < rest_size; ++i) st.of[rest[i]] = i + d < rest_size ? Class::mixed : Class::never;
            const double residual = evaluate(g, rho, weight, st, needed, v);
            if (residual < out.residual) {
                out.residual = residual;
                out.value = v;
                found = st;
                if (residual <= tolerance::kEquilibrium) return out;
            }
        }
    }
    return out;
}

std::size_t pool_votes_needed(const CoalitionGame& g) {
    std::size_t required_votes = 0;
    for (std::size_t j = 0; j < g.agents; ++j) required_votes += g.required[j] && g.voters[j] ? 1 : 0;
    return g.quorum > required_votes ? g.quorum - required_votes : 0;
}

}  // namespace

ContinuationValues stationary_values(const CoalitionGame& g) {
    // 1 − d, exact for d near 1 (Sterbenz); an undiscounted agent gets kUndiscounted, the limit d -> 1.
    std::array<double, kMaxAgents> rho{};
    double least = 1.0;
    bool undiscounted = false;
    for (std::size_t j = 0; j < g.agents; ++j) {
        rho[j] = g.discount[j] < 1.0 ? 1.0 - g.discount[j] : tolerance::kUndiscounted;
        if (g.discount[j] < 1.0) least = std::min(least, rho[j]);
        undiscounted = undiscounted || g.discount[j] >= 1.0;
    }
    Structure st;
    if (!undiscounted || pool_votes_needed(g) == 0) return search(g, rho, st);
    // At d = 1 itself the stationary conditions lose the terms that tell structures apart (under unanimity every split
    // is stationary). The limit d -> 1 has the structure of small positive 1 − d: find it there, at a 1 − d far below
    // every other agent's, then take that structure's closed form at the limit.
    std::array<double, kMaxAgents> near = rho;
    CoalitionGame nearby = g;
    for (std::size_t j = 0; j < g.agents; ++j) {
        if (g.discount[j] < 1.0) continue;
        near[j] = tolerance::kNearlyUndiscounted * least;
        nearby.discount[j] = 1.0 - near[j];
    }
    const ContinuationValues approach = search(nearby, near, st);
    if (approach.residual <= tolerance::kEquilibrium) {
        std::array<double, kMaxAgents> weight{};
        for (std::size_t j = 0; j < g.agents; ++j) weight[j] = g.recognition[j] / rho[j];
        ContinuationValues limit;
        limit.residual = evaluate(g, rho, weight, st, pool_votes_needed(g), limit.value);
        if (limit.residual <= tolerance::kEquilibrium) return limit;
    }
    return search(g, rho, st);
}

}  // namespace negsim
