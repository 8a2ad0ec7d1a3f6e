// Reading monte_carlo (monte_carlo_reader.hpp).
#include "input/monte_carlo_reader.hpp"

#include "model/text.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <limits>
#include <map>
#include <sstream>
#include <variant>

namespace negsim {

Distribution read_distribution(const Node& node, double lo, double hi, double nominal, const std::string& range_text) {
    node.object({"distribution", "min", "max", "mean", "sd", "alpha", "beta", "mode"});
    const std::string kind = node.required("distribution").one_of({"uniform", "normal", "beta", "triangular"});
    const std::vector<std::string> keys = kind == "uniform" ? std::vector<std::string>{"min", "max"}
                                        : kind == "normal"  ? std::vector<std::string>{"mean", "sd"}
                                        : kind == "beta"    ? std::vector<std::string>{"alpha", "beta", "min", "max"}
                                                            : std::vector<std::string>{"min", "mode", "max"};
    for (const char* key : {"min", "max", "mean", "sd", "alpha", "beta", "mode"})
        if (node.has(key) && std::find(keys.begin(), keys.end(), key) == keys.end())
            node.child(key).fail("a " + kind + " distribution takes " + join_quoted(keys) + ", not " + quote_text(key));
    const std::string within = "expected a value in " + range_text;
    Distribution d;
    d.lo = lo;
    d.hi = hi;
    if (kind == "uniform") {
        d.kind = Distribution::Kind::uniform;
        d.a = node.required("min").number_in(lo, hi, within);
        const Node max_node = node.required("max");
        d.b = max_node.number_in(lo, hi, within);
        if (d.b < d.a) max_node.fail(show(max_node.raw()) + " is below min; expected max >= min");
    } else if (kind == "normal") {
        d.kind = Distribution::Kind::normal;
        d.mean_given = node.has("mean");
        d.a = node.has("mean") ? node.child("mean").number_in(lo, hi, "expected a mean in " + range_text) : nominal;
        d.b = node.required("sd").number_in(kMinNormalSd, kMaxNormalSd, "a standard deviation lies in [1e-12, 1e12]");
    } else if (kind == "beta") {
        d.kind = Distribution::Kind::beta;
        for (const char* key : {"alpha", "beta"}) {
            const double v = node.required(key).number_in(1e-3, 1e6, "a beta shape parameter lies in [0.001, 1e6]");
            (std::string(key) == "alpha" ? d.a : d.b) = v;
        }
        if (node.has("min")) d.lo = node.child("min").number_in(lo, hi, within);
        if (node.has("max")) d.hi = node.child("max").number_in(lo, hi, within);
        if (!(d.hi > d.lo)) node.fail("a beta distribution needs max > min (it is scaled to [min, max], by default " + range_text + ")");
        if (!std::isfinite(d.hi - d.lo) || d.hi - d.lo > 1e12) node.fail("give \"min\" and \"max\" for a beta distribution over this parameter");
    } else {
        d.kind = Distribution::Kind::triangular;
        d.a = node.required("min").number_in(lo, hi, within);
        const Node mode = node.required("mode");
        d.b = mode.number_in(lo, hi, within);
        const Node max_node = node.required("max");
        d.c = max_node.number_in(lo, hi, within);
        if (!(d.a <= d.b && d.b <= d.c && d.a < d.c)) node.fail("a triangular distribution needs min <= mode <= max and min < max");
    }
    return d;
}

namespace {

// An affine value is highest at one end of its issue, and the agent's ideal is that end (scenario_loader.cpp): an ideal
// drawn or shocked elsewhere would contradict the value function, so it is refused rather than approximated.
std::string affine_ideal_message(const Agent& agent, const Issue& issue) {
    return "agent " + quote_text(agent.id) + " values issue " + quote_text(issue.id) +
           " affinely ({\"at_min\", \"at_max\"}): its ideal is the end where that value is highest and cannot be drawn or shocked; remove this "
           "uncertainty or give the issue a linear or quadratic value";
}

// "agent/reservation", "agent/power", "agent/discount", "agent/exponent", "agent/salience", "agent/ideal/<issue>" and, for shock
// effects only, "agent/weights/<issue>".
ParameterRef read_parameter(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents, bool allow_weights) {
    const std::string text = node.string(false);
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, '/');) parts.push_back(part);
    const std::string expected = "expected \"<agent>/reservation\", \"<agent>/power\", \"<agent>/discount\", \"<agent>/exponent\", \"<agent>/salience\" or "
                                 "\"<agent>/ideal/<issue>\"" + std::string(allow_weights ? " or \"<agent>/weights/<issue>\"" : "");
    if (parts.size() < 2 || parts.size() > 3) node.fail(quote_text(text) + " is not a parameter; " + expected);
    const auto agent_ids = ids_of(agents);
    const auto it = std::find(agent_ids.begin(), agent_ids.end(), parts[0]);
    if (it == agent_ids.end()) node.fail(unknown_name("agent", parts[0], agent_ids) + " in " + quote_text(text));
    ParameterRef ref;
    ref.agent = static_cast<std::size_t>(it - agent_ids.begin());
    const std::vector<std::string> scalars = {"reservation", "power", "discount", "exponent", "salience"};
    const ParameterRef::Kind scalar_kinds[] = {ParameterRef::Kind::reservation, ParameterRef::Kind::power, ParameterRef::Kind::discount,
                                               ParameterRef::Kind::exponent, ParameterRef::Kind::salience};
    if (parts.size() == 2) {
        const auto s = std::find(scalars.begin(), scalars.end(), parts[1]);
        if (s == scalars.end()) node.fail(quote_text(text) + " is not a parameter; " + expected);
        ref.kind = scalar_kinds[s - scalars.begin()];
    } else {
        if (parts[1] != "ideal" && !(allow_weights && parts[1] == "weights")) node.fail(quote_text(text) + " is not a parameter; " + expected);
        ref.kind = parts[1] == "ideal" ? ParameterRef::Kind::ideal : ParameterRef::Kind::weight;
        const auto issue_ids = ids_of(issues);
        const auto k = std::find(issue_ids.begin(), issue_ids.end(), parts[2]);
        if (k == issue_ids.end()) node.fail(unknown_name("issue", parts[2], issue_ids) + " in " + quote_text(text));
        ref.issue = static_cast<std::size_t>(k - issue_ids.begin());
        if (ref.kind == ParameterRef::Kind::ideal && issues[ref.issue].discrete)
            node.fail("issue " + quote_text(parts[2]) + " is discrete; ideal points of discrete issues are not drawn or shocked");
        if (ref.kind == ParameterRef::Kind::ideal && agents[ref.agent].values[ref.issue].shape == Shape::affine)
            node.fail(affine_ideal_message(agents[ref.agent], issues[ref.issue]));
    }
    if (ref.kind == ParameterRef::Kind::exponent && !std::holds_alternative<TimeDependentStrategy>(agents[ref.agent].strategy))
        node.fail("agent " + quote_text(parts[0]) + " has no concession exponent: only time-dependent strategies (boulware, linear, conceder, time-dependent) have one");
    return ref;
}

