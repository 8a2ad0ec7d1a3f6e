// Contribution tallies and their summary (contribution_tally.hpp).
#include "analysis/contribution_tally.hpp"

#include "analysis/tally.hpp"

namespace negsim {

namespace {

// The headline aggregate's amount for contribution issue k at line x (0 when k is not in it).
bool in_headline(const Scenario& s, int headline, std::size_t k) {
    if (headline < 0) return false;
    for (const AggregateTerm& term : s.contributions.aggregates[static_cast<std::size_t>(headline)].terms)
        if (term.issue == k) return true;
    return false;
}

double headline_amount(const Scenario& s, int headline, std::size_t k, double x) {
    if (headline < 0) return 0.0;
    for (const AggregateTerm& term : s.contributions.aggregates[static_cast<std::size_t>(headline)].terms)
        if (term.issue == k) return term.at(s.issues[k].discrete, x);
    return 0.0;
}

}  // namespace

double aggregate_value(const Scenario& s, const Aggregate& a, const Package& x) {
    double total = 0.0;
    for (const AggregateTerm& term : a.terms) total += term.at(s.issues[term.issue].discrete, x[term.issue]);
    return total;
}

ContributionTally::ContributionTally(const Scenario& scenario) : scenario_(&scenario) {
    const Contributions& c = scenario.contributions;
    if (!c.any) return;
    for (std::size_t a = 0; a < c.aggregates.size() && headline_ < 0; ++a)
        if (!c.aggregates[a].count) headline_ = static_cast<int>(a);
    // The status quo of an "equilibrium" line is its contributor's folded ideal, which the draws do not move (its folded
    // values are a table or an affine value fixed by the file).
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        if (!c.is_contribution(k)) continue;
        issues_.push_back(k);
        const double line = c.status_quo[k].equilibrium ? scenario.agents[static_cast<std::size_t>(c.contributor[k])].ideal[k] : c.status_quo[k].value;
        status_quo_amount_.push_back(headline_amount(scenario, headline_, k, line));
        lines_.emplace_back(scenario.issues[k].discrete ? scenario.issues[k].options.size() : 0, 0);
    }
    contributes_.assign(issues_.size(), 0);
    line_sum_.assign(issues_.size(), 0.0);
    amount_sum_.assign(issues_.size(), 0.0);
    deal_amount_sum_.assign(issues_.size(), 0.0);
    for (const Aggregate& a : c.aggregates) aggregate_values_.emplace_back(a.lo, a.hi, kFineBins);
    aggregate_sum_.assign(c.aggregates.size(), 0.0);
    reach_.assign(c.aggregates.size(), 0);
}

void ContributionTally::add(std::span<const Outcome> outcomes) {
    const Scenario& s = *scenario_;
    for (const Outcome& o : outcomes) {
        ++samples_;
        if (o.agreed) ++deals_;
        for (std::size_t i = 0; i < issues_.size(); ++i) {
            const std::size_t k = issues_[i];
            if (!o.agreed) {
                amount_sum_[i] += status_quo_amount_[i];
                continue;
            }
            const double x = o.package[k];
            if (x > s.issues[k].min) ++contributes_[i];
            line_sum_[i] += x;
            if (s.issues[k].discrete) ++lines_[i][static_cast<std::size_t>(x)];
            const double amount = headline_amount(s, headline_, k, x);
            amount_sum_[i] += amount;
            deal_amount_sum_[i] += amount;
        }
        if (!o.agreed) continue;
        for (std::size_t a = 0; a < aggregate_values_.size(); ++a) {
            const Aggregate& g = s.contributions.aggregates[a];
            const double value = aggregate_value(s, g, o.package);
            aggregate_values_[a].add(value);
            aggregate_sum_[a] += value;
            if (g.has_threshold && value >= g.threshold) ++reach_[a];
        }
    }
}

ContributionSummary ContributionTally::summarise() const {
    const Scenario& s = *scenario_;
    ContributionSummary out;
    out.headline = headline_;
    const auto share = [](double part, double whole) { return whole > 0.0 ? part / whole : 0.0; };
    double capability_total = 0.0, burden_total = 0.0;
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        if (in_headline(s, headline_, issues_[i])) capability_total += s.contributions.capability[issues_[i]];
        burden_total += deal_amount_sum_[i];
    }
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        const std::size_t k = issues_[i];
        ContributorSummary c;
        c.issue = k;
        c.agent = static_cast<std::size_t>(s.contributions.contributor[k]);
        c.contributes = contributes_[i];
        c.probability = share(static_cast<double>(contributes_[i]), static_cast<double>(samples_));
        c.ci95 = wilson_interval(contributes_[i], samples_);
        c.mean_line_in_deals = share(line_sum_[i], static_cast<double>(deals_));
        c.lines = lines_[i];
        c.expected_amount = share(amount_sum_[i], static_cast<double>(samples_));
        c.burden_share = share(deal_amount_sum_[i], burden_total);
        c.capability_share = in_headline(s, headline_, k) ? share(s.contributions.capability[k], capability_total) : 0.0;
        c.burden_ratio = share(c.burden_share, c.capability_share);
        out.contributors.push_back(c);
    }
    for (std::size_t a = 0; a < aggregate_values_.size(); ++a) {
        AggregateSummary g;
        g.deals = aggregate_values_[a].count();
        g.mean = share(aggregate_sum_[a], static_cast<double>(g.deals));
        if (g.deals > 0)
            for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) g.quantile[q] = aggregate_values_[a].quantile_linear(kQuantileLevels[q]);
        g.reach = reach_[a];
        g.reach_share = share(static_cast<double>(reach_[a]), static_cast<double>(g.deals));
        g.reach_ci95 = wilson_interval(reach_[a], g.deals);
        out.aggregates.push_back(g);
    }
    return out;
}

}  // namespace negsim
