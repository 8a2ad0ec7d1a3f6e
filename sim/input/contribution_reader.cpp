// Contributions and aggregates (contribution_reader.hpp). The folding: an agent with weight w on an aggregate
// A = sum_k a_k(x_k), valued linearly from its smallest value lo to its largest hi (or the reverse), has
//   w (A - lo) / (hi - lo) = sum_k w (a_k(x_k) - min a_k) / (hi - lo),
// one term per contribution issue, so the aggregate's weight is shared among its issues by their amounts' spans and
// each issue's term joins the agent's own value of that issue in one table (discrete) or affine value (continuous).
#include "input/contribution_reader.hpp"

#include "input/value_reader.hpp"
#include "model/utility.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace negsim {

namespace {

// The smallest and largest amount a term adds over its issue.
std::pair<double, double> term_range(const Issue& issue, const AggregateTerm& term) {
    if (!issue.discrete) return std::minmax(term.per_unit * issue.min, term.per_unit * issue.max);
    const auto* begin = term.amount.begin();
    const auto* end = begin + issue.options.size();
    return {*std::min_element(begin, end), *std::max_element(begin, end)};
}

AggregateTerm read_term(const Node& v, const Issue& issue, std::size_t k, bool count) {
    AggregateTerm term;
    term.issue = k;
    if (count) {  // at or above the named option: 1, else 0
        const std::size_t level = static_cast<std::size_t>(read_ideal(v, issue));
        if (!issue.discrete) v.fail("a count aggregate counts discrete contributions; issue " + quote_text(issue.id) + " is continuous");
        for (std::size_t o = level; o < issue.options.size(); ++o) term.amount[o] = 1.0;
        return term;
    }
    if (!issue.discrete) {
        term.per_unit = v.number_in(-1e9, 1e9, "the amount per unit of a continuous contribution lies in [-1e9, 1e9]");
        return term;
    }
    const auto amounts = v.array(issue.options.size(), "amounts");
    if (amounts.size() != issue.options.size())
        v.fail("has " + std::to_string(amounts.size()) + " amounts; expected one per option of issue " + quote_text(issue.id) + " (" + std::to_string(issue.options.size()) + ")");
    for (std::size_t o = 0; o < amounts.size(); ++o) term.amount[o] = amounts[o].number_in(-1e9, 1e9, "an amount lies in [-1e9, 1e9]");
    return term;
}

Aggregate read_aggregate(const Node& node, const std::vector<Issue>& issues, const std::vector<bool>& contribution) {
    node.object({"id", "label", "unit", "kind", "amounts", "at_least", "threshold", "description"});
    Aggregate a;
    a.id = node.required("id").identifier();
    a.label = node.required("label").string(false);
    if (node.has("description")) (void)node.child("description").string();
    a.count = node.has("kind") && node.child("kind").one_of({"sum", "count"}) == "count";
    a.unit = a.count ? "contributors" : node.required("unit").string(false);
    if (a.count && node.has("unit")) node.child("unit").fail("a count aggregate counts contributors; remove \"unit\"");
    const char* terms_key = a.count ? "at_least" : "amounts";
    const char* other_key = a.count ? "amounts" : "at_least";
    if (node.has(other_key)) node.child(other_key).fail(std::string("a ") + (a.count ? "count" : "sum") + " aggregate takes \"" + terms_key + "\", not \"" + other_key + "\"");
    const auto ids = ids_of(issues);
    keyed_by(node.required(terms_key), ids, false, "issue", [&](std::size_t k, const Node& v) {
        if (!contribution[k]) v.fail("issue " + quote_text(issues[k].id) + " is not a contribution; an aggregate adds up issues that name a \"contributor\"");
        a.terms.push_back(read_term(v, issues[k], k, a.count));
        const auto [lo, hi] = term_range(issues[k], a.terms.back());
        a.lo += lo;
        a.hi += hi;
    });
    if (a.terms.empty()) node.child(terms_key).fail("is empty; an aggregate adds up at least one contribution");
    if (!(a.hi > a.lo)) node.child(terms_key).fail("no line changes this aggregate (it is " + format_number(a.lo) + " whatever is given); expected amounts that differ between options");
    if (node.has("threshold")) {
        a.has_threshold = true;
        a.threshold = node.child("threshold").number_in(a.lo, a.hi, "a threshold lies within what the lines can add up to, [" + format_number(a.lo) + ", " + format_number(a.hi) + "]");
    }
    return a;
}

// The aggregate's ideal: its largest value (more is better) or its smallest; nothing in between, which would not fold
// into per-issue terms.
bool read_aggregate_direction(const Node& v, const Aggregate& a) {
    const double x = v.number();
    const double tol = 1e-9 * std::max(1.0, std::abs(a.hi) + std::abs(a.lo));
    if (std::abs(x - a.hi) <= tol) return true;
    if (std::abs(x - a.lo) <= tol) return false;
    v.fail(show(v.raw()) + " is not an end of aggregate " + quote_text(a.id) + "; an aggregate is valued linearly from its smallest value " + format_number(a.lo) +
           " to its largest " + format_number(a.hi) + " (or the reverse), so its ideal is one of them (a value peaked inside would not add up over the contributions)");
}

// One agent's stake in an aggregate: its weight, whether more is better, and whether it values the aggregate as a
// threshold (1 on the better side of the aggregate's threshold, 0 on the other) instead of linearly.
struct Stake {
    double weight = 0.0;
    bool more_is_better = true;
    bool threshold = false;
};

// The agent's own value of issue k at option or value x, before folding.
double own_value(const Agent& agent, const Issue& issue, std::size_t k, double x) { return issue_value(agent.values[k], x, agent.ideal[k], issue.span()); }

void fold(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const std::vector<Stake>& stakes, Agent& agent) {
    for (std::size_t k = 0; k < issues.size(); ++k) {
        const Issue& issue = issues[k];
        double weight = agent.weights[k];
        std::array<double, kMaxOptions> table{};  // discrete: weight x value per option
        double intercept = 0.0, slope = 0.0;       // continuous: weight x value = intercept + slope x
        bool folded = false;
        bool own_affine = true;  // continuous: the agent's own value adds up with an aggregate's affine terms
        if (issue.discrete) {
            for (std::size_t o = 0; o < issue.options.size(); ++o) table[o] = agent.weights[k] * own_value(agent, issue, k, static_cast<double>(o));
        } else if (agent.weights[k] > 0.0) {
            const ValueFunction& f = agent.values[k];
            const bool at_end = f.shape == Shape::linear && (agent.ideal[k] == issue.min || agent.ideal[k] == issue.max);
            const double lo = own_value(agent, issue, k, issue.min), hi = own_value(agent, issue, k, issue.max);
            own_affine = f.shape == Shape::affine || at_end;
            if (own_affine) {
                slope = agent.weights[k] * (hi - lo) / issue.span();
                intercept = agent.weights[k] * lo - slope * issue.min;
            }
        }
        for (std::size_t a = 0; a < aggregates.size(); ++a) {
            if (stakes[a].weight <= 0.0 || stakes[a].threshold) continue;  // a threshold is no sum of per-issue terms
            const Aggregate& g = aggregates[a];
            for (const AggregateTerm& term : g.terms) {
                if (term.issue != k) continue;
                const double scale = stakes[a].weight / (g.hi - g.lo);
                const auto [least, most] = term_range(issue, term);
                weight += scale * (most - least);
                folded = true;
                if (issue.discrete) {
                    for (std::size_t o = 0; o < issue.options.size(); ++o)
                        table[o] += scale * (stakes[a].more_is_better ? term.amount[o] - least : most - term.amount[o]);
                } else {
                    const double sign = stakes[a].more_is_better ? 1.0 : -1.0;
                    slope += sign * scale * term.per_unit;
                    intercept += stakes[a].more_is_better ? -scale * least : scale * most;
                }
            }
        }
        if (!folded || !(weight > 0.0)) continue;  // an aggregate that no line of this issue changes adds nothing
        if (!own_affine)
            node.child("values").fail("agent " + quote_text(agent.id) + " values contribution " + quote_text(issue.id) + " with an ideal inside its range and an aggregate of it too; "
                                      "expected a value linear from one end (ideal at min or max) or {\"at_min\", \"at_max\"}, which adds up with the aggregate");
        agent.weights[k] = weight;
        ValueFunction f;
        if (issue.discrete) {
            f.shape = Shape::table;
            std::size_t best = 0;
            for (std::size_t o = 0; o < issue.options.size(); ++o) {
                f.table[o] = std::clamp(table[o] / weight, 0.0, 1.0);
                if (f.table[o] > f.table[best]) best = o;
            }
            agent.ideal[k] = static_cast<double>(best);
        } else {
            f.shape = Shape::affine;
            f.slope = slope / weight;
            f.intercept = intercept / weight;
            agent.ideal[k] = f.slope > 0.0 ? issue.max : issue.min;
        }
        agent.values[k] = f;
    }
}

}  // namespace