// A shock's operand: "set" a value in the parameter's domain (a value outside it would be clipped silently); "add" and
// "multiply" within bounds that keep x + v and x * v finite (their results are clipped to the domain, as documented).
double shock_value(const Node& node, ShockEffect::Op op, const ParameterRef& ref, const std::vector<Issue>& issues) {
    if (op == ShockEffect::Op::add) return node.number_in(-kMaxShockAdd, kMaxShockAdd, "a shock adds at most 2e12 in absolute value");
    if (op == ShockEffect::Op::multiply) return node.number_in(-kMaxShockFactor, kMaxShockFactor, "a shock multiplies by a factor in [-1e6, 1e6]");
    if (ref.kind == ParameterRef::Kind::ideal) {
        const Issue& issue = issues[ref.issue];
        return node.number_in(issue.min, issue.max, "a shock sets an ideal within the range of issue " + quote_text(issue.id) + ", " + describe_range(issue));
    }
    const auto [lo, hi] = parameter_domain(ref.kind);
    return node.number_in(lo, hi, "a shock sets a value in the parameter's domain, [" + format_number(lo) + ", " + format_number(hi) + "]");
}

}  // namespace

ShockEffect read_effect(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents) {
    node.object({"parameter", "add", "multiply", "set"});
    ShockEffect effect;
    effect.parameter = read_parameter(node.required("parameter"), issues, agents, true);
    int ops = 0;
    for (const auto& [key, op] : {std::pair{"add", ShockEffect::Op::add}, std::pair{"multiply", ShockEffect::Op::multiply}, std::pair{"set", ShockEffect::Op::set}}) {
        if (!node.has(key)) continue;
        ++ops;
        effect.op = op;
        effect.value = shock_value(node.child(key), op, effect.parameter, issues);
    }
    if (ops != 1) node.fail("expected exactly one of \"add\", \"multiply\", \"set\"");
    return effect;
}

