// Reading the `information` key: who knows whose sampled parameters (docs/scenario-format.md, "Information";
// docs/protocols.md, "Private information").
#include "input/information_reader.hpp"

#include "input/monte_carlo_reader.hpp"
#include "model/text.hpp"

#include <string>
#include <variant>

namespace negsim {

namespace {

// "complete" or "private" (docs/scenario-format.md, "Information").
bool read_private(const Node& node) { return node.one_of({"complete", "private"}) == "private"; }

}  // namespace

// The `information` key: a setting for everyone, or {"default", "agents": {id: setting or {"default", "about": {id: setting
// or {"reservation": distribution}}}}}, the last a misperception.
Information read_information(const Node& node, const std::vector<Agent>& agents, const Protocol& protocol) {
    Information info;
    const std::size_t n = agents.size();
    const auto set_row = [&](std::size_t i, bool value) {
        for (std::size_t j = 0; j < n; ++j) info.knows_only_prior[i][j] = value && j != i;
    };
    if (node.raw().is_string()) {
        const bool all = read_private(node);
        for (std::size_t i = 0; i < n; ++i) set_row(i, all);
    } else {
        if (!node.raw().is_object()) node.fail(what_is(node.raw()) + "; expected \"complete\", \"private\" or an object with \"default\" and \"agents\"");
        node.object({"default", "agents"});
        const bool all = node.has("default") && read_private(node.child("default"));
        for (std::size_t i = 0; i < n; ++i) set_row(i, all);
        if (node.has("agents")) {
            keyed_by(node.child("agents"), ids_of(agents), false, "agent", [&](std::size_t i, const Node& entry) {
                if (entry.raw().is_string()) return set_row(i, read_private(entry));
                if (!entry.raw().is_object()) entry.fail(what_is(entry.raw()) + "; expected \"complete\", \"private\" or an object with \"default\" and \"about\"");
                entry.object({"default", "about"});
                if (entry.has("default")) set_row(i, read_private(entry.child("default")));
                if (entry.has("about"))
                    keyed_by(entry.child("about"), ids_of(agents), false, "agent", [&](std::size_t j, const Node& about) {
                        if (j == i) about.fail("an agent always knows its own parameters; remove this entry");
                        if (!about.raw().is_object()) return void(info.knows_only_prior[i][j] = read_private(about));
                        // A misperception: i's own prior about j's reservation value (private by definition).
                        about.object({"reservation"});
                        info.knows_only_prior[i][j] = true;
                        info.misperceptions.push_back({i, j, read_distribution(about.required("reservation"), 0.0, 1.0, agents[j].reservation, "[0, 1]")});
                    });
            });
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) info.any_private = info.any_private || info.knows_only_prior[i][j];
    if (info.any_private && std::holds_alternative<Mediator>(protocol.rules))
        node.fail("private information applies to the offer-based protocols (alternating, random-proposer), whose proposers build offers on "
                  "beliefs; the mediator protocol has no proposer: use \"complete\" or change protocol.type");
    return info;
}

}  // namespace negsim
