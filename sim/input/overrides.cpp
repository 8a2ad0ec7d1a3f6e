// Overrides of a scenario's values (overrides.hpp; docs/sweeps.md, "Overrides"). An override edits the scenario's
// JSON document, never a validated Scenario: the edited text is validated by the one loader, so an override can only
// produce what a file could state, and scenario.json records exactly what was run.
#include "input/overrides.hpp"
#include "input/variant.hpp"

#include "input/json_reader.hpp"
#include "input/parameter_places.hpp"
#include "input/monte_carlo_reader.hpp"
#include "input/scenario_loader.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <variant>

namespace negsim {

namespace {

using K = ParameterRef::Kind;
using Pointer = json::json_pointer;

// How an override changes the document.
enum class Action {
    value,     // writes the number or option at `pointer`
    weight,    // sets one normalised weight and rescales the agent's others
    exponent,  // writes the concession exponent, making the strategy "time-dependent" if its type does not allow it
};

struct Settable {
    OverrideTarget target;
    std::string pointer;        // where the value is in the scenario file
    Action action = Action::value;
    bool drawn = false;         // an agent parameter that a distribution may draw: it moves with the value
    ParameterRef ref;           // the agent parameter (drawn parameters and weights)
};

OverrideTarget number_target(std::string name, double lo, double hi, TargetType type = TargetType::number) {
    OverrideTarget t;
    t.name = std::move(name);
    t.type = type;
    t.lo = lo;
    t.hi = hi;
    return t;
}

// A stage's own numbers (docs/sweeps.md, "Overrides"): its rounds and breakdown, each agent's reservation value at its
// table, and the size of each dependency's effects: "stages/<id>/rounds", "stages/<id>/<agent>/reservation",
// "stages/<id>/depends_on/<d>/<parameter>".
template <class Add>
void add_stage_settables(const Stage& stage, std::size_t index, const Add& add) {
    const std::string at = "/stages/sequence/" + std::to_string(index), name = "stages/" + stage.id + "/";
    add(number_target(name + "rounds", 1.0, 100000.0, TargetType::integer), at + "/protocol/rounds", Action::value, false, ParameterRef{});
    add(number_target(name + "breakdown", 0.0, 1.0), at + "/protocol/breakdown", Action::value, false, ParameterRef{});
    for (const Agent& a : stage.negotiation.agents)
        add(number_target(name + a.id + "/reservation", 0.0, 1.0), at + "/reservations/" + a.id, Action::value, false, ParameterRef{});
    for (std::size_t d = 0; d < stage.dependencies.size(); ++d)
        for (std::size_t e = 0; e < stage.dependencies[d].effects.size(); ++e) {
            const ShockEffect& effect = stage.dependencies[d].effects[e];
            const std::string setting = name + "depends_on/" + std::to_string(d) + "/" + parameter_name(stage.negotiation, effect.parameter);
            const std::string place = at + "/depends_on/" + std::to_string(d) + "/effects/" + std::to_string(e);
            if (effect.op == ShockEffect::Op::add) add(number_target(setting, -kMaxShockAdd, kMaxShockAdd), place + "/add", Action::value, false, ParameterRef{});
            else if (effect.op == ShockEffect::Op::multiply) add(number_target(setting, -kMaxShockFactor, kMaxShockFactor), place + "/multiply", Action::value, false, ParameterRef{});
            else {
                const auto [lo, hi] = domain_of(stage.negotiation, effect.parameter);
                add(number_target(setting, lo, hi), place + "/set", Action::value, false, ParameterRef{});
            }
        }
}

// Every settable value of `s` with where it lives; without the uncertainty block's (shocks/, uncertainty/) when
// `uncertainty` is false (--nominal drops the block).
std::vector<Settable> settables(const Scenario& s, bool uncertainty) {
    std::vector<Settable> list;
    const auto add = [&](OverrideTarget target, std::string pointer, Action action = Action::value, bool drawn = false, ParameterRef ref = {}) {
        list.push_back({std::move(target), std::move(pointer), action, drawn, ref});
    };
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const Agent& a = s.agents[i];
        const std::string at = "/agents/" + std::to_string(i);
        for (K kind : {K::reservation, K::power, K::discount, K::salience}) {
            const auto [lo, hi] = parameter_domain(kind);
            add(number_target(a.id + "/" + scalar_key(kind), lo, hi), at + "/" + scalar_key(kind), Action::value, true, {kind, i, 0});
        }
        add(number_target(a.id + "/ratification", 0.0, 1.0), at + "/ratification");
        if (std::holds_alternative<TimeDependentStrategy>(a.strategy)) {
            const auto [lo, hi] = parameter_domain(K::exponent);
            add(number_target(a.id + "/exponent", lo, hi), at + "/strategy", Action::exponent, true, {K::exponent, i, 0});
        }
        for (std::size_t k = 0; k < s.issue_count(); ++k)
            add(number_target(a.id + "/weights/" + s.issues[k].id, 0.0, 1.0), at + "/weights/" + s.issues[k].id, Action::weight, false, {K::weight, i, k});
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            const Issue& issue = s.issues[k];
            // The ideal is the option its table values highest, or the end its affine value is highest at.
            if (a.values[k].shape == Shape::table || a.values[k].shape == Shape::affine) continue;
            if (issue.discrete) {
                OverrideTarget t;
                t.name = a.id + "/ideal/" + issue.id;
                t.type = TargetType::option;
                t.options = issue.options;
                add(t, at + "/ideal/" + issue.id);
            } else {
                add(number_target(a.id + "/ideal/" + issue.id, issue.min, issue.max), at + "/ideal/" + issue.id, Action::value, true, {K::ideal, i, k});
            }
        }
    }
    add(number_target("protocol/rounds", 1.0, 100000.0, TargetType::integer), "/protocol/rounds");
    add(number_target("protocol/breakdown", 0.0, 1.0), "/protocol/breakdown");
    for (std::size_t st = 0; st < s.stages.list.size(); ++st) add_stage_settables(s.stages.list[st], st, add);
    if (!uncertainty) return list;

