// Spearman sensitivities (sensitivity.hpp).
#include "analysis/sensitivity.hpp"

#include "model/bounds.hpp"
#include "model/parameters.hpp"
#include "random/sampling.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace negsim {

namespace {

// Values beside their positions, in increasing order of value; the order among equal values does not matter, since
// they share one rank.
using Sorted = std::vector<std::pair<double, std::size_t>>;

// A value's bits as an unsigned integer in the same order as the values (negative values have their bits inverted,
// the others their sign bit set); -0 and +0 land side by side, so they still read as one tie.
std::uint64_t order_key(double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// A least-significant-digit radix sort on the keys, a byte per pass, passing over a byte every key shares: the ranks
// of a run's inputs (thousands of samples, each input once) are sorted after the run on one thread, where a
// comparison sort's mispredicted branches made them the longest part of writing the results. Short columns are
// sorted by comparison (tolerance::kRadixSortFrom).
Sorted sorted(const std::vector<double>& v) {
    const std::size_t n = v.size();
    if (n < tolerance::kRadixSortFrom) {
        Sorted order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = {v[i], i};
        std::sort(order.begin(), order.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        return order;
    }
    std::vector<std::pair<std::uint64_t, std::size_t>> a(n), b(n);
    std::array<std::array<std::size_t, 256>, 8> count{};
    for (std::size_t i = 0; i < n; ++i) {
        a[i] = {order_key(v[i]), i};
        for (std::size_t d = 0; d < 8; ++d) ++count[d][(a[i].first >> (8 * d)) & 0xff];
    }
    for (std::size_t d = 0; d < 8 && n > 0; ++d) {
        if (count[d][(a[0].first >> (8 * d)) & 0xff] == n) continue;
        std::size_t start = 0;
        for (std::size_t& c : count[d]) start += std::exchange(c, start);
        for (const auto& e : a) b[count[d][(e.first >> (8 * d)) & 0xff]++] = e;
        a.swap(b);
    }
    Sorted order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = {v[a[i].second], a[i].second};
    return order;
}

// Average ranks (1-based) of sorted values, ties sharing the mean of their positions, each at its value's position.
std::vector<double> ranks(const Sorted& order) {
    std::vector<double> r(order.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && order[j + 1].first == order[i].first) ++j;
        const double average = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[order[k].second] = average;
        i = j + 1;
    }
    return r;
}

std::vector<double> ranks(const std::vector<double>& v) { return ranks(sorted(v)); }

// Spearman's rho from the ranks of the same pairs (NaN when either is constant).
double correlation_of_ranks(const std::vector<double>& ra, const std::vector<double>& rb) {
    const double n = static_cast<double>(ra.size());
    const double mean = (n + 1.0) / 2.0;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    if (saa <= 0.0 || sbb <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return sab / std::sqrt(saa * sbb);
}

// The values at the given samples.
std::vector<double> at(const std::vector<double>& v, const std::vector<std::size_t>& samples) {
    std::vector<double> out;
    out.reserve(samples.size());
    for (std::size_t n : samples) out.push_back(v[n]);
    return out;
}

bool all_finite(const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

// Agreement's ranks over every sample, where spearman() would keep every pair with a finite input (agreement is
// finite throughout, and at least 3 samples): each input's correlation with agreement is then one input's ranks
// against these. Empty where spearman() must decide.
std::vector<double> agreement_ranks(const std::vector<double>& agreed) {
    return agreed.size() >= 3 && all_finite(agreed) ? ranks(agreed) : std::vector<double>{};
}

}  // namespace

double spearman(const std::vector<double>& x, const std::vector<double>& y, std::size_t* used) {
    std::vector<double> a, b;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isfinite(x[i]) && std::isfinite(y[i])) {
            a.push_back(x[i]);
            b.push_back(y[i]);
        }
    if (used) *used = a.size();
    if (a.size() < 3) return std::numeric_limits<double>::quiet_NaN();
    return correlation_of_ranks(ranks(a), ranks(b));
}

SensitivityTally::SensitivityTally(const Scenario& scenario, std::uint64_t seed, std::size_t cap)
    : scenario_(&scenario), seed_(seed), cap_(cap), issue_value_(scenario.issue_count()) {
    using K = ParameterRef::Kind;
    const MonteCarloSpec& mc = scenario.monte_carlo;
    for (std::size_t i = 0; i < scenario.agent_count(); ++i) {
        const AgentUncertainty& u = mc.agents[i];
        const std::string& id = scenario.agents[i].id;
        if (u.weight_concentration > 0.0)
            for (std::size_t k = 0; k < scenario.issue_count(); ++k)
                if (scenario.agents[i].weights[k] > 0.0) {
                    refs_.push_back({K::weight, i, k});
                    names_.push_back(id + "/weights/" + scenario.issues[k].id);
                }
        for (std::size_t k = 0; k < scenario.issue_count(); ++k)
            if (u.ideal[k].kind != Distribution::Kind::fixed) {
                refs_.push_back({K::ideal, i, k});
                names_.push_back(id + "/ideal/" + scenario.issues[k].id);
            }
        const std::pair<const Distribution*, K> scalars[] = {{&u.reservation, K::reservation}, {&u.power, K::power}, {&u.discount, K::discount}, {&u.exponent, K::exponent}, {&u.salience, K::salience}};
        const char* labels[] = {"reservation", "power", "discount", "exponent", "salience"};
        for (std::size_t n = 0; n < std::size(scalars); ++n)
            if (scalars[n].first->kind != Distribution::Kind::fixed) {
                refs_.push_back({scalars[n].second, i, 0});
                names_.push_back(id + "/" + labels[n]);
            }
    }
    for (std::size_t k = 0; k < mc.shocks.size(); ++k) {
        shock_index_.push_back(k);
        names_.push_back("shock/" + mc.shocks[k].id);
    }
    inputs_.resize(names_.size());
    cap_ = std::min(cap_, tolerance::kSensitivityValues / (names_.size() + scenario.issue_count() + 1));
}

void SensitivityTally::add(std::uint64_t first, std::span<const Outcome> outcomes) {
    Parameters p;
    for (std::size_t n = 0; n < outcomes.size() && agreed_.size() < cap_; ++n) {
        sample_parameters(*scenario_, seed_, first + n, p);
        for (std::size_t r = 0; r < refs_.size(); ++r) {
            const double* slot = parameter_slot(p, refs_[r]);
            inputs_[r].push_back(slot ? *slot : std::numeric_limits<double>::quiet_NaN());
        }
        for (std::size_t s = 0; s < shock_index_.size(); ++s)
            inputs_[refs_.size() + s].push_back(static_cast<double>((outcomes[n].shocks >> shock_index_[s]) & 1));
        agreed_.push_back(outcomes[n].agreed ? 1.0 : 0.0);
        for (std::size_t k = 0; k < issue_value_.size(); ++k)
            issue_value_[k].push_back(outcomes[n].agreed ? recorded_value(*scenario_, k, outcomes[n].package[k]) : std::numeric_limits<double>::quiet_NaN());
    }
}

double SensitivityTally::agreement_correlation(std::size_t input) const { return spearman(inputs_[input], agreed_); }

// spearman() keeps every pair when both columns are finite throughout (agreement always is), so its ranks are the
// columns' own: computed once each here instead of once per call, with the same sums, so the same numbers.
std::vector<double> SensitivityTally::agreement_correlations() const {
    std::vector<double> rho(names_.size());
    const std::vector<double> agreed_ranks = agreement_ranks(agreed_);
    const bool shared = !agreed_ranks.empty();
    for (std::size_t i = 0; i < names_.size(); ++i)
        rho[i] = shared && all_finite(inputs_[i]) ? correlation_of_ranks(ranks(inputs_[i]), agreed_ranks) : agreement_correlation(i);
    return rho;
}

std::vector<InputEffect> SensitivityTally::strongest_inputs(std::size_t count) const {
    std::vector<std::pair<double, std::size_t>> ranked;  // (|rho|, input)
    const std::vector<double> rho = agreement_correlations();
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (std::isfinite(rho[i])) ranked.emplace_back(std::abs(rho[i]), i);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<InputEffect> effects;
    for (std::size_t r = 0; r < std::min(count, ranked.size()); ++r) {
        const std::size_t i = ranked[r].second;
        std::vector<std::size_t> order;  // samples with a finite draw, by increasing value (stable: sample order on ties)
        for (std::size_t n = 0; n < agreed_.size(); ++n)
            if (std::isfinite(inputs_[i][n])) order.push_back(n);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return inputs_[i][a] < inputs_[i][b]; });
        if (order.empty()) continue;
        const double lowest = inputs_[i][order.front()], highest = inputs_[i][order.back()];
        const bool two_values = std::all_of(order.begin(), order.end(), [&](std::size_t n) { return inputs_[i][n] == lowest || inputs_[i][n] == highest; });
        InputEffect e{names_[i], rho[i]};
        double low = 0.0, high = 0.0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::size_t n = order[k];
            const bool in_low = two_values ? inputs_[i][n] == lowest : k < order.size() / 3;
            const bool in_high = two_values ? inputs_[i][n] == highest : k >= order.size() - order.size() / 3;
            if (in_low) ++e.low_samples, low += agreed_[n];
            if (in_high) ++e.high_samples, high += agreed_[n];
        }
        e.agreement_low = e.low_samples ? low / static_cast<double>(e.low_samples) : 0.0;
        e.agreement_high = e.high_samples ? high / static_cast<double>(e.high_samples) : 0.0;
        effects.push_back(e);
    }
    return effects;
}

