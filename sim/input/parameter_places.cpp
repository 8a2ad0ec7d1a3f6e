// Where a parameter lives in a scenario file (parameter_places.hpp).
#include "input/parameter_places.hpp"

#include <variant>

namespace negsim {

using K = ParameterRef::Kind;

const char* scalar_key(K kind) {
    switch (kind) {
        case K::reservation: return "reservation";
        case K::power: return "power";
        case K::discount: return "discount";
        case K::exponent: return "exponent";
        case K::salience: return "salience";
        case K::ideal: return "ideal";
        case K::weight: return "weights";
    }
    return "";
}

std::string parameter_name(const Scenario& s, const ParameterRef& ref) {
    const std::string& agent = s.agents[ref.agent].id;
    if (ref.kind == K::ideal || ref.kind == K::weight) return agent + "/" + scalar_key(ref.kind) + "/" + s.issues[ref.issue].id;
    return agent + "/" + scalar_key(ref.kind);
}

// The nominal value's pointer in the file (ids are identifiers, so they need no escaping in a pointer).
std::string nominal_pointer(const Scenario& s, const ParameterRef& ref) {
    const std::string agent = "/agents/" + std::to_string(ref.agent);
    if (ref.kind == K::exponent) return agent + "/strategy/exponent";
    if (ref.kind == K::ideal || ref.kind == K::weight) return agent + "/" + scalar_key(ref.kind) + "/" + s.issues[ref.issue].id;
    return agent + "/" + scalar_key(ref.kind);
}

std::string distribution_pointer(const Scenario& s, const ParameterRef& ref) {
    return "/monte_carlo/uncertainty/agents/" + parameter_name(s, ref);
}

std::pair<double, double> domain_of(const Scenario& s, const ParameterRef& ref) {
    if (ref.kind == K::ideal) return {s.issues[ref.issue].min, s.issues[ref.issue].max};
    return parameter_domain(ref.kind);
}

double nominal_value(const Agent& a, const ParameterRef& ref) {
    switch (ref.kind) {
        case K::reservation: return a.reservation;
        case K::power: return a.power;
        case K::discount: return a.discount;
        case K::salience: return a.salience;
        case K::ideal: return a.ideal[ref.issue];
        case K::weight: return a.weights[ref.issue];
        case K::exponent: break;
    }
    const auto* td = std::get_if<TimeDependentStrategy>(&a.strategy);
    return td ? td->exponent : 1.0;
}

void set_nominal(Agent& a, const ParameterRef& ref, double v) {
    switch (ref.kind) {
        case K::reservation: a.reservation = v; return;
        case K::power: a.power = v; return;
        case K::discount: a.discount = v; return;
        case K::salience: a.salience = v; return;
        case K::ideal: a.ideal[ref.issue] = v; return;
        case K::weight: a.weights[ref.issue] = v; return;
        case K::exponent: a.strategy = TimeDependentStrategy{v}; return;
    }
}

// The parameters of each agent a distribution may draw, in the order of the names.
std::vector<ParameterRef> drawn_parameters(const Scenario& s, std::size_t i) {
    std::vector<ParameterRef> refs;
    for (K kind : {K::reservation, K::power, K::discount, K::exponent, K::salience})
        if (kind != K::exponent || std::holds_alternative<TimeDependentStrategy>(s.agents[i].strategy)) refs.push_back({kind, i, 0});
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete) refs.push_back({K::ideal, i, k});
    return refs;
}

std::vector<std::string> distribution_keys(Distribution::Kind kind) {
    switch (kind) {
        case Distribution::Kind::uniform: return {"min", "max"};
        case Distribution::Kind::normal: return {"mean", "sd"};
        case Distribution::Kind::beta: return {"alpha", "beta", "min", "max"};
        case Distribution::Kind::triangular: return {"min", "mode", "max"};
        case Distribution::Kind::fixed: break;
    }
    return {};
}

const char* distribution_name(Distribution::Kind kind) {
    switch (kind) {
        case Distribution::Kind::uniform: return "uniform";
        case Distribution::Kind::normal: return "normal";
        case Distribution::Kind::beta: return "beta";
        case Distribution::Kind::triangular: return "triangular";
        case Distribution::Kind::fixed: break;
    }
    return "fixed";
}

}  // namespace negsim