    const MonteCarloSpec& mc = s.monte_carlo;
    for (std::size_t n = 0; n < mc.shocks.size(); ++n) {
        const Shock& shock = mc.shocks[n];
        const std::string at = "/monte_carlo/uncertainty/shocks/" + std::to_string(n);
        add(number_target("shocks/" + shock.id + "/probability", 0.0, 1.0), at + "/probability");
        std::vector<ParameterRef> seen;  // a parameter named twice in one shock: the first effect is the settable one
        for (std::size_t e = 0; e < shock.effects.size(); ++e) {
            const ShockEffect& effect = shock.effects[e];
            if (std::find(seen.begin(), seen.end(), effect.parameter) != seen.end()) continue;
            seen.push_back(effect.parameter);
            const std::string name = "shocks/" + shock.id + "/" + parameter_name(s, effect.parameter);
            const std::string place = at + "/effects/" + std::to_string(e);
            if (effect.op == ShockEffect::Op::add) add(number_target(name, -kMaxShockAdd, kMaxShockAdd), place + "/add");
            else if (effect.op == ShockEffect::Op::multiply) add(number_target(name, -kMaxShockFactor, kMaxShockFactor), place + "/multiply");
            else {
                const auto [lo, hi] = domain_of(s, effect.parameter);
                add(number_target(name, lo, hi), place + "/set");
            }
        }
    }
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const std::string& id = s.agents[i].id;
        if (mc.agents[i].weight_concentration > 0.0)
            add(number_target("uncertainty/" + id + "/weights/concentration", 1e-3, 1e9), "/monte_carlo/uncertainty/agents/" + id + "/weights/concentration");
        for (const ParameterRef& ref : drawn_parameters(s, i)) {
            const Distribution& d = mc.distribution(ref);
            for (const std::string& key : distribution_keys(d.kind)) {
                auto [lo, hi] = domain_of(s, ref);
                if (key == "alpha" || key == "beta") lo = 1e-3, hi = 1e6;
                if (key == "sd") lo = kMinNormalSd, hi = kMaxNormalSd;
                add(number_target("uncertainty/" + parameter_name(s, ref) + "/" + key, lo, hi), distribution_pointer(s, ref) + "/" + key);
            }
        }
    }
    return list;
}