void SensitivityTally::write_csv(std::ostream& out) const {
    out << "input,output,spearman,samples\n";
    // Where an output is finite exactly at the deals (issue values) and an input at every sample (most inputs), their
    // pairs are the deals, the same for every row of the input: each output's ranks over them are computed once, and
    // each input's once, since sorting per row dominated the writing of a scenario with many inputs and issues. The
    // same ranks and sums as spearman(), so the same numbers.
    std::vector<std::size_t> deals;
    std::vector<std::size_t> deal_index(agreed_.size(), agreed_.size());  // a sample's place among the deals; none: size
    for (std::size_t n = 0; n < agreed_.size(); ++n)
        if (agreed_[n] == 1.0) deal_index[n] = deals.size(), deals.push_back(n);
    std::vector<std::vector<double>> deal_ranks(issue_value_.size());
    std::vector<bool> at_deals(issue_value_.size());
    for (std::size_t k = 0; k < issue_value_.size(); ++k) {
        const std::vector<double> values = at(issue_value_[k], deals);
        std::size_t finite = 0;
        for (double v : issue_value_[k]) finite += std::isfinite(v) ? 1 : 0;
        at_deals[k] = deals.size() >= 3 && all_finite(values) && finite == deals.size();
        if (at_deals[k]) deal_ranks[k] = ranks(values);
    }
    const std::vector<double> agreed_ranks = agreement_ranks(agreed_);
    const bool shared = !agreed_ranks.empty();
    for (std::size_t i = 0; i < names_.size(); ++i) {
        const auto line = [&](const std::string& output, double rho, std::size_t used) {
            if (std::isfinite(rho)) out << names_[i] << ',' << output << ',' << format_number(rho) << ',' << used << '\n';
        };
        const auto row = [&](const std::string& output, const std::vector<double>& values) {
            std::size_t used = 0;
            const double rho = spearman(inputs_[i], values, &used);
            line(output, rho, used);
        };
        const bool finite_input = all_finite(inputs_[i]);
        // One sort of the input serves both its ranks over every sample (agreement) and over the deals.
        const Sorted all = finite_input ? sorted(inputs_[i]) : Sorted{};
        if (finite_input && shared) line("agreement", correlation_of_ranks(ranks(all), agreed_ranks), agreed_.size());
        else row("agreement", agreed_);
        // The input's ranks among the deals, from its values at the deals in increasing order.
        std::vector<double> input_ranks;
        if (finite_input && deals.size() >= 3) {
            Sorted at_deals_only;
            at_deals_only.reserve(deals.size());
            for (const auto& [value, n] : all)
                if (deal_index[n] < deals.size()) at_deals_only.emplace_back(value, deal_index[n]);
            input_ranks = ranks(at_deals_only);
        }
        for (std::size_t k = 0; k < issue_value_.size(); ++k) {
            if (finite_input && at_deals[k])
                line(scenario_->issues[k].id, correlation_of_ranks(input_ranks, deal_ranks[k]), deals.size());
            else
                row(scenario_->issues[k].id, issue_value_[k]);
        }
    }
}

}  // namespace negsim