MonteCarloSpec read_monte_carlo(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents) {
    node.object({"samples", "seed", "uncertainty"});
    MonteCarloSpec mc;
    if (node.has("samples")) mc.samples = node.child("samples").unsigned_integer(1, std::uint64_t{1} << 40);
    if (node.has("seed")) mc.seed = node.child("seed").unsigned_integer(0, std::numeric_limits<std::uint64_t>::max());
    mc.agents.resize(agents.size());
    for (auto& u : mc.agents) u.ideal.assign(issues.size(), Distribution{});
    if (!node.has("uncertainty")) return mc;

    const Node uncertainty = node.child("uncertainty");
    uncertainty.object({"agents", "correlations", "shocks"});
    const auto agent_ids = ids_of(agents);
    const auto issue_ids = ids_of(issues);
    if (uncertainty.has("agents")) {
        const Node per_agent = uncertainty.child("agents");
        if (!per_agent.raw().is_object()) per_agent.fail(what_is(per_agent.raw()) + "; expected an object keyed by agent id");
        for (const auto& item : per_agent.raw().items()) {
            const Node entry = per_agent.child(item.key());
            const std::size_t i = lookup(entry, item.key(), agent_ids, "agent");
            entry.object({"weights", "ideal", "reservation", "power", "discount", "exponent", "salience"});
            AgentUncertainty& u = mc.agents[i];
            const Agent& agent = agents[i];
            if (entry.has("weights")) {
                const Node w = entry.child("weights");
                w.object({"distribution", "concentration"});
                w.required("distribution").one_of({"dirichlet"});
                const Node c = w.required("concentration");
                u.weight_concentration = c.number();
                if (!(u.weight_concentration >= 1e-3 && u.weight_concentration <= 1e9))
                    c.fail(show(c.raw()) + " is out of range; a Dirichlet concentration lies in [0.001, 1e9]");
            }
            if (entry.has("ideal"))
                keyed_by(entry.child("ideal"), issue_ids, false, "issue", [&](std::size_t k, const Node& v) {
                    const Issue& issue = issues[k];
                    if (issue.discrete) v.fail("issue " + quote_text(issue.id) + " is discrete; ideal-point uncertainty applies to continuous issues only");
                    if (agent.values[k].shape == Shape::affine) v.fail(affine_ideal_message(agent, issue));
                    u.ideal[k] = read_distribution(v, issue.min, issue.max, agent.ideal[k], "the range of issue " + quote_text(issue.id) + ", " + describe_range(issue));
                });
            using K = ParameterRef::Kind;
            const auto scalar = [&](const char* key, K kind, double nominal, const char* range) {
                const auto [lo, hi] = parameter_domain(kind);
                return read_distribution(entry.child(key), lo, hi, nominal, range);
            };
            if (entry.has("reservation")) u.reservation = scalar("reservation", K::reservation, agent.reservation, "[0, 1]");
            if (entry.has("power")) u.power = scalar("power", K::power, agent.power, "[0, 1e6]");
            if (entry.has("salience")) u.salience = scalar("salience", K::salience, agent.salience, "[0, 1e6]");
            if (entry.has("discount")) u.discount = scalar("discount", K::discount, agent.discount, "(0, 1]");
            if (entry.has("exponent")) {
                const auto* td = std::get_if<TimeDependentStrategy>(&agent.strategy);
                if (!td) entry.child("exponent").fail("only time-dependent strategies (boulware, linear, conceder, time-dependent) have a concession exponent");
                u.exponent = scalar("exponent", K::exponent, td->exponent, "[0.001, 1000]");
            }
        }
    }
    if (uncertainty.has("correlations")) {
        std::vector<ParameterRef> used;
        for (const Node& block_node : uncertainty.child("correlations").array()) {
            block_node.object({"parameters", "matrix", "note"});
            if (block_node.has("note")) (void)block_node.child("note").string();
            CorrelationBlock block;
            const auto names = block_node.required("parameters").array(2, "parameters");
            if (names.size() > 2 * kMaxAgents + kMaxIssues) block_node.child("parameters").fail("too many parameters in one block");
            for (const Node& name : names) {
                const ParameterRef ref = read_parameter(name, issues, agents, false);
                if (mc.distribution(ref).kind == Distribution::Kind::fixed)
                    name.fail(quote_text(name.string()) + " has no distribution in uncertainty.agents; only uncertain parameters can be correlated");
                if (std::find(used.begin(), used.end(), ref) != used.end()) name.fail(quote_text(name.string()) + " is already in a correlation block");
                used.push_back(ref);
                block.parameters.push_back(ref);
            }
            const std::size_t n = block.parameters.size();
            const Node matrix = block_node.required("matrix");
            const auto rows = matrix.array(n, "rows");
            if (rows.size() != n) matrix.fail("has " + std::to_string(rows.size()) + " rows; expected " + std::to_string(n) + ", one per parameter");
            Eigen::MatrixXd r(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
            for (std::size_t a = 0; a < n; ++a) {
                const auto cells = rows[a].array(n, "entries");
                if (cells.size() != n) rows[a].fail("has " + std::to_string(cells.size()) + " entries; expected " + std::to_string(n));
                for (std::size_t b = 0; b < n; ++b)
                    r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = cells[b].number_in(-1.0, 1.0, "a correlation lies in [-1, 1]");
                if (r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a)) != 1.0) cells[a].fail("is a diagonal entry; it must be 1");
            }
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = 0; b < a; ++b)
                    if (r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) != r(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)))
                        rows[a].child(b).fail("differs from entry [" + std::to_string(b) + "][" + std::to_string(a) + "]; a correlation matrix is symmetric");
            const Eigen::LLT<Eigen::MatrixXd> llt(r);
            if (llt.info() != Eigen::Success) matrix.fail("is not positive definite; no joint distribution has these correlations");
            const Eigen::MatrixXd l = llt.matrixL();
            block.cholesky.assign(n * n, 0.0);
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = 0; b <= a; ++b) block.cholesky[a * n + b] = l(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
            mc.correlations.push_back(block);
        }
    }
    if (uncertainty.has("shocks")) {
        std::map<std::string, std::string> seen;
        const auto shocks = uncertainty.child("shocks").array();
        if (shocks.size() > kMaxShocks) uncertainty.child("shocks").fail("has " + std::to_string(shocks.size()) + " shocks; at most 64 are supported");
        for (const Node& shock_node : shocks) {
            shock_node.object({"id", "probability", "effects", "note"});
            if (shock_node.has("note")) (void)shock_node.child("note").string();
            Shock shock;
            shock.id = shock_node.required("id").identifier();
            check_unique_id(shock_node.child("id"), shock.id, seen);
            shock.probability = shock_node.required("probability").number_in(0.0, 1.0, "a probability lies in [0, 1]");
            for (const Node& effect_node : shock_node.required("effects").array(1, "effects"))
                shock.effects.push_back(read_effect(effect_node, issues, agents));
            mc.shocks.push_back(shock);
        }
    }
    return mc;
}


}  // namespace negsim