std::string which(const Override& o) { return o.file.empty() ? "--set " + quote_text(o.name + "=" + o.value) : o.file + " " + o.pointer; }

// A distribution key moved with its nominal value, checked against the parameter's domain once every override is in.
struct Shift {
    std::size_t override_index;
    std::string distribution;  // its pointer
    std::string key;
    std::string kind;
    double delta;
    double nominal;            // the nominal value before the override
    ParameterRef ref;
};

// Applies one override to `doc`; `agents` holds the nominal values as the overrides so far have left them.
void apply_one(json& doc, const Scenario& s, std::vector<Agent>& agents, const Settable& e, const Override& o, std::size_t index,
               const std::string& file, std::vector<Shift>& shifts) {
    const auto fail = [&](const std::string& where, const std::string& message) {
        if (!o.file.empty()) throw InputError(o.file, o.pointer, message + " (the scenario's value at " + file + " " + where + ")");
        throw InputError(file, where, which(o) + ": " + message);
    };
    if (e.target.type == TargetType::option) {
        if (std::find(e.target.options.begin(), e.target.options.end(), o.value) == e.target.options.end())
            fail(e.pointer, unknown_name("option", o.value, e.target.options) + "; expected one of " + join_quoted(e.target.options));
        doc[Pointer(e.pointer)] = o.value;
        return;
    }
    double v = 0.0;
    const bool integer = e.target.type == TargetType::integer;
    const auto bound = [&](double x) { return integer ? std::to_string(static_cast<std::uint64_t>(x)) : format_number(x); };
    const std::string range = "[" + bound(e.target.lo) + ", " + bound(e.target.hi) + "]";
    if (!parse_number(o.value, v)) fail(e.pointer, quote_text(o.value) + " is not a number; expected a number in " + range);
    if (integer && v != std::floor(v)) fail(e.pointer, quote_text(o.value) + " is not a whole number; expected one in " + range);
    if (v < e.target.lo || v > e.target.hi) fail(e.pointer, format_number(v) + " is outside " + range + ", the values of " + e.target.name);
    if (integer) {
        doc[Pointer(e.pointer)] = static_cast<std::uint64_t>(v);
        return;
    }
    if (e.action == Action::weight) {
        // The issue's share becomes v; the others keep their proportions and share 1 - v.
        Agent& a = agents[e.ref.agent];
        double others = 0.0;
        for (std::size_t k = 0; k < a.weights.size(); ++k) others += k == e.ref.issue ? 0.0 : a.weights[k];
        if (!(others > 0.0) && v < 1.0)
            fail(e.pointer, "the agent's other weights are all 0, so they cannot make up the rest, " + format_number(1.0 - v) + "; set one of them first");
        for (std::size_t k = 0; k < a.weights.size(); ++k) {
            a.weights[k] = k == e.ref.issue ? v : (others > 0.0 ? a.weights[k] * (1.0 - v) / others : 0.0);
            doc[Pointer("/agents/" + std::to_string(e.ref.agent) + "/weights/" + s.issues[k].id)] = a.weights[k];
        }
        return;
    }
    if (e.drawn) {
        Agent& a = agents[e.ref.agent];
        const Pointer at(distribution_pointer(s, e.ref));
        if (doc.contains(at)) {
            const json& d = doc.at(at);
            const std::string kind = d.at("distribution").get<std::string>();
            std::vector<std::string> keys;
            if (kind == "uniform") keys = {"min", "max"};
            else if (kind == "triangular") keys = {"min", "mode", "max"};
            else if (kind == "normal" && d.contains("mean")) keys = {"mean"};  // without a mean it follows the nominal value
            else if (kind == "beta" && d.contains("min") && d.contains("max")) keys = {"min", "max"};
            else if (kind == "beta") {
                const std::string name = parameter_name(s, e.ref);
                fail(at.to_string(), "this beta distribution has no \"min\" and \"max\": it spans the whole domain of " + name +
                                         " and replaces its nominal value in every sample, so it cannot move with it; change the distribution "
                                         "with --set uncertainty/" + name + "/alpha=... and --set uncertainty/" + name + "/beta=... instead");
            }
            const double nominal = nominal_value(a, e.ref);
            for (const std::string& key : keys) {
                doc[at / key] = d.at(key).get<double>() + (v - nominal);
                shifts.push_back({index, at.to_string(), key, kind, v - nominal, nominal, e.ref});
            }
        }
        set_nominal(a, e.ref, v);
    }
    if (e.action == Action::exponent) {
        // Boulware (e < 1), conceder (e > 1) and linear (e = 1) are time-dependent strategies with a constrained exponent.
        json& strategy = doc[Pointer(e.pointer)];
        const std::string type = strategy.at("type").get<std::string>();
        if (type == "time-dependent" || (type == "boulware" && v < 1.0) || (type == "conceder" && v > 1.0)) strategy["exponent"] = v;
        else strategy = json{{"type", "time-dependent"}, {"exponent", v}};
        return;
    }
    doc[Pointer(e.pointer)] = v;
}