std::vector<bool> contribution_flags(const std::vector<Node>& issue_nodes) {
    std::vector<bool> flags;
    for (const Node& node : issue_nodes) flags.push_back(node.raw().is_object() && node.has("contributor"));
    return flags;
}

std::vector<Aggregate> read_aggregates(const Node& node, const std::vector<Issue>& issues, const std::vector<bool>& contribution) {
    std::vector<Aggregate> aggregates;
    std::map<std::string, std::string> seen;
    for (const Issue& issue : issues) seen.emplace(issue.id, "/issues");
    for (const Node& entry : node.array()) {
        aggregates.push_back(read_aggregate(entry, issues, contribution));
        check_unique_id(entry.child("id"), aggregates.back().id, seen);
    }
    return aggregates;
}

void read_stakes(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const std::vector<bool>& contribution, Agent& agent) {
    std::vector<std::string> keys = ids_of(issues);
    for (const Aggregate& a : aggregates) keys.push_back(a.id);
    const std::size_t n = issues.size();
    std::vector<Stake> stakes(aggregates.size());
    std::vector<bool> has_ideal(keys.size(), false), has_weight(keys.size(), false);
    const char* what = aggregates.empty() ? "issue" : "issue or aggregate";

    agent.ideal.assign(n, 0.0);
    const Node ideal = node.required("ideal");
    keyed_by(ideal, keys, false, what, [&](std::size_t k, const Node& v) {
        has_ideal[k] = true;
        if (k < n) agent.ideal[k] = read_ideal(v, issues[k]);
        else stakes[k - n].more_is_better = read_aggregate_direction(v, aggregates[k - n]);
    });
    const Node weights = node.required("weights");
    std::vector<double> raw(keys.size(), 0.0);
    keyed_by(weights, keys, false, what, [&](std::size_t k, const Node& v) {
        has_weight[k] = true;
        raw[k] = v.number();
        if (raw[k] < 0.0) v.fail(show(v.raw()) + " is negative; weights must be >= 0");
        if (raw[k] > 1e6) v.fail(show(v.raw()) + " is too large; weights are relative, give them between 0 and 1e6");
    });
    // Every issue that is not a contribution needs both; a contribution or an aggregate needs an ideal once weighted.
    for (std::size_t k = 0; k < keys.size(); ++k) {
        const bool optional = k >= n || contribution[k];
        if (!optional && !has_ideal[k]) ideal.fail("missing issue " + quote_text(keys[k]) + "; every issue needs an entry here");
        if (!optional && !has_weight[k]) weights.fail("missing issue " + quote_text(keys[k]) + "; every issue needs an entry here");
        if (k < n && optional && raw[k] > 0.0 && !has_ideal[k])
            ideal.fail("missing contribution " + quote_text(keys[k]) + "; an agent that gives a contribution a weight gives it an ideal too");
    }
    double total = 0.0;
    for (double w : raw) total += w;
    if (!(total > 0.0)) weights.fail("all weights are zero; at least one weight must be positive (weights are normalised to sum to 1)");
    agent.weights.assign(n, 0.0);
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k < n) agent.weights[k] = raw[k] / total;
        else stakes[k - n].weight = raw[k] / total;
    }

    agent.values.assign(n, ValueFunction{});
    if (node.has("values"))
        keyed_by(node.child("values"), keys, false, what, [&](std::size_t k, const Node& v) {
            if (k >= n) {
                const Aggregate& a = aggregates[k - n];
                stakes[k - n].threshold = v.one_of({"linear", "threshold"}) == "threshold";
                if (stakes[k - n].threshold && !a.has_threshold)
                    v.fail("aggregate " + quote_text(a.id) + " has no \"threshold\"; give it one to value it as a threshold, or value it \"linear\"");
                if (stakes[k - n].threshold) check_conditional(v, a, issues);
                return;
            }
            agent.values[k] = read_value_function(v, issues[k], agent.ideal[k]);
        });
    fold(node, issues, aggregates, stakes, agent);
    // A threshold value is a link term: the stake's weight on the packages whose aggregate is on its better side.
    for (std::size_t a = 0; a < aggregates.size(); ++a) {
        if (!stakes[a].threshold || !(stakes[a].weight > 0.0)) continue;
        Condition c;
        c.aggregate = static_cast<int>(a);
        c.op = stakes[a].more_is_better ? Condition::Op::at_least : Condition::Op::below;
        c.value = aggregates[a].threshold;
        agent.links.push_back(Link{{c}, stakes[a].weight});
    }
}

