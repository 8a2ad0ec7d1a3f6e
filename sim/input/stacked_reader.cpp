// The stacked-alternating protocol's keys and the checks that relate them to the rest of the scenario (stacked_reader.hpp).
#include "input/stacked_reader.hpp"

#include "model/text.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace negsim {

namespace {

// One of `names` (the format's words for an enum's values, in the enum's order), as that enum value.
template <class Enum, std::size_t N>
Enum read_choice(const Node& node, const std::array<const char*, N>& names) {
    const std::vector<std::string> choices(names.begin(), names.end());
    const std::string word = node.one_of(choices);
    return static_cast<Enum>(std::find(choices.begin(), choices.end(), word) - choices.begin());
}

}  // namespace

StackedAlternating read_stacked_alternating(const Node& node, const std::vector<Agent>& agents) {
    StackedAlternating rules;
    const auto agent_ids = ids_of(agents);
    if (node.has("order")) {
        for (const auto& entry : node.child("order").array(2, "parties")) {
            const std::size_t i = lookup(entry, entry.string(), agent_ids, "agent");
            if (std::find(rules.order.begin(), rules.order.end(), i) != rules.order.end())
                entry.fail(quote_text(agent_ids[i]) + " is already a party; under stacked-alternating every party takes one turn per round, so each is listed once");
            rules.order.push_back(i);
        }
    } else {
        for (std::size_t i = 0; i < agents.size(); ++i)
            if (agents[i].role != Role::observer) rules.order.push_back(i);
        if (rules.order.size() < 2) node.fail("fewer than two parties: the signatories and members take turns; name at least two in \"order\"");
    }
    if (node.has("offer")) rules.offer = read_choice<StackedAlternating::Offer>(node.child("offer"), kStackedOfferNames);
    if (node.has("acceptance")) rules.acceptance = read_choice<StackedAlternating::Acceptance>(node.child("acceptance"), kStackedAcceptanceNames);
    if (node.has("time")) rules.time = read_choice<TimeConvention>(node.child("time"), kTimeConventionNames);
    return rules;
}

void check_stacked_alternating(const Node& root, const Scenario& s) {
    const auto* rules = std::get_if<StackedAlternating>(&s.protocol.rules);
    if (!rules) return;
    const Node protocol = root.child("protocol");
    const DecisionRule& rule = s.protocol.decision;
    if (!rule.votes.empty())
        protocol.child("decision_rule").fail("a quorum or majorities do not apply to the stacked-alternating protocol: a deal needs every party to accept "
                                             "the standing offer in turn; remove them or name the parties in \"order\"");
    for (std::size_t i = 0; i < s.agent_count(); ++i)
        if (rule.required[i] && std::find(rules->order.begin(), rules->order.end(), i) == rules->order.end())
            (protocol.has("order") ? protocol.child("order") : protocol)
                .fail("agent " + quote_text(s.agents[i].id) + " must accept a deal (role " + to_string(s.agents[i].role) +
                      ") but is not a party; under stacked-alternating only the parties in \"order\" answer offers");
    if (s.information.any_private)
        root.child("information").fail("private information applies to the alternating and random-proposer protocols; the stacked-alternating protocol "
                                       "plays complete information: use \"complete\" or change protocol.type");
    if (rules->offer == StackedAlternating::Offer::negsim) return;
    const Node offer = protocol.child("offer");
    if (!s.budgets.empty())
        offer.fail("the aspiration offer rules search boxes of packages, and a budget is not a box: use \"offer\": \"negsim\" or remove the budget");
    for (const IssueBounds& region : s.regions) {
        if (region.limit_count > 0)
            offer.fail("the aspiration offer rules number the packages of boxes, and a condition on an aggregate is not a box: use \"offer\": \"negsim\" or remove the condition");
        const double combinations = discrete_combinations(s, region);
        if (combinations > static_cast<double>(kMaxEnumeratedCombinations))
            offer.fail("the aspiration offer rules enumerate the discrete issues' option combinations, at most " + std::to_string(kMaxEnumeratedCombinations) +
                       " per region; this scenario has " + format_number(combinations) + ": use \"offer\": \"negsim\" or fewer discrete options");
    }
}

}  // namespace negsim