// Whether pointer `a` is `b`, inside it or contains it.
bool overlaps(const std::string& a, const std::string& b) {
    const std::string& shorter = a.size() < b.size() ? a : b;
    const std::string& longer = a.size() < b.size() ? b : a;
    return longer.compare(0, shorter.size(), shorter) == 0 && (longer.size() == shorter.size() || longer[shorter.size()] == '/');
}

}  // namespace

Override parse_override(std::string_view argument) {
    const auto eq = argument.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == argument.size())
        throw InputError("--set", "", quote_text(argument) + " is not NAME=VALUE; e.g. --set russia/reservation=0.5");
    return {std::string(argument.substr(0, eq)), std::string(argument.substr(eq + 1))};
}

std::vector<OverrideTarget> override_targets(const Scenario& scenario) {
    std::vector<OverrideTarget> targets;
    for (Settable& e : settables(scenario, true)) targets.push_back(std::move(e.target));
    return targets;
}

void reject_override_name(const Scenario& original, const std::string& name, bool nominal, const std::string& where, const std::string& place) {
    if (nominal && (name.rfind("uncertainty/", 0) == 0 || name.rfind("shocks/", 0) == 0))
        throw InputError(where, place, quote_text(name) + " is part of the uncertainty block, which --nominal drops; leave out one or the other");
    for (std::size_t i = 0; i < original.agent_count(); ++i)
        for (std::size_t k = 0; k < original.issue_count(); ++k)
            if (name == original.agents[i].id + "/ideal/" + original.issues[k].id) {  // not settable: a table or affine value decides it
                const bool table = original.agents[i].values[k].shape == Shape::table;
                throw InputError(where, place, quote_text(name) + " cannot be set: the agent values issue " + quote_text(original.issues[k].id) +
                                                (table ? " by a table" : " affinely") + " (/agents/" + std::to_string(i) + "/values/" +
                                                original.issues[k].id + "), whose " + (table ? "option valued highest" : "end valued highest") + " is the ideal");
            }
    std::vector<std::string> names;
    for (const OverrideTarget& t : override_targets(original)) names.push_back(t.name);
    throw InputError(where, place, "unknown name " + quote_text(name) + " for scenario " + quote_text(original.name) +
                                    "; the nearest valid names: " + join_quoted(closest_matches(name, names, 5)) + " (docs/sweeps.md)");
}