void check_conditional(const Node& at, const Aggregate& a, const std::vector<Issue>& issues) {
    for (const AggregateTerm& term : a.terms)
        if (!issues[term.issue].discrete)
            at.fail("aggregate " + quote_text(a.id) + " adds up continuous contribution " + quote_text(issues[term.issue].id) +
                    "; a condition or a threshold value may name an aggregate of discrete lines only");
}

Contributions read_contributions(const std::vector<Node>& issue_nodes, const std::vector<Issue>& issues, const std::vector<Agent>& agents, std::vector<Aggregate> aggregates) {
    Contributions c;
    const auto agent_ids = ids_of(agents);
    for (std::size_t k = 0; k < issue_nodes.size(); ++k) {
        const Node& node = issue_nodes[k];
        for (const char* key : {"status_quo", "capability"})
            if (node.has(key) && !node.has("contributor"))
                node.child(key).fail(quote_text(key) + " belongs to a contribution (an issue with a \"contributor\"); on other issues the reservation values stand for no deal");
        if (!node.has("contributor")) continue;
        const Node who = node.child("contributor");
        c.contributor[k] = static_cast<int>(lookup(who, who.string(), agent_ids, "agent"));
        c.lines[static_cast<std::size_t>(c.contributor[k])] |= std::uint64_t{1} << k;
        c.any = true;
        StatusQuo& sq = c.status_quo[k];
        sq.value = issues[k].min;
        if (node.has("capability")) c.capability[k] = node.child("capability").number_in(0.0, 1e12, "a capability lies in [0, 1e12]");
        if (!node.has("status_quo")) continue;
        const Node v = node.child("status_quo");
        if (v.raw().is_string() && v.raw() == "equilibrium") {
            sq.equilibrium = true;
            for (const Agent& agent : agents)
                for (const Link& link : agent.links)
                    for (const Condition& condition : link.conditions)
                        if (condition.aggregate >= 0)
                            v.fail("agent " + quote_text(agent.id) + " values an aggregate by a threshold or a link, so a line's best reply depends on the others' and the equilibrium is not "
                                   "found line by line; give a fixed status quo");
        } else {
            sq.value = read_ideal(v, issues[k]);
        }
    }
    c.aggregates = std::move(aggregates);
    return c;
}

}  // namespace negsim