EffectiveScenario apply_overrides(const std::string& text, const std::string& file, std::span<const Override> overrides, bool nominal) {
    const Scenario original = parse_scenario(text, file);
    if (overrides.empty() && !nominal) return {text, original};
    json doc = parse_json(text, file);
    if (nominal && doc.contains("monte_carlo")) doc["monte_carlo"].erase("uncertainty");
    const std::vector<Settable> list = settables(original, !nominal);
    std::vector<std::string> names;
    for (const Settable& e : list) names.push_back(e.target.name);

    std::vector<Agent> agents = original.agents;
    std::vector<Shift> shifts;
    std::vector<std::vector<std::string>> touched(overrides.size());  // the pointers each override wrote
    for (std::size_t n = 0; n < overrides.size(); ++n) {
        const Override& o = overrides[n];
        const auto it = std::find(names.begin(), names.end(), o.name);
        if (it == names.end()) reject_override_name(original, o.name, nominal, o.file.empty() ? "--set" : o.file, o.pointer);
        const Settable& e = list[static_cast<std::size_t>(it - names.begin())];
        const std::size_t before = shifts.size();
        apply_one(doc, original, agents, e, o, n, file, shifts);
        // A distribution's own number is checked with its siblings (min <= max): the distribution is the place touched.
        const bool own_number = o.name.rfind("uncertainty/", 0) == 0;
        touched[n].push_back(e.action == Action::weight ? "/agents/" + std::to_string(e.ref.agent) + "/weights"
                             : own_number             ? e.pointer.substr(0, e.pointer.rfind('/'))
                                                      : e.pointer);
        for (std::size_t k = before; k < shifts.size(); ++k) touched[n].push_back(shifts[k].distribution);
    }
    // A distribution moved with its nominal value must stay in the parameter's domain (after every override: a later
    // --set of the distribution's own numbers may put it back).
    for (const Shift& shift : shifts) {
        const double x = doc.at(Pointer(shift.distribution) / shift.key).get<double>();
        const auto [lo, hi] = domain_of(original, shift.ref);
        if (x >= lo && x <= hi) continue;
        const std::string name = parameter_name(original, shift.ref);
        throw InputError(file, shift.distribution,
                         which(overrides[shift.override_index]) + " moves this " + shift.kind + " distribution with the nominal value " +
                             format_number(shift.nominal) + " by " + format_number(shift.delta) + ", which takes its " + shift.key + " to " +
                             format_number(x) + ", outside [" + format_number(lo) + ", " + format_number(hi) + "], the domain of " + name +
                             "; choose a value nearer the nominal one, or give the distribution's numbers after it (--set uncertainty/" + name + "/" +
                             shift.key + "=...)");
    }
    EffectiveScenario effective{doc.dump(2) + "\n", Scenario{}};
    try {
        effective.scenario = parse_scenario(effective.text, file);
    } catch (const InputError& error) {
        // Say which override made the scenario invalid: the last one that wrote at or around the error's place.
        std::string cause;
        for (std::size_t n = overrides.size(); n-- > 0 && cause.empty();)
            for (const std::string& pointer : touched[n])
                if (cause.empty() && overlaps(pointer, error.where())) cause = which(overrides[n]);
        if (cause.empty())
            for (const Override& o : overrides) cause += (cause.empty() ? "" : ", ") + which(o);
        if (cause.empty()) cause = "--nominal";
        throw InputError(error.file(), error.where(), error.message() + " (after " + cause + ")");
    }
    return effective;
}

EffectiveScenario load_effective_scenario(const std::string& path, std::span<const Override> overrides, bool nominal) {
    const ScenarioSource source = read_scenario_source(path);
    return apply_overrides(source.text, source.file, overrides, nominal);
}

}  // namespace negsim
